"""Indexing: ``t[...]`` and ``t[...] = v``.

``t[...]`` works as PyTorch's: integers, slices and ``None`` first, each as a view
(``SelectBackward0``, ``SliceBackward0``, ``UnsqueezeBackward0``), then all tensor, list and
mask indices together as one copy (``IndexBackward0``). Doing it in that order gives torch's
graph and torch's result shapes (which differ from NumPy's when an integer and a list are
separated by a slice: ``x[1, :, [0, 1]]``).

``t[...] = v`` writes in place: into the view the basic part picks (``CopySlices`` on ``t``
when autograd records it), with ``index_put_`` (``IndexPutBackward0``) for tensor/list/mask
indices, with torch's broadcasting of ``v``.

gather, scatter, index_select, index_add and nonzero, the ops that take or give index
tensors, are in ``gather_scatter.py``.
"""
import warnings

import numpy as np

from .._numpy_names import numpy_names
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from ._util import Held, wrap_dim
from .gather_scatter import _add_at


# ---------------------------------------------------------------------------- views
class Select(Op):
    """``t[i]`` along ``dim``: a view with that dim removed."""
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
        return x[(slice(None),) * dim + (index, Ellipsis)]   # ``...`` keeps a 0-d view

    @staticmethod
    def backward(ctx, grad):
        return SelectBackward.apply(grad, ctx.self_sym_sizes, ctx.dim, ctx.index), None, None


class SelectBackward(Op):
    """Select's gradient: ``grad`` placed at ``index`` in zeros (``SelectBackwardBackward0``
    when differentiated again, as in PyTorch)."""
    node_name = "SelectBackwardBackward0"
    saved_attrs = ("dim", "index")

    @staticmethod
    def forward(ctx, grad, shape, dim, index):
        ctx.dim, ctx.index = dim, index
        out = grad._xp().zeros(tuple(shape), dtype=grad._data.dtype)
        out[(slice(None),) * dim + (index,)] = grad._data
        return out

    @staticmethod
    def backward(ctx, gg):
        return Select.apply(gg, ctx.dim, ctx.index), None, None, None


class Slice(Op):
    """``t[start:stop:step]`` along ``dim``: a view."""
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
        sl = slice(ctx.start, ctx.end, ctx.step)
        return SliceBackward.apply(grad, ctx.self_sym_sizes, ctx.dim, sl), None, None


class SliceBackward(Op):
    node_name = "SliceBackwardBackward0"
    saved_attrs = ("dim", "start", "end", "step")

    @staticmethod
    def forward(ctx, grad, shape, dim, sl):
        ctx.dim, ctx.sl = dim, sl
        ctx.start, ctx.end, ctx.step = sl.start, sl.stop, sl.step
        out = grad._xp().zeros(tuple(shape), dtype=grad._data.dtype)
        out[(slice(None),) * dim + (sl,)] = grad._data
        return out

    @staticmethod
    def backward(ctx, gg):
        return Slice.apply(gg, ctx.dim, ctx.sl), None, None, None


class Alias(Op):
    """``t[...]``: the same data as a new tensor (a view of all of it)."""
    node_name = "AliasBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, a):
        return a._data.view()

    @staticmethod
    def backward(ctx, grad):
        return grad


@numpy_names
def select(input, dim, index):
    """``input`` at ``index`` along ``dim`` (a view without that dim)."""
    return Select.apply(input, wrap_dim(dim, input.ndim), int(index))


# ---------------------------------------------------------------------------- advanced
class Index(Op):
    """Tensor, list and mask indices (NumPy's "advanced" indexing): a copy. Repeated
    positions collect every gradient taken from them."""
    node_name = "IndexBackward0"
    saved_attrs = ("indices", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, held):
        index = held.tensor
        x = a._data
        ctx.index, ctx.self_sym_sizes = index, Size(x.shape)
        ctx.indices = tuple(None if isinstance(i, slice) else Tensor._make(i) for i in index)
        try:
            return x[index]
        except IndexError as exc:
            raise IndexError(str(exc).replace("axis", "dimension")) from None

    @staticmethod
    def backward(ctx, grad):
        zeros = grad.new_zeros(ctx.self_sym_sizes)
        return IndexPutImpl.apply(zeros, Held(ctx.index), grad, True), None


