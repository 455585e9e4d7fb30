"""Reductions: sum, mean, prod, max/min, amax/amin, var/std, norm, logsumexp, cumsum,
argmax/argmin, all/any, and the value-selecting sort/topk.

Every backward is written with tensor ops, so ``create_graph=True`` differentiates it again.
Where the derivative is ambiguous (ties in max, zeros in prod) the choice is PyTorch's and is
noted at the op.
"""
import builtins
import math
import warnings

import numpy as np

from .._numpy_names import numpy_names
from .. import _dtype, _grad_mode
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from . import _formula, _select, _topk_order
from ._return_types import named_result
from ._util import Held, normalize_dims, wrap_dim


# ---------------------------------------------------------------------------- helpers
def _expand_back(grad, shape, dims, keepdim):
    """Broadcast a reduced gradient back over the reduced ``dims`` of ``shape``."""
    return _unsqueeze_dims(grad, dims, keepdim).expand(shape)


def _unsqueeze_dims(t, dims, keepdim):
    """Put back the reduced dims (size 1) that ``keepdim=False`` removed."""
    if not keepdim and dims:
        for d in dims:
            t = t.unsqueeze(d)
    return t


def _all_dims(dim):
    """``dim=None`` and ``dim=()`` both mean every dim, as in PyTorch 2."""
    return dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0)


def _reduce_dims(x, dim):
    if _all_dims(dim):
        return tuple(range(x.ndim))
    dims = normalize_dims(dim, x.ndim)
    if isinstance(dim, (tuple, list)) and len(dims) != len(dim):
        seen = set()
        for d in dim:
            d = d % builtins.max(x.ndim, 1)
            if d in seen:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            seen.add(d)
    return dims


def _return_type(name):
    return named_result(name, ("values", "indices"))


class return_types:
    """The named result tuples, ``torch.return_types.max(values=..., indices=...)``."""
    max = _return_type("max")
    min = _return_type("min")
    sort = _return_type("sort")
    topk = _return_type("topk")
    kthvalue = _return_type("kthvalue")
    mode = _return_type("mode")
    median = _return_type("median")
    nanmedian = _return_type("nanmedian")
    cummax = _return_type("cummax")
    cummin = _return_type("cummin")
    aminmax = named_result("aminmax", ("min", "max"))


_add_reduce = np.add.reduce


def _int_sum_dtype(x, dtype):
    """Integer and bool sums accumulate in int64, as in PyTorch."""
    if dtype is None and x.dtype.kind in "biu":
        return np.int64
    return None if dtype is None else dtype.np


def _acc(np_dtype):
    """The accumulation dtype: float16 adds up in float32, as PyTorch does on CPU (a long
    float16 running sum would lose the small terms)."""
    return np.float32 if np_dtype == np.float16 else np_dtype


# ---------------------------------------------------------------------------- sum, mean
class Sum(Op):
    node_name = "SumBackward0"
    saved_attrs = ("self_sym_sizes",)
    array_backward = True

    @staticmethod
    def forward(ctx, a, dtype):
        x = a._data
        ctx.self_sym_sizes = x.shape          # (a plain tuple, as torch's _saved_self_sym_sizes)
        if dtype is None and x.dtype.kind in "fc":
            # (ndarray.sum is add.reduce behind a Python function: called directly on CPU)
            return _add_reduce(x, None) if type(x) is np.ndarray else x.sum()
        return x.sum(dtype=_int_sum_dtype(x, dtype))

    @staticmethod
    def backward(ctx, grad):
        return _formula.expand(grad, ctx.self_sym_sizes), None


class SumDim(Op):
    node_name = "SumBackward1"
    saved_attrs = ("dim", "keepdim", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, dims, keepdim, dtype, shown_dim):
        ctx.dim, ctx.keepdim, ctx.self_sym_sizes = shown_dim, keepdim, Size(a._data.shape)
        ctx.dims = dims
        x = a._data
        return x.sum(axis=dims, keepdims=keepdim, dtype=_int_sum_dtype(x, dtype))

    @staticmethod
    def backward(ctx, grad):
        return (_expand_back(grad, ctx.self_sym_sizes, ctx.dims, ctx.keepdim),
                None, None, None, None)


