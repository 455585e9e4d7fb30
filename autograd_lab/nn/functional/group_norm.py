"""``group_norm`` and ``instance_norm``: per-sample normalisation over groups of channels.

GroupNorm splits the C channels of each sample into ``num_groups`` groups and normalises each
group over its channels and spatial positions; the per-channel ``weight`` and ``bias`` then
scale and shift. Seen as a ``(N, G, C/G, H*W)`` array it is the normalisation of
``normalization.py`` over the last two dims, with the weight shaped ``(1, G, C/G, 1)``: the
forward and both backwards (array and ``create_graph``) are that module's formulas.

InstanceNorm is, as torch computes it, a batch norm of the input viewed as one sample with
``N*C`` channels (weight, bias and running statistics repeated N times): the graph shows
torch's ``ViewBackward0(NativeBatchNormBackward0(ViewBackward0, RepeatBackward0, ...))``.
"""
from ... import _grad_mode
from ...autograd.function import Op
from ..._tensor import Tensor
from ._kernels import require_dtype
from .normalization import _normalize_backward, _normalize_backward_arrays, batch_norm


def _grouped(shape, group):
    """``(N, G, C/G, H*W)``: the shape in which a group is a block of the last two dims."""
    N, C = shape[:2]
    hxw = 1
    for s in shape[2:]:
        hxw *= s
    return (N, group, C // group, hxw), hxw


class NativeGroupNorm(Op):
    node_name = "NativeGroupNormBackward0"
    saved_names = ("input", "weight")
    saved_attrs = ("N", "C", "HxW", "group", "eps", "result1", "result2")

    @staticmethod
    def forward(ctx, x, weight, bias, group, eps):
        a = x._data
        xp = x._xp()
        shape4, hxw = _grouped(a.shape, group)
        xr = a.reshape(shape4)
        mean = xr.mean(axis=(2, 3), keepdims=True)
        xc = xr - mean
        var = (xc * xc).mean(axis=(2, 3), keepdims=True)
        rstd = (1 / xp.sqrt(var + eps)).astype(a.dtype, copy=False)
        out = xc
        out *= rstd
        w_shape = (1, group, shape4[2], 1)
        if weight is not None:
            out *= weight._data.reshape(w_shape)
        if bias is not None:
            out += bias._data.reshape(w_shape)
        ctx.N, ctx.C, ctx.HxW, ctx.group, ctx.eps = a.shape[0], a.shape[1], hxw, group, eps
        ctx.result1 = Tensor._make(mean.reshape(a.shape[0], group))
        ctx.result2 = Tensor._make(rstd.reshape(a.shape[0], group))
        ctx.stats = (mean, rstd, shape4, w_shape)
        ctx.save_for_backward(x, weight)
        return out.reshape(a.shape)

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        mean, rstd, shape4, w_shape = ctx.stats
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        C = x.shape[1]
        if not _grad_mode.is_grad_enabled():
            dx, gw, gb = _normalize_backward_arrays(
                grad._data.reshape(shape4), x._data.reshape(shape4),
                None if weight is None else weight._data, mean, rstd, (2, 3), w_shape, True,
                (0, 3))
            return (Tensor._make(dx.reshape(x.shape)) if need_x else None,
                    Tensor._make(gw.reshape(C)) if need_w else None,
                    Tensor._make(gb.reshape(C)) if need_b else None, None, None)
        g4 = grad.reshape(shape4)
        dx, xhat = _normalize_backward(ctx, g4, x.reshape(shape4), weight, (2, 3), w_shape,
                                       mean, rstd, ctx.eps, True)
        return (dx.reshape(x.shape) if need_x else None,
                (g4 * xhat).sum((0, 3)).reshape(C) if need_w else None,
                g4.sum((0, 3)).reshape(C) if need_b else None, None, None)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each group of ``C/num_groups`` channels of each sample over those channels
    and all positions, then scale and shift per channel (``NativeGroupNormBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([[1., 3., 5., 7.]])
    >>> torch.nn.functional.group_norm(x, 2)
    tensor([[-1.0000,  1.0000, -1.0000,  1.0000]])
    """
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.dim()}")
    C = input.shape[1]
    if C % num_groups != 0:
        raise RuntimeError("Expected number of channels in input to be divisible by num_groups, "
                           f"but got input of shape {list(input.shape)} and num_groups="
                           f"{num_groups}")
    # (torch's bias message shows the *weight's* shape, [0] when there is none: so here)
    w_shape = [0] if weight is None else list(weight.shape)
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.dim() != 1 or t.numel() != C):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape {w_shape} and "
                               f"input of shape {list(input.shape)}")
    require_dtype(input, "GroupNormKernelImpl")
    return NativeGroupNorm.apply(input, weight, bias, num_groups, eps)


def _repeat(t, b):
    return None if t is None else t.repeat(b)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """Normalise each channel of each sample over its spatial positions.

    With ``running_mean``/``running_var`` and ``use_input_stats=True`` the running statistics
    are updated with the mean over the batch of each sample's statistics; with
    ``use_input_stats=False`` they normalise instead.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.instance_norm(torch.tensor([[[1., 3.], [2., 2.5]]]))
    tensor([[[-1.0000,  1.0000],
             [-0.9999,  0.9999]]])
    """
    if use_input_stats:
        n = 1
        for s in input.shape[2:]:
            n *= s
        if n == 1:
            raise ValueError(f"Expected more than 1 spatial element when training, got input "
                             f"size {input.size()}")
    require_dtype(input, "batch_norm")
    b, c = input.shape[:2]
    reshaped = input.contiguous().view((1, b * c) + tuple(input.shape[2:]))
    rm, rv = _repeat(running_mean, b), _repeat(running_var, b)
    out = batch_norm(reshaped, rm, rv, _repeat(weight, b), _repeat(bias, b), use_input_stats,
                     momentum, eps)
    with _grad_mode.no_grad():
        # the per-sample running statistics, averaged over the batch, go back in place
        if running_mean is not None:
            running_mean.copy_(rm.view(b, c).mean(0))
        if running_var is not None:
            running_var.copy_(rv.view(b, c).mean(0))
    return out.view(tuple(input.shape))
