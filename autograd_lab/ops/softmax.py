"""``softmax`` and ``log_softmax`` along a dim: tensor ops (``Tensor.softmax``,
``torch.softmax``) that ``nn.functional`` re-exports.

Both subtract the max first so that ``exp`` never overflows; ``log_softmax`` never forms the
probabilities at all (``x - max - log(sum(exp(x - max)))``), which keeps ``cross_entropy``
finite for large logits.
"""
import warnings

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
        e = xp.exp(x - x.max(axis=dim, keepdims=True))   # shift: exp never overflows
        e /= e.sum(axis=dim, keepdims=True)
        return e

    @staticmethod
    def backward(ctx, grad):
        y = ctx.saved_result
        return y * (grad - (grad * y).sum(ctx.dim, keepdim=True)), None


class LogSoftmax(Op):
    node_name = "LogSoftmaxBackward0"
    save_result = True
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        x = a._data
        xp = a._xp()
        shifted = x - x.max(axis=dim, keepdims=True)
        shifted -= xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))
        return shifted

    @staticmethod
    def backward(ctx, grad):
        y = ctx.saved_result
        return grad - y.exp() * grad.sum(ctx.dim, keepdim=True), None


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
        raise RuntimeError(f'"{name}_lastdim_kernel_impl" not implemented for '
                           f"'{_int_name(input)}'")
    return input, wrap_dim(dim, input.dim()) if input.dim() else 0


def _int_name(t):
    return _dtype.type_name(t.dtype)


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


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """x - logsumexp(x) along ``dim``, computed stably (``LogSoftmaxBackward0``)."""
    input, dim = _softmax_input(input, dim, dtype, "log_softmax")
    return LogSoftmax.apply(input, dim)
