"""Special functions: the error functions (erf, erfc, erfinv), the log-gamma family
(lgamma, digamma, polygamma) and logit.

The values come from ``scipy.special`` (``cupyx.scipy.special`` on the GPU), found through
``_backend.special_module``. Each derivative is the next function of its family:
lgamma' = digamma, digamma' = polygamma(1), polygamma(n)' = polygamma(n + 1), so a graph
made with ``create_graph=True`` climbs the family one step per derivative, as in PyTorch.
Integer and bool inputs compute in the default float dtype.
"""
import math

from .. import _backend
from ..autograd.function import Op
from ._util import float_result
from .inplace import inplace
from .trig_hyperbolic import FloatUnary, in_half_as_float
from .unary_math import _xp

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _special(x):
    return _backend.special_module(x)


class Erf(FloatUnary):
    node_name = "ErfBackward0"
    fn = staticmethod(lambda xp, x: _special(x).erf(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return _TWO_OVER_SQRT_PI * (-a.pow(2)).exp() * grad      # 2 / sqrt(pi) e^(-x^2)


class Erfc(FloatUnary):
    node_name = "ErfcBackward0"
    fn = staticmethod(lambda xp, x: _special(x).erfc(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return -_TWO_OVER_SQRT_PI * (-a.pow(2)).exp() * grad


class Erfinv(FloatUnary):
    node_name = "ErfinvBackward0"
    fn = staticmethod(lambda xp, x: _special(x).erfinv(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # the inverse function's derivative, 1 / erf'(y) at y = erfinv(x): inf at x = +-1
        return 0.5 * math.sqrt(math.pi) * a.erfinv().pow(2).exp() * grad


class Lgamma(FloatUnary):
    node_name = "LgammaBackward0"

    @staticmethod
    def fn(xp, x):
        # log |Gamma(x)|; PyTorch gives inf at -inf (scipy's gammaln: -inf)
        return xp.where(x == -math.inf, x.dtype.type(math.inf), _special(x).gammaln(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * a.digamma()


class Digamma(FloatUnary):
    node_name = "DigammaBackward0"
    # (scipy's psi, like PyTorch: -inf at +0, inf at -0, nan at the negative integers)
    fn = staticmethod(lambda xp, x: _special(x).psi(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * a.polygamma(1)


class Polygamma(Op):
    """The n-th derivative of digamma; n = 0 is digamma itself (still ``PolygammaBackward0``)."""
    node_name = "PolygammaBackward0"
    saved_names = ("self",)
    saved_attrs = ("n",)

    @staticmethod
    def forward(ctx, n, a):
        ctx.n = n
        ctx.save_for_backward(a)
        return in_half_as_float(_polygamma, _xp(a), float_result(a._data), n)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return None, grad * a.polygamma(ctx.n + 1)


def _polygamma(xp, x, n):
    if n == 0:
        return _special(x).psi(x)
    if n == 1:
        return _trigamma(xp, x)
    # scipy's polygamma computes in float64 for every input: back to the input's dtype.
    # PyTorch's Hurwitz zeta gives nan at x = inf (scipy: the limit, 0).
    out = _special(x).polygamma(n, x).astype(x.dtype, copy=False)
    return xp.where(x == math.inf, x.dtype.type(math.nan), out)


def _trigamma(xp, x):
    """polygamma(1, x), computed as PyTorch's ``calc_trigamma`` does, step for step: the
    reflection formula below 1/2, six steps of the recurrence psi'(x) = psi'(x + 1) + 1/x^2,
    then the asymptotic series. At the poles (0 and the negative integers) sin(pi x) is not
    exactly 0 in floating point, so the result there is huge but finite, as PyTorch's is
    (scipy gives inf); digamma's gradient is this function."""
    t = x.dtype.type
    pi = t(math.pi)
    reflect = x < t(0.5)
    sin_pi_x = xp.sin(pi * x)
    result = xp.where(reflect, -(pi * pi) / (sin_pi_x * sin_pi_x), t(0))
    x = xp.where(reflect, 1 - x, x)
    for _ in range(6):
        result = result + 1 / (x * x)
        x = x + 1
    ixx = 1 / (x * x)
    result = result + (1 + 1 / (2 * x) + ixx * (1 / 6 - ixx * (1 / 30 - ixx * (1 / 42)))) / x
    return xp.where(reflect, -result, result)


class PolygammaInplace(Polygamma):
    """``polygamma_``: the same derivative, under the name PyTorch gives its node."""
    node_name = "PolygammaBackward1"


class Logit(Op):
    """log(x / (1 - x)), the inverse of sigmoid; with ``eps``, x is first clamped to
    [eps, 1 - eps] (and then gets no gradient outside that range)."""
    node_name = "LogitBackward0"
    saved_names = ("self",)
    saved_attrs = ("eps",)

    @staticmethod
    def forward(ctx, a, eps):
        ctx.eps = eps
        ctx.save_for_backward(a)
        x = float_result(a._data)
        if eps is not None and eps >= 0:        # (a negative eps clamps nothing)
            x = _xp(a).clip(x, x.dtype.type(eps), x.dtype.type(1 - eps))
        return _xp(a).log(x / (1 - x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        eps = ctx.eps
        # (at 0 and 1 exactly: grad * inf, so -0.0 gives +inf as 0.0 does)
        inner = (grad * math.inf).where((a == 0) | (a == 1), grad / (a * (1 - a)))
        # PyTorch's logit_backward: without eps, nan outside [0, 1] (where logit is not
        # defined); with eps, 0 outside [eps, 1 - eps] (the clamp cut the input off there)
        if eps is None or eps < 0:
            return inner.masked_fill((a < 0) | (a > 1), math.nan), None
        return inner.masked_fill((a < eps) | (a > 1 - eps), 0.0), None


# ---------------------------------------------------------------------------- functions
def erf(input):
    """The error function, 2 / sqrt(pi) * integral of e^(-t^2) from 0 to x.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.erf(torch.tensor([0., 1.]))
    tensor([0.0000, 0.8427])
    """
    return Erf.apply(input)


def erfc(input):
    """The complementary error function, 1 - erf(x), accurate where erf(x) is near 1."""
    return Erfc.apply(input)


def erfinv(input):
    """The inverse of erf on (-1, 1); +-inf at +-1, nan outside.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.erfinv(torch.tensor([0., 0.5]))
    tensor([0.0000, 0.4769])
    """
    return Erfinv.apply(input)


def lgamma(input):
    """log |Gamma(x)|; its derivative is digamma.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.lgamma(torch.tensor([1., 0.5]))
    tensor([0.0000, 0.5724])
    """
    return Lgamma.apply(input)


def digamma(input):
    """The derivative of lgamma (psi); -inf at +0, inf at -0, nan at negative integers."""
    return Digamma.apply(input)


def polygamma(n, input):
    """The ``n``-th derivative of digamma (``n`` a non-negative int).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.polygamma(1, torch.tensor([1.]))
    tensor([1.6449])
    """
    _check_order(n)
    return Polygamma.apply(n, input)


def polygamma_(input, n):
    """In-place ``polygamma`` (the Tensor method's argument order)."""
    _check_order(n)
    return inplace(input, lambda t: PolygammaInplace.apply(n, t))


def _check_order(n):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"polygamma(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")


def logit(input, eps=None):
    """log(x / (1 - x)); ``eps`` clamps x to [eps, 1 - eps] first.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.logit(torch.tensor([0.5, 0.75]))
    tensor([0.0000, 1.0986])
    """
    return Logit.apply(input, eps)
