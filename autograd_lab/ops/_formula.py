"""The few named operations a backward formula needs beyond arithmetic operators, for
formulas that run on Tensors and on raw arrays alike (``Op.array_backward``).

The engine runs such a formula on NumPy/CuPy arrays when no graph of the backward pass is
wanted, and on Tensors (recording ``MmBackward0``, ``TBackward0``... for higher derivatives)
under ``create_graph=True``. Operators (``*``, ``-``, ``>``...) mean the same on both; these
helpers give the rest one spelling, so each derivative is still written once (``@`` is an
operator too: ``MmBackward0`` between matrices on tensors).

Examples
--------
>>> import numpy as np
>>> import autograd_lab as torch
>>> from autograd_lab.ops import _formula as F
>>> F.t(np.ones((2, 3))).shape, F.t(torch.ones(2, 3)).shape
((3, 2), torch.Size([3, 2]))
"""
import math

from .. import _backend
from .._tensor import Tensor


def t(x):
    """Transpose a matrix (``x.t()``: ``TBackward0`` on a tensor, a view on an array)."""
    return x.t() if isinstance(x, Tensor) else x.T


def zero_where(condition, x):
    """``x`` with 0 where ``condition`` holds (``x.masked_fill(condition, 0)``): unlike a
    product with a mask, an inf or nan of ``x`` there gives 0 too."""
    if isinstance(x, Tensor):
        return x.masked_fill(condition, 0)
    if _bitwise_ok(condition, x):
        return _bitwise_keep(condition, x, keep_where_true=False)
    return _backend.array_module(x).where(condition, x.dtype.type(0), x)


def keep_where(condition, x):
    """``x`` where ``condition`` holds, 0 elsewhere (PyTorch's ``where(condition, x, 0)``,
    the spelling of clamp's derivative): unlike a product with a mask, an inf or nan of ``x``
    outside gives 0."""
    if isinstance(x, Tensor):
        return x.where(condition, 0.0)
    if _bitwise_ok(condition, x):
        return _bitwise_keep(condition, x, keep_where_true=True)
    return _backend.array_module(x).where(condition, x, x.dtype.type(0))


# zero_where and keep_where on float arrays: each element ANDed with all-one or all-zero
# bits, which gives x or +0 exactly (an inf or nan becomes 0 too), with no branch per
# element -- several times faster than NumPy's where on a mask without pattern (a ReLU's).
_INT_OF_SIZE = {2: "int16", 4: "int32", 8: "int64"}


def _bitwise_keep(condition, x, keep_where_true):
    bits = condition.astype(_INT_OF_SIZE[x.dtype.itemsize])       # 1 where condition holds
    if keep_where_true:
        _backend.array_module(x).negative(bits, out=bits)         # all ones there, else 0
    else:
        bits -= 1                                                 # 0 there, all ones else
    bits &= x.view(bits.dtype)
    return bits.view(x.dtype)


def _bitwise_ok(condition, x):
    # (not for 0-d: a comparison of 0-d arrays gives a NumPy scalar, which has no ``out=``)
    return (x.dtype.kind == "f" and x.ndim and getattr(condition, "shape", None) == x.shape
            and getattr(condition, "dtype", None) == bool)


def where(condition, x, y):
    """``x`` where ``condition`` holds, else ``y`` (``torch.where``); ``x`` (the gradient,
    or a value computed from it) says whether this runs on Tensors or on arrays."""
    if isinstance(x, Tensor):
        return x.where(condition, y)
    return _backend.array_module(x).where(condition, x, y)


def zeros_like(x):
    """Zeros shaped like ``x``: the gradient of a piecewise-constant op (sign, floor...),
    which PyTorch gives as ``zeros_like(grad)`` -- 0 even where the gradient is inf or nan,
    where ``grad * 0`` would give nan."""
    if isinstance(x, Tensor):
        return x.new_zeros(x.shape)
    return _backend.array_module(x).zeros_like(x)


def expand(x, shape):
    """``x`` broadcast to ``shape`` (``x.expand(shape)``). On arrays: a broadcast view
    (read-only) when large, a filled array when small -- the same values, and for a few
    thousand elements filling costs less than NumPy's ``broadcast_to`` (a Python function)."""
    if isinstance(x, Tensor):
        return x.expand(shape)
    xp = _backend.array_module(x)
    if math.prod(shape) > 65536:
        return xp.broadcast_to(x, shape)
    out = xp.empty(shape, x.dtype)
    out[...] = x
    return out
