"""The activations that are tensor ops: tanh, sigmoid and relu.

tanh's and sigmoid's derivatives are ops of their own (``TanhBackwardBackward0``,
``SigmoidBackwardBackward0``), as in PyTorch, so a graph built with ``create_graph=True``
shows and differentiates them. relu's derivative at 0 is taken as 0, as in PyTorch.
``nn.functional`` calls these; the rest of the element-wise math is in ``unary_math.py``.
"""
import numpy as np

from ..autograd.function import Op
from . import _formula
from ._util import float_result
from .unary_math import _xp


def one_minus_square(y):
    """``1 - y*y`` rounded once, as torch's tanh_backward kernel computes it (the compiler
    fuses it into one multiply-add): a hand-written ``(1 - h**2) * g`` rounds ``h**2`` first,
    and differs from torch's gradient in the last bit, as it does from this one. In float32
    the product of two float32 numbers is exact in float64, so computing there and rounding
    once gives the fused result."""
    if y.dtype == np.float32:
        return (1 - y.astype(np.float64) ** 2).astype(np.float32)
    return 1 - y * y


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
        return grad._data * one_minus_square(y._data)

    @staticmethod
    def backward(ctx, gg):
        grad, y = ctx.saved_tensors
        need_g, need_y = ctx.needs_input_grad
        # (d/d grad is tanh's derivative again: TanhBackwardBackward0, as in PyTorch)
        return (TanhBackward.apply(gg, y) if need_g else None,
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
        # torch's kernel, in its order: (grad * (1 - y)) * y, each product rounded
        return grad._data * (1 - y._data) * y._data

    @staticmethod
    def backward(ctx, gg):
        grad, y = ctx.saved_tensors
        need_g, need_y = ctx.needs_input_grad
        return (SigmoidBackward.apply(gg, y) if need_g else None,
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
        # (CuPy takes no NumPy array, even 0-d: a scalar there)
        return _xp(a).maximum(x, _zero(x.dtype) if type(x) is np.ndarray else x.dtype.type(0))

    @staticmethod
    def backward(ctx, grad):
        # PyTorch's threshold_backward: 0 where result <= 0 (the derivative at 0 is taken as
        # 0), the gradient itself elsewhere -- a nan result passes it on, and an inf or nan
        # gradient where the unit is off gives 0 (a product with the mask would give nan)
        return _formula.zero_where(ctx.saved_result <= 0, grad)


# ---------------------------------------------------------------------------- functions
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
