"""Joining and splitting: cat, stack (and hstack, vstack, dstack, column_stack), split,
chunk, unbind, tensor_split (and hsplit, vsplit, dsplit).

``cat``/``stack`` are one node with an edge per input (``CatBackward0``); ``split``,
``chunk`` and ``unbind`` are ONE node with several outputs (``SplitBackward0`` shared by every
piece, each piece its own ``output_nr``), exactly as in PyTorch. When only some pieces are
used, the engine hands the node zeros for the others, so backward always sees every gradient.
"""
import math

from .._numpy_names import numpy_names
from .. import _dtype
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from ._util import check_same_device, wrap_dim
from .rearrange import atleast_1d, atleast_2d, atleast_3d


def _type_name(t):
    return _dtype.type_name(t.dtype)


class Cat(Op):
    node_name = "CatBackward0"
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, *args):
        *tensors, dim, np_dtype = args
        ctx.dim = dim
        # legacy rule: 1-D empty tensors (torch.tensor([])) are skipped whatever the shape
        kept = [not _legacy_empty(t) for t in tensors]
        ctx.sizes = [t._data.shape[dim] if k else None for t, k in zip(tensors, kept)]
        arrays = [t._data.astype(np_dtype, copy=False) for t, k in zip(tensors, kept) if k]
        if not arrays:
            return tensors[0]._data.astype(np_dtype)
        return tensors[0]._xp().concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        grads, start = [], 0
        for size in ctx.sizes:
            grads.append(None if size is None else grad.narrow(ctx.dim, start, size))
            start += size or 0
        return tuple(grads) + (None, None)


def _legacy_empty(t):
    return t._data.ndim == 1 and t._data.size == 0


class Stack(Op):
    node_name = "StackBackward0"
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, *args):
        *tensors, dim, np_dtype = args
        ctx.dim = dim
        xp = tensors[0]._xp()
        return xp.stack([t._data.astype(np_dtype, copy=False) for t in tensors], axis=dim)

    @staticmethod
    def backward(ctx, grad):
        return tuple(grad.unbind(ctx.dim)) + (None, None)


def _tensor_list(tensors, name):
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    for t in tensors[1:]:
        check_same_device(tensors[0], t)
    return list(tensors)


def _result_dtype(tensors):
    out = tensors[0].dtype
    for t in tensors[1:]:
        out = _dtype.promote_types(out, t.dtype)
    return out


@numpy_names
def cat(tensors, dim=0, *, out=None):
    """Join tensors along an existing ``dim``; all other sizes must match.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.cat([torch.zeros(1, 2), torch.ones(1, 2)])
    tensor([[0., 0.],
            [1., 1.]])
    """
    tensors = _tensor_list(tensors, "cat")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    shaped = [t for t in tensors if not _legacy_empty(t)]
    ref = shaped[0] if shaped else tensors[0]
    for i, t in enumerate(tensors):
        if t.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               "concatenated")
    d = wrap_dim(dim, ref.ndim)
    for i, t in enumerate(tensors):
        if _legacy_empty(t):
            continue
        if t.ndim != ref.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.ndim} "
                               f"and {t.ndim}")
        for k in range(ref.ndim):
            if k != d and t._data.shape[k] != ref._data.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref._data.shape[k]} but got size "
                                   f"{t._data.shape[k]} for tensor number {i} in the list.")
    return Cat.apply(*tensors, d, _result_dtype(tensors).np)


concat = concatenate = cat


@numpy_names
def stack(tensors, dim=0, *, out=None):
    """Join equally shaped tensors along a new ``dim``."""
    tensors = _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    first = tensors[0]._data.shape
    for i, t in enumerate(tensors[1:], 1):
        if t._data.shape != first:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(first)} at entry 0 and {list(t._data.shape)} at entry {i}")
    d = wrap_dim(dim, len(first) + 1)
    return Stack.apply(*tensors, d, _result_dtype(tensors).np)


def _nonempty_list(tensors, name):
    tensors = _tensor_list(tensors, name)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


def hstack(tensors):
    """Join along dim 1 (dim 0 for 1-D tensors); 0-d tensors count as 1-D."""
    tensors = atleast_1d(_nonempty_list(tensors, "hstack"))
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    """Join along dim 0, 0-d and 1-D tensors made rows first (``atleast_2d``)."""
    return cat(atleast_2d(_nonempty_list(tensors, "vstack")), 0)


