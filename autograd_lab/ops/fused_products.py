"""Fused products ``beta * input + alpha * (product)``: addmm, addmv, addr, baddbmm, addbmm.

Each is one node in PyTorch (``AddmmBackward0``...), computed with one BLAS call. As in BLAS,
``beta = 0`` ignores ``input`` entirely (a nan there does not reach the result) and
``alpha = 0`` ignores the product. The gradient of each operand is its plain product's
gradient scaled by ``alpha`` (``input``'s by ``beta``); a factor of 1 is not multiplied in
(PyTorch's ``maybe_multiply``), so ``grad * 1`` costs nothing.

``addmm`` is also what ``nn.functional.linear`` runs for a layer with a bias: its forward
adds the bias in place and its backward runs on raw arrays (``array_backward``).
"""
from .. import _dtype, _grad_mode
from ..autograd.function import Op
from .._tensor import Tensor
from . import _formula as F
from ._util import broadcast_shapes
from .linalg import _CAFFE2_NAMES
from .scalar_arith import MulScalar


def _scale(x, factor):
    """PyTorch's ``maybe_multiply``: ``x * factor``, skipped for a factor of 1. On tensors
    (a graph of the backward pass) it is PyTorch's ``mul(Tensor, Scalar)``, ``MulBackward1``."""
    if factor == 1:
        return x
    return MulScalar.apply(x, factor) if isinstance(x, Tensor) else x * factor


def _integral_factor(dtype, value, name, strict):
    """alpha/beta for an integer result: PyTorch truncates a float factor (addmm, addmv,
    baddbmm, addbmm) or refuses it (addr)."""
    if dtype.kind not in "biu" or not isinstance(value, float):
        return value
    if strict:
        raise RuntimeError(f"For integral input tensors, argument {name} must not be a "
                           "floating point number.")
    return int(value)


def _save_factors_and_operands(ctx, first, second, beta, alpha, dtype):
    """Keep alpha and beta (a float factor truncated for integers) and each product operand
    only where the other one's gradient needs it; returns ``(beta, alpha)``."""
    ctx.beta = beta = _integral_factor(dtype, beta, "beta", False)
    ctx.alpha = alpha = _integral_factor(dtype, alpha, "alpha", False)
    _, need_first, need_second = ctx.needs_input_grad[:3]
    ctx.save_for_backward(first if need_second else None, second if need_first else None)
    return beta, alpha


def _combine(product, input, beta, alpha):
    """``beta * input + alpha * product``, in place on the fresh ``product``; torch's expand
    message where ``input`` does not broadcast to the product's shape."""
    bias, out_shape = input._data, product.shape
    if alpha == 0:
        product[...] = 0
    elif alpha != 1:
        product *= alpha
    if beta == 0:
        return product
    if bias.shape != out_shape:
        try:
            fits = broadcast_shapes(bias.shape, out_shape) == tuple(out_shape)
        except RuntimeError:
            fits = False
        if not fits:
            _expand_error(input, list(out_shape))
    if beta == 1:
        product += bias           # in place: no second (N, out) temporary
    else:
        product += bias * beta
    return product


def _expand_error(t, shape):
    """Raise ``expand``'s message, as PyTorch does for an input that does not broadcast."""
    with _grad_mode.no_grad():
        t.expand(shape)
    raise AssertionError("unreachable: the shapes broadcast")


def _type_name(np_dtype):
    return _dtype.type_name(_dtype.from_numpy_dtype(np_dtype))


