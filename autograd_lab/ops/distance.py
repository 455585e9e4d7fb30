"""Cross products and distances: cross (linalg.cross), dist, cdist.

* ``a x b`` is linear in each side: d/da = b x grad, d/db = grad x a.
* ``dist(a, b, p)`` is the p-norm of ``a - b``: its gradient is the norm's, for ``a``, and its
  negative, for ``b``.
* ``cdist(x1, x2, p)[i, j] = ||x1[i] - x2[j]||_p``: each pair's gradient is a p-norm's
  gradient, summed over the other side's rows. For p = 2 with more than 25 rows PyTorch
  computes it with a matrix product instead (``||a||^2 + ||b||^2 - 2 a.b``), and so does
  this module, with the same graph.
"""
import math
import warnings

from .._numpy_names import numpy_names
from .. import _dtype
from ..autograd.function import Op
from ._util import broadcast_shapes, wrap_dim

# ---------------------------------------------------------------------------- cross
_warned_cross_dim = False


class LinalgCross(Op):
    node_name = "LinalgCrossBackward0"
    saved_names = ("self", "other")
    saved_attrs = ("dim",)

    @staticmethod
    def forward(ctx, a, b, dim):
        ctx.dim = dim
        need_a, need_b = ctx.needs_input_grad[:2]
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        return a._xp().cross(a._data, b._data, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad[:2]
        return (linalg_cross(b, grad, dim=ctx.dim) if need_a else None,
                linalg_cross(grad, a, dim=ctx.dim) if need_b else None, None)


@numpy_names
def linalg_cross(input, other, *, dim=-1):
    """The cross product of 3-vectors along ``dim`` (batch dims broadcast).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.cross(torch.tensor([1., 0., 0.]), torch.tensor([0., 1., 0.]))
    tensor([0., 0., 1.])
    """
    if input.ndim != other.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = wrap_dim(dim, input.ndim)
    if input.shape[d] != 3 or other.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{input.shape[d]} and {other.shape[d]}")
    broadcast_shapes(tuple(input.shape), tuple(other.shape))
    if input.dtype != other.dtype:
        raise RuntimeError(f"expected scalar type {_dtype.type_name(input.dtype)} but found "
                           f"{_dtype.type_name(other.dtype)}")
    return LinalgCross.apply(input, other, d)


@numpy_names
def cross(input, other, dim=None):
    """``linalg.cross`` along ``dim``; without ``dim``, along the first dim of size 3 (with
    PyTorch's once-per-process deprecation warning).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.cross(torch.eye(3), torch.ones(3, 3), dim=1)[0]
    tensor([ 0., -1.,  1.])
    """
    global _warned_cross_dim
    if dim is None:
        if not _warned_cross_dim:
            _warned_cross_dim = True
            warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\n"
                          "Please either pass the dim explicitly or simply use "
                          "torch.linalg.cross.\nThe default value of dim will change to agree "
                          "with that of linalg.cross in a future release. (Triggered "
                          "internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
                          "Cross.cpp:63.)", UserWarning, stacklevel=2)
        dim = next((i for i, s in enumerate(input.shape) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return linalg_cross(input, other, dim=dim)


# ---------------------------------------------------------------------------- dist
class Dist(Op):
    """``||a - b||_p`` over all elements (a and b broadcast)."""
    node_name = "DistBackward0"
    saved_names = ("self", "other")
    saved_attrs = ("p",)
    save_result = True

    @staticmethod
    def forward(ctx, a, b, p):
        from ._util import promoted_arrays
        from .reduction import _vector_norm
        ctx.p = p
        ctx.save_for_backward(a, b)
        xp = a._xp()
        x, y = promoted_arrays(a, b)       # (mixed dtypes: the engine casts the gradients)
        with _errstate():
            return _vector_norm(xp, xp.abs(x - y), p, {}).astype(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        from .reduction import norm_backward
        a, b = ctx.saved_tensors
        if ctx.p == 0:
            return None, None, None          # a count of nonzeros: no gradient
        g = norm_backward(grad, a - b, ctx.p, ctx.saved_result, None)
        return g, -g, None


def _errstate():
    import numpy as np
    return np.errstate(all="ignore")


def dist(input, other, p=2):
    """The p-norm of ``input - other`` (broadcast).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.dist(torch.tensor([3., 0.]), torch.tensor([0., 4.]))
    tensor(5.)
    """
    broadcast_shapes(tuple(input.shape), tuple(other.shape))
    dt = _dtype.promote_types(input.dtype, other.dtype)
    if not dt.is_floating_point:
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. "
                           f"Got {_dtype.type_name(dt)} instead.")
    return Dist.apply(input, other, float(p) if math.isinf(p) else p)


# ---------------------------------------------------------------------------- cdist
class Cdist(Op):
    """Pairwise p-distances of the rows of ``x1`` (``(B, P, M)``) and ``x2`` (``(B, R, M)``)."""
    node_name = "CdistBackward0"
    saved_names = ("x1", "x2")
    saved_attrs = ("p",)
    save_result = True

    @staticmethod
    def forward(ctx, x1, x2, p):
        ctx.p = p
        ctx.save_for_backward(x1, x2)
        from .reduction import _vector_norm
        diff = x1._data[..., :, None, :] - x2._data[..., None, :, :]
        with _errstate():
            return _vector_norm(x1._xp(), x1._xp().abs(diff), p, {"axis": -1}).astype(
                x1._data.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        x1, x2 = ctx.saved_tensors
        p, dist = ctx.p, ctx.saved_result.unsqueeze(-1)
        diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
        g = grad.unsqueeze(-1)
        if p == 0:
            pair = diff.new_zeros(diff.shape)     # a count of nonzeros: no slope
        elif p == 1:
            pair = g * diff.sign()
        elif p == math.inf:
            # every coordinate at the maximum gets the whole gradient (no sharing on ties)
            pair = g * diff.sign() * (diff.abs() == dist)
        elif p == 2:
            pair = (g * diff / dist).masked_fill(dist == 0, 0.0)
        elif p < 2:
            # |diff|^(p-1) is inf at diff = 0 for p < 1: PyTorch takes 0 there
            scaled = diff.sign() * diff.abs().pow(p - 1)
            if p < 1:
                scaled = scaled.masked_fill(diff == 0, 0.0)
            pair = (g * scaled / dist.pow(p - 1)).masked_fill(dist == 0, 0.0)
        else:
            pair = (g * diff * diff.abs().pow(p - 2) / dist.pow(p - 1)).masked_fill(
                dist == 0, 0.0)
        return pair.sum(-2), -pair.sum(-3), None


class EuclideanDist(Op):
    """PyTorch's ``_euclidean_dist``: every squared distance from one matrix product,
    ``[-2 a, |a|^2, 1] . [b, 1, |b|^2]``, clamped at 1e-30 before the root (so a pair of
    equal rows is 1e-15 apart, not 0). Faster for many rows, a little less exact."""
    node_name = "EuclideanDistBackward0"
    saved_names = ("x1", "x2")
    save_result = True

    @staticmethod
    def forward(ctx, x1, x2):
        ctx.save_for_backward(x1, x2)
        xp, a, b = x1._xp(), x1._data, x2._data
        a_norm = (a * a).sum(-1, keepdims=True)
        b_norm = (b * b).sum(-1, keepdims=True)
        a_ = xp.concatenate([a * -2, a_norm, xp.ones_like(a_norm)], -1)
        b_ = xp.concatenate([b, xp.ones_like(b_norm), b_norm], -1)
        return xp.sqrt(xp.maximum(xp.matmul(a_, xp.swapaxes(b_, -1, -2)), 1e-30))

    @staticmethod
    def backward(ctx, grad):
        x1, x2 = ctx.saved_tensors
        res = ctx.saved_result
        ratio = (grad / res).masked_fill(res == 0, 0.0)
        return (x1 * ratio.sum(-1, keepdim=True) - ratio.matmul(x2),
                x2 * ratio.sum(-2).unsqueeze(-1) - ratio.mT.matmul(x1))


_MODES = ("use_mm_for_euclid_dist_if_necessary", "use_mm_for_euclid_dist",
          "donot_use_mm_for_euclid_dist")


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The p-distance between each row of ``x1`` (``(*, P, M)``) and each row of ``x2``
    (``(*, R, M)``): a ``(*, P, R)`` tensor (batch dims broadcast).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.cdist(torch.tensor([[0., 0.]]), torch.tensor([[3., 4.], [1., 0.]]))
    tensor([[5., 1.]])
    """
    for name, t in (("X1", x1), ("X2", x2)):
        if t.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: "
                               f"{t.ndim}D")
        if not t.is_floating_point():
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{_dtype.type_name(t.dtype)}")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{x1.shape[-1]} X2: {x2.shape[-1]}")
    if x1.dtype != x2.dtype:
        raise RuntimeError(f"expected scalar type {_dtype.type_name(x1.dtype)} but found "
                           f"{_dtype.type_name(x2.dtype)}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if compute_mode not in _MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    r1, r2 = x1.shape[-2], x2.shape[-2]
    batch = broadcast_shapes(tuple(x1.shape[:-2]), tuple(x2.shape[:-2]))
    mode = _MODES.index(compute_mode)
    if p == 2 and (mode == 1 or mode == 0 and (r1 > 25 or r2 > 25)):
        n = math.prod(batch)
        if n != 1:
            x1 = x1.expand(batch + (r1, x1.shape[-1])).contiguous().view(n, r1, x1.shape[-1])
            x2 = x2.expand(batch + (r2, x2.shape[-1])).contiguous().view(n, r2, x2.shape[-1])
        return EuclideanDist.apply(x1, x2).view(*batch, r1, r2)
    return Cdist.apply(x1, x2, float(p))
