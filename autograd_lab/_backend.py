"""The array backend: the one place that knows about NumPy vs CuPy.

Every op asks :func:`array_module` for ``xp`` (NumPy on ``cpu``, CuPy on
``cuda``); nothing else in autograd_lab imports cupy.
"""
import numpy as np

_DEVICE_TYPES = ("cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, "
                 "xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone")
_KNOWN = tuple(_DEVICE_TYPES.split(", "))
_cupy = None


def cupy_module():
    """Import CuPy on first use; raise torch's error when no CUDA is usable."""
    global _cupy
    if _cupy is None:
        try:
            import cupy
            cupy.cuda.runtime.getDeviceCount()
        except Exception as exc:  # ImportError, or CUDA driver missing
            raise AssertionError("Torch not compiled with CUDA enabled") from exc
        _cupy = cupy
    return _cupy


def cuda_is_available():
    try:
        cupy_module()
    except AssertionError:
        return False
    return True


class device:
    """Where a tensor's data lives: ``device('cpu')`` or ``device('cuda', 0)``."""

    __slots__ = ("type", "index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int):
            type, index = "cuda", type
        text = str(type)
        name, _, idx = text.partition(":")
        if name not in _KNOWN:
            raise RuntimeError(f"Expected one of {_DEVICE_TYPES} device type at start of "
                               f"device string: {text}")
        if name not in ("cpu", "cuda"):
            raise RuntimeError(f"autograd_lab supports the cpu and cuda devices, not {name}")
        if idx:
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{text}'")
            index = int(idx)
        self.type, self.index = name, index

    def __eq__(self, other):
        # as in PyTorch, a device never equals a string: device("cpu") == "cpu" is False
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"


CPU = device("cpu")
default_device = CPU      # where factories put a tensor given no device (set_default_device)


# ---------------------------------------------------------------------------- quiet arithmetic
# PyTorch returns inf/nan silently (1/0, exp(1000)); NumPy warns. ``np.errstate(all="ignore")``
# silences it but costs more than the arithmetic itself on small tensors, and every op needs
# it, so ``Op.apply`` sets NumPy's error-state context variable directly
# (``token = ERRSTATE.set(IGNORE_ALL)`` ... ``ERRSTATE.reset(token)``): the same effect at a
# fraction of the cost. A NumPy without that variable gets an np.errstate stand-in.
try:
    from numpy._core._ufunc_config import _extobj_contextvar as ERRSTATE
    with np.errstate(all="ignore"):
        IGNORE_ALL = ERRSTATE.get()
except (ImportError, AttributeError):         # NumPy 1.x
    class _ErrstateVar:
        @staticmethod
        def set(_):
            token = np.errstate(all="ignore")
            token.__enter__()
            return token

        @staticmethod
        def reset(token):
            token.__exit__(None, None, None)

    ERRSTATE, IGNORE_ALL = _ErrstateVar(), None


class quiet:
    """``with quiet():`` behaves as ``with np.errstate(all="ignore"):``, cheaper."""

    __slots__ = ("_token",)

    def __enter__(self):
        self._token = ERRSTATE.set(IGNORE_ALL)

    def __exit__(self, *exc):
        ERRSTATE.reset(self._token)


def as_device(d):
    if d is None:
        return default_device
    return d if isinstance(d, device) else device(d)


def array_module(arr):
    """``numpy`` for host arrays, ``cupy`` for device arrays."""
    if isinstance(arr, np.ndarray) or _cupy is None:
        return np
    return _cupy.get_array_module(arr)


def special_module(arr):
    """``scipy.special`` (or ``cupyx.scipy.special``) for ``erf`` and friends."""
    if array_module(arr) is np:
        import scipy.special
        return scipy.special
    import cupyx.scipy.special
    return cupyx.scipy.special


def xp_for(dev):
    return np if dev.type == "cpu" else cupy_module()


def device_of(arr):
    if isinstance(arr, np.ndarray) or _cupy is None:
        return CPU
    return device("cuda", int(arr.device.id))


def to_device(arr, dev):
    """Move an array to ``dev`` (a copy only when it really moves)."""
    if dev.type == "cpu":
        return arr if isinstance(arr, np.ndarray) else _cupy.asnumpy(arr)
    cp = cupy_module()
    with cp.cuda.Device(dev.index or 0):
        return cp.asarray(arr)


def to_numpy(arr):
    return arr if isinstance(arr, np.ndarray) else _cupy.asnumpy(arr)
