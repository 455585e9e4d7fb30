"""Shape ops: views (view, squeeze, unsqueeze, transpose, permute, t, expand, slices) share
memory and version counter with their input; copies (reshape of a non-contiguous tensor,
repeat, cat, stack) do not."""
import builtins
import warnings

from .._numpy_names import numpy_names
from .. import _dtype
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from . import _formula
from ._util import shape_args, wrap_dim


def _infer_shape(shape, numel):
    shape = list(shape)
    infer = [i for i, s in enumerate(shape) if s == -1]
    if len(infer) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for i, s in enumerate(shape):
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s}")
            known *= s
    if infer:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list_str(shape)}' is invalid for input of size {numel}")
        shape[infer[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{list_str(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


def list_str(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


class View(Op):
    node_name = "ViewBackward0"
    saved_attrs = ("self_sym_sizes",)
    is_view = True

    @staticmethod
    def forward(ctx, a, shape):
        x = a._data
        ctx.self_sym_sizes = Size(x.shape)
        shape = _infer_shape(shape, x.size)
        out = _reshaped_view(x, shape)
        if out is None:
            raise RuntimeError("view size is not compatible with input tensor's size and stride "
                               "(at least one dimension spans across two contiguous subspaces). "
                               "Use .reshape(...) instead.")
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.self_sym_sizes), None


class ReshapeAlias(View):
    """``reshape`` of a non-contiguous tensor whose strides still allow a view (PyTorch's
    ``_reshape_alias``): a view, named apart from ``view``."""
    node_name = "ReshapeAliasBackward0"


class UnsafeView(Op):
    """A reshape that had to copy (PyTorch's ``_unsafe_view`` after ``clone``)."""
    node_name = "UnsafeViewBackward0"
    saved_attrs = ("self_sym_sizes",)

    @staticmethod
    def forward(ctx, a, shape):
        ctx.self_sym_sizes = Size(a._data.shape)
        return a._data.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.self_sym_sizes), None


class Clone(Op):
    node_name = "CloneBackward0"

    @staticmethod
    def forward(ctx, a):
        return a._data.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


class Permute(Op):
    node_name = "PermuteBackward0"
    saved_attrs = ("dims",)
    is_view = True

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return a._data.transpose(dims)

    @staticmethod
    def backward(ctx, grad):
        inverse = [0] * len(ctx.dims)
        for i, d in enumerate(ctx.dims):
            inverse[d] = i
        return grad.permute(*inverse), None


class Transpose(Op):
    node_name = "TransposeBackward0"
    saved_attrs = ("dim0", "dim1")
    is_view = True

    @staticmethod
    def forward(ctx, a, d0, d1):
        ctx.dim0, ctx.dim1 = d0, d1
        return a._data.swapaxes(d0, d1)

    @staticmethod
    def backward(ctx, grad):
        return grad.transpose(ctx.dim0, ctx.dim1), None, None


class MatrixT(Op):
    node_name = "TBackward0"
    is_view = True
    array_backward = True        # (see Op: the formula runs on arrays without create_graph)

    @staticmethod
    def forward(ctx, a):
        return a._data.T

    @staticmethod
    def backward(ctx, grad):
        return _formula.t(grad)


class Squeeze(Op):
    node_name = "SqueezeBackward0"
    saved_attrs = ("self_sym_sizes",)
    is_view = True

    @staticmethod
    def forward(ctx, a):
        ctx.self_sym_sizes = Size(a._data.shape)
        return a._data.squeeze()

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.self_sym_sizes)


class SqueezeDim(Op):
    node_name = "SqueezeBackward1"
    saved_attrs = ("dim", "self_sym_sizes")
    is_view = True

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim, ctx.self_sym_sizes = dim, Size(a._data.shape)
        x = a._data
        return x.squeeze(dim) if x.ndim and x.shape[dim] == 1 else x.view()

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.self_sym_sizes), None


class SqueezeDims(Op):
    """``squeeze`` of a tuple of dims."""
    node_name = "SqueezeBackward2"
    saved_attrs = ("dim", "self_sym_sizes")
    is_view = True

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dim, ctx.self_sym_sizes = dims, Size(a._data.shape)
        x = a._data
        real = tuple(d for d in dims if x.shape[d] == 1)
        return x.squeeze(real) if real else x.view()

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.self_sym_sizes), None


class Unsqueeze(Op):
    node_name = "UnsqueezeBackward0"
    saved_attrs = ("dim",)
    is_view = True

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        return a._xp().expand_dims(a._data, dim)

    @staticmethod
    def backward(ctx, grad):
        return grad.squeeze(ctx.dim), None


