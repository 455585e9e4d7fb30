"""Arithmetic: add, sub, mul, div, neg, pow, remainder, with PyTorch's node names.

Each op's backward returns gradients in the broadcast shape; the engine sums them back to
each input's shape (``autograd.engine.validate_grad``), so no op here undoes broadcasting.
"""
import functools
import numbers
import operator

import numpy as np

from .. import _backend, _dtype
from ..autograd.function import Op, record_binary
from .._tensor import Tensor
from . import _formula, out_arg
from ._util import (_INT64, _SCALARS, Held, _scalar_array, binary_operands, broadcast_shapes,
                    promoted_arrays, wrap_scalar)


def _quiet():
    """torch returns inf/nan (1/0, log(0), exp(1000)) without warnings; NumPy would warn.
    (Inside ``forward`` this is already so: ``Op.apply`` runs it that way.)"""
    return _backend.quiet()


class Add(Op):
    node_name = "AddBackward0"
    saved_attrs = ("alpha",)
    array_backward = True

    @staticmethod
    def forward(ctx, a, b, alpha):
        x, y = a._data, b._data
        if x.dtype != y.dtype:
            x, y = promoted_arrays(a, b)
        ctx.alpha = _number(alpha)
        if alpha == 1:
            return x + y
        if x.dtype == bool:           # (alpha as a bool, as torch casts it: a logical or)
            alpha = bool(alpha)
        return x + alpha * y

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b, _ = ctx.needs_input_grad
        return (grad if need_a else None,
                (grad if ctx.alpha == 1 else grad * ctx.alpha) if need_b else None, None)


class Sub(Op):
    node_name = "SubBackward0"
    saved_attrs = ("alpha",)
    array_backward = True

    @staticmethod
    def forward(ctx, a, b, alpha):
        x, y = a._data, b._data
        if x.dtype != y.dtype:
            x, y = promoted_arrays(a, b)
        ctx.alpha = _number(alpha)
        return x - y if alpha == 1 else x - alpha * y

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b, _ = ctx.needs_input_grad
        return (grad if need_a else None,
                (-grad if ctx.alpha == 1 else grad * -ctx.alpha) if need_b else None, None)


class Rsub(Op):
    """``number - tensor``: one edge only, as in PyTorch (``RsubBackward1``)."""
    node_name = "RsubBackward1"
    saved_attrs = ("alpha",)
    array_backward = True

    @staticmethod
    def forward(ctx, a, number, alpha):
        ctx.alpha = _number(alpha)
        s = wrap_scalar(number, a)
        x, y = promoted_arrays(a, s)
        return y - x if alpha == 1 else y - alpha * x

    @staticmethod
    def backward(ctx, grad):
        return (-grad if ctx.alpha == 1 else grad * -ctx.alpha), None, None


class Mul(Op):
    node_name = "MulBackward0"
    saved_names = ("self", "other")
    array_backward = True

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        if need_a or need_b:
            ctx.save_for_backward(a, b)
        x, y = a._data, b._data
        if x.dtype != y.dtype:
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
    array_backward = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        dt = _dtype.result_type(a, b)
        if not dt.is_floating_point:
            # integers divide in the default float dtype, each cast straight to it (an int8 -2
            # must not pass through uint8 on the way)
            dt = _dtype.get_default_dtype()
        x = a._data.astype(dt.np, copy=False)
        y = b._data.astype(dt.np, copy=False)
        return x / y

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / b if need_a else None,
                -grad * a / (b * b) if need_b else None)


class DivRounding(Op):
    """Floor or truncating division: piecewise constant, so its gradient is zero."""
    node_name = "DivBackward2"
    saved_names = ("self", "other")
    saved_attrs = ("rounding_mode",)

    @staticmethod
    def forward(ctx, a, b, rounding_mode):
        ctx.rounding_mode = rounding_mode
        ctx.save_for_backward(None, b)
        return _rounded_div(a, b, rounding_mode)

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b, _ = ctx.needs_input_grad
        # zeros, as torch gives them (grad * 0 would be nan where grad is inf or nan)
        zeros = _formula.zeros_like(grad)
        return (zeros if need_a else None, zeros if need_b else None, None)


