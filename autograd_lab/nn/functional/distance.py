"""Distances and similarities: normalize, cosine_similarity, pairwise_distance.

All three are compositions in torch (``normalize`` in Python, the other two in ATen's C++),
and are composed the same way here, so their graphs show the same nodes:
``DivBackward0`` over a clamped ``LinalgVectorNormBackward0`` for the first two,
``NormBackward1`` over ``AddBackward1`` (the ``+ eps``) for the third.
"""
from ..._numpy_names import numpy_names
from ... import _dtype, _grad_mode
from ...ops._util import broadcast_shapes
from ...ops.clamp_bounds import clamp_min
from . import _aten


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """``input / max(||input||_p, eps)`` along ``dim``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.normalize(torch.tensor([[3.0, 4.0]]))
    tensor([[0.6000, 0.8000]])
    """
    denom = clamp_min(input.norm(p, dim, keepdim=True), eps).expand_as(input)
    if out is None:
        return input / denom
    if _grad_mode.is_grad_enabled() and (input.requires_grad or out.requires_grad):
        raise RuntimeError("div(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    return out.copy_(input / denom)


def _expand_outplace(x1, x2):
    """ATen's ``expand_outplace``: both tensors expanded to the common shape (each gets an
    ``ExpandBackward0``), unless their shapes already agree."""
    if x1.shape == x2.shape:
        return x1, x2
    shape = broadcast_shapes(tuple(x1.shape), tuple(x2.shape))
    return x1.expand(shape), x2.expand(shape)


@numpy_names
def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """``<x1, x2> / (max(||x1||, eps) * max(||x2||, eps))`` along ``dim``, broadcasting.

    As torch, each input is divided by its own norm before the product (the result stays
    in [-1, 1]); the norms are clamped at ``eps`` outside the graph.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.cosine_similarity(torch.tensor([[1.0, 0.0]]),
    ...                                       torch.tensor([[1.0, 1.0]]))
    tensor([0.7071])
    """
    common = _dtype.result_type(x1, x2)
    if not common.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                           f"{_dtype.type_name(common)}")
    if not x1.is_floating_point():
        x1 = x1.to(common)
    if not x2.is_floating_point():
        x2 = x2.to(common)
    x1, x2 = _expand_outplace(x1, x2)
    n1 = x1.norm(2, dim, keepdim=True).clone()
    n2 = x2.norm(2, dim, keepdim=True).clone()
    with _grad_mode.no_grad():
        n1.clamp_(min=eps)
        n2.clamp_(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


@numpy_names
def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm of ``x1 - x2 + eps`` over the last dimension (``NormBackward1``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.pairwise_distance(torch.tensor([[0.0, 0.0]]),
    ...                                       torch.tensor([[3.0, 4.0]]), eps=0.0)
    tensor([5.])
    """
    innermost = max(x1.dim(), x2.dim()) - 1
    return _aten.norm(_aten.add_scalar(x1 - x2, eps), p, innermost, keepdim)