row_stack = vstack


def dstack(tensors):
    """Join along dim 2 (depth), after ``atleast_3d``: 1-D tensors become ``(1, n, 1)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.dstack([torch.tensor([1, 2]), torch.tensor([3, 4])])
    tensor([[[1, 3],
             [2, 4]]])
    """
    return cat(atleast_3d(_nonempty_list(tensors, "dstack")), 2)


def column_stack(tensors):
    """0-d and 1-D tensors as columns (shape ``(n, 1)``), then ``hstack``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.column_stack([torch.tensor([1, 2]), torch.tensor([3, 4])])
    tensor([[1, 3],
            [2, 4]])
    """
    tensors = _nonempty_list(tensors, "column_stack")
    return hstack([t.reshape(t.numel(), 1) if t.ndim <= 1 else t for t in tensors])


# ---------------------------------------------------------------------------- splitting
class _Pieces(Op):
    """Several views of one input along ``dim``: forward returns a tuple of arrays, backward
    receives one gradient per piece (zeros for unused pieces) and joins them again."""
    is_view = True

    @staticmethod
    def backward(ctx, *grads):
        return (cat(list(grads), ctx.dim),) + (None,) * (len(ctx.needs_input_grad) - 1)


class Split(_Pieces):
    node_name = "SplitBackward0"
    saved_attrs = ("dim", "self_sym_sizes", "split_size")

    @staticmethod
    def forward(ctx, a, split_size, dim):
        x = a._data
        ctx.dim, ctx.split_size, ctx.self_sym_sizes = dim, split_size, Size(x.shape)
        n = x.shape[dim]
        starts = list(range(0, n, split_size)) or [0]
        return tuple(x[(slice(None),) * dim + (slice(s, s + split_size),)] for s in starts)


class SplitWithSizes(_Pieces):
    node_name = "SplitWithSizesBackward0"
    saved_attrs = ("dim", "self_sym_sizes", "split_sizes")

    @staticmethod
    def forward(ctx, a, sizes, dim):
        x = a._data
        ctx.dim, ctx.split_sizes, ctx.self_sym_sizes = dim, sizes, Size(x.shape)
        out, start = [], 0
        for s in sizes:
            out.append(x[(slice(None),) * dim + (slice(start, start + s),)])
            start += s
        return tuple(out)


class Unbind(Op):
    node_name = "UnbindBackward0"
    saved_attrs = ("dim",)
    is_view = True

    @staticmethod
    def forward(ctx, a, dim):
        x = a._data
        ctx.dim = dim
        # ``...`` keeps 0-d pieces views (NumPy would hand back scalars)
        return tuple(x[(slice(None),) * dim + (i, Ellipsis)] for i in range(x.shape[dim]))

    @staticmethod
    def backward(ctx, *grads):
        return stack(list(grads), ctx.dim), None


