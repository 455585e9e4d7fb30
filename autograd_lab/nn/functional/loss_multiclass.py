"""Multi-class margin losses: multi_margin_loss (one target class per sample), and
multilabel_margin_loss (several target classes per sample), each a fused op with torch's node
(``MultiMarginLossBackward0``, ``MultilabelMarginLossBackward0``); and
triplet_margin_with_distance_loss, a composition in torch's Python.

Both margin losses compare the score of a target class ``y`` with every other score ``x[j]``:
a pair costs ``max(0, margin - x[y] + x[j])`` (to the power ``p``), and the gradient of a pair
that costs anything is +h for ``x[j]`` and -h for ``x[y]``.
"""
from ... import _dtype
from ...autograd.function import Op
from ...ops import _formula
from ...ops._util import Held
from ..._tensor import Tensor
from ...ops.clamp_bounds import clamp_min
from .distance import pairwise_distance
from .loss import _apply_reduction, _check_reduction, _legacy_reduction
from .loss_margin import _check_triplet


def _frames(input):
    """(number of samples, number of classes) of a 0-d, 1-d or 2-d input, checked as torch."""
    nd = input.dim()
    if not ((nd == 2 and input.shape[1] != 0) or (nd == 1 and input.shape[0] != 0) or nd == 0):
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size,"
                           f" but got: {list(input.shape)}")
    return (input.shape[0] if nd == 2 else 1), (input.shape[-1] if nd else 1)


def _need_long(target):
    if target.dtype != _dtype.int64:
        raise RuntimeError(f"expected scalar type Long but found "
                           f"{_dtype.type_name(target.dtype)}")


def _per_element(grad, reduction, n):
    """The upstream gradient as each sample sees it, shaped (N, 1)."""
    if reduction == "none":
        return grad.reshape(-1, 1)
    return grad / n if reduction == "mean" else grad


