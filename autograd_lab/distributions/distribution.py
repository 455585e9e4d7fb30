"""``Distribution``: the shapes, validation and sampling contract every distribution shares.

Shapes: a sample has shape ``sample_shape + batch_shape + event_shape``.  ``batch_shape``
indexes independent distributions with different parameters; ``event_shape`` is the shape
of one draw (``()`` for a number, ``(k,)`` for a vector).  ``log_prob`` returns one value per
batch element, summing over the event dims.
"""
import warnings

import autograd_lab as _al
from . import constraints
from .utils import lazy_property

__all__ = ["Distribution"]


class Distribution:
    """Base class of all distributions.

    Subclasses set ``arg_constraints`` (parameter name -> constraint), ``support``, and
    implement what they can of ``sample`` / ``rsample`` / ``log_prob`` / ``entropy`` and the
    moments.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> d = torch.distributions.Normal(torch.zeros(3), 1.0)
    >>> d.batch_shape, d.event_shape, d.sample((2,)).shape
    (torch.Size([3]), torch.Size([]), torch.Size([2, 3]))
    """

    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__      # torch validates by default unless run with python -O

    @staticmethod
    def set_default_validate_args(value):
        """Switch argument validation on or off for distributions created afterwards."""
        if value is not True and value is not False:
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape=(), event_shape=(), validate_args=None):
        self._batch_shape = _al.Size(batch_shape)
        self._event_shape = _al.Size(event_shape)
        if validate_args is not None:      # else the class-wide default applies
            self._validate_args = validate_args
        if self._validate_args:
            self._check_parameters()

    def _check_parameters(self):
        try:
            rules = self.arg_constraints
        except NotImplementedError:      # a user subclass that declares none: say so, go on
            rules = {}
            warnings.warn(f"{self.__class__} does not define `arg_constraints`. Please set "
                          "`arg_constraints = {}` or initialize the distribution with "
                          "`validate_args=False` to turn off validation.", stacklevel=3)
        for name, constraint in rules.items():
            if constraints.is_dependent(constraint):
                continue
            # a parameter not given (Bernoulli's logits when built from probs) is derived
            # from a valid one: computing it only to check it would be wasted work
            if name not in self.__dict__ and isinstance(getattr(type(self), name),
                                                        lazy_property):
                continue
            value = getattr(self, name)
            if not bool(constraint.check(value).all()):      # one bad element is enough
                raise ValueError(
                    f"Expected parameter {name} ({type(value).__name__} of shape "
                    f"{tuple(value.shape)}) of distribution {self!r} to satisfy the constraint "
                    f"{constraint!r}, but found invalid values:\n{value}")

    # ------------------------------------------------------------------ shapes
    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def event_shape(self):
        return self._event_shape

    @property
    def arg_constraints(self):
        raise NotImplementedError

    @property
    def support(self):
        raise NotImplementedError

    def _extended_shape(self, sample_shape=()):
        """The shape of ``sample(sample_shape)``."""
        return _al.Size(tuple(sample_shape) + tuple(self._batch_shape)
                        + tuple(self._event_shape))

    def expand(self, batch_shape, _instance=None):
        """A distribution with the same parameters broadcast to a larger ``batch_shape``
        (views, no copies)."""
        raise NotImplementedError

    def _expanded(self, batch_shape, _instance=None, event_shape=(), **attributes):
        """The shared half of every ``expand``: an instance of this class carrying the
        given (already expanded) attributes, built without ``__init__`` so nothing is
        re-validated, that keeps this instance's validation switch."""
        out = object.__new__(type(self)) if _instance is None else _instance
        vars(out).update(attributes)
        Distribution.__init__(out, batch_shape, event_shape, validate_args=False)
        out._validate_args = self._validate_args
        return out

    # ------------------------------------------------------------------ moments
    @property
    def mean(self):
        raise NotImplementedError

    @property
    def mode(self):
        raise NotImplementedError(f"{self.__class__} does not implement mode")

    @property
    def variance(self):
        raise NotImplementedError

    @property
    def stddev(self):
        return self.variance.sqrt()

    # ------------------------------------------------------------------ sampling and scoring
    def sample(self, sample_shape=()):
        """Draw without a graph: ``rsample`` under ``no_grad`` unless a subclass draws
        directly."""
        with _al.no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()):
        """A reparameterised draw: differentiable with respect to the parameters."""
        raise NotImplementedError

    def sample_n(self, n):
        """Deprecated spelling of ``sample((n,))``."""
        warnings.warn("`sample_n(n)` will be deprecated. Use `sample((n,))` instead.",
                      FutureWarning, stacklevel=2)
        return self.sample((n,))

    def log_prob(self, value):
        raise NotImplementedError

    def cdf(self, value):
        raise NotImplementedError

    def icdf(self, value):
        raise NotImplementedError

    def enumerate_support(self, expand=True):
        raise NotImplementedError

    def entropy(self):
        raise NotImplementedError

    def perplexity(self):
        """``exp(entropy)``: the effective number of equally likely outcomes."""
        return _al.exp(self.entropy())

    def _check_value(self, value):
        """``_validate_sample`` when this distribution validates its arguments."""
        if self._validate_args:
            self._validate_sample(value)

    def _validate_sample(self, value):
        """Check a value given to ``log_prob`` / ``cdf``: a tensor, broadcastable with
        ``batch_shape + event_shape``, and inside the support."""
        if not isinstance(value, _al.Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        shape = value.size()
        event = self._event_shape
        if shape[len(shape) - len(event):] != event:
            raise ValueError("The right-most size of value must match event_shape: "
                             f"{shape} vs {event}.")
        full = self._batch_shape + event
        if not _broadcastable(shape, full):
            raise ValueError("Value is not broadcastable with batch_shape+event_shape: "
                             f"{shape} vs {full}.")
        try:
            support = self.support
        except NotImplementedError:      # nothing to check against
            warnings.warn(f"{self.__class__} does not define `support` to enable sample "
                          "validation. Please initialize the distribution with "
                          "`validate_args=False` to turn off validation.", stacklevel=3)
            return
        if not bool(support.check(value).all()):
            raise ValueError(
                f"Expected value argument ({type(value).__name__} of shape "
                f"{tuple(value.shape)}) to be within the support ({support!r}) of the "
                f"distribution {self!r}, but found invalid values:\n{value}")

    def __repr__(self):
        # one-element parameters print their value, larger ones their shape
        shown = []
        for name in self.arg_constraints:
            if name in self.__dict__:
                p = self.__dict__[name]
                shown.append(f"{name}: {p if p.numel() == 1 else p.size()}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _broadcastable(a, b):
    """Whether two shapes broadcast: trailing sizes agree or one of them is 1."""
    return all(x == y or x == 1 or y == 1 for x, y in zip(reversed(a), reversed(b)))
