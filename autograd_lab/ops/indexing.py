"""Indexing: ``t[...]`` and ``t[...] = v``.

PyTorch applies integers, slices and ``None`` first, each as a view (``SelectBackward0``,
``SliceBackward0``, ``UnsqueezeBackward0``), then any tensor/list/mask indices as one
``IndexBackward0``. We follow the same order, so the graph and the result shapes match.
"""
import numpy as np

from .. import _backend, _dtype
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from ._util import Held, wrap_dim


class Select(Op):
    node_name = "SelectBackward0"
    saved_attrs = ("dim", "index", "self_sym_sizes")
    is_view = True

    @staticmethod
    def forward(ctx, a, dim, index):
        x = a._data
        size = x.shape[dim]
        if not -size <= index < size:
            raise IndexError(f"index {index} is out of bounds for dimension {dim} with size {size}")
        ctx.dim, ctx.index, ctx.self_sym_sizes = dim, index, Size(x.shape)
        return x[(slice(None),) * dim + (index,)]

    @staticmethod
    def backward(ctx, grad):
        idx = (slice(None),) * ctx.dim + (ctx.index,)
        return ScatterIntoZeros.apply(grad, ctx.self_sym_sizes, idx), None, None


class Slice(Op):
    node_name = "SliceBackward0"
    saved_attrs = ("dim", "start", "end", "step", "self_sym_sizes")
    is_view = True

    @staticmethod
    def forward(ctx, a, dim, sl):
        x = a._data
        if sl.step is not None and sl.step <= 0:
            raise ValueError("step must be greater than zero")
        start, end, step = sl.indices(x.shape[dim])
        ctx.dim, ctx.start, ctx.end, ctx.step = dim, start, max(end, start), step
        ctx.self_sym_sizes = Size(x.shape)
        return x[(slice(None),) * dim + (sl,)]

    @staticmethod
    def backward(ctx, grad):
        idx = (slice(None),) * ctx.dim + (slice(ctx.start, ctx.end, ctx.step),)
        return ScatterIntoZeros.apply(grad, ctx.self_sym_sizes, idx), None, None


class Index(Op):
    node_name = "IndexBackward0"
    saved_attrs = ("indices", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, index):
        x = a._data
        ctx.indices, ctx.self_sym_sizes = index, Size(x.shape)
        try:
            return x[index]
        except IndexError as exc:
            raise IndexError(str(exc).replace("axis", "dimension")) from None

    @staticmethod
    def backward(ctx, grad):
        return ScatterIntoZeros.apply(grad, ctx.self_sym_sizes, ctx.indices), None


class ScatterIntoZeros(Op):
    """A gradient placed into zeros at ``index`` (summing repeated indices): the backward of
    select, slice and index; itself differentiable for double backward."""
    node_name = "IndexPutBackward0"
    saved_attrs = ("index",)

    @staticmethod
    def forward(ctx, grad, shape, index):
        ctx.index = index
        xp = grad._xp()
        out = xp.zeros(tuple(shape), dtype=grad._data.dtype)
        if _is_basic(index):
            out[index] = grad._data
        else:
            xp.add.at(out, index, grad._data) if xp is np else \
                _backend.cupy_module().add.at(out, index, grad._data)
        return out

    @staticmethod
    def backward(ctx, grad):
        return Index.apply(grad, ctx.index), None, None


class IndexPut(Op):
    """``t[index] = value`` recorded in the graph (``CopySlices`` for basic indexing)."""
    node_name = "IndexPutBackward0"
    saved_attrs = ("index",)

    @staticmethod
    def forward(ctx, a, index, value):
        ctx.index = index
        out = a._data.copy()
        out[index] = value._data.astype(out.dtype, copy=False)
        return out

    @staticmethod
    def backward(ctx, grad):
        g_self = grad.clone() if ctx.needs_input_grad[0] else None
        if g_self is not None:
            g_self._data[ctx.index] = 0
        g_value = Index.apply(grad, ctx.index) if ctx.needs_input_grad[2] else None
        return g_self, None, g_value


class CopySlices(IndexPut):
    node_name = "CopySlices"
    torch_name = "torch::autograd::CopySlices"


def _is_basic(index):
    items = index if isinstance(index, tuple) else (index,)
    return all(isinstance(i, (int, slice, type(None), type(Ellipsis))) for i in items)


def _to_index_array(obj, xp):
    if isinstance(obj, Tensor):
        arr = obj._data
        if arr.dtype.kind not in "biu":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return arr
    arr = xp.asarray(obj)
    if arr.dtype.kind == "f":
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    return arr


def _consumes(it):
    """How many dims of the tensor an index item uses up (a bool mask: all of its own)."""
    if it is None or it is Ellipsis or isinstance(it, bool):
        return 0
    arr = it._data if isinstance(it, Tensor) else it if isinstance(it, np.ndarray) else None
    if arr is not None and arr.dtype.kind == "b":
        return arr.ndim
    return 1


def _expand_ellipsis(index, ndim):
    items = list(index) if isinstance(index, tuple) else [index]
    consumed = sum(_consumes(it) for it in items)
    if consumed > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    pos = next((k for k, it in enumerate(items) if it is Ellipsis), None)
    if pos is not None:
        items[pos:pos + 1] = [slice(None)] * (ndim - consumed)
    return items


