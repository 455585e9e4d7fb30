"""Writes at indices, and their in-place forms: ``scatter_`` (with the legacy ``reduce=``),
``scatter_add_``, ``index_add_``, ``index_copy``, ``index_fill``, ``index_put``,
``masked_scatter`` and ``fill_diagonal_``.

Each out-of-place op returns a new array; its ``name_`` form hands it to
:func:`.inplace.inplace` (version counter, leaf and view checks, rebase onto the node).
The gradients pair up as in PyTorch: the places written over get no gradient from the old
values (``index_fill(..., 0)`` / ``masked_fill(..., 0)`` of the gradient); what was written
gets the gradient read back at those places (``index_select`` / ``masked_select``).
"""
import warnings

import numpy as np

from .._numpy_names import numpy_names
from .. import _backend, _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from ._util import Held, wrap_dim
from .gather_scatter import (_check_index_tensor, _check_same_rank, _scatter_index, index_add,
                             scatter, scatter_add)
from .inplace import inplace
from .indexing import IndexPutImpl, _apply_basic, _numpy_index

_REDUCE_WARNING = ("The reduce argument of torch.scatter with Tensor src is deprecated and will "
                   "be removed in a future PyTorch release. Use torch.scatter_reduce instead "
                   "for more reduction options.")


# ---------------------------------------------------------------------------- scatter
def _reduce_at(xp, out, idx, values, reduce):
    """``out[idx] (+|*)= values`` with every repeat of a position counted (unbuffered
    ``ufunc.at``). CuPy's ``at`` covers ``add`` only, so a GPU ``multiply`` runs on the host
    and the result moves back."""
    if xp is np:
        (np.add if reduce == "add" else np.multiply).at(out, idx, values)
    elif reduce == "add":
        _backend.cupy_module().add.at(out, idx, values)
    else:
        host = _backend.to_numpy(out)
        np.multiply.at(host, tuple(_backend.to_numpy(i) for i in idx),
                       _backend.to_numpy(values))
        out[...] = xp.asarray(host)


class ScatterReduce(Op):
    """``scatter(dim, index, src, reduce="add"|"multiply")``: PyTorch has no derivative for
    it (a ``NotImplemented`` node with edges only to inputs that require grad)."""
    node_name = "NotImplemented"
    torch_name = "torch::autograd::NotImplemented"

    @staticmethod
    def forward(ctx, a, dim, held, src, reduce, name):
        a = a.tensor if isinstance(a, Held) else a
        src = src.tensor if isinstance(src, Held) else src
        ctx.op_name = name
        xp, k = a._xp(), held.tensor._data
        out = a._data.copy()
        if isinstance(src, Tensor):
            values = src._data[tuple(slice(0, n) for n in k.shape)] if src.ndim else src._data
        else:
            values = xp.full(k.shape, src, dtype=out.dtype)
        target = out.reshape(1) if out.ndim == 0 else out
        kk = k.reshape(1) if k.ndim == 0 else k
        _reduce_at(xp, target, _scatter_index(xp, kk, dim),
                   values.reshape(kk.shape).astype(out.dtype), reduce)
        return out

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError(f"derivative for aten::{ctx.op_name} is not implemented")


def _check_src_dtype(input, src):
    if isinstance(src, Tensor) and src._data.dtype != input._data.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")


def scatter_reduce_legacy(input, dim, index, src, reduce, name="scatter"):
    """``input.scatter(dim, index, src, reduce=...)`` (PyTorch's deprecated form)."""
    d = wrap_dim(dim, input.ndim)
    _check_index_tensor(index, "scatter")
    if isinstance(src, Tensor):
        _check_same_rank(input, index, "scatter", d, src)
    _check_src_dtype(input, src)
    if reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    if isinstance(src, Tensor):
        warnings.warn(_REDUCE_WARNING, UserWarning, stacklevel=3)
    held_src = src if not isinstance(src, Tensor) or src._requires_grad else Held(src)
    return ScatterReduce.apply(input if input._requires_grad else Held(input), d, Held(index),
                               held_src, reduce, name)


