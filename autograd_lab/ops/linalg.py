"""Matrix products: mm, bmm, mv, dot, outer, and ``matmul`` for every rank combination.

``matmul`` is composed from the primitives exactly as PyTorch's ``_matmul_impl`` composes
it, so its graph shows the same nodes: ``SqueezeBackward4`` after ``MmBackward0`` for a vector
times a matrix, the batch folded into one ``MmBackward0`` when that needs no copy (or the
small operand needs a gradient), ``UnsafeViewBackward0`` around ``BmmBackward0`` otherwise.
"""
from .. import _dtype
from ..autograd.function import Op
from .._size import Size
from .._tensor import Tensor
from . import out_arg
from ._util import broadcast_shapes, check_same_device

# caffe2's names for dtypes, used by mm's dtype message ("float != double")
_CAFFE2_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half",
                 "int64": "long int", "int32": "int", "int16": "short int",
                 "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _strides(t):
    return tuple(s // t._data.itemsize for s in t._data.strides)


class Mm(Op):
    """``(n, k) @ (k, m)``. d/dA = grad @ B^T, d/dB = A^T @ grad."""
    node_name = "MmBackward0"
    saved_names = ("self", "mat2")
    saved_attrs = ("self_sym_sizes", "self_sym_strides", "mat2_sym_sizes", "mat2_sym_strides")

    @staticmethod
    def forward(ctx, a, b):
        x, y = a._data, b._data
        if x.ndim != 2:
            raise RuntimeError("self must be a matrix")
        if y.ndim != 2:
            raise RuntimeError("mat2 must be a matrix")
        if x.shape[1] != y.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({x.shape[0]}x"
                               f"{x.shape[1]} and {y.shape[0]}x{y.shape[1]})")
        if x.dtype != y.dtype:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                               f"{_CAFFE2_NAMES[x.dtype.name]} != {_CAFFE2_NAMES[y.dtype.name]}")
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.self_sym_sizes, ctx.self_sym_strides = Size(x.shape), _strides(a)
        ctx.mat2_sym_sizes, ctx.mat2_sym_strides = Size(y.shape), _strides(b)
        return x @ y

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad.mm(b.t()) if need_a else None,
                a.t().mm(grad) if need_b else None)


class Bmm(Op):
    """A batch of matrix products: ``(b, n, k) @ (b, k, m)``."""
    node_name = "BmmBackward0"
    saved_names = ("self", "mat2")

    @staticmethod
    def forward(ctx, a, b):
        x, y = a._data, b._data
        if x.ndim != 3:
            raise RuntimeError("batch1 must be a 3D tensor")
        if y.ndim != 3:
            raise RuntimeError("batch2 must be a 3D tensor")
        if x.shape[0] != y.shape[0] or x.shape[2] != y.shape[1]:
            raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                               f"[{x.shape[0]}, {x.shape[2]}] but got: [{y.shape[0]}, "
                               f"{y.shape[1]}].")
        if x.dtype != y.dtype:
            raise RuntimeError(f"expected scalar type {_dtype.type_name(a.dtype)} but found "
                               f"{_dtype.type_name(b.dtype)}")
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        return a._xp().matmul(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad.bmm(b.transpose(1, 2)) if need_a else None,
                a.transpose(1, 2).bmm(grad) if need_b else None)


class Mv(Op):
    """Matrix times vector. d/dA = outer(grad, v), d/dv = A^T @ grad."""
    node_name = "MvBackward0"
    saved_names = ("self", "vec")

    @staticmethod
    def forward(ctx, a, v):
        x, y = a._data, v._data
        if x.ndim != 2 or y.ndim != 1:
            raise RuntimeError(f"vector + matrix @ vector expected, got 1, {x.ndim}, {y.ndim}")
        if x.shape[1] != y.shape[0]:
            raise RuntimeError(f"size mismatch, got input ({x.shape[0]}), mat ({x.shape[0]}x"
                               f"{x.shape[1]}), vec ({y.shape[0]})")
        if x.dtype != y.dtype:
            out = _dtype.type_name(_dtype.promote_types(a.dtype, v.dtype))
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got {out}, "
                               f"{_dtype.type_name(a.dtype)}, and {_dtype.type_name(v.dtype)}")
        need_a, need_v = ctx.needs_input_grad
        ctx.save_for_backward(a if need_v else None, v if need_a else None)
        return x @ y

    @staticmethod
    def backward(ctx, grad):
        a, v = ctx.saved_tensors
        need_a, need_v = ctx.needs_input_grad
        return (grad.unsqueeze(1) * v.unsqueeze(0) if need_a else None,
                a.t().mv(grad) if need_v else None)