# ---------------------------------------------------------------------------- addmm
class Addmm(Op):
    """``beta * input + alpha * (mat1 @ mat2)``. d/dmat1 = alpha grad mat2^T,
    d/dmat2 = alpha mat1^T grad, d/dinput = beta grad."""
    node_name = "AddmmBackward0"
    saved_names = ("mat1", "mat2")
    saved_attrs = ("alpha", "beta")
    array_backward = True

    @staticmethod
    def forward(ctx, input, mat1, mat2, beta=1, alpha=1):
        # (the hot path of nn.functional.linear: kept flat)
        b, x, w = input._data, mat1._data, mat2._data
        if x.ndim != 2 or w.ndim != 2:
            name, t = ("mat1", x) if x.ndim != 2 else ("mat2", w)
            raise RuntimeError(f"{name} must be a matrix, got {t.ndim}-D tensor")
        if x.shape[1] != w.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({x.shape[0]}x"
                               f"{x.shape[1]} and {w.shape[0]}x{w.shape[1]})")
        if b.dtype != w.dtype or x.dtype != w.dtype:
            name, y = ("self", b) if b.dtype != w.dtype else ("mat1", x)
            raise RuntimeError(f"{name} and mat2 must have the same dtype, but got "
                               f"{_type_name(y.dtype)} and {_type_name(w.dtype)}")
        if beta != 1 or alpha != 1:
            beta = _integral_factor(x.dtype, beta, "beta", False)
            alpha = _integral_factor(x.dtype, alpha, "alpha", False)
        ctx.alpha, ctx.beta = alpha, beta
        need = ctx.needs_input_grad
        ctx.save_for_backward(mat1 if need[2] else None, mat2 if need[1] else None)
        out = x @ w
        if alpha == 1 and beta == 1:
            try:
                out += b              # in place: no second (N, out) temporary
                return out
            except ValueError:        # (NumPy: b does not broadcast to the product's shape)
                _expand_error(input, list(out.shape))
        return _combine(out, input, beta, alpha)

    @staticmethod
    def backward(ctx, grad):
        mat1, mat2 = ctx.saved_tensors
        need = ctx.needs_input_grad
        alpha = ctx.alpha
        # the input's gradient is grad itself; the engine sums it over the broadcast rows.
        # In nn.functional.linear mat2 is weight.t(), so its gradient is (grad^T mat1)^T:
        # computed in that order the weight's gradient (after TBackward0) comes out
        # C-contiguous, cheap to accumulate
        grads = (_scale(grad, ctx.beta) if need[0] else None,
                 _scale(grad @ F.t(mat2), alpha) if need[1] else None,
                 _scale(F.t(F.t(grad) @ mat1), alpha) if need[2] else None)
        return grads if len(need) == 3 else grads + (None, None)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat1 @ mat2)`` in one node (``AddmmBackward0``).

    ``input`` broadcasts to the product's shape ``(n, p)``; ``beta = 0`` ignores it.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.addmm(torch.ones(2), torch.ones(2, 3), torch.ones(3, 2), alpha=2)
    tensor([[7., 7.],
            [7., 7.]])
    """
    if beta == 1 and alpha == 1:       # (nn.functional.linear's call: fewer arguments)
        return Addmm.apply(input, mat1, mat2)
    return Addmm.apply(input, mat1, mat2, beta, alpha)


# ---------------------------------------------------------------------------- addmv
class Addmv(Op):
    """``beta * input + alpha * (mat @ vec)``."""
    node_name = "AddmvBackward0"
    saved_names = ("mat", "vec")
    saved_attrs = ("alpha", "beta")

    @staticmethod
    def forward(ctx, input, mat, vec, beta, alpha):
        b, m, v = input._data, mat._data, vec._data
        if m.ndim != 2 or v.ndim != 1 or b.ndim > 1:
            raise RuntimeError(f"vector + matrix @ vector expected, got {b.ndim}, {m.ndim}, "
                               f"{v.ndim}")
        if m.shape[1] != v.shape[0] or b.ndim == 1 and b.shape[0] not in (1, m.shape[0]):
            shown = b.shape[0] if b.ndim else 1
            raise RuntimeError(f"size mismatch, got input ({shown}), mat ({m.shape[0]}x"
                               f"{m.shape[1]}), vec ({v.shape[0]})")
        if not b.dtype == m.dtype == v.dtype:
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got "
                               f"{_type_name(b.dtype)}, {_type_name(m.dtype)}, and "
                               f"{_type_name(v.dtype)}")
        beta, alpha = _save_factors_and_operands(ctx, mat, vec, beta, alpha, m.dtype)
        return _combine(m @ v, input, beta, alpha)

    @staticmethod
    def backward(ctx, grad):
        mat, vec = ctx.saved_tensors
        need_b, need_m, need_v = ctx.needs_input_grad[:3]
        return (_scale(grad, ctx.beta) if need_b else None,
                _scale(grad.outer(vec), ctx.alpha) if need_m else None,
                _scale(mat.t().mv(grad), ctx.alpha) if need_v else None, None, None)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat @ vec)`` in one node (``AddmvBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.addmv(torch.ones(2), torch.ones(2, 3), torch.ones(3), beta=0.5)
    tensor([3.5000, 3.5000])
    """
    return Addmv.apply(input, mat, vec, beta, alpha)


