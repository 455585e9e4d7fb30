"""Activations: relu, leaky_relu, gelu, silu, sigmoid, tanh, softmax, log_softmax.

``relu``, ``sigmoid`` and ``tanh`` are tensor ops and live in :mod:`autograd_lab.ops.activations`,
``softmax``/``log_softmax`` in :mod:`autograd_lab.ops.softmax`; the ones only neural networks
use live here, forward and backward side by side.
"""
import math

from ... import _backend
from ...autograd.function import Op
from ...ops import activations
from ...ops.softmax import log_softmax as _log_softmax, softmax as _softmax

# torch.softmax takes ``axis=`` (a C++ function, behind torch's argument parser);
# F.softmax and F.log_softmax are written in Python and refuse it: the plain functions here
softmax = _softmax.__wrapped__
log_softmax = _log_softmax.__wrapped__


def relu(input, inplace=False):
    """max(0, x) elementwise (``ReluBackward0``; the derivative at 0 is taken as 0)."""
    return input.relu_() if inplace else activations.relu(input)


def relu_(input):
    return input.relu_()


def sigmoid(input):
    """1 / (1 + exp(-x)) (``SigmoidBackward0``)."""
    return activations.sigmoid(input)


def tanh(input):
    return activations.tanh(input)


class LeakyRelu(Op):
    node_name = "LeakyReluBackward0"
    saved_names = ("self",)
    saved_attrs = ("negative_slope",)

    @staticmethod
    def forward(ctx, a, negative_slope):
        ctx.save_for_backward(a)
        ctx.negative_slope = negative_slope
        x = a._data
        return a._xp().where(x > 0, x, x * x.dtype.type(negative_slope))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # slope 1 for x > 0, negative_slope for x <= 0 (torch's choice at exactly 0)
        return grad.where(a > 0, grad * ctx.negative_slope), None


class LeakyReluInplace(LeakyRelu):
    """The in-place variant: the input is overwritten, so the backward reads the sign from
    the result (same sign as the input for a positive slope), as torch's
    ``LeakyReluBackward1`` does."""

    node_name = "LeakyReluBackward1"
    saved_names = ()
    save_result = True

    @staticmethod
    def forward(ctx, a, negative_slope):
        ctx.negative_slope = negative_slope
        x = a._data
        return a._xp().where(x > 0, x, x * x.dtype.type(negative_slope))

    @staticmethod
    def backward(ctx, grad):
        return grad.where(ctx.saved_result > 0, grad * ctx.negative_slope), None


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x for x > 0, ``negative_slope * x`` otherwise (``LeakyReluBackward0``)."""
    if inplace:
        from ...ops.inplace import inplace as run_inplace
        return run_inplace(input, LeakyReluInplace.apply, negative_slope)
    return LeakyRelu.apply(input, negative_slope)


_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


class Gelu(Op):
    """GELU(x) = x * Phi(x) (``approximate='none'``), or the tanh approximation
    0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""

    node_name = "GeluBackward0"
    saved_names = ("self",)
    saved_attrs = ("approximate",)

    @staticmethod
    def forward(ctx, a, approximate):
        ctx.save_for_backward(a)
        ctx.approximate = approximate
        x = a._data
        xp = a._xp()
        t = x.dtype.type
        if approximate == "tanh":
            inner = t(_SQRT_2_OVER_PI) * (x + t(0.044715) * x * x * x)
            return t(0.5) * x * (t(1) + xp.tanh(inner))
        erf = _backend.special_module(x).erf
        return x * t(0.5) * (t(1) + erf(x * t(1 / math.sqrt(2.0))))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return GeluBackward.apply(grad, a, ctx.approximate), None


class GeluBackward(Op):
    """grad * GELU'(x). Its own backward (for ``create_graph``) uses GELU''(x), written with
    tensor ops so that higher derivatives keep working."""

    node_name = "GeluBackwardBackward0"
    saved_names = ("grad_output", "self")
    saved_attrs = ("approximate",)

    @staticmethod
    def forward(ctx, grad, a, approximate):
        ctx.save_for_backward(grad, a)
        ctx.approximate = approximate
        x, g = a._data, grad._data
        xp = a._xp()
        t = x.dtype.type
        if approximate == "tanh":
            k = t(0.044715)
            th = xp.tanh(t(_SQRT_2_OVER_PI) * (x + k * x * x * x))
            d_inner = t(_SQRT_2_OVER_PI) * (t(1) + t(3) * k * x * x)
            return g * (t(0.5) * (t(1) + th) + t(0.5) * x * (t(1) - th * th) * d_inner)
        erf = _backend.special_module(x).erf
        cdf = t(0.5) * (t(1) + erf(x * t(1 / math.sqrt(2.0))))
        pdf = xp.exp(t(-0.5) * x * x) * t(_INV_SQRT_2PI)
        return g * (cdf + x * pdf)

    @staticmethod
    def backward(ctx, gg):
        grad, a = ctx.saved_tensors
        need_g, need_a = ctx.needs_input_grad[:2]
        d1 = GeluBackward.apply(gg, a, ctx.approximate) if need_g else None
        d2 = gg * grad * _gelu_second_derivative(a, ctx.approximate) if need_a else None
        return d1, d2, None


def _gelu_second_derivative(x, approximate):
    if approximate == "tanh":
        k = 0.044715
        inner = (x + k * x * x * x) * _SQRT_2_OVER_PI
        th = inner.tanh()
        d_inner = (x * x * (3 * k) + 1) * _SQRT_2_OVER_PI
        sech2 = 1 - th * th
        # d/dx [0.5(1+th) + 0.5 x sech2 d_inner]
        return sech2 * d_inner - x * sech2 * th * d_inner * d_inner + \
            x * sech2 * (x * (3 * k * _SQRT_2_OVER_PI))
    pdf = (x * x * -0.5).exp() * _INV_SQRT_2PI
    return pdf * (2 - x * x)


def gelu(input, approximate="none"):
    """Gaussian error linear unit (``GeluBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.gelu(torch.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.1587,  0.0000,  0.8413])
    """
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return Gelu.apply(input, approximate)


class Silu(Op):
    node_name = "SiluBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = a._data
        return x / (x.dtype.type(1) + a._xp().exp(-x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        s = a.sigmoid()
        return grad * (s * (1 + a * (1 - s)))


def silu(input, inplace=False):
    """x * sigmoid(x) (``SiluBackward0``, in place too)."""
    if inplace:
        from ...ops.inplace import inplace as run_inplace
        return run_inplace(input, Silu.apply)
    return Silu.apply(input)
