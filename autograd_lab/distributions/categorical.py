"""``Categorical(probs | logits)``: one of ``K`` classes, drawn with the given weights."""
import math

import autograd_lab as _al
from . import constraints
from .distribution import Distribution
from .utils import (enumerate_outcomes, expand_given, given_parameter, lazy_property,
                    logits_to_probs, probs_to_logits)

__all__ = ["Categorical"]


class Categorical(Distribution):
    """A distribution over the class indices ``0 .. K-1`` (the last dim of the parameter).

    ``probs`` need not sum to one (they are divided by their sum); ``logits`` are
    normalised to log-probabilities by subtracting their ``logsumexp``.

    Parameters
    ----------
    probs : Tensor, optional
        Non-negative weights, at least 1-d.
    logits : Tensor, optional
        Unnormalised log-probabilities.  Give exactly one of ``probs`` and ``logits``.
    validate_args : bool, optional

    Examples
    --------
    >>> import autograd_lab as torch
    >>> c = torch.distributions.Categorical(probs=torch.tensor([1.0, 3.0]))
    >>> c.probs, c.log_prob(torch.tensor(1))
    (tensor([0.2500, 0.7500]), tensor(-0.2877))
    """

    arg_constraints = {"probs": constraints.simplex,
                       "logits": constraints.independent(constraints.real, 1)}
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        name, given = given_parameter(probs, logits)
        if given.dim() < 1:
            raise ValueError(f"`{name}` parameter must be at least one-dimensional.")
        # normalise once, here: probs to sum 1, logits to log-probabilities
        if name == "probs":
            self._param = given / given.sum(-1, keepdim=True)
        else:
            self._param = given - given.logsumexp(dim=-1, keepdim=True)
        setattr(self, name, self._param)
        self._num_events = given.shape[-1]
        super().__init__(given.shape[:-1], validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        shape = _al.Size(batch_shape)
        return self._expanded(shape, _instance, _num_events=self._num_events,
                              **expand_given(self, shape + (self._num_events,)))

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        last = self._num_events - 1
        return constraints.integer_interval(0, last)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs)

    @property
    def param_shape(self):
        return self._param.size()

    @property
    def mean(self):
        # class indices have no meaningful average
        return _al.full(self._extended_shape(), math.nan, dtype=self.probs.dtype,
                        device=self.probs.device)

    @property
    def mode(self):
        return self.probs.argmax(-1)

    @property
    def variance(self):
        return _al.full(self._extended_shape(), math.nan, dtype=self.probs.dtype,
                        device=self.probs.device)

    def sample(self, sample_shape=()):
        # one multinomial call over all batch rows, with replacement: row r's draws are
        # column r of the (n, rows) result
        sample_shape = _al.Size(sample_shape)
        rows = self.probs.reshape(-1, self._num_events)
        draws = _al.multinomial(rows, sample_shape.numel(), True).T
        return draws.reshape(self._extended_shape(sample_shape))

    def log_prob(self, value):
        """The normalised logit of each value's class."""
        self._check_value(value)
        index = value.long().unsqueeze(-1)
        index, log_pmf = _al.broadcast_tensors(index, self.logits)
        return log_pmf.gather(-1, index[..., :1]).squeeze(-1)

    def entropy(self):
        """``-sum p log p``; a zero probability has logit -inf, clamped to the most negative
        finite number so that ``0 * log 0`` counts as 0 instead of nan."""
        logits = _al.clamp(self.logits, min=_al.finfo(self.logits.dtype).min)
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand=True):
        """The class indices along a new leading dim."""
        return enumerate_outcomes(self._num_events, _al.long, self._param.device,
                                  self._batch_shape, expand)
