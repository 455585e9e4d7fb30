"""``Uniform(low, high)``: every value in ``[low, high)`` equally likely."""
import math
from numbers import Number

import autograd_lab as _al
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all

__all__ = ["Uniform"]


class Uniform(Distribution):
    """The continuous uniform distribution on the half-open interval ``[low, high)``.

    ``rsample`` is ``low + u * (high - low)`` with ``u ~ U[0, 1)``, differentiable in both
    bounds.

    Parameters
    ----------
    low, high : float or Tensor
        The bounds, ``low < high``.
    validate_args : bool, optional

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.distributions.Uniform(0.0, 4.0).log_prob(torch.tensor(1.0))
    tensor(-1.3863)
    """

    has_rsample = True

    def __init__(self, low, high, validate_args=None):
        self.low, self.high = broadcast_all(low, high)
        scalar = isinstance(low, Number) and isinstance(high, Number)
        super().__init__(() if scalar else self.low.size(), validate_args=validate_args)

    @property
    def arg_constraints(self):
        # each bound is constrained by the other
        return {"low": constraints.less_than(self.high),
                "high": constraints.greater_than(self.low)}

    def expand(self, batch_shape, _instance=None):
        shape = _al.Size(batch_shape)
        return self._expanded(shape, _instance, low=self.low.expand(shape),
                              high=self.high.expand(shape))

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        return constraints.interval(self.low, self.high)

    @property
    def mean(self):
        return (self.low + self.high) / 2

    @property
    def mode(self):
        # every point is equally likely: no mode (nan, keeping the graph to ``high``)
        return math.nan * self.high

    @property
    def stddev(self):
        return self._width() / 12 ** 0.5

    @property
    def variance(self):
        return self._width().pow(2) / 12

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        u = _al.rand(shape, dtype=self.low.dtype, device=self.low.device)
        return self.low + u * self._width()

    def log_prob(self, value):
        """``-log(high - low)`` inside the interval, ``-inf`` outside."""
        self._check_value(value)
        # log of an indicator: 0 inside, -inf outside (no branch, works batched)
        inside = ((value >= self.low) & (value < self.high)).to(self.low.dtype)
        return _al.log(inside) - _al.log(self._width())

    def cdf(self, value):
        self._check_value(value)
        return ((value - self.low) / self._width()).clamp(min=0, max=1)

    def icdf(self, value):
        return value * self._width() + self.low

    def entropy(self):
        return _al.log(self._width())

    def _width(self):
        return self.high - self.low