def scatter_(t, dim, index, src=None, *, value=None, reduce=None):
    """``t.scatter_(dim, index, src)``: ``src`` (or ``value``) written into ``t`` at
    ``index``; ``reduce="add"``/``"multiply"`` combines instead of overwriting.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.zeros(2, 3).scatter_(0, torch.tensor([[1, 0, 1]]), 5.)
    tensor([[0., 5., 0.],
            [5., 0., 5.]])
    """
    if src is None:
        src = value
    _check_src_dtype(t, src)
    if reduce is not None:
        return inplace(t, scatter_reduce_legacy, dim, index, src, reduce, "scatter_")
    return inplace(t, scatter, dim, index, src)


def scatter_add_(t, dim, index, src):
    """``t.scatter_add_(dim, index, src)``: ``src`` added into ``t`` at ``index``."""
    _check_src_dtype(t, src)
    return inplace(t, scatter_add, dim, index, src)


def index_add_(t, dim, index, source, *, alpha=1):
    """``t.index_add_(dim, index, source, alpha=1)``: slices of ``source`` added at
    ``index`` along ``dim``."""
    if isinstance(source, Tensor) and source._data.dtype != t._data.dtype:
        raise RuntimeError(f"index_add_(): self ({_dtype.type_name(t.dtype)}) and source "
                           f"({_dtype.type_name(source.dtype)}) must have the same scalar type")
    return inplace(t, index_add, dim, index, source, alpha=alpha)


# ---------------------------------------------------------------------------- index_fill
def _along(dim, k, ndim):
    """The NumPy index of positions ``k`` along ``dim`` (every place of the other dims)."""
    return (slice(None),) * dim + (k.reshape(-1),) if ndim else (Ellipsis,)


class IndexFill(Op):
    """``input.index_fill(dim, index, number)``: the filled places get no gradient."""
    node_name = "IndexFillBackward0"
    saved_attrs = ("dim", "index")

    @staticmethod
    def forward(ctx, a, dim, held, value):
        ctx.dim, ctx.index = dim, held.tensor
        out = a._data.copy()
        out[_along(dim, held.tensor._data, out.ndim)] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad.index_fill(ctx.dim, ctx.index, 0), None, None, None


class IndexFillTensor(Op):
    """``input.index_fill(dim, index, value)`` with a 0-d tensor ``value``: it gets the sum
    of the gradient at the filled places."""
    node_name = "IndexFillBackward1"
    saved_attrs = ("dim", "index")

    @staticmethod
    def forward(ctx, a, dim, held, value):
        ctx.dim, ctx.index = dim, held.tensor
        out = a._data.copy()
        out[_along(dim, held.tensor._data, out.ndim)] = value._data
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_value = ctx.needs_input_grad
        g_value = None
        if need_value:
            g_value = (grad.index_select(ctx.dim, ctx.index) if grad.ndim else grad).sum()
        return (grad.index_fill(ctx.dim, ctx.index, 0) if need_a else None, None, None,
                g_value)


def _check_index_vector(input, dim, index, name):
    if index.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar") if name == "index_fill_" else \
            IndexError(f"{name}(): Index should have dimension 1 or 0 (got {index.ndim})")


def _check_bounds(input, dim, index, name):
    size = input._data.shape[dim] if input.ndim else 1
    k = index._data
    bad = (k < -size) | (k >= size) if k.size else None
    if bad is not None and bad.any():
        v = int(k[bad].reshape(-1)[0])
        prefix = f"{name}(): " if name == "index_copy_" else ""
        raise IndexError(f"{prefix}index {v} is out of bounds for dimension {dim} with size "
                         f"{size}")


@numpy_names
def index_fill(input, dim, index, value):
    """A copy of ``input`` with ``value`` (a number or a 0-d tensor) at positions ``index``
    along ``dim``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.zeros(2, 3).index_fill(1, torch.tensor([0, 2]), -1.)
    tensor([[-1.,  0., -1.],
            [-1.,  0., -1.]])
    """
    d = wrap_dim(dim, input.ndim)
    if not isinstance(index, Tensor) or index._data.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got "
                           f"tensor with {value.ndim} dimension(s).")
    _check_index_vector(input, d, index, "index_fill_")
    _check_bounds(input, d, index, "index_fill_")
    if isinstance(value, Tensor):
        return IndexFillTensor.apply(input, d, Held(index), value)
    return IndexFill.apply(input, d, Held(index), value)


def index_fill_(t, dim, index, value):
    """``t.index_fill_(dim, index, value)``: :func:`index_fill` written into ``t``."""
    return inplace(t, index_fill, dim, index, value)


