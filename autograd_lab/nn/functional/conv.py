"""``conv1d`` and ``conv2d``: convolution (really cross-correlation, as in PyTorch) through
BLAS.

Forward, "im2col": a strided *view* of the padded input gives every receptive field at once,
shape ``(N, C, kh, kw, Ho, Wo)`` (no copy, no Python loop over pixels). One copy lays it out
as columns ``(groups, C/groups*kh*kw, N*Ho*Wo)``, and one matmul per group with the weight
``(groups, O/groups, C/groups*kh*kw)`` gives every output pixel of the whole batch.

Backward: the weight gradient is the same product with the columns transposed (BLAS reads the
transpose in place); the input gradient multiplies by the transposed weight and scatters the
columns back ("col2im") with one strided add per kernel offset (``kh*kw`` adds, not one per
pixel).

The backward is itself an op (``ConvolutionBackwardBackward0``) so ``create_graph=True`` works:
every derivative of a convolution is again a convolution or its backward.

A 1-D convolution is the 2-D one over images of height 1: the ops see ``(N, C, L)`` arrays as
``(N, C, 1, L)`` views (no copy), with stride 1, padding 0 and dilation 1 along the dummy
height, and keep the 1-D geometry in their saved attributes as torch does.
"""
import warnings

from ...autograd.function import Op
from ...ops._util import check_same_device


def _pair(v, name="", n=2):
    if isinstance(v, (tuple, list)):
        return tuple(int(i) for i in v) if len(v) != 1 else (int(v[0]),) * n
    return (int(v),) * n


def _windows(xp, xpad, kh, kw, Ho, Wo, stride, dilation):
    """View of every receptive field: ``(N, C, kh, kw, Ho, Wo)``, sharing ``xpad``'s memory."""
    sN, sC, sH, sW = xpad.strides
    shape = (xpad.shape[0], xpad.shape[1], kh, kw, Ho, Wo)
    strides = (sN, sC, sH * dilation[0], sW * dilation[1], sH * stride[0], sW * stride[1])
    return xp.lib.stride_tricks.as_strided(xpad, shape, strides)


def _pad_input(xp, x, padding):
    ph, pw = padding
    if ph == 0 and pw == 0:
        return x
    return xp.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))


