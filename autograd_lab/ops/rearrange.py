"""Rearranging ops: roll, rot90, fliplr/flipud, tile, repeat_interleave, the atleast_Nd
family, ravel, broadcast_tensors/broadcast_shapes, meshgrid, cartesian_prod and diff.
(``unfold`` and ``as_strided``, views picked out of memory by strides, are in ``strided.py``.)

Only ``roll`` and ``rot90`` are nodes of their own (``RollBackward0``, ``Rot90Backward0``);
the rest are built from other ops exactly as PyTorch builds them, so that the graph a learner
sees is torch's: ``repeat_interleave(x, 2)`` is an unsqueeze, an expand, a clone and a view;
``diff`` is two slices and a subtraction; ``meshgrid`` views and expands (its outputs share
memory with the inputs).
"""
import warnings

import numpy as np

from .._numpy_names import numpy_names
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from ._util import broadcast_shapes as _broadcast_pair
from ._util import shape_args, wrap_dim
from .shape import expand, flip, reshape, repeat, view


# ---------------------------------------------------------------------------- roll, rot90
class Roll(Op):
    """Shift the elements along ``dims`` by ``shifts``, wrapping around (a copy). With no
    dims the tensor is rolled as if flattened. The gradient rolls back by ``-shifts``."""
    node_name = "RollBackward0"
    saved_attrs = ("dims", "shifts")

    @staticmethod
    def forward(ctx, a, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        x = a._data
        if x.size == 0:
            return x.copy()
        if not dims:
            return a._xp().roll(x.reshape(-1), shifts[0]).reshape(x.shape)
        return a._xp().roll(x, shifts, axis=tuple(d % x.ndim for d in dims))

    @staticmethod
    def backward(ctx, grad):
        return grad.roll(tuple(-s for s in ctx.shifts), ctx.dims), None, None


def _int_tuple(v):
    return tuple(int(i) for i in v) if isinstance(v, (tuple, list)) else (int(v),)


def roll(input, shifts, dims=None):
    """Shift elements along ``dims`` by ``shifts`` places; those that fall off one end come
    back at the other. Without ``dims`` the flattened tensor is rolled.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.roll(torch.tensor([1, 2, 3, 4]), 1)
    tensor([4, 1, 2, 3])
    """
    shifts = _int_tuple(shifts)
    dims = () if dims is None else _int_tuple(dims)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if len(shifts) != len(dims) and not (len(shifts) == 1 and not dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                           f"dims:{len(dims)}")
    if input.ndim == 0 and dims:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    for d in dims:
        wrap_dim(d, input.ndim)
    return Roll.apply(input, shifts, dims)     # (the node keeps the dims as given)


class Rot90(Op):
    """Rotate by ``k`` quarter turns in the plane of ``dims``, from the first dim towards the
    second. As in PyTorch the result is a flipped copy, transposed for odd ``k`` (so it is
    not contiguous then); the gradient turns back by ``-k``."""
    node_name = "Rot90Backward0"
    saved_attrs = ("dims", "k")

    @staticmethod
    def forward(ctx, a, k, dims):
        ctx.k, ctx.dims = k, dims
        x, xp = a._data, a._xp()
        d0, d1 = dims[0] % x.ndim, dims[1] % x.ndim
        turns = k % 4
        if turns == 1:
            return xp.flip(x, d1).copy().swapaxes(d0, d1)
        if turns == 2:
            return xp.flip(x, (d0, d1)).copy()
        if turns == 3:
            return xp.flip(x, d0).copy().swapaxes(d0, d1)
        return x.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad.rot90(-ctx.k, ctx.dims), None, None


def rot90(input, k=1, dims=(0, 1)):
    """Rotate ``k`` times by 90 degrees in the plane of ``dims``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.rot90(torch.tensor([[1, 2], [3, 4]]))
    tensor([[2, 4],
            [1, 3]])
    """
    dims = tuple(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    n = input.ndim
    if n < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {n}")
    d0, d1 = wrap_dim(dims[0], n), wrap_dim(dims[1], n)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} "
                           f"and dim1 = {dims[1]}")
    return Rot90.apply(input, int(k), dims)    # (the node keeps the dims as given)


def fliplr(input):
    """Reverse the columns (dim 1); a copy (``FlipBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.fliplr(torch.tensor([[1, 2, 3]]))
    tensor([[3, 2, 1]])
    """
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, 1)


def flipud(input):
    """Reverse the rows (dim 0); a copy (``FlipBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.flipud(torch.tensor([[1, 2], [3, 4]]))
    tensor([[3, 4],
            [1, 2]])
    """
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, 0)


# ---------------------------------------------------------------------------- repeating
def tile(input, dims):
    """``repeat``, with ``dims`` padded by leading 1s when shorter than the tensor's dims
    (NumPy's ``tile``), so ``tile(x, (2,))`` repeats the last dim.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tile(torch.tensor([[1, 2]]), (2,))
    tensor([[1, 2, 1, 2]])
    """
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"tile(): argument 'dims' (position 2) must be tuple of ints, not "
                        f"{type(dims).__name__}")
    reps = shape_args(tuple(dims))
    reps = (1,) * (input.ndim - len(reps)) + reps
    return repeat(input, reps)