class IndexPutImpl(Op):
    """``base[index] = values`` (or ``+=`` with ``accumulate``) out of place: Index's
    gradient (``IndexPutImplBackward0`` when differentiated again)."""
    node_name = "IndexPutImplBackward0"
    saved_attrs = ("accumulate", "indices")

    @staticmethod
    def forward(ctx, base, held, values, accumulate):
        index = held.tensor
        ctx.index, ctx.accumulate = index, accumulate
        xp = base._xp()
        out = base._data.copy()
        v = values._data.astype(out.dtype, copy=False)
        if accumulate:
            _add_at(xp, out, index, v)
        else:
            out[index] = v
        return out

    @staticmethod
    def backward(ctx, grad):
        need_base, _, need_values, _ = ctx.needs_input_grad
        g_base = None
        if need_base:
            g_base = grad if ctx.accumulate else \
                IndexPutImpl.apply(grad, Held(ctx.index), grad.new_zeros(()), False)
        return (g_base, None, Index.apply(grad, Held(ctx.index)) if need_values else None, None)


def _index_array(item, xp, dims_left):
    """A tensor, list, tuple or ndarray index as an integer or bool array."""
    if isinstance(item, Tensor):
        arr = item._data
    else:
        try:
            arr = xp.asarray(item)
        except (ValueError, TypeError):
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                             f"byte Variables are valid indices (got {type(item).__name__})")
        if arr.dtype.kind not in "biuf" or arr.dtype.kind == "f" and arr.size == 0:
            arr = arr.astype(np.int64)
    if arr.dtype.kind == "u" and arr.dtype == np.uint8:
        warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                      "torch.bool instead.", UserWarning, stacklevel=4)
        arr = arr.astype(bool)
    if arr.dtype.kind not in "biu":
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    return arr


def _kind(item):
    """What one index item does: none, ellipsis, bool, int, slice or advanced."""
    if item is None:
        return "none"
    if item is Ellipsis:
        return "ellipsis"
    if isinstance(item, (bool, np.bool_)):
        return "bool"
    if isinstance(item, (int, np.integer)):
        return "int"
    if isinstance(item, slice):
        return "slice"
    if isinstance(item, Tensor) and item.ndim == 0 and item._data.dtype.kind in "iu" \
            and item._data.dtype != np.uint8:
        return "int"
    # a range is a sequence of ints to torch, as a list is: x[range(n), labels]
    if isinstance(item, (Tensor, list, tuple, range, np.ndarray)) or \
            type(item).__module__ == "cupy":
        return "advanced"
    raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                     f"Variables are valid indices (got {type(item).__name__})")


def _parse(t, index):
    """Split an index into per-item actions, with the ellipsis expanded and arrays made."""
    items = list(index) if isinstance(index, tuple) else [index]
    if t.ndim == 0 and any(_kind(it) in ("int", "slice") for it in items):
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                         "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    kinds = [_kind(it) for it in items]
    xp = t._xp()
    arrays = {}
    consumed = 0
    for k, (it, kind) in enumerate(zip(items, kinds)):
        if kind in ("int", "slice"):
            consumed += 1
        elif kind == "advanced":
            arr = _index_array(it, xp, t.ndim - consumed)
            arrays[k] = arr
            consumed += arr.ndim if arr.dtype.kind == "b" else 1
    if consumed > t.ndim:
        raise IndexError(f"too many indices for tensor of dimension {t.ndim}")
    return items, kinds, arrays, t.ndim - consumed


