"""Arithmetic: add, sub, mul, div, neg, pow, remainder, with PyTorch's node names.

Each op's backward returns gradients in the broadcast shape; the engine sums them back to
each input's shape (``autograd.engine.validate_grad``), so no op here undoes broadcasting.
"""
from .. import _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from ._util import binary_operands, float_result, promoted_arrays, wrap_scalar


class Add(Op):
    node_name = "AddBackward0"
    saved_attrs = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha):
        x, y = promoted_arrays(a, b)
        ctx.alpha = alpha
        return x + y if alpha == 1 else x + alpha * y

    @staticmethod
    def backward(ctx, grad):
        return grad, (grad if ctx.alpha == 1 else grad * ctx.alpha), None


class Sub(Op):
    node_name = "SubBackward0"
    saved_attrs = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha):
        x, y = promoted_arrays(a, b)
        ctx.alpha = alpha
        return x - y if alpha == 1 else x - alpha * y

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.alpha == 1 else grad * -ctx.alpha), None


class Rsub(Op):
    """``number - tensor``: one edge only, as in PyTorch (``RsubBackward1``)."""
    node_name = "RsubBackward1"
    saved_attrs = ("alpha",)

    @staticmethod
    def forward(ctx, a, number, alpha):
        ctx.alpha = alpha
        s = wrap_scalar(number, a)
        x, y = promoted_arrays(a, s)
        return y - x if alpha == 1 else y - alpha * x

    @staticmethod
    def backward(ctx, grad):
        return (-grad if ctx.alpha == 1 else grad * -ctx.alpha), None, None


class Mul(Op):
    node_name = "MulBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        return x * y

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None,
                grad * a if need_b else None)


class Div(Op):
    node_name = "DivBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        x = float_result(x)
        with _errstate(x):
            return x / y.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / b if need_a else None,
                -grad * a / (b * b) if need_b else None)


class DivRounding(Op):
    """Floor or truncating division: piecewise constant, so its gradient is zero."""
    node_name = "DivBackward1"
    saved_attrs = ("rounding_mode",)

    @staticmethod
    def forward(ctx, a, b, rounding_mode):
        ctx.rounding_mode = rounding_mode
        x, y = promoted_arrays(a, b)
        xp = a._xp()
        if x.dtype.kind in "iub":
            if (y == 0).any():
                raise RuntimeError("ZeroDivisionError")
            q = xp.floor_divide(x, y) if rounding_mode == "floor" else \
                (xp.trunc(x / y)).astype(x.dtype)
            return q
        with _errstate(x):
            q = x / y
        return xp.floor(q) if rounding_mode == "floor" else xp.trunc(q)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0, None, None


class Neg(Op):
    node_name = "NegBackward0"

    @staticmethod
    def forward(ctx, a):
        if a._data.dtype.kind == "b":
            raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. "
                               "If you are trying to invert a mask, use the `~` or "
                               "`logical_not()` operator instead.")
        return -a._data

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Pow(Op):
    """``tensor ** number``."""
    node_name = "PowBackward0"
    saved_names = ("self",)
    saved_attrs = ("exponent",)

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        x = a._data
        if x.dtype.kind in "iu" and isinstance(exponent, int) and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        if x.dtype.kind in "iub" and isinstance(exponent, float):
            x = float_result(x)
        if exponent == 2:
            return x * x
        return x ** x.dtype.type(exponent) if x.dtype.kind == "f" else x ** exponent

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        e = ctx.exponent
        if e == 0:
            return grad * 0, None
        if e == 2:
            return grad * (a * 2), None
        return grad * (a ** (e - 1) * e), None


class PowTensor(Op):
    """``tensor ** tensor``: d/dx = e x^(e-1), d/de = x^e log x (0 where x == 0, e >= 0)."""
    node_name = "PowBackward1"
    saved_names = ("self", "exponent")
    save_result = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        return x ** y

    @staticmethod
    def backward(ctx, grad):
        a, e = ctx.saved_tensors
        need_a, need_e = ctx.needs_input_grad
        ga = grad * e * a ** (e - 1) if need_a else None
        ge = None
        if need_e:
            from .pointwise import where
            safe = where((a == 0) & (e >= 0), 0.0, ctx.saved_result * a.log())
            ge = grad * safe
        return ga, ge


class RPow(Op):
    """``number ** tensor``."""
    node_name = "PowBackward2"
    saved_names = ("exponent",)
    saved_attrs = ("self",)
    save_result = True

    @staticmethod
    def forward(ctx, exponent, base):
        ctx.save_for_backward(exponent)
        ctx.self = base
        b = wrap_scalar(base, exponent)
        x, y = promoted_arrays(b, exponent)
        x = float_result(x) if y.dtype.kind == "f" else x
        return x ** y

    @staticmethod
    def backward(ctx, grad):
        import math
        if ctx.self == 0:
            return grad * 0, None
        return grad * ctx.saved_result * math.log(ctx.self), None


class Remainder(Op):
    node_name = "RemainderBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        return a._xp().remainder(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad if need_a else None,
                -grad * (a / b).floor() if need_b else None)


class _errstate:
    """Silence NumPy's divide-by-zero warnings: torch returns inf/nan quietly."""

    def __init__(self, arr):
        import numpy as np
        self._ctx = np.errstate(divide="ignore", invalid="ignore") \
            if type(arr).__module__ == "numpy" else None

    def __enter__(self):
        if self._ctx is not None:
            self._ctx.__enter__()

    def __exit__(self, *exc):
        if self._ctx is not None:
            self._ctx.__exit__(*exc)


# ---------------------------------------------------------------------------- functions
def add(input, other, *, alpha=1):
    a, b = binary_operands(input, other)
    return Add.apply(a, b, alpha)


def sub(input, other, *, alpha=1):
    if isinstance(input, Tensor) and input._data.dtype.kind == "b":
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")
    a, b = binary_operands(input, other)
    return Sub.apply(a, b, alpha)


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``; ``other`` is a number (the reflected ``-``)."""
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    return Rsub.apply(input, other, alpha)


def mul(input, other):
    a, b = binary_operands(input, other)
    return Mul.apply(a, b)


def div(input, other, *, rounding_mode=None):
    a, b = binary_operands(input, other)
    if rounding_mode is None:
        return Div.apply(a, b)
    if rounding_mode not in ("floor", "trunc"):
        raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                         f"but found '{rounding_mode}'")
    return DivRounding.apply(a, b, rounding_mode)


def rdiv(input, other, *, rounding_mode=None):
    """``other / input`` for a number ``other``: PyTorch builds it as reciprocal, then mul."""
    if isinstance(other, Tensor) or rounding_mode is not None:
        return div(other, input, rounding_mode=rounding_mode)
    from .pointwise import reciprocal
    return mul(reciprocal(input), other)


true_divide = divide = div
multiply = mul
subtract = sub


def neg(input):
    return Neg.apply(input)


negative = neg


def pow(input, exponent):
    if not isinstance(input, Tensor):
        return rpow(exponent, input)
    if isinstance(exponent, Tensor):
        a, b = binary_operands(input, exponent)
        return PowTensor.apply(a, b)
    return Pow.apply(input, exponent)


def rpow(exponent, base):
    """``base ** exponent`` for a number ``base``."""
    return RPow.apply(exponent, base)


def square(input):
    return Pow.apply(input, 2)


def remainder(input, other):
    a, b = binary_operands(input, other)
    return Remainder.apply(a, b)


fmod = remainder


def float_power(input, exponent):
    return pow(input.to(_dtype.float64), exponent)
