"""Pooling: ``max_pool2d``, ``avg_pool2d``, ``adaptive_avg_pool2d``.

Like ``conv2d`` they look at the input through a strided view ``(N, C, kh, kw, Ho, Wo)`` of
every window; reductions over the two kernel axes give the output, and the backward adds the
gradient back with one strided add per kernel offset. Each backward is an op of its own, so
that ``create_graph=True`` can differentiate it once more (pooling is linear in the gradient).
"""
from ...autograd.function import Op
from ..._tensor import Tensor
from .conv import _pair, _windows


def _as_batch(x):
    """An unbatched ``(C, H, W)`` array as a batch of one (a view)."""
    return x if x.ndim == 4 else x[None]


def _out_size(size, k, s, p, d, ceil_mode):
    """Torch's pooling output size (a window may not *start* in the right padding)."""
    num = size + 2 * p - d * (k - 1) - 1
    out = (-(-num // s) if ceil_mode else num // s) + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


def _padded(xp, x, p, k, s, d, out, fill):
    """Pad H and W by ``p`` each side, plus on the right/bottom as far as ceil_mode windows
    reach."""
    ph, pw = p
    extra_h = max(0, (out[0] - 1) * s[0] + d[0] * (k[0] - 1) + 1 - (x.shape[2] + 2 * ph))
    extra_w = max(0, (out[1] - 1) * s[1] + d[1] * (k[1] - 1) + 1 - (x.shape[3] + 2 * pw))
    if ph == pw == extra_h == extra_w == 0:
        return x
    return xp.pad(x, ((0, 0), (0, 0), (ph, ph + extra_h), (pw, pw + extra_w)),
                  constant_values=fill)


def _scatter_windows(xp, parts, x_shape, k, s, p, d, out):
    """Inverse of the window view: add ``parts[i][j]`` (N, C, Ho, Wo) at kernel offset (i, j)."""
    N, C, H, W = x_shape
    Ho, Wo = out
    Hp = max(H + 2 * p[0], (Ho - 1) * s[0] + d[0] * (k[0] - 1) + 1)
    Wp = max(W + 2 * p[1], (Wo - 1) * s[1] + d[1] * (k[1] - 1) + 1)
    acc = None
    for i in range(k[0]):
        for j in range(k[1]):
            part = parts(i, j)
            if part is None:
                continue
            if acc is None:
                acc = xp.zeros((N, C, Hp, Wp), dtype=part.dtype)
            hi, wj = i * d[0], j * d[1]
            acc[:, :, hi:hi + s[0] * (Ho - 1) + 1:s[0], wj:wj + s[1] * (Wo - 1) + 1:s[1]] += part
    return acc[:, :, p[0]:p[0] + H, p[1]:p[1] + W]


# ----------------------------------------------------------------------------- max pooling
class MaxPool2DWithIndices(Op):
    """Max over each window; the position of the max (an index into H*W) is kept for
    backward, which routes each gradient to that one input element."""

    node_name = "MaxPool2DWithIndicesBackward0"
    saved_names = ("self",)
    saved_attrs = ("kernel_size", "stride", "padding", "dilation", "ceil_mode")
    differentiable_outputs = (0,)

    @staticmethod
    def forward(ctx, a, k, s, p, d, ceil_mode, stride_arg):
        ctx.kernel_size, ctx.stride, ctx.padding, ctx.dilation = k, stride_arg, p, d
        ctx.ceil_mode = ceil_mode
        x = a._data
        xp = a._xp()
        lead = x.shape[:-2]
        x = _as_batch(x)
        N, C, H, W = x.shape
        out = (_out_size(H, k[0], s[0], p[0], d[0], ceil_mode),
               _out_size(W, k[1], s[1], p[1], d[1], ceil_mode))
        fill = -xp.inf if x.dtype.kind == "f" else xp.iinfo(x.dtype).min
        xpad = _padded(xp, x, p, k, s, d, out, fill)
        # a running max over the kh*kw kernel offsets (each a strided view of all windows);
        # ``arg`` remembers which offset won: a later one only if strictly greater, or NaN,
        # as in torch (maximum() itself propagates NaN)
        n_k = k[0] * k[1]
        small = xp.int8 if n_k < 128 else xp.int32
        best = arg = None
        for i in range(k[0]):
            for j in range(k[1]):
                v = xpad[:, :, i * d[0]:i * d[0] + s[0] * (out[0] - 1) + 1:s[0],
                         j * d[1]:j * d[1] + s[1] * (out[1] - 1) + 1:s[1]]
                if best is None:
                    best = v.copy()
                    arg = xp.zeros(best.shape, dtype=small)
                    continue
                better = v > best
                if x.dtype.kind == "f":
                    better |= xp.isnan(v)
                arg += better * (i * k[1] + j - arg)       # arg = offset where better
                xp.maximum(best, v, out=best)
        result = best
        # flat index into H*W of each max: window origin + the winning offset's position
        origin = (xp.arange(out[0]) * s[0] - p[0]).reshape(-1, 1) * W + \
            (xp.arange(out[1]) * s[1] - p[1]).reshape(1, -1)
        offset = xp.asarray([(o // k[1]) * d[0] * W + (o % k[1]) * d[1] for o in range(n_k)],
                            dtype=xp.int64)
        indices = origin + offset[arg]
        ctx.save_for_backward(a)
        ctx.arg, ctx.s, ctx.out = arg, s, out
        indices = indices.reshape(lead + out)
        ctx.result1 = Tensor._make(indices)
        return result.reshape(lead + out), indices

    @staticmethod
    def backward(ctx, grad, _):
        a, = ctx.saved_tensors
        geometry = (ctx.kernel_size, ctx.s, ctx.padding, ctx.dilation, ctx.out)
        return (MaxPool2DWithIndicesBackward.apply(grad, a, ctx.arg, geometry,
                                                   ctx.result1._data),
                None, None, None, None, None, None)


class MaxPool2DWithIndicesBackward(Op):
    node_name = "MaxPool2DWithIndicesBackwardBackward0"

    @staticmethod
    def forward(ctx, grad, a, arg, geometry, indices):
        k, s, p, d, out = geometry
        ctx.indices = indices
        g = _as_batch(grad._data)
        xp = a._xp()
        n_k = k[1]
        return _scatter_windows(
            xp, lambda i, j: xp.where(arg == i * n_k + j, g, g.dtype.type(0)),
            _as_batch(a._data).shape, k, s, p, d, out).reshape(a.shape)

    @staticmethod
    def backward(ctx, gg):
        # the scatter's adjoint is a gather at the same indices
        idx = Tensor._make(ctx.indices)
        picked = gg.flatten(-2).gather(-1, idx.flatten(-2)).reshape(idx.shape)
        return picked, None, None, None, None


def _no_stride(stride):
    """torch's pools take ``None`` or an empty list for "stride = kernel size"."""
    return stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0)


def _pool_args(kernel_size, stride, padding, dilation):
    k = _pair(kernel_size)
    s = k if _no_stride(stride) else _pair(stride)
    return k, s, _pair(padding), _pair(dilation)


def _check_pool(input, k, s, p, d, ceil_mode, name):
    if input.dim() not in (3, 4) or input.numel() == 0:
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    for kk, pp, dd in zip(k, p, d):
        if pp > (dd * (kk - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={pp}, kernel_size={kk} and dilation={dd}")
    H, W = input.shape[-2:]
    oh = _out_size(H, k[0], s[0], p[0], d[0], ceil_mode)
    ow = _out_size(W, k[1], s[1], p[1], d[1], ceil_mode)
    if oh < 1 or ow < 1:
        C = input.shape[-3]
        raise RuntimeError(f"Given input size: ({C}x{H}x{W}). Calculated output size: "
                           f"({C}x{max(oh, 0)}x{max(ow, 0)}). Output size is too small")


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Max over ``kernel_size`` windows (``MaxPool2DWithIndicesBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.arange(16.).reshape(1, 1, 4, 4)
    >>> torch.nn.functional.max_pool2d(x, 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    k, s, p, d = _pool_args(kernel_size, stride, padding, dilation)
    _check_pool(input, k, s, p, d, ceil_mode, "max_pool2d")
    stride_arg = () if stride is None else s
    out, idx = MaxPool2DWithIndices.apply(input, k, s, p, d, ceil_mode, stride_arg)
    return (out, idx) if return_indices else out


# ----------------------------------------------------------------------------- average pooling
def _avg_divisor(xp, in_size, out, k, s, p, count_include_pad, dtype):
    """How many elements each window averages over (torch's rule, per output position)."""
    divs = []
    for n_out, n_in, kk, ss, pp in zip(out, in_size, k, s, p):
        start = xp.arange(n_out) * ss - pp
        end = xp.minimum(start + kk, n_in + pp)
        size = end - start                       # clipped to the padded input
        if not count_include_pad:
            size = xp.minimum(end, n_in) - xp.maximum(start, 0)
        divs.append(size)
    return (divs[0].reshape(-1, 1) * divs[1].reshape(1, -1)).astype(dtype)


class AvgPool2D(Op):
    node_name = "AvgPool2DBackward0"
    saved_names = ("self",)
    saved_attrs = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                   "divisor_override")

    @staticmethod
    def forward(ctx, a, k, s, p, ceil_mode, count_include_pad, divisor_override, stride_arg):
        ctx.kernel_size, ctx.stride, ctx.padding = k, stride_arg, p
        ctx.ceil_mode, ctx.count_include_pad = ceil_mode, count_include_pad
        ctx.divisor_override = divisor_override
        x = _as_batch(a._data)
        xp = a._xp()
        H, W = x.shape[2:]
        d = (1, 1)
        out = (_out_size(H, k[0], s[0], p[0], 1, ceil_mode),
               _out_size(W, k[1], s[1], p[1], 1, ceil_mode))
        win = _windows(xp, _padded(xp, x, p, k, s, d, out, 0), k[0], k[1], out[0], out[1], s, d)
        if divisor_override:
            div = x.dtype.type(divisor_override)
        else:
            div = _avg_divisor(xp, (H, W), out, k, s, p, count_include_pad, x.dtype)
        ctx.save_for_backward(a)
        ctx.args = (k, s, p, out, div)
        return (win.sum(axis=(2, 3)) / div).reshape(a.shape[:-2] + out)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return (AvgPool2DBackward.apply(grad, a.shape, ctx.args, ctx),) + (None,) * 7


class AvgPool2DBackward(Op):
    """Spread each output gradient evenly over its window (the adjoint of averaging)."""

    node_name = "AvgPool2DBackwardBackward0"

    @staticmethod
    def forward(ctx, grad, x_shape, args, fwd_ctx):
        ctx.fwd = fwd_ctx
        k, s, p, out, div = args
        g = _as_batch(grad._data) / div
        shape4 = (1,) * (4 - len(x_shape)) + tuple(x_shape)
        return _scatter_windows(grad._xp(), lambda i, j: g, shape4, k, s, p, (1, 1),
                                out).reshape(tuple(x_shape))

    @staticmethod
    def backward(ctx, gg):
        f = ctx.fwd        # averaging is linear: the adjoint of its adjoint is itself
        return AvgPool2D.apply(gg, f.kernel_size, f.args[1], f.padding, f.ceil_mode,
                               f.count_include_pad, f.divisor_override, f.stride), None, None, None


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """Mean over ``kernel_size`` windows (``AvgPool2DBackward0``)."""
    k, s, p, _ = _pool_args(kernel_size, stride, padding, 1)
    _check_pool(input, k, s, p, (1, 1), ceil_mode, "avg_pool2d")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    stride_arg = () if stride is None else s
    return AvgPool2D.apply(input, k, s, p, ceil_mode, count_include_pad, divisor_override,
                           stride_arg)


# ----------------------------------------------------------------------------- adaptive
def _adaptive_windows(n_in, n_out):
    """The input range ``[start, end)`` of each output of an adaptive pool (PyTorch's
    start_index/end_index): ``floor(i * n_in / n_out)`` to ``ceil((i + 1) * n_in / n_out)``."""
    return [((i * n_in) // n_out, -(-((i + 1) * n_in) // n_out)) for i in range(n_out)]


def _window_sums(xp, x, windows, axis):
    """The sum of ``x`` over each window along ``axis`` (-2 or -1), stacked along it.
    Sums, not a product with an averaging matrix: its zeros would turn an inf or nan
    anywhere in the row into nan everywhere (0 * inf = nan)."""
    n_in, n_out = x.shape[axis], len(windows)
    if n_in % n_out == 0:
        # equal windows side by side (14 -> 7): the sum of k strided slices, element j of
        # every window at once (much faster than NumPy's sum over a short axis)
        k = n_in // n_out
        rest = (slice(None),) if axis == -2 else ()
        out = x[(Ellipsis, slice(0, None, k)) + rest].copy()
        for j in range(1, k):
            out += x[(Ellipsis, slice(j, None, k)) + rest]
        return out
    if axis == -2:
        return xp.stack([x[..., s:e, :].sum(-2) for s, e in windows], axis=-2)
    return xp.stack([x[..., s:e].sum(-1) for s, e in windows], axis=-1)


def _window_spread(xp, g, windows, n_in, axis):
    """The adjoint of :func:`_window_sums`: each window's value added to all its inputs."""
    if n_in % len(windows) == 0:
        return xp.repeat(g, n_in // len(windows), axis=axis)
    shape = list(g.shape)
    shape[axis] = n_in
    out = xp.zeros(shape, g.dtype)
    for i, (s, e) in enumerate(windows):
        if axis == -2:
            out[..., s:e, :] += g[..., i:i + 1, :]
        else:
            out[..., s:e] += g[..., i:i + 1]
    return out


def _window_counts(xp, windows, dtype):
    return xp.asarray([e - s for s, e in windows], dtype=dtype)


class AdaptiveAvgPool2D(Op):
    """Average over windows chosen so the output has a given size: the sum over each
    window's rows, then over its columns, divided by its height and its width (as PyTorch
    divides, ``sum / kh / kw``)."""

    node_name = "AdaptiveAvgPool2DBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a, out_size):
        x = a._data
        xp = a._xp()
        hw = _adaptive_windows(x.shape[-2], out_size[0])
        ww = _adaptive_windows(x.shape[-1], out_size[1])
        ctx.save_for_backward(a)
        sums = _window_sums(xp, _window_sums(xp, x, hw, -2), ww, -1)
        return sums / _window_counts(xp, hw, x.dtype)[:, None] / _window_counts(xp, ww, x.dtype)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return AdaptiveAvgPool2DBackward.apply(grad, tuple(a.shape[-2:])), None


class AdaptiveAvgPool2DBackward(Op):
    """Each output's gradient, divided by its window's size, added to every input of the
    window (PyTorch's adaptive_avg_pool2d_backward)."""

    node_name = "AdaptiveAvgPool2DBackwardBackward0"

    @staticmethod
    def forward(ctx, grad, in_size):
        g = grad._data
        xp = grad._xp()
        ctx.out_size = tuple(g.shape[-2:])
        hw = _adaptive_windows(in_size[0], g.shape[-2])
        ww = _adaptive_windows(in_size[1], g.shape[-1])
        delta = g / _window_counts(xp, hw, g.dtype)[:, None] / _window_counts(xp, ww, g.dtype)
        return _window_spread(xp, _window_spread(xp, delta, ww, in_size[1], -1), hw,
                              in_size[0], -2)

    @staticmethod
    def backward(ctx, gg):
        return AdaptiveAvgPool2D.apply(gg, ctx.out_size), None


def adaptive_avg_pool2d(input, output_size):
    """Average-pool to a fixed ``output_size`` (``None`` keeps that input size).

    A 1x1 output is a plain mean over H and W, as in torch (``MeanBackward1``).
    """
    if input.dim() not in (3, 4):
        raise RuntimeError(f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                           f"{list(input.shape)}")
    size = _pair(output_size) if not isinstance(output_size, (tuple, list)) else tuple(
        output_size)
    size = tuple(input.shape[-2 + i] if v is None else int(v) for i, v in enumerate(size))
    if size == (1, 1):
        return input.mean((-1, -2), keepdim=True)
    return AdaptiveAvgPool2D.apply(input, size)