class Mean(Op):
    node_name = "MeanBackward0"
    saved_attrs = ("self_sym_sizes", "self_sym_numel")
    array_backward = True

    @staticmethod
    def forward(ctx, a, dtype):
        x = a._data
        ctx.self_sym_sizes, ctx.self_sym_numel = x.shape, x.size    # (torch: a plain tuple)
        out_dt = x.dtype if dtype is None else dtype.np
        # (the mean of nothing is nan, quietly: Op.apply runs forward with NumPy's warnings off)
        return x.mean(dtype=_acc(out_dt)).astype(out_dt, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return _formula.expand(grad, ctx.self_sym_sizes) / ctx.self_sym_numel, None


class MeanDim(Op):
    node_name = "MeanBackward1"
    saved_attrs = ("dim", "keepdim", "self_sym_sizes", "self_sym_numel")

    @staticmethod
    def forward(ctx, a, dims, keepdim, dtype, shown_dim):
        x = a._data
        ctx.dim, ctx.dims, ctx.keepdim = shown_dim, dims, keepdim
        ctx.self_sym_sizes, ctx.self_sym_numel = Size(x.shape), x.size
        out_dt = x.dtype if dtype is None else dtype.np
        with np.errstate(all="ignore"):
            return x.mean(axis=dims, keepdims=keepdim, dtype=_acc(out_dt)).astype(out_dt,
                                                                                 copy=False)

    @staticmethod
    def backward(ctx, grad):
        n = 1
        for d in ctx.dims:
            n *= ctx.self_sym_sizes[d]
        return (_expand_back(grad, ctx.self_sym_sizes, ctx.dims, ctx.keepdim) / n,
                None, None, None, None)


def _check_mean_dtype(a, dtype):
    d = dtype or a.dtype
    if not d.is_floating_point:
        raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be either a "
                           f"floating point or complex dtype. Got: {_dtype.type_name(d)}")


def _shown_dim(dim, dims):
    """The dim as ``grad_fn._saved_dim`` shows it: None stays None, an int becomes a 1-tuple."""
    if dim is None:
        return None
    if isinstance(dim, (tuple, list)):
        return tuple(dims) if len(dim) else ()
    return dims


@numpy_names
def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum of all elements, or over ``dim`` (an int or a tuple of ints).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1., 2.], [3., 4.]]).sum(0)
    tensor([4., 6.])
    """
    if dim is None and not keepdim:
        return Sum.apply(input, dtype)
    dims = _reduce_dims(input, dim)
    return SumDim.apply(input, dims, keepdim, dtype, _shown_dim(dim, dims))


@numpy_names
def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Mean of all elements, or over ``dim``; floating-point inputs only, as in PyTorch.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1., 2.], [3., 4.]]).mean(1)
    tensor([1.5000, 3.5000])
    """
    _check_mean_dtype(input, dtype)
    if dim is None and not keepdim:
        return Mean.apply(input, dtype)
    dims = _reduce_dims(input, dim)
    return MeanDim.apply(input, dims, keepdim, dtype, _shown_dim(dim, dims))


# ---------------------------------------------------------------------------- prod
def _prod_backward(grad, x, result, dims, keepdim):
    """d prod / d x_i = product of the other elements. ``result / x`` fails at zeros, so,
    as PyTorch does, zeros are treated apart: with one zero in a slice only that zero gets
    the product of the others; with two or more every derivative is 0."""
    grad = _unsqueeze_dims(grad, dims, keepdim)
    result = _unsqueeze_dims(result, dims, keepdim)
    zero = x == 0
    if not bool(zero.any()):
        return grad * (result / x)
    if len(dims) == x.ndim and not _grad_mode.is_grad_enabled() and int(zero.sum()) > 1:
        # PyTorch's shortcut for a whole-tensor product with two zeros or more, when no
        # graph of the backward is wanted: zeros, even for an inf or nan gradient
        return _formula.zeros_like(x)
    from .clamp_where import where
    n_zero = zero.sum(dim=dims, keepdim=True)
    safe = where(zero, 1.0, x)
    prod_nonzero = safe.prod(dim=dims[0], keepdim=True) if len(dims) == 1 else \
        safe.reshape(-1).prod().reshape((1,) * x.ndim)
    others = where(n_zero == 0, prod_nonzero / safe, where(zero & (n_zero == 1),
                                                            prod_nonzero, 0.0))
    return grad * others


class Prod(Op):
    node_name = "ProdBackward0"
    saved_names = ("self",)
    save_result = True

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.save_for_backward(a)
        x = a._data
        return x.prod(dtype=_int_sum_dtype(x, dtype))

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return _prod_backward(grad, x, ctx.saved_result, tuple(range(x.ndim)), True), None


