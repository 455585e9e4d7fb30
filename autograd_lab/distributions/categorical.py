"""``Categorical(probs | logits)``: one of ``K`` classes, drawn with the given weights."""
import math

import autograd_lab as _al
from . import constraints
from .distribution import Distribution
from .utils import lazy_property, logits_to_probs, probs_to_logits

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
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            if probs.dim() < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
            self._param = self.probs
        else:
            if logits.dim() < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
            self._param = self.logits
        self._num_events = self._param.size()[-1]
        batch_shape = self._param.size()[:-1]
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Categorical, _instance)
        batch_shape = _al.Size(batch_shape)
        param_shape = batch_shape + (self._num_events,)
        for name in ("probs", "logits"):
            if name in self.__dict__:
                setattr(new, name, self.__dict__[name].expand(param_shape))
                new._param = new.__dict__[name]
        new._num_events = self._num_events
        Distribution.__init__(new, batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

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
        return self.probs.argmax(dim=-1)

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
        if self._validate_args:
            self._validate_sample(value)
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
        values = _al.arange(self._num_events, dtype=_al.long, device=self._param.device)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = values.expand((-1,) + tuple(self._batch_shape))
        return values