class Dot(Op):
    """Inner product of two vectors: d/da = grad * b, d/db = grad * a."""
    node_name = "DotBackward0"
    saved_names = ("self", "tensor")

    @staticmethod
    def forward(ctx, a, b):
        x, y = a._data, b._data
        _check_vectors(x, y, a, b, "dot")
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        return a._xp().dot(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None, grad * a if need_b else None)


class Vdot(Dot):
    node_name = "VdotBackward0"
    saved_names = ("self", "other")


def _check_vectors(x, y, a, b, name):
    if x.ndim != 1 or y.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {x.ndim}D and {y.ndim}D tensors")
    if x.shape[0] != y.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{x.shape[0]}] and src "
                           f"[{y.shape[0]}] to have the same number of elements, but got "
                           f"{x.shape[0]} and {y.shape[0]} elements respectively")
    if x.dtype != y.dtype:
        raise RuntimeError(f"{name} : expected both vectors to have same dtype, but found "
                           f"{_dtype.type_name(a.dtype)} and {_dtype.type_name(b.dtype)}")


class SqueezeInplace(Op):
    """``squeeze_(dim)`` on a fresh result (matmul's vector @ matrix): the same node name as
    PyTorch's in-place squeeze, and, being in place, no view of anything."""
    node_name = "SqueezeBackward4"
    saved_attrs = ("dim", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim, ctx.self_sym_sizes = dim, Size(a._data.shape)
        return a._data.reshape(a._data.shape[:dim] + a._data.shape[dim + 1:])

    @staticmethod
    def backward(ctx, grad):
        return grad.unsqueeze(ctx.dim), None


def mm(input, mat2):
    """Matrix product of two 2-D tensors (``MmBackward0``)."""
    check_same_device(input, mat2)
    return Mm.apply(input, mat2)


def bmm(input, mat2):
    """Batched matrix product of two 3-D tensors with the same batch size."""
    check_same_device(input, mat2)
    return Bmm.apply(input, mat2)


def mv(input, vec):
    check_same_device(input, vec)
    return Mv.apply(input, vec)


def dot(input, other):
    check_same_device(input, other)
    return Dot.apply(input, other)


def vdot(input, other):
    check_same_device(input, other)
    return Vdot.apply(input, other)


def inner(input, other):
    """Inner product over the last dim (a dot for vectors)."""
    if input.ndim <= 1 and other.ndim <= 1 and input.ndim == other.ndim == 1:
        return dot(input, other)
    return matmul(input, other.mT if other.ndim > 1 else other)


def outer(input, vec2):
    """``input[i] * vec2[j]``; PyTorch computes it as a column times a row (broadcast)."""
    for name, t in (("self", input), ("vec2", vec2)):
        if t.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.ndim}-D")
    return input.reshape(-1, 1) * vec2


ger = outer


