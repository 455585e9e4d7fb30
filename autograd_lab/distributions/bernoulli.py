"""``Bernoulli(probs | logits)``: a coin that shows 1 with probability ``probs``."""
from numbers import Number

import autograd_lab as _al
from . import constraints
from .distribution import Distribution
from .utils import (broadcast_all, enumerate_outcomes, expand_given, given_parameter,
                    lazy_property, logits_to_probs, probs_to_logits)

__all__ = ["Bernoulli"]


class Bernoulli(Distribution):
    """The Bernoulli distribution on {0, 1}, given by ``probs`` or by ``logits`` (log-odds).

    Only the given parameter is stored; the other is derived on first use.  Scoring goes
    through ``binary_cross_entropy_with_logits``, which stays accurate for large logits
    where ``log(sigmoid(x))`` would round to ``log(0)``.

    Parameters
    ----------
    probs : float or Tensor, optional
        P(x = 1), in [0, 1].
    logits : float or Tensor, optional
        ``log(p / (1 - p))``.  Give exactly one of ``probs`` and ``logits``.
    validate_args : bool, optional

    Examples
    --------
    >>> import autograd_lab as torch
    >>> b = torch.distributions.Bernoulli(logits=torch.tensor([0.0]))
    >>> b.probs, b.log_prob(torch.tensor([1.0]))
    (tensor([0.5000]), tensor([-0.6931]))
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        name, given = given_parameter(probs, logits)
        (self._param,) = broadcast_all(given)
        setattr(self, name, self._param)      # the other one is derived lazily
        batch_shape = () if isinstance(given, Number) else self._param.size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        shape = _al.Size(batch_shape)
        return self._expanded(shape, _instance, **expand_given(self, shape))

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @property
    def param_shape(self):
        return self._param.size()

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        # the likelier outcome; at p = 1/2 there is no single mode, torch says nan
        probs = self.probs
        likelier = (probs >= 0.5).to(probs)
        likelier[probs == 0.5] = float("nan")
        return likelier

    @property
    def variance(self):
        p = self.probs
        return p * (1 - p)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        with _al.no_grad():
            return _al.bernoulli(self.probs.expand(shape))

    def log_prob(self, value):
        """``x log p + (1 - x) log(1 - p)``, i.e. minus the binary cross-entropy."""
        self._check_value(value)
        logits, value = broadcast_all(self.logits, value)
        return -_al.nn.functional.binary_cross_entropy_with_logits(logits, value,
                                                                   reduction="none")

    def entropy(self):
        """The cross-entropy of the distribution with itself."""
        return _al.nn.functional.binary_cross_entropy_with_logits(self.logits, self.probs,
                                                                  reduction="none")

    def enumerate_support(self, expand=True):
        """The outcomes 0 and 1 along a new leading dim."""
        return enumerate_outcomes(2, self._param.dtype, self._param.device,
                                  self._batch_shape, expand)
