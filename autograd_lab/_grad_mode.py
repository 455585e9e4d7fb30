"""Global autograd switches: ``no_grad``, ``enable_grad``, ``set_grad_enabled``,
``inference_mode``. One module-level flag, read by every op."""
import functools

_enabled = True


def is_grad_enabled():
    return _enabled


def _set(mode):
    global _enabled
    _enabled = bool(mode)


class _GradModeContext:
    """Context manager and decorator, like torch's ``_DecoratorContextManager``."""

    _mode = True

    def __enter__(self):
        self._prev = _enabled
        _set(self._mode)
        return None

    def __exit__(self, *exc):
        _set(self._prev)
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self._clone():
                return fn(*args, **kwargs)
        return wrapper

    def _clone(self):
        return self.__class__()


class no_grad(_GradModeContext):
    """Disable gradient tracking: results of ops get ``requires_grad=False``."""
    _mode = False


class enable_grad(_GradModeContext):
    _mode = True


class inference_mode(_GradModeContext):
    """Like ``no_grad`` (autograd_lab has no separate inference tensors)."""

    def __init__(self, mode=True):
        self._mode = not mode

    def _clone(self):
        return inference_mode(not self._mode)


class set_grad_enabled(_GradModeContext):
    """``set_grad_enabled(False)`` switches at once; as a context manager it restores on exit."""

    def __init__(self, mode):
        self._prev = _enabled
        self._mode = bool(mode)
        _set(mode)

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        _set(self._prev)
        return False

    def _clone(self):
        return _Scoped(self._mode)


class _Scoped(_GradModeContext):
    def __init__(self, mode):
        self._mode = mode