class Expand(Op):
    node_name = "ExpandBackward0"
    saved_attrs = ("self_sym_sizes",)
    is_view = True

    @staticmethod
    def forward(ctx, a, shape):
        x = a._data
        ctx.self_sym_sizes = Size(x.shape)
        lead = len(shape) - x.ndim
        if lead < 0:
            raise RuntimeError(f"expand(torch.{_dtype.type_name(a.dtype)}Tensor"
                               f"{{{list_str(x.shape)}}}, size={list_str(shape)}): the number "
                               "of sizes provided (%d) must be greater or equal to the number of "
                               "dimensions in the tensor (%d)" % (len(shape), x.ndim))
        target = [0] * len(shape)
        for i in range(len(shape) - 1, -1, -1):      # from the last dim, as torch checks
            s = shape[i]
            own = x.shape[i - lead] if i >= lead else 1
            if s == -1:
                if i < lead:
                    raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a "
                                       f"leading, non-existing dimension {i}")
                s = own
            elif own != 1 and own != s:
                raise RuntimeError(f"The expanded size of the tensor ({s}) must match the "
                                   f"existing size ({own}) at non-singleton dimension {i}.  "
                                   f"Target sizes: {list_str(shape)}.  Tensor sizes: "
                                   f"{list_str(x.shape)}")
            target[i] = s
        return a._xp().broadcast_to(x, tuple(target))

    @staticmethod
    def backward(ctx, grad):
        # the engine sums the gradient back to the input's shape
        return grad, None


class Flip(Op):
    """Reverse the order of elements along ``dims`` (a copy, not a view, as in PyTorch)."""
    node_name = "FlipBackward0"
    saved_attrs = ("dims",)

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return a._xp().flip(a._data, axis=dims).copy() if dims else a._data.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad.flip(ctx.dims), None


class Repeat(Op):
    node_name = "RepeatBackward0"
    saved_attrs = ("repeats", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, repeats):
        x = a._data
        if len(repeats) < x.ndim:
            raise RuntimeError("Number of dimensions of repeat dims can not be smaller than "
                               "number of dimensions of tensor")
        ctx.repeats, ctx.self_sym_sizes = repeats, Size(x.shape)
        x = x.reshape((1,) * (len(repeats) - x.ndim) + x.shape)
        out_shape = [r * n for r, n in zip(repeats, x.shape)]
        for n in out_shape:
            if n < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {n}: "
                                   f"{list_str(out_shape)}")
        return a._xp().tile(x, repeats)

    @staticmethod
    def backward(ctx, grad):
        shape = ctx.self_sym_sizes
        lead = len(ctx.repeats) - len(shape)
        full = (1,) * lead + tuple(shape)
        split = []
        for r, s in zip(ctx.repeats, full):
            split += [r, s]
        g = grad.reshape(*split).sum(dim=tuple(range(0, len(split), 2)))
        return g.reshape(shape), None


def view(input, *shape):
    """The same data with a new shape, always a view; one dim may be -1 (inferred).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.arange(6.).view(2, -1)
    tensor([[0., 1., 2.],
            [3., 4., 5.]])
    """
    return View.apply(input, shape_args(shape))


def reshape(input, *shape):
    """Same data, new shape: a view when the strides allow one (``ViewBackward0`` when
    contiguous, ``ReshapeAliasBackward0`` otherwise), else a copy (``CloneBackward0`` then
    ``UnsafeViewBackward0``), exactly as PyTorch decides."""
    shape = _infer_shape(shape_args(shape), input._data.size)
    x = input._data
    if x.flags.c_contiguous:
        return View.apply(input, shape)
    if _viewable(x, shape):
        return ReshapeAlias.apply(input, shape)
    return UnsafeView.apply(Clone.apply(input), shape)


def _viewable(x, shape):
    return _reshaped_view(x, shape) is not None


def _reshaped_view(x, shape):
    """``x`` with ``shape`` as a view of the same memory, or ``None`` where that needs a copy.

    NumPy >= 2.1 says so with ``reshape(copy=False)`` (a ValueError instead of a copy);
    older NumPy and CuPy, by refusing to set ``shape`` on a view, which NumPy 2.5
    deprecates.
    """
    try:
        return x.reshape(shape, copy=False)
    except ValueError:
        return None
    except TypeError:                  # no copy= argument
        out = x.view()
        try:
            out.shape = shape
        except AttributeError:
            return None
        return out