@numpy_names
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Repeat each element (each slice along ``dim``) ``repeats`` times in place, where
    ``repeat`` repeats the whole tensor. ``repeats`` may be a tensor giving one count per
    slice. With ``dim=None`` the flattened input is used. ``repeat_interleave(counts)`` alone
    gives ``0`` ``counts[0]`` times, ``1`` ``counts[1]`` times...

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([1, 2]).repeat_interleave(2)
    tensor([1, 1, 2, 2])
    >>> torch.repeat_interleave(torch.tensor([2, 1]))
    tensor([0, 0, 1])
    """
    if repeats is None:                       # repeat_interleave(counts): the indices
        return _repeat_indices(input, output_size)
    if not isinstance(repeats, Tensor):
        return _repeat_interleave_int(input, int(repeats), dim, output_size)
    x = input
    if dim is None:
        x, dim = input.flatten(), 0   # (itself when already 1-D)
    d = wrap_dim(dim, x.ndim)
    n = x._data.shape[d] if x.ndim else 1
    if repeats.ndim == 0 or repeats.ndim == 1 and repeats._data.shape[0] == 1:
        repeats = expand(reshape(repeats, 1), n)
    elif repeats.ndim == 1:
        if repeats._data.shape[0] != n:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got "
                               f"repeats.size(0) = {repeats._data.shape[0]} and input.size({d}) "
                               f"= {n}")
    else:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    from .gather_scatter import index_select
    return index_select(x, d, _repeat_indices(repeats, output_size))


def _repeat_interleave_int(input, repeats, dim, output_size):
    """PyTorch's composite: unsqueeze after ``dim``, expand that new dim to ``repeats``,
    copy, and merge the two dims again."""
    x = input if dim is not None else input.flatten()
    d = wrap_dim(0 if dim is None else dim, input.ndim)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    x = x.unsqueeze(d + 1)
    shape = list(x.shape)
    shape[d + 1] = repeats
    if output_size is not None and output_size != repeats * shape[d]:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected "
                           f"{repeats * shape[d]} but got {output_size}")
    return expand(x, shape).clone().flatten(d, d + 1)


def _repeat_indices(counts, output_size):
    """``i`` repeated ``counts[i]`` times, in ``counts``' dtype."""
    from .. import _dtype
    if counts.ndim != 1:
        raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
    c = counts._data
    if c.dtype.kind not in "iu" or c.dtype.itemsize not in (4, 8):
        raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for "
                                  f"'{_dtype.type_name(counts.dtype)}'")
    if c.size and (c < 0).any():
        raise RuntimeError("repeats can not be negative")
    xp = counts._xp()
    # (CuPy's repeat takes the counts as a Python list, not as an array)
    out = xp.repeat(xp.arange(c.size, dtype=c.dtype), c if xp is np else c.tolist())
    if output_size is not None and output_size != out.size:
        raise RuntimeError("allocated size does not match required size")
    return Tensor._make(out)


# ---------------------------------------------------------------------------- atleast_Nd
def _each(tensors, one):
    """The atleast functions take one tensor (answer: a tensor) or several, or a list or
    tuple of them (answer: a tuple)."""
    if len(tensors) == 1 and isinstance(tensors[0], Tensor):
        return one(tensors[0])
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    return tuple(one(t) for t in tensors)


def _atleast_1d(t):
    return reshape(t, 1) if t.ndim == 0 else t


def _atleast_2d(t):
    if t.ndim == 0:
        return reshape(t, (1, 1))
    return t.unsqueeze(0) if t.ndim == 1 else t


def _atleast_3d(t):
    if t.ndim == 0:
        return reshape(t, (1, 1, 1))
    if t.ndim == 1:
        return t.unsqueeze(0).unsqueeze(-1)
    return t.unsqueeze(-1) if t.ndim == 2 else t


def atleast_1d(*tensors):
    """Tensors with at least one dim: a 0-d tensor becomes shape ``(1,)`` (a view); others
    come back as they are (the very same tensor objects).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.atleast_1d(torch.tensor(1.))
    tensor([1.])
    """
    return _each(tensors, _atleast_1d)


def atleast_2d(*tensors):
    """Tensors with at least two dims: 0-d becomes ``(1, 1)``, 1-d ``(1, n)`` (views).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.atleast_2d(torch.tensor([1., 2.])).shape
    torch.Size([1, 2])
    """
    return _each(tensors, _atleast_2d)


def atleast_3d(*tensors):
    """Tensors with at least three dims: 0-d becomes ``(1, 1, 1)``, 1-d ``(1, n, 1)``, 2-d
    ``(m, n, 1)`` (views).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.atleast_3d(torch.ones(2, 3)).shape
    torch.Size([2, 3, 1])
    """
    return _each(tensors, _atleast_3d)


def ravel(input):
    """The elements as a 1-D tensor: a view when the tensor is contiguous, else a
    contiguous copy viewed (``ViewBackward0`` after ``CloneBackward0``), as in PyTorch.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1, 2], [3, 4]]).t().ravel()
    tensor([1, 3, 2, 4])
    """
    return view(input.contiguous(), -1)


