"""PyTorch's Tensor-by-Scalar overloads of mul and div (``at::mul(Tensor, Scalar)``).

Python code never reaches them (``x * 0.5`` wraps 0.5 as a tensor and records
``MulBackward0``), but PyTorch's C++ composites do -- trapezoid, cov -- and their nodes
``MulBackward1`` / ``DivBackward1`` show in those graphs. The composites here use these so
their graphs read as PyTorch's, and so do the backward graphs of the fused products
(``fused_products._scale``). Their own derivatives are again Tensor-by-Scalar ops, as in
PyTorch (``grad * other`` in C++ is ``mul(Tensor, Scalar)``): a second backward pass shows
``MulBackward1`` / ``DivBackward1`` again.
"""
from .. import _dtype
from ..autograd.function import Op


class MulScalar(Op):
    """``at::mul(Tensor, Scalar)``: the product with a plain number."""
    node_name = "MulBackward1"
    saved_attrs = ("other",)

    @staticmethod
    def forward(ctx, a, other):
        ctx.other = other
        x = a._data
        if x.dtype.kind in "biu" and isinstance(other, float):
            x = x.astype(_dtype.get_default_dtype().np)
        return x * x.dtype.type(other)

    @staticmethod
    def backward(ctx, grad):
        return MulScalar.apply(grad, ctx.other), None


class DivScalar(Op):
    """``at::div(Tensor, Scalar)``: the quotient by a plain number."""
    node_name = "DivBackward1"
    saved_attrs = ("other",)

    @staticmethod
    def forward(ctx, a, other):
        ctx.other = other
        x = a._data
        if x.dtype.kind in "biu":
            x = x.astype(_dtype.get_default_dtype().np)
        return x / x.dtype.type(other)

    @staticmethod
    def backward(ctx, grad):
        return DivScalar.apply(grad, ctx.other), None