# ---------------------------------------------------------------------------- index_copy
class IndexCopy(Op):
    """``input.index_copy(dim, index, source)``: slices of ``source`` replace those of
    ``input`` at ``index``."""
    node_name = "IndexCopyBackward0"
    saved_attrs = ("dim", "index")

    @staticmethod
    def forward(ctx, a, dim, held, source):
        ctx.dim, ctx.index = dim, held.tensor
        out = a._data.copy()
        out[_along(dim, held.tensor._data, out.ndim)] = source._data.reshape(
            out[_along(dim, held.tensor._data, out.ndim)].shape)
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_src = ctx.needs_input_grad
        g_src = None
        if need_src:
            g_src = grad.index_select(ctx.dim, ctx.index) if grad.ndim else grad
        return (grad.index_fill(ctx.dim, ctx.index, 0) if need_a else None, None, None, g_src)


@numpy_names
def index_copy(input, dim, index, source):
    """A copy of ``input`` whose slices at ``index`` along ``dim`` are ``source``'s.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.zeros(3, 2).index_copy(0, torch.tensor([2, 0]), torch.tensor([[1., 2.], [3., 4.]]))
    tensor([[3., 4.],
            [0., 0.],
            [1., 2.]])
    """
    d = wrap_dim(dim, input.ndim)
    _check_index_vector(input, d, index, "index_copy_")
    if index._data.dtype != np.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got "
                           f"{_dtype.type_name(index.dtype)}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, "
                           f"but got (self) {_dtype.type_name(input.dtype)} and (source) "
                           f"{_dtype.type_name(source.dtype)}")
    mine = [n for i, n in enumerate(input.shape) if i != d]
    theirs = [n for i, n in enumerate(source.shape) if i != d]
    if mine != theirs:
        raise RuntimeError(
            f"index_copy_(): Source/destination tensor must have same slice shapes. "
            f"Destination slice shape: {' '.join(map(str, mine))} at dimension {d} and source "
            f"slice shape: {' '.join(map(str, theirs))} at dimension 0.")
    n_src = source.shape[d] if source.ndim else 1
    if index.ndim and index.numel() != n_src:
        raise IndexError(f"index_copy_(): Number of indices ({index.numel()}) should be equal "
                         f"to source.size(dim) ({n_src})")
    _check_bounds(input, d, index, "index_copy_")
    return IndexCopy.apply(input, d, Held(index), source)


def index_copy_(t, dim, index, source):
    """``t.index_copy_(dim, index, source)``: :func:`index_copy` written into ``t``."""
    return inplace(t, index_copy, dim, index, source)


# ---------------------------------------------------------------------------- index_put
class IndexPutInto(IndexPutImpl):
    """``index_put(indices, values, accumulate)``: ``t[indices] = values`` (``+=`` with
    ``accumulate``) out of place, as its own ``IndexPutBackward0`` node."""
    node_name = "IndexPutBackward0"
    saved_attrs = ("accumulate",)


def index_put(input, indices, values, accumulate=False):
    """A copy of ``input`` with ``values`` at ``input[indices]`` (added in when
    ``accumulate``, repeated positions adding up).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.zeros(3).index_put((torch.tensor([0, 0]),), torch.tensor([1., 2.]), True)
    tensor([3., 0., 0.])
    """
    if not isinstance(indices, (tuple, list)) or \
            not all(i is None or isinstance(i, Tensor) for i in indices):
        raise TypeError(f"index_put(): argument 'indices' (position 1) must be tuple of "
                        f"Tensors, not {type(indices).__name__}")
    if not isinstance(values, Tensor):
        raise TypeError(f"index_put(): argument 'values' (position 2) must be Tensor, not "
                        f"{type(values).__name__}")
    if values._data.dtype != input._data.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{_dtype.type_name(input.dtype)} for the destination and "
                           f"{_dtype.type_name(values.dtype)} for the source.")
    index = tuple(slice(None) if i is None else i for i in indices)
    target, advanced = _apply_basic(input, index)
    if target is not input:            # (only ``None`` entries: every place)
        advanced = []
    adv = _numpy_index(advanced, input.ndim) if advanced else (Ellipsis,)
    return IndexPutInto.apply(input, Held(adv), values, bool(accumulate))


