"""The inverse trigonometric and the hyperbolic functions (asin, acos, atan, sinh, cosh,
asinh, acosh, atanh), sinc, exp2, and the angle conversions deg2rad / rad2deg.

Each takes any tensor; integer and bool inputs compute in the default float dtype, as in
PyTorch. The derivatives are PyTorch's formulas (``tools/autograd/derivatives.yaml``),
written with tensor ops so ``create_graph=True`` differentiates them again; at the edges of
the domain they give what those formulas give there: asin'(1) = rsqrt(0) = inf, asin'(2) =
rsqrt(-3) = nan. sin, cos, tan are in ``unary_math.py``; tanh in ``activations.py``.
"""
import math

from ..autograd.function import Op
from ._util import float_result
from .inplace import inplace
from .unary_math import _xp


class FloatUnary(Op):
    """An element-wise op with a floating result: ``fn(xp, x)`` on the input's array, with
    integer and bool inputs first cast to the default float dtype. The input is saved for
    backward unless the subclass declares no ``saved_names``."""
    saved_names = ("self",)

    @classmethod
    def forward(cls, ctx, a):
        if cls.saved_names:
            ctx.save_for_backward(a)
        return in_half_as_float(cls.fn, _xp(a), float_result(a._data))


def in_half_as_float(fn, xp, x, *args):
    """``fn(xp, x, *args)``; float16 computes in float32 and rounds back, as PyTorch's half
    kernels do (and scipy.special has no float16 loops: it would return float64)."""
    if x.dtype.itemsize == 2:
        return fn(xp, x.astype(xp.float32), *args).astype(x.dtype)
    return fn(xp, x, *args)


