"""``embedding`` (a lookup table with a gradient that adds rows back) and ``one_hot``."""
from ... import _dtype, _version
from ...autograd.function import Op
from ..._tensor import Tensor


class Embedding(Op):
    """``weight[indices]``; its backward adds each output gradient into the row it came from."""

    node_name = "EmbeddingBackward0"
    saved_names = ("indices",)
    saved_attrs = ("padding_idx", "scale_grad_by_freq", "sparse", "weight_sym_argsize_0")

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq, sparse):
        idx = indices._data
        n = weight.shape[0]
        if idx.size and (idx.min() < -n or idx.max() >= n):
            raise IndexError("index out of range in self")
        ctx.padding_idx = -1 if padding_idx is None else padding_idx
        ctx.scale_grad_by_freq, ctx.sparse = scale_grad_by_freq, sparse
        ctx.weight_sym_argsize_0 = n
        ctx.save_for_backward(indices)
        return weight._data[idx]

    @staticmethod
    def backward(ctx, grad):
        indices, = ctx.saved_tensors
        return (EmbeddingDenseBackward.apply(grad, indices, ctx.weight_sym_argsize_0,
                                             ctx.padding_idx, ctx.scale_grad_by_freq),
                None, None, None, None)


class EmbeddingDenseBackward(Op):
    node_name = "EmbeddingDenseBackwardBackward0"

    @staticmethod
    def forward(ctx, grad, indices, num_weights, padding_idx, scale_grad_by_freq):
        g = grad._data
        xp = grad._xp()
        idx = indices._data.reshape(-1) % num_weights
        rows = g.reshape(idx.size, -1)
        ctx.indices = indices
        ctx.padding_idx, ctx.num_weights = padding_idx, num_weights
        ctx.scale = None
        if scale_grad_by_freq:
            counts = xp.bincount(idx, minlength=num_weights)
            ctx.scale = xp.ones(num_weights, dtype=g.dtype) / \
                xp.maximum(counts, 1).astype(g.dtype)
            rows = rows * ctx.scale[idx][:, None]
        if padding_idx >= 0:
            # the padding row never learns: its rows are left out, as PyTorch skips them,
            # so an inf or nan gradient there adds nothing (a product with 0 would add nan)
            rows = xp.where((idx == padding_idx)[:, None], g.dtype.type(0), rows)
        out = xp.zeros((num_weights,) + g.shape[indices.ndim:], dtype=g.dtype)
        xp.add.at(out, idx, rows.reshape((idx.size,) + g.shape[indices.ndim:]))
        return out

    @staticmethod
    def backward(ctx, gg):
        # adding rows back is linear; its adjoint looks the rows up again
        picked = Embedding.apply(gg, ctx.indices, None, False, False)
        if ctx.scale is not None:
            picked = picked * Tensor._make(ctx.scale[ctx.indices._data % len(ctx.scale)])\
                .unsqueeze(-1)
        if ctx.padding_idx >= 0:
            # 0 for the padding row, chosen rather than multiplied (PyTorch's masked_fill)
            pad = Tensor._make(ctx.indices._data % ctx.num_weights == ctx.padding_idx)
            picked = picked.masked_fill(pad.unsqueeze(-1), 0.0)
        return picked, None, None, None, None


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """Look up rows of ``weight`` (num_embeddings, dim) at the integer ``input`` indices.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([[0.0, 0.0], [1.0, 2.0]])
    >>> torch.nn.functional.embedding(torch.tensor([1, 0, 1]), w)
    tensor([[1., 2.],
            [0., 0.],
            [1., 2.]])
    """
    if input._data.dtype.kind not in "iu":
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           "following scalar types: Long, Int; but got "
                           f"{input.type()} instead (while checking arguments for embedding)")
    if padding_idx is not None:
        n = weight.size(0)
        if padding_idx > 0:
            assert padding_idx < n, "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -n, "Padding_idx must be within num_embeddings"
            padding_idx = n + padding_idx
    if max_norm is not None:
        _renorm_rows_(weight, input, max_norm, norm_type)
    if sparse:
        raise NotImplementedError("autograd_lab has no sparse tensors; use sparse=False")
    return Embedding.apply(weight, input, padding_idx, scale_grad_by_freq, sparse)


def _renorm_rows_(weight, input, max_norm, norm_type):
    """Rescale (in place, outside autograd) the looked-up rows whose norm exceeds max_norm."""
    xp = weight._xp()
    rows = xp.unique(input._data.reshape(-1))
    w = weight._data
    norms = (xp.abs(w[rows]) ** norm_type).sum(axis=1) ** (1.0 / norm_type)
    scale = xp.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(w.dtype)
    w[rows] *= scale[:, None]
    _version.bump(weight)


def one_hot(tensor, num_classes=-1):
    """``(..., num_classes)`` int64 tensor with a 1 at each index.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.one_hot(torch.tensor([0, 2]))
    tensor([[1, 0, 0],
            [0, 0, 1]])
    """
    if tensor.dtype != _dtype.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    idx = tensor._data
    xp = tensor._xp()
    if num_classes == -1:
        if idx.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(idx.max()) + 1
    if idx.size and idx.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if idx.size and idx.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = (idx[..., None] == xp.arange(num_classes)).astype(xp.int64)
    return Tensor._make(out)