# ---------------------------------------------------------------------------- broadcasting
def broadcast_shapes(*shapes):
    """The shape that tensors of all these shapes broadcast to (ints count as 1-D shapes).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.broadcast_shapes((2,), (3, 1), (1, 1, 1))
    torch.Size([1, 3, 2])
    """
    shapes = tuple((s,) if isinstance(s, int) else s for s in shapes if s is not None)
    if not shapes:
        return Size([])
    for s in shapes:
        if not isinstance(s, (tuple, list)):
            raise RuntimeError(f"Input shapes should be of type ints, a tuple of ints, or a "
                               f"list of ints, got {s}")
    common = [1] * max(len(s) for s in shapes)
    for k, s in enumerate(shapes):        # (PyTorch's order of checks and its messages)
        for i in range(-1, -1 - len(s), -1):
            if s[i] == common[i]:
                continue
            if common[i] == 1:
                if s[i] < 0:
                    raise ValueError("Attempting to broadcast a dimension with negative length!")
                common[i] = s[i]
            if s[i] != 1 and common[i] != s[i]:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {s[i]} at "
                                   f"{i}! Mismatching argument at index {k} had {s}; but "
                                   f"expected shape should be broadcastable to {common}")
    return Size(common)


def broadcast_tensors(*tensors):
    """Each tensor expanded to the common broadcast shape (views; a tensor already of that
    shape comes back as it is).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> a, b = torch.broadcast_tensors(torch.ones(3, 1), torch.zeros(2))
    >>> a.shape, b.shape
    (torch.Size([3, 2]), torch.Size([3, 2]))
    """
    shape = ()
    for t in tensors:
        shape = _broadcast_pair(shape, t._data.shape)
    return tuple(t if t._data.shape == shape else expand(t, shape) for t in tensors)


# ---------------------------------------------------------------------------- grids
_warned_meshgrid = []       # PyTorch warns once per process (TORCH_WARN_ONCE)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors: output ``i`` holds ``tensors[i]`` along dim ``i``
    (``indexing='ij'``) and is constant along the others; ``'xy'`` swaps the first two dims
    (Cartesian, as NumPy's default). The grids are expanded views of the inputs.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> gx, gy = torch.meshgrid(torch.tensor([1, 2, 3]), torch.tensor([4, 5]), indexing='ij')
    >>> gx
    tensor([[1, 1],
            [2, 2],
            [3, 3]])
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        if not _warned_meshgrid:
            _warned_meshgrid.append(True)
            warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass "
                          "the indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for a, b in zip(tensors, tensors[1:]):
        if a.dtype != b.dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    refs = list(tensors)
    swap = indexing == "xy" and len(refs) >= 2
    if swap:
        refs[0], refs[1] = refs[1], refs[0]
    elif indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but '
                           f'received: {indexing}')
    for t in refs:
        if t.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list "
                               f"but got: {t}")
    shape = tuple(t.numel() for t in refs)
    grids = []
    for i, t in enumerate(refs):
        lone = [1] * len(refs)
        lone[i] = -1
        grids.append(expand(view(t, tuple(lone)), shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def cartesian_prod(*tensors):
    """Every combination of one element from each 1-D tensor, one per row (like
    ``itertools.product``); a single tensor comes back as it is.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4]))
    tensor([[1, 3],
            [1, 4],
            [2, 3],
            [2, 4]])
    """
    from .joining import stack
    for t in tensors:
        if t.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.flatten() for g in grids], 1)


# ---------------------------------------------------------------------------- diff
@numpy_names
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim``: ``out[i] = input[i + 1] - input[i]``
    (``logical_xor`` for bool), after ``prepend``/``append`` are joined on. Built as PyTorch
    builds it: two ``narrow`` views and a subtraction per order.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.diff(torch.tensor([1, 3, 6, 10]))
    tensor([2, 3, 4])
    """
    if input.ndim < 1:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = wrap_dim(dim, input.ndim)
    for other in (prepend, append):
        if other is not None:
            _check_diff_operand(input, other, d)
    if n == 0:
        from .._creation import zeros_like
        return zeros_like(input).copy_(input)
    x = input
    if prepend is not None or append is not None:
        from .joining import cat
        parts = [prepend] if prepend is not None else []
        parts.append(input)
        if append is not None:
            parts.append(append)
        x = cat(parts, d)
    size = x._data.shape[d]
    out_len = size - 1
    for _ in range(min(n, size)):
        hi, lo = x.narrow(d, 1, out_len), x.narrow(d, 0, out_len)
        x = hi.logical_xor(lo) if x._data.dtype.kind == "b" else hi - lo
        out_len -= 1
    return x


def _check_diff_operand(input, other, d):
    if other.ndim != input.ndim:
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for i in range(input.ndim):
        if i != d and other._data.shape[i] != input._data.shape[i]:
            raise RuntimeError(f"diff expects the shape of tensor to prepend or append to match "
                               f"that of input except along the differencing dimension; "
                               f"input.size({i}) = {input._data.shape[i]}, but got "
                               f"tensor.size({i}) = {other._data.shape[i]}")