class ProdDim(Op):
    node_name = "ProdBackward1"
    saved_names = ("self",)
    saved_attrs = ("dim", "keepdim")
    save_result = True

    @staticmethod
    def forward(ctx, a, dim, keepdim, dtype):
        ctx.save_for_backward(a)
        ctx.dim, ctx.keepdim = dim, keepdim
        x = a._data
        axis = dim if x.ndim else None
        return x.prod(axis=axis, keepdims=keepdim, dtype=_int_sum_dtype(x, dtype))

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        dims = (ctx.dim,) if x.ndim else ()
        return (_prod_backward(grad, x, ctx.saved_result, dims, ctx.keepdim),
                None, None, None)


@numpy_names
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """Product of all elements, or along one ``dim``."""
    if dim is None:
        return Prod.apply(input, dtype)
    return ProdDim.apply(input, wrap_dim(dim, input.ndim), keepdim, dtype)


# ---------------------------------------------------------------------------- max, min
def _evenly_distribute(grad, x, result):
    """The gradient of a whole-tensor max/min: shared evenly by every element that ties for
    the extreme value (PyTorch's ``evenly_distribute_backward``). A tensor holding a nan has
    max and min nan, and its nan elements share the gradient (``x == nan`` holds nowhere)."""
    mask = x.isnan() if result.isnan().item() else x == result
    return x.new_zeros(x.shape).masked_fill(mask, grad / mask.sum())


class MaxAll(Op):
    node_name = "MaxBackward1"
    saved_names = ("self",)
    save_result = True
    reduce = staticmethod(np.max)

    @classmethod
    def forward(cls, ctx, a):
        if a._data.size == 0:
            raise RuntimeError(f"{cls.__name__[:3].lower()}(): Expected reduction dim to be "
                               "specified for input.numel() == 0. Specify the reduction dim "
                               "with the 'dim' argument.")
        ctx.save_for_backward(a)
        return a._xp().asarray(cls.reduce(a._data))

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return _evenly_distribute(grad, x, ctx.saved_result)


class MinAll(MaxAll):
    node_name = "MinBackward1"
    reduce = staticmethod(np.min)


class MaxDim(Op):
    """``max(dim)``: the values; the gradient goes to the index chosen (the first of ties)."""
    node_name = "MaxBackward0"
    saved_attrs = ("dim", "keepdim", "indices", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, dim, keepdim, held):
        idx = held.tensor
        ctx.dim, ctx.keepdim, ctx.indices = dim, keepdim, idx
        ctx.self_sym_sizes = Size(a._data.shape)
        return _take_at(a, idx._data, dim, keepdim)

    @staticmethod
    def backward(ctx, grad):
        return _select_back(grad, ctx.indices, ctx.dim, ctx.keepdim, ctx.self_sym_sizes), \
            None, None, None


class MinDim(MaxDim):
    node_name = "MinBackward0"


def _take_at(a, idx, dim, keepdim):
    """The values at ``idx`` (an argmax along ``dim``)."""
    x = a._data
    if x.ndim == 0:
        return x.copy()
    k = idx if keepdim else a._xp().expand_dims(idx, dim)
    out = a._xp().take_along_axis(x, k, axis=dim)
    return out if keepdim else out.squeeze(dim)


def _select_back(grad, indices, dim, keepdim, shape):
    """Scatter ``grad`` into zeros of ``shape`` at ``indices`` along ``dim``."""
    if len(shape) == 0:
        return grad
    if not keepdim:
        grad = grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return grad.new_zeros(shape).scatter(dim, indices, grad)


def _arg_extreme(input, dim, keepdim, which):
    """Indices of the max/min (first of ties) as an int64 tensor outside the graph."""
    x = input._data
    xp = input._xp()
    fn = x.argmax if which == "max" else x.argmin
    if dim is None:
        if x.size == 0:
            raise RuntimeError(f"arg{which}(): Expected reduction dim to be specified for "
                               "input.numel() == 0.")
        out = xp.asarray(fn()).astype(np.int64)
        return Tensor._make(out.reshape((1,) * x.ndim) if keepdim else out)
    d = wrap_dim(dim, x.ndim)
    if x.ndim == 0:
        return Tensor._make(xp.zeros((), dtype=np.int64))
    if x.shape[d] == 0:
        raise IndexError(f"arg{which}(): Expected reduction dim {d} to have non-zero size.")
    return Tensor._make(fn(axis=d, keepdims=keepdim).astype(np.int64, copy=False))


