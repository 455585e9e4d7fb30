"""``torch.autograd.profiler``: where the time of a forward and a backward pass goes.

::

    with torch.autograd.profiler.profile() as prof:
        loss = model(x).sum()
        loss.backward()
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=10))

Each op is one event named as torch names it (``aten::mul``, ``aten::mm``...), each node of
the backward pass two (``autograd::engine::evaluate_function: MulBackward0`` around
``MulBackward0``), and ``record_function("name")`` adds a labelled block of one's own. An
event's *self* time is its time minus the time of the events inside it.

How it listens: while a profile is open it installs a Python profiling hook
(``sys.setprofile``) that watches a handful of functions: ``Op.apply`` (every op), the fast
path of ``+ - * /``, the backward engine's per-node calls and a few composite functions
(``matmul``, ``linear``, ``cross_entropy``...). Outside a profile nothing is installed, so
profiling costs nothing when it is off; inside, the hook runs on every Python call, so the
times are those of a slowed-down program (their proportions are what to read, as with any
profiler). The times are autograd_lab's own, not torch's; the names, the nesting and the
table are torch's.

Examples
--------
>>> import autograd_lab as torch
>>> x = torch.ones(3, requires_grad=True)
>>> with torch.autograd.profiler.profile() as prof:
...     (x * 2).sum().backward()
>>> [e.key for e in prof.key_averages()][:2]
['aten::mul', 'aten::sum']
"""
import json
import re
import sys
import threading
import time
import warnings

from ._profiler_table import EventList, FunctionEvent

__all__ = ["profile", "record_function", "EventList", "FunctionEvent"]

_active = None          # the profile recording now (one at a time, on its thread)


