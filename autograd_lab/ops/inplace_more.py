"""In-place forms whose PyTorch behaviour differs from the plain ``inplace(t, op, ...)``:
comparisons written into ``t`` (``eq_``, ``lt_``...), logical ops (``logical_and_``...),
``floor_divide_`` and cumulative ops with a ``dtype`` (``cumsum_``, ``cumprod_``).

Each still runs through :func:`.inplace.inplace` (the version counter, the leaf and view
checks, the rebase onto the new node); only what PyTorch records differs.
"""
from .. import _dtype, _grad_mode
from ..autograd.function import Op
from .._tensor import Tensor
from . import _formula, comparison
from ._util import Held, binary_operands
from .arithmetic import FloorDivide
from .inplace import inplace


# ---------------------------------------------------------------------------- comparisons
class _CompareInto(Op):
    """``t.eq_(other)``: the 0/1 result of the comparison, in ``t``'s own dtype. PyTorch
    records it (``EqBackward0`` for a number, ``EqBackward1`` for a tensor) with a zero
    gradient for both operands: a step function is flat almost everywhere."""
    compare = None

    @classmethod
    def forward(cls, ctx, a, other):
        return cls.compare(a, other)._data.astype(a._data.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        g = _formula.zeros_like(grad)
        return g, (g if ctx.needs_input_grad[1] else None)


def _compare_ops(name, fn):
    scalar = type(f"{name}Scalar", (_CompareInto,), {
        "node_name": f"{name}Backward0", "compare": staticmethod(fn)})
    tensor = type(f"{name}Tensor", (_CompareInto,), {
        "node_name": f"{name}Backward1", "compare": staticmethod(fn)})
    return scalar, tensor


_COMPARE = {name: _compare_ops(name.capitalize(), getattr(comparison, name))
            for name in ("eq", "ne", "lt", "le", "gt", "ge")}


def compare_(t, other, name):
    """``t.<name>_(other)``: ``t`` becomes 1 where the comparison holds, else 0.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([1., 2., 3.]).gt_(1.5)
    tensor([0., 1., 1.])
    """
    scalar, tensor = _COMPARE[name]
    if isinstance(other, Tensor):
        return inplace(t, tensor.apply, other)
    return inplace(t, scalar.apply, other)


# ---------------------------------------------------------------------------- logical
def logical_(t, other, name):
    """``t.logical_and_(other)`` (``or``, ``xor``; ``other=None`` for ``not``): PyTorch
    records nothing here, not even for a leaf that requires grad, so the write runs as under
    ``no_grad`` (the version counter still moves)."""
    op = getattr(comparison, f"logical_{name}")
    if other is None:
        with _grad_mode.no_grad():
            return inplace(t, op)
    if not isinstance(other, Tensor):
        raise TypeError(f"logical_{name}_(): argument 'other' (position 1) must be Tensor, "
                        f"not {type(other).__name__}")
    with _grad_mode.no_grad():
        return inplace(t, op, other)


# ---------------------------------------------------------------------------- floor_divide_
class _FloorDivideInto(FloorDivide):
    """``t.floor_divide_(other)``: floor_divide's node, whose error names the in-place op."""
    node_name = FloorDivide.node_name
    torch_name = FloorDivide._backward_cls.torch_name

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("derivative for aten::floor_divide_ is not implemented")


def _floor_divide_into(input, other):
    a, b = binary_operands(input, other)
    return _FloorDivideInto.apply(a if a._requires_grad else Held(a),
                                  b if b._requires_grad else Held(b))


def floor_divide_(t, other):
    """``t.floor_divide_(other)``: ``t // other`` written into ``t``."""
    return inplace(t, _floor_divide_into, other)


# ---------------------------------------------------------------------------- cumulative
def cumulative_(t, op, dim, dtype):
    """``t.cumsum_(dim, dtype=...)``: the result stays in ``t``, so ``dtype`` must be its
    own (PyTorch refuses any other)."""
    if dtype is not None and dtype != t.dtype:
        raise RuntimeError(f"Bad in-place call: input tensor dtype {_dtype.cpp_name(t.dtype)} "
                           f"and output tensor dtype {_dtype.cpp_name(dtype)} should match")
    return inplace(t, op, dim, dtype=dtype)