# ----------------------------------------------------------------------------- multi margin
class MultiMarginLoss(Op):
    """``sum_{j != y} max(0, margin - x[y] + x[j])^p / C`` per sample, times ``weight[y]``."""

    node_name = "MultiMarginLossBackward0"
    saved_names = ("self", "target", "weight")
    saved_attrs = ("p", "margin", "reduction")

    @staticmethod
    def forward(ctx, x, held_target, held_weight, p, margin, reduction, n, c):
        # (neither the target nor the weight is an edge: torch differentiates neither; a 1-d
        # input is one sample, worked on as a (1, C) matrix)
        target, weight = held_target.tensor, held_weight.tensor
        a, y = x._data.reshape(n, c), target._data.reshape(n)
        xp = x._xp()
        if ((y < 0) | (y >= c)).any():
            raise RuntimeError("target out of range")
        t = a.dtype.type
        z = t(margin) - xp.take_along_axis(a, y[:, None], axis=1) + a
        # every class but the target's, where the margin is violated (z > 0, strictly)
        ctx.mask = (z > 0) & (xp.arange(c)[None, :] != y[:, None])
        ctx.onehot = xp.arange(c)[None, :] == y[:, None]
        h = xp.where(ctx.mask, z if p == 1 else z * z, t(0))
        if weight is not None:
            h = h * weight._data[y][:, None]
        loss = h.sum(axis=1) / t(c)
        ctx.save_for_backward(x, target, weight)
        ctx.p, ctx.margin, ctx.reduction, ctx.n, ctx.c = p, margin, reduction, n, c
        if reduction == "mean":
            return loss.sum() / t(n)
        # (without reduction one loss per sample, shaped like the target: 0-d for a 0-d one)
        return loss.sum() if reduction == "sum" else loss.reshape(target.shape)

    @staticmethod
    def backward(ctx, grad):
        x, target, weight = ctx.saved_tensors
        shape = x.shape
        x, target = x.reshape(ctx.n, ctx.c), target.reshape(ctx.n)
        g = _per_element(grad, ctx.reduction, ctx.n) / ctx.c
        if ctx.p == 2:
            z = ctx.margin - x.gather(1, target.unsqueeze(1)) + x
            g = g * (z * 2)
        h = _formula.keep_where(Tensor._make(ctx.mask), g)
        if weight is not None:
            h = h * weight[target].unsqueeze(1)
        # each violated pair pushes x[j] up and x[y] down by the same amount
        at_target = _formula.keep_where(Tensor._make(ctx.onehot), h.sum(1, keepdim=True))
        return (h - at_target).reshape(shape), None, None, None, None, None, None, None


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction="mean"):
    """Multi-class hinge loss of the scores ``input`` (``(N, C)`` or ``(C,)``) against the
    class indices ``target`` (``MultiMarginLossBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.multi_margin_loss(torch.tensor([[0.1, 0.2, 0.4, 0.8]]),
    ...                                       torch.tensor([3]))
    tensor(0.3250)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    n, c = _frames(input)
    if not (target.dim() <= 1 and target.numel() == n):
        raise RuntimeError(f"multi_margin_loss: target tensor should be 1-D with size equal to "
                           f"the number of input samples (batch size). Expected target size "
                           f"[{n}], but got {list(target.shape)}. Input has shape "
                           f"{list(input.shape)}.")
    if weight is not None and weight.numel() != c:
        raise RuntimeError(f"inconsistent weight size, expected {c} but got "
                           f"{list(weight.shape)}")
    _need_long(target)
    return MultiMarginLoss.apply(input, Held(target), Held(weight), p, margin, reduction, n, c)


# ----------------------------------------------------------------------------- multilabel
class MultilabelMarginLoss(Op):
    """``sum_{j in targets} sum_{k not in targets} max(0, 1 - x[j] + x[k]) / C`` per sample;
    the targets of a row are its entries up to the first -1 (a repeated one counts twice)."""

    node_name = "MultilabelMarginLossBackward0"
    saved_names = ("self", "target", "is_target")
    saved_attrs = ("reduction",)

    @staticmethod
    def forward(ctx, x, held_target, reduction, n, c):
        target = held_target.tensor
        a, t = x._data.reshape(n, c), target._data.reshape(n, c)
        xp = x._xp()
        if t.size and (t.min() < -1 or t.max() >= c):
            raise RuntimeError("argument #2 'target' is out of range")
        valid = xp.cumprod(t >= 0, axis=1).astype(bool)          # entries before the first -1
        # counts[i, j]: how often class j is listed among the targets of sample i
        counts = ((t[:, :, None] == xp.arange(c)[None, None, :]) & valid[:, :, None]).sum(1)
        is_target = counts > 0
        one = a.dtype.type(1)
        z = one - a[:, :, None] + a[:, None, :]               # (i, target j, other k)
        pair = (counts[:, :, None] * (~is_target)[:, None, :] * (z > 0)).astype(a.dtype)
        loss = (xp.where(pair > 0, z, a.dtype.type(0)) * pair).sum(axis=(1, 2)) / a.dtype.type(c)
        # d loss_i / d x[i, k]: +pairs where k is the "other" class, - where k is the target
        ctx.coef = (pair.sum(axis=1) - pair.sum(axis=2)).reshape(x.shape)
        ctx.save_for_backward(x, target,
                              Tensor._make(is_target.astype(a.dtype).reshape(x.shape)))
        ctx.reduction, ctx.n, ctx.c = reduction, n, c
        if reduction == "mean":
            return loss.sum() / a.dtype.type(n)
        return loss.sum() if reduction == "sum" else loss.reshape(x.shape[:-1])

    @staticmethod
    def backward(ctx, grad):
        g = _per_element(grad, ctx.reduction, ctx.n) / ctx.c
        if ctx.reduction == "none":
            g = g.reshape(tuple(ctx.coef.shape[:-1]) + (1,))
        # piecewise linear in x: the coefficients are constants, no second derivative
        return Tensor._make(ctx.coef) * g, None, None, None, None


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Multi-label hinge loss: every target class of a sample should score at least 1 more
    than every non-target class (``MultilabelMarginLossBackward0``). ``target`` has the
    input's shape and lists class indices, ended by -1.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.multilabel_margin_loss(torch.tensor([[0.1, 0.2, 0.4, 0.8]]),
    ...                                            torch.tensor([[3, 0, -1, 1]]))
    tensor(0.8500)
    """
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    n, c = _frames(input)
    if target.shape != input.shape:
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: "
                           f"{list(input.shape)}")
    _need_long(target)
    return MultilabelMarginLoss.apply(input, Held(target), reduction, n, c)


# ----------------------------------------------------------------------------- triplet
def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin=1.0, swap=False, reduction="mean"):
    """``max(0, d(a, p) - d(a, n) + margin)`` for any distance function ``d`` (by default
    ``pairwise_distance``), composed as torch's Python composes it.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> a = torch.tensor([[0.0, 0.0]])
    >>> torch.nn.functional.triplet_margin_with_distance_loss(
    ...     a, a + 1, a - 2, distance_function=lambda x, y: (x - y).abs().sum(-1))
    tensor(0.)
    """
    _check_reduction(reduction)
    _check_triplet(anchor, positive, negative, margin)
    if distance_function is None:
        distance_function = pairwise_distance
    dist_pos = distance_function(anchor, positive)
    dist_neg = distance_function(anchor, negative)
    if swap:
        dist_neg = dist_neg.minimum(distance_function(positive, negative))
    return _apply_reduction(clamp_min(margin + dist_pos - dist_neg, 0), reduction)
