"""Element-wise math of one tensor: abs, exp and the logarithms, sqrt/rsqrt/reciprocal,
sin/cos/tan, sign and the rounding functions (floor, ceil, trunc, round).

Derivatives are written with tensor ops so that ``create_graph=True`` can differentiate them
again. |x| takes PyTorch's subgradient 0 at 0; sign and rounding are piecewise constant, so
their gradient is 0. Their neighbours: tanh, sigmoid and relu are in ``activations.py``;
clamp, where and maximum/minimum in ``clamp_where.py``; comparisons in ``comparison.py``.
"""
import numpy as np

from .. import _backend
from ..autograd.function import Op
from . import _formula
from ._util import float_result


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
        _refuse_bool(a, "abs_cpu")
        ctx.save_for_backward(a)
        return _xp(a).abs(a._data)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # PyTorch's grad * sgn(x): sign(0) = 0 is its subgradient of |x| at 0, and sign(nan)
        # = 0 too, so a nan input gets 0 (NumPy's sign(nan) is nan: see Sign)
        return grad * a.sign()


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


class Sign(Op):
    node_name = "SignBackward0"
    array_backward = True

    @staticmethod
    def forward(ctx, a):
        x = a._data
        if x.dtype.kind == "f":
            # PyTorch's (0 < x) - (x < 0): 0 for nan (NumPy's sign gives nan) and for -0.
            return (x > 0).astype(x.dtype) - (x < 0).astype(x.dtype)
        if x.dtype.kind == "b":
            return x.copy()                 # sign(True) = True (NumPy has no bool sign)
        return _xp(a).sign(x)

    @staticmethod
    def backward(ctx, grad):
        # zeros_like(grad), as in PyTorch: 0 even for an inf or nan gradient (grad * 0 = nan)
        return _formula.zeros_like(grad)


def _refuse_bool(a, kernel):
    """torch has no bool kernel for abs and the rounding ops (sign has one)."""
    if a._data.dtype.kind == "b":
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


class _Rounding(Op):
    """floor, ceil, round, trunc: piecewise constant, zero gradient."""

    @classmethod
    def forward(cls, ctx, a, *args):
        _refuse_bool(a, cls.kernel)
        return cls.fn(_xp(a), a._data, *args)

    @staticmethod
    def backward(ctx, grad):
        # zeros_like(grad), as in PyTorch: 0 even for an inf or nan gradient (grad * 0 = nan)
        return (_formula.zeros_like(grad),) + (None,) * (len(ctx.needs_input_grad) - 1)


class Floor(_Rounding):
    node_name = "FloorBackward0"
    kernel = "floor_vml_cpu"
    fn = staticmethod(lambda xp, x: xp.floor(x) if x.dtype.kind == "f" else x.copy())


class Ceil(_Rounding):
    node_name = "CeilBackward0"
    kernel = "ceil_vml_cpu"
    fn = staticmethod(lambda xp, x: xp.ceil(x) if x.dtype.kind == "f" else x.copy())


class Trunc(_Rounding):
    node_name = "TruncBackward0"
    kernel = "trunc_vml_cpu"
    fn = staticmethod(lambda xp, x: xp.trunc(x) if x.dtype.kind == "f" else x.copy())


class Round(_Rounding):
    node_name = "RoundBackward0"
    kernel = "round_vml_cpu"
    fn = staticmethod(lambda xp, x: xp.round(x) if x.dtype.kind == "f" else x.copy())


class RoundDecimals(_Rounding):
    node_name = "RoundBackward1"
    kernel = "round_cpu"
    saved_attrs = ("decimals",)
    fn = staticmethod(lambda xp, x, decimals: xp.round(x, decimals))


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
