"""``unfold`` (im2col) and ``fold`` (col2im): sliding blocks to columns and back.

``unfold`` lays every ``kh x kw`` block of a ``(N, C, H, W)`` input out as a column of
length ``C*kh*kw``: ``(N, C*kh*kw, L)`` with ``L`` blocks. It is the first half of
``conv2d`` (``conv.py``), seen by the user: a strided view of every block, copied once.
``fold`` is its adjoint: it adds each column back into its block of the output (overlapping
blocks sum), one strided add per kernel offset. Each is the other's backward, so
``create_graph`` differentiates them again (``Im2ColBackward0`` / ``Col2ImBackward0``).
"""
from ...autograd.function import Op
from ._kernels import require_dtype
from .conv import _col2im, _pad_input, _pair, _windows


def _blocks(size, k, d, p, s):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


class Im2Col(Op):
    node_name = "Im2ColBackward0"
    saved_attrs = ("dilation", "kernel_size", "padding", "self_sym_argsize_minus_1",
                   "self_sym_argsize_minus_2", "stride")

    @staticmethod
    def forward(ctx, a, kernel_size, dilation, padding, stride):
        x = a._data
        xp = a._xp()
        batched = x if x.ndim == 4 else x[None]
        N, C, H, W = batched.shape
        (kh, kw), Ho, Wo = kernel_size, _blocks(H, kernel_size[0], dilation[0], padding[0],
                                                 stride[0]), \
            _blocks(W, kernel_size[1], dilation[1], padding[1], stride[1])
        win = _windows(xp, _pad_input(xp, batched, padding), kh, kw, Ho, Wo, stride, dilation)
        cols = win.reshape(N, C * kh * kw, Ho * Wo)            # the one copy
        ctx.kernel_size, ctx.dilation, ctx.padding, ctx.stride = (kernel_size, dilation,
                                                                  padding, stride)
        ctx.self_sym_argsize_minus_2, ctx.self_sym_argsize_minus_1 = H, W
        return cols if x.ndim == 4 else cols[0]

    @staticmethod
    def backward(ctx, grad):
        return (Col2Im.apply(grad, (ctx.self_sym_argsize_minus_2, ctx.self_sym_argsize_minus_1),
                             ctx.kernel_size, ctx.dilation, ctx.padding, ctx.stride),
                None, None, None, None)


class Col2Im(Op):
    node_name = "Col2ImBackward0"
    saved_attrs = ("dilation", "kernel_size", "padding", "stride")

    @staticmethod
    def forward(ctx, a, output_size, kernel_size, dilation, padding, stride):
        c = a._data
        xp = a._xp()
        batched = c if c.ndim == 3 else c[None]
        N = batched.shape[0]
        (kh, kw), (H, W) = kernel_size, output_size
        Ho = _blocks(H, kh, dilation[0], padding[0], stride[0])
        Wo = _blocks(W, kw, dilation[1], padding[1], stride[1])
        C = batched.shape[1] // (kh * kw)
        # columns in _col2im's layout (C, kh, kw, N, Ho, Wo): a transposed view
        cols = batched.reshape(N, C, kh, kw, Ho, Wo).transpose(1, 2, 3, 0, 4, 5)
        out = xp.ascontiguousarray(_col2im(xp, cols, (N, C, H, W), kh, kw, Ho, Wo, stride,
                                           padding, dilation))
        ctx.kernel_size, ctx.dilation, ctx.padding, ctx.stride = (kernel_size, dilation,
                                                                  padding, stride)
        return out if c.ndim == 3 else out[0]

    @staticmethod
    def backward(ctx, grad):
        return (Im2Col.apply(grad, ctx.kernel_size, ctx.dilation, ctx.padding, ctx.stride),
                None, None, None, None, None)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extract sliding blocks: ``(N, C, H, W) -> (N, C*kh*kw, L)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.arange(9.).reshape(1, 1, 3, 3)
    >>> torch.nn.functional.unfold(x, 2)
    tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
    """
    if input.dim() < 3:
        raise IndexError(f"Dimension out of range (expected to be in range of "
                         f"[-{input.dim()}, {input.dim() - 1}], but got 2)")
    if input.dim() not in (3, 4):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and "
                           f"other non-zero dimensions for input, but got: {list(input.shape)}")
    k, d, p, s = _pair(kernel_size), _pair(dilation), _pair(padding), _pair(stride)
    H, W = input.shape[-2:]
    blocks = (_blocks(H, k[0], d[0], p[0], s[0]), _blocks(W, k[1], d[1], p[1], s[1]))
    if blocks[0] < 1 or blocks[1] < 1:
        raise RuntimeError(f"Given input with spatial size ({H}, {W}), kernel_size={k}, "
                           f"dilation={d}, padding={p}, calculated shape of the array of sliding "
                           f"blocks as {blocks}, but its components must be at least one.")
    require_dtype(input, "im2col_out_cpu", "fb")
    return Im2Col.apply(input, k, d, p, s)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sum columns ``(N, C*kh*kw, L)`` back into an ``(N, C, H, W)`` image (the adjoint of
    :func:`unfold`; overlapping blocks add up).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> cols = torch.ones(1, 4, 4)
    >>> torch.nn.functional.fold(cols, (3, 3), 2)
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """
    if input.dim() not in (2, 3):
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                           "batch size and non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    o, k, d = _pair(output_size), _pair(kernel_size), _pair(dilation)
    p, s = _pair(padding), _pair(stride)
    rows, n_blocks = input.shape[-2:]
    if rows % (k[0] * k[1]) != 0:
        raise RuntimeError(f"Expected size of input's dimension {input.dim() - 2} to be divisible "
                           f"by the product of kernel_size, but got input.size("
                           f"{input.dim() - 2})={rows} and kernel_size={k}.")
    bh, bw = _blocks(o[0], k[0], d[0], p[0], s[0]), _blocks(o[1], k[1], d[1], p[1], s[1])
    if bh * bw != n_blocks:
        raise RuntimeError(f"Given output_size={o}, kernel_size={k}, dilation={d}, padding={p}, "
                           f"stride={s}, expected size of input's dimension {input.dim() - 1} to "
                           f"match the calculated number of sliding blocks {bh} * {bw} = "
                           f"{bh * bw}, but got input.size({input.dim() - 1})={n_blocks}.")
    require_dtype(input, "col2im_out_cpu", "fb")
    return Col2Im.apply(input, o, k, d, p, s)
