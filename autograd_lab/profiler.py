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

__all__ = ["ProfilerActivity", "profile", "record_function", "supported_activities"]


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


def supported_activities():
    """The activities this machine can record: the CPU, and CUDA where a GPU is usable."""
    from . import cuda
    found = {ProfilerActivity.CPU}
    if cuda.is_available():
        found.add(ProfilerActivity.CUDA)
    return found


class profile(_autograd_profiler.profile):
    """Record the ops run inside ``with`` (see :class:`autograd_lab.autograd.profiler.profile`).

    ``schedule``, ``on_trace_ready`` and ``step()`` are accepted so that tutorial loops run;
    every step is recorded (there is no warm-up/active cycle here).
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
        self.on_trace_ready = on_trace_ready
        self.step_num = 0

    def start(self):
        self.__enter__()

    def stop(self):
        self.__exit__(None, None, None)
        if self.on_trace_ready is not None:
            self.on_trace_ready(self)

    def step(self):
        """Mark the end of one training step."""
        self.step_num += 1

    def events(self):
        self._check_finish()
        return self.function_events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        if self._recorder is None:
            raise AssertionError("Profiler must be initialized before getting key averages")
        return super().key_averages(group_by_input_shape, group_by_stack_n)
