"""Picking elements out by index or mask: take, take_along_dim, masked_select, argwhere and
unravel_index.

``take`` and ``masked_select`` are nodes of their own (``TakeBackward0``,
``MaskedSelectBackward0``), whose gradients put the incoming gradient back at the places the
elements came from (adding up where one place was taken twice). ``take_along_dim`` is
PyTorch's composite: both tensors broadcast (``expand``), then a ``gather``.
"""
import numpy as np

from .._numpy_names import numpy_names
from .. import _dtype
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from ._util import Held, broadcast_shapes, wrap_dim
from .gather_scatter import gather, nonzero
from .indexing import IndexPutImpl
from .shape import expand, view


class Take(Op):
    """``input.take(index)``: the input read as 1-D at ``index`` (shaped like the index)."""
    node_name = "TakeBackward0"
    saved_attrs = ("index", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, held):
        index = held.tensor
        x = a._data
        k = index._data
        n = x.size
        if k.size:
            bad = (k < -n) | (k >= n)
            if bad.any():
                raise IndexError(f"out of range: tried to access index {int(k[bad].reshape(-1)[0])}"
                                 f" on a tensor of {n} elements.")
        ctx.index, ctx.self_sym_sizes = index, Size(x.shape)
        ctx.places = Tensor._make(k % n if n else k)       # negative indices count from the end
        return x.reshape(-1)[ctx.places._data]

    @staticmethod
    def backward(ctx, grad):
        n = 1
        for s in ctx.self_sym_sizes:
            n *= s
        flat = grad.new_zeros(n).index_add(0, ctx.places.reshape(-1), grad.reshape(-1))
        return flat.reshape(ctx.self_sym_sizes), None


def take(input, index):
    """The elements of ``input``, read as if flattened, at the positions in ``index``; the
    result has the index's shape.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.take(torch.tensor([[4, 3], [5, 7]]), torch.tensor([0, 3, -1]))
    tensor([4, 7, 7])
    """
    if index._data.dtype != np.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got "
                           f"{_dtype.type_name(index.dtype)}")
    return Take.apply(input, Held(index))


@numpy_names
def take_along_dim(input, indices, dim=None):
    """Values picked along ``dim`` by ``indices`` (like NumPy's ``take_along_axis``): both
    broadcast against each other except along ``dim``, then ``gather``. Without ``dim``
    both are flattened.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> t = torch.tensor([[10., 30., 20.], [60., 40., 50.]])
    >>> torch.take_along_dim(t, t.argmax(1, keepdim=True), dim=1)
    tensor([[30.],
            [60.]])
    """
    if dim is None:
        return gather(view(input, -1), 0, view(indices, -1))
    if input.ndim != indices.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {input.ndim} dimensions for input, "
                           f"and {indices.ndim} dimensions for indices")
    if indices._data.dtype != np.int64:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{_dtype.type_name(indices.dtype)}")
    d = wrap_dim(dim, input.ndim)
    self_sizes = list(input._data.shape)
    self_sizes[d] = indices._data.shape[d]
    indices = expand(indices, broadcast_shapes(tuple(self_sizes), indices._data.shape))
    index_sizes = list(indices._data.shape)
    index_sizes[d] = input._data.shape[d]
    input = expand(input, broadcast_shapes(tuple(index_sizes), input._data.shape))
    return gather(input, d, indices)


class MaskedSelect(Op):
    """The elements where ``mask`` (broadcast with the input) is True, as a 1-D copy."""
    node_name = "MaskedSelectBackward0"
    saved_attrs = ("mask",)

    @staticmethod
    def forward(ctx, a, held):
        mask = held.tensor
        xp = a._xp()
        shape = broadcast_shapes(mask._data.shape, a._data.shape)
        ctx.mask, ctx.shape = mask, shape
        ctx.where = xp.broadcast_to(mask._data, shape)
        return xp.broadcast_to(a._data, shape)[ctx.where]

    @staticmethod
    def backward(ctx, grad):
        # zeros of the broadcast shape with the gradient put back where the mask is True;
        # the engine sums it down to the input's shape
        zeros = grad.new_zeros(ctx.shape)
        return IndexPutImpl.apply(zeros, Held((ctx.where,)), grad, False), None


def masked_select(input, mask):
    """The elements of ``input`` where the bool ``mask`` is True (the two broadcast), as a
    1-D tensor.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([[1., -2.], [-3., 4.]])
    >>> torch.masked_select(x, x > 0)
    tensor([1., 4.])
    """
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    return MaskedSelect.apply(input, Held(mask))


def argwhere(input):
    """The indices of the nonzero elements, one row each (``nonzero``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.argwhere(torch.tensor([[1, 0], [0, 3]]))
    tensor([[0, 0],
            [1, 1]])
    """
    return nonzero(input)


def unravel_index(indices, shape):
    """Flat indices as a tuple of coordinate tensors into a tensor of ``shape`` (NumPy's
    ``unravel_index``); built, as in PyTorch, from a floor division and a remainder.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.unravel_index(torch.tensor([4, 1]), (3, 2))
    (tensor([2, 0]), tensor([0, 1]))
    """
    if indices._data.dtype.kind not in "iu":
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    if isinstance(shape, int):
        shape = (shape,)
    elif not isinstance(shape, (tuple, list)):
        raise TypeError(f"expected 'shape' to be int or sequence of ints, but got {type(shape)}")
    for s in shape:
        if not isinstance(s, int):
            raise TypeError(f"expected 'shape' sequence to only contain ints, but got {type(s)}")
    shape = tuple(shape)
    if any(s < 0 for s in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    coefs, c = [], 1
    for s in reversed(shape):          # row-major place values: (..., s[-1] * s[-2], s[-1], 1)
        coefs.insert(0, c)
        c *= s
    xp = indices._xp()
    coefs_t = Tensor._make(xp.asarray(coefs, dtype=np.int64).reshape(len(shape)))
    shape_t = Tensor._make(xp.asarray(shape, dtype=np.int64).reshape(len(shape)))
    return (indices.unsqueeze(-1).floor_divide(coefs_t) % shape_t).unbind(-1)
