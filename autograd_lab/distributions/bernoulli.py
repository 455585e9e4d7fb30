"""``Bernoulli(probs | logits)``: a coin that shows 1 with probability ``probs``."""
from numbers import Number

import autograd_lab as _al
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, lazy_property, logits_to_probs, probs_to_logits

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
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        given = probs if probs is not None else logits
        (param,) = broadcast_all(given)
        if probs is not None:
            self.probs = param
        else:
            self.logits = param
        self._param = param
        batch_shape = () if isinstance(given, Number) else param.size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Bernoulli, _instance)
        batch_shape = _al.Size(batch_shape)
        for name in ("probs", "logits"):       # only what was given (or already derived)
            if name in self.__dict__:
                setattr(new, name, self.__dict__[name].expand(batch_shape))
                new._param = new.__dict__[name]
        Distribution.__init__(new, batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

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
        mode = (self.probs >= 0.5).to(self.probs)
        mode[self.probs == 0.5] = float("nan")
        return mode

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        with _al.no_grad():
            return _al.bernoulli(self.probs.expand(shape))

    def log_prob(self, value):
        """``x log p + (1 - x) log(1 - p)``, i.e. minus the binary cross-entropy."""
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -_al.nn.functional.binary_cross_entropy_with_logits(logits, value,
                                                                   reduction="none")

    def entropy(self):
        """The cross-entropy of the distribution with itself."""
        return _al.nn.functional.binary_cross_entropy_with_logits(self.logits, self.probs,
                                                                  reduction="none")

    def enumerate_support(self, expand=True):
        """The outcomes 0 and 1 along a new leading dim."""
        values = _al.arange(2, dtype=self._param.dtype, device=self._param.device)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = values.expand((-1,) + tuple(self._batch_shape))
        return values