def flatten(input, start_dim=0, end_dim=-1):
    n = input.ndim
    if n == 0:
        return reshape(input, 1)
    s, e = wrap_dim(start_dim, n), wrap_dim(end_dim, n)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = input.shape
    new = shape[:s] + (-1,) + shape[e + 1:]
    return reshape(input, new)


@numpy_names
def unflatten(input, dim, sizes):
    """Split one dim into ``sizes`` (one may be -1); a view."""
    dim = wrap_dim(dim, input.ndim)
    shape = input.shape
    n = shape[dim]
    sizes = list(sizes)
    known = 1
    for s_ in sizes:
        known *= s_ if s_ != -1 else 1
    inferable = sizes.count(-1) == 1 and known and n % known == 0
    if inferable:
        sizes[sizes.index(-1)] = n // known
    elif -1 in sizes or known != n:
        raise RuntimeError(f"unflatten: Provided sizes {list_str(sizes)} don't multiply up to "
                           f"the size of dim {dim} ({n}) in the input tensor")
    return view(input, tuple(shape[:dim]) + tuple(sizes) + tuple(shape[dim + 1:]))


@numpy_names
def squeeze(input, dim=None):
    """Drop size-1 dims (all, one ``dim`` or a tuple of dims); a view.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.zeros(1, 3, 1).squeeze().shape
    torch.Size([3])
    """
    if dim is None:
        return Squeeze.apply(input)
    if isinstance(dim, (tuple, list)):
        return SqueezeDims.apply(input, tuple(wrap_dim(d, input.ndim) for d in dim))
    return SqueezeDim.apply(input, wrap_dim(dim, input.ndim))


@numpy_names
def unsqueeze(input, dim):
    return Unsqueeze.apply(input, wrap_dim(dim, input.ndim + 1))


def permute(input, *dims):
    """Reorder the dims; a view (``PermuteBackward0`` applies the inverse order).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.zeros(2, 3, 4).permute(2, 0, 1).shape
    torch.Size([4, 2, 3])
    """
    dims = shape_args(dims)
    n = input.ndim
    if len(dims) != n:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {n} is not equal to len(dims) = {len(dims)}")
    dims = tuple(wrap_dim(d, n) for d in dims)
    if len(set(dims)) != n:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return Permute.apply(input, dims)


def transpose(input, dim0, dim1):
    n = input.ndim
    return Transpose.apply(input, wrap_dim(dim0, n), wrap_dim(dim1, n))


swapaxes = swapdims = transpose


def t(input):
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{input.ndim}D")
    return MatrixT.apply(input)


def reverse_dims(input):
    """``tensor.T``: reverses all dims (PyTorch records it as a permute)."""
    n = input.ndim
    if n > 2:
        warnings.warn("The use of `x.T` on tensors of dimension other than 2 to reverse their "
                      "shape is deprecated and it will throw an error in a future release. "
                      "Consider `x.mT` to transpose batches of matrices or `x.permute(*torch."
                      "arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.",
                      UserWarning, stacklevel=3)
    return Permute.apply(input, tuple(range(n - 1, -1, -1)))


def expand(input, *sizes):
    """Repeat size-1 dims without copying (-1 keeps a size); the gradient is summed back.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1.], [2.]]).expand(2, 3)
    tensor([[1., 1., 1.],
            [2., 2., 2.]])
    """
    return Expand.apply(input, shape_args(sizes))


def broadcast_to(input, shape):
    return Expand.apply(input, tuple(shape))


def flip(input, *dims):
    dims = shape_args(dims)
    return Flip.apply(input, tuple(wrap_dim(d, input.ndim) for d in dims))


def movedim(input, source, destination):
    """Move dim(s) ``source`` to position(s) ``destination`` (a permute)."""
    n = input.ndim
    src = [wrap_dim(d, n) for d in (source if isinstance(source, (tuple, list)) else [source])]
    dst = [wrap_dim(d, n) for d in
           (destination if isinstance(destination, (tuple, list)) else [destination])]
    order = [d for d in range(n) if d not in src]
    for s_, d_ in sorted(zip(dst, src)):
        order.insert(s_, d_)
    return Permute.apply(input, tuple(order))


moveaxis = movedim


@numpy_names
def narrow(input, dim, start, length):
    """``length`` elements along ``dim`` from ``start``: a view (``SliceBackward0``)."""
    from .indexing import Slice
    d = wrap_dim(dim, input.ndim)
    size = input._data.shape[d]
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({size}).")
    return Slice.apply(input, d, slice(start, start + length, 1))


def repeat(input, *sizes):
    return Repeat.apply(input, shape_args(sizes))


def clone(input, *, memory_format=None):
    return Clone.apply(input)