def _apply_basic(t, index):
    """The view part of ``t[index]`` and the advanced indices left to apply to it:
    ``(view, [(dim, array), ...])``."""
    items, kinds, arrays, spare = _parse(t, index)
    single = not isinstance(index, tuple)
    out, dim, advanced, seen_ellipsis = t, 0, [], False
    for k, (it, kind) in enumerate(zip(items, kinds)):
        if kind == "none":
            out = Unsqueeze_(out, dim)
            dim += 1
        elif kind == "ellipsis":
            if not seen_ellipsis:
                dim += spare
            seen_ellipsis = True
        elif kind == "bool":
            # a Python bool adds a dim of size 1, then keeps it (True) or empties it (False)
            out = Unsqueeze_(out, dim)
            advanced.append((dim, t._xp().zeros(1 if it else 0, dtype=np.int64)))
            dim += 1
        elif kind == "int":
            out = Select.apply(out, dim, int(it))
        elif kind == "slice":
            size = out._data.shape[dim]
            full = it.start in (None, 0) and it.step in (None, 1) and \
                (it.stop is None or it.stop >= size)
            if single or not full:          # torch skips full slices inside a tuple
                out = Slice.apply(out, dim, slice(_int(it.start), _int(it.stop), _int(it.step)))
            dim += 1
        else:
            arr = arrays[k]
            if arr.dtype.kind == "b" and arr.ndim == 0:
                # a 0-d mask acts as a Python bool does (torch): a new dim, kept or emptied
                out = Unsqueeze_(out, dim)
                advanced.append((dim, t._xp().zeros(1 if bool(arr) else 0, dtype=np.int64)))
                dim += 1
            elif arr.dtype.kind == "b":
                _check_mask(arr, out, dim)
                advanced.append((dim, arr))
                dim += arr.ndim
            else:
                advanced.append((dim, arr))
                dim += 1
    return out, advanced


def Unsqueeze_(t, dim):
    from .shape import Unsqueeze
    return Unsqueeze.apply(t, dim)


def _check_mask(mask, t, dim):
    shape = t._data.shape
    for j, n in enumerate(mask.shape):
        if dim + j >= len(shape) or shape[dim + j] != n:
            raise IndexError(f"The shape of the mask {list(mask.shape)} at index {j} does not "
                             f"match the shape of the indexed tensor {list(shape)} at index "
                             f"{dim + j}")


def _numpy_index(advanced, ndim):
    """The advanced part as a NumPy index over all dims (``:`` where no array)."""
    full = [slice(None)] * ndim
    for d, arr in advanced:
        full[d] = arr
    out, skip = [], 0
    for item in full:
        if skip:                       # dims already covered by a multi-dim bool mask
            skip -= 1
            continue
        out.append(item)
        if not isinstance(item, slice) and item.dtype.kind == "b":
            skip = item.ndim - 1
    while out and isinstance(out[-1], slice) and out[-1] == slice(None):
        out.pop()
    _check_broadcastable([a for a in out if not isinstance(a, slice)])
    return tuple(out)


def _check_broadcastable(arrays):
    shapes = [a.shape if a.dtype.kind != "b" else (int(a.sum()),) for a in arrays]
    try:
        np.broadcast_shapes(*shapes)
    except ValueError:
        raise IndexError("shape mismatch: indexing tensors could not be broadcast together "
                         "with shapes " + ", ".join(str(list(s)) for s in shapes)) from None


def getitem(t, index):
    """``t[index]``: views for integers, slices, None and ``...``; one ``IndexBackward0``
    copy for tensor, list and mask indices."""
    out, advanced = _apply_basic(t, index)
    if not advanced:
        if out is t:                    # x[...] and x[:, :] still give a new tensor (a view)
            return Alias.apply(t)
        return out
    return Index.apply(out, Held(_numpy_index(advanced, out.ndim)))


def _int(v):
    if v is None:
        return None
    return int(v)