def split(tensor, split_size_or_sections, dim=0):
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or pieces of the
    given sizes. The pieces are views sharing one ``SplitBackward0`` node."""
    d = wrap_dim(dim, tensor.ndim)
    if tensor.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    n = tensor._data.shape[d]
    if isinstance(split_size_or_sections, (list, tuple)):
        sizes = tuple(int(s) for s in split_size_or_sections)
        if sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got "
                               f"split_sizes={list(sizes)}")
        return SplitWithSizes.apply(tensor, sizes, d)
    size = int(split_size_or_sections)
    if size == 0 and n != 0:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension "
                           f"size of {n}")
    if size < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={size}")
    return Split.apply(tensor, size, d)


@numpy_names
def chunk(input, chunks, dim=0):
    """``chunks`` pieces of (nearly) equal size along ``dim``; a split with
    ``ceil(size / chunks)``, so there may be fewer pieces than asked for."""
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = wrap_dim(dim, input.ndim)
    if input.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    n = input._data.shape[d]
    return split(input, math.ceil(n / chunks), d)


@numpy_names
def unbind(input, dim=0):
    """The slices along ``dim`` as a tuple of views sharing one ``UnbindBackward0`` node."""
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    return Unbind.apply(input, wrap_dim(dim, input.ndim))


def _split_arg(name, given, **keywords):
    """The one way the pieces were asked for: positionally, or by torch's keyword of each
    overload (``sections=``, ``indices=``, ``tensor_indices_or_sections=``)."""
    asked = [v for v in (given, *keywords.values()) if v is not None]
    if len(asked) != 1:
        raise TypeError(f"{name}() received an invalid combination of arguments")
    return asked[0]


@numpy_names
def tensor_split(input, indices_or_sections=None, /, dim=0, *, sections=None, indices=None,
                 tensor_indices_or_sections=None):
    """Split along ``dim`` into ``sections`` nearly equal pieces (the first ``size %
    sections`` one longer), or at the given indices (NumPy's ``array_split``). Each piece is
    its own slice (``SliceBackward0``), a view.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.arange(7).tensor_split(3)
    (tensor([0, 1, 2]), tensor([3, 4]), tensor([5, 6]))
    >>> torch.arange(7).tensor_split([1, 5])
    (tensor([0]), tensor([1, 2, 3, 4]), tensor([5, 6]))
    """
    if input.ndim == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    split = _split_arg("tensor_split", indices_or_sections, sections=sections, indices=indices,
                       tensor_indices_or_sections=tensor_indices_or_sections)
    d = wrap_dim(dim, input.ndim)
    if isinstance(split, Tensor):
        if split._data.dtype.name != "int64":
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype "
                               f"of long, but got {_type_name(split)}")
        if split.ndim > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a "
                               f"zero-dimensional or one-dimensional tensor, but got a tensor "
                               f"with {split.ndim} dims")
        split = int(split.item()) if split.ndim == 0 else [int(i) for i in split.tolist()]
    from .indexing import Slice
    n = input._data.shape[d]
    if isinstance(split, (list, tuple)):
        bounds = [int(i) for i in split]
        starts, ends = [0] + bounds, bounds + [n]
    else:
        sections = int(split)
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        starts, ends, start = [], [], 0
        for i in range(sections):
            size = n // sections + (1 if i < n % sections else 0)
            starts.append(start)
            ends.append(start + size)
            start += size
    return tuple(Slice.apply(input, d, slice(s, e, 1)) for s, e in zip(starts, ends))


def _split_along(name, input, indices_or_sections, dim, min_dims):
    """hsplit/vsplit/dsplit: ``tensor_split`` along one dim; sections must divide it."""
    if input.ndim < min_dims:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dims} dimension, "
                           f"but got a tensor with {input.ndim} dimensions!")
    if not isinstance(indices_or_sections, (list, tuple)):
        sections, size = int(indices_or_sections), input._data.shape[dim]
        if sections == 0 or size % sections:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the "
                               f"size of the dimension {size} is not divisible by the "
                               f"split_size {sections}!")
    return tensor_split(input, indices_or_sections, dim)


def hsplit(input, indices_or_sections=None, /, *, sections=None, indices=None):
    """``tensor_split`` along dim 1 (dim 0 of a 1-D tensor): columns. A number of sections
    must divide that dim.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.arange(6).reshape(2, 3).hsplit([1])
    (tensor([[0],
            [3]]), tensor([[1, 2],
            [4, 5]]))
    """
    split = _split_arg("hsplit", indices_or_sections, sections=sections, indices=indices)
    return _split_along("hsplit", input, split, 0 if input.ndim == 1 else 1, 1)


def vsplit(input, indices_or_sections=None, /, *, sections=None, indices=None):
    """``tensor_split`` along dim 0: rows. A number of sections must divide that dim.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.arange(4).reshape(2, 2).vsplit(2)
    (tensor([[0, 1]]), tensor([[2, 3]]))
    """
    split = _split_arg("vsplit", indices_or_sections, sections=sections, indices=indices)
    return _split_along("vsplit", input, split, 0, 2)


def dsplit(input, indices_or_sections=None, /, *, sections=None, indices=None):
    """``tensor_split`` along dim 2: depth. A number of sections must divide that dim.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> [p.shape for p in torch.zeros(1, 2, 4).dsplit(2)]
    [torch.Size([1, 2, 2]), torch.Size([1, 2, 2])]
    """
    split = _split_arg("dsplit", indices_or_sections, sections=sections, indices=indices)
    return _split_along("dsplit", input, split, 2, 3)
