"""Random draws as autograd sees them: the in-place fills (``normal_``, ``uniform_``,
``bernoulli_``, ``random_``, ``exponential_``, ``geometric_``, ``cauchy_``, ``log_normal_``)
overwrite the old values, and ``poisson``'s counts do not vary smoothly with the rates, so the
gradient flowing back is zero in both cases.

Untracked (the usual case: ``nn.init`` under ``no_grad``, plain tensors) the generator writes
straight into the tensor, in PyTorch's element order. On a non-leaf that requires grad the fill
is recorded like any in-place op (``NormalBackward0``...), as PyTorch records it.
"""
from .. import _backend
from .._random.generator import Generator
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


class ExponentialFill(_RandomFill):
    node_name = "ExponentialBackward0"


class GeometricFill(_RandomFill):
    node_name = "GeometricBackward0"


class CauchyFill(_RandomFill):
    node_name = "CauchyBackward0"


class LogNormalFill(_RandomFill):
    node_name = "LogNormalBackward0"


def random_fill_(t, node_cls, fill):
    """Fill ``t`` in place with ``fill(tensor)`` (one of ``_random``'s in-place samplers)."""
    if not _records(t, ()):
        fill(t)
        _after_write(t)
        return t
    check_inplace(t)
    return inplace(t, node_cls.apply, fill)


class Poisson(Op):
    node_name = "PoissonBackward0"

    @staticmethod
    def forward(ctx, rates, generator):
        from .. import _random
        out = _random.poisson_array(_backend.to_numpy(rates._data), generator)
        dev = rates.device
        return out if dev.type == "cpu" else _backend.to_device(out, dev)

    @staticmethod
    def backward(ctx, grad):
        return _formula.zeros_like(grad), None


def poisson(input, generator=None):
    """Draw one Poisson count per element of ``input``, a tensor of non-negative rates; the
    counts have ``input``'s shape and (floating) dtype.

    The draws are PyTorch's CPU draws, bit for bit (``sample_poisson``, see
    :mod:`autograd_lab._random.poisson`): the same seed gives the same counts.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> g = torch.Generator().manual_seed(0)
    >>> torch.poisson(torch.tensor([0.5, 4., 30.]), g)
    tensor([ 2.,  5., 26.])
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"poisson(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if generator is not None and not isinstance(generator, Generator):
        raise TypeError(f"poisson(): argument 'generator' (position 2) must be "
                        f"torch.Generator, not {type(generator).__name__}")
    return Poisson.apply(input, generator)
