"""Order statistics: median, nanmedian, kthvalue, mode, aminmax, msort, quantile and
nanquantile.

The value-selecting ones with a ``dim`` return ``(values, indices)`` and send the gradient
to the index they report, like ``max(dim)``; which of several equal values is reported is
PyTorch's choice (see :mod:`._select` for kthvalue and mode). Whole-tensor median and
aminmax share the gradient evenly among equal extreme values, as PyTorch does.
"""
import numpy as np

from .._numpy_names import numpy_names
from .. import _backend, _dtype
from .._tensor import Tensor
from ..autograd.function import Op
from . import _select
from ._util import Held, broadcast_shapes, wrap_dim
from .scalar_arith import MulScalar
from .reduction import MaxDim, _evenly_distribute, _unsqueeze_dims, return_types, sort


# ---------------------------------------------------------------------------- median
class Median(Op):
    """The lower median of all elements; a nan anywhere makes it nan."""
    node_name = "MedianBackward0"
    saved_names = ("self",)
    save_result = True
    ignore_nan = False

    @classmethod
    def forward(cls, ctx, a):
        ctx.save_for_backward(a)
        x = a._data.reshape(-1)
        xp = a._xp()
        if x.dtype.kind == "f":
            nan = xp.isnan(x)
            if cls.ignore_nan:
                x = x[~nan]
            elif bool(nan.any()):
                return xp.asarray(xp.nan, dtype=x.dtype)
        if x.size == 0:                       # (nothing, or only nans, to choose from)
            # (nan; in an integer dtype PyTorch's cast of nan, the smallest integer)
            dt = a._data.dtype
            return xp.asarray(np.nan if dt.kind == "f" else np.iinfo(dt).min, dtype=dt)
        return xp.sort(x)[(x.size - 1) // 2]

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return _evenly_distribute(grad, x, ctx.saved_result)


class Nanmedian(Median):
    node_name = "NanmedianBackward0"
    ignore_nan = True


class MedianDim(MaxDim):
    """``median(dim)``: the gradient goes to the index reported."""
    node_name = "MedianBackward1"


class NanmedianDim(MaxDim):
    node_name = "NanmedianBackward1"


def _check_reduced_size(input, d, name):
    if input.ndim and input._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _median_indices(x, d, ignore_nan, xp):
    """Where the median of each slice along ``d`` is: the element at position (n - 1) // 2
    of a *stable* sort (PyTorch breaks ties by index), the first nan when there is one (or,
    ignoring nans, the lower median of the others)."""
    if x.ndim == 0:
        return xp.zeros((), dtype=np.int64)
    order = xp.argsort(x, axis=d, kind="stable")          # (nans last, in their order)
    n = x.shape[d]
    if x.dtype.kind == "f":
        numbers = (~xp.isnan(x)).sum(axis=d, keepdims=True)
        pos = xp.maximum(numbers - 1, 0) // 2 if ignore_nan else \
            xp.where(numbers < n, numbers, (n - 1) // 2)
    else:
        pos = xp.full(order.shape[:d] + (1,) + order.shape[d + 1:], (n - 1) // 2)
    found = xp.take_along_axis(order, pos, axis=d).astype(np.int64)
    if ignore_nan and x.dtype.kind == "f":
        # a slice of nans only: where PyTorch's nth_element leaves them (see _select)
        found = xp.where(numbers == 0, _select.first_of_equivalent(n), found)
    return found


def _no_bool(input, kernel):
    if input.dtype == _dtype.bool_:
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def _median(input, dim, keepdim, nan):
    name = "nanmedian" if nan else "median"
    _no_bool(input, "median_cpu" if dim is None else "median_out")
    if dim is None:
        return (Nanmedian if nan else Median).apply(input)
    d = wrap_dim(dim, input.ndim)
    _check_reduced_size(input, d, name)
    idx = _median_indices(input._data, d, nan, input._xp())
    if not keepdim and input.ndim:
        idx = idx.squeeze(d)
    idx = Tensor._make(idx)
    values = (NanmedianDim if nan else MedianDim).apply(input, d, keepdim, Held(idx))
    return getattr(return_types, name)(values, idx)


@numpy_names
def median(input, dim=None, keepdim=False):
    """The lower median of all elements; with ``dim``, ``(values, indices)`` along it.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([3., 1., 2., 5.]).median()
    tensor(2.)
    >>> torch.tensor([[3., 1., 2.], [0., 4., 4.]]).median(1)
    torch.return_types.median(
    values=tensor([2., 4.]),
    indices=tensor([2, 1]))
    """
    return _median(input, dim, keepdim, False)


@numpy_names
def nanmedian(input, dim=None, keepdim=False):
    """:func:`median` of the elements that are not nan (nan where all are)."""
    return _median(input, dim, keepdim, True)


# ---------------------------------------------------------------------------- kthvalue, mode
class KthvalueDim(MaxDim):
    node_name = "KthvalueBackward0"


class ModeDim(MaxDim):
    node_name = "ModeBackward0"


def _per_slice_indices(input, d, keepdim, pick):
    """Run ``pick(list_of_values) -> index`` over every slice along ``d`` (on the host:
    PyTorch's CPU algorithms, replayed in Python), as an int64 index tensor."""
    x = _backend.to_numpy(input._data)
    if x.ndim == 0:
        idx = np.zeros((), dtype=np.int64)
    else:
        rows = np.moveaxis(x, d, -1).reshape(-1, x.shape[d])
        found = np.array([pick(row.tolist()) for row in rows], dtype=np.int64)
        idx = found.reshape(np.moveaxis(x, d, -1).shape[:-1])
        if keepdim:
            idx = np.expand_dims(idx, d)
    return Tensor._make(_backend.to_device(idx, input.device))


@numpy_names
def kthvalue(input, k, dim=-1, keepdim=False):
    """The ``k``-th smallest element (``k`` from 1) along ``dim``: ``(values, indices)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([4., 1., 3., 2.]).kthvalue(2)
    torch.return_types.kthvalue(
    values=tensor(2.),
    indices=tensor(3))
    """
    _no_bool(input, "kthvalue_cpu")
    d = wrap_dim(dim, input.ndim)
    _check_reduced_size(input, d, "kthvalue")
    size = input._data.shape[d] if input.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    idx = _per_slice_indices(input, d, keepdim, lambda row: _select.quickselect(row, k - 1))
    return return_types.kthvalue(KthvalueDim.apply(input, d, keepdim, Held(idx)), idx)


@numpy_names
def mode(input, dim=-1, keepdim=False):
    """The most frequent value along ``dim`` (the smallest of equally frequent ones):
    ``(values, indices)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([2., 1., 2., 1., 3.]).mode()
    torch.return_types.mode(
    values=tensor(1.),
    indices=tensor(3))
    """
    d = wrap_dim(dim, input.ndim)
    _check_reduced_size(input, d, "mode")
    idx = _per_slice_indices(input, d, keepdim, lambda row: _select.mode(row)[1])
    return return_types.mode(ModeDim.apply(input, d, keepdim, Held(idx)), idx)


# ---------------------------------------------------------------------------- aminmax
class Aminmax(Op):
    """``(amin, amax)`` in one op; each output's gradient is shared evenly by the elements
    equal to it, as ``amin``'s and ``amax``'s are."""
    node_name = "AminmaxBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim", "keepdim")

    @staticmethod
    def forward(ctx, a, dims, keepdim, shown):
        ctx.save_for_backward(a)
        ctx.dims, ctx.dim, ctx.keepdim = dims, shown, keepdim
        x = a._data
        if shown is not None and x.ndim and x.shape[shown] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {shown} to have non-zero size.")
        if x.size == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                               "operation has no identity.")
        ctx.results = (x.min(axis=dims, keepdims=keepdim), x.max(axis=dims, keepdims=keepdim))
        return tuple(a._xp().asarray(r) for r in ctx.results)

    @staticmethod
    def backward(ctx, grad_min, grad_max):
        x, = ctx.saved_tensors
        total = None
        for grad, r in ((grad_min, ctx.results[0]), (grad_max, ctx.results[1])):
            if grad is None:
                continue
            mask = x == _unsqueeze_dims(Tensor._make(r), ctx.dims, ctx.keepdim)
            part = _unsqueeze_dims(grad, ctx.dims, ctx.keepdim) / \
                mask.sum(dim=ctx.dims, keepdim=True) * mask
            total = part if total is None else total + part
        return total, None, None, None


@numpy_names
def aminmax(input, *, dim=None, keepdim=False):
    """The smallest and the largest element, over ``dim`` or everything:
    ``torch.return_types.aminmax(min, max)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1., 5.], [4., 2.]]).aminmax(dim=1)
    torch.return_types.aminmax(
    min=tensor([1., 2.]),
    max=tensor([5., 4.]))
    """
    if dim is None:
        dims = tuple(range(input.ndim))
        shown = None
    else:
        dims = (wrap_dim(dim, input.ndim),) if input.ndim else ()
        shown = dims[0] if dims else 0
    return return_types.aminmax(*Aminmax.apply(input, dims, keepdim, shown))


def msort(input):
    """``sort(input, dim=0).values``: each column sorted ascending."""
    return sort(input, dim=0)[0]


# ---------------------------------------------------------------------------- quantile
_MODES = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan):
    name = "quantile"             # (nanquantile's messages say quantile() too)
    xp = input._xp()
    if not isinstance(q, Tensor):
        if not 0 <= q <= 1:
            raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {q}")
        q = Tensor._make(xp.asarray(q, dtype=input._data.dtype))
    if input.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    if q.ndim > 1:
        raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
    if input.dtype not in (_dtype.float32, _dtype.float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if q.dtype != input.dtype:
        raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
    if interpolation not in _MODES:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    if not bool(((q._data >= 0) & (q._data <= 1)).all()):
        raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
    return _quantile_compute(input, q, dim, keepdim, interpolation, ignore_nan)


def _quantile_compute(input, q, dim, keepdim, interpolation, ignore_nan):
    """PyTorch's algorithm: sort the values (the reduced dim last), turn each q into a
    fractional rank, gather the values below and above it and interpolate with ``lerp``."""
    shape = list(input.shape)
    d = None if dim is None else wrap_dim(dim, input.ndim)
    if d is not None and input.ndim:
        out_shape = shape[:d] + ([1] if keepdim else []) + shape[d + 1:]
    else:
        out_shape = [1] * input.ndim if keepdim else []
    if d is None:
        ordered = sort(input.flatten())[0]
    elif d == input.ndim - 1:
        ordered = sort(input)[0]
    else:
        ordered = sort(input.unsqueeze(-1).transpose(d, -1))[0]
    n = ordered.shape[-1]
    ordered = ordered.view(out_shape + [n])

    # ranks in [0, n - 1], from q with tensor ops: a q that requires grad gets one
    # (through lerp's weight), as in PyTorch
    is_nan = ordered.isnan()
    if ignore_nan:
        ranks = q * (is_nan.logical_not().sum(-1, keepdim=True) - 1)
        ranks = ranks.masked_fill(ranks < 0, 0)
    else:
        scaled = MulScalar.apply(q, n - 1)
        any_nan = is_nan.any(-1, keepdim=True)
        shape = broadcast_shapes(tuple(scaled.shape), tuple(any_nan.shape))
        ranks = scaled.expand(shape).masked_fill(any_nan.expand(shape), n - 1)
    if interpolation == "lower":
        ranks = ranks.floor()
    elif interpolation == "higher":
        ranks = ranks.ceil()
    elif interpolation == "nearest":
        ranks = ranks.round()                  # (half to even, as PyTorch rounds)
    below = ranks.to(_dtype.int64)
    values = ordered.gather(-1, below)
    if interpolation in ("linear", "midpoint"):
        weights = ranks.new_full(ranks.shape, 0.5) if interpolation == "midpoint" else \
            ranks - below
        above = ordered.gather(-1, ranks.ceil().to(_dtype.int64))
        values = values.lerp(above, weights)
    if q.ndim == 0:
        return values.squeeze(-1)
    # the q dim first
    return values.unsqueeze(0).transpose(0, -1).squeeze(-1)


@numpy_names
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The ``q``-th quantiles (``q`` a number or a 1-D tensor in [0, 1]) of all elements or
    along ``dim``; ``interpolation`` says how to fall between two values: linear, lower,
    higher, midpoint or nearest. A slice holding a nan gives nan.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([1., 2., 3., 4.]).quantile(0.5)
    tensor(2.5000)
    >>> torch.tensor([1., 2., 3., 4.]).quantile(0.5, interpolation="lower")
    tensor(2.)
    """
    return _quantile(input, q, dim, keepdim, interpolation, False)


@numpy_names
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """:func:`quantile` of the elements that are not nan (nan where all are)."""
    return _quantile(input, q, dim, keepdim, interpolation, True)