# ---------------------------------------------------------------------------- op names
# aten's name for the ops whose name is not their node's (``LogSoftmaxBackward0`` runs
# ``aten::_log_softmax``)
_ATEN_RENAMES = {"log_softmax": "_log_softmax", "softmax": "_softmax",
                 "nll_loss": "nll_loss_forward", "unsafe_view": "_unsafe_view",
                 "log_softmax_backward_data": "_log_softmax_backward_data",
                 "softmax_backward_data": "_softmax_backward_data"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_op_names = {}          # Op class -> "aten::<name>"


def aten_name(op_cls):
    """``aten::mul`` for the op whose node is ``MulBackward0``."""
    name = _op_names.get(op_cls)
    if name is None:
        node = op_cls._backward_cls.__name__
        base = re.sub(r"Backward\d*$", "", node)
        snake = _CAMEL.sub("_", base).lower()
        name = _op_names[op_cls] = "aten::" + _ATEN_RENAMES.get(snake, snake)
    return name


def _watched():
    """The functions the hook times, by code object: how each names its event."""
    from . import engine, function
    from .. import ops
    from ..nn import functional as F
    from ..ops import arithmetic
    watched = {
        function.Op.apply.__func__.__code__: "op",              # every op: cls
        arithmetic.add.__code__: "op",                          # + - * / fast path: cls
        engine._run_node.__code__: "node",
        engine._run_arrays.__code__: "node",
        engine._accumulate.__code__: "accumulate",
    }
    composites = {ops.matmul: "aten::matmul", F.linear: "aten::linear",
                  F.cross_entropy: "aten::cross_entropy_loss", F.softmax: "aten::softmax",
                  F.log_softmax: "aten::log_softmax", F.nll_loss: "aten::nll_loss_nd",
                  F.dropout: "aten::dropout"}
    for f, name in composites.items():
        f = getattr(f, "__wrapped__", f)
        watched.setdefault(f.__code__, name)
    return watched


# ---------------------------------------------------------------------------- recording
class _Recorder:
    """The profiling hook: opens an event when a watched function is called and closes it
    when that call returns."""

    def __init__(self, record_shapes):
        self.record_shapes = record_shapes
        self.watched = _watched()
        self.events = []
        self.open = []               # (event, frame or None) innermost last
        self.thread = threading.get_ident()
        self.previous = None

    # -- events
    def push(self, name, frame=None, shapes=None):
        parent = self.open[-1][0] if self.open else None
        evt = FunctionEvent(len(self.events), name, self.thread, _now(), shapes or [])
        evt.cpu_parent = parent
        if parent is not None:
            parent.cpu_children.append(evt)
        self.events.append(evt)
        self.open.append((evt, frame))
        return evt

    def pop(self, discard=False):
        evt, _ = self.open.pop()
        evt.end_us = _now()
        if discard:                   # (a call that did nothing: see _run_arrays)
            self.events.remove(evt)
            if evt.cpu_parent is not None:
                evt.cpu_parent.cpu_children.remove(evt)
        return evt

    # -- the hook
    def __call__(self, frame, event, arg):
        if event == "call":
            kind = self.watched.get(frame.f_code)
            if kind is not None:
                self.called(frame, kind)
        elif event == "return" and self.open and self.open[-1][1] is frame:
            if self.open[-2:-1] and self.open[-2][1] is frame:     # a node: two events
                discard = arg is None and frame.f_code.co_name == "_run_arrays"
                self.pop(discard)
                self.pop(discard)
            else:
                self.pop()

    def called(self, frame, kind):
        local = frame.f_locals
        if kind == "op":
            name = aten_name(local["cls"])
            if self.open and self.open[-1][0].name == name:
                return               # the fast path handing over to the general function
            self.push(name, frame, _shapes(frame, local) if self.record_shapes else None)
        elif kind == "node":
            node_name = local["node"].name()
            self.push(f"autograd::engine::evaluate_function: {node_name}", frame)
            self.push(node_name, frame)
        elif kind == "accumulate":
            self.push("autograd::engine::evaluate_function: torch::autograd::AccumulateGrad",
                      frame)
            self.push("torch::autograd::AccumulateGrad", frame)
        else:
            self.push(kind, frame, _shapes(frame, local) if self.record_shapes else None)


def _now():
    return time.perf_counter_ns() / 1000.0


def _shapes(frame, local):
    """The input shapes torch records: a list per argument, [] for a number or an option
    (the positional parameters of the call, then its ``*args``)."""
    code = frame.f_code
    args = [local.get(n) for n in code.co_varnames[:code.co_argcount] if n != "cls"]
    if code.co_flags & 0x04:                      # CO_VARARGS: Op.apply(cls, *args)
        args += list(local.get(code.co_varnames[code.co_argcount + code.co_kwonlyargcount],
                                ()))
    out = []
    for a in args:
        shape = getattr(a, "shape", None)
        out.append(list(shape) if shape is not None and not isinstance(a, type) else [])
    return out


# ---------------------------------------------------------------------------- public API
class profile:
    """Record the ops run inside ``with``: ``key_averages()``, ``table()``, ``events()``.

    Parameters
    ----------
    enabled : bool
        False records nothing (the block runs as usual).
    use_cuda : bool
        Asks for GPU times too; without CUDA torch warns and profiles the CPU only, and so
        does this profiler (which has no GPU times to offer in any case).
    record_shapes : bool
        Keep each op's input shapes (``key_averages(group_by_input_shape=True)``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> with torch.autograd.profiler.profile(record_shapes=True) as prof:
    ...     y = torch.ones(2, 3) * 2
    >>> prof.key_averages()[0].key, prof.key_averages()[0].count
    ('aten::mul', 1)
    """

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False,
                 with_flops=False, profile_memory=False, with_stack=False, with_modules=False,
                 use_kineto=True, use_cpu=True, experimental_config=None, acc_events=False,
                 custom_trace_id_callback=None):
        self.enabled = enabled
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_flops = with_flops
        self.use_device = "cuda" if use_cuda else use_device
        if use_cuda:
            warnings.warn("The attribute `use_cuda` will be deprecated soon, please use "
                          "``use_device = 'cuda'`` instead.", FutureWarning, stacklevel=2)
        if self.use_device == "cuda":
            from .. import cuda
            if not cuda.is_available():
                warnings.warn("CUDA is not available, disabling CUDA profiling",
                              stacklevel=2)
                self.use_device = None
        self._recorder = None
        self.function_events = EventList([])      # (torch's empty answer before the run)
        self._ran = False

    def __enter__(self):
        if self.enabled:
            self._start()
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self._stop()
        return False

    def _start(self):
        """Install the hook: from now on the watched calls are recorded."""
        global _active
        if _active is not None:
            raise RuntimeError("Profiler is already enabled on this thread")
        self._ran = False
        self._recorder = _active = _Recorder(self.record_shapes)
        self._recorder.previous = sys.getprofile()
        sys.setprofile(self._recorder)

    def _stop(self):
        """Remove the hook and keep what was recorded as ``function_events``."""
        global _active
        rec = self._recorder
        sys.setprofile(rec.previous)
        _active = None
        while rec.open:               # (left open by an exception)
            rec.pop()
        self._ran = True
        self.function_events = EventList(rec.events, use_device=self.use_device,
                                         profile_memory=self.profile_memory,
                                         with_flops=self.with_flops)

    def _check_finish(self):
        if self._recorder is not None and not self._ran:
            raise RuntimeError("Profiler didn't finish running")

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        """One row per op name (and input shapes, when asked): count, self and total times."""
        self._check_finish()
        return self.function_events.key_averages(group_by_input_shape)

    def table(self, sort_by=None, row_limit=100, **kwargs):
        self._check_finish()
        return self.function_events.table(sort_by=sort_by, row_limit=row_limit, **kwargs)

    def total_average(self):
        self._check_finish()
        return self.function_events.total_average()

    @property
    def self_cpu_time_total(self):
        self._check_finish()
        return self.function_events.self_cpu_time_total

    def export_chrome_trace(self, path):
        """Write the events as a Chrome trace (chrome://tracing, Perfetto)."""
        self._check_finish()
        trace = {"traceEvents": [
            {"name": e.name, "ph": "X", "ts": e.start_us, "dur": e.cpu_time_total,
             "pid": 0, "tid": e.thread, "cat": "cpu_op"} for e in self.function_events]}
        with open(path, "w") as f:
            json.dump(trace, f)

    def __str__(self):
        self._check_finish()
        return str(self.function_events)


class record_function:
    """Label a block (or a function, as a decorator): its event is ``name`` and holds the
    ops run inside it. Costs nothing when no profile is open.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> with torch.autograd.profiler.profile() as prof:
    ...     with torch.autograd.profiler.record_function("my_block"):
    ...         y = torch.ones(2) + 1
    >>> [e.key for e in prof.key_averages()]
    ['my_block', 'aten::add']
    """

    def __init__(self, name, args=None):
        self.name = name
        self.args = args
        self._event = None

    def __enter__(self):
        rec = _active
        if rec is not None:
            self._event = rec.push(self.name)
        return self

    def __exit__(self, *exc):
        rec = _active
        evt = self._event
        self._event = None
        if rec is not None and evt is not None:
            while rec.open and rec.open[-1][0] is not evt:    # (an exception left them)
                rec.pop()
            if rec.open:
                rec.pop()
        return False

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def labelled(*args, **kwargs):
            with record_function(self.name, self.args):
                return fn(*args, **kwargs)
        return labelled