def _extreme(input, dim, keepdim, which):
    all_cls, dim_cls = (MaxAll, MaxDim) if which == "max" else (MinAll, MinDim)
    if dim is None:
        return all_cls.apply(input)
    if isinstance(dim, Tensor):                # torch.max(a, b) is maximum
        from .clamp_where import maximum, minimum
        return (maximum if which == "max" else minimum)(input, dim)
    d = wrap_dim(dim, input.ndim)
    if input.ndim and input._data.shape[d] == 0:
        raise IndexError(f"{which}(): Expected reduction dim {d} to have non-zero size.")
    idx = _arg_extreme(input, d, keepdim, which)
    values = dim_cls.apply(input, d, keepdim, Held(idx))
    return getattr(return_types, which)(values, idx)


@numpy_names
def max(input, dim=None, keepdim=False, *, out=None):
    """The largest element; with ``dim``, ``(values, indices)`` along it; with a tensor,
    the element-wise maximum.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1., 5.], [4., 2.]]).max(1)
    torch.return_types.max(
    values=tensor([5., 4.]),
    indices=tensor([1, 0]))
    """
    return _extreme(input, dim, keepdim, "max")


@numpy_names
def min(input, dim=None, keepdim=False, *, out=None):
    """The smallest element; with ``dim``, ``(values, indices)`` along it."""
    return _extreme(input, dim, keepdim, "min")


@numpy_names
def argmax(input, dim=None, keepdim=False):
    return _arg_extreme(input, dim, keepdim, "max")


@numpy_names
def argmin(input, dim=None, keepdim=False):
    return _arg_extreme(input, dim, keepdim, "min")


