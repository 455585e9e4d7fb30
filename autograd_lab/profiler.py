"""``torch.profiler``: the profiler's newer front door, over :mod:`autograd_lab.autograd.profiler`.

``profile(activities=[ProfilerActivity.CPU], record_shapes=True)`` records as
``torch.autograd.profiler.profile`` does; asking for ``ProfilerActivity.CUDA`` without CUDA
gives torch's warning and a CPU-only profile (autograd_lab measures no GPU times).

Examples
--------
>>> import autograd_lab as torch
>>> from autograd_lab.profiler import ProfilerActivity, profile, record_function
>>> with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
...     with record_function("model_inference"):
...         y = torch.ones(2, 3).relu()
>>> [e.key for e in prof.key_averages()]
['model_inference', 'aten::relu']
"""
import enum
import warnings

from .autograd import profiler as _autograd_profiler
from .autograd.profiler import record_function

__all__ = ["ProfilerAction", "ProfilerActivity", "profile", "record_function", "schedule",
           "supported_activities"]


class ProfilerActivity(enum.Enum):
    """What a profile records: CPU ops, or a device's kernels."""
    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5

    def __repr__(self):
        return f"<ProfilerActivity.{self.name}: {self.value}>"

    def __str__(self):
        return f"ProfilerActivity.{self.name}"


class ProfilerAction(enum.Enum):
    """What a :func:`schedule` asks of a step: nothing, warm up, record, record and hand over."""
    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3

    def __repr__(self):
        return f"<ProfilerAction.{self.name}: {self.value}>"


def schedule(*, wait, warmup, active, repeat=0, skip_first=0, skip_first_wait=0):
    """Which steps of a training loop to record: after ``skip_first`` steps, cycles of
    ``wait`` idle steps, ``warmup`` steps and ``active`` recorded ones (the last of which hands
    the profile to ``on_trace_ready``), ``repeat`` times (0: until the end).

    Examples
    --------
    >>> from autograd_lab.profiler import schedule
    >>> [a.name for a in map(schedule(wait=1, warmup=1, active=2, repeat=1), range(5))]
    ['NONE', 'WARMUP', 'RECORD', 'RECORD_AND_SAVE', 'NONE']
    """
    if wait < 0 or warmup < 0 or active <= 0 or repeat < 0 or skip_first < 0:
        raise AssertionError(
            f"Invalid profiler schedule arguments. Got wait={wait} (need >= 0), "
            f"warmup={warmup} (need >= 0), active={active} (need > 0), repeat={repeat} "
            f"(need >= 0), skip_first={skip_first} (need >= 0).")
    cycle = wait + warmup + active

    def action(step):
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if skip_first_wait:               # the first cycle starts without its wait
            step += wait
        if repeat and step // cycle >= repeat:
            return ProfilerAction.NONE
        at = step % cycle
        if at < wait:
            return ProfilerAction.NONE
        if at < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if at < cycle - 1 else ProfilerAction.RECORD_AND_SAVE

    return action


_RECORDING = (ProfilerAction.RECORD, ProfilerAction.RECORD_AND_SAVE)
_warned_cycles = False


def supported_activities():
    """The activities this machine can record: the CPU, and CUDA where a GPU is usable."""
    from . import cuda
    found = {ProfilerActivity.CPU}
    if cuda.is_available():
        found.add(ProfilerActivity.CUDA)
    return found


class profile(_autograd_profiler.profile):
    """Record the ops run inside ``with`` (see :class:`autograd_lab.autograd.profiler.profile`).

    With a ``schedule``, only its active steps are recorded, and ``on_trace_ready(prof)`` is
    called at the end of each active cycle (``prof.step()`` marks the end of a step); without
    one, everything inside ``with`` is recorded.
    """

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None,
                 record_shapes=False, profile_memory=False, with_stack=False,
                 with_flops=False, with_modules=False, experimental_config=None,
                 execution_trace_observer=None, acc_events=False, use_cuda=None,
                 custom_trace_id_callback=None):
        activities = set(activities) if activities else supported_activities()
        if use_cuda:
            activities.add(ProfilerActivity.CUDA)
        use_device = None
        if ProfilerActivity.CUDA in activities:
            from . import cuda
            if cuda.is_available():
                use_device = "cuda"
            else:
                warnings.warn("CUDA is not available, disabling CUDA profiling", stacklevel=2)
        super().__init__(use_device=use_device, record_shapes=record_shapes,
                         profile_memory=profile_memory, with_flops=with_flops,
                         with_stack=with_stack, with_modules=with_modules)
        self.activities = activities
        self.schedule = schedule
        self.acc_events = acc_events
        self.on_trace_ready = on_trace_ready
        self.step_num = 0
        self._recording = False

    def _action(self):
        return self.schedule(self.step_num) if self.schedule else ProfilerAction.RECORD

    def _record(self, on):
        global _warned_cycles
        if on and not self._recording:
            if self._ran and not self.acc_events and not _warned_cycles:
                _warned_cycles = True            # (torch warns once per process)
                warnings.warn("Warning: Profiler clears events at the end of each cycle. Only "
                              "events from the current cycle will be reported. To keep events "
                              "across cycles, set acc_events=True.", stacklevel=3)
            self._start()
        elif not on and self._recording:
            self._stop()
        self._recording = on

    def start(self):
        self.step_num = 0
        self._record(self._action() in _RECORDING)

    def stop(self):
        action = self._action()
        self._record(False)
        if self.on_trace_ready is not None and action in _RECORDING and self._ran:
            self.on_trace_ready(self)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def step(self):
        """Mark the end of one training step: the schedule decides what the next one does."""
        before = self._action()
        self.step_num += 1
        after = self._action()
        if before is ProfilerAction.RECORD_AND_SAVE:
            self._record(False)
            if self.on_trace_ready is not None:
                self.on_trace_ready(self)
        self._record(after in _RECORDING)

    def events(self):
        self._check_finish()
        return self.function_events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        if self._recorder is None and not self.schedule:
            raise AssertionError("Profiler must be initialized before getting key averages")
        return super().key_averages(group_by_input_shape, group_by_stack_n)
