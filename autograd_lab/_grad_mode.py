"""Global autograd switches: ``no_grad``, ``enable_grad``, ``set_grad_enabled``,
``inference_mode``, ``is_grad_enabled``. One flag per thread, read by every op.

Each switch is a context manager *and* a decorator, as in PyTorch::

    with torch.no_grad():            # as a context manager
        ...
    @torch.no_grad()                 # as a decorator (``@torch.no_grad`` works too)
    def evaluate(): ...
    torch.set_grad_enabled(False)    # as a plain call: switches at once
"""
import functools
import inspect
import threading


class _ThreadMode(threading.local):
    """The switches of the thread that reads them, as in PyTorch (``GradMode`` is
    thread-local there): a ``no_grad`` in one thread, or a backward pass running in it, never
    stops another thread's forward from recording. A new thread starts with grad mode on.
    The class attributes are the defaults a thread sees until it sets its own."""

    enabled = True
    inference = False


_state = _ThreadMode()
# How many threads have grad mode off right now. Reading a thread-local attribute costs three
# times a module attribute, and every op asks; while no thread has switched recording off
# (the usual case: a forward pass), ``_off == 0`` answers alone. A thread counts itself in
# before its flag goes off and out after it is back on, so ``_off == 0`` implies that the
# reading thread's own flag is on. Hot paths read ``not _off or _state.enabled``.
# (A thread that ends with grad mode off stays counted: only the shortcut is lost.)
_off = 0
_off_lock = threading.Lock()


def is_grad_enabled():
    """Whether operations are being recorded for autograd right now, in this thread."""
    return not _off or _state.enabled


def is_inference_mode_enabled():
    """Whether this thread is inside ``inference_mode``."""
    return _state.inference


def _set(mode):
    """Switch this thread's grad mode (the only writer of ``_state.enabled``)."""
    global _off
    mode = bool(mode)
    state = _state
    if state.enabled is mode:
        return
    with _off_lock:
        if mode:
            state.enabled = True
            _off -= 1
        else:
            _off += 1
            state.enabled = False


class _GradModeContext:
    """Context manager and decorator, like torch's ``_DecoratorContextManager``."""

    def __call__(self, fn):
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def generator(*args, **kwargs):
                gen = fn(*args, **kwargs)
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    except BaseException as exc:
                        with self.clone():
                            response = gen.throw(exc)
                    else:
                        with self.clone():
                            try:
                                response = gen.send(request)
                            except StopIteration as stop:
                                return stop.value
            return generator

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)
        return wrapper

    def clone(self):
        return self.__class__()

    def __repr__(self):
        return f"<torch.autograd.grad_mode.{type(self).__name__} object at {hex(id(self))}>"


class _NoParamContext(_GradModeContext):
    """Usable as ``@no_grad`` (no parentheses) as well as ``@no_grad()``."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParamContext):
    """Disable gradient tracking: results of ops get ``requires_grad=False``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.ones(2, requires_grad=True)
    >>> with torch.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    def __init__(self, orig_func=None):
        self.prev = False

    def __enter__(self):
        self.prev = _state.enabled
        _set(False)

    def __exit__(self, *exc):
        _set(self.prev)


class enable_grad(_NoParamContext):
    """Enable gradient tracking inside a ``no_grad`` block."""

    def __init__(self, orig_func=None):
        self.prev = False

    def __enter__(self):
        self.prev = _state.enabled
        _set(True)

    def __exit__(self, *exc):
        _set(self.prev)


class set_grad_enabled(_GradModeContext):
    """``set_grad_enabled(False)`` switches at once; as a context manager it restores the
    previous mode on exit; as a decorator it applies the mode to each call only.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.ones(1, requires_grad=True)
    >>> with torch.set_grad_enabled(False):
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    def __init__(self, mode):
        self.prev = _state.enabled
        self.mode = mode
        _set(mode)

    def __call__(self, fn):
        _set(self.prev)            # decorating must not switch the mode at definition time
        return super().__call__(fn)

    def __enter__(self):
        _set(self.mode)

    def __exit__(self, *exc):
        _set(self.prev)

    def clone(self):
        return self.__class__(self.mode)

    def __str__(self):
        return f"torch.autograd.grad_mode.set_grad_enabled(mode={self.mode})"

    __repr__ = __str__


class inference_mode(_GradModeContext):
    """Like ``no_grad`` (autograd_lab has no separate inference tensors)."""

    def __new__(cls, mode=True):
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode=True):
        self.mode = mode

    def __enter__(self):
        self._prev = (_state.enabled, _state.inference)
        _set(not self.mode)          # PyTorch: InferenceMode(False) turns grad mode on
        _state.inference = bool(self.mode)

    def __exit__(self, *exc):
        _set(self._prev[0])
        _state.inference = self._prev[1]

    def clone(self):
        return self.__class__(self.mode)