class FloorDivide(Op):
    """``a // b``: torch has no derivative for it; its node raises when backward reaches it.
    Like torch's ``NotImplemented`` node it has edges only to inputs that require grad."""
    node_name = "NotImplemented"

    @staticmethod
    def forward(ctx, a, b):
        a = a.tensor if isinstance(a, Held) else a
        b = b.tensor if isinstance(b, Held) else b
        return _rounded_div(a, b, "floor")

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("derivative for aten::floor_divide is not implemented")


FloorDivide._backward_cls.torch_name = "torch::autograd::NotImplemented"


def _rounded_div(a, b, rounding_mode):
    x, y = promoted_arrays(a, b)
    xp = a._xp()
    _check_not_bool(x, "div_floor_cpu" if rounding_mode == "floor" else "div_trunc_cpu")
    if x.dtype.kind in "iub":
        if (y == 0).any():
            raise RuntimeError("ZeroDivisionError")
        if rounding_mode == "floor":
            return xp.floor_divide(x, y)
        q = xp.floor_divide(x, y)           # exact integer trunc: floor, then step toward 0
        return q + ((q < 0) & (q * y != x)).astype(q.dtype)
    with _quiet():
        if rounding_mode == "floor":
            # Python's floor division, as torch's div_floor_floating: inf // 2 is nan, and
            # no rounding of x / y to a whole number first
            return xp.floor_divide(x, y)
        return xp.trunc(x / y)


class Neg(Op):
    node_name = "NegBackward0"
    array_backward = True

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
    array_backward = True

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        x = a._data
        if x.dtype.kind == "f" and type(exponent) in (int, float):
            # (the usual case, short: a float tensor keeps its dtype with a Python number)
            ctx.exponent = exponent
            return x * x if exponent == 2 else x ** x.dtype.type(exponent)
        ctx.exponent = _number(exponent)
        dt = _dtype.result_type(a, exponent).np
        if dt.kind in "iu" and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        if dt.kind == "b":                      # bool ** bool: x ** True = x, x ** False = True
            return x.copy() if exponent else a._xp().ones_like(x)
        x = x.astype(dt, copy=False)
        with _quiet():
            if exponent == 2:
                return x * x
            return x ** dt.type(exponent)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        e = ctx.exponent
        if e == 0:                  # torch: zeros (grad * 0 would be nan for an inf gradient)
            return _formula.zeros_like(grad), None
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
        _check_not_bool(x, "pow")
        return _int_safe_pow(a._xp(), x, y)

    @staticmethod
    def backward(ctx, grad):
        from .clamp_where import where
        a, e = ctx.saved_tensors
        need_a, need_e = ctx.needs_input_grad
        ga = ge = None
        if need_a:
            # torch: exponent 0 has derivative 0 everywhere, even at x = 0 (no 0 * inf = nan)
            ga = where(e == 0, 0.0, grad * e * a ** (e - 1))
        if need_e:
            safe = where((a == 0) & (e >= 0), 0.0, ctx.saved_result * a.log())
            ge = grad * safe
        return ga, ge


class RPow(Op):
    """``number ** tensor``: d/de = base^e log(base)."""
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
        return _int_safe_pow(exponent._xp(), x, y)

    @staticmethod
    def backward(ctx, grad):
        import math
        if ctx.self == 0:
            return grad * 0, None
        return grad * ctx.saved_result * math.log(ctx.self), None


def _int_safe_pow(xp, x, y):
    """``x ** y``; for integers a negative exponent gives what C's integer pow gives (torch):
    1 for base 1, +-1 for base -1, else 0 (NumPy would raise)."""
    if y.dtype.kind not in "iu" or not (y < 0).any():
        with _quiet():
            return x ** y
    neg = y < 0
    out = x ** xp.where(neg, 0, y)
    odd = (xp.abs(y) % 2) == 1
    frac = xp.where(x == 1, 1, xp.where(x == -1, xp.where(odd, -1, 1), 0)).astype(out.dtype)
    return xp.where(neg, frac, out)


