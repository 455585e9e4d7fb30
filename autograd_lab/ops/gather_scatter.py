"""Ops that take or give index tensors: gather and scatter/scatter_add, index_select and
index_add along one dim, and nonzero.

The index is held, not differentiated: it is no edge of the graph. The gradients pair up:
gather's is a scatter_add of the gradient and scatter's ``src`` gets the gradient gathered
at the index; index_select's is an index_add and index_add's ``source`` gets an
index_select. Repeated indices collect every gradient taken from them, through ``_add_at``
(an unbuffered ``+=``), which ``t[index]``'s backward (``indexing.py``) and ``CopySlices``
use too.
"""
import numpy as np

from .._numpy_names import numpy_names
from .. import _backend, _dtype
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from ._util import Held, wrap_dim


class Gather(Op):
    """``out[i][j] = input[i][index[i][j]]`` (dim=1): the index is no edge of the graph."""
    node_name = "GatherBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim", "index", "sparse_grad")

    @staticmethod
    def forward(ctx, a, dim, held):
        index = held.tensor
        ctx.save_for_backward(a)
        ctx.dim, ctx.index, ctx.sparse_grad = dim, index, False
        _check_gather_bounds(a, dim, index)
        x = a._data
        if x.ndim == 0:
            return x.reshape(index._data.shape).copy()
        # the index may be smaller than the input in the other dims: only that corner counts
        corner = tuple(slice(None) if d == dim else slice(0, n)
                       for d, n in enumerate(index._data.shape))
        return a._xp().take_along_axis(x[corner], index._data, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # repeated indices collect every gradient that was taken from them
        return grad.new_zeros(a.shape).scatter_add(ctx.dim, ctx.index, grad), None, None


def _check_gather_bounds(a, dim, index):
    size = a._data.shape[dim] if a._data.ndim else 1
    bad = (index._data < -size) | (index._data >= size) if index._data.size else None
    if bad is not None and bad.any():
        v = int(index._data[bad].reshape(-1)[0])
        raise RuntimeError(f"index {v} is out of bounds for dimension {dim} with size {size}")


def _scatter_index(xp, index, dim):
    """Full index arrays for ``out[.., index[i][j], ..] = src[i][j]`` along ``dim``."""
    idx = list(xp.indices(index.shape, sparse=True))
    idx[dim] = index
    return tuple(idx)


class Scatter(Op):
    """``input.scatter(dim, index, src)``: a copy of input with src written at index."""
    node_name = "ScatterBackward0"
    saved_attrs = ("dim", "index")

    @staticmethod
    def forward(ctx, a, dim, held, src):
        index = held.tensor
        ctx.dim, ctx.index = dim, index
        out = a._data.copy()
        if out.ndim == 0:
            return src._data.reshape(()).astype(out.dtype)
        k = index._data
        out[_scatter_index(a._xp(), k, dim)] = src._data[tuple(slice(0, n) for n in k.shape)]
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_src = ctx.needs_input_grad
        return (grad.scatter(ctx.dim, ctx.index, 0.0) if need_a else None, None, None,
                _src_grad(grad, ctx) if need_src else None)


class ScatterValue(Op):
    """``input.scatter(dim, index, number)``."""
    node_name = "ScatterBackward1"
    saved_attrs = ("dim", "index")

    @staticmethod
    def forward(ctx, a, dim, held, value):
        index = held.tensor
        ctx.dim, ctx.index = dim, index
        out = a._data.copy()
        if out.ndim == 0:
            out[...] = value             # (value + out * 0 would be nan for a nan or inf out)
            return out
        out[_scatter_index(a._xp(), index._data, dim)] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad.scatter(ctx.dim, ctx.index, 0.0), None, None, None


class ScatterAdd(Op):
    """``input.scatter_add(dim, index, src)``: src added in at index (repeats add up)."""
    node_name = "ScatterAddBackward0"
    saved_attrs = ("dim", "index")

    @staticmethod
    def forward(ctx, a, dim, held, src):
        index = held.tensor
        ctx.dim, ctx.index = dim, index
        xp = a._xp()
        out = a._data.copy()
        if out.ndim == 0:
            return out + src._data.sum().astype(out.dtype)
        k = index._data
        _add_at(xp, out, _scatter_index(xp, k, dim),
                src._data[tuple(slice(0, n) for n in k.shape)])
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_src = ctx.needs_input_grad
        return (grad if need_a else None, None, None,
                _src_grad(grad, ctx) if need_src else None)


def _src_grad(grad, ctx):
    """The gradient of scatter's ``src``: the gradient gathered at the index. Like PyTorch
    (whose engine then rejects it), a src larger than the index gets a gradient of the
    index's shape, so backward raises the same error as torch's."""
    return grad.gather(ctx.dim, ctx.index)


class IndexAdd(Op):
    """``input.index_add(dim, index, source, alpha=1)``: slices of source added at index."""
    node_name = "IndexAddBackward0"
    saved_names = ("source",)
    saved_attrs = ("alpha", "dim", "index", "source_dim")

    @staticmethod
    def forward(ctx, a, dim, held, source, alpha):
        index = held.tensor
        ctx.save_for_backward(source)
        ctx.alpha, ctx.dim, ctx.index, ctx.source_dim = alpha, dim, index, source.ndim
        xp = a._xp()
        out = a._data.copy()
        src = source._data if alpha == 1 else source._data * alpha
        if out.ndim == 0:
            return out + src.sum().astype(out.dtype)
        idx = (slice(None),) * dim + (index._data.reshape(-1),)
        _add_at(xp, out, idx, src.astype(out.dtype, copy=False))
        return out

    @staticmethod
    def backward(ctx, grad):
        need_a, _, _, need_src, _ = ctx.needs_input_grad
        g_src = None
        if need_src:
            g_src = grad.index_select(ctx.dim, ctx.index) if grad.ndim else grad
            if ctx.alpha != 1:
                g_src = g_src * ctx.alpha
        return (grad if need_a else None), None, None, g_src, None


def _add_at(xp, out, idx, values):
    if xp is np:
        np.add.at(out, idx, values)
    else:
        _backend.cupy_module().add.at(out, idx, values)


class IndexSelect(Op):
    node_name = "IndexSelectBackward0"
    saved_attrs = ("dim", "index", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, dim, held):
        index = held.tensor
        ctx.dim, ctx.index, ctx.self_sym_sizes = dim, index, Size(a._data.shape)
        x = a._data
        size = x.shape[dim] if x.ndim else 1
        k = index._data
        if k.size and ((k < -size) | (k >= size)).any():
            raise IndexError("index out of range in self")
        if x.ndim == 0:
            return x.reshape(k.shape).copy()
        return a._xp().take(x, k, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        return (grad.new_zeros(ctx.self_sym_sizes).index_add(ctx.dim, ctx.index, grad),
                None, None)


@numpy_names
def gather(input, dim, index, *, sparse_grad=False):
    """Values of ``input`` picked along ``dim`` by ``index`` (same number of dims).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1., 2.], [3., 4.]]).gather(1, torch.tensor([[1], [0]]))
    tensor([[2.],
            [3.]])
    """
    d = wrap_dim(dim, input.ndim)
    _check_index_tensor(index, "gather")
    _check_same_rank(input, index, "gather", d)
    return Gather.apply(input, d, Held(index))


@numpy_names
def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of ``input`` with ``src`` (a tensor or a number) written at ``index``."""
    d = wrap_dim(dim, input.ndim)
    _check_index_tensor(index, "scatter")
    if src is None:
        src = value
    if not isinstance(src, Tensor):
        return ScatterValue.apply(input, d, Held(index), src)
    _check_same_rank(input, index, "scatter", d, src)
    return Scatter.apply(input, d, Held(index), src)


@numpy_names
def scatter_add(input, dim, index, src):
    """A copy of ``input`` with ``src`` added in at ``index`` (repeated indices add up)."""
    d = wrap_dim(dim, input.ndim)
    _check_index_tensor(index, "scatter_add")
    _check_same_rank(input, index, "scatter_add", d, src)
    return ScatterAdd.apply(input, d, Held(index), src)


@numpy_names
def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with the slices of ``source`` added at positions ``index``."""
    d = wrap_dim(dim, input.ndim)
    return IndexAdd.apply(input, d, Held(index), source, alpha)


def _check_same_rank(input, index, name, dim=None, src=None):
    if index.ndim != input.ndim and not (input.ndim <= 1 and index.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input "
                           "tensor" if name == "gather" else
                           "Index tensor must have the same number of dimensions as self tensor")
    if dim is None or index.ndim != input.ndim:
        return
    ishape, xshape = list(index.shape), list(input.shape)
    too_big = any(i > x for d, (i, x) in enumerate(zip(ishape, xshape)) if d != dim)
    if name == "gather" and too_big:
        bad = next(d for d, (i, x) in enumerate(zip(ishape, xshape)) if d != dim and i > x)
        raise RuntimeError(f"Size does not match at dimension {bad} expected index {ishape} to "
                           f"be no larger than self {xshape} apart from dimension {dim}")
    if src is not None and (too_big or any(i > s_ for i, s_ in zip(ishape, src.shape))):
        raise RuntimeError(f"Expected index {ishape} to be no larger than self {xshape} apart "
                           f"from dimension {dim} and to be no larger size than src "
                           f"{list(src.shape)}")


@numpy_names
def index_select(input, dim, index):
    """The slices of ``input`` along ``dim`` at the positions in the 1-D ``index``."""
    d = wrap_dim(dim, input.ndim)
    _check_index_tensor(index, "index_select")
    if index.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    return IndexSelect.apply(input, d, Held(index.reshape(-1) if index.ndim == 0 and
                                            input.ndim else index))


def _check_index_tensor(index, name):
    if not isinstance(index, Tensor) or index._data.dtype.kind not in "iu":
        got = _dtype.type_name(index.dtype) if isinstance(index, Tensor) else type(index).__name__
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index" if name == "gather"
                           else f"{name}(): Expected dtype int32 or int64 for index")


def nonzero(input, *, as_tuple=False):
    xp = input._xp()
    x = input._data
    if x.ndim == 0:      # (NumPy refuses 0-d; torch: one row of no columns if it is nonzero)
        hit = int(bool(x))
        if as_tuple:
            return (Tensor._make(xp.zeros(hit, dtype=np.int64)),)
        return Tensor._make(xp.zeros((hit, 0), dtype=np.int64))
    idx = xp.nonzero(x)
    if as_tuple:
        return tuple(Tensor._make(i.astype(np.int64)) for i in idx)
    return Tensor._make(xp.stack(idx, axis=1).astype(np.int64))
