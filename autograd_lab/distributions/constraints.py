"""Constraints: the sets a parameter or a sample must lie in.

A constraint answers ``check(value)`` with a bool tensor (``True`` where the value is valid);
``Distribution`` uses them to validate arguments and samples.  Each repr is torch's
(``GreaterThan(lower_bound=0.0)``), because validation error messages print it.

Examples
--------
>>> import autograd_lab as torch
>>> torch.distributions.constraints.unit_interval.check(torch.tensor([0.5, 2.0]))
tensor([ True, False])
"""

__all__ = ["Constraint", "boolean", "dependent", "dependent_property", "greater_than",
           "independent", "integer_interval", "interval", "is_dependent", "less_than",
           "positive", "real", "real_vector", "simplex", "unit_interval"]


class Constraint:
    """A set of valid values; ``event_dim`` trailing dims form one event."""

    is_discrete = False
    event_dim = 0

    def check(self, value):
        raise NotImplementedError

    def _args(self):
        return ""

    def __repr__(self):
        return f"{type(self).__name__}({self._args()})"


class Real(Constraint):
    """Every number except nan (nan is the one value unequal to itself)."""

    def check(self, value):
        return value == value


class Boolean(Constraint):
    """The values 0 and 1 (a Bernoulli outcome)."""

    is_discrete = True

    def check(self, value):
        return (value == 0) | (value == 1)


class GreaterThan(Constraint):
    """The open half line ``(lower_bound, inf)``."""

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        return self.lower_bound < value

    def _args(self):
        return f"lower_bound={self.lower_bound}"


class LessThan(Constraint):
    """The open half line ``(-inf, upper_bound)``."""

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        return value < self.upper_bound

    def _args(self):
        return f"upper_bound={self.upper_bound}"


class Interval(Constraint):
    """The closed interval ``[lower_bound, upper_bound]``."""

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def check(self, value):
        return (self.lower_bound <= value) & (value <= self.upper_bound)

    def _args(self):
        return f"lower_bound={self.lower_bound}, upper_bound={self.upper_bound}"


class IntegerInterval(Interval):
    """Whole numbers in ``[lower_bound, upper_bound]`` (a Categorical's class indices)."""

    is_discrete = True

    def check(self, value):
        return (value % 1 == 0) & super().check(value)


class Simplex(Constraint):
    """Non-negative vectors along the last dim that sum to one (to within 1e-6)."""

    event_dim = 1

    def check(self, value):
        return (value >= 0).all(-1) & ((value.sum(-1) - 1).abs() < 1e-6)


class IndependentConstraint(Constraint):
    """``base`` on every element, with ``reinterpreted_batch_ndims`` more dims per event:
    an event is valid only when all of its elements are."""

    def __init__(self, base_constraint, reinterpreted_batch_ndims):
        self.base_constraint = base_constraint
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims

    @property
    def is_discrete(self):
        return self.base_constraint.is_discrete

    @property
    def event_dim(self):
        return self.base_constraint.event_dim + self.reinterpreted_batch_ndims

    def check(self, value):
        result = self.base_constraint.check(value)
        for _ in range(self.reinterpreted_batch_ndims):
            result = result.all(-1)
        return result

    def _args(self):
        return f"{self.base_constraint!r}, {self.reinterpreted_batch_ndims}"


class Dependent(Constraint):
    """A constraint that depends on the distribution's parameters, so that it cannot be
    checked on its own (the class-level stand-in for e.g. ``Uniform.support``)."""

    def __init__(self, is_discrete=False, event_dim=0):
        self.is_discrete, self.event_dim = is_discrete, event_dim

    def check(self, value):
        raise ValueError("Cannot determine validity of dependent constraint")


class DependentProperty(property, Dependent):
    """A property whose value is a constraint built from the instance's parameters; on the
    class it stands for a ``Dependent`` constraint (``repr(Uniform.support)``)."""

    def __init__(self, fn=None, *, is_discrete=False, event_dim=0):
        property.__init__(self, fn)
        Dependent.__init__(self, is_discrete=is_discrete, event_dim=event_dim)

    def __call__(self, fn):
        return DependentProperty(fn, is_discrete=self.is_discrete, event_dim=self.event_dim)

    __repr__ = Constraint.__repr__


def is_dependent(constraint):
    """True for constraints that cannot be checked without the distribution."""
    return isinstance(constraint, Dependent)


# torch's public names: lowercase instances and factories
dependent = Dependent()
dependent_property = DependentProperty
real = Real()
boolean = Boolean()
positive = GreaterThan(0.0)
unit_interval = Interval(0.0, 1.0)
simplex = Simplex()
real_vector = IndependentConstraint(real, 1)
greater_than = GreaterThan
less_than = LessThan
interval = Interval
integer_interval = IntegerInterval
independent = IndependentConstraint
