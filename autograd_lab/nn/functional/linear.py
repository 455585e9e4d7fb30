"""``linear``: ``y = x W^T + b``, composed as PyTorch composes it.

For a 2-D input with a bias PyTorch calls the fused ``addmm(b, x, W.t())`` (one node,
``AddmmBackward0``, whose weight edge goes through ``TBackward0``). Other ranks fold the batch
dims into rows with ``view`` first; without a bias it is just ``matmul(x, W.t())``.
"""
from ...autograd.function import Op
from ...ops import _formula as F
from ...ops.linalg import matmul


class Addmm(Op):
    """``bias + mat1 @ mat2`` in one BLAS call plus an in-place add."""

    node_name = "AddmmBackward0"
    saved_names = ("mat1", "mat2")
    saved_attrs = ("alpha", "beta")
    array_backward = True

    @staticmethod
    def forward(ctx, bias, mat1, mat2):
        x, w = mat1._data, mat2._data
        if x.shape[1] != w.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({x.shape[0]}x"
                               f"{x.shape[1]} and {w.shape[0]}x{w.shape[1]})")
        if x.dtype != w.dtype:
            raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                               f"{_scalar_name(x.dtype)} and {_scalar_name(w.dtype)}")
        ctx.alpha = ctx.beta = 1
        _, need_x, need_w = ctx.needs_input_grad
        ctx.save_for_backward(mat1 if need_w else None, mat2 if need_x else None)
        out = x @ w
        out += bias._data             # in place: no second (N, out) temporary
        return out

    @staticmethod
    def backward(ctx, grad):
        mat1, mat2 = ctx.saved_tensors
        need_b, need_x, need_w = ctx.needs_input_grad
        # the bias gradient is grad itself; the engine sums it over the broadcast rows.
        # mat2 is weight.t(), so its gradient is (grad^T mat1)^T: computed in that order the
        # weight's gradient (after TBackward0) comes out C-contiguous, cheap to accumulate
        return (grad if need_b else None,
                grad @ F.t(mat2) if need_x else None,
                F.t(F.t(grad) @ mat1) if need_w else None)


def _scalar_name(np_dtype):
    return {"float32": "Float", "float64": "Double", "float16": "Half"}.get(
        np_dtype.name, np_dtype.name)


def linear(input, weight, bias=None):
    """Apply ``y = input @ weight.T + bias``.

    Parameters
    ----------
    input : Tensor, shape (*, in_features)
    weight : Tensor, shape (out_features, in_features)
    bias : Tensor, shape (out_features,), optional

    Examples
    --------
    >>> import autograd_lab as torch
    >>> import autograd_lab.nn.functional as F
    >>> F.linear(torch.ones(2, 3), torch.ones(4, 3), torch.zeros(4)).shape
    torch.Size([2, 4])
    """
    if bias is None:
        return matmul(input, weight.t())
    if input.dim() == 2:
        return Addmm.apply(bias, input, weight.t())
    lead = tuple(input.shape[:-1])
    out = Addmm.apply(bias, input.reshape(-1, input.shape[-1]), weight.t())
    return out.view(*lead, weight.shape[0])
