"""Smooth activations: softplus, elu/selu/celu, mish, logsigmoid, glu, and the compositions
softmin, softsign and tanhshrink.

Each fused op is an ``Op`` with torch's node name (``SoftplusBackward0``, ``EluBackward0``...),
forward on arrays and backward on Tensors beside it. ``softmin``, ``softsign`` and
``tanhshrink`` are written in torch's ``nn/functional.py`` as compositions of tensor ops, and so
are they here: their graphs show ``SoftmaxBackward0``, ``DivBackward0``, ``SubBackward0``.
"""
from ... import _dtype
from ...autograd.function import Op
from ...ops._util import float_result, wrap_dim
from ...ops.inplace import inplace as run_inplace
from ...ops.joining import cat
from ...ops.softmax import _get_softmax_dim


def _need_float(input, kernel):
    """torch's refusal of an integer tensor by a floating-point-only kernel."""
    if not input.is_floating_point():
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_dtype.type_name(input.dtype)}'")


# ----------------------------------------------------------------------------- softplus
class Softplus(Op):
    """``log(1 + exp(beta x)) / beta``, and x itself where ``beta x > threshold`` (there the
    two agree to float precision, and exp would overflow)."""

    node_name = "SoftplusBackward0"
    saved_names = ("self",)
    saved_attrs = ("beta", "threshold")

    @staticmethod
    def forward(ctx, a, beta, threshold):
        ctx.save_for_backward(a)
        ctx.beta, ctx.threshold = beta, threshold
        x = float_result(a._data)
        xp = a._xp()
        t = x.dtype.type
        z = x * t(beta)
        return xp.where(z > t(threshold), x, xp.log1p(xp.exp(z)) / t(beta))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        z = a * ctx.beta
        # the linear part's slope is exactly 1; elsewhere sigmoid(beta x)
        return grad.where(z > ctx.threshold, grad * z.sigmoid()), None, None


def softplus(input, beta=1.0, threshold=20.0):
    """Smooth ReLU ``log(1 + exp(beta * x)) / beta`` (``SoftplusBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.softplus(torch.tensor([-1.0, 0.0, 30.0]))
    tensor([ 0.3133,  0.6931, 30.0000])
    """
    _need_float(input, "softplus_cpu")
    return Softplus.apply(input, beta, threshold)


# ----------------------------------------------------------------------------- elu family
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _elu_forward(ctx, a, alpha, scale, input_scale):
    ctx.alpha, ctx.scale, ctx.input_scale = alpha, scale, input_scale
    x = float_result(a._data)
    xp = a._xp()
    t = x.dtype.type
    neg = t(scale * alpha) * xp.expm1(x * t(input_scale))
    return xp.where(x > 0, x * t(scale), neg)


class Elu(Op):
    """``scale * x`` for x > 0, ``scale * alpha * (exp(input_scale * x) - 1)`` otherwise:
    ELU (scale = input_scale = 1), SELU (torch's fixed alpha and scale) and, as ``Celu``,
    CELU (input_scale = 1 / alpha)."""

    node_name = "EluBackward0"
    saved_names = ("self",)
    saved_attrs = ("alpha", "scale", "input_scale")

    @staticmethod
    def forward(ctx, a, alpha, scale, input_scale):
        ctx.save_for_backward(a)
        return _elu_forward(ctx, a, alpha, scale, input_scale)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # torch's elu_backward: x <= 0 takes the exponential side (so x = 0 gets
        # alpha * scale * input_scale, not scale)
        neg = grad * (ctx.alpha * ctx.scale * ctx.input_scale) * (a * ctx.input_scale).exp()
        return neg.where(a <= 0, grad * ctx.scale), None, None, None


class EluResult(Elu):
    """The in-place variant (``elu_``, ``selu_``): the input is gone, so the derivative is
    read from the result, ``input_scale * (y + alpha * scale)`` where y <= 0, as torch's
    ``EluBackward1`` does."""

    node_name = "EluBackward1"
    saved_names = ()
    save_result = True

    @staticmethod
    def forward(ctx, a, alpha, scale, input_scale):
        return _elu_forward(ctx, a, alpha, scale, input_scale)

    @staticmethod
    def backward(ctx, grad):
        if ctx.alpha < 0:
            raise RuntimeError(
                "In-place elu backward calculation is triggered with a negative slope which is "
                "not supported. This is caused by calling in-place forward function with a "
                "negative slope, please call out-of-place version instead.")
        y = ctx.saved_result
        neg = grad * ctx.input_scale * (y + ctx.alpha * ctx.scale)
        return neg.where(y <= 0, grad * ctx.scale), None, None, None


class Celu(Elu):
    node_name = "CeluBackward0"


class CeluResult(EluResult):
    node_name = "CeluBackward1"


