"""``Tensor``'s in-place versions (``x.add_(y)``...): the op computed, then written into the
tensor's memory (``ops/inplace.py``).

One-line calls into the op's home in :mod:`autograd_lab.ops`, where its forward and backward
live. A mixin of :class:`autograd_lab.Tensor`, which keeps the state and the autograd
attributes (``_tensor.py``).
"""
_ops = None     # autograd_lab.ops, bound by bind_ops() once it has loaded (ops import Tensor)


class InplaceMethods:
    __slots__ = ()

    def add_(self, other, *, alpha=1):
        if type(alpha) not in (int, float):      # (the optimizers' p.add_(g, alpha=-lr) aside)
            alpha = _ops.alpha_number("add_", alpha, self._data, None)
        return _ops.inplace(self, _ops.add, other, alpha=alpha)

    def sub_(self, other, *, alpha=1):
        if type(alpha) not in (int, float):
            alpha = _ops.alpha_number("sub_", alpha, self._data, None)
        return _ops.inplace(self, _ops.sub, other, alpha=alpha)

    def mul_(self, other):
        return _ops.inplace(self, _ops.mul, other)

    def div_(self, other, *, rounding_mode=None):
        return _ops.inplace(self, _ops.div, other, rounding_mode=rounding_mode)

    def pow_(self, exponent):
        return _ops.inplace(self, _ops.pow, exponent)

    def neg_(self):
        return _ops.inplace(self, _ops.neg)

    def abs_(self):
        return _ops.inplace(self, _ops.abs)

    absolute_ = abs_

    def subtract_(self, other, *, alpha=1):
        return self.sub_(other, alpha=alpha)

    multiply_ = mul_
    divide_ = true_divide_ = div_
    negative_ = neg_

    def remainder_(self, other):
        return _ops.inplace(self, _ops.remainder, other)

    def fmod_(self, other):
        return _ops.inplace(self, _ops.fmod, other)

    def floor_divide_(self, other):
        return _ops.floor_divide_(self, other)

    def square_(self):
        return _ops.inplace(self, _ops.square)

    def reciprocal_(self):
        return _ops.inplace(self, _ops.reciprocal)

    def rsqrt_(self):
        return _ops.inplace(self, _ops.rsqrt)

    def expm1_(self):
        return _ops.inplace(self, _ops.expm1)

    def log1p_(self):
        return _ops.inplace(self, _ops.log1p)

    def log2_(self):
        return _ops.inplace(self, _ops.log2)

    def log10_(self):
        return _ops.inplace(self, _ops.log10)

    def sin_(self):
        return _ops.inplace(self, _ops.sin)

    def cos_(self):
        return _ops.inplace(self, _ops.cos)

    def tan_(self):
        return _ops.inplace(self, _ops.tan)

    def sign_(self):
        return _ops.inplace(self, _ops.sign)

    def floor_(self):
        return _ops.inplace(self, _ops.floor)

    def ceil_(self):
        return _ops.inplace(self, _ops.ceil)

    def round_(self, *, decimals=None):
        return _ops.inplace(self, _ops.round, decimals=decimals)

    def trunc_(self):
        return _ops.inplace(self, _ops.trunc)

    fix_ = trunc_

    def exp_(self):
        return _ops.inplace(self, _ops.exp)

    def log_(self):
        return _ops.inplace(self, _ops.log)

    def sqrt_(self):
        return _ops.inplace(self, _ops.sqrt)

    def sigmoid_(self):
        return _ops.inplace(self, _ops.sigmoid)

    def tanh_(self):
        return _ops.inplace(self, _ops.tanh)

    def relu_(self):
        return _ops.inplace(self, _ops.relu)

    def clamp_(self, min=None, max=None):
        return _ops.clamp_(self, min, max)

    clip_ = clamp_

    def masked_fill_(self, mask, value):
        return _ops.inplace(self, _ops.masked_fill, mask, value)

    def lerp_(self, end, weight):
        return _ops.inplace(self, _ops.lerp, end, weight)

    def asin_(self):
        return _ops.inplace(self, _ops.asin)

    def acos_(self):
        return _ops.inplace(self, _ops.acos)

    def atan_(self):
        return _ops.inplace(self, _ops.atan)

    arcsin_, arccos_, arctan_ = asin_, acos_, atan_

    def sinh_(self):
        return _ops.inplace(self, _ops.sinh)

    def cosh_(self):
        return _ops.inplace(self, _ops.cosh)

    def asinh_(self):
        return _ops.asinh_(self)

    def acosh_(self):
        return _ops.acosh_(self)

    def atanh_(self):
        return _ops.atanh_(self)

    arcsinh_, arccosh_, arctanh_ = asinh_, acosh_, atanh_

    def sinc_(self):
        return _ops.inplace(self, _ops.sinc)

    def exp2_(self):
        return _ops.inplace(self, _ops.exp2)

    def deg2rad_(self):
        return _ops.inplace(self, _ops.deg2rad)

    def rad2deg_(self):
        return _ops.inplace(self, _ops.rad2deg)

    def erf_(self):
        return _ops.inplace(self, _ops.erf)

    def erfc_(self):
        return _ops.inplace(self, _ops.erfc)

    def erfinv_(self):
        return _ops.inplace(self, _ops.erfinv)

    def lgamma_(self):
        return _ops.inplace(self, _ops.lgamma)

    def digamma_(self):
        return _ops.inplace(self, _ops.digamma)

    def frac_(self):
        return _ops.inplace(self, _ops.frac)

    def sgn_(self):
        return _ops.inplace(self, _ops.sgn)

    def polygamma_(self, n):
        return _ops.polygamma_(self, n)

    def logit_(self, eps=None):
        return _ops.inplace(self, _ops.logit, eps)

    def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
        return _ops.inplace(self, _ops.nan_to_num, nan, posinf, neginf)

    def copysign_(self, other):
        return _ops.inplace(self, _ops.copysign, other)

    def xlogy_(self, other):
        return _ops.inplace(self, _ops.xlogy, other)

    def atan2_(self, other):
        return _ops.inplace(self, _ops.atan2, other)

    arctan2_ = atan2_

    def hypot_(self, other):
        return _ops.inplace(self, _ops.hypot, other)

    def heaviside_(self, values):
        return _ops.inplace(self, _ops.heaviside, values)

    def addcmul_(self, tensor1, tensor2, *, value=1):
        return _ops.inplace(self, _ops.addcmul, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        return _ops.inplace(self, _ops.addcdiv, tensor1, tensor2, value=value)

    def clamp_min_(self, min):
        return _ops.clamp_min_(self, min)

    def clamp_max_(self, max):
        return _ops.clamp_max_(self, max)

    def float_power_(self, exponent):
        return _ops.float_power_(self, exponent)

    def zero_(self):
        return _ops.zero_(self)

    def fill_(self, value):
        return _ops.fill_(self, value)

    def copy_(self, src, non_blocking=False):
        return _ops.copy_(self, src)

    def uniform_(self, a=0.0, b=1.0, *, generator=None):
        from .. import _random
        from ..ops.random_fill import UniformFill, random_fill_
        return random_fill_(self, UniformFill, lambda t: _random.uniform_(t, a, b, generator))

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        from .. import _random
        from ..ops.random_fill import NormalFill, random_fill_
        return random_fill_(self, NormalFill,
                            lambda t: _random.normal_(t, mean, std, generator))

    def bernoulli_(self, p=0.5, *, generator=None):
        from .. import _random
        from ..ops.random_fill import BernoulliFill, random_fill_
        return random_fill_(self, BernoulliFill, lambda t: _random.bernoulli_(t, p, generator))

    def random_(self, from_=0, to=None, *, generator=None):
        from .. import _random
        from ..ops.random_fill import RandomFill, random_fill_
        return random_fill_(self, RandomFill,
                            lambda t: _random.random_(t, from_, to, generator))

    def exponential_(self, lambd=1, *, generator=None):
        from .. import _random
        from ..ops.random_fill import ExponentialFill, random_fill_
        return random_fill_(self, ExponentialFill,
                            lambda t: _random.exponential_(t, lambd, generator))

    def geometric_(self, p, *, generator=None):
        from .. import _random
        from ..ops.random_fill import GeometricFill, random_fill_
        return random_fill_(self, GeometricFill, lambda t: _random.geometric_(t, p, generator))

    def cauchy_(self, median=0, sigma=1, *, generator=None):
        from .. import _random
        from ..ops.random_fill import CauchyFill, random_fill_
        return random_fill_(self, CauchyFill,
                            lambda t: _random.cauchy_(t, median, sigma, generator))

    def log_normal_(self, mean=1, std=2, *, generator=None):
        from .. import _random
        from ..ops.random_fill import LogNormalFill, random_fill_
        return random_fill_(self, LogNormalFill,
                            lambda t: _random.log_normal_(t, mean, std, generator))

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        from .. import _creation
        return _creation._multinomial(self, num_samples, replacement, generator, 1)