# ---------------------------------------------------------------------------- assignment
class IndexPut(Op):
    """``t.index_put_(indices, values)`` out of place (the in-place machinery writes the
    result back into ``t``): ``values`` at the tensor/list/mask index ``held`` (a NumPy
    index). The overwritten places give no gradient to ``t``'s old values; ``values`` gets
    the gradient at those places."""
    node_name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx, a, held, value):
        index = held.tensor
        ctx.index = index
        out = a._data.copy()
        try:
            out[index] = value._data.astype(out.dtype, copy=False)
        except IndexError as exc:
            raise IndexError(str(exc).replace("axis", "dimension")) from None
        return out

    @staticmethod
    def backward(ctx, grad):
        need_self, _, need_value = ctx.needs_input_grad
        held = Held(ctx.index)
        return (IndexPut.apply(grad, held, grad.new_zeros(())) if need_self else None, None,
                Index.apply(grad, held) if need_value else None)    # (summed to value's shape)


def setitem(t, index, value):
    """``t[index] = value`` in place, as PyTorch does it: the integers, slices, ``None`` and
    ``...`` of the index pick a view of ``t``; ``value`` is copied into that view
    (``copy_``, or ``fill_`` for a 0-d value), or, with tensor/list/mask indices, put at
    them (``index_put_``, ``IndexPutBackward0``). Writing into a view of a tensor that
    requires grad gives that tensor a ``CopySlices`` node (see :mod:`.copy_slices`).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([1., 2., 3.], requires_grad=True)
    >>> y = x * 1
    >>> y[0] = 5.
    >>> y
    tensor([5., 2., 3.], grad_fn=<CopySlices>)
    >>> y.sum().backward(); x.grad
    tensor([0., 1., 1.])
    """
    if not isinstance(value, Tensor):
        value = Tensor._make(t._xp().asarray(value, dtype=t._data.dtype))
    if index is False or index is None or index is True:
        if index is False:              # (torch writes nothing, not even the version)
            return
        _copy_to(Unsqueeze_(t, 0), value)
        return
    if _selects_all(index):             # t[...] = v, t[:] = v: into t itself, no view
        _copy_to(t, value)
        return
    target, advanced = _apply_basic(t, index)
    if not advanced:
        _copy_to(target, value)
        return
    adv = _numpy_index(advanced, target.ndim)
    if value.ndim:
        stripped = _without_leading_ones(value._data.shape)
        if stripped != value._data.shape:
            value = value.view(stripped)
        try:
            shape = target._data[adv].shape
        except IndexError as exc:
            raise IndexError(str(exc).replace("axis", "dimension")) from None
        try:
            np.broadcast_shapes(value._data.shape, shape)
        except ValueError:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(value.shape)} "
                               f"cannot be broadcast to indexing result of shape "
                               f"{list(shape)}") from None
    from .inplace import inplace
    inplace(target, IndexPut.apply, Held(adv), value)


def _copy_to(dst, value):
    """PyTorch's ``copy_to`` of an assignment: ``copy_`` when the shapes agree, ``fill_``
    for a 0-d value, else the value without its leading 1s, expanded, then ``copy_``."""
    from .inplace import copy_, fill_
    if value._data.shape == dst._data.shape:
        copy_(dst, value)
    elif value.ndim == 0:
        fill_(dst, value)
    else:
        value = value.view(_without_leading_ones(value._data.shape))
        if value._data.shape != dst._data.shape:
            value = value.expand(dst._data.shape)
        copy_(dst, value)


def _without_leading_ones(shape):
    """torch strips leading size-1 dims off an assigned value (NumPy's rule)."""
    k = 0
    while k < len(shape) and shape[k] == 1:
        k += 1
    return tuple(shape[k:])


def _selects_all(index):
    """``t[...] = v`` and ``t[:] = v`` write into ``t`` itself (no view in between)."""
    items = index if isinstance(index, tuple) else (index,)
    return all(it is Ellipsis or (isinstance(it, slice) and it == slice(None)) for it in items)
