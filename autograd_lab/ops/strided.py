"""Views picked out of a tensor's memory by strides: ``Tensor.unfold`` (sliding windows,
``UnfoldBackward0``) and ``as_strided`` (any size and stride, ``AsStridedBackward0``, whose
op lives in ``copy_slices.py`` as the node views get after an in-place change). Elements may
be seen more than once; their gradients then add up.
"""
from ..autograd.function import Op
from .._size import Size
from ._util import shape_args, wrap_dim


# ---------------------------------------------------------------------------- unfold
class Unfold(Op):
    """``input.unfold(dim, size, step)``: every window of ``size`` elements along ``dim``,
    ``step`` apart, as a new last dim. A view: windows that overlap share memory."""
    node_name = "UnfoldBackward0"
    saved_attrs = ("dimension", "self_sym_sizes", "size", "step")
    is_view = True

    @staticmethod
    def forward(ctx, a, dim, size, step):
        x = a._data
        ctx.dimension, ctx.size, ctx.step = dim, size, step
        ctx.self_sym_sizes = Size(x.shape)
        if x.ndim == 0:
            shape, strides = (size,), (x.itemsize,)
        else:
            shape, strides = list(x.shape) + [size], list(x.strides) + [x.strides[dim]]
            shape[dim] = (x.shape[dim] - size) // step + 1
            strides[dim] *= step
        return a._xp().lib.stride_tricks.as_strided(x, tuple(shape), tuple(strides))

    @staticmethod
    def backward(ctx, grad):
        return (UnfoldBackward.apply(grad, ctx.self_sym_sizes, ctx.dimension, ctx.size,
                                     ctx.step), None, None, None)


class UnfoldBackward(Op):
    """Unfold's gradient: each window's gradient added back where the window was taken
    from (overlapping windows add up); differentiated again, an unfold."""
    node_name = "UnfoldBackwardBackward0"
    saved_attrs = ("dimension", "size", "step")

    @staticmethod
    def forward(ctx, grad, shape, dim, size, step):
        ctx.dimension, ctx.size, ctx.step = dim, size, step
        g, xp = grad._data, grad._xp()
        if not shape:                               # a 0-d input: one window of 0 or 1
            return g.sum().reshape(())
        from .gather_scatter import _add_at
        # ``dim`` moved last, all other dims as rows: out[row, places] += g[row, window, :]
        n, windows = shape[dim], g.shape[dim]
        moved = xp.moveaxis(g, dim, -2)                       # (..., windows, size)
        rows = 1
        for k in moved.shape[:-2]:
            rows *= k
        out = xp.zeros((rows, n), g.dtype)
        places = (xp.arange(windows) * step)[:, None] + xp.arange(size)      # (windows, size)
        _add_at(xp, out, (xp.arange(rows)[:, None, None], places[None]),
                moved.reshape(rows, windows, size))
        out = out.reshape(moved.shape[:-2] + (n,))
        return xp.ascontiguousarray(xp.moveaxis(out, -1, dim))

    @staticmethod
    def backward(ctx, gg):
        return Unfold.apply(gg, ctx.dimension, ctx.size, ctx.step), None, None, None, None


def unfold(input, dimension, size, step):
    """Windows of ``size`` elements along ``dimension``, ``step`` apart, as a new last dim
    (a view; ``Tensor.unfold``, not ``nn.Unfold``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.arange(5).unfold(0, 2, 2)
    tensor([[0, 1],
            [2, 3]])
    """
    d = wrap_dim(dimension, input.ndim)
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    most = input._data.shape[d] if input.ndim else 1
    if size > most:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {most} but size is "
                           f"{size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return Unfold.apply(input, d, int(size), int(step))


# ---------------------------------------------------------------------------- as_strided
def as_strided(input, size, stride, storage_offset=None):
    """A view of the input's memory with any ``size`` and ``stride`` (in elements), from
    ``storage_offset`` (by default the input's own). Elements may be seen more than once;
    their gradients then add up (``AsStridedBackward0``).

    autograd_lab can only reach elements within the memory the input itself spans (PyTorch
    can reach all of the storage of a view's base); beyond that it raises.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.arange(6.).as_strided((2, 2), (1, 2))
    tensor([[0., 2.],
            [1., 3.]])
    """
    from .copy_slices import AsStrided, geometry, layout
    size, stride = shape_args((size,)), shape_args((stride,))
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got "
                           f"strides: {list(stride)}")
    root = (input._base if input._base is not None else input)._data
    x = input._data
    own_offset = geometry(x, root)[2]          # where the input's first element lies
    offset = own_offset if storage_offset is None else int(storage_offset)
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    _, _, first, span = layout(x)
    root_span = layout(root)[3]
    need = 0 if 0 in size else offset + 1 + sum((n - 1) * s for n, s in zip(size, stride))
    if need > root_span:
        item = x.itemsize
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage "
                           f"offset {offset}, and itemsize {item} requiring a storage size of "
                           f"{need * item} are out of bounds for storage of size "
                           f"{root_span * item}")
    local = offset - (own_offset - first)      # counted from the input's lowest element
    if local < 0 or need - offset + local > span:
        raise RuntimeError("as_strided: autograd_lab can only view the memory the input "
                           "itself spans; call as_strided on the base tensor instead")
    return AsStrided.apply(input, size, stride, local)