def _im2col(xp, x, kh, kw, stride, padding, dilation, groups):
    """Columns ``(groups, C/groups*kh*kw, N*Ho*Wo)`` (a copy) and the output size."""
    N, C, H, W = x.shape
    Ho = (H + 2 * padding[0] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    Wo = (W + 2 * padding[1] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    win = _windows(xp, _pad_input(xp, x, padding), kh, kw, Ho, Wo, stride, dilation)
    # channel and kernel offsets first, then batch and pixels: the batch joins the matmul
    cols = win.transpose(1, 2, 3, 0, 4, 5).reshape(groups, (C // groups) * kh * kw,
                                                    N * Ho * Wo)
    return cols, Ho, Wo


def _col2im(xp, cols, x_shape, kh, kw, Ho, Wo, stride, padding, dilation):
    """Sum columns ``(C, kh, kw, N, Ho, Wo)`` back into an ``(N, C, H, W)`` array."""
    N, C, H, W = x_shape
    ph, pw = padding
    out = xp.zeros((N, C, H + 2 * ph, W + 2 * pw), dtype=cols.dtype)
    out_t = out.transpose(1, 0, 2, 3)           # (C, N, Hp, Wp) view, matching the columns
    for i in range(kh):             # one strided add per kernel offset
        hi = i * dilation[0]
        for j in range(kw):
            wj = j * dilation[1]
            out_t[:, :, hi:hi + stride[0] * (Ho - 1) + 1:stride[0],
                  wj:wj + stride[1] * (Wo - 1) + 1:stride[1]] += cols[:, i, j]
    return out[:, :, ph:ph + H, pw:pw + W]


def _lift(params):
    """The geometry of a 1-D convolution as that of a 2-D one over a height-1 image."""
    stride, padding, dilation, groups = params
    if len(stride) == 2:
        return params
    return (1,) + stride, (0,) + padding, (1,) + dilation, groups


def _as_4d(a):
    """An ``(N, C, L)`` array as an ``(N, C, 1, L)`` view; 4-D arrays unchanged."""
    return a[:, :, None] if a.ndim == 3 else a


def _group_matmul(xp, a, b):
    """``a @ b`` for stacks ``(groups, m, k) @ (groups, k, n)``: a plain 2-D product for the
    usual single group (NumPy's stacked matmul can miss the BLAS path for transposed
    operands)."""
    if a.shape[0] == 1:
        return (a[0] @ b[0])[None]
    return xp.matmul(a, b)


def _conv_forward(xp, x, w, b, stride, padding, dilation, groups):
    N = x.shape[0]
    O, Cg, kh, kw = w.shape
    cols, Ho, Wo = _im2col(xp, x, kh, kw, stride, padding, dilation, groups)
    wmat = w.reshape(groups, O // groups, Cg * kh * kw)
    out = _group_matmul(xp, wmat, cols)               # (groups, O/groups, N*Ho*Wo)
    # back to (N, O, Ho, Wo), written straight into a C-contiguous result
    res = xp.empty((N, O, Ho, Wo), dtype=out.dtype)
    res[...] = out.reshape(O, N, Ho, Wo).transpose(1, 0, 2, 3)
    if b is not None:
        res += b.reshape(1, O, 1, 1)
    return res, cols


def _input_grad(xp, gmat, w, x_shape, Ho, Wo, stride, padding, dilation, groups):
    """The input gradient from the output gradient in the columns' layout ``gmat``
    ``(groups, O/groups, N*Ho*Wo)``: transposed weight times gradient, then col2im. (Also the
    forward of a transposed convolution.)"""
    N, C = x_shape[:2]
    O, Cg, kh, kw = w.shape
    wmat = w.reshape(groups, O // groups, Cg * kh * kw)
    gcols = _group_matmul(xp, wmat.transpose(0, 2, 1), gmat)      # (groups, Cg*kh*kw, N*L)
    return _col2im(xp, gcols.reshape(C, kh, kw, N, Ho, Wo), x_shape, kh, kw, Ho, Wo,
                   stride, padding, dilation)


def _conv_backward(xp, go, x, w, cols, stride, padding, dilation, groups, output_mask):
    """Gradients of the convolution for input, weight and bias (arrays)."""
    N, C, H, W = x.shape
    O, Cg, kh, kw = w.shape
    Ho, Wo = go.shape[2], go.shape[3]
    # the output gradient in the columns' layout: (groups, O/groups, N*Ho*Wo)
    gmat = go.transpose(1, 0, 2, 3).reshape(groups, O // groups, N * Ho * Wo)
    gi = gw = gb = None
    if output_mask[0]:
        gi = _input_grad(xp, gmat, w, x.shape, Ho, Wo, stride, padding, dilation, groups)
    if output_mask[1]:
        if cols is None:
            cols, _, _ = _im2col(xp, x, kh, kw, stride, padding, dilation, groups)
        gw = _group_matmul(xp, gmat, cols.transpose(0, 2, 1)).reshape(O, Cg, kh, kw)
    if output_mask[2]:
        gb = go.sum(axis=(0, 2, 3))
    return gi, gw, gb


class Convolution(Op):
    """``out[n, o] = bias[o] + sum_{c,i,j} weight[o, c, i, j] * x_pad[n, c, s*h + d*i, s*w + d*j]``
    (within the group of ``o``)."""

    node_name = "ConvolutionBackward0"
    saved_names = ("input", "weight")
    saved_attrs = ("stride", "padding", "dilation", "groups", "transposed", "output_padding",
                   "bias_sym_sizes_opt")

    @staticmethod
    def forward(ctx, x, w, b, params):
        stride, padding, dilation, groups = params
        xp = x._xp()
        ctx.params = params
        ctx.stride, ctx.padding, ctx.dilation, ctx.groups = stride, padding, dilation, groups
        ctx.transposed, ctx.output_padding = False, (0,) * len(stride)
        ctx.bias_sym_sizes_opt = (0,) if b is None else tuple(b.shape)
        out, _ = _conv_forward(xp, _as_4d(x._data), _as_4d(w._data),
                               None if b is None else b._data, *_lift(params))
        if x.ndim == 3:
            out = out[:, :, 0]
        if any(ctx.needs_input_grad):
            # like torch, keep only input and weight: the columns are rebuilt in backward
            # (one copy) rather than held, kh*kw times the input's size, for the graph's life
            ctx.save_for_backward(x, w)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gi, gw, gb = ConvolutionBackward.apply(grad, x, w, ctx.params,
                                               (need_x, need_w, need_b), None)
        return (gi if need_x else None, gw if need_w else None, gb if need_b else None, None)


class ConvolutionBackward(Op):
    """The backward of a convolution as an op of its own, so that it can be differentiated.

    Its derivatives: d(grad_input)/d(weight) and d(grad_weight)/d(input) are again
    convolution backwards, d(.)/d(grad_output) a convolution forward.
    """

    node_name = "ConvolutionBackwardBackward0"
    saved_names = ("grad_output", "input", "weight")
    saved_attrs = ("stride", "padding", "dilation", "groups", "output_mask")

    @staticmethod
    def forward(ctx, go, x, w, params, output_mask, cols):
        stride, padding, dilation, groups = params
        xp = x._xp()
        ctx.params = params
        ctx.stride, ctx.padding, ctx.dilation, ctx.groups = stride, padding, dilation, groups
        ctx.output_mask = output_mask
        if any(ctx.needs_input_grad):
            ctx.save_for_backward(go, x, w)
        gi, gw, gb = _conv_backward(xp, _as_4d(go._data), _as_4d(x._data), _as_4d(w._data),
                                    cols, *_lift(params), output_mask)
        if x.ndim == 3:          # back from the height-1 view of a 1-D convolution
            gi = None if gi is None else gi[:, :, 0]
            gw = None if gw is None else gw[:, :, 0]
        # outputs that were not asked for are zero-stride placeholders (no memory)
        zero = xp.zeros((), dtype=x._data.dtype)
        return (xp.broadcast_to(zero, x.shape) if gi is None else gi,
                xp.broadcast_to(zero, w.shape) if gw is None else gw,
                xp.broadcast_to(zero, (w.shape[0],)) if gb is None else gb)

    @staticmethod
    def backward(ctx, ggi, ggw, ggb):
        go, x, w = ctx.saved_tensors
        mask = ctx.output_mask
        ggi = ggi if mask[0] else None
        ggw = ggw if mask[1] else None
        ggb = ggb if mask[2] else None
        need_go, need_x, need_w = ctx.needs_input_grad[:3]
        params = ctx.params
        d_go = d_x = d_w = None
        if need_go:
            terms = []
            if ggi is not None:
                terms.append(Convolution.apply(ggi, w, None, params))
            if ggw is not None:
                terms.append(Convolution.apply(x, ggw, None, params))
            if ggb is not None:
                terms.append(ggb.reshape((1, -1) + (1,) * (go.dim() - 2)).expand(go.shape))
            for t in terms:
                d_go = t if d_go is None else d_go + t
        if need_w and ggi is not None:
            d_w = ConvolutionBackward.apply(go, ggi, w, params, (False, True, False), None)[1]
        if need_x and ggw is not None:
            d_x = ConvolutionBackward.apply(go, x, ggw, params, (True, False, False), None)[0]
        return d_go, d_x, d_w, None, None, None


def _same_padding(weight, stride, dilation):
    """Torch's ``padding='same'``: per dim (left, right) with right >= left."""
    if any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    pads = []
    for k, d in zip(weight.shape[2:], dilation):
        total = d * (k - 1)
        pads.append((total // 2, total - total // 2))
    return pads


_warned_same_padding = False


def _warn_asymmetric_same_padding():
    """Torch's warning (TORCH_WARN_ONCE: once per process) when 'same' needs more padding on
    one side, which costs a padded copy of the input -- here as there."""
    global _warned_same_padding
    if not _warned_same_padding:
        _warned_same_padding = True
        warnings.warn("Using padding='same' with even kernel lengths and odd dilation may "
                      "require a zero-padded copy of the input be created (Triggered internally "
                      "at /__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1101.)",
                      UserWarning, stacklevel=4)


def _check(input, weight, bias, groups, padding):
    n = weight.dim() - 2
    C = input.shape[1]
    if C != weight.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, expected "
                           f"input{list(input.shape)} to have {weight.shape[1] * groups} "
                           f"channels, but got {C} channels instead")
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be "
                           f"1-dimensional with {weight.shape[0]} elements, but got bias of size "
                           f"{list(bias.shape)} instead")
    padded = [input.shape[2 + i] + 2 * padding[i] for i in range(n)]
    if any(p < k for p, k in zip(padded, weight.shape[2:])):
        raise RuntimeError(f"Calculated padded input size per channel: "
                           f"({' x '.join(map(str, padded))}). Kernel size: "
                           f"({' x '.join(map(str, weight.shape[2:]))}). Kernel size can't be "
                           "greater than actual input size")
    _check_dtypes(input, weight)


def _check_dtypes(input, weight):
    if input._data.dtype != weight._data.dtype:
        from ... import _dtype
        if input.dtype == _dtype.float32:     # torch's oneDNN-eligible input: its own message
            raise RuntimeError(f"Input type ({input.type()}) and weight type ({weight.type()}) "
                               "should be the same or input should be a MKLDNN tensor and "
                               "weight is a dense tensor")
        raise RuntimeError(f"expected scalar type {_dtype.type_name(input.dtype)} but found "
                           f"{_dtype.type_name(weight.dtype)}")


def _convolution(input, weight, bias, stride, padding, dilation, groups, n, name):
    """Everything conv1d and conv2d share: unbatched inputs, string padding, checks."""
    check_same_device(input, weight)
    if input.dim() not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to "
                           f"{name}, but got input of size: {list(input.shape)}")
    if weight.dim() != n + 2:
        raise RuntimeError(f"Expected {weight.dim()}-dimensional input for {weight.dim()}-"
                           f"dimensional weight {list(weight.shape)}, but got "
                           f"{input.dim()}-dimensional input of size {list(input.shape)} instead")
    stride, dilation = _pair(stride, n=n), _pair(dilation, n=n)
    unbatched = input.dim() == n + 1
    if unbatched:
        input = input.unsqueeze(0)
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0,) * n
        elif padding == "same":
            pads = _same_padding(weight, stride, dilation)
            if any(left != right for left, right in pads):
                _warn_asymmetric_same_padding()
                # torch pads the extra (right/bottom) row first, then convolves symmetrically
                from .padding import pad
                extra = []
                for left, right in reversed(pads):
                    extra += [0, right - left]
                input = pad(input, tuple(extra))
            padding = tuple(left for left, _ in pads)
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        padding = _pair(padding, n=n)
    _check(input, weight, bias, groups, padding)
    out = Convolution.apply(input, weight, bias, (stride, padding, dilation, groups))
    return out.squeeze(0) if unbatched else out


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D cross-correlation of ``input (N, C, L)`` with ``weight (O, C/groups, k)``.

    The same BLAS convolution as :func:`conv2d`, on a height-1 view of the input
    (``ConvolutionBackward0``, as in torch).

    Parameters
    ----------
    stride, dilation : int or (int,)
    padding : int, (int,), 'valid' or 'same'
    groups : int
        Split channels into ``groups`` independent convolutions.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.arange(5.).reshape(1, 1, 5)
    >>> torch.nn.functional.conv1d(x, torch.ones(1, 1, 3))
    tensor([[[3., 6., 9.]]])
    """
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D cross-correlation of ``input (N, C, H, W)`` with ``weight (O, C/groups, kh, kw)``.

    Parameters
    ----------
    stride, dilation : int or (int, int)
    padding : int, (int, int), 'valid' or 'same'
    groups : int
        Split channels into ``groups`` independent convolutions.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.ones(1, 1, 4, 4)
    >>> torch.nn.functional.conv2d(x, torch.ones(1, 1, 3, 3))
    tensor([[[[9., 9.],
              [9., 9.]]]])
    """
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")
