"""Margin and embedding losses: soft_margin_loss (a fused op, as in torch), and the
compositions margin_ranking_loss, hinge_embedding_loss, cosine_embedding_loss,
triplet_margin_loss and multilabel_soft_margin_loss.

torch writes the compositions in ATen's C++ (the last in Python); they are composed the same
way here, ATen's Scalar overloads included (``AddBackward1`` for ``x + margin``,
``ClampMinBackward0`` for ``clamp_min(x, 0)``, see :mod:`._aten`), so each graph shows the
nodes torch's does. ``target`` holds +1 / -1 labels unless said otherwise.
"""
from ... import _dtype
from ...autograd.function import Op
from ...ops._util import Held, broadcast_shapes, wrap_scalar
from ...ops.clamp_bounds import clamp_min
from . import _aten
from .activation_smooth import logsigmoid
from .distance import pairwise_distance
from .loss import _apply_reduction, _check_reduction, _legacy_reduction, _scale_for


def _reduction(size_average, reduce, reduction):
    """``_Reduction.get_enum`` / ``legacy_get_enum``: the reduction, checked."""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    return reduction


# ----------------------------------------------------------------------------- soft margin
class SoftMarginLoss(Op):
    """``log(1 + exp(-y x))``: the logistic loss of the margin ``y x``."""

    node_name = "SoftMarginLossBackward0"
    saved_names = ("self", "target")
    saved_attrs = ("reduction",)

    @staticmethod
    def forward(ctx, x, held_target, reduction):
        y = held_target.tensor         # (no edge: torch gives the target no gradient)
        ctx.save_for_backward(x, y)
        ctx.reduction = reduction
        xp = x._xp()
        # torch's formula as it is (log1p(exp(.)) overflows to inf for margins below ~-88
        # in float32, in torch too)
        loss = xp.log1p(xp.exp(-y._data * x._data))
        ctx.n = loss.size
        return _apply_reduction(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        g = _scale_for(grad, ctx.reduction, ctx.n)
        z = (-y * x).exp()
        return -y * z / (z + 1) * g, None, None


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Two-class logistic loss ``log(1 + exp(-target * input))``
    (``SoftMarginLossBackward0``; ``target`` gets no gradient, as in torch).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.soft_margin_loss(torch.tensor([0.0, 2.0]), torch.tensor([1.0, -1.0]))
    tensor(1.4100)
    """
    reduction = _reduction(size_average, reduce, reduction)
    if target.requires_grad:
        raise RuntimeError("The function 'soft_margin_loss' is not differentiable with respect "
                           "to argument 'target'. This input cannot have requires_grad True.")
    if not input.is_floating_point():
        # (torch writes the float loss into an output of the input's dtype)
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_dtype.type_name(input.dtype)}")
    shape = broadcast_shapes(tuple(input.shape), tuple(target.shape))
    if shape != tuple(input.shape):
        raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the broadcast "
                           f"shape {list(shape)}")
    return SoftMarginLoss.apply(input, Held(target), reduction)


# ----------------------------------------------------------------------------- ranking
def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction="mean"):
    """``max(0, -target * (input1 - input2) + margin)``: target = 1 asks input1 to rank
    higher than input2 by ``margin``, -1 the reverse.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.margin_ranking_loss(torch.tensor([1.0, 0.0]),
    ...                                         torch.tensor([0.0, 1.0]), torch.tensor([1.0, 1.0]))
    tensor(0.5000)
    """
    reduction = _reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension "
                           f"but got sizes: input1: {input1.size()}, input2: {input2.size()}, "
                           f"target: {target.size()} ")
    unclamped = _aten.add_scalar(-target * (input1 - input2), margin)
    return _apply_reduction(clamp_min(unclamped, 0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction="mean"):
    """``input`` where target = 1, ``max(0, margin - input)`` where target = -1 (``input``
    is usually a distance between two embeddings).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.hinge_embedding_loss(torch.tensor([0.3, 0.4]),
    ...                                          torch.tensor([1.0, -1.0]))
    tensor(0.4500)
    """
    reduction = _reduction(size_average, reduce, reduction)
    zeros = input.new_zeros(input.shape)
    margin_clamp = clamp_min(wrap_scalar(margin, input) - input, 0)
    output_margin = margin_clamp.where(target != 1, zeros)
    output_self = input.where(target != -1, zeros)
    return _apply_reduction(output_margin + output_self, reduction)


# ----------------------------------------------------------------------------- cosine
_EPSILON = 1e-12


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction="mean"):
    """``1 - cos(input1, input2)`` where target = 1, ``max(0, cos - margin)`` where
    target = -1, the cosine taken along the last dimension.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.cosine_embedding_loss(torch.tensor([[1.0, 0.0]]),
    ...                                           torch.tensor([[1.0, 1.0]]), torch.tensor([1]))
    tensor(0.2929)
    """
    reduction = _reduction(size_average, reduce, reduction)
    targ_dim = target.dim()
    if targ_dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if targ_dim == 1 and not (input1.dim() == 2 and input2.dim() == 2):
        raise RuntimeError(f"1D target tensor expects 2D input tensors, but found inputs with "
                           f"sizes {list(input1.shape)} and {list(input2.shape)}.")
    if targ_dim == 0 and not (input1.dim() == 1 and input2.dim() == 1):
        raise RuntimeError(f"0D target tensor expects 1D input tensors, but found inputs with "
                           f"sizes {list(input1.shape)} and {list(input2.shape)}.")
    prod_sum = (input1 * input2).sum(targ_dim)
    mag_square1 = _aten.add_scalar((input1 * input1).sum(targ_dim), _EPSILON)
    mag_square2 = _aten.add_scalar((input2 * input2).sum(targ_dim), _EPSILON)
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    zeros = cos.new_zeros(cos.shape)
    pos = wrap_scalar(1, cos) - cos
    neg = clamp_min(_aten.sub_scalar(cos, margin), 0)
    output = pos.where(target == 1, zeros) + neg.where(target == -1, zeros)
    return _apply_reduction(output, reduction)


# ----------------------------------------------------------------------------- triplet
def _check_triplet(anchor, positive, negative, margin):
    """The checks both triplet losses make, with torch's messages."""
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a_dim, p_dim, n_dim = anchor.dim(), positive.dim(), negative.dim()
    if not (a_dim == p_dim and p_dim == n_dim):
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the "
                           f"same number of dimensions, but got: anchor {a_dim}D, positive "
                           f"{p_dim}D, and negative {n_dim}D inputs")


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean"):
    """``max(0, d(a, p) - d(a, n) + margin)`` with ``d`` the pairwise p-distance;
    ``swap=True`` uses ``min(d(a, n), d(p, n))`` for the negative distance.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> a = torch.tensor([[0.0, 0.0]])
    >>> torch.nn.functional.triplet_margin_loss(a, a + 1, a - 2, eps=0.0)
    tensor(0.)
    """
    reduction = _reduction(size_average, reduce, reduction)
    _check_triplet(anchor, positive, negative, margin)
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = dist_neg.minimum(pairwise_distance(positive, negative, p, eps))
    output = clamp_min(_aten.add_scalar(dist_pos, margin) - dist_neg, 0)
    return _apply_reduction(output, reduction)


# ----------------------------------------------------------------------------- multilabel
def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction="mean"):
    """One logistic loss per class, ``target`` in {0, 1}, averaged over the classes (the last
    dimension): ``-(t log sigmoid(x) + (1 - t) log sigmoid(-x)).sum(-1) / C``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.multilabel_soft_margin_loss(torch.tensor([[0.0, 0.0]]),
    ...                                                 torch.tensor([[1.0, 0.0]]))
    tensor(0.6931)
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    C = input.size(class_dim)
    loss = loss.sum(dim=class_dim) / C
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(reduction + " is not valid")
