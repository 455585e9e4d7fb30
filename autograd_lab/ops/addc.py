"""addcmul and addcdiv: ``input + value * tensor1 * tensor2`` and
``input + value * tensor1 / tensor2`` in one op (an optimizer's update step), with
``value`` a Python number.

All three tensors broadcast together (input with tensor1 first, then tensor2, which is the
order in which PyTorch's broadcasting error names them) and promote together. Each gradient
is the product rule's: d/dtensor1 of addcmul is value * tensor2, and so on.
"""
from .. import _dtype
from ..autograd.function import Op
from ._util import broadcast_shapes, check_same_device


def _promoted(name, a, t1, t2):
    """The three arrays in their common dtype, after PyTorch's checks."""
    for t in (t1, t2):
        check_same_device(a, t)
    broadcast_shapes(broadcast_shapes(a._data.shape, t1._data.shape), t2._data.shape)
    dt = _dtype.result_type(a, t1, t2)
    if dt == _dtype.bool_:
        raise NotImplementedError(f"\"{name}_cpu_out\" not implemented for 'Bool'")
    return dt.np.type, [t._data.astype(dt.np, copy=False) for t in (a, t1, t2)]


class Addcmul(Op):
    node_name = "AddcmulBackward0"
    saved_names = ("tensor1", "tensor2")
    saved_attrs = ("value",)
    array_backward = True

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        scalar, (x, y, z) = _promoted("addcmul", a, t1, t2)
        return x + scalar(value) * y * z    # (value in the result's dtype: 0.5 is 0 for ints)

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        v = ctx.value
        need_a, need_1, need_2, _ = ctx.needs_input_grad
        return (grad if need_a else None, grad * (t2 * v) if need_1 else None,
                grad * (t1 * v) if need_2 else None, None)


_INTEGER_ADDCDIV = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can "
    "be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
    "for all dtypes.")


class Addcdiv(Op):
    node_name = "AddcdivBackward0"
    saved_names = ("tensor1", "tensor2")
    saved_attrs = ("value",)
    array_backward = True

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        if t1._data.dtype.kind in "biu" and t2._data.dtype.kind in "biu":
            raise RuntimeError(_INTEGER_ADDCDIV)
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        scalar, (x, y, z) = _promoted("addcdiv", a, t1, t2)
        return x + scalar(value) * y / z

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        v = ctx.value
        need_a, need_1, need_2, _ = ctx.needs_input_grad
        return (grad if need_a else None, grad * (v / t2) if need_1 else None,
                -grad * v * t1 / (t2 * t2) if need_2 else None, None)


# ---------------------------------------------------------------------------- functions
def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``, broadcasting all three.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.addcmul(torch.ones(2), torch.tensor([1., 2.]), torch.tensor([3., 4.]), value=0.5)
    tensor([2.5000, 5.0000])
    """
    return Addcmul.apply(input, tensor1, tensor2, value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``; two integer tensors are refused, as in PyTorch.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.addcdiv(torch.ones(2), torch.tensor([1., 2.]), torch.tensor([4., 4.]), value=2)
    tensor([1.5000, 2.0000])
    """
    return Addcdiv.apply(input, tensor1, tensor2, value)
