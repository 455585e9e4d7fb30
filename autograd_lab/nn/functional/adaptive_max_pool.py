"""``adaptive_max_pool2d``: max-pool to a fixed output size, with the winners' indices.

The windows are torch's adaptive ones (``floor(i*n/out)`` to ``ceil((i+1)*n/out)``), of
varying size, so no single strided view covers them. A max over a rectangle is a max over
its rows of the max over its columns, so the forward loops over output *columns* and then
output *rows* (``oh + ow`` slices, not one per pixel). Columns first, then rows: that way the
first maximum in row-major order wins a tie, and the last NaN wins over everything, as in
torch's kernel.

The backward routes each gradient to the input element that won (an unbuffered add, as
windows may overlap); its own derivative gathers at the same indices.
"""
from ...autograd.function import Op
from ..._tensor import Tensor
from ...ops.gather_scatter import _add_at, _scatter_index
from ._kernels import require_dtype
from .conv import _pair
from .pooling import _adaptive_windows


def _max_along(xp, x, windows, axis):
    """Max and (window-relative + start) argmax over each window along ``axis``, stacked."""
    vals, args = [], []
    for s, e in windows:
        part = x[..., s:e, :] if axis == -2 else x[..., s:e]
        a = part.argmax(axis=axis)            # the first maximum
        if part.dtype.kind == "f":
            # torch's scan takes a later element if greater *or NaN*: the last NaN wins
            isnan = xp.isnan(part)
            last_nan = (e - s - 1) - xp.flip(isnan, axis=axis).argmax(axis=axis)
            a = xp.where(isnan.any(axis=axis), last_nan, a)
        args.append(a + s)
        vals.append(xp.take_along_axis(part, xp.expand_dims(a, axis), axis=axis)
                    .squeeze(axis))
    return xp.stack(vals, axis=axis), xp.stack(args, axis=axis)


class AdaptiveMaxPool2D(Op):
    node_name = "AdaptiveMaxPool2DBackward0"
    saved_names = ("self",)
    saved_attrs = ("result1",)
    differentiable_outputs = (0,)

    @staticmethod
    def forward(ctx, a, out_size):
        x = a._data
        xp = a._xp()
        H, W = x.shape[-2:]
        hw = _adaptive_windows(H, out_size[0])
        ww = _adaptive_windows(W, out_size[1])
        col_max, col_arg = _max_along(xp, x, ww, -1)              # (..., H, ow)
        out, row_arg = _max_along(xp, col_max, hw, -2)            # (..., oh, ow)
        col = xp.take_along_axis(col_arg, row_arg, axis=-2)       # the winner's column
        indices = (row_arg * W + col).astype(xp.int64)
        ctx.save_for_backward(a)
        ctx.result1 = Tensor._make(indices)
        return out, indices

    @staticmethod
    def backward(ctx, grad, _):
        a, = ctx.saved_tensors
        return AdaptiveMaxPool2DBackward.apply(grad, a.shape, ctx.result1._data), None


class AdaptiveMaxPool2DBackward(Op):
    """Each output gradient added at its winner's flat position in ``H*W``."""

    node_name = "AdaptiveMaxPool2DBackwardBackward0"

    @staticmethod
    def forward(ctx, grad, x_shape, indices):
        ctx.indices = indices
        g = grad._data
        xp = grad._xp()
        lead = tuple(x_shape[:-2])
        n = x_shape[-2] * x_shape[-1]
        out = xp.zeros(lead + (n,), dtype=g.dtype)
        flat_idx = indices.reshape(lead + (-1,))
        _add_at(xp, out, _scatter_index(xp, flat_idx, out.ndim - 1), g.reshape(lead + (-1,)))
        return out.reshape(tuple(x_shape))

    @staticmethod
    def backward(ctx, gg):
        idx = Tensor._make(ctx.indices)
        return gg.flatten(-2).gather(-1, idx.flatten(-2)).reshape(idx.shape), None, None


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max-pool ``(N, C, H, W)`` or ``(C, H, W)`` to ``output_size`` (``None`` keeps that
    input size); ``return_indices`` also gives each maximum's flat index into ``H*W``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.arange(16.).reshape(1, 4, 4)
    >>> torch.nn.functional.adaptive_max_pool2d(x, 2)
    tensor([[[ 5.,  7.],
             [13., 15.]]])
    """
    if input.dim() not in (3, 4):
        raise RuntimeError(f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: "
                           f"{list(input.shape)}")
    for d in range(1, input.dim()) if input.dim() == 4 else range(input.dim()):
        if input.shape[d] == 0:
            raise RuntimeError("adaptive_max_pool2d(): Expected input to have non-zero size for "
                               f"non-batch dimensions, but input has sizes {list(input.shape)} "
                               f"with dimension {d} being empty")
    size = tuple(output_size) if isinstance(output_size, (tuple, list)) else \
        _pair(output_size)
    if len(size) != 2:
        raise RuntimeError("adaptive_max_pool2d(): internal error: output_size.size() must be 2")
    size = tuple(input.shape[-2 + i] if v is None else int(v) for i, v in enumerate(size))
    require_dtype(input, "adaptive_max_pool2d")
    out, idx = AdaptiveMaxPool2D.apply(input, size)
    return (out, idx) if return_indices else out
