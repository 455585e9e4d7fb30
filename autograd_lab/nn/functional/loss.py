"""Losses: mse, l1, nll, cross_entropy, binary_cross_entropy (with and without logits).

``reduction`` is ``'mean'`` (default), ``'sum'`` or ``'none'``. ``cross_entropy`` is a
composite, as in PyTorch: ``nll_loss(log_softmax(input, 1), target)``; its graph shows
``NllLossBackward0`` over ``LogSoftmaxBackward0``.
"""
import warnings

from ... import _backend, _dtype
from ...autograd.function import Op
from ...ops import _formula
from ...ops._util import Held
from ..._tensor import Tensor
from .activation import log_softmax


def _check_reduction(reduction):
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _legacy_reduction(size_average, reduce, reduction):
    """Torch's deprecated ``size_average``/``reduce`` pair, mapped to ``reduction``."""
    if size_average is None and reduce is None:
        return reduction
    warnings.warn("size_average and reduce args will be deprecated, please use "
                  "reduction='{}' instead.".format(
                      "mean" if (size_average is None or size_average) and
                      (reduce is None or reduce) else "sum" if reduce is None or reduce
                      else "none"), stacklevel=3)
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if size_average and reduce:
        return "mean"
    return "sum" if reduce else "none"


def _apply_reduction(loss, reduction):
    """ATen's ``apply_loss_reduction``: the mean, the sum or the loss itself. Of an array in a
    fused op's forward; of a Tensor in a composite, whose graph then ends in
    ``MeanBackward0``/``SumBackward0`` or nothing."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _scale_for(grad, reduction, n):
    """The upstream gradient as seen by each element (divided by n for 'mean')."""
    return grad / n if reduction == "mean" else grad


# ----------------------------------------------------------------------------- mse, l1
class MseLoss(Op):
    node_name = "MseLossBackward0"
    saved_names = ("self", "target")
    saved_attrs = ("reduction",)

    @staticmethod
    def forward(ctx, x, t, reduction):
        ctx.save_for_backward(x, t)
        ctx.reduction = reduction
        d = x._data - t._data
        ctx.n = d.size
        return _apply_reduction(d * d, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        need_x, need_t = ctx.needs_input_grad[:2]
        scale = _scale_for(grad, ctx.reduction, ctx.n) * 2
        # the target's is 2 (t - x) grad, as PyTorch writes it: +0 where x == t (-g gives -0)
        return ((x - t) * scale if need_x else None, (t - x) * scale if need_t else None, None)


def _warn_size(input, target):
    if target.shape != input.shape:
        warnings.warn(f"Using a target size ({target.size()}) that is different to the input "
                      f"size ({input.size()}). This will likely lead to incorrect results due "
                      "to broadcasting. Please ensure they have the same size.", stacklevel=3)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error ``(input - target)^2`` (``MseLossBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.mse_loss(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 0.0]))
    tensor(2.5000)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _warn_size(input, target)
    if weight is not None:
        loss = weight * (input - target) ** 2
        return _apply_reduction(loss, reduction)
    return MseLoss.apply(input, target, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error: the composite ``(input - target).abs()`` then the reduction."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _warn_size(input, target)
    loss = (input - target).abs()
    if weight is not None:
        loss = loss * weight
    return _apply_reduction(loss, reduction)


# ----------------------------------------------------------------------------- nll
class NllLoss(Op):
    """``-weight[t] * input[n, t]`` for the target class ``t`` of each sample; ``'mean'``
    divides by the summed weights of the samples not ignored."""

    node_name = "NllLossBackward0"
    saved_names = ("self", "target", "weight")
    saved_attrs = ("reduction", "ignore_index", "total_weight")

    @staticmethod
    def forward(ctx, x, target, weight, reduction, ignore_index):
        a = x._data
        xp = x._xp()
        t = target._data
        C = a.shape[1]
        valid = t != ignore_index
        bad = (t < 0) | (t >= C)
        if (bad & valid).any():
            raise IndexError(f"Target {int(t[bad & valid].reshape(-1)[0])} is out of bounds.")
        safe = xp.where(valid, t, 0)
        picked = xp.take_along_axis(a, safe[:, None], axis=1)[:, 0]
        w = xp.ones(C, dtype=a.dtype) if weight is None else weight._data
        wt = xp.where(valid, w[safe], a.dtype.type(0))
        # an ignored sample's loss is 0, whatever its input (nan or inf included), as PyTorch
        # skips it
        loss = xp.where(valid, -picked * wt, a.dtype.type(0))
        total = wt.sum()
        ctx.reduction, ctx.ignore_index = reduction, ignore_index
        ctx.total_weight = Tensor._make(xp.asarray(total, dtype=a.dtype))
        # d loss / d input: -w[t] at each (not ignored) target position, 0 elsewhere
        ctx.target_at = (xp.arange(C) == safe[:, None]) & valid[:, None]
        ctx.coef = (-wt)[:, None]
        ctx.save_for_backward(x, target, weight)
        if reduction == "mean":
            with _backend.quiet():     # (0/0 when every target is ignored: nan, as torch)
                return (loss.sum() / total).astype(a.dtype)
        return loss.sum() if reduction == "sum" else loss

    @staticmethod
    def backward(ctx, grad):
        x, target, weight = ctx.saved_tensors
        return (NllLossBackward.apply(grad, x, Held(target), Held(weight), ctx),
                None, None, None, None)


class NllLossBackward(Op):
    """nll_loss's derivative as an op of its own, as PyTorch's ``nll_loss_backward``: so that
    with ``create_graph=True`` the input's gradient has a history (``NllLossBackwardBackward0``)
    -- linear in the incoming gradient, constant in the input, whose second derivative is 0."""

    node_name = "NllLossBackwardBackward0"

    @staticmethod
    def forward(ctx, grad, x, target, weight, loss):
        g = grad._data
        if loss.reduction == "none":
            g = g[:, None]
        elif loss.reduction == "mean":
            g = g / loss.total_weight._data
        ctx.loss, ctx.target, ctx.weight = loss, target.tensor, weight.tensor
        # -w[t] * grad at the target positions, written into zeros: elsewhere 0 even for an
        # inf or nan gradient (a product with 0 would give nan)
        return _formula.keep_where(loss.target_at, (g * loss.coef).astype(x._data.dtype))

    @staticmethod
    def backward(ctx, grad_grad):
        loss = ctx.loss
        return (nll_loss(grad_grad, ctx.target, ctx.weight, ignore_index=loss.ignore_index,
                         reduction=loss.reduction) if ctx.needs_input_grad[0] else None,
                _formula.zeros_like(grad_grad) if ctx.needs_input_grad[1] else None,
                None, None, None)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """Negative log likelihood of the target classes, given log-probabilities ``input``
    of shape ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)`` (``NllLossBackward0``)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if input.dim() < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.dim()})")
    if input.dim() >= 2 and target.dim() >= 1 and input.shape[0] != target.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target "
                         f"batch_size ({target.shape[0]}).")
    C = input.shape[0] if input.dim() == 1 else input.shape[1]
    if weight is not None and weight.numel() != C:
        raise RuntimeError(f"weight tensor should be defined either for all {C} classes or no "
                           f"classes but got weight tensor of shape: {list(weight.shape)}")
    if input.dim() <= 2:
        if target.dim() > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if target.dtype not in (_dtype.int64, _dtype.uint8):
            raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                               f"{_dtype.type_name(target.dtype)}")
        if input.dim() == 1:
            out = NllLoss.apply(input.unsqueeze(0), target.reshape(1), weight, reduction,
                                ignore_index)
            return out.squeeze(0) if reduction == "none" else out
        return NllLoss.apply(input, target, weight, reduction, ignore_index)
    # (N, C, d1, ...): move the class dim last and flatten the rest into the batch
    want = [input.shape[0]] + list(input.shape[2:])
    if list(target.shape) != want:
        raise RuntimeError(f"Expected target size {want}, got {list(target.shape)}")
    perm = (0,) + tuple(range(2, input.dim())) + (1,)
    flat = input.permute(*perm).reshape(-1, C)
    out = NllLoss.apply(flat, target.reshape(-1), weight, reduction, ignore_index)
    return out.reshape(*target.shape) if reduction == "none" else out