class Amax(Op):
    """``amax``: ties share the gradient evenly (unlike ``max(dim)``, which picks one)."""
    node_name = "AmaxBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim", "keepdim")
    save_result = True
    reduce = staticmethod(np.max)

    @classmethod
    def forward(cls, ctx, a, dims, keepdim, shown):
        ctx.save_for_backward(a)
        ctx.dim, ctx.dims, ctx.keepdim = shown, dims, keepdim
        x = a._data
        if x.size == 0:
            raise IndexError(f"{cls.__name__.lower()}(): Expected reduction dim to be specified "
                             "for input.numel() == 0. Specify the reduction dim with the 'dim' "
                             "argument.")
        return cls.reduce(x, axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        result = _unsqueeze_dims(ctx.saved_result, ctx.dims, ctx.keepdim)
        mask = x == result
        count = mask.sum(dim=ctx.dims, keepdim=True)
        return (_unsqueeze_dims(grad, ctx.dims, ctx.keepdim) / count) * mask, None, None, None


class Amin(Amax):
    node_name = "AminBackward0"
    reduce = staticmethod(np.min)


@numpy_names
def amax(input, dim=(), keepdim=False):
    dims = _reduce_dims(input, dim)
    return Amax.apply(input, dims, keepdim, tuple(dims) if not _all_dims(dim) else ())


@numpy_names
def amin(input, dim=(), keepdim=False):
    dims = _reduce_dims(input, dim)
    return Amin.apply(input, dims, keepdim, tuple(dims) if not _all_dims(dim) else ())


# ---------------------------------------------------------------------------- var, std
def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _check_float(input, name):
    if not input.is_floating_point():
        raise RuntimeError("std and var only support floating point and complex dtypes")


class Var(Op):
    """Variance with ``correction`` (1: unbiased, N - 1 in the denominator; 0: biased)."""
    node_name = "VarBackward0"
    saved_names = ("self",)
    saved_attrs = ("correction", "dim", "keepdim")

    @staticmethod
    def forward(ctx, a, dims, c, keepdim, shown_dim, shown_c):
        ctx.save_for_backward(a)
        ctx.dims, ctx.c, ctx.keepdim = dims, c, keepdim
        ctx.dim, ctx.correction = shown_dim, shown_c
        x = a._data
        n = _count(x.shape, dims)
        with np.errstate(all="ignore"):      # n <= correction gives inf/nan, as in torch
            xa = x.astype(_acc(x.dtype), copy=False)
            # (the sum over n, not NumPy's mean, which warns on an empty slice)
            mean = xa.sum(axis=dims, keepdims=True) / xa.dtype.type(n)
            sq = ((xa - mean) ** 2).sum(axis=dims, keepdims=keepdim)
            return (sq / xa.dtype.type(builtins.max(n - c, 0))).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        n = _count(x.shape, ctx.dims)
        grad = _unsqueeze_dims(grad, ctx.dims, ctx.keepdim)
        centered = x - x.mean(dim=ctx.dims, keepdim=True)
        return grad * centered * _var_factor(n, ctx.c), None, None, None, None, None


class Std(Op):
    node_name = "StdBackward0"
    saved_names = ("self",)
    saved_attrs = ("correction", "dim", "keepdim")
    save_result = True

    @staticmethod
    def forward(ctx, a, dims, c, keepdim, shown_dim, shown_c):
        out = Var.forward(ctx, a, dims, c, keepdim, shown_dim, shown_c)
        return a._xp().sqrt(out)

    @staticmethod
    def backward(ctx, grad):
        from .clamp_where import where
        x, = ctx.saved_tensors
        std = ctx.saved_result
        # d std = d var / (2 std); where std is 0, PyTorch gives 0, not nan
        grad_var = where(std == 0, 0.0, grad / (std * 2))
        n = _count(x.shape, ctx.dims)
        grad_var = _unsqueeze_dims(grad_var, ctx.dims, ctx.keepdim)
        centered = x - x.mean(dim=ctx.dims, keepdim=True)
        return (grad_var * centered * _var_factor(n, ctx.c),
                None, None, None, None, None)


def _var_factor(n, c):
    """d var / d x = 2 (x - mean) / (n - c), with PyTorch's n - c as is: inf when it is 0
    (nan gradients, as in torch), negative below (where x - mean is 0 anyway)."""
    return math.inf if n == c else 2.0 / (n - c)


def _count(shape, dims):
    n = 1
    for d in dims:
        n *= shape[d]
    return n


def _var_args(input, dim, unbiased, keepdim, correction, name):
    _check_float(input, name)
    if isinstance(dim, bool):            # var(True): the old positional ``unbiased``
        dim, unbiased = None, dim
    dims = _reduce_dims(input, dim)
    c = _correction(unbiased, correction)
    if _count(input.shape, dims) - c <= 0:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly "
                      "less than the reduction factor (input numel divided by output numel). "
                      "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                      "ReduceOps.cpp:1861.)", UserWarning, stacklevel=3)
    shown_c = None if unbiased is None and correction is None and dim is None else c
    shown_dim = None if dim is None else tuple(dims)
    return dims, c, keepdim, shown_dim, shown_c


@numpy_names
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Variance; ``unbiased=True`` / ``correction=1`` (the default) divides by N - 1."""
    return Var.apply(input, *_var_args(input, dim, unbiased, keepdim, correction, "var"))


@numpy_names
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation; ``unbiased=True`` / ``correction=1`` (the default) uses N - 1."""
    return Std.apply(input, *_var_args(input, dim, unbiased, keepdim, correction, "std"))


# ---------------------------------------------------------------------------- norm
class VectorNorm(Op):
    """``linalg.vector_norm`` (what ``Tensor.norm`` runs): p = 2, 1, inf, -inf, 0 or any p."""
    node_name = "LinalgVectorNormBackward0"
    saved_names = ("self",)
    saved_attrs = ("ord", "dim", "keepdim")
    save_result = True

    @staticmethod
    def forward(ctx, a, p, dims, keepdim, shown_dim):
        ctx.save_for_backward(a)
        ctx.ord, ctx.dims, ctx.keepdim, ctx.dim = p, dims, keepdim, shown_dim
        out_dt = a._data.dtype
        x = a._xp().abs(a._data).astype(_acc(out_dt), copy=False)
        with np.errstate(all="ignore"):
            return _vector_norm(a._xp(), x, p, dict(axis=dims, keepdims=keepdim)).astype(
                out_dt, copy=False)

    @staticmethod
    def backward(ctx, grad):
        # PyTorch's norm_backward, case by case and in its order of operations, so that nan
        # and inf come out as there (sign(nan) = 0: a nan element gets 0 from p = 1 and inf)
        x, = ctx.saved_tensors
        dims, keepdim = ctx.dims, ctx.keepdim
        grad = _unsqueeze_dims(grad, dims, keepdim)
        norm = _unsqueeze_dims(ctx.saved_result, dims, keepdim)
        return (norm_backward(grad, x, ctx.ord, norm, dims),) + (None,) * 4


