"""Diagonals and triangles: diagonal, diag, diag_embed, diagflat, trace, tril, triu and the
index lists tril_indices / triu_indices.

``diagonal`` is a view: the diagonal of a matrix ``x`` of strides ``(s0, s1)`` is the 1-D
array of stride ``s0 + s1`` starting at ``x[0, offset]`` (or ``x[-offset, 0]``), so no
element is copied. Its gradient is the reverse placement: a zero matrix with the incoming
gradient on that diagonal (``diag_embed`` places a vector the same way), and the gradient
of ``diag_embed`` is the diagonal of its gradient. ``trace`` is the sum of the diagonal;
``tril``/``triu`` keep a triangle, and so do their gradients.
"""
from .. import _dtype
from ..autograd.function import Op
from .._size import Size
from ._util import wrap_dim


def diagonal_view(x, offset, dim1, dim2):
    """The (writable) view of array ``x`` holding its ``offset`` diagonal over ``dim1`` and
    ``dim2``, as the last dim (``dim1 != dim2``, both non-negative)."""
    xp_strided = _as_strided(x)
    n1, n2 = x.shape[dim1], x.shape[dim2]
    length = max(min(n1, n2 - offset) if offset >= 0 else min(n1 + offset, n2), 0)
    start = [slice(None)] * x.ndim
    if length:                            # (an empty diagonal may start past the end)
        start[dim2 if offset >= 0 else dim1] = slice(abs(offset), None)
    x = x[tuple(start)]
    keep = [d for d in range(x.ndim) if d not in (dim1, dim2)]
    shape = tuple(x.shape[d] for d in keep) + (length,)
    strides = tuple(x.strides[d] for d in keep) + (x.strides[dim1] + x.strides[dim2],)
    return xp_strided(x, shape, strides)


def _as_strided(x):
    from .. import _backend
    return _backend.array_module(x).lib.stride_tricks.as_strided


def _place_on_diagonal(values, shape, offset, dim1, dim2):
    """Zeros of ``shape`` with array ``values`` on that diagonal (diagonal's gradient,
    diag_embed's forward)."""
    from .. import _backend
    out = _backend.array_module(values).zeros(shape, values.dtype)
    diagonal_view(out, offset, dim1, dim2)[...] = values
    return out


class Diagonal(Op):
    """``input.diagonal(offset, dim1, dim2)``: a view."""
    node_name = "DiagonalBackward0"
    saved_attrs = ("offset", "dim1", "dim2", "self_sym_sizes")
    is_view = True

    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        ctx.self_sym_sizes = Size(a._data.shape)
        return diagonal_view(a._data, offset, dim1, dim2)

    @staticmethod
    def backward(ctx, grad):
        return (PlaceOnDiagonal.apply(grad, tuple(ctx.self_sym_sizes), ctx.offset, ctx.dim1,
                                      ctx.dim2), None, None, None)


class DiagonalCopy(Diagonal):
    """``torch.diag`` of a matrix: the same elements, copied (PyTorch's ``diagonal_copy``)."""
    node_name = "DiagonalBackward0_copy"
    is_view = False

    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        return Diagonal.forward(ctx, a, offset, dim1, dim2).copy()


