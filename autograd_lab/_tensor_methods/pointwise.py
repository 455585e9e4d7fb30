"""``Tensor``'s element-wise math: arithmetic, comparisons, unary functions, activations
and random fills of new values.

One-line calls into the op's home in :mod:`autograd_lab.ops`, where its forward and backward
live. A mixin of :class:`autograd_lab.Tensor`, which keeps the state and the autograd
attributes (``_tensor.py``).
"""
_ops = None     # autograd_lab.ops, bound by bind_ops() once it has loaded (ops import Tensor)


class PointwiseMethods:
    __slots__ = ()

    def add(self, other, *, alpha=1):
        return _ops.add(self, other, alpha=alpha)

    def sub(self, other, *, alpha=1):
        return _ops.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self, other):
        return _ops.mul(self, other)

    multiply = mul

    def div(self, other, *, rounding_mode=None):
        return _ops.div(self, other, rounding_mode=rounding_mode)

    divide = true_divide = div

    def remainder(self, other):
        return _ops.remainder(self, other)

    def fmod(self, other):
        return _ops.fmod(self, other)

    def floor_divide(self, other):
        return _ops.floor_divide(self, other)

    def pow(self, exponent):
        return _ops.pow(self, exponent)

    def neg(self):
        return _ops.neg(self)

    negative = neg

    def positive(self):
        """``self`` itself (PyTorch refuses it for bool tensors, as ``+t``)."""
        if self._data.dtype.kind == "b":
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def abs(self):
        return _ops.abs(self)

    absolute = abs

    def exp(self):
        return _ops.exp(self)

    def log(self):
        return _ops.log(self)

    def log2(self):
        return _ops.log2(self)

    def log10(self):
        return _ops.log10(self)

    def log1p(self):
        return _ops.log1p(self)

    def expm1(self):
        return _ops.expm1(self)

    def sqrt(self):
        return _ops.sqrt(self)

    def rsqrt(self):
        return _ops.rsqrt(self)

    def square(self):
        return _ops.square(self)

    def reciprocal(self):
        return _ops.reciprocal(self)

    def sin(self):
        return _ops.sin(self)

    def cos(self):
        return _ops.cos(self)

    def tan(self):
        return _ops.tan(self)

    def asin(self):
        return _ops.asin(self)

    def acos(self):
        return _ops.acos(self)

    def atan(self):
        return _ops.atan(self)

    arcsin, arccos, arctan = asin, acos, atan

    def sinh(self):
        return _ops.sinh(self)

    def cosh(self):
        return _ops.cosh(self)

    def asinh(self):
        return _ops.asinh(self)

    def acosh(self):
        return _ops.acosh(self)

    def atanh(self):
        return _ops.atanh(self)

    arcsinh, arccosh, arctanh = asinh, acosh, atanh

    def sinc(self):
        return _ops.sinc(self)

    def exp2(self):
        return _ops.exp2(self)

    def deg2rad(self):
        return _ops.deg2rad(self)

    def rad2deg(self):
        return _ops.rad2deg(self)

    def erf(self):
        return _ops.erf(self)

    def erfc(self):
        return _ops.erfc(self)

    def erfinv(self):
        return _ops.erfinv(self)

    def lgamma(self):
        return _ops.lgamma(self)

    def i0(self):
        return _ops.i0(self)

    def i0_(self):
        return _ops.inplace(self, _ops.i0)

    def digamma(self):
        return _ops.digamma(self)

    def frac(self):
        return _ops.frac(self)

    def signbit(self):
        return _ops.signbit(self)

    def frexp(self):
        return _ops.frexp(self)

    def ldexp(self, other):
        return _ops.ldexp(self, other, 1)

    def ldexp_(self, other):
        return _ops.ldexp_(self, other)

    def nextafter(self, other):
        return _ops.nextafter(self, other, 1)

    def nextafter_(self, other):
        from .._tensor import Tensor
        if not isinstance(other, Tensor):
            raise TypeError(f"nextafter_(): argument 'other' (position 1) must be Tensor, not "
                            f"{type(other).__name__}")
        return _ops.inplace(self, _ops.nextafter, other)

    def sgn(self):
        return _ops.sgn(self)

    def polygamma(self, n):
        return _ops.polygamma(n, self)

    def logit(self, eps=None):
        return _ops.logit(self, eps)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        return _ops.nan_to_num(self, nan, posinf, neginf)

    def copysign(self, other):
        return _ops.copysign(self, other)

    def xlogy(self, other):
        return _ops.xlogy(self, other)

    def atan2(self, other):
        return _ops.atan2(self, other)

    arctan2 = atan2

    def hypot(self, other):
        return _ops.hypot(self, other)

    def logaddexp(self, other):
        return _ops.logaddexp(self, other)

    def logaddexp2(self, other):
        return _ops.logaddexp2(self, other)

    def fmax(self, other):
        return _ops.fmax(self, other)

    def fmin(self, other):
        return _ops.fmin(self, other)

    def heaviside(self, values):
        return _ops.heaviside(self, values)

    def addcmul(self, tensor1, tensor2, *, value=1):
        return _ops.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        return _ops.addcdiv(self, tensor1, tensor2, value=value)

    def float_power(self, exponent):
        return _ops.float_power(self, exponent)

    def tanh(self):
        return _ops.tanh(self)

    def sigmoid(self):
        return _ops.sigmoid(self)

    def relu(self):
        return _ops.relu(self)

    def prelu(self, weight):
        from ..nn.functional.activation_piecewise import prelu   # (nn is built on Tensor)
        return prelu(self, weight)

    def hardshrink(self, lambd=0.5):
        from ..nn.functional.activation_piecewise import hardshrink
        return hardshrink(self, lambd)

    def sign(self):
        return _ops.sign(self)

    def floor(self):
        return _ops.floor(self)

    def ceil(self):
        return _ops.ceil(self)

    def round(self, *, decimals=None):
        return _ops.round(self, decimals=decimals)

    def trunc(self):
        return _ops.trunc(self)

    fix = trunc

    def clamp(self, min=None, max=None):
        return _ops.clamp(self, min, max)

    clip = clamp

    def clamp_min(self, min):
        return _ops.clamp_min(self, min)

    def clamp_max(self, max):
        return _ops.clamp_max(self, max)

    def maximum(self, other):
        return _ops.maximum(self, other)

    def minimum(self, other):
        return _ops.minimum(self, other)

    def lerp(self, end, weight):
        return _ops.lerp(self, end, weight)

    def masked_fill(self, mask, value):
        return _ops.masked_fill(self, mask, value)

    def where(self, condition, other):
        return _ops.where(condition, self, other)

    def eq(self, other):
        return _ops.eq(self, other)

    def ne(self, other):
        return _ops.ne(self, other)

    def lt(self, other):
        return _ops.lt(self, other)

    def le(self, other):
        return _ops.le(self, other)

    def gt(self, other):
        return _ops.gt(self, other)

    def ge(self, other):
        return _ops.ge(self, other)

    greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne

    def equal(self, other):
        return _ops.equal(self, other)

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _ops.allclose(self, other, rtol, atol, equal_nan)

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _ops.isclose(self, other, rtol, atol, equal_nan)

    def isnan(self):
        return _ops.isnan(self)

    def isinf(self):
        return _ops.isinf(self)

    def isfinite(self):
        return _ops.isfinite(self)

    def isposinf(self):
        return _ops.isposinf(self)

    def isneginf(self):
        return _ops.isneginf(self)

    def isreal(self):
        return _ops.isreal(self)

    def logical_not(self):
        return _ops.logical_not(self)

    def logical_and(self, other):
        return _ops.logical_and(self, other)

    def logical_or(self, other):
        return _ops.logical_or(self, other)

    def logical_xor(self, other):
        return _ops.logical_xor(self, other)

    def eq_(self, other):
        return _ops.compare_(self, other, "eq")

    def ne_(self, other):
        return _ops.compare_(self, other, "ne")

    def lt_(self, other):
        return _ops.compare_(self, other, "lt")

    def le_(self, other):
        return _ops.compare_(self, other, "le")

    def gt_(self, other):
        return _ops.compare_(self, other, "gt")

    def ge_(self, other):
        return _ops.compare_(self, other, "ge")

    greater_, greater_equal_, less_, less_equal_, not_equal_ = gt_, ge_, lt_, le_, ne_

    def logical_not_(self):
        return _ops.logical_(self, None, "not")

    def logical_and_(self, other):
        return _ops.logical_(self, other, "and")

    def logical_or_(self, other):
        return _ops.logical_(self, other, "or")

    def logical_xor_(self, other):
        return _ops.logical_(self, other, "xor")

    def bitwise_and(self, other):
        return _ops.bitwise_and(self, other)

    def bitwise_and_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_and, other)

    def bitwise_or(self, other):
        return _ops.bitwise_or(self, other)

    def bitwise_or_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_or, other)

    def bitwise_xor(self, other):
        return _ops.bitwise_xor(self, other)

    def bitwise_xor_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_xor, other)

    def bitwise_not(self):
        return _ops.bitwise_not(self)

    def bitwise_not_(self):
        return _ops.inplace(self, _ops.bitwise_not)

    def bitwise_left_shift(self, other):
        return _ops.bitwise_left_shift(self, other)

    def bitwise_left_shift_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_left_shift, other)

    def bitwise_right_shift(self, other):
        return _ops.bitwise_right_shift(self, other)

    def bitwise_right_shift_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_right_shift, other)

    def gcd(self, other):
        return _ops.gcd_lcm_method(self, other, "gcd")

    def gcd_(self, other):
        return _ops.gcd_lcm_method(self, other, "gcd_")

    def lcm(self, other):
        return _ops.gcd_lcm_method(self, other, "lcm")

    def lcm_(self, other):
        return _ops.gcd_lcm_method(self, other, "lcm_")
