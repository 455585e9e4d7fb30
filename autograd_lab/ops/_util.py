"""Small helpers shared by the ops: wrapping Python numbers, type promotion, dims."""
import numpy as np

from .. import _backend, _dtype
from .._tensor import Tensor


def wrap_scalar(value, like):
    """A Python number as a 0-d tensor on ``like``'s device (torch's "wrapped number")."""
    if type(like._data) is np.ndarray:
        # the common cases (x * 0.5, x + 1 on a float tensor), short: they run for every op
        if type(value) is float and like._data.dtype.kind == "f":
            t = Tensor._make(_scalar_array(value, like._data.dtype))
            t._wrapped_number = True
            return t
        if type(value) is int and -2 ** 63 <= value < 2 ** 63:
            t = Tensor._make(_scalar_array(value, _INT64))
            t._wrapped_number = True
            return t
    xp = like._xp() if isinstance(like, Tensor) else np
    d = _dtype._scalar_dtype(value)
    if d.is_floating_point and isinstance(like, Tensor) and like._data.dtype.kind == "f":
        np_dt = like._data.dtype      # keep float16/64 tensors in their own precision
    else:
        np_dt = d.np
    t = Tensor._make(xp.asarray(value, dtype=np_dt))
    t._wrapped_number = True
    return t


_SCALARS = {}        # (value, dtype) -> read-only 0-d array
_INT64 = np.dtype(np.int64)


def _scalar_array(value, np_dtype):
    """A 0-d array holding ``value``, shared between calls (making one costs more than the
    multiply it feeds). Read-only, so a shared one cannot be changed in place; not used for
    0.0 (it equals -0.0) or nan (it equals nothing), whose keys would mislead."""
    key = (value, np_dtype)
    arr = _SCALARS.get(key)
    if arr is None:
        arr = np.asarray(value, dtype=np_dtype)
        if value != 0 and value == value:
            if len(_SCALARS) > 4096:     # lessons use a handful; a loop of new ones is bounded
                _SCALARS.clear()
            arr.flags.writeable = False
            _SCALARS[key] = arr
    return arr


def as_tensor_operand(x, like):
    return x if isinstance(x, Tensor) else wrap_scalar(x, like)


def check_same_device(a, b):
    if type(a._data) is not type(b._data):
        da, db = a.device, b.device
        raise RuntimeError("Expected all tensors to be on the same device, but found at least "
                           f"two devices, {db if db.type == 'cuda' else da} and "
                           f"{da if db.type == 'cuda' else db}!")


def binary_operands(a, b):
    """Tensors for both sides of a binary op, scalars wrapped, devices checked."""
    if not isinstance(a, Tensor):
        a = wrap_scalar(a, b)
    elif not isinstance(b, Tensor):
        b = wrap_scalar(b, a)
    elif type(a._data) is not type(b._data):      # (check_same_device, inlined: hot)
        check_same_device(a, b)
    sa, sb = a._data.shape, b._data.shape
    if sa != sb and sa and sb:                          # (a 0-d side always broadcasts)
        broadcast_shapes(sa, sb)                        # torch's message, not NumPy's
    return a, b


def promoted_arrays(a, b):
    """Both operands' arrays in their promoted dtype (torch's rules, not NumPy's)."""
    ad, bd = a._data, b._data
    if ad.dtype == bd.dtype:
        return ad, bd
    # a Python int or bool next to a floating tensor (x + 1): the tensor's dtype
    if b._wrapped_number and ad.dtype.kind == "f" and bd.dtype.kind in "biu" and \
            not a._wrapped_number:
        return ad, bd.astype(ad.dtype)
    if a._wrapped_number and bd.dtype.kind == "f" and ad.dtype.kind in "biu" and \
            not b._wrapped_number:
        return ad.astype(bd.dtype), bd
    dt = _dtype.result_type(a, b).np
    return ad.astype(dt, copy=False), bd.astype(dt, copy=False)


def float_result(arr):
    """Integer inputs of a floating op (exp, sqrt, ...) compute in the default float dtype."""
    if arr.dtype.kind in "biu":
        return arr.astype(_dtype.get_default_dtype().np)
    return arr


def normalize_dims(dim, ndim):
    """``dim`` (int, tuple or None) as a sorted tuple of non-negative axes."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (int, np.integer)):
        dim = (dim,)
    n = max(ndim, 1)
    out = []
    for d in dim:
        if not -n <= d < n:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}],"
                             f" but got {d})")
        out.append(d % n if ndim else 0)
    return tuple(sorted(set(out)))


def wrap_dim(dim, ndim):
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim % n


def broadcast_shapes(sa, sb):
    """The broadcast shape, or torch's error naming the first mismatching dimension."""
    n = max(len(sa), len(sb))
    out = [0] * n
    for i in range(n - 1, -1, -1):        # from the last dim, as torch reports the first hit
        x = sa[len(sa) - n + i] if len(sa) - n + i >= 0 else 1
        y = sb[len(sb) - n + i] if len(sb) - n + i >= 0 else 1
        if x != y and x != 1 and y != 1:
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b "
                               f"({y}) at non-singleton dimension {i}")
        out[i] = y if x == 1 else x
    return tuple(out)


def shape_args(shape):
    """Accept ``f(2, 3)``, ``f((2, 3))`` and ``f(torch.Size([2, 3]))`` alike."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return tuple(int(s) for s in shape)


def xp_of(t):
    return _backend.array_module(t._data)


class Held:
    """A tensor handed to an ``Op`` that is not one of its differentiable inputs (a condition,
    a mask, an index): wrapped, it gets no edge in ``next_functions``, as in PyTorch."""

    __slots__ = ("tensor",)

    def __init__(self, tensor):
        self.tensor = tensor
