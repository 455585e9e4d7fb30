"""Indexing: ``t[...]`` and ``t[...] = v``.

PyTorch applies integers, slices and ``None`` first, each as a view (``SelectBackward0``,
``SliceBackward0``, ``UnsqueezeBackward0``), then any tensor/list/mask indices as one
``IndexBackward0``. We follow the same order, so the graph and the result shapes match.
"""
import numpy as np

from .. import _backend
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor


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
    node_name = "GatherBackward0"
    saved_names = ("self", "index")
    saved_attrs = ("dim", "sparse_grad")

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.save_for_backward(a, index)
        ctx.dim, ctx.sparse_grad = dim, False
        return a._xp().take_along_axis(a._data, index._data, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        a, index = ctx.saved_tensors
        return ScatterAdd.apply(grad, a.shape, ctx.dim, index), None, None


class ScatterAdd(Op):
    node_name = "ScatterAddBackward0"
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, src, shape, dim, index):
        ctx.dim, ctx.index = dim, index
        xp = src._xp()
        out = xp.zeros(tuple(shape), dtype=src._data.dtype)
        idx = list(xp.indices(index._data.shape, sparse=True))
        idx[dim] = index._data
        xp.add.at(out, tuple(idx), src._data)
        return out

    @staticmethod
    def backward(ctx, grad):
        return gather(grad, ctx.dim, ctx.index), None, None, None


class IndexSelect(Op):
    node_name = "IndexSelectBackward0"
    saved_names = ("index",)
    saved_attrs = ("dim", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.save_for_backward(index)
        ctx.dim, ctx.self_sym_sizes = dim, Size(a._data.shape)
        return a._xp().take(a._data, index._data, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        index, = ctx.saved_tensors
        idx = (slice(None),) * ctx.dim + (index._data,)
        return ScatterIntoZeros.apply(grad, ctx.self_sym_sizes, idx), None, None


def gather(input, dim, index):
    from ._util import wrap_dim
    return Gather.apply(input, wrap_dim(dim, input.ndim), index)


def index_select(input, dim, index):
    from ._util import wrap_dim
    return IndexSelect.apply(input, wrap_dim(dim, input.ndim), index)


def nonzero(input, *, as_tuple=False):
    xp = input._xp()
    idx = xp.nonzero(input._data)
    if as_tuple:
        return tuple(Tensor._make(i.astype(np.int64)) for i in idx)
    return Tensor._make(xp.stack(idx, axis=1).astype(np.int64) if idx else
                        xp.zeros((0, 0), dtype=np.int64))
