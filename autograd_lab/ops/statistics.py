"""Statistics built on the reductions: nansum and nanmean, std_mean and var_mean (both
results of one pass), count_nonzero, and the covariance matrix ``cov`` and ``corrcoef``.
"""
import warnings

import numpy as np

from .._numpy_names import numpy_names
from .. import _dtype
from .._tensor import Tensor
from ..autograd.function import Op
from .scalar_arith import MulScalar
from .reduction import (Std, Var, _expand_back, _int_sum_dtype, _reduce_dims, _shown_dim,
                        _var_args)


# ---------------------------------------------------------------------------- nansum, nanmean
class Nansum(Op):
    """The sum with nan taken as 0; a nan element gets no gradient."""
    node_name = "NansumBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim", "keepdim")

    @staticmethod
    def forward(ctx, a, dims, keepdim, dtype, shown_dim):
        ctx.save_for_backward(a)
        ctx.dims, ctx.keepdim, ctx.dim = dims, keepdim, shown_dim
        x = a._data
        if x.dtype.kind == "f":
            x = a._xp().where(a._xp().isnan(x), x.dtype.type(0), x)
        return a._xp().asarray(x.sum(axis=dims, keepdims=keepdim,
                                     dtype=_int_sum_dtype(x, dtype)))

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return (_expand_back(grad, x.shape, ctx.dims, ctx.keepdim) * x.isnan().logical_not(),
                None, None, None, None)


@numpy_names
def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum of the elements that are not nan.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([1., float("nan"), 2.]).nansum()
    tensor(3.)
    """
    dims = _reduce_dims(input, dim)
    return Nansum.apply(input, dims, keepdim, dtype, _shown_dim(dim, dims))


@numpy_names
def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """Mean of the elements that are not nan (``nansum`` over their count, as PyTorch
    computes it: a slice of only nans gives nan).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([1., float("nan"), 2.]).nanmean()
    tensor(1.5000)
    """
    if not input.is_floating_point():
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype "
                           f"but got {_dtype.type_name(input.dtype)}")
    count = input.isnan().logical_not().sum(dim, keepdim)
    return nansum(input, dim, keepdim, dtype=dtype).div(count)


# ---------------------------------------------------------------------------- std_mean, var_mean
class VarMean(Op):
    """``(var, mean)`` from one op; the gradient is the sum of both outputs' gradients."""
    node_name = "VarMeanBackward0"
    saved_names = ("self",)
    saved_attrs = ("correction", "dim", "keepdim")
    single = Var

    @classmethod
    def forward(cls, ctx, a, dims, c, keepdim, shown_dim, shown_c):
        spread = cls.single.forward(ctx, a, dims, c, keepdim, shown_dim, shown_c)
        x = a._data
        return spread, x.mean(axis=dims, keepdims=keepdim).astype(x.dtype, copy=False)

    @classmethod
    def backward(cls, ctx, grad_spread, grad_mean):
        x, = ctx.saved_tensors
        total = None
        if grad_spread is not None:
            total = cls._spread_backward(ctx, grad_spread)
        if grad_mean is not None:
            n = 1
            for d in ctx.dims:
                n *= x.shape[d]
            part = _expand_back(grad_mean, x.shape, ctx.dims, ctx.keepdim) / n
            total = part if total is None else total + part
        return total, None, None, None, None, None

    @staticmethod
    def _spread_backward(ctx, grad):
        return Var.backward(ctx, grad)[0]


class StdMean(VarMean):
    node_name = "StdMeanBackward0"
    single = Std

    @staticmethod
    def _spread_backward(ctx, grad):
        from .clamp_where import where
        x, = ctx.saved_tensors
        # std again, from x with tensor ops: a second derivative must see it depend on x
        std = x.std(dim=ctx.dims, correction=ctx.c, keepdim=ctx.keepdim)
        # d std = d var / (2 std), and 0 where std is 0, as for ``std``
        grad_var = where(std == 0, 0.0, grad / (std * 2))
        return Var.backward(ctx, grad_var)[0]


def _moments(cls, name, input, dim, unbiased, keepdim, correction):
    if not input.is_floating_point():
        raise RuntimeError(f"{name} only support floating point and complex dtypes")
    return cls.apply(input, *_var_args(input, dim, unbiased, keepdim, correction, name))