def _is_advanced(it):
    return isinstance(it, (Tensor, list, np.ndarray)) or (
        not isinstance(it, (int, slice, type(None))) and hasattr(it, "__len__"))


def getitem(t, index):
    items = _expand_ellipsis(index, t.ndim)
    out, dim = t, 0
    advanced = []
    for it in items:
        if it is None:
            out = out.unsqueeze(dim)
            dim += 1
        elif isinstance(it, bool):
            out = out.unsqueeze(dim)
            if not it:
                out = Index.apply(out, (slice(None),) * dim + (np.zeros(0, dtype=np.int64),))
            dim += 1
        elif isinstance(it, (int, np.integer)) or (isinstance(it, Tensor) and it.ndim == 0 and
                                                   it._data.dtype.kind in "iu"):
            out = Select.apply(out, dim, int(it))
        elif isinstance(it, slice):
            if it != slice(None) or it.step not in (None, 1):
                out = Slice.apply(out, dim, slice(_int(it.start), _int(it.stop), _int(it.step)))
            dim += 1
        else:
            arr = _to_index_array(it, out._xp())
            advanced.append((dim, arr))
            dim += arr.ndim if arr.dtype.kind == "b" else 1
    if not advanced:
        if out is t:                      # t[:] and t[...] are still views in PyTorch
            out = Slice.apply(t, 0, slice(None)) if t.ndim else t.view(())
        return out
    full = [slice(None)] * out.ndim
    spans = []
    for d, arr in advanced:
        full[d] = arr
        spans.append(d)
    # merge bool masks spanning several dims into numpy's form
    idx = []
    skip = 0
    for k, item in enumerate(full):
        if skip:
            skip -= 1
            continue
        idx.append(item)
        if isinstance(item, (np.ndarray,)) or type(item).__module__.startswith("cupy"):
            if item.dtype.kind == "b":
                skip = item.ndim - 1
    return Index.apply(out, tuple(idx))


def _int(v):
    if v is None:
        return None
    return int(v)


def setitem(t, index, value):
    from .inplace import inplace
    np_index = _numpy_index(t, index)
    if not isinstance(value, Tensor):
        v = t._xp().asarray(value, dtype=t._data.dtype)
        value = Tensor._make(v)
    op = CopySlices if _is_basic(np_index) else IndexPut
    return inplace(t, lambda s, i, v: op.apply(s, i, v), np_index, value, via_view=True)


def _numpy_index(t, index):
    """A NumPy index equivalent to PyTorch's for ``t[index] = ...``."""
    items = index if isinstance(index, tuple) else (index,)
    xp = t._xp()
    out = []
    for it in items:
        if isinstance(it, Tensor):
            out.append(it._data if it.ndim else it.item())
        elif isinstance(it, list):
            out.append(_to_index_array(it, xp))
        else:
            out.append(it)
    return tuple(out)


# ---------------------------------------------------------------------------- gathers
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
        if a._data.ndim == 0:
            return a._data.reshape(index._data.shape).copy()
        return a._xp().take_along_axis(a._data, index._data, axis=dim)

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
                grad.gather(ctx.dim, ctx.index) if need_src else None)


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
            return out.dtype.type(value) + out * 0
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
                grad.gather(ctx.dim, ctx.index) if need_src else None)


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
    _check_same_rank(input, index, "gather")
    return Gather.apply(input, d, Held(index))


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of ``input`` with ``src`` (a tensor or a number) written at ``index``."""
    d = wrap_dim(dim, input.ndim)
    _check_index_tensor(index, "scatter")
    if src is None:
        src = value
    if not isinstance(src, Tensor):
        return ScatterValue.apply(input, d, Held(index), src)
    _check_same_rank(input, index, "scatter")
    return Scatter.apply(input, d, Held(index), src)


def scatter_add(input, dim, index, src):
    """A copy of ``input`` with ``src`` added in at ``index`` (repeated indices add up)."""
    d = wrap_dim(dim, input.ndim)
    _check_index_tensor(index, "scatter_add")
    _check_same_rank(input, index, "scatter_add")
    return ScatterAdd.apply(input, d, Held(index), src)


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with the slices of ``source`` added at positions ``index``."""
    d = wrap_dim(dim, input.ndim)
    return IndexAdd.apply(input, d, Held(index), source, alpha)


def _check_same_rank(input, index, name):
    if index.ndim != input.ndim and not (input.ndim <= 1 and index.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input "
                           "tensor" if name == "gather" else
                           "Index tensor must have the same number of dimensions as self tensor")


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
        raise RuntimeError(f"{name}(): Expected dtype int64 for index" if name == "gather"
                           else f"{name}(): Expected dtype int32 or int64 for index")


def nonzero(input, *, as_tuple=False):
    xp = input._xp()
    idx = xp.nonzero(input._data)
    if as_tuple:
        return tuple(Tensor._make(i.astype(np.int64)) for i in idx)
    return Tensor._make(xp.stack(idx, axis=1).astype(np.int64) if idx else
                        xp.zeros((0, 0), dtype=np.int64))
