"""``Normal(loc, scale)``: the Gaussian with mean ``loc`` and standard deviation ``scale``."""
import math
from numbers import Number

import autograd_lab as _al
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all

__all__ = ["Normal"]

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


class Normal(Distribution):
    """The normal (Gaussian) distribution ``N(loc, scale**2)``.

    ``rsample`` is the reparameterisation ``loc + eps * scale`` with ``eps ~ N(0, 1)``, so a
    sample's gradient flows to ``loc`` and ``scale`` (the trick behind VAEs).

    Parameters
    ----------
    loc : float or Tensor
        Mean.
    scale : float or Tensor
        Standard deviation, > 0.
    validate_args : bool, optional
        Check the parameters and the values given to ``log_prob``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> _ = torch.manual_seed(0)
    >>> torch.distributions.Normal(torch.tensor([0.0]), torch.tensor([1.0])).sample()
    tensor([1.5410])
    """

    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self.loc, self.scale = broadcast_all(loc, scale)
        scalar = isinstance(loc, Number) and isinstance(scale, Number)
        super().__init__(() if scalar else self.loc.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        shape = _al.Size(batch_shape)
        return self._expanded(shape, _instance, loc=self.loc.expand(shape),
                              scale=self.scale.expand(shape))

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return self.stddev.pow(2)

    def sample(self, sample_shape=()):
        # torch draws a graph-free sample with torch.normal(mean, std) on the expanded
        # parameters, a different kernel from rsample's normal_(): the same seed gives the
        # same numbers only if we make the same call
        shape = self._extended_shape(sample_shape)
        with _al.no_grad():
            return _al.normal(self.loc.expand(shape), self.scale.expand(shape))

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        eps = _al.empty(shape, dtype=self.loc.dtype, device=self.loc.device).normal_()
        return self.loc + self.scale * eps

    def log_prob(self, value):
        """``-(x - loc)^2 / (2 scale^2) - log(scale) - log(sqrt(2 pi))``."""
        self._check_value(value)
        log_scale = self.scale.log()
        return -((value - self.loc) ** 2) / (2 * self.scale ** 2) - log_scale - _HALF_LOG_2PI

    def cdf(self, value):
        """``(1 + erf((x - loc) / (scale sqrt 2))) / 2``."""
        self._check_value(value)
        z = (value - self.loc) * self.scale.reciprocal() / math.sqrt(2)
        return 0.5 * (1 + _al.erf(z))

    def icdf(self, value):
        """The quantile ``loc + scale sqrt(2) erfinv(2p - 1)``."""
        return self.loc + self.scale * _al.erfinv(2 * value - 1) * math.sqrt(2)

    def entropy(self):
        """``1/2 + log(sqrt(2 pi)) + log(scale)``: it depends on the spread only."""
        return 0.5 + _HALF_LOG_2PI + _al.log(self.scale)