def norm_backward(grad, x, p, norm, dims):
    """The gradient of the p-norm ``norm`` of ``x`` over ``dims`` (``grad`` and ``norm``
    with those dims kept; None: all dims); None for p = 0 (no gradient at all). Also
    ``dist``'s gradient (ops/distance.py)."""
    if p == 0:
        return None                        # the count of nonzeros
    if p == 1:
        return x.sign() * grad
    if p == 2:
        # x / ||x||, and 0 (not nan) where the norm is 0
        return grad * (x / norm).masked_fill(norm == 0, 0.0)
    if p in (math.inf, -math.inf):
        # the extreme |x| share the gradient evenly (ties included), and so do the nan
        # elements of a slice whose norm is nan
        mask = (x.abs() == norm) | x.isnan()
        return x.sign() * (grad / mask.sum(dim=dims, keepdim=True) * mask)
    if p < 1:
        # |x|^(p-1) is inf at x = 0: taken as 0 there
        scaled = x.sign() * x.abs().pow(p - 1).masked_fill(x == 0, 0.0)
        return scaled * grad * norm.pow(1 - p)
    scaled = x.sign() * x.abs().pow(p - 1) if p < 2 else x * x.abs().pow(p - 2)
    return scaled * (grad / norm.pow(p - 1)).masked_fill(norm == 0, 0.0)


def _vector_norm(xp, x, p, kw):
    """The p-norm of ``|x|`` (already absolute) over ``kw``'s axes."""
    if p == 2:
        return xp.sqrt((x * x).sum(**kw))
    if p == 1:
        return x.sum(**kw)
    if p == math.inf:
        return x.max(**kw)
    if p == -math.inf:
        return x.min(**kw)
    if p == 0:
        return (x != 0).sum(**kw).astype(x.dtype)
    return (x ** p).sum(**kw) ** x.dtype.type(1.0 / p)


def _ord(p):
    if p == "fro" or p is None:
        return 2
    if isinstance(p, str):
        raise RuntimeError(f"linalg.vector_norm: ord={p} is not supported for vector norms")
    return float(p) if builtins.abs(p) == math.inf else p


