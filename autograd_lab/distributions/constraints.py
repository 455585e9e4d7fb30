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
    """A set of valid values; ``event_dim`` trailing dims form one event.

    ``_fields`` names the constructor's arguments, in order; the repr lists them as
    ``name=value`` like torch's (validation messages print it).
    """

    is_discrete = False
    event_dim = 0
    _fields = ()

    def __init__(self, *args):
        if len(args) != len(self._fields):
            raise TypeError(f"{type(self).__name__} takes {len(self._fields)} arguments")
        for field, arg in zip(self._fields, args):
            setattr(self, field, arg)

    def check(self, value):
        """A bool tensor: ``True`` where ``value`` satisfies the constraint."""
        raise NotImplementedError

    def __repr__(self):
        args = ", ".join(f"{field}={getattr(self, field)}" for field in self._fields)
        return f"{type(self).__name__}({args})"


class Real(Constraint):
    """Every number except nan (nan is the one value unequal to itself)."""

    def check(self, value):
        return value.eq(value)


class Boolean(Constraint):
    """The values 0 and 1 (a Bernoulli outcome)."""

    is_discrete = True

    def check(self, value):
        return value.eq(0) | value.eq(1)


class GreaterThan(Constraint):
    """The open half line ``(lower_bound, inf)``."""

    _fields = ("lower_bound",)

    def check(self, value):
        return value.gt(self.lower_bound)


class LessThan(Constraint):
    """The open half line ``(-inf, upper_bound)``."""

    _fields = ("upper_bound",)

    def check(self, value):
        return value.lt(self.upper_bound)


class Interval(Constraint):
    """The closed interval ``[lower_bound, upper_bound]``."""

    _fields = ("lower_bound", "upper_bound")

    def check(self, value):
        return value.ge(self.lower_bound) & value.le(self.upper_bound)


class IntegerInterval(Interval):
    """Whole numbers in ``[lower_bound, upper_bound]`` (a Categorical's class indices)."""

    is_discrete = True

    def check(self, value):
        whole = value.remainder(1).eq(0)
        return whole & super().check(value)


class Simplex(Constraint):
    """Non-negative vectors along the last dim that sum to one (to within 1e-6)."""

    event_dim = 1

    def check(self, value):
        sums_to_one = (value.sum(-1) - 1).abs() < 1e-6
        return value.ge(0).all(-1) & sums_to_one


class IndependentConstraint(Constraint):
    """``base_constraint`` on every element, with ``reinterpreted_batch_ndims`` more dims per
    event: an event is valid only when all of its elements are."""

    _fields = ("base_constraint", "reinterpreted_batch_ndims")

    @property
    def is_discrete(self):
        return self.base_constraint.is_discrete

    @property
    def event_dim(self):
        return self.base_constraint.event_dim + self.reinterpreted_batch_ndims

    def check(self, value):
        ok = self.base_constraint.check(value)
        n = self.reinterpreted_batch_ndims
        if n == 0:
            return ok
        # fold the event's dims into one and ask whether all of it is valid
        return ok.flatten(ok.dim() - n).all(-1)

    def __repr__(self):          # torch prints these two arguments without names
        return f"{type(self).__name__}({self.base_constraint!r}, {self.reinterpreted_batch_ndims})"


class Dependent(Constraint):
    """A constraint that depends on the distribution's parameters, so that it cannot be
    checked on its own (the class-level stand-in for e.g. ``Uniform.support``)."""

    def __init__(self, is_discrete=False, event_dim=0):
        super().__init__()
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
