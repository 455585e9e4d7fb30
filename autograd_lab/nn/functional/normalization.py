"""``batch_norm`` and ``layer_norm``: normalise to zero mean / unit variance, then scale and
shift.

Both compute ``x_hat = (x - mean) * invstd`` over some dims and ``y = x_hat * weight + bias``.
BatchNorm averages over the batch (and spatial) dims per channel, LayerNorm over the last dims
per sample. Their backward is the same formula over those dims::

    dx = invstd * (g_hat - mean(g_hat) - x_hat * mean(g_hat * x_hat)),  g_hat = grad * weight

written with tensor ops, so ``create_graph=True`` works. (For higher derivatives the statistics
are recomputed from ``x`` with tensor ops, so their dependence on ``x`` is part of the graph.)
The usual first-order backward runs the same formula on raw arrays in fewer passes.
"""
from ... import _grad_mode, _version
from ...autograd.function import Op
from ..._tensor import Tensor


def _normalize_backward(ctx, grad, x, weight, dims, w_shape, mean_arr, invstd_arr, eps,
                        batch_stats):
    """``(dx, x_hat)`` for y = x_hat * weight + bias; ``dims`` are the normalised dims."""
    if batch_stats and _grad_mode.is_grad_enabled():
        # create_graph: rebuild the statistics from x so they are differentiated too
        mean = x.mean(dims, keepdim=True)
        xc = x - mean
        invstd = ((xc * xc).mean(dims, keepdim=True) + eps).rsqrt()
    else:
        mean = Tensor._make(mean_arr)
        invstd = Tensor._make(invstd_arr)
    xhat = (x - mean) * invstd
    g = grad if weight is None else grad * weight.reshape(w_shape)
    if batch_stats:
        dx = (g - g.mean(dims, keepdim=True) - xhat * (g * xhat).mean(dims, keepdim=True)) * \
            invstd
    else:            # eval-mode BatchNorm: the statistics are constants
        dx = g * invstd
    return dx, xhat


def _normalize_backward_arrays(g, x, w, mean, invstd, dims, w_shape, batch_stats,
                               param_dims):
    """The formula above on arrays (no graph): ``(dx, grad_weight, grad_bias)``.

    ``param_dims`` are the dims the weight/bias gradients sum over; for BatchNorm they are
    the normalised dims themselves, so the two means of the formula come for free from them.
    """
    xhat = x - mean
    xhat *= invstd
    gb = g.sum(axis=param_dims)
    gw = (g * xhat).sum(axis=param_dims)
    wb = 1 if w is None else w.reshape(w_shape)
    if not batch_stats:            # eval-mode BatchNorm: the statistics are constants
        return g * (invstd * wb), gw, gb
    if param_dims == dims:
        n = g.size // gb.size
        m1 = (gb.reshape(w_shape) * wb) / n
        m2 = (gw.reshape(w_shape) * wb) / n
        gh = g * wb if w is not None else g
    else:
        gh = g * wb if w is not None else g
        m1 = gh.mean(axis=dims, keepdims=True)
        m2 = (gh * xhat).mean(axis=dims, keepdims=True)
    dx = gh - m1
    xhat *= m2
    dx -= xhat
    dx *= invstd
    return dx, gw, gb


class NativeBatchNorm(Op):
    node_name = "NativeBatchNormBackward0"
    saved_names = ("input", "weight")
    saved_attrs = ("running_mean", "running_var", "training", "eps", "result1", "result2")

    @staticmethod
    def forward(ctx, x, weight, bias, running, training, momentum, eps):
        running_mean, running_var = running        # a tuple: buffers are not graph inputs
        a = x._data
        xp = x._xp()
        dims = (0,) + tuple(range(2, a.ndim))
        shape = (1, a.shape[1]) + (1,) * (a.ndim - 2)
        if training:
            mean = a.mean(axis=dims)
            var = a.var(axis=dims)                     # biased: it normalises this batch
            if running_mean is not None:
                n = a.size // a.shape[1]
                unbiased = var * (n / (n - 1))
                _update(running_mean, (1 - momentum) * running_mean._data + momentum * mean)
                _update(running_var, (1 - momentum) * running_var._data + momentum * unbiased)
        else:
            mean, var = running_mean._data, running_var._data
        invstd = (1 / xp.sqrt(var + eps)).astype(a.dtype, copy=False)
        mean = mean.astype(a.dtype, copy=False)
        scale = invstd if weight is None else invstd * weight._data
        shift = -mean * scale if bias is None else bias._data - mean * scale
        out = a * scale.reshape(shape)
        out += shift.reshape(shape)
        ctx.training, ctx.eps = training, eps
        ctx.running_mean, ctx.running_var = running_mean, running_var
        empty = xp.zeros(0, dtype=a.dtype)
        ctx.result1 = Tensor._make(mean if training else empty)
        ctx.result2 = Tensor._make(invstd if training else empty)
        ctx.stats = (mean.reshape(shape), invstd.reshape(shape), dims, shape)
        ctx.save_for_backward(x, weight)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        mean, invstd, dims, shape = ctx.stats
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        if not _grad_mode.is_grad_enabled():
            dx, gw, gb = _normalize_backward_arrays(
                grad._data, x._data, None if weight is None else weight._data, mean, invstd,
                dims, shape, ctx.training, dims)
            return (Tensor._make(dx) if need_x else None, Tensor._make(gw) if need_w else None,
                    Tensor._make(gb) if need_b else None, None, None, None, None)
        dx, xhat = _normalize_backward(ctx, grad, x, weight, dims, shape, mean, invstd,
                                       ctx.eps, ctx.training)
        return (dx if need_x else None,
                (grad * xhat).sum(dims) if need_w else None,
                grad.sum(dims) if need_b else None,
                None, None, None, None)


