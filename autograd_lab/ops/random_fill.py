"""In-place random fills (``normal_``, ``uniform_``, ``bernoulli_``, ``random_``) as autograd
sees them: the old values are overwritten, so the gradient flowing back to them is zero.

Untracked (the usual case: ``nn.init`` under ``no_grad``, plain tensors) the generator writes
straight into the tensor, in PyTorch's element order. On a non-leaf that requires grad the fill
is recorded like any in-place op (``NormalBackward0``...), as PyTorch records it.
"""
from ..autograd.function import Op
from .._tensor import Tensor
from . import _formula
from .inplace import _after_write, _records, check_inplace, inplace


class _RandomFill(Op):
    @staticmethod
    def forward(ctx, a, fill):
        out = Tensor._make(a._data.copy())
        fill(out)
        return out._data

    @staticmethod
    def backward(ctx, grad):
        # zeros_like(grad), as in PyTorch: 0 even for an inf or nan gradient (grad * 0 = nan)
        return _formula.zeros_like(grad), None


class NormalFill(_RandomFill):
    node_name = "NormalBackward0"


class UniformFill(_RandomFill):
    node_name = "UniformBackward0"


class BernoulliFill(_RandomFill):
    node_name = "BernoulliBackward2"


class RandomFill(_RandomFill):
    node_name = "RandomBackward0"


def random_fill_(t, node_cls, fill):
    """Fill ``t`` in place with ``fill(tensor)`` (one of ``_random``'s in-place samplers)."""
    if not _records(t, ()):
        fill(t)
        _after_write(t)
        return t
    check_inplace(t)
    return inplace(t, node_cls.apply, fill)