def index_put_(t, indices, values, accumulate=False):
    """``t.index_put_(indices, values, accumulate=False)``: :func:`index_put` into ``t``."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put_(): argument 'indices' (position 1) must be tuple of "
                        f"Tensors, not {type(indices).__name__}")
    if not isinstance(values, Tensor):
        raise TypeError(f"index_put_(): argument 'values' (position 2) must be Tensor, not "
                        f"{type(values).__name__}")
    return inplace(t, index_put, indices, values, accumulate)


# ---------------------------------------------------------------------------- masked_scatter
class MaskedScatter(Op):
    """``input.masked_scatter(mask, source)``: the first ``mask.sum()`` elements of
    ``source``, in order, at the places where ``mask`` is True (input and mask broadcast)."""
    node_name = "MaskedScatterBackward0"
    saved_attrs = ("mask", "source_sym_sizes")

    @staticmethod
    def forward(ctx, a, held, source):
        mask = held.tensor
        ctx.mask, ctx.source_sym_sizes = mask, source.shape
        xp = a._xp()
        shape = np.broadcast_shapes(a._data.shape, mask._data.shape)
        out = xp.broadcast_to(a._data, shape).copy()
        m = xp.broadcast_to(mask._data, shape)
        n = int(m.sum())
        if n > source._data.size:
            raise RuntimeError("Number of elements of source < number of ones in mask")
        out[m] = source._data.reshape(-1)[:n]
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, need_src = ctx.needs_input_grad
        g_src = None
        if need_src:
            picked = grad.masked_select(ctx.mask)
            missing = 1
            for n in ctx.source_sym_sizes:
                missing *= n
            missing -= picked.numel()
            if missing > 0:            # source elements never used: no gradient
                from .joining import cat
                picked = cat([picked, picked.new_zeros(missing)])
            g_src = picked.view(ctx.source_sym_sizes)
        return (grad.masked_fill(ctx.mask, 0) if need_a else None), None, g_src


def _check_masked_scatter(input, mask, source):
    if mask._data.dtype != np.bool_:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with "
                           f"dtype {_dtype.type_name(mask.dtype)}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but "
                           f"got{_dtype.type_name(input.dtype)} and "
                           f"{_dtype.type_name(source.dtype)}")


def masked_scatter(input, mask, source):
    """A copy of ``input`` with ``source``'s elements, in order, where ``mask`` is True.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.zeros(2, 2).masked_scatter(torch.tensor([True, False]), torch.tensor([1., 2.]))
    tensor([[1., 0.],
            [2., 0.]])
    """
    _check_masked_scatter(input, mask, source)
    return MaskedScatter.apply(input, Held(mask), source)


def masked_scatter_(t, mask, source):
    """``t.masked_scatter_(mask, source)``: :func:`masked_scatter` into ``t`` (the mask
    broadcasts to ``t``'s shape, never ``t`` to the mask's)."""
    _check_masked_scatter(t, mask, source)
    if mask.ndim > t.ndim:             # (ATen's own expand, which names the C++ type)
        kind = "CUDA" if mask.is_cuda else "CPU"
        raise RuntimeError(f"expand({kind}BoolType{{{list(mask.shape)}}}, size={list(t.shape)}"
                           f"): the number of sizes provided ({t.ndim}) must be greater or "
                           f"equal to the number of dimensions in the tensor ({mask.ndim})")
    mask = mask.expand(t.shape)
    return inplace(t, masked_scatter, mask, source)


# ---------------------------------------------------------------------------- fill_diagonal_
def fill_diagonal_(t, fill_value, wrap=False):
    """``t.fill_diagonal_(value, wrap=False)``: the main diagonal (every dim the same index)
    set to ``value``, through a strided view and ``fill_`` as in PyTorch (so a tensor with
    history gets ``CopySlices``). With ``wrap``, a tall matrix's diagonal restarts every
    ``width + 1`` rows.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.zeros(2, 2).fill_diagonal_(1.)
    tensor([[1., 0.],
            [0., 1.]])
    """
    from .strided import as_strided
    if t.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    height, width = t.shape[0], t.shape[1]
    if t.ndim > 2 and any(n != height for n in t.shape[1:]):
        raise RuntimeError("all dimensions of input must be of equal length")
    offset = t.storage_offset()
    stride = sum(t.stride())
    size = min(height, width)
    as_strided(t, (size,), (stride,), offset).fill_(fill_value)
    if wrap and t.ndim == 2 and height > width + 1:
        step = width + 1
        wrap_size = (t.numel() + step - 1) // step - size
        as_strided(t, (wrap_size,), (stride,), offset + t.stride(0) * step).fill_(fill_value)
    return t