# ---------------------------------------------------------------------------- addr
class Addr(Op):
    """``beta * input + alpha * outer(vec1, vec2)``."""
    node_name = "AddrBackward0"
    saved_names = ("vec1", "vec2")
    saved_attrs = ("alpha", "beta")

    @staticmethod
    def forward(ctx, input, vec1, vec2, beta, alpha):
        u, v = vec1._data, vec2._data
        # (a float factor of an integer addr was refused before: nothing to truncate here)
        beta, alpha = _save_factors_and_operands(ctx, vec1, vec2, beta, alpha, u.dtype)
        return _combine(u[:, None] * v[None, :], input, beta, alpha)

    @staticmethod
    def backward(ctx, grad):
        vec1, vec2 = ctx.saved_tensors
        need_b, need_u, need_v = ctx.needs_input_grad[:3]
        return (_scale(grad, ctx.beta) if need_b else None,
                _scale(grad.mv(vec2), ctx.alpha) if need_u else None,
                _scale(grad.t().mv(vec1), ctx.alpha) if need_v else None, None, None)


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """``beta * input + alpha * outer(vec1, vec2)`` (``AddrBackward0``); unlike the other
    fused products it promotes mixed dtypes, as PyTorch's addr does.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.addr(torch.zeros(2, 2), torch.tensor([1., 2.]), torch.tensor([3., 4.]))
    tensor([[3., 4.],
            [6., 8.]])
    """
    for name, t in (("vec1", vec1), ("vec2", vec2)):
        if t.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {t.ndim}-D")
    dt = _dtype.promote_types(_dtype.promote_types(input.dtype, vec1.dtype), vec2.dtype)
    if dt.is_floating_point is False:
        beta = _integral_factor(dt.np, beta, "beta", True)
        alpha = _integral_factor(dt.np, alpha, "alpha", True)
    input, vec1, vec2 = (t if t.dtype == dt else t.to(dt) for t in (input, vec1, vec2))
    return Addr.apply(input, vec1, vec2, beta, alpha)


# ---------------------------------------------------------------------------- baddbmm, addbmm
def _check_batches(b1, b2):
    if b1.ndim != 3 or b2.ndim != 3:
        name, t = ("batch1", b1) if b1.ndim != 3 else ("batch2", b2)
        raise RuntimeError(f"{name} must be a 3D tensor")
    if b1.shape[0] != b2.shape[0] or b1.shape[2] != b2.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{b1.shape[0]}, {b1.shape[2]}] but got: [{b2.shape[0]}, "
                           f"{b2.shape[1]}].")


class Baddbmm(Op):
    """``beta * input + alpha * bmm(batch1, batch2)``."""
    node_name = "BaddbmmBackward0"
    saved_names = ("batch1", "batch2")
    saved_attrs = ("alpha", "beta")

    @staticmethod
    def forward(ctx, input, batch1, batch2, beta, alpha):
        b, x, y = input._data, batch1._data, batch2._data
        _check_batches(x, y)
        if x.dtype != y.dtype:
            raise RuntimeError(f"expected scalar type {_type_name(x.dtype)} but found "
                               f"{_type_name(y.dtype)}")
        if b.dtype != x.dtype:
            raise RuntimeError(f"Input dtypes must be the same, got: input "
                               f"{_CAFFE2_NAMES[b.dtype.name]}, batch1: "
                               f"{_CAFFE2_NAMES[x.dtype.name]}, batch2: "
                               f"{_CAFFE2_NAMES[y.dtype.name]}")
        beta, alpha = _save_factors_and_operands(ctx, batch1, batch2, beta, alpha, x.dtype)
        return _combine(input._xp().matmul(x, y), input, beta, alpha)

    @staticmethod
    def backward(ctx, grad):
        batch1, batch2 = ctx.saved_tensors
        need_b, need_x, need_y = ctx.needs_input_grad[:3]
        return (_scale(grad, ctx.beta) if need_b else None,
                _scale(grad.bmm(batch2.transpose(1, 2)), ctx.alpha) if need_x else None,
                _scale(batch1.transpose(1, 2).bmm(grad), ctx.alpha) if need_y else None,
                None, None)