# ----------------------------------------------------------------------------- cross entropy
def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    """Cross entropy of logits ``input`` against class indices or class probabilities.

    With class indices it is ``nll_loss(log_softmax(input, 1), target)``; with probabilities
    (``target`` shaped like ``input``) it is ``-(log_softmax(input) * target).sum(1)``, reduced.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> logits = torch.tensor([[2.0, 0.0, 0.0]], requires_grad=True)
    >>> loss = torch.nn.functional.cross_entropy(logits, torch.tensor([0]))
    >>> loss
    tensor(0.2395, grad_fn=<NllLossBackward0>)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    class_dim = 0 if input.dim() == 1 else 1
    if target.is_floating_point() and target.shape == input.shape:
        return _cross_entropy_prob(input, target, weight, reduction, label_smoothing,
                                   class_dim)
    logp = log_softmax(input, class_dim)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0.0:
        return nll
    # torch's label smoothing: mix in the loss against the uniform distribution
    n_classes = input.shape[class_dim]
    if weight is not None:
        wshape = [1] * input.dim()
        wshape[class_dim] = weight.shape[0]
        smooth = -(logp * weight.view(*wshape)).sum(class_dim)
    else:
        smooth = -logp.sum(class_dim)
    ignore = target == ignore_index
    smooth = smooth.masked_fill(ignore, 0.0)
    if reduction == "mean":
        if weight is not None:
            kept = target[~ignore].reshape(-1)
            ret = smooth.sum() / weight.gather(0, kept).sum()
        else:
            ret = smooth.sum() / (~ignore).sum()
    elif reduction == "sum":
        ret = smooth.sum()
    else:
        ret = smooth
    return nll * (1 - label_smoothing) + ret * (label_smoothing / n_classes)


def _cross_entropy_prob(input, target, weight, reduction, label_smoothing, class_dim):
    logp = log_softmax(input, class_dim)
    n_classes = input.shape[class_dim]
    if label_smoothing > 0.0:
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    prod = logp * target
    if weight is not None:
        wshape = [1] * input.dim()
        wshape[class_dim] = weight.shape[0]
        prod = prod * weight.view(*wshape)
    if reduction == "mean":
        return -prod.sum() / (input.numel() // n_classes)
    if reduction == "sum":
        return -prod.sum()
    return -prod.sum(class_dim)


# ----------------------------------------------------------------------------- binary
_EPS = 1e-12


class BinaryCrossEntropy(Op):
    """``-w (t log x + (1 - t) log(1 - x))`` with each log clamped at -100, as torch does
    (so x = 0 or 1 gives a finite loss)."""

    node_name = "BinaryCrossEntropyBackward0"
    saved_names = ("self", "target", "weight")
    saved_attrs = ("reduction",)

    @staticmethod
    def forward(ctx, x, t, weight, reduction):
        a, b = x._data, t._data
        xp = x._xp()
        if ((a < 0) | (a > 1)).any():
            raise RuntimeError("all elements of input should be between 0 and 1")
        with _backend.quiet():
            log_x = xp.maximum(xp.log(a), a.dtype.type(-100))
            log_1mx = xp.maximum(xp.log1p(-a), a.dtype.type(-100))
        loss = -(b * log_x + (1 - b) * log_1mx)
        if weight is not None:
            loss = loss * weight._data
        ctx.save_for_backward(x, t, weight)
        ctx.reduction, ctx.n = reduction, loss.size
        return _apply_reduction(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t, weight = ctx.saved_tensors
        need_x, need_t = ctx.needs_input_grad[:2]
        g = _scale_for(grad, ctx.reduction, ctx.n)
        if weight is not None:
            g = g * weight
        gx = gt = None
        if need_x:
            gx = g * (x - t) / ((1 - x) * x).clamp(min=_EPS)
        if need_t:
            gt = g * ((1 - x).log().clamp(min=-100) - x.log().clamp(min=-100))
        return gx, gt, None, None


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """Binary cross entropy of probabilities ``input`` (``BinaryCrossEntropyBackward0``)."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError(f"Using a target size ({target.size()}) that is different to the input "
                         f"size ({input.size()}) is deprecated. Please ensure they have the "
                         "same size.")
    if weight is not None:
        weight = weight.expand(input.shape)
    return BinaryCrossEntropy.apply(input, target, weight, reduction)