@numpy_names
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """``(std, mean)`` over ``dim`` (everything when None); ``correction`` as in
    :func:`std`.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.std_mean(torch.tensor([1., 2., 3.]))
    (tensor(1.), tensor(2.))
    """
    return _moments(StdMean, "std_mean", input, dim, unbiased, keepdim, correction)


@numpy_names
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """``(var, mean)`` over ``dim`` (everything when None); ``correction`` as in
    :func:`var`."""
    return _moments(VarMean, "var_mean", input, dim, unbiased, keepdim, correction)


# ---------------------------------------------------------------------------- count_nonzero
@numpy_names
def count_nonzero(input, dim=None):
    """How many elements are not zero, over ``dim`` (an int or a tuple) or everything.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[1, 0], [2, 3]]).count_nonzero(1)
    tensor([1, 2])
    """
    dims = _reduce_dims(input, dim)
    x = input._data
    return Tensor._make(input._xp().asarray((x != 0).sum(axis=dims, dtype=np.int64)))


# ---------------------------------------------------------------------------- cov, corrcoef
def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in the rows of ``input`` (observations in
    columns), optionally weighted by integer frequencies ``fweights`` and floating
    ``aweights``; written with tensor ops in PyTorch's order, so its graph is PyTorch's.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.cov(torch.tensor([[0., 1., 2.], [2., 1., 0.]]))
    tensor([[ 1., -1.],
            [-1.,  1.]])
    """
    if input.ndim > 2:
        raise RuntimeError("cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {input.ndim} dimensions")
    if input.dtype == _dtype.bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input.view(1, -1) if input.ndim < 2 else input
    n_obs = x.shape[1]
    w = None
    if fweights is not None:
        _check_weights(fweights, "fweights", n_obs, integral=True)
        w = fweights
    if aweights is not None:
        _check_weights(aweights, "aweights", n_obs, integral=False)
        w = aweights if w is None else w * aweights
    if w is None:
        w_sum = Tensor._make(x._xp().asarray(n_obs, dtype=np.int64))
    else:
        w_sum = w.sum()
        if not bool(w_sum._data != 0):
            raise RuntimeError("cov(): weights sum to zero, can't be normalized")
    avg = (x if w is None else x * w).sum(1) / w_sum
    if w is not None and correction != 0 and aweights is not None:
        norm = w_sum - MulScalar.apply((w * aweights).sum(), correction) / w_sum
    else:
        norm = w_sum - correction
    if bool(norm._data <= 0):
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the number of observations.", UserWarning)
        norm = norm * 0
    centered = x - avg.unsqueeze(1)
    c = centered.mm((centered if w is None else centered * w).t())
    return c.true_divide(norm).squeeze()


def corrcoef(input):
    """Pearson correlation coefficients of the variables in the rows of ``input``: the
    covariance matrix divided by the standard deviations on both sides, clipped to [-1, 1]
    (rounding), in PyTorch's order of ops.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.corrcoef(torch.tensor([[0., 1., 2.], [2., 1., 0.]]))
    tensor([[ 1., -1.],
            [-1.,  1.]])
    """
    if input.ndim > 2:
        raise RuntimeError("corrcoef(): expected input to have two or fewer dimensions but got "
                           f"an input with {input.ndim} dimensions")
    c = cov(input)
    if c.ndim == 0:
        return c / c                  # one variable: 1, or nan where its variance is 0 or inf
    stddev = c.diagonal().sqrt()
    c = c / stddev.view(-1, 1)
    c = c / stddev.view(1, -1)
    return c.clip(-1, 1)


def _check_weights(w, name, n_obs, integral):
    if w.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {w.ndim} dimensions")
    if integral and w.is_floating_point():
        raise RuntimeError(f"cov(): expected {name} to have integral dtype but got {name} with "
                           f"{_dtype.type_name(w.dtype)} dtype")
    if not integral and not w.is_floating_point():
        raise RuntimeError(f"cov(): expected {name} to have floating point dtype but got "
                           f"{name} with {_dtype.type_name(w.dtype)} dtype")
    if w.numel() != n_obs:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {w.numel()} != {n_obs}")
    if n_obs and not bool((w._data >= 0).all()):
        raise RuntimeError(f"cov(): {name} cannot be negative")