class Remainder(Op):
    """``tensor % tensor`` (Python's sign rule: the result takes the divisor's sign).
    d/da = 1, d/db = -floor(a / b)."""
    node_name = "RemainderBackward1"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        _check_not_bool(x, "remainder_cpu")
        _check_int_divisor(y)
        with _quiet():
            return a._xp().remainder(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad if need_a else None,
                -grad * (a / b).floor() if need_b else None)


class RemainderScalar(Op):
    """``tensor % number``: one edge only, as in PyTorch."""
    node_name = "RemainderBackward0"

    @staticmethod
    def forward(ctx, a, number):
        x, y = promoted_arrays(a, wrap_scalar(number, a))
        _check_not_bool(x, "remainder_cpu")
        _check_int_divisor(y)
        with _quiet():
            return a._xp().remainder(x, y)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


class Fmod(Op):
    """C's ``fmod`` (the result takes the dividend's sign). d/db = -trunc(a / b)."""
    node_name = "FmodBackward1"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        _check_not_bool(x, "fmod_cpu")
        _check_int_divisor(y)
        with _quiet():
            return a._xp().fmod(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad if need_a else None,
                -grad * (a / b).trunc() if need_b else None)


class FmodScalar(Op):
    node_name = "FmodBackward0"

    @staticmethod
    def forward(ctx, a, number):
        x, y = promoted_arrays(a, wrap_scalar(number, a))
        _check_not_bool(x, "fmod_cpu")
        _check_int_divisor(y)
        with _quiet():
            return a._xp().fmod(x, y)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


def _number(value):
    """A NumPy scalar kept on ctx as the Python number torch keeps (``_saved_alpha``); the
    backward formula then promotes with it as with any Python number, on tensors and arrays
    alike (a NumPy float64 scalar would make float32 arrays float64)."""
    return value.item() if isinstance(value, np.generic) else value


def _check_not_bool(x, kernel):
    if x.dtype.kind == "b":
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def _check_int_divisor(y):
    if y.dtype.kind in "iub" and (y == 0).any():
        raise RuntimeError("ZeroDivisionError")


