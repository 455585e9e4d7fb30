"""The ATen primitives that torch's C++ composites (``pairwise_distance``,
``margin_ranking_loss``, ``cosine_embedding_loss``...) call and that Python code never reaches
under the same node name.

From Python, ``x + 1.0`` records ``AddBackward0`` and ``x.norm(2, 1)`` records
``LinalgVectorNormBackward0``; inside ATen, ``x + eps`` is the Scalar overload
(``AddBackward1``) and ``at::norm`` is ``NormBackward1``. So that a composite's graph shows
torch's names, these small ops record those nodes. Their forward and backward are the public
ops' (``VectorNorm``) where one exists: only the node name differs. (``clamp_min`` and
``xlogy``, which the composites call too, are public ops of their own: ``ops/clamp_bounds.py``,
``ops/binary_math.py``.)
"""
from ...autograd.function import Op
from ...ops._util import promoted_arrays, wrap_scalar
from ...ops.reduction import VectorNorm, _ord, _reduce_dims


class AddScalar(Op):
    """``tensor + number`` as ATen's Scalar overload: one edge, ``AddBackward1``."""

    node_name = "AddBackward1"
    array_backward = True

    @staticmethod
    def forward(ctx, a, number):
        x, y = promoted_arrays(a, wrap_scalar(number, a))
        return x + y

    @staticmethod
    def backward(ctx, grad):
        return grad, None


class SubScalar(Op):
    """``tensor - number`` as ATen's Scalar overload: one edge, ``SubBackward1``."""

    node_name = "SubBackward1"
    array_backward = True

    @staticmethod
    def forward(ctx, a, number):
        x, y = promoted_arrays(a, wrap_scalar(number, a))
        return x - y

    @staticmethod
    def backward(ctx, grad):
        return grad, None


class Norm(VectorNorm):
    """``at::norm(x, p, dim, keepdim)``: the vector p-norm of ``linalg.vector_norm``, under
    its own node name ``NormBackward1``."""

    node_name = "NormBackward1"
    saved_attrs = ("p", "dim", "keepdim")

    @staticmethod
    def forward(ctx, a, p, dims, keepdim, shown_dim):
        ctx.p = p
        return VectorNorm.forward(ctx, a, p, dims, keepdim, shown_dim)


def add_scalar(input, number):
    return AddScalar.apply(input, number)


def sub_scalar(input, number):
    return SubScalar.apply(input, number)


def norm(input, p, dim, keepdim=False):
    """``at::norm`` over the single dimension ``dim`` (``NormBackward1``)."""
    # (a 0-d tensor has one element: dim 0 or -1 names it, and its norm is |x|)
    dims = _reduce_dims(input, dim) if input.dim() else ()
    return Norm.apply(input, _ord(p), dims, keepdim, tuple(dims))