class PlaceOnDiagonal(Op):
    """The gradient of ``diagonal`` (PyTorch's ``diagonal_backward``)."""
    node_name = "DiagonalBackwardBackward0"
    saved_attrs = ("offset", "dim1", "dim2")

    @staticmethod
    def forward(ctx, g, shape, offset, dim1, dim2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        return _place_on_diagonal(g._data, shape, offset, dim1, dim2)

    @staticmethod
    def backward(ctx, grad):
        return grad.diagonal(ctx.offset, ctx.dim1, ctx.dim2), None, None, None, None


class DiagEmbed(Op):
    """``diag_embed``: the last dim of the input laid on a diagonal of new dims."""
    node_name = "DiagEmbedBackward0"
    saved_attrs = ("offset", "dim1", "dim2")

    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        x = a._data
        n = x.shape[-1] + abs(offset)
        shape = list(x.shape[:-1])
        for d in sorted((dim1, dim2)):
            shape.insert(d, n)
        return _place_on_diagonal(x, tuple(shape), offset, dim1, dim2)

    @staticmethod
    def backward(ctx, grad):
        return grad.diagonal(ctx.offset, ctx.dim1, ctx.dim2), None, None, None


def _diag_dims(dim1, dim2, ndim):
    d1, d2 = wrap_dim(dim1, ndim), wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The ``offset`` diagonal over ``dim1`` and ``dim2``, as a view (last dim).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.arange(9.).reshape(3, 3).diagonal(1)
    tensor([1., 5.])
    """
    d1, d2 = _diag_dims(dim1, dim2, input.ndim)
    return Diagonal.apply(input, offset, d1, d2)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """A tensor whose ``offset`` diagonals (over ``dim1``, ``dim2``) hold ``input``'s last dim.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.diag_embed(torch.tensor([1., 2.]))
    tensor([[1., 0.],
            [0., 2.]])
    """
    d1, d2 = _diag_dims(dim1, dim2, input.ndim + 1)
    return DiagEmbed.apply(input, offset, d1, d2)


def diag(input, diagonal=0):
    """A vector becomes a square matrix with it on diagonal ``diagonal``; a matrix gives
    that diagonal (a copy).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.diag(torch.tensor([[1., 2.], [3., 4.]]))
    tensor([1., 4.])
    """
    if input.ndim == 1:
        return DiagEmbed.apply(input, diagonal, 0, 1)
    if input.ndim == 2:
        return DiagonalCopy.apply(input, diagonal, 0, 1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.ndim}D")


def diagflat(input, offset=0):
    """The flattened input on diagonal ``offset`` of a square matrix.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.diagflat(torch.tensor([[1., 2.]])).shape
    torch.Size([2, 2])
    """
    return DiagEmbed.apply(input.contiguous().view(-1), offset, 0, 1)


class Trace(Op):
    """The sum of a matrix's main diagonal; its gradient is the identity times ``grad``."""
    node_name = "TraceBackward0"
    saved_attrs = ("self_sym_sizes",)

    @staticmethod
    def forward(ctx, a):
        x = a._data
        ctx.self_sym_sizes = Size(x.shape)
        d = diagonal_view(x, 0, 0, 1)
        return d.sum(dtype="int64") if x.dtype.kind in "iu" else d.sum()

    @staticmethod
    def backward(ctx, grad):
        n = min(ctx.self_sym_sizes)
        return PlaceOnDiagonal.apply(grad.expand(n), tuple(ctx.self_sym_sizes), 0, 0, 1)


def trace(input):
    """The sum of the main diagonal of a matrix (integers sum as int64).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.trace(torch.tensor([[1., 2.], [3., 4.]]))
    tensor(5.)
    """
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    if input.dtype is _dtype.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return Trace.apply(input)


# ---------------------------------------------------------------------------- triangles
class Tril(Op):
    """The lower triangle (on and below diagonal ``diagonal``) of the last two dims."""
    node_name = "TrilBackward0"
    saved_attrs = ("diagonal",)
    lower = True

    @classmethod
    def forward(cls, ctx, a, k):
        ctx.diagonal = k
        xp = a._xp()
        return (xp.tril if cls.lower else xp.triu)(a._data, k)

    @classmethod
    def backward(cls, ctx, grad):
        return (grad.tril(ctx.diagonal) if cls.lower else grad.triu(ctx.diagonal)), None


class Triu(Tril):
    """The upper triangle (on and above diagonal ``diagonal``) of the last two dims."""
    node_name = "TriuBackward0"
    lower = False


def _check_matrix_batch(name, input):
    if input.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


def _triangle(op, name, input, diagonal):
    _check_matrix_batch(name, input)
    return op.apply(input, int(diagonal))


def _triangle_(fn, name, input, diagonal):
    """``tril_`` / ``triu_``: the dim check first, as PyTorch's, before the in-place
    machinery's own checks."""
    _check_matrix_batch(name, input)
    from .inplace import inplace
    return inplace(input, fn, diagonal)


def tril(input, diagonal=0):
    """Zeros above diagonal ``diagonal`` of the last two dims (batches allowed).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.ones(2, 2).tril()
    tensor([[1., 0.],
            [1., 1.]])
    """
    return _triangle(Tril, "tril", input, diagonal)


def triu(input, diagonal=0):
    """Zeros below diagonal ``diagonal`` of the last two dims (batches allowed).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.ones(2, 2).triu(1)
    tensor([[0., 1.],
            [0., 0.]])
    """
    return _triangle(Triu, "triu", input, diagonal)


def tril_(input, diagonal=0):
    """In-place :func:`tril`."""
    return _triangle_(tril, "tril", input, diagonal)


def triu_(input, diagonal=0):
    """In-place :func:`triu`."""
    return _triangle_(triu, "triu", input, diagonal)


def _indices(name, row, col, offset, dtype, device):
    import numpy as np
    from .._creation import tensor as _tensor
    dtype = _dtype.int64 if dtype is None else dtype
    if dtype.is_floating_point or dtype is _dtype.bool_:
        raise NotImplementedError(f"\"{name}\" not implemented for '{_dtype.type_name(dtype)}'")
    for what, n in (("row", row), ("col", col)):
        if n < 0:
            raise RuntimeError(f"{what} must be non-negative, got{n}")
    which = np.tril_indices if name == "tril_indices" else np.triu_indices
    rows, cols = which(row, offset, col) if row and col else ((), ())
    return _tensor(np.array([rows, cols], dtype=dtype.np).reshape(2, -1), device=device)


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The coordinates (2 x N, row-major order) of the lower triangle of a ``row x col``
    matrix, on and below diagonal ``offset``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tril_indices(2, 2)
    tensor([[0, 1, 1],
            [0, 0, 1]])
    """
    return _indices("tril_indices", row, col, offset, dtype, device)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The coordinates (2 x N, row-major order) of the upper triangle of a ``row x col``
    matrix, on and above diagonal ``offset``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.triu_indices(2, 2)
    tensor([[0, 0, 1],
            [0, 1, 1]])
    """
    return _indices("triu_indices", row, col, offset, dtype, device)

