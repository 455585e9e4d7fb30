"""``conv_transpose1d`` and ``conv_transpose2d``: the transposed ("fractionally strided")
convolution, through BLAS.

A transposed convolution is the input gradient of a convolution, run forwards: every input
pixel spreads ``weight``-weighted copies of itself over a ``kh x kw`` patch of the (larger)
output. So its forward is the convolution's col2im path (one matmul per group, then one
strided add per kernel offset) and its derivatives are convolutions again::

    y = conv_transpose2d(x, w)          <=>   <y, g> = <x, conv2d(g, w)>  for every g
    dL/dx = conv2d(grad, w)             (the same stride, padding, dilation, groups)
    dL/dw = the weight gradient of conv2d(grad, w) with output gradient x

Torch names this node ``ConvolutionBackward0`` too (``_saved_transposed`` is True); the
three gradients come from one op, ``ConvolutionBackwardBackward0`` as in torch, whose own
derivatives are (transposed) convolutions once more, so ``create_graph=True`` works. As in
``conv.py``, the 1-D case runs as 2-D over height-1 views.
"""
from ...autograd.function import Op
from ... import _dtype
from ...ops._util import check_same_device
from ._kernels import require_dtype
from .conv import (Convolution, ConvolutionBackward, _as_4d, _check_dtypes, _conv_backward,
                   _conv_forward, _input_grad, _lift, _pair)


def _out_size(size, k, s, p, d, op):
    return (size - 1) * s - 2 * p + d * (k - 1) + op + 1


class ConvolutionTransposed(Op):
    """``out[n, o, s*h + d*i - p, s*w + d*j - p] += weight[c, o, i, j] * x[n, c, h, w]``
    (within the group of ``c``), plus ``bias[o]``."""

    node_name = "ConvolutionBackward0"
    saved_names = ("input", "weight")
    saved_attrs = ("stride", "padding", "dilation", "groups", "transposed", "output_padding",
                   "bias_sym_sizes_opt")

    @staticmethod
    def forward(ctx, x, w, b, params, output_padding):
        xp = x._xp()
        ctx.params = params
        ctx.stride, ctx.padding, ctx.dilation, ctx.groups = params
        ctx.transposed, ctx.output_padding = True, output_padding
        ctx.bias_sym_sizes_opt = (0,) if b is None else tuple(b.shape)
        stride, padding, dilation, groups = _lift(params)
        output_padding = ((0,) + tuple(output_padding))[-2:]
        a, wa = _as_4d(x._data), _as_4d(w._data)
        N, Cin, H, W = a.shape
        Cog, kh, kw = wa.shape[1:]
        Ho = _out_size(H, kh, stride[0], padding[0], dilation[0], output_padding[0])
        Wo = _out_size(W, kw, stride[1], padding[1], dilation[1], output_padding[1])
        # the input in the layout of a convolution's output gradient: (groups, Cin/groups, N*H*W)
        xmat = a.transpose(1, 0, 2, 3).reshape(groups, Cin // groups, N * H * W)
        out = xp.ascontiguousarray(_input_grad(xp, xmat, wa, (N, Cog * groups, Ho, Wo), H, W,
                                               stride, padding, dilation, groups))
        if b is not None:
            out += b._data.reshape(1, -1, 1, 1)
        if any(ctx.needs_input_grad):
            ctx.save_for_backward(x, w)
        return out if x.ndim == 4 else out[:, :, 0]

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        mask = tuple(ctx.needs_input_grad[:3])
        gx, gw, gb = ConvolutionTransposedBackward.apply(grad, x, w, ctx.params, mask)
        return (gx if mask[0] else None, gw if mask[1] else None, gb if mask[2] else None,
                None, None)


class ConvolutionTransposedBackward(Op):
    """The three gradients of a transposed convolution, as one op (torch's
    ``convolution_backward`` with ``transposed=True``) so that they can be differentiated::

        gx = conv2d(grad, w)      gw = conv2d's weight gradient (input grad, output grad x)
        gb = grad summed over N, H, W
    """

    node_name = "ConvolutionBackwardBackward0"
    saved_names = ("grad_output", "input", "weight")
    saved_attrs = ("stride", "padding", "dilation", "groups", "output_mask")

    @staticmethod
    def forward(ctx, go, x, w, params, output_mask):
        ctx.params, ctx.output_mask = params, output_mask
        ctx.stride, ctx.padding, ctx.dilation, ctx.groups = params
        if any(ctx.needs_input_grad):
            ctx.save_for_backward(go, x, w)
        xp = x._xp()
        zero = xp.zeros((), dtype=x._data.dtype)
        go4, x4, w4 = _as_4d(go._data), _as_4d(x._data), _as_4d(w._data)
        gx = _conv_forward(xp, go4, w4, None, *_lift(params))[0] if output_mask[0] else None
        # the roles of the convolution's input and output gradient swap
        gw = _conv_backward(xp, x4, go4, w4, None, *_lift(params),
                            (False, True, False))[1] if output_mask[1] else None
        if x.ndim == 3:          # back from the height-1 views of a 1-D convolution
            gx = None if gx is None else gx[:, :, 0]
            gw = None if gw is None else gw[:, :, 0]
        gb = go._data.sum(axis=(0,) + tuple(range(2, go.ndim))) if output_mask[2] else \
            xp.broadcast_to(zero, (w.shape[1] * params[3],))
        return (xp.broadcast_to(zero, x.shape) if gx is None else gx,
                xp.broadcast_to(zero, w.shape) if gw is None else gw, gb)

    @staticmethod
    def backward(ctx, ggx, ggw, ggb):
        go, x, w = ctx.saved_tensors
        mask, params = ctx.output_mask, ctx.params
        need_go, need_x, need_w = ctx.needs_input_grad[:3]
        d_go = d_x = d_w = None
        if need_go:
            terms = []
            if mask[0]:             # gx = conv2d(go, w): its adjoint in go
                terms.append(ConvolutionTransposed.apply(ggx, w, None, params, _op(ctx)))
            if mask[1]:             # <ggw, gw> = <x, conv2d(go, ggw)>
                terms.append(ConvolutionTransposed.apply(x, ggw, None, params, _op(ctx)))
            if mask[2]:
                terms.append(ggb.reshape((1, -1) + (1,) * (go.dim() - 2)).expand(go.shape))
            for t in terms:
                d_go = t if d_go is None else d_go + t
        if need_x and mask[1]:
            d_x = Convolution.apply(go, ggw, None, params)
        if need_w and mask[0]:      # <ggx, conv2d(go, w)>: conv2d's weight gradient
            d_w = ConvolutionBackward.apply(ggx, go, w, params, (False, True, False), None)[1]
        return d_go, d_x, d_w, None, None


def _op(ctx):
    """The output padding of the forward transposed convolution, recovered from the shapes
    (``grad_output`` is its output, ``input`` its input)."""
    go, x, w = ctx.saved_tensors
    s, p, d, _ = ctx.params
    return tuple(go.shape[2 + i] - _out_size(x.shape[2 + i], w.shape[2 + i], s[i], p[i], d[i],
                                             0) for i in range(len(s)))


def _check(input, weight, bias, params, output_padding, name):
    """Torch's checks, on the input already batched; the output-padding rule is checked on
    the 2-D geometry (a 1-D one lifted), as torch prints it."""
    n = len(params[0])
    if weight.dim() != n + 2:
        raise RuntimeError(f"Expected {weight.dim()}-dimensional input for {weight.dim()}-"
                           f"dimensional weight {list(weight.shape)}, but got "
                           f"{input.dim()}-dimensional input of size {list(input.shape)} instead")
    groups = params[3]
    if input.shape[1] != weight.shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected "
                           f"input{list(input.shape)} to have {weight.shape[0]} channels, but "
                           f"got {input.shape[1]} channels instead")
    out_channels = weight.shape[1] * groups
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != out_channels):
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected "
                           f"bias to be 1-dimensional with {out_channels} elements, but got "
                           f"bias of size {list(bias.shape)} instead")
    stride, _, dilation, _ = _lift(params)
    op = ((0,) + tuple(output_padding))[-2:]
    if any(o >= s and o >= d for o, s, d in zip(op, stride, dilation)):
        raise RuntimeError(
            "output padding must be smaller than either stride or dilation, but got "
            f"output_padding_height: {op[0]} output_padding_width: {op[1]} stride_height: "
            f"{stride[0]} stride_width: {stride[1]} dilation_height: {dilation[0]} "
            f"dilation_width: {dilation[1]}")
    if any(o >= s for o, s in zip(op, stride)):
        # torch allows stride <= output_padding < dilation; its gradient needs a cropped
        # convolution this module does not do
        raise NotImplementedError(f"autograd_lab's {name} needs output_padding < stride")
    _check_dtypes(input, weight)
    require_dtype(input, "slow_conv_transpose2d_out_cpu", also=(_dtype.int64,))


