"""Regression and distribution losses: smooth_l1_loss, huber_loss (fused ops, as in torch),
and kl_div, poisson_nll_loss, gaussian_nll_loss (compositions, as torch writes them).

``smooth_l1_loss`` and ``huber_loss`` have their own nodes (``SmoothL1LossBackward0``,
``HuberLossBackward0``). The other three are compositions of tensor ops in torch -- in Python
(``gaussian_nll_loss``) or in ATen's C++ (``kl_div``, ``poisson_nll_loss``) -- and are
composed the same way here, so a learner sees the same graph: ``kl_div``'s is
``SubBackward0(XlogyBackward0, MulBackward0)`` under the reduction.
"""
import math
import warnings

from ... import _dtype, _grad_mode
from ...autograd.function import Op
from ...ops._util import broadcast_shapes
from ...ops.binary_math import xlogy
from ..._creation import ones_like
from .loss import (_apply_reduction, _check_reduction, _legacy_reduction, _scale_for,
                   _warn_size)
from . import _aten


def _need_float_result(input, target, kernel):
    """torch's refusal of integer operands by a floating-point-only loss kernel."""
    common = _dtype.result_type(input, target)
    if not common.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_dtype.type_name(common)}'")


def _broadcast_pair(input, target):
    """``torch.broadcast_tensors(input, target)``: only the tensor whose shape differs from
    the common one is expanded (``ExpandBackward0``)."""
    if input.shape == target.shape:
        return input, target
    shape = broadcast_shapes(tuple(input.shape), tuple(target.shape))
    return (input if tuple(input.shape) == shape else input.expand(shape),
            target if tuple(target.shape) == shape else target.expand(shape))


# ----------------------------------------------------------------------------- smooth l1
def _three_way(d, edge, below, above, between):
    """torch's choice in the smooth L1 / Huber backward: ``below`` where d < -edge,
    ``above`` where d > edge, ``between`` elsewhere (a nan d included)."""
    return below.where(d < -edge, above.where(d > edge, between))