class BinaryCrossEntropyWithLogits(Op):
    """BCE of ``sigmoid(x)`` computed from the logits without ever forming sigmoid(x):
    ``(1 - t) x + l (log(1 + e^-|x|) + max(-x, 0))`` with ``l = 1 + (pos_weight - 1) t``."""

    node_name = "BinaryCrossEntropyWithLogitsBackward0"
    saved_names = ("self", "target", "weight", "pos_weight")
    saved_attrs = ("reduction",)

    @staticmethod
    def forward(ctx, x, t, weight, pos_weight, reduction):
        a, b = x._data, t._data
        xp = x._xp()
        one = a.dtype.type(1)
        softplus_neg = xp.log1p(xp.exp(-xp.abs(a))) + xp.maximum(-a, a.dtype.type(0))
        if pos_weight is not None:
            log_weight = (pos_weight._data - one) * b + one
            loss = (one - b) * a + log_weight * softplus_neg
        else:
            loss = (one - b) * a + softplus_neg
        if weight is not None:
            loss = loss * weight._data
        ctx.save_for_backward(x, t, weight, pos_weight)
        ctx.reduction, ctx.n = reduction, loss.size
        return _apply_reduction(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t, weight, pos_weight = ctx.saved_tensors
        need_x, need_t = ctx.needs_input_grad[:2]
        g = _scale_for(grad, ctx.reduction, ctx.n)
        if weight is not None:
            g = g * weight
        gx = gt = None
        s = x.sigmoid()
        if need_x:
            if pos_weight is not None:
                # d/dx = sigmoid(x) - t - (pos_weight - 1) t (1 - sigmoid(x))
                gx = g * (s - t - (pos_weight - 1) * t * (1 - s))
            else:
                gx = g * (s - t)
        if need_t:
            if pos_weight is not None:
                # d/dt = -x + (pos_weight - 1) * softplus(-x), softplus written stably
                softplus_neg = (-x.abs()).exp().log1p() + (-x).relu()
                gt = g * ((pos_weight - 1) * softplus_neg - x)
            else:
                gt = g * -x
        return gx, gt, None, None, None


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
                                     reduce=None, reduction="mean", pos_weight=None):
    """Sigmoid + binary cross entropy in one numerically stable op.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> z = torch.tensor([0.0], requires_grad=True)
    >>> torch.nn.functional.binary_cross_entropy_with_logits(z, torch.tensor([1.0]))
    tensor(0.6931, grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError(f"Target size ({target.size()}) must be the same as input size "
                         f"({input.size()})")
    return BinaryCrossEntropyWithLogits.apply(input, target, weight, pos_weight, reduction)