def _conv_transposed(input, weight, bias, stride, padding, output_padding, groups, dilation,
                     n, name):
    """What conv_transpose1d and conv_transpose2d share: unbatched inputs, checks."""
    check_same_device(input, weight)
    if isinstance(padding, str):
        raise TypeError(f"{name}(): argument 'padding' must be tuple of ints, not str")
    if input.dim() not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to "
                           f"{name}, but got input of size: {list(input.shape)}")
    params = (_pair(stride, n=n), _pair(padding, n=n), _pair(dilation, n=n), groups)
    output_padding = _pair(output_padding, n=n)
    unbatched = input.dim() == n + 1
    if unbatched:
        input = input.unsqueeze(0)
    _check(input, weight, bias, params, output_padding, name)
    out = ConvolutionTransposed.apply(input, weight, bias, params, output_padding)
    return out.squeeze(0) if unbatched else out


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """1-D transposed convolution of ``input (N, C_in, L)`` with
    ``weight (C_in, C_out/groups, k)``: the gradient of ``conv1d`` with respect to its input.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.conv_transpose1d(torch.ones(1, 1, 3), torch.ones(1, 1, 2))
    tensor([[[1., 2., 2., 1.]]])
    """
    return _conv_transposed(input, weight, bias, stride, padding, output_padding, groups,
                            dilation, 1, "conv_transpose1d")


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """2-D transposed convolution of ``input (N, C_in, H, W)`` with
    ``weight (C_in, C_out/groups, kh, kw)``: the gradient of ``conv2d`` with respect to its
    input, used to upsample (decoders, GAN generators).

    The output has size ``(H - 1)*stride - 2*padding + dilation*(kh - 1) + output_padding + 1``
    (and likewise for W).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.ones(1, 1, 2, 2)
    >>> torch.nn.functional.conv_transpose2d(x, torch.ones(1, 1, 2, 2), stride=2)
    tensor([[[[1., 1., 1., 1.],
              [1., 1., 1., 1.],
              [1., 1., 1., 1.],
              [1., 1., 1., 1.]]]])
    """
    return _conv_transposed(input, weight, bias, stride, padding, output_padding, groups,
                            dilation, 2, "conv_transpose2d")