@numpy_names
def vector_norm(input, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The ``ord``-norm over ``dim`` (all elements when None)."""
    if not input.is_floating_point():
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor "
                           f"as input. Got {_dtype.type_name(input.dtype)}")
    if dtype is not None:
        input = input.to(dtype)
    dims = _reduce_dims(input, dim)
    shown = None if dim is None else tuple(dims)
    return VectorNorm.apply(input, _ord(ord), dims, keepdim, shown)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """``Tensor.norm``: the Frobenius (2-) norm by default; p = 1, inf, -inf, 0 or any p."""
    if isinstance(dim, int):
        dim = (dim,)
    return vector_norm(input, _ord(p), dim, keepdim, dtype=dtype)


# ---------------------------------------------------------------------------- logsumexp
class Logsumexp(Op):
    """log(sum(exp(x))), computed as max + log(sum(exp(x - max))) so it never overflows."""
    node_name = "LogsumexpBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim", "keepdim")
    save_result = True

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.save_for_backward(a)
        ctx.dim, ctx.keepdim = dims, keepdim
        xp = a._xp()
        x = a._data
        if x.dtype.kind != "f":
            x = x.astype(_dtype.get_default_dtype().np)
        with np.errstate(all="ignore"):
            m = x.max(axis=dims, keepdims=True) if x.size else xp.zeros((1,) * x.ndim, x.dtype)
            m = xp.where(xp.isinf(m), 0, m)            # all -inf slices: no inf - inf
            out = xp.log(xp.exp(x - m).sum(axis=dims, keepdims=True)) + m
        return out if keepdim else out.squeeze(dims)

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        result = _unsqueeze_dims(ctx.saved_result, ctx.dim, ctx.keepdim)
        return _unsqueeze_dims(grad, ctx.dim, ctx.keepdim) * (x - result).exp(), None, None


@numpy_names
def logsumexp(input, dim, keepdim=False):
    return Logsumexp.apply(input, _reduce_dims(input, dim), keepdim)


# ---------------------------------------------------------------------------- cumsum
class Cumsum(Op):
    node_name = "CumsumBackward0"
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, a, dim, dtype):
        ctx.dim = dim
        x = a._data
        out_dt = _int_sum_dtype(x, dtype) or x.dtype
        if x.ndim == 0:
            return x.astype(out_dt)
        return x.cumsum(axis=dim, dtype=_acc(out_dt)).astype(out_dt, copy=False)

    @staticmethod
    def backward(ctx, grad):
        # each input feeds every later output: a cumulative sum of the gradient, backwards
        d = ctx.dim
        if grad.ndim == 0:
            return grad, None, None
        return grad.flip(d).cumsum(d).flip(d), None, None


@numpy_names
def cumsum(input, dim, *, dtype=None):
    return Cumsum.apply(input, wrap_dim(dim, input.ndim), dtype)


# ---------------------------------------------------------------------------- all, any
def _logical_reduce(input, dim, keepdim, which):
    x = input._data
    fn = x.all if which == "all" else x.any
    out = fn() if dim is None else fn(axis=_reduce_dims(input, dim), keepdims=keepdim)
    out = input._xp().asarray(out)
    # uint8 in, uint8 out (a torch quirk); every other dtype gives bool
    return Tensor._make(out.astype(np.uint8) if x.dtype == np.uint8 else out)


@numpy_names
def all(input, dim=None, keepdim=False):
    return _logical_reduce(input, dim, keepdim, "all")


@numpy_names
def any(input, dim=None, keepdim=False):
    return _logical_reduce(input, dim, keepdim, "any")


# ---------------------------------------------------------------------------- sort, topk
class SortValues(Op):
    """The values of ``sort``/``topk``: each gradient goes back to where its value came from."""
    node_name = "SortBackward0"
    saved_attrs = ("dim", "indices", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, dim, held):
        idx = held.tensor
        ctx.dim, ctx.indices, ctx.self_sym_sizes = dim, idx, Size(a._data.shape)
        if a._data.ndim == 0:
            return a._data.copy()
        return a._xp().take_along_axis(a._data, idx._data, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        return _select_back(grad, ctx.indices, ctx.dim, True, ctx.self_sym_sizes), None, None


class StableSortValues(SortValues):
    node_name = "SortBackward1"


class TopkValues(SortValues):
    node_name = "TopkBackward0"


def _sort_indices(x, dim, descending, xp, stable=True):
    if x.ndim == 0:
        return xp.zeros((), dtype=np.int64)
    # a stable sort first (ties keep their order: PyTorch's stable=True, and its default
    # sort too for slices of up to 16 values)
    order = _select.stable_order(x, dim, descending, xp)
    if not stable:
        # PyTorch's default sort is not stable: equal values of a long slice come out in
        # std::sort's order (see _select)
        order = _select.unstable_sort_order(x, dim, descending, order, xp)
    return order.astype(np.int64)


@numpy_names
def sort(input, dim=-1, descending=False, stable=None):
    d = wrap_dim(dim, input.ndim)
    idx = Tensor._make(_sort_indices(input._data, d, descending, input._xp(), bool(stable)))
    cls = SortValues if stable is None else StableSortValues
    return return_types.sort(cls.apply(input, d, Held(idx)), idx)


@numpy_names
def argsort(input, dim=-1, descending=False, stable=False):
    return Tensor._make(_sort_indices(input._data, wrap_dim(dim, input.ndim), descending,
                                      input._xp(), stable))


@numpy_names
def topk(input, k, dim=-1, largest=True, sorted=True):
    d = wrap_dim(dim, input.ndim)
    size = input._data.shape[d] if input.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    idx = Tensor._make(_topk_indices(input._data, k, d, largest, sorted, input._xp()))
    return return_types.topk(TopkValues.apply(input, d, Held(idx)), idx)


def _topk_indices(x, k, dim, largest, sorted, xp):
    """torch's CPU topk order, ties and ``sorted=False`` included (``_topk_order``); on the
    GPU a stable sort (CUDA's own order is not reproduced)."""
    if x.ndim == 0:
        return xp.zeros((), dtype=np.int64)
    if xp is not np:
        order = _sort_indices(x, dim, largest, xp)
        return order[(slice(None),) * dim + (slice(0, k),)]
    rows = _topk_order.topk_rows(np.moveaxis(x, dim, -1), k, largest, sorted)
    return np.ascontiguousarray(np.moveaxis(rows, -1, dim))
