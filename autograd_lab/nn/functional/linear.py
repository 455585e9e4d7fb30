"""``linear``: ``y = x W^T + b``, composed as PyTorch composes it.

For a 2-D input with a bias PyTorch calls the fused ``addmm(b, x, W.t())`` (one node,
``AddmmBackward0``, whose weight edge goes through ``TBackward0``; the op lives in
``ops/fused_products.py``). Other ranks fold the batch dims into rows with ``view`` first;
without a bias it is just ``matmul(x, W.t())``.
"""
from ...ops.fused_products import Addmm
from ...ops.linalg import matmul


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