def _update(buffer, value):
    """Write new running statistics into a buffer in place (outside autograd, as torch)."""
    buffer._data[...] = value
    _version.bump(buffer)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1) over the batch and spatial dims.

    In training mode the batch's own statistics are used and, when given, ``running_mean`` and
    ``running_var`` are updated in place with ``momentum``; in eval mode the running
    statistics are used (``NativeBatchNormBackward0`` either way).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([[1.0], [3.0]])
    >>> torch.nn.functional.batch_norm(x, None, None, training=True)
    tensor([[-1.0000],
            [ 1.0000]])
    """
    if training:
        size = input.shape
        n = size[0]
        for s in size[2:]:
            n *= s
        if n == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input "
                             f"size {size}")
    elif running_mean is None or running_var is None:
        raise RuntimeError("running_mean must be defined in evaluation mode")
    C = input.shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != C:
            raise RuntimeError(f"{name} should contain {C} elements not {t.numel()}")
    return NativeBatchNorm.apply(input, weight, bias, (running_mean, running_var), training,
                                 momentum, eps)


class NativeLayerNorm(Op):
    node_name = "NativeLayerNormBackward0"
    saved_names = ("input", "weight", "bias")
    saved_attrs = ("normalized_shape", "result1", "result2")

    @staticmethod
    def forward(ctx, x, normalized_shape, weight, bias, eps):
        a = x._data
        xp = x._xp()
        k = len(normalized_shape)
        dims = tuple(range(a.ndim - k, a.ndim))
        mean = a.mean(axis=dims, keepdims=True)
        xc = a - mean
        var = (xc * xc).mean(axis=dims, keepdims=True)
        rstd = (1 / xp.sqrt(var + eps)).astype(a.dtype, copy=False)
        out = xc
        out *= rstd
        if weight is not None:
            out *= weight._data
        if bias is not None:
            out += bias._data
        ctx.normalized_shape, ctx.eps = tuple(normalized_shape), eps
        ctx.result1, ctx.result2 = Tensor._make(mean), Tensor._make(rstd)
        ctx.stats = (mean, rstd, dims)
        ctx.save_for_backward(x, weight, bias)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight, _ = ctx.saved_tensors
        mean, rstd, dims = ctx.stats
        need_x, need_w, need_b = ctx.needs_input_grad[0], ctx.needs_input_grad[2], \
            ctx.needs_input_grad[3]
        if not _grad_mode.is_grad_enabled():
            lead = tuple(range(x.ndim - len(dims)))
            dx, gw, gb = _normalize_backward_arrays(
                grad._data, x._data, None if weight is None else weight._data, mean, rstd,
                dims, ctx.normalized_shape, True, lead)
            return (Tensor._make(dx) if need_x else None, None,
                    Tensor._make(gw) if need_w else None, Tensor._make(gb) if need_b else None,
                    None)
        dx, xhat = _normalize_backward(ctx, grad, x, weight, dims, ctx.normalized_shape, mean,
                                       rstd, ctx.eps, True)
        # weight/bias gradients: the engine sums them over the leading (batch) dims
        return (dx if need_x else None, None,
                grad * xhat if need_w else None,
                grad if need_b else None, None)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the last ``len(normalized_shape)`` dims of each sample
    (``NativeLayerNormBackward0``)."""
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    normalized_shape = tuple(normalized_shape)
    k = len(normalized_shape)
    if tuple(input.shape[input.dim() - k:]) != normalized_shape or input.dim() < k:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with "
                           f"shape [*, {', '.join(str(s) for s in normalized_shape)}], but got "
                           f"input of size{list(input.shape)}")
    return NativeLayerNorm.apply(input, normalized_shape, weight, bias, eps)