class Asin(FloatUnary):
    node_name = "AsinBackward0"
    fn = staticmethod(lambda xp, x: xp.arcsin(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * (-a * a + 1).rsqrt()          # 1 / sqrt(1 - x^2)


class Acos(FloatUnary):
    node_name = "AcosBackward0"
    fn = staticmethod(lambda xp, x: xp.arccos(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * -((-a * a + 1).rsqrt())       # -1 / sqrt(1 - x^2)


class Atan(FloatUnary):
    node_name = "AtanBackward0"
    array_backward = True
    fn = staticmethod(lambda xp, x: xp.arctan(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad / (a * a + 1)


class Sinh(FloatUnary):
    node_name = "SinhBackward0"
    fn = staticmethod(lambda xp, x: xp.sinh(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * a.cosh()


class Cosh(FloatUnary):
    node_name = "CoshBackward0"
    fn = staticmethod(lambda xp, x: xp.cosh(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * a.sinh()


class Asinh(FloatUnary):
    node_name = "AsinhBackward0"
    fn = staticmethod(lambda xp, x: xp.arcsinh(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * (a.pow(2) + 1).rsqrt()        # 1 / sqrt(x^2 + 1)


class Acosh(FloatUnary):
    node_name = "AcoshBackward0"
    fn = staticmethod(lambda xp, x: xp.arccosh(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * (a.pow(2) - 1).rsqrt()        # 1 / sqrt(x^2 - 1): inf at 1, nan below


class Atanh(FloatUnary):
    node_name = "AtanhBackward0"
    fn = staticmethod(lambda xp, x: xp.arctanh(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad / (1 - a.pow(2))


class _InplaceWithoutDerivative(FloatUnary):
    """PyTorch records ``asinh_``, ``acosh_`` and ``atanh_`` with a node of their own
    (``AsinhBackward1``...) that has no formula: the in-place call works, and backward
    raises when it reaches the node."""
    saved_names = ()

    @classmethod
    def backward(cls, ctx, grad):
        raise NotImplementedError(f"the derivative for 'inplace version of {cls.op_name}' is "
                                  "not implemented.")


class AsinhInplace(_InplaceWithoutDerivative):
    node_name, op_name = "AsinhBackward1", "asinh"
    fn = staticmethod(Asinh.fn)


class AcoshInplace(_InplaceWithoutDerivative):
    node_name, op_name = "AcoshBackward1", "acosh"
    fn = staticmethod(Acosh.fn)


class AtanhInplace(_InplaceWithoutDerivative):
    node_name, op_name = "AtanhBackward1", "atanh"
    fn = staticmethod(Atanh.fn)


class Sinc(FloatUnary):
    """sin(pi x) / (pi x), and 1 at x = 0 (the limit)."""
    node_name = "SincBackward0"

    @staticmethod
    def fn(xp, x):
        px = x * x.dtype.type(math.pi)               # in x's own precision, as PyTorch
        return xp.where(x == 0, x.dtype.type(1), xp.sin(px) / px)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # PyTorch's sinc_backward: (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 at x = 0 (the
        # limit; the quotient itself is 0 / 0 there)
        px = a * math.pi
        out = grad * (px * px.cos() - px.sin()) / (a * a * math.pi)
        return out.masked_fill(a == 0, 0.0)


class Exp2(FloatUnary):
    node_name = "Exp2Backward0"
    array_backward = True
    save_result = True
    saved_names = ()
    fn = staticmethod(lambda xp, x: xp.exp2(x))

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.saved_result * math.log(2.0)


class _AngleConversion(FloatUnary):
    """x times a constant ``factor``; the derivative is that constant."""
    array_backward = True
    saved_names = ()

    @classmethod
    def fn(cls, xp, x):
        return x * x.dtype.type(cls.factor)

    @classmethod
    def backward(cls, ctx, grad):
        return grad * cls.factor


class Deg2Rad(_AngleConversion):
    node_name = "Deg2RadBackward0"
    factor = math.pi / 180


class Rad2Deg(_AngleConversion):
    node_name = "Rad2DegBackward0"
    factor = 180 / math.pi


# ---------------------------------------------------------------------------- functions
def asin(input):
    """The inverse sine, in radians; nan outside [-1, 1].

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.asin(torch.tensor([0., 1.]))
    tensor([0.0000, 1.5708])
    """
    return Asin.apply(input)


def acos(input):
    """The inverse cosine, in [0, pi]; nan outside [-1, 1]."""
    return Acos.apply(input)


def atan(input):
    """The inverse tangent, in (-pi/2, pi/2); its derivative is 1 / (1 + x^2).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.atan(torch.tensor([0., 1.]))
    tensor([0.0000, 0.7854])
    """
    return Atan.apply(input)


def sinh(input):
    """The hyperbolic sine; its derivative is cosh."""
    return Sinh.apply(input)


def cosh(input):
    """The hyperbolic cosine; its derivative is sinh."""
    return Cosh.apply(input)


def asinh(input):
    """The inverse hyperbolic sine; its derivative is 1 / sqrt(x^2 + 1)."""
    return Asinh.apply(input)


def acosh(input):
    """The inverse hyperbolic cosine, for x >= 1 (nan below)."""
    return Acosh.apply(input)


def atanh(input):
    """The inverse hyperbolic tangent, on (-1, 1); +-inf at +-1, nan outside."""
    return Atanh.apply(input)


arcsin, arccos, arctan = asin, acos, atan
arcsinh, arccosh, arctanh = asinh, acosh, atanh


def asinh_(input):
    """In-place asinh; autograd can record it but not differentiate it (PyTorch's choice)."""
    return inplace(input, AsinhInplace.apply)


def acosh_(input):
    """In-place acosh; autograd can record it but not differentiate it."""
    return inplace(input, AcoshInplace.apply)


def atanh_(input):
    """In-place atanh; autograd can record it but not differentiate it."""
    return inplace(input, AtanhInplace.apply)


def sinc(input):
    """The normalized sinc, sin(pi x) / (pi x), with sinc(0) = 1.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.sinc(torch.tensor([0., 0.5]))
    tensor([1.0000, 0.6366])
    """
    return Sinc.apply(input)


def exp2(input):
    """2 ** x, element-wise; its derivative is 2 ** x * ln 2 (the saved result reused).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.exp2(torch.tensor([0, 3]))
    tensor([1., 8.])
    """
    return Exp2.apply(input)


def deg2rad(input):
    """Degrees to radians (x * pi / 180).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.deg2rad(torch.tensor([180., 90.]))
    tensor([3.1416, 1.5708])
    """
    return Deg2Rad.apply(input)


def rad2deg(input):
    """Radians to degrees (x * 180 / pi)."""
    return Rad2Deg.apply(input)
