"""Reductions: sum, mean, max/min, var/std, prod, norm, logsumexp, cumsum, argmax, all/any."""
import builtins

from .. import _dtype
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from ._util import normalize_dims, wrap_dim


def _expand_back(grad, shape, dims, keepdim):
    """Broadcast a reduced gradient back over the reduced ``dims`` of ``shape``."""
    if not keepdim and dims:
        for d in dims:
            grad = grad.unsqueeze(d)
    return grad.expand(shape)


class Sum(Op):
    node_name = "SumBackward0"
    saved_attrs = ("self_sym_sizes",)

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.self_sym_sizes = Size(a._data.shape)
        x = a._data
        if dtype is None and x.dtype.kind in "biu":
            dtype = _dtype.int64
        return x.sum(dtype=None if dtype is None else dtype.np)

    @staticmethod
    def backward(ctx, grad):
        return grad.expand(ctx.self_sym_sizes), None


class SumDim(Op):
    node_name = "SumBackward1"
    saved_attrs = ("dim", "keepdim", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, dims, keepdim, dtype):
        ctx.dim, ctx.keepdim, ctx.self_sym_sizes = dims, keepdim, Size(a._data.shape)
        x = a._data
        if dtype is None and x.dtype.kind in "biu":
            dtype = _dtype.int64
        return x.sum(axis=dims, keepdims=keepdim, dtype=None if dtype is None else dtype.np)

    @staticmethod
    def backward(ctx, grad):
        return _expand_back(grad, ctx.self_sym_sizes, ctx.dim, ctx.keepdim), None, None, None


class Mean(Op):
    node_name = "MeanBackward0"
    saved_attrs = ("self_sym_sizes", "self_sym_numel")

    @staticmethod
    def forward(ctx, a, dtype):
        _check_mean_dtype(a, dtype)
        x = a._data
        ctx.self_sym_sizes, ctx.self_sym_numel = Size(x.shape), x.size
        return x.mean(dtype=None if dtype is None else dtype.np).astype(
            x.dtype if dtype is None else dtype.np, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return grad.expand(ctx.self_sym_sizes) / ctx.self_sym_numel, None


class MeanDim(Op):
    node_name = "MeanBackward1"
    saved_attrs = ("dim", "keepdim", "self_sym_sizes", "self_sym_numel")

    @staticmethod
    def forward(ctx, a, dims, keepdim, dtype):
        _check_mean_dtype(a, dtype)
        x = a._data
        ctx.dim, ctx.keepdim = dims, keepdim
        ctx.self_sym_sizes, ctx.self_sym_numel = Size(x.shape), x.size
        out = x.mean(axis=dims, keepdims=keepdim, dtype=None if dtype is None else dtype.np)
        return out.astype(x.dtype if dtype is None else dtype.np, copy=False)

    @staticmethod
    def backward(ctx, grad):
        n = 1
        for d in ctx.dim:
            n *= ctx.self_sym_sizes[d]
        return _expand_back(grad, ctx.self_sym_sizes, ctx.dim, ctx.keepdim) / n, None, None, None


def _check_mean_dtype(a, dtype):
    d = dtype or a.dtype
    if not d.is_floating_point:
        raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be either a "
                           f"floating point or complex dtype. Got: {_dtype.type_name(d)}")


def sum(input, dim=None, keepdim=False, *, dtype=None):
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        if keepdim:
            return SumDim.apply(input, tuple(range(input.ndim)), True, dtype)
        return Sum.apply(input, dtype)
    return SumDim.apply(input, normalize_dims(dim, input.ndim), keepdim, dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        if keepdim:
            return MeanDim.apply(input, tuple(range(input.ndim)), True, dtype)
        return Mean.apply(input, dtype)
    return MeanDim.apply(input, normalize_dims(dim, input.ndim), keepdim, dtype)
