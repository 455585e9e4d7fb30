"""Cumulative ops along one dim: cumprod, cummax/cummin (values and indices), logcumsumexp.
(``cumsum`` lives with the sums in :mod:`.reduction`.)

Each backward is written with tensor ops, so ``create_graph=True`` differentiates it again.
"""
import numpy as np

from .._numpy_names import numpy_names
from .. import _dtype, _grad_mode
from .._tensor import Tensor
from ..autograd.function import Op
from ._util import Held, wrap_dim


def _cum_dtype(x, dtype):
    """Integer and bool inputs accumulate in int64, as PyTorch's cumsum and cumprod do."""
    if dtype is not None:
        return dtype.np
    return np.dtype(np.int64) if x.dtype.kind in "biu" else x.dtype


# ---------------------------------------------------------------------------- cumprod
class Cumprod(Op):
    """``out[j] = x[0] * ... * x[j]`` along ``dim``."""
    node_name = "CumprodBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim",)
    save_result = True

    @staticmethod
    def forward(ctx, a, dim, dtype):
        ctx.save_for_backward(a)
        ctx.dim = dim
        x = a._data
        out_dt = _cum_dtype(x, dtype)
        if x.ndim == 0:
            return x.astype(out_dt)
        return x.cumprod(axis=dim, dtype=out_dt)

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        d = ctx.dim
        if x.ndim == 0 or x.shape[d] <= 1:
            return grad, None, None
        if not bool((x == 0).any()):
            # d out[j] / d x[i] = out[j] / x[i] for j >= i: a reversed cumulative sum
            return (grad * ctx.saved_result).flip(d).cumsum(d).flip(d) / x, None, None
        if not _grad_mode.is_grad_enabled():
            return _cumprod_backward_first_zero(grad, x, ctx.saved_result, d), None, None
        return _cumprod_backward_with_zeros(grad, x, d), None, None


def _cumprod_backward_first_zero(grad, x, out, d):
    """With zeros, and no graph of the backward wanted: PyTorch's O(n) formula, on arrays.
    Before the first zero z of a slice the usual ``reversed cumsum(out * grad) / x``
    (only the outputs before z: the later ones are 0); after it nothing (every later output
    holds the factor x[z] = 0); at z itself the products that skip x[z], from z up to the
    next zero: ``out[z - 1] * cumprod(x[z+1:j])``. (Its own derivative would not be the
    second derivative of cumprod: hence :func:`_cumprod_backward_with_zeros` under
    ``create_graph``, as in PyTorch.)"""
    xp = x._xp()
    g, xa, w = grad._data, x._data, out._data * grad._data
    zeros = xa == 0
    seen = zeros.cumsum(axis=d)
    before = seen == 0
    rev = xp.flip(xp.flip(xp.where(before, w, 0), d).cumsum(axis=d), d)
    result = xp.where(before, rev / xp.where(before, xa, 1), 0).astype(g.dtype)
    in_run = seen == 1                             # from the first zero to the second
    first = xp.argmax(in_run, axis=d)[(slice(None),) * d + (None,)]
    shape = [1] * xa.ndim
    shape[d] = xa.shape[d]
    at_first = (xp.arange(xa.shape[d]).reshape(shape) == first) & in_run
    after_first = in_run & ~at_first
    skipped = xp.where(after_first, xa, 1).cumprod(axis=d) * xp.where(in_run, g, 0)
    head = xp.take_along_axis(out._data, xp.maximum(first - 1, 0), axis=d)
    value = skipped.sum(axis=d, keepdims=True) * xp.where(first == 0, 1, head)
    result = xp.where(at_first, value, result)
    return Tensor._make(result.astype(g.dtype, copy=False))


def _cumprod_backward_with_zeros(grad, x, d):
    """With zeros ``out / x`` is 0/0, so the products are formed without dividing:
    ``y[i, k]`` is ``x`` with ``x[i]`` replaced by 1, and its cumulative product at ``j`` is
    d out[j] / d x[i] exactly (n^2 products per slice; the exact gradient, as PyTorch's
    own under ``create_graph``)."""
    xm, gm = x.movedim(d, -1), grad.movedim(d, -1)
    n = xm.shape[-1]
    xp = x._xp()
    eye = Tensor._make(xp.eye(n, dtype=bool))
    later = Tensor._make(xp.tril(xp.ones((n, n), dtype=bool), -1))     # j < i: no effect
    y = xm.unsqueeze(-2).expand(*xm.shape[:-1], n, n).masked_fill(eye, 1.0)
    partial = (y.cumprod(-1) * gm.unsqueeze(-2)).masked_fill(later, 0.0)
    return partial.sum(-1).movedim(-1, d)