class Addbmm(Op):
    """``beta * input + alpha * sum_b batch1[b] @ batch2[b]``: the gradient of each batch is
    a bmm with the (repeated) incoming gradient."""
    node_name = "AddbmmBackward0"
    saved_names = ("batch1", "batch2")
    saved_attrs = ("alpha", "beta")

    @staticmethod
    def forward(ctx, input, batch1, batch2, beta, alpha):
        b, x, y = input._data, batch1._data, batch2._data
        if x.ndim != 3 or y.ndim != 3:
            name, t = ("batch1", x) if x.ndim != 3 else ("batch2", y)
            raise RuntimeError(f"{name} must be a 3D tensor")
        if x.shape[0] != y.shape[0]:
            raise RuntimeError(f"batch1 and batch2 must have same number of batches, got "
                               f"{x.shape[0]} and {y.shape[0]}")
        if x.shape[2] != y.shape[1]:
            raise RuntimeError(f"Incompatible matrix sizes for bmm ({x.shape[1]}x{x.shape[2]} "
                               f"and {y.shape[1]}x{y.shape[2]})")
        for t in (b, x):
            if t.dtype != y.dtype:
                raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                                   f"{_type_name(t.dtype)} and {_type_name(y.dtype)}")
        beta, alpha = _save_factors_and_operands(ctx, batch1, batch2, beta, alpha, x.dtype)
        # (NumPy's sum would widen small integers to int64; torch keeps the dtype)
        return _combine(input._xp().matmul(x, y).sum(0, dtype=x.dtype), input, beta, alpha)

    @staticmethod
    def backward(ctx, grad):
        batch1, batch2 = ctx.saved_tensors
        need_b, need_x, need_y = ctx.needs_input_grad[:3]
        n = (batch1 if batch1 is not None else batch2).shape[0]
        g = grad.unsqueeze(0).expand(n, *grad.shape)
        return (_scale(grad, ctx.beta) if need_b else None,
                _scale(g.bmm(batch2.transpose(1, 2)), ctx.alpha) if need_x else None,
                _scale(batch1.transpose(1, 2).bmm(g), ctx.alpha) if need_y else None,
                None, None)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * bmm(batch1, batch2)`` in one node (``BaddbmmBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.baddbmm(torch.ones(2, 1, 1), torch.ones(2, 1, 3), torch.ones(2, 3, 1)).shape
    torch.Size([2, 1, 1])
    """
    return Baddbmm.apply(input, batch1, batch2, beta, alpha)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * (batch1 @ batch2).sum(0)`` in one node (``AddbmmBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.addbmm(torch.zeros(1, 1), torch.ones(2, 1, 3), torch.ones(2, 3, 1))
    tensor([[6.]])
    """
    return Addbmm.apply(input, batch1, batch2, beta, alpha)


# ---------------------------------------------------------------------------- in place
def _inplace(op, out_shape, self, *args, **kwargs):
    """``self.<op>_(...)``: the out-of-place op written into ``self``. PyTorch refuses a
    ``self`` that would have to grow to the result's shape (``out_shape``, None when the
    operands are malformed: the op itself then says why)."""
    from .inplace import inplace
    if out_shape is not None and tuple(out_shape) != tuple(self.shape):
        raise RuntimeError(f"Bad in-place call: input tensor size {list(self.shape)} and "
                           f"output tensor size {list(out_shape)} should match")
    return inplace(self, op, *args, **kwargs)


def _dims_ok(*pairs):
    return all(t.ndim == n for t, n in pairs)


def addmm_(input, mat1, mat2, *, beta=1, alpha=1):
    """In-place :func:`addmm`: the result is written into ``input``."""
    shape = (mat1.shape[0], mat2.shape[1]) if _dims_ok((mat1, 2), (mat2, 2)) else None
    return _inplace(addmm, shape, input, mat1, mat2, beta=beta, alpha=alpha)


def addmv_(input, mat, vec, *, beta=1, alpha=1):
    """In-place :func:`addmv`: the result is written into ``input``."""
    shape = (mat.shape[0],) if _dims_ok((mat, 2), (vec, 1)) else None
    return _inplace(addmv, shape, input, mat, vec, beta=beta, alpha=alpha)


def addr_(input, vec1, vec2, *, beta=1, alpha=1):
    """In-place :func:`addr`: the result is written into ``input``."""
    return _inplace(addr, None, input, vec1, vec2, beta=beta, alpha=alpha)


def baddbmm_(input, batch1, batch2, *, beta=1, alpha=1):
    """In-place :func:`baddbmm`: the result is written into ``input``."""
    ok = _dims_ok((batch1, 3), (batch2, 3))
    shape = (batch1.shape[0], batch1.shape[1], batch2.shape[2]) if ok else None
    return _inplace(baddbmm, shape, input, batch1, batch2, beta=beta, alpha=alpha)


def addbmm_(input, batch1, batch2, *, beta=1, alpha=1):
    """In-place :func:`addbmm`: the result is written into ``input``."""
    return _inplace(addbmm, None, input, batch1, batch2, beta=beta, alpha=alpha)
