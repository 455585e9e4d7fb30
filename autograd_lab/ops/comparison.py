"""Comparisons and logic: eq/ne/lt/le/gt/ge (and their long names), the logical and
bitwise ops, isnan/isinf/isfinite, isclose/allclose/equal.

None of them has a gradient: each returns a bool (or integer) tensor outside the graph, so
they are plain functions over the arrays, with no ``Op`` class.
"""
from .. import _dtype
from .._tensor import Tensor
from ._util import binary_operands, promoted_arrays


# ---------------------------------------------------------------------------- comparisons
def _compare(a, b, fn):
    """Comparisons have no gradient: their result is a bool tensor outside the graph."""
    a, b = binary_operands(a, b)
    x, y = promoted_arrays(a, b)
    return Tensor._make(fn(x, y))


def eq(input, other):
    if other is None:
        return False
    return _compare(input, other, lambda x, y: x == y)


def ne(input, other):
    if other is None:
        return True
    return _compare(input, other, lambda x, y: x != y)


def lt(input, other):
    return _compare(input, other, lambda x, y: x < y)


def le(input, other):
    return _compare(input, other, lambda x, y: x <= y)


def gt(input, other):
    return _compare(input, other, lambda x, y: x > y)


def ge(input, other):
    return _compare(input, other, lambda x, y: x >= y)


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def logical_op(a, b, which):
    a, b = binary_operands(a, b)
    x, y = promoted_arrays(a, b)
    xp = a._xp()
    if x.dtype.kind not in "biu":
        name = _dtype.type_name(_dtype.from_numpy_dtype(x.dtype))
        raise NotImplementedError(f'"bitwise_{which}_{a.device.type}" not implemented for '
                                  f"'{name}'")
    fn = {"and": xp.bitwise_and, "or": xp.bitwise_or, "xor": xp.bitwise_xor}[which]
    return Tensor._make(fn(x, y))


def bitwise_not(input):
    x = input._data
    if x.dtype.kind not in "biu":
        name = _dtype.type_name(_dtype.from_numpy_dtype(x.dtype))
        raise NotImplementedError(f'"bitwise_not_{input.device.type}" not implemented for '
                                  f"'{name}'")
    return Tensor._make(input._xp().invert(x))


def logical_not(input):
    return Tensor._make(input._xp().logical_not(input._data))


def _logical(input, other, name):
    if not isinstance(other, Tensor):
        raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__}")
    a, b = binary_operands(input, other)
    return Tensor._make(getattr(a._xp(), name)(a._data, b._data))


def logical_and(input, other):
    return _logical(input, other, "logical_and")


def logical_or(input, other):
    return _logical(input, other, "logical_or")


def logical_xor(input, other):
    return _logical(input, other, "logical_xor")


def isnan(input):
    return Tensor._make(input._xp().isnan(input._data))


def isinf(input):
    return Tensor._make(input._xp().isinf(input._data))


def isfinite(input):
    return Tensor._make(input._xp().isfinite(input._data))


def isposinf(input):
    """Where ``input`` is +inf (never, for integers and bools)."""
    return Tensor._make(input._data == float("inf"))


def isneginf(input):
    """Where ``input`` is -inf (never, for integers and bools)."""
    return Tensor._make(input._data == float("-inf"))


def isreal(input):
    """Where the imaginary part is 0: everywhere for a real dtype (nan and inf included)."""
    return Tensor._make(input._xp().isreal(input._data))


def equal(input, other):
    return input.shape == other.shape and bool((input._data == other._data).all())


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """``|input - other| <= atol + rtol * |other|`` element-wise (same dtypes required)."""
    a, b = binary_operands(input, other)
    if a._data.dtype != b._data.dtype:
        raise RuntimeError(f"{_dtype.type_name(a.dtype)} did not match "
                           f"{_dtype.type_name(b.dtype)}")
    return Tensor._make(a._xp().isclose(a._data, b._data, rtol=rtol, atol=atol,
                                        equal_nan=equal_nan))