# ---------------------------------------------------------------------------- fast path
def _fast_path(cls, compute, save):
    """Decorate the general function of ``+ - * /`` with a fast path in front of it.

    The fast path covers what most lesson code and losses compute: a float tensor with a
    tensor of its own dtype (same device, broadcastable), or with a Python float or int
    (which torch wraps as a number that keeps the tensor's dtype), and no keyword argument
    but its default. The forwards of add/sub/mul/div compute then exactly ``compute(x, y)``
    (``x + y``, ``x * y``...: no promotion), and
    :func:`~autograd_lab.autograd.function.record_binary` builds the node ``cls.apply``
    would, without ``binary_operands``, a wrapped-number tensor that is not saved, and
    Op.apply's general machinery. Everything else (mixed dtypes, integer tensors, bools, a
    number first, CuPy with a number, alpha or rounding_mode given) calls ``general``, which
    must compute the same.

    All of it sits in one function, which is also the Tensor's operator (``_tensor.py``
    installs ``add`` as ``Tensor.__add__``...): per-op overhead is most of the time on small
    tensors, and every Python call counts (``bench/bench_overhead.py``).
    """
    alpha_kept = 1 if "alpha" in getattr(cls, "saved_attrs", ()) else None   # (add, sub)
    scalars = _SCALARS

    def decorate(general):
        @functools.wraps(general)
        def op(input, other, *, alpha=_ONE, rounding_mode=None, out=None):
            if alpha is not _ONE or rounding_mode is not None or out is not None:
                if out is not None:
                    return _into(general, out, input, other, _given(alpha, rounding_mode))
                return general(input, other, **_given(alpha, rounding_mode))
            if not isinstance(input, Tensor):
                return general(input, other)
            x = input._data
            dt = x.dtype
            if dt is not _FLOAT32 and dt.kind != "f":
                return general(input, other)
            if isinstance(other, Tensor):
                b = other
                y = other._data
                if y.dtype is not dt or type(y) is not type(x):
                    return general(input, other)
            else:
                kind = type(other)
                if kind is float:
                    if type(x) is not _ndarray:
                        return general(input, other)
                    b = y = scalars.get((other, dt))
                    if y is None:
                        b = y = _scalar_array(other, dt)
                elif kind is int:
                    if type(x) is not _ndarray or not -2 ** 63 <= other < 2 ** 63:
                        return general(input, other)
                    b = scalars.get((other, _INT64))    # (the wrapped number's dtype, as
                    if b is None:                       # torch's)
                        b = _scalar_array(other, _INT64)
                    y = other                 # computed as NumPy's weak Python int: x's dtype
                else:
                    return general(input, other)
            token = _ERRSTATE.set(_IGNORE_ALL)      # torch's silent inf/nan, as Op.apply does
            try:
                out = compute(x, y)
            except ValueError:
                broadcast_shapes(x.shape, y.shape)  # torch's error instead of NumPy's
                raise
            finally:
                _ERRSTATE.reset(token)
            return record_binary(cls, input, b, out, save, alpha_kept)
        return op
    return decorate


def _into(general, out, input, other, kwargs):
    """``torch.add(a, b, out=c)``: the general function's result, written into ``out``."""
    name = general.__name__
    out_arg.check_no_grad(name, (input, other))
    return out_arg.write_out(name, general(input, other, **kwargs), out)


def _given(alpha, rounding_mode):
    """The keyword arguments a caller gave (the general functions take one or the other)."""
    kwargs = {}
    if alpha is not _ONE:
        kwargs["alpha"] = alpha
    if rounding_mode is not None:
        kwargs["rounding_mode"] = rounding_mode
    return kwargs


_ONE = 1        # alpha's default: ``alpha is _ONE`` is the cheapest test there is
_ERRSTATE, _IGNORE_ALL = _backend.ERRSTATE, _backend.IGNORE_ALL
_ndarray = np.ndarray
_FLOAT32 = np.dtype(np.float32)


def alpha_number(name, alpha, a, b):
    """``alpha`` as the number torch's argument parser makes of it: a 0-d tensor that needs
    no gradient counts as its value, anything else that is no number is a TypeError, and a
    float may not scale integer tensors."""
    if isinstance(alpha, Tensor) and alpha.dim() == 0 and not alpha.requires_grad:
        alpha = alpha.item()
    if not isinstance(alpha, (numbers.Number, np.generic)):
        raise TypeError(f"{name}(): argument 'alpha' must be Number, not "
                        f"{type(alpha).__name__}")
    if isinstance(alpha, (bool, np.bool_)) and not (a.dtype.kind == "b" and
                                                     (b is None or b.dtype.kind == "b")):
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if isinstance(alpha, (float, np.floating)) and a.dtype.kind in "biu" and \
            (b is None or b.dtype.kind in "biu"):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")
    return alpha


# ---------------------------------------------------------------------------- functions
@_fast_path(Add, operator.add, save=False)
def add(input, other, *, alpha=1):
    """``input + alpha * other``, broadcasting, with torch's type promotion.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.add(torch.tensor([1, 2]), 0.5)
    tensor([1.5000, 2.5000])
    """
    a, b = binary_operands(input, other)
    if type(alpha) is not int or alpha != 1:
        alpha = alpha_number("add", alpha, a._data, b._data)
    return Add.apply(a, b, alpha)


