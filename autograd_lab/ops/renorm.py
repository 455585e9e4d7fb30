"""``Tensor.renorm(p, dim, maxnorm)``: every slice along ``dim`` whose p-norm exceeds
``maxnorm`` scaled down to (just under) ``maxnorm`` (``RenormBackward0``)."""
import numpy as np

from .._numpy_names import numpy_names
from .. import _dtype
from ..autograd.function import Op
from ._util import wrap_dim
from .clamp_where import where
from .reduction import _acc, _vector_norm, norm_backward, vector_norm


class Renorm(Op):
    """The scale is ``maxnorm / (norm + 1e-7)`` where the slice's norm is above ``maxnorm``
    (the 1e-7 keeps it finite), 1 elsewhere; the gradient runs through the norm too, with
    PyTorch's ``renorm_backward``."""
    node_name = "RenormBackward0"
    saved_names = ("self",)
    saved_attrs = ("dim", "maxnorm", "p")

    @staticmethod
    def forward(ctx, a, p, dim, maxnorm):
        ctx.save_for_backward(a)
        ctx.p, ctx.dim, ctx.maxnorm = p, dim, maxnorm
        x, xp = a._data, a._xp()
        dims = tuple(d for d in range(x.ndim) if d != dim)
        with np.errstate(all="ignore"):
            norm = _vector_norm(xp, xp.abs(x).astype(_acc(x.dtype), copy=False), p,
                                dict(axis=dims, keepdims=True))
            factor = xp.where(norm > maxnorm, maxnorm / (norm + 1e-7), 1.0)
            return (x * factor.astype(x.dtype, copy=False)).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        dims = [d for d in range(x.ndim) if d != ctx.dim]
        norm = vector_norm(x, ctx.p, dims, True)
        nb = norm_backward((x * grad).sum(dims, keepdim=True), x, ctx.p, norm, dims)
        invnorm = (norm + 1e-7).reciprocal()
        factor = invnorm * ctx.maxnorm
        scaled = factor * grad if nb is None else factor * grad - (factor * invnorm) * nb
        return where(norm > ctx.maxnorm, scaled, grad), None, None, None


@numpy_names
def renorm(input, p, dim, maxnorm):
    """``input`` with each slice along ``dim`` scaled so its ``p``-norm is at most
    ``maxnorm``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([[3., 4.], [0.3, 0.4]]).renorm(2, 0, 1.)
    tensor([[0.6000, 0.8000],
            [0.3000, 0.4000]])
    """
    if not p > 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    if input.ndim < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.ndim} "
                           f"dimensions")
    d = wrap_dim(dim, input.ndim)
    if not input.is_floating_point():
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor "
                           f"as input. Got {_dtype.type_name(input.dtype)}")
    return Renorm.apply(input, p, d, maxnorm)
