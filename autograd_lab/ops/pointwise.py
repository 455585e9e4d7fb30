"""Element-wise math: exp, log, sqrt, trig, activations, clamp, where, comparisons.

Derivatives are written with tensor ops so that ``create_graph=True`` can differentiate them
again. Subgradient choices follow PyTorch, noted where they matter (relu, abs, clamp at the
boundary, maximum on ties).
"""
import numpy as np

from .. import _backend, _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from ._util import (Held, binary_operands, broadcast_shapes, float_result, promoted_arrays,
                    wrap_scalar)


def _quiet():
    """torch returns inf/nan (1/0, log(0), exp(1000)) without warnings; NumPy would warn.
    (Inside ``forward`` this is already so: ``Op.apply`` runs it that way.)"""
    return _backend.quiet()


def _xp(t):
    return np if type(t._data) is np.ndarray else t._xp()      # (NumPy, the usual case, first)


class Abs(Op):
    node_name = "AbsBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _xp(a).abs(a._data)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * a.sign()          # sign(0) = 0: torch's subgradient of |x| at 0


class Exp(Op):
    node_name = "ExpBackward0"
    array_backward = True
    save_result = True

    @staticmethod
    def forward(ctx, a):
        with _quiet():
            return _xp(a).exp(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.saved_result


class Log(Op):
    node_name = "LogBackward0"
    array_backward = True
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet():
            return _xp(a).log(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad / a


class Log2(Op):
    node_name = "Log2Backward0"
    array_backward = True
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet():
            return _xp(a).log2(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad / (a * 0.6931471805599453)


class Log10(Op):
    node_name = "Log10Backward0"
    array_backward = True
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet():
            return _xp(a).log10(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad / (a * 2.302585092994046)


class Log1p(Op):
    node_name = "Log1PBackward0"
    array_backward = True
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet():
            return _xp(a).log1p(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad / (a + 1)


class Expm1(Op):
    node_name = "Expm1Backward0"
    array_backward = True
    save_result = True

    @staticmethod
    def forward(ctx, a):
        with _quiet():
            return _xp(a).expm1(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        return grad * (ctx.saved_result + 1)


class Sqrt(Op):
    node_name = "SqrtBackward0"
    array_backward = True
    save_result = True

    @staticmethod
    def forward(ctx, a):
        with _quiet():
            return _xp(a).sqrt(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        return grad / (ctx.saved_result * 2)


class Rsqrt(Op):
    node_name = "RsqrtBackward0"
    array_backward = True
    save_result = True

    @staticmethod
    def forward(ctx, a):
        with _quiet():
            x = float_result(a._data)
            return 1 / _xp(a).sqrt(x)

    @staticmethod
    def backward(ctx, grad):
        r = ctx.saved_result
        return grad * (r ** 3) * -0.5


class Reciprocal(Op):
    node_name = "ReciprocalBackward0"
    array_backward = True
    save_result = True

    @staticmethod
    def forward(ctx, a):
        with _quiet():
            x = float_result(a._data)
            return x.dtype.type(1) / x

    @staticmethod
    def backward(ctx, grad):
        r = ctx.saved_result
        return grad * -(r * r)


class Sin(Op):
    node_name = "SinBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet():
            return _xp(a).sin(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * a.cos()


class Cos(Op):
    node_name = "CosBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet():
            return _xp(a).cos(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * -a.sin()


class Tan(Op):
    node_name = "TanBackward0"
    array_backward = True
    save_result = True

    @staticmethod
    def forward(ctx, a):
        with _quiet():
            return _xp(a).tan(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        r = ctx.saved_result
        return grad * (r * r + 1)


class Tanh(Op):
    node_name = "TanhBackward0"
    save_result = True

    @staticmethod
    def forward(ctx, a):
        return _xp(a).tanh(float_result(a._data))

    @staticmethod
    def backward(ctx, grad):
        return TanhBackward.apply(grad, ctx.saved_result)


class TanhBackward(Op):
    """tanh's derivative ``grad * (1 - y^2)`` as an op of its own, as PyTorch has it, so that
    ``create_graph=True`` shows (and differentiates) ``TanhBackwardBackward0``."""
    node_name = "TanhBackwardBackward0"
    saved_names = ("grad_output", "output")

    @staticmethod
    def forward(ctx, grad, y):
        ctx.save_for_backward(grad, y)
        return grad._data * (1 - y._data * y._data)

    @staticmethod
    def backward(ctx, gg):
        grad, y = ctx.saved_tensors
        need_g, need_y = ctx.needs_input_grad
        return (gg * (1 - y * y) if need_g else None,
                gg * grad * -2 * y if need_y else None)


class Sigmoid(Op):
    node_name = "SigmoidBackward0"
    save_result = True

    @staticmethod
    def forward(ctx, a):
        x = float_result(a._data)
        xp = _xp(a)
        # exp(-|x|) never overflows; split by sign for a stable logistic
        e = xp.exp(-xp.abs(x))
        return xp.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return SigmoidBackward.apply(grad, ctx.saved_result)


class SigmoidBackward(Op):
    """sigmoid's derivative ``grad * y (1 - y)`` as an op (PyTorch's
    ``SigmoidBackwardBackward0``), differentiable again."""
    node_name = "SigmoidBackwardBackward0"
    saved_names = ("grad_output", "output")

    @staticmethod
    def forward(ctx, grad, y):
        ctx.save_for_backward(grad, y)
        return grad._data * (y._data * (1 - y._data))

    @staticmethod
    def backward(ctx, gg):
        grad, y = ctx.saved_tensors
        need_g, need_y = ctx.needs_input_grad
        return (gg * (y * (1 - y)) if need_g else None,
                gg * grad * (1 - 2 * y) if need_y else None)


_ZEROS = {}


def _zero(np_dtype):
    """A shared read-only 0-d zero of ``np_dtype`` (a ufunc takes a 0-d array faster than a
    NumPy or Python scalar)."""
    z = _ZEROS.get(np_dtype)
    if z is None:
        z = _ZEROS[np_dtype] = np.zeros((), np_dtype)
        z.flags.writeable = False
    return z


class Relu(Op):
    node_name = "ReluBackward0"
    array_backward = True
    save_result = True

    @staticmethod
    def forward(ctx, a):
        x = a._data
        return _xp(a).maximum(x, _zero(x.dtype))

    @staticmethod
    def backward(ctx, grad):
        # the derivative at 0 is taken as 0, as in PyTorch (result > 0 is the mask)
        return grad * (ctx.saved_result > 0)


class Sign(Op):
    node_name = "SignBackward0"
    array_backward = True

    @staticmethod
    def forward(ctx, a):
        return _xp(a).sign(a._data)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0


class _Rounding(Op):
    """floor, ceil, round, trunc: piecewise constant, zero gradient."""

    @classmethod
    def forward(cls, ctx, a, *args):
        return cls.fn(_xp(a), a._data, *args)

    @staticmethod
    def backward(ctx, grad):
        return (grad * 0,) + (None,) * (len(ctx.needs_input_grad) - 1)


class Floor(_Rounding):
    node_name = "FloorBackward0"
    fn = staticmethod(lambda xp, x: xp.floor(x) if x.dtype.kind == "f" else x.copy())


class Ceil(_Rounding):
    node_name = "CeilBackward0"
    fn = staticmethod(lambda xp, x: xp.ceil(x) if x.dtype.kind == "f" else x.copy())


class Trunc(_Rounding):
    node_name = "TruncBackward0"
    fn = staticmethod(lambda xp, x: xp.trunc(x) if x.dtype.kind == "f" else x.copy())


class Round(_Rounding):
    node_name = "RoundBackward0"
    fn = staticmethod(lambda xp, x: xp.round(x) if x.dtype.kind == "f" else x.copy())


class RoundDecimals(_Rounding):
    node_name = "RoundBackward1"
    saved_attrs = ("decimals",)
    fn = staticmethod(lambda xp, x, decimals: xp.round(x, decimals))


class Clamp(Op):
    node_name = "ClampBackward1"
    saved_names = ("self",)
    saved_attrs = ("min", "max")

    @staticmethod
    def forward(ctx, a, lo, hi):
        if lo is None and hi is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        ctx.save_for_backward(a)
        ctx.min, ctx.max = lo, hi
        x = a._data
        xp = _xp(a)
        if isinstance(lo, float) and x.dtype.kind != "f":
            x = float_result(x)
        out = x
        if lo is not None:
            out = xp.maximum(out, x.dtype.type(lo))
        if hi is not None:
            out = xp.minimum(out, x.dtype.type(hi))
        return out

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # gradient passes where min <= x <= max (inclusive, as in PyTorch)
        mask = None
        if ctx.min is not None:
            mask = a >= ctx.min
        if ctx.max is not None:
            m = a <= ctx.max
            mask = m if mask is None else mask & m
        return grad * mask, None, None


class ClampTensor(Op):
    """``clamp`` with tensor bounds. Like PyTorch it always has three edges (self, min, max),
    ``(None, 0)`` for an absent bound; the gradient goes to the bound that was chosen."""
    node_name = "ClampBackward0"
    saved_names = ("self", "min", "max")

    @staticmethod
    def forward(ctx, a, lo, hi, has_lo, has_hi):
        lo, hi = (lo if has_lo else None), (hi if has_hi else None)
        ctx.save_for_backward(a, lo, hi)
        xp = _xp(a)
        out = a._data
        if lo is not None:
            out = xp.maximum(out, promoted_arrays(a, lo)[1])
        if hi is not None:
            out = xp.minimum(out, promoted_arrays(a, hi)[1])
        return out

    @staticmethod
    def backward(ctx, grad):
        a, lo, hi = ctx.saved_tensors
        need_a, need_lo, need_hi = ctx.needs_input_grad[:3]
        keep = None
        g_lo = g_hi = None
        if lo is not None:
            keep = a >= lo
            if need_lo:
                g_lo = grad * (a < lo)
        if hi is not None:
            k = a <= hi
            keep = k if keep is None else keep & k
            if need_hi:
                g_hi = grad * (a > hi)
        return (grad * keep if need_a else None), g_lo, g_hi, None, None


class Maximum(Op):
    node_name = "MaximumBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        return _xp(a).maximum(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        # on ties PyTorch splits the gradient evenly between both inputs
        ga = grad * ((a > b) + (a == b) * 0.5)
        gb = grad * ((b > a) + (a == b) * 0.5)
        return ga, gb


class Minimum(Op):
    node_name = "MinimumBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        return _xp(a).minimum(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = grad * ((a < b) + (a == b) * 0.5)
        gb = grad * ((b < a) + (a == b) * 0.5)
        return ga, gb


class Where(Op):
    """``where(condition, input, other)``: the condition is no edge of the node."""
    node_name = "WhereBackward0"
    saved_names = ("condition",)

    @staticmethod
    def forward(ctx, held, a, b):
        cond = held.tensor
        ctx.save_for_backward(cond)
        x, y = promoted_arrays(a, b)
        return _xp(a).where(cond._data, x, y)

    @staticmethod
    def backward(ctx, grad):
        cond, = ctx.saved_tensors
        _, need_a, need_b = ctx.needs_input_grad
        return (None,
                where(cond, grad, 0.0) if need_a else None,
                where(cond, 0.0, grad) if need_b else None)


class MaskedFill(Op):
    """``masked_fill(mask, number)``: one edge (the mask is no input of the graph)."""
    node_name = "MaskedFillBackward0"
    saved_names = ("mask",)

    @staticmethod
    def forward(ctx, a, held, value):
        mask = held.tensor
        ctx.save_for_backward(mask)
        x = a._data
        return _xp(a).where(mask._data, _fill_value(x, value), x)

    @staticmethod
    def backward(ctx, grad):
        mask, = ctx.saved_tensors
        return where(mask, 0.0, grad), None, None


class MaskedFillTensor(Op):
    """``masked_fill(mask, value)`` with a 0-dim tensor value: the value gets the sum of the
    gradient over the filled places."""
    node_name = "MaskedFillBackward1"
    saved_names = ("mask",)

    @staticmethod
    def forward(ctx, a, held, value):
        mask = held.tensor
        ctx.save_for_backward(mask)
        x = a._data
        return _xp(a).where(mask._data, value._data.astype(x.dtype), x)

    @staticmethod
    def backward(ctx, grad):
        mask, = ctx.saved_tensors
        need_a, _, need_v = ctx.needs_input_grad
        return (where(mask, 0.0, grad) if need_a else None, None,
                where(mask, grad, 0.0).sum() if need_v else None)


def _fill_value(x, value):
    if x.dtype.kind in "iu" and isinstance(value, float) and not value.is_integer():
        return x.dtype.type(int(value))
    return x.dtype.type(value)


class Lerp(Op):
    """``input + weight * (end - input)`` with a number weight."""
    node_name = "LerpBackward0"
    saved_attrs = ("weight",)

    @staticmethod
    def forward(ctx, a, b, weight):
        ctx.weight = weight
        x, y = promoted_arrays(a, b)
        return x + x.dtype.type(weight) * (y - x)

    @staticmethod
    def backward(ctx, grad):
        w = ctx.weight
        need_a, need_b, _ = ctx.needs_input_grad
        return (grad * (1 - w) if need_a else None, grad * w if need_b else None, None)


class LerpTensor(Op):
    """``lerp`` with a tensor weight: d/dweight = end - input."""
    node_name = "LerpBackward1"
    saved_names = ("self", "end", "weight")

    @staticmethod
    def forward(ctx, a, b, w):
        ctx.save_for_backward(a, b, w)
        x, y = promoted_arrays(a, b)
        return x + w._data.astype(x.dtype, copy=False) * (y - x)

    @staticmethod
    def backward(ctx, grad):
        a, b, w = ctx.saved_tensors
        need_a, need_b, need_w = ctx.needs_input_grad
        return (grad * (1 - w) if need_a else None, grad * w if need_b else None,
                grad * (b - a) if need_w else None)


# ---------------------------------------------------------------------------- functions
def abs(input):
    return Abs.apply(input)


absolute = abs


def exp(input):
    """e ** x; its derivative is its own result (``ExpBackward0`` saves the output).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.exp(torch.tensor([0., 1.]))
    tensor([1.0000, 2.7183])
    """
    return Exp.apply(input)


def log(input):
    return Log.apply(input)


def log2(input):
    return Log2.apply(input)


def log10(input):
    return Log10.apply(input)


def log1p(input):
    return Log1p.apply(input)


def expm1(input):
    return Expm1.apply(input)


def sqrt(input):
    return Sqrt.apply(input)


def rsqrt(input):
    return Rsqrt.apply(input)


def reciprocal(input):
    return Reciprocal.apply(input)


def sin(input):
    return Sin.apply(input)


def cos(input):
    return Cos.apply(input)


def tan(input):
    return Tan.apply(input)


def tanh(input):
    return Tanh.apply(input)


def sigmoid(input):
    """1 / (1 + e^-x), computed without overflow; derivative y * (1 - y).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.sigmoid(torch.tensor([-3., 0., 3.]))
    tensor([0.0474, 0.5000, 0.9526])
    """
    return Sigmoid.apply(input)


def relu(input):
    """max(x, 0). At x = 0 the gradient is 0, as in PyTorch.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([-1., 0., 2.], requires_grad=True)
    >>> x.relu().sum().backward(); x.grad
    tensor([0., 0., 1.])
    """
    return Relu.apply(input)


def sign(input):
    return Sign.apply(input)


def floor(input):
    return Floor.apply(input)


def ceil(input):
    return Ceil.apply(input)


def trunc(input):
    return Trunc.apply(input)


def round(input, *, decimals=None):
    if decimals is None:
        return Round.apply(input)
    return RoundDecimals.apply(input, decimals)


def clamp(input, min=None, max=None):
    """Limit values to [min, max]; the gradient passes where min <= x <= max (bounds
    included, as in PyTorch).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([-2., -1., 0., 1., 2.], requires_grad=True)
    >>> x.clamp(-1, 1).sum().backward(); x.grad
    tensor([0., 1., 1., 1., 0.])
    """
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        lo = min if isinstance(min, Tensor) else _absent_or_scalar(min, input)
        hi = max if isinstance(max, Tensor) else _absent_or_scalar(max, input)
        for bound in (lo, hi):
            if bound._data.shape != input._data.shape:
                broadcast_shapes(input._data.shape, bound._data.shape)
        return ClampTensor.apply(input, lo, hi, min is not None, max is not None)
    return Clamp.apply(input, min, max)


def _absent_or_scalar(value, like):
    """A bound that is no tensor: a number is wrapped; an absent one is a 0-d placeholder
    that only gives the node its ``(None, 0)`` edge."""
    return wrap_scalar(0 if value is None else value, like)


clip = clamp


def maximum(input, other):
    """Element-wise maximum; on ties each input gets half of the gradient (PyTorch's rule).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> a = torch.tensor([1., 2.], requires_grad=True)
    >>> torch.maximum(a, torch.tensor([1., 0.])).sum().backward(); a.grad
    tensor([0.5000, 1.0000])
    """
    a, b = binary_operands(input, other)
    return Maximum.apply(a, b)


def minimum(input, other):
    a, b = binary_operands(input, other)
    return Minimum.apply(a, b)


def where(condition, input=None, other=None):
    """``input`` where ``condition`` holds, else ``other`` (numbers allowed); with only a
    condition, the indices where it holds.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([-1., 2.])
    >>> torch.where(x > 0, x, 0.)
    tensor([0., 2.])
    """
    if input is None and other is None:
        from .indexing import nonzero
        return nonzero(condition, as_tuple=True)
    like = input if isinstance(input, Tensor) else other if isinstance(other, Tensor) else condition
    a = input if isinstance(input, Tensor) else wrap_scalar(input, like)
    b = other if isinstance(other, Tensor) else wrap_scalar(other, like)
    if condition._data.dtype.kind != "b":
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {_dtype.type_name(condition.dtype)}")
    # torch broadcasts the condition with input, then the result with other
    broadcast_shapes(broadcast_shapes(condition._data.shape, a._data.shape), b._data.shape)
    return Where.apply(Held(condition), a, b)


def masked_fill(input, mask, value):
    if mask._data.dtype.kind != "b":
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype.name}")
    if mask._data.shape != input._data.shape:
        broadcast_shapes(mask._data.shape, input._data.shape)
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.ndim} dimension(s).")
        return MaskedFillTensor.apply(input, Held(mask), value)
    return MaskedFill.apply(input, Held(mask), value)


def lerp(input, end, weight):
    a, b = binary_operands(input, end)
    if isinstance(weight, Tensor):
        broadcast_shapes(broadcast_shapes(a._data.shape, b._data.shape), weight._data.shape)
        return LerpTensor.apply(a, b, weight)
    return Lerp.apply(a, b, weight)


# ---------------------------------------------------------------------------- comparisons
def _compare(a, b, fn):
    """Comparisons have no gradient: their result is a bool tensor outside the graph."""
    a, b = binary_operands(a, b)
    x, y = promoted_arrays(a, b)
    return Tensor._make(fn(x, y))


def eq(input, other):
    if other is None:
        return False
    return _compare(input, other, lambda x, y: x == y)


def ne(input, other):
    if other is None:
        return True
    return _compare(input, other, lambda x, y: x != y)


def lt(input, other):
    return _compare(input, other, lambda x, y: x < y)


def le(input, other):
    return _compare(input, other, lambda x, y: x <= y)


def gt(input, other):
    return _compare(input, other, lambda x, y: x > y)


def ge(input, other):
    return _compare(input, other, lambda x, y: x >= y)


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def logical_op(a, b, which):
    a, b = binary_operands(a, b)
    x, y = promoted_arrays(a, b)
    xp = a._xp()
    if x.dtype.kind == "f":
        raise TypeError(f"unsupported operand type(s) for &: 'Tensor' and 'Tensor'")
    fn = {"and": xp.bitwise_and, "or": xp.bitwise_or, "xor": xp.bitwise_xor}[which]
    return Tensor._make(fn(x, y))


def bitwise_not(input):
    x = input._data
    if x.dtype.kind == "f":
        raise RuntimeError('"bitwise_not_cpu" not implemented for \'Float\'')
    return Tensor._make(input._xp().invert(x))


def logical_not(input):
    return Tensor._make(input._xp().logical_not(input._data))


def _logical(input, other, name):
    if not isinstance(other, Tensor):
        raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")
    a, b = binary_operands(input, other)
    return Tensor._make(getattr(a._xp(), name)(a._data, b._data))


def logical_and(input, other):
    return _logical(input, other, "logical_and")


def logical_or(input, other):
    return _logical(input, other, "logical_or")


def logical_xor(input, other):
    return _logical(input, other, "logical_xor")


def isnan(input):
    return Tensor._make(input._xp().isnan(input._data))


def isinf(input):
    return Tensor._make(input._xp().isinf(input._data))


def isfinite(input):
    return Tensor._make(input._xp().isfinite(input._data))


def equal(input, other):
    return input.shape == other.shape and bool((input._data == other._data).all())


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """``|input - other| <= atol + rtol * |other|`` element-wise (same dtypes required)."""
    a, b = binary_operands(input, other)
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"{_dtype.type_name(a.dtype)} did not match "
                           f"{_dtype.type_name(b.dtype)}")
    return Tensor._make(a._xp().isclose(a._data, b._data, rtol=rtol, atol=atol,
                                        equal_nan=equal_nan))
