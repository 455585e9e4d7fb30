"""``softmax`` and ``log_softmax`` along a dim: tensor ops (``Tensor.softmax``,
``torch.softmax``) that ``nn.functional`` re-exports.

Both subtract the max first so that ``exp`` never overflows; ``log_softmax`` never forms the
probabilities at all (``x - max - log(sum(exp(x - max)))``), which keeps ``cross_entropy``
finite for large logits.
"""
import warnings

import numpy as np

from .._numpy_names import numpy_names
from .. import _dtype
from ..autograd.function import Op
from ._util import wrap_dim


class Softmax(Op):
    node_name = "SoftmaxBackward0"
    save_result = True
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        x = a._data
        xp = a._xp()
        with np.errstate(all="ignore"):                     # a row of -inf gives nan, quietly
            e = xp.exp(x - x.max(axis=dim, keepdims=True))   # shift: exp never overflows
            e /= e.sum(axis=dim, keepdims=True)
        return e

    @staticmethod
    def backward(ctx, grad):
        return SoftmaxBackwardData.apply(grad, ctx.saved_result, ctx.dim), None


class SoftmaxBackwardData(Op):
    """softmax's derivative ``y * (g - sum(g * y))`` as an op of its own, as in PyTorch, so
    ``create_graph=True`` shows ``SoftmaxBackwardDataBackward0`` and differentiates it."""
    node_name = "SoftmaxBackwardDataBackward0"
    saved_names = ("grad_output", "output")
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, grad, y, dim):
        ctx.save_for_backward(grad, y)
        ctx.dim = dim
        g, yd = grad._data, y._data
        return yd * (g - (g * yd).sum(axis=dim, keepdims=True))

    @staticmethod
    def backward(ctx, gg):
        grad, y = ctx.saved_tensors
        need_g, need_y, _ = ctx.needs_input_grad
        d = ctx.dim
        ggy = (gg * y).sum(d, keepdim=True)
        return (y * (gg - ggy) if need_g else None,
                gg * (grad - (grad * y).sum(d, keepdim=True)) - grad * ggy if need_y else None,
                None)


class LogSoftmax(Op):
    node_name = "LogSoftmaxBackward0"
    save_result = True
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        x = a._data
        xp = a._xp()
        with np.errstate(all="ignore"):
            shifted = x - x.max(axis=dim, keepdims=True)
            shifted -= xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))
        return shifted

    @staticmethod
    def backward(ctx, grad):
        return LogSoftmaxBackwardData.apply(grad, ctx.saved_result, ctx.dim), None


class LogSoftmaxBackwardData(Op):
    """log_softmax's derivative ``g - exp(y) * sum(g)`` as an op (PyTorch's
    ``LogSoftmaxBackwardDataBackward0``), differentiable again."""
    node_name = "LogSoftmaxBackwardDataBackward0"
    saved_names = ("grad_output", "output")
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, grad, y, dim):
        ctx.save_for_backward(grad, y)
        ctx.dim = dim
        g = grad._data
        return g - _exp_data(y) * g.sum(axis=dim, keepdims=True)

    @staticmethod
    def backward(ctx, gg):
        grad, y = ctx.saved_tensors
        need_g, need_y, _ = ctx.needs_input_grad
        d = ctx.dim
        p = y.exp()
        return (gg - (gg * p).sum(d, keepdim=True) if need_g else None,
                -gg * p * grad.sum(d, keepdim=True) if need_y else None, None)


def _exp_data(t):
    return t._xp().exp(t._data)


def _get_softmax_dim(name, ndim):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_input(input, dim, dtype, name):
    if dim is None:
        dim = _get_softmax_dim(name, input.dim())
    if dtype is not None:
        input = input.to(dtype)
    elif input._data.dtype.kind not in "fc":
        raise NotImplementedError(f'"{name}_lastdim_kernel_impl" not implemented for '
                           f"'{_int_name(input)}'")
    return input, wrap_dim(dim, input.dim()) if input.dim() else 0


def _int_name(t):
    return _dtype.type_name(t.dtype)


@numpy_names
def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along ``dim`` (``SoftmaxBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0)
    tensor([0.0900, 0.2447, 0.6652])
    """
    input, dim = _softmax_input(input, dim, dtype, "softmax")
    return Softmax.apply(input, dim)


@numpy_names
def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """x - logsumexp(x) along ``dim``, computed stably (``LogSoftmaxBackward0``)."""
    input, dim = _softmax_input(input, dim, dtype, "log_softmax")
    return LogSoftmax.apply(input, dim)
