"""Matrix products. ``matmul`` is built from the primitives exactly as PyTorch builds it, so
its graph shows the same nodes (``SqueezeBackward4`` after ``MmBackward0`` for a vector times a
matrix, ``UnsafeViewBackward0`` around ``BmmBackward0`` for batches)."""
from ..autograd.function import Op
from .._tensor import Tensor
from ._util import check_same_device, promoted_arrays


def _dtype_check(a, b, what="expected m1 and m2 to have the same dtype"):
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"{what}, but got: {a.dtype.name.capitalize()} != "
                           f"{b.dtype.name.capitalize()}".replace("Float32", "float")
                           .replace("Float64", "double").replace("Int64", "long"))


class Mm(Op):
    node_name = "MmBackward0"
    saved_names = ("self", "mat2")

    @staticmethod
    def forward(ctx, a, b):
        x, y = a._data, b._data
        if x.ndim != 2 or y.ndim != 2:
            bad = "self" if x.ndim != 2 else "mat2"
            raise RuntimeError(f"{bad} must be a matrix")
        if x.shape[1] != y.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({x.shape[0]}x"
                               f"{x.shape[1]} and {y.shape[0]}x{y.shape[1]})")
        _dtype_check(a, b, "expected m1 and m2 to have the same dtype")
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        return x @ y

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad.mm(b.t()) if need_a else None,
                a.t().mm(grad) if need_b else None)


class Bmm(Op):
    node_name = "BmmBackward0"
    saved_names = ("self", "mat2")

    @staticmethod
    def forward(ctx, a, b):
        x, y = a._data, b._data
        if x.ndim != 3 or y.ndim != 3:
            raise RuntimeError(f"batch1 must be a 3D tensor" if x.ndim != 3
                               else "batch2 must be a 3D tensor")
        if x.shape[0] != y.shape[0] or x.shape[2] != y.shape[1]:
            raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                               f"[{x.shape[0]}, {x.shape[2]}] but got: [{y.shape[0]}, "
                               f"{y.shape[1]}].")
        _dtype_check(a, b, "expected scalar type")
        ctx.save_for_backward(a, b)
        return a._xp().matmul(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad.bmm(b.transpose(1, 2)) if need_a else None,
                a.transpose(1, 2).bmm(grad) if need_b else None)


class Mv(Op):
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
        ctx.save_for_backward(a, v)
        return x @ y

    @staticmethod
    def backward(ctx, grad):
        a, v = ctx.saved_tensors
        need_a, need_v = ctx.needs_input_grad
        return (grad.unsqueeze(1) * v.unsqueeze(0) if need_a else None,
                a.t().mv(grad) if need_v else None)


class Dot(Op):
    node_name = "DotBackward0"
    saved_names = ("self", "tensor")

    @staticmethod
    def forward(ctx, a, b):
        x, y = a._data, b._data
        if x.ndim != 1 or y.ndim != 1:
            raise RuntimeError(f"1D tensors expected, but got {x.ndim}D and {y.ndim}D tensors")
        if x.shape[0] != y.shape[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{x.shape[0]}] and src "
                               f"[{y.shape[0]}] to have the same number of elements, but got "
                               f"{x.shape[0]} and {y.shape[0]} elements respectively")
        if x.dtype != y.dtype:
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                               f"{a.dtype.name.capitalize()} and {b.dtype.name.capitalize()}")
        ctx.save_for_backward(a, b)
        return a._xp().dot(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None, grad * a if need_b else None)


def mm(input, mat2):
    check_same_device(input, mat2)
    return Mm.apply(input, mat2)


def bmm(input, mat2):
    check_same_device(input, mat2)
    return Bmm.apply(input, mat2)


def mv(input, vec):
    check_same_device(input, vec)
    return Mv.apply(input, vec)


def dot(input, other):
    check_same_device(input, other)
    return Dot.apply(input, other)


vdot = inner = dot


def outer(input, vec2):
    """PyTorch computes ``outer`` as a broadcast multiply of a column by a row."""
    return input.reshape(-1, 1) * vec2


ger = outer


def matmul(input, other):
    """Matrix product for every rank combination, as composed by PyTorch's ``matmul``."""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError("matmul(): argument 'other' (position 1) must be Tensor")
    check_same_device(input, other)
    da, db = input.ndim, other.ndim
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{da}D and {db}D")
    if da == 1 and db == 1:
        return dot(input, other)
    if da == 2 and db == 1:
        return mv(input, other)
    if da == 1 and db == 2:
        # torch squeezes the mm result in place (squeeze_), so the result is no view:
        # seed 001 calls Z.detach_() on it
        out = mm(input.unsqueeze(0), other).squeeze((0,))
        out._base = None
        return out
    if da == 2 and db == 2:
        return mm(input, other)
    if da >= 3 and db <= 2:
        # fold the batch into the rows: (..., n, k) @ (k, m) is one mm
        lead = input.shape[:-1]
        if input.shape[-1] != other.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                               f"({_prod(lead)}x{input.shape[-1]} and "
                               f"{other.shape[0]}x{other.shape[-1] if db == 2 else 1})")
        folded = input.reshape(-1, input.shape[-1])
        if db == 1:
            return _unsafe_view(mv(folded, other), tuple(lead))
        return _unsafe_view(mm(folded, other), tuple(lead) + (other.shape[1],))
    return _batched_matmul(input, other)


def _batched_matmul(a, b):
    from ._util import broadcast_shapes
    da, db = a.ndim, b.ndim
    a2 = a.unsqueeze(0) if da == 1 else a
    b2 = b.unsqueeze(-1) if db == 1 else b
    n, k = a2.shape[-2], a2.shape[-1]
    k2, m = b2.shape[-2], b2.shape[-1]
    if k != k2:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{_prod(broadcast_shapes(a2.shape[:-2], b2.shape[:-2]))}, {k}] but "
                           f"got: [{_prod(b2.shape[:-2])}, {k2}].")
    batch = broadcast_shapes(tuple(a2.shape[:-2]), tuple(b2.shape[:-2]))
    nb = _prod(batch)
    ae = a2.expand(*batch, n, k).reshape(nb, n, k)
    be = b2.expand(*batch, k, m).reshape(nb, k, m)
    out_shape = tuple(batch) + ((n,) if da > 1 else ()) + ((m,) if db > 1 else ())
    return _unsafe_view(bmm(ae, be), out_shape)


def _unsafe_view(t, shape):
    from .shape import UnsafeView
    return UnsafeView.apply(t, tuple(shape))


def _prod(shape):
    n = 1
    for s in shape:
        n *= s
    return n