@numpy_names
def cumprod(input, dim, *, dtype=None):
    """Cumulative product along ``dim``; integer inputs give int64, as in PyTorch.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([1., 2., 3., 4.]).cumprod(0)
    tensor([ 1.,  2.,  6., 24.])
    """
    return Cumprod.apply(input, wrap_dim(dim, input.ndim), dtype)


# ---------------------------------------------------------------------------- cummax, cummin
class Cummax(Op):
    """The running maximum; its gradient goes to the index each output took its value from."""
    node_name = "CummaxBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim", "indices")

    @staticmethod
    def forward(ctx, a, dim, held, values):
        # (values and indices come out of one pass, made before: see _running_extreme)
        ctx.save_for_backward(a)
        ctx.dim, ctx.indices = dim, held.tensor
        return values

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        if x.ndim == 0:
            return grad, None, None, None
        return (grad.new_zeros(x.shape).scatter_add(ctx.dim, ctx.indices, grad),
                None, None, None)


class Cummin(Cummax):
    node_name = "CumminBackward0"


def _running_extreme(x, dim, which, xp):
    """Values and indices of the running max/min. A later equal value takes over the index
    (PyTorch compares with >= / <=), and so does every nan: once a nan is met the values
    stay nan and the index is that of the latest nan."""
    if x.ndim == 0:
        return x.copy(), xp.zeros((), dtype=np.int64)
    ufunc = xp.maximum if which == "max" else xp.minimum
    values = ufunc.accumulate(x, axis=dim)
    took = x == values
    if x.dtype.kind == "f":
        took |= xp.isnan(x)
    shape = [1] * x.ndim
    shape[dim] = x.shape[dim]
    pos = xp.arange(x.shape[dim], dtype=np.int64).reshape(shape)
    indices = xp.maximum.accumulate(xp.where(took, pos, 0), axis=dim)
    return values, indices


def _cum_extreme(input, dim, which):
    from .reduction import return_types
    d = wrap_dim(dim, input.ndim)
    values, indices = _running_extreme(input._data, d, which, input._xp())
    idx = Tensor._make(indices)
    cls = Cummax if which == "max" else Cummin
    return getattr(return_types, "cum" + which)(cls.apply(input, d, Held(idx), values), idx)


@numpy_names
def cummax(input, dim):
    """Running maximum along ``dim``: ``(values, indices)``; of equal values the later index
    is reported, as PyTorch does.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([1., 3., 2., 3.]).cummax(0)
    torch.return_types.cummax(
    values=tensor([1., 3., 3., 3.]),
    indices=tensor([0, 1, 1, 3]))
    """
    return _cum_extreme(input, dim, "max")


@numpy_names
def cummin(input, dim):
    """Running minimum along ``dim``: ``(values, indices)`` (see :func:`cummax`)."""
    return _cum_extreme(input, dim, "min")


# ---------------------------------------------------------------------------- logcumsumexp
class Logcumsumexp(Op):
    """``out[j] = log(exp(x[0]) + ... + exp(x[j]))``, accumulated pairwise in log space
    (``logaddexp``), so it neither overflows nor loses the small early terms."""
    node_name = "LogcumsumexpBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim",)
    save_result = True

    @staticmethod
    def forward(ctx, a, dim):
        ctx.save_for_backward(a)
        ctx.dim = dim
        x = a._data
        if x.ndim == 0 or x.size == 0:
            return x.copy()
        return a._xp().logaddexp.accumulate(x, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        # d out[j] / d x[i] = exp(x[i] - out[j]) for j >= i. PyTorch sums these in log space,
        # the positive and the negative gradients apart (log|g| is defined for both), with a
        # reversed logcumsumexp; so does this.
        x, = ctx.saved_tensors
        d = ctx.dim
        if x.ndim == 0 or x.numel() == 0:
            return grad, None
        from .clamp_where import where
        result = ctx.saved_result
        lowest = float(np.finfo(grad._data.dtype).min)
        log_abs = grad.abs().log()
        pos = where(grad > 0, log_abs, lowest)
        neg = where(grad < 0, log_abs, lowest)

        def reversed_lcse(t):
            return t.flip(d).logcumsumexp(d).flip(d)
        return ((reversed_lcse(pos - result) + x).exp()
                - (reversed_lcse(neg - result) + x).exp(), None)


@numpy_names
def logcumsumexp(input, dim):
    """Log of the cumulative sum of exponentials along ``dim``; floating inputs only.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([0., 0., 0.]).logcumsumexp(0)
    tensor([0.0000, 0.6931, 1.0986])
    """
    if not input.is_floating_point():
        raise NotImplementedError(f'"logcumsumexp_out_cpu" not implemented for '
                                  f"'{_dtype.type_name(input.dtype)}'")
    return Logcumsumexp.apply(input, wrap_dim(dim, input.ndim))
