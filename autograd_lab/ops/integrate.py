"""The trapezoidal rule: trapezoid (and its old name trapz) and cumulative_trapezoid.

Written with tensor ops in PyTorch's own order, so the graph a learner sees is PyTorch's
(the spacing multiplies through the Tensor-by-Scalar ops of :mod:`.scalar_arith`).
"""
from .._numpy_names import numpy_names
from .. import _dtype
from .._tensor import Tensor
from ._util import wrap_dim
from .scalar_arith import DivScalar, MulScalar


def _slice(t, dim, start, stop=None):
    return t[(slice(None),) * dim + (slice(start, stop),)]


def _check_y(y, x=None):
    if y.dtype == _dtype.bool_ or (x is not None and x.dtype == _dtype.bool_):
        raise RuntimeError("trapezoid: received a bool input for `x` or `y`, but bool is not "
                           "supported" if x is not None else
                           "trapezoid: received a bool input for `y`, but bool is not supported")


def _spacing(y, x, dim, name):
    """``x[1:] - x[:-1]`` along ``dim``, ``x`` laid out to broadcast against ``y``."""
    if x.ndim == 1:
        if x.shape[0] != y.shape[dim]:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        shape = [1] * y.ndim
        shape[dim] = x.shape[0]
        x = x.view(shape)
    elif x.ndim < y.ndim:
        x = x.view([1] * (y.ndim - x.ndim) + list(x.shape))
    return _slice(x, dim, 1) - _slice(x, dim, 0, -1)


def _x_or_dx(name, x, dx):
    """Sample points or a spacing, not both: PyTorch's argument parser refuses the call."""
    if x is not None and dx is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                        f"dx={type(dx).__name__}, x=Tensor), but expected one of:\n"
                        " * (Tensor y, Tensor x, *, int dim = -1)\n"
                        " * (Tensor y, *, Number dx = 1, int dim = -1)\n")


def _dim(y, dim):
    """``dim`` wrapped; a 0-d ``y`` has nothing to integrate along, as PyTorch says."""
    if y.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return wrap_dim(dim, y.ndim)


def _zeros_except(y, dim):
    shape = list(y.shape)
    del shape[dim]
    return Tensor._make(y._xp().zeros(shape, dtype=y._data.dtype))


@numpy_names
def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The integral of ``y`` along ``dim`` by the trapezoidal rule, the samples spaced by
    ``dx`` (1 by default) or at the points ``x``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.trapezoid(torch.tensor([1., 2., 3.]))
    tensor(4.)
    >>> torch.trapezoid(torch.tensor([1., 2., 3.]), torch.tensor([0., 1., 3.]))
    tensor(6.5000)
    """
    _x_or_dx("trapezoid", x, dx)
    d = _dim(y, dim)
    if y.shape[d] == 0:
        return _zeros_except(y, d)
    if x is not None:
        _check_y(y, x)
        spacing = _spacing(y, x, d, "trapezoid")
        return DivScalar.apply(((_slice(y, d, 1) + _slice(y, d, 0, -1)) * spacing).sum(d), 2.0)
    _check_y(y)
    dx = 1.0 if dx is None else float(dx)      # (PyTorch takes dx as a double)
    ends = MulScalar.apply(y.select(d, 0) + y.select(d, -1), 0.5)
    return MulScalar.apply(y.sum(d) - ends, dx)


@numpy_names
def trapz(y, x=None, *, dx=None, dim=-1):
    """The old name of :func:`trapezoid`."""
    return trapezoid(y, x, dx=dx, dim=dim)


@numpy_names
def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running integral of ``y`` along ``dim`` by the trapezoidal rule (one value fewer
    than ``y`` along ``dim``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.cumulative_trapezoid(torch.tensor([1., 2., 3.]))
    tensor([1.5000, 4.0000])
    """
    _x_or_dx("cumulative_trapezoid", x, dx)
    if y.ndim == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, y.ndim)
    if y.shape[d] == 0:
        return _slice(y, d, 0)
    pairs = _slice(y, d, 1) + _slice(y, d, 0, -1)
    if x is not None:
        _check_y(y, x)
        spacing = _spacing(y, x, d, "cumulative_trapezoid")
        return DivScalar.apply((pairs * spacing).cumsum(d), 2.0)
    _check_y(y)
    return MulScalar.apply(pairs, (1.0 if dx is None else float(dx)) / 2.0).cumsum(d)