def _elu(op, op_inplace, input, alpha, scale, input_scale, inplace):
    _need_float(input, "elu_cpu")
    if inplace:
        return run_inplace(input, op_inplace.apply, alpha, scale, input_scale)
    return op.apply(input, alpha, scale, input_scale)


def elu(input, alpha=1.0, inplace=False):
    """x for x > 0, ``alpha * (exp(x) - 1)`` otherwise (``EluBackward0``; in place
    ``EluBackward1``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.elu(torch.tensor([-1.0, 2.0]))
    tensor([-0.6321,  2.0000])
    """
    return _elu(Elu, EluResult, input, alpha, 1.0, 1.0, inplace)


def elu_(input, alpha=1.0):
    return elu(input, alpha, inplace=True)


def selu(input, inplace=False):
    """Scaled ELU with torch's fixed constants alpha ~ 1.6733, scale ~ 1.0507
    (``EluBackward0``, as in torch)."""
    return _elu(Elu, EluResult, input, _SELU_ALPHA, _SELU_SCALE, 1.0, inplace)


def selu_(input):
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` (``CeluBackward0``)."""
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return _elu(Celu, CeluResult, input, alpha, 1.0, 1.0 / alpha, inplace)


def celu_(input, alpha=1.0):
    return celu(input, alpha, inplace=True)


# ----------------------------------------------------------------------------- mish
class Mish(Op):
    """``x * tanh(softplus(x))``."""

    node_name = "MishBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = float_result(a._data)
        xp = a._xp()
        # softplus without overflow: log1p(exp(x)) = max(x, 0) + log1p(exp(-|x|))
        sp = xp.maximum(x, x.dtype.type(0)) + xp.log1p(xp.exp(-xp.abs(x)))
        return x * xp.tanh(sp)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # d/dx x tanh(sp(x)) = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2)
        tsp = softplus(a).tanh()
        return grad * (tsp + a * a.sigmoid() * (1 - tsp * tsp))


def mish(input, inplace=False):
    """Self-regularized activation ``x * tanh(softplus(x))`` (``MishBackward0``, in place
    too)."""
    _need_float(input, "mish_cpu")
    if inplace:
        return run_inplace(input, Mish.apply)
    return Mish.apply(input)


# ----------------------------------------------------------------------------- logsigmoid
class LogSigmoid(Op):
    """``log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|))``, which never overflows."""

    node_name = "LogSigmoidBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = float_result(a._data)
        xp = a._xp()
        return xp.minimum(x, x.dtype.type(0)) - xp.log1p(xp.exp(-xp.abs(x)))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * (-a).sigmoid()        # d/dx log sigmoid(x) = 1 - sigmoid(x)


def logsigmoid(input):
    """``log(1 / (1 + exp(-x)))``, computed stably (``LogSigmoidBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.logsigmoid(torch.tensor([-100.0, 0.0]))
    tensor([-100.0000,   -0.6931])
    """
    _need_float(input, "log_sigmoid_cpu")
    return LogSigmoid.apply(input)


# ----------------------------------------------------------------------------- glu
class Glu(Op):
    """``a * sigmoid(b)`` where a and b are the two halves of the input along ``dim``."""

    node_name = "GluBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.save_for_backward(a)
        ctx.dim = dim
        x = a._data
        xp = a._xp()
        first, second = xp.split(x, 2, axis=dim)
        return first / (1 + xp.exp(-second))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        first, second = a.chunk(2, ctx.dim)
        s = second.sigmoid()
        ga = grad * s
        return cat([ga, ga * first * (1 - s)], ctx.dim), None


def glu(input, dim=-1):
    """Gated linear unit: the first half of ``input`` along ``dim`` times the sigmoid of the
    second half (``GluBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.glu(torch.tensor([1.0, 2.0, 0.0, 0.0]))
    tensor([0.5000, 1.0000])
    """
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = wrap_dim(dim, input.dim())
    n = input.shape[d]
    if n % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {n}")
    _need_float(input, "glu_cpu")
    return Glu.apply(input, d)


# ----------------------------------------------------------------------------- compositions
def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """``softmax(-input)`` along ``dim``: the smallest entries get the most weight (the
    graph is ``SoftmaxBackward0`` over ``NegBackward0``, as torch composes it)."""
    if dim is None:
        dim = _get_softmax_dim("softmin", input.dim())
    return (-input).softmax(dim) if dtype is None else (-input).softmax(dim, dtype=dtype)


def softsign(input):
    """``x / (1 + |x|)``, torch's composition of ``abs``, ``add`` and ``div``."""
    return input / (input.abs() + 1)


def tanhshrink(input):
    """``x - tanh(x)``, torch's composition of ``tanh`` and ``sub``."""
    return input - input.tanh()