# ---------------------------------------------------------------------------- matmul
def matmul(input, other, *, out=None):
    """Matrix product for every rank combination, with batch broadcasting.

    1-D @ 1-D is a dot product, 2-D @ 1-D a matrix-vector product, 1-D @ 2-D a vector
    times a matrix; with 3 or more dims the leading dims are batch dims and broadcast.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.ones(2, 3) @ torch.ones(3)
    tensor([3., 3.])
    """
    if out is not None:                   # (torch.matmul(a, b, out=c): see out_arg)
        out_arg.check_no_grad("matmul", (input, other))
        return out_arg.write_out("matmul", matmul(input, other), out, exact_dtype=True)
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError(f"matmul(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other if isinstance(input, Tensor) else input).__name__}")
    check_same_device(input, other)
    d1, d2 = input.ndim, other.ndim
    if d1 == 0 or d2 == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{d1}D and {d2}D")
    if d1 == 1 and d2 == 1:
        return dot(input, other)
    if d1 == 2 and d2 == 1:
        return mv(input, other)
    if d1 == 1 and d2 == 2:
        return SqueezeInplace.apply(mm(input.unsqueeze(0), other), 0)
    if d1 == 2 and d2 == 2:
        return mm(input, other)
    if _should_fold(input, other):
        return _folded_matmul(input, other)
    return _batched_matmul(input, other)


def _should_fold(t1_in, t2_in):
    """Fold the batch of the larger operand into matrix rows (one mm/mv instead of a bmm)
    when the other operand needs a gradient (its gradient then stays small) or when the
    fold needs no copy -- PyTorch's ``should_fold``."""
    larger_first = t1_in.ndim >= t2_in.ndim
    t1 = t1_in if larger_first else t2_in.mT
    dim_t2 = t2_in.ndim if larger_first else t1_in.ndim
    if not (t1.ndim >= 3 and dim_t2 <= 2):
        return False
    small = t2_in if larger_first else t1_in
    if small._requires_grad:
        return True
    if t1_in.ndim == 2:
        return False
    if t1._data.size == 0:
        return True
    shape, strides = t1._data.shape, _strides(t1)
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(t1.ndim - 2))


def _folded_matmul(tensor1, tensor2):
    transpose = tensor2.ndim > tensor1.ndim
    t1 = tensor2.mT if transpose else tensor1
    t2 = (tensor1.t() if tensor1.ndim == 2 else tensor1) if transpose else tensor2
    out_shape = tuple(t1.shape[:-1])
    rows = _prod(out_shape)
    if t2.ndim == 2:
        out_shape += (t2.shape[1],)
    folded = t1.reshape(rows, t1.shape[-1])
    if t2.ndim == 2:
        out = _unsafe_view(folded.mm(t2), out_shape)
        return out.mT.contiguous() if transpose else out
    return _unsafe_view(folded.mv(t2), out_shape)


def _batched_matmul(tensor1, tensor2):
    d1, d2 = tensor1.ndim, tensor2.ndim
    n = tensor1.shape[-2] if d1 > 1 else 1
    m1 = tensor1.shape[-1]
    batch1 = tuple(tensor1.shape[:max(d1 - 2, 0)])
    m2 = tensor2.shape[-2] if d2 > 1 else tensor2.shape[0]
    p = tensor2.shape[-1] if d2 > 1 else 1
    batch2 = tuple(tensor2.shape[:max(d2 - 2, 0)])
    if d1 == 3 and d2 == 3 and batch1[0] != batch2[0]:
        # a batch of one that needs a gradient is squeezed away rather than expanded
        if batch1[0] == 1 and tensor1._requires_grad:
            return matmul(tensor1.squeeze(0), tensor2)
        if batch2[0] == 1 and tensor2._requires_grad:
            return matmul(tensor1, tensor2.squeeze(0))
    batch = broadcast_shapes(batch1, batch2)
    nb = _prod(batch)
    t1 = tensor1.expand(batch + (n, m1)).reshape(nb, n, m1)
    vector_rhs = d2 == 1
    t2 = tensor2.expand(batch + ((m2,) if vector_rhs else (m2, p)))
    t2 = t2.reshape(nb, m2).unsqueeze(2) if vector_rhs else t2.reshape(nb, m2, p)
    out_shape = batch + ((n,) if d1 > 1 else ()) + ((p,) if d2 > 1 else ())
    out = t1.bmm(t2)
    return _unsafe_view(out.squeeze(-1) if vector_rhs else out, out_shape)


def _unsafe_view(t, shape):
    from .shape import UnsafeView
    return UnsafeView.apply(t, tuple(shape))


def _prod(shape):
    n = 1
    for s in shape:
        n *= s
    return n