class SmoothL1Loss(Op):
    """``0.5 d^2 / beta`` where ``|d| < beta``, ``|d| - 0.5 beta`` elsewhere (d = x - t)."""

    node_name = "SmoothL1LossBackward0"
    saved_names = ("self", "target")
    saved_attrs = ("reduction", "beta")

    @staticmethod
    def forward(ctx, x, t, reduction, beta):
        ctx.save_for_backward(x, t)
        ctx.reduction, ctx.beta = reduction, beta
        d = x._data - t._data
        xp = x._xp()
        ad = xp.abs(d)
        b = d.dtype.type(beta)
        loss = xp.where(ad < b, d.dtype.type(0.5) * d * d / b, ad - d.dtype.type(0.5) * b)
        ctx.n = loss.size
        return _apply_reduction(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        need_x, need_t = ctx.needs_input_grad[:2]
        g = _scale_for(grad, ctx.reduction, ctx.n)
        # the target's is the same formula with the roles swapped (d = t - x), as in torch
        beta = ctx.beta
        return (_three_way(x - t, beta, -g, g, g * (x - t) / beta) if need_x else None,
                _three_way(t - x, beta, -g, g, g * (t - x) / beta) if need_t else None,
                None, None)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """Quadratic for ``|input - target| < beta``, linear beyond (``SmoothL1LossBackward0``;
    ``beta=0`` is the L1 loss, as in torch).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.smooth_l1_loss(torch.tensor([0.5, 3.0]), torch.tensor([0.0, 0.0]))
    tensor(1.3125)
    """
    _warn_size(input, target)
    reduction = _legacy_reduction(size_average, reduce, reduction)
    input, target = _broadcast_pair(input, target)
    _check_reduction(reduction)
    if beta == 0.0:
        return _apply_reduction((input - target).abs(), reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    _need_float_result(input, target, "smooth_l1_cpu")
    return SmoothL1Loss.apply(input, target, reduction, beta)


# ----------------------------------------------------------------------------- huber
class HuberLoss(Op):
    """``0.5 d^2`` where ``|d| < delta``, ``delta (|d| - 0.5 delta)`` elsewhere."""

    node_name = "HuberLossBackward0"
    saved_names = ("self", "target")
    saved_attrs = ("reduction", "delta")

    @staticmethod
    def forward(ctx, x, t, reduction, delta):
        ctx.save_for_backward(x, t)
        ctx.reduction, ctx.delta = reduction, delta
        d = x._data - t._data
        xp = x._xp()
        ad = xp.abs(d)
        half, dl = d.dtype.type(0.5), d.dtype.type(delta)
        loss = xp.where(ad < dl, half * d * d, dl * (ad - half * dl))
        ctx.n = loss.size
        # (the result has the input's dtype, even for a wider target, as torch's kernel)
        return _apply_reduction(loss, reduction).astype(x._data.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        if x.dtype != t.dtype:
            # torch's backward kernel takes one dtype for both (its forward does not)
            raise RuntimeError(f"Found dtype {_dtype.type_name(t.dtype)} but expected "
                               f"{_dtype.type_name(x.dtype)}")
        need_x, need_t = ctx.needs_input_grad[:2]
        g = _scale_for(grad, ctx.reduction, ctx.n)
        delta = ctx.delta
        gd = g * delta
        return (_three_way(x - t, delta, -gd, gd, g * (x - t)) if need_x else None,
                _three_way(t - x, delta, -gd, gd, g * (t - x)) if need_t else None, None, None)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """Quadratic for ``|input - target| < delta``, ``delta``-sloped linear beyond
    (``HuberLossBackward0``); an optional ``weight`` (input's shape) scales each element.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.huber_loss(torch.tensor([0.5, 3.0]), torch.tensor([0.0, 0.0]))
    tensor(1.3125)
    """
    _warn_size(input, target)
    input, target = _broadcast_pair(input, target)
    if weight is None:
        _check_reduction(reduction)
        return _huber(input, target, reduction, delta)
    if weight.shape != input.shape:
        raise ValueError("Weights and input must have the same size.")
    loss = _huber(input, target, "none", delta) * weight
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', "
                         "'sum'.")
    return _apply_reduction(loss, reduction)


def _huber(input, target, reduction, delta):
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _need_float_result(input, target, "huber_cpu")
    return HuberLoss.apply(input, target, reduction, delta)


# ----------------------------------------------------------------------------- kl_div
def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """KL divergence of ``target`` from the log-probabilities ``input``:
    ``target * (log(target) - input)`` (``xlogy`` gives 0 where target is 0), or with
    ``log_target=True`` ``exp(target) * (target - input)``.

    ``reduction='batchmean'`` divides the sum by the batch size (the mathematical KL
    divergence); ``'mean'`` divides by the number of elements, and warns, as torch does.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> logq = torch.tensor([[0.5, 0.5]]).log()
    >>> torch.nn.functional.kl_div(logq, torch.tensor([[0.9, 0.1]]), reduction="batchmean")
    tensor(0.3681)
    """
    if size_average is not None or reduce is not None:
        enum = _legacy_reduction(size_average, reduce, reduction)
    else:
        if reduction == "mean":
            warnings.warn(
                "reduction: 'mean' divides the total loss by both the batch size and the "
                "support size.'batchmean' divides only by the batch size, and aligns with the "
                "KL div math definition.'mean' will be changed to behave the same as "
                "'batchmean' in the next major release.", stacklevel=2)
        enum = "sum" if reduction == "batchmean" else reduction
        _check_reduction(enum)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = xlogy(target, target) - target * input
    reduced = _apply_reduction(loss, enum)
    if reduction == "batchmean" and input.dim() != 0:
        reduced = reduced / input.size()[0]
    return reduced


# ----------------------------------------------------------------------------- poisson
def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean"):
    """Negative log likelihood of ``target`` under a Poisson distribution of rate
    ``exp(input)`` (``log_input=True``) or ``input``: ``exp(input) - target * input``, or
    ``input - target * log(input + eps)``; ``full=True`` adds Stirling's approximation of
    ``log(target!)`` where target > 1.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.poisson_nll_loss(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
    tensor(0.8591)
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * _aten.add_scalar(input, eps).log()
    if full:
        stirling = (target * target.log() - target +
                    (target * (2 * math.pi)).log() * 0.5)
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _apply_reduction(loss, reduction)


# ----------------------------------------------------------------------------- gaussian
def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """Negative log likelihood of ``target`` under a Gaussian of mean ``input`` and variance
    ``var`` (one per element, or one per sample broadcast over the last dimension):
    ``0.5 (log(max(var, eps)) + (input - target)^2 / max(var, eps))``, plus
    ``0.5 log(2 pi)`` with ``full=True``. The clamp of ``var`` is outside the graph.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.gaussian_nll_loss(torch.tensor([0.0]), torch.tensor([1.0]), 1.0)
    tensor(0.5000)
    """
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * ones_like(input)
    elif (var < 0).any():
        raise ValueError("var has negative entry/entries")
    if var.size() != input.size():
        if input.size()[:-1] == var.size():
            var = var.unsqueeze(-1)
        elif input.dim() == var.dim() and sum(
                y for x, y in zip(input.size(), var.size()) if x != y) == 1:
            pass
        else:
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with _grad_mode.no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss += 0.5 * math.log(2 * math.pi)
    return _apply_reduction(loss, reduction)