@_fast_path(Sub, operator.sub, save=False)
def sub(input, other, *, alpha=1):
    a, b = binary_operands(input, other)
    _check_bool_sub(a, b)
    if type(alpha) is not int or alpha != 1:
        alpha = alpha_number("sub", alpha, a._data, b._data)
    return Sub.apply(a, b, alpha)


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``; ``other`` is a number (the reflected ``-``)."""
    if isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    _check_bool_sub(input, wrap_scalar(other, input))
    return Rsub.apply(input, other, alpha)


def _check_bool_sub(a, b):
    if a._data.dtype.kind == "b" and b._data.dtype.kind == "b":
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    if a._data.dtype.kind == "b" or b._data.dtype.kind == "b":
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")


@_fast_path(Mul, operator.mul, save=True)
def mul(input, other):
    """Element-wise product (``MulBackward0``: d/da = grad * b, d/db = grad * a).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1.], [2.]]) * torch.tensor([3., 4.])
    tensor([[3., 4.],
            [6., 8.]])
    """
    a, b = binary_operands(input, other)
    return Mul.apply(a, b)


@_fast_path(Div, operator.truediv, save=True)
def div(input, other, *, rounding_mode=None):
    """True division (integers give floats); ``rounding_mode`` "floor" or "trunc" rounds.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([5, -5]) / 2
    tensor([ 2.5000, -2.5000])
    >>> torch.tensor([5, -5]).div(2, rounding_mode="trunc")
    tensor([ 2, -2])
    """
    a, b = binary_operands(input, other)
    if rounding_mode is None:
        return Div.apply(a, b)
    if rounding_mode not in ("floor", "trunc"):
        raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                         f"but found '{rounding_mode}'")
    return DivRounding.apply(a, b, rounding_mode)


def floor_divide(input, other):
    """``input // other``. Inputs that need no gradient get no edge (torch's NotImplemented)."""
    a, b = binary_operands(input, other)
    return FloorDivide.apply(a if a._requires_grad else Held(a),
                             b if b._requires_grad else Held(b))


def rdiv(input, other, *, rounding_mode=None):
    """``other / input`` for a number ``other``: PyTorch builds it as reciprocal, then mul."""
    if rounding_mode == "floor" and not isinstance(other, Tensor):
        return floor_divide(other, input)
    if isinstance(other, Tensor) or rounding_mode is not None:
        return div(other, input, rounding_mode=rounding_mode)
    from .unary_math import reciprocal
    return mul(reciprocal(input), other)


true_divide = divide = div
multiply = mul
subtract = sub


def neg(input):
    return Neg.apply(input)


negative = neg


def pow(input, exponent):
    """``input ** exponent``: tensor or number exponent, or a number base.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([1., 2., 3.], requires_grad=True)
    >>> (x ** 2).sum().backward(); x.grad
    tensor([2., 4., 6.])
    """
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
    if not isinstance(other, Tensor):
        return RemainderScalar.apply(input, other)
    a, b = binary_operands(input, other)
    return Remainder.apply(a, b)


def fmod(input, other):
    if not isinstance(other, Tensor):
        return FmodScalar.apply(input, other)
    a, b = binary_operands(input, other)
    return Fmod.apply(a, b)


def float_power(input, exponent):
    """``input ** exponent`` computed in float64 (tensors are cast first: ``ToCopyBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.float_power(torch.tensor([2, 3]), -1)
    tensor([0.5000, 0.3333], dtype=torch.float64)
    """
    if isinstance(input, Tensor):
        input = input.to(_dtype.float64)
    if isinstance(exponent, Tensor):
        exponent = exponent.to(_dtype.float64)
    return pow(input, exponent)


def float_power_(input, exponent):
    """In-place ``float_power``: only a float64 tensor can hold its result."""
    if input.dtype != _dtype.float64:
        raise RuntimeError(f"the base given to float_power_ has dtype "
                           f"{_dtype.type_name(input.dtype)} but the operation's result "
                           f"requires dtype Double")
    from .inplace import inplace
    return inplace(input, float_power, exponent)
