"""``interpolate``: resize the spatial dims, by nearest neighbour or (bi)linear weights.

Both modes are separable: each spatial axis is resampled on its own, with one gather per axis
(``take`` of whole rows or columns, never a loop over pixels). Along an axis of ``n_in``
inputs and ``n_out`` outputs, output ``i`` reads

* nearest: input ``min(floor(i * scale), n_in - 1)``; nearest-exact: the input whose centre
  is nearest, ``min(floor((i + 0.5) * scale), n_in - 1)``;
* linear: inputs ``i0 = floor(src)`` and ``i1 = min(i0 + 1, n_in - 1)`` with weights
  ``1 - l`` and ``l = src - i0``, where ``src = scale * (i + 0.5) - 0.5`` (clamped at 0) or,
  with ``align_corners=True``, ``src = i * (n_in - 1) / (n_out - 1)``.

``scale`` is ``1 / scale_factor`` when a scale factor was given and ``n_in / n_out``
otherwise, computed in float32 for float32 tensors as torch does, so the same indices come
out. The backward is the adjoint: every output gradient, times its weight, added back to the
input(s) it read (an unbuffered add, as several outputs read the same input); the adjoint of
that is the forward again, which gives the double backward.
"""
import numpy as np

from ...autograd.function import Op
from ... import _dtype
from ...ops.gather_scatter import _add_at
from ._kernels import require_dtype


def _scale(n_in, n_out, scale_factor, align_corners, dtype):
    if align_corners:
        return dtype((n_in - 1) / (n_out - 1)) if n_out > 1 else dtype(0)
    if scale_factor is not None and scale_factor > 0:
        return dtype(1.0 / scale_factor)
    return dtype(n_in) / dtype(n_out)


def _nearest_plan(n_in, n_out, scale_factor):
    """Indices of the inputs each output copies (torch's ``nearest_idx``)."""
    if n_out == n_in:
        return np.arange(n_out), None
    if n_out == 2 * n_in:
        return np.arange(n_out) >> 1, None
    scale = _scale(n_in, n_out, scale_factor, False, np.float32)
    src = np.floor(np.arange(n_out, dtype=np.float32) * scale).astype(np.int64)
    return np.minimum(src, n_in - 1), None


def _nearest_exact_plan(n_in, n_out, scale_factor):
    """Indices of the inputs each output copies (torch's ``nearest_exact_idx``)."""
    scale = _scale(n_in, n_out, scale_factor, False, np.float32)
    src = np.floor(((np.arange(n_out) + 0.5) * np.float64(scale)).astype(np.float32))
    return np.minimum(src.astype(np.int64), n_in - 1), None


def _linear_plan(n_in, n_out, scale_factor, align_corners, dtype):
    """``((i0, i1), (w0, w1))``: the two inputs each output mixes and their weights."""
    scale = _scale(n_in, n_out, scale_factor, align_corners, dtype)
    dst = np.arange(n_out, dtype=dtype)
    if align_corners:
        src = scale * dst
    else:
        src = np.maximum(scale * (dst + dtype(0.5)) - dtype(0.5), dtype(0))
    i0 = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    lam = np.clip(src - i0.astype(dtype), dtype(0), dtype(1))
    i1 = i0 + (i0 < n_in - 1)
    return (i0, i1), (dtype(1) - lam, lam)


def _weights_along(xp, w, axis, ndim):
    """A weight vector shaped to broadcast along ``axis`` of an ``ndim`` array."""
    return xp.asarray(w).reshape((-1,) + (1,) * (ndim - 1 - axis))


def _resample(xp, x, plans):
    """Apply each axis's plan (a gather, or two gathers mixed) to the array ``x``."""
    for axis, (idx, w) in plans:
        if w is None:
            x = xp.take(x, xp.asarray(idx), axis=axis)
        else:
            x = xp.take(x, xp.asarray(idx[0]), axis=axis) * _weights_along(xp, w[0], axis,
                                                                            x.ndim) + \
                xp.take(x, xp.asarray(idx[1]), axis=axis) * _weights_along(xp, w[1], axis,
                                                                            x.ndim)
    return x


def _spread(xp, g, plans, in_shape):
    """The adjoint of :func:`_resample`: the axes undone in reverse order."""
    for axis, (idx, w) in reversed(plans):
        shape = list(g.shape)
        shape[axis] = in_shape[axis]
        out = xp.zeros(shape, dtype=g.dtype)
        view, gv = xp.moveaxis(out, axis, 0), xp.moveaxis(g, axis, 0)
        if w is None:
            _add_at(xp, view, (xp.asarray(idx),), gv)
        else:
            for i, wi in zip(idx, w):
                _add_at(xp, view, (xp.asarray(i),), gv * _weights_along(xp, wi, 0, gv.ndim))
        g = out
    return g


class _UpsampleBackward(Op):
    """Spread the gradient back over the inputs each output read."""

    @staticmethod
    def forward(ctx, grad, fwd):
        ctx.fwd = fwd
        g = grad._data
        return _spread(grad._xp(), g, fwd.plans, fwd.in_shape).astype(g.dtype, copy=False)

    @staticmethod
    def backward(ctx, gg):
        f = ctx.fwd        # resampling is linear: the adjoint of its adjoint is itself
        return f._forward_cls.apply(gg, f.output_size, f.scale_args, f.align_corners), None


class UpsampleNearest1DBackward(_UpsampleBackward):
    node_name = "UpsampleNearest1DBackwardBackward0"


class UpsampleNearest2DBackward(_UpsampleBackward):
    node_name = "UpsampleNearest2DBackwardBackward0"


class UpsampleNearestExact1DBackward(_UpsampleBackward):
    node_name = "UpsampleNearestExact1DBackwardBackward0"


class UpsampleNearestExact2DBackward(_UpsampleBackward):
    node_name = "UpsampleNearestExact2DBackwardBackward0"


class UpsampleLinear1DBackward(_UpsampleBackward):
    node_name = "UpsampleLinear1DBackwardBackward0"


class UpsampleBilinear2DBackward(_UpsampleBackward):
    node_name = "UpsampleBilinear2DBackwardBackward0"


class _Upsample(Op):
    """Shared by the modes; a subclass names the node, its saved attributes, how it picks
    its inputs (``plan``: nearest, nearest-exact or linear) and its backward op."""

    plan = "nearest"
    backward_op = None

    @classmethod
    def forward(cls, ctx, a, output_size, scales, align_corners):
        x = a._data
        xp = a._xp()
        k = len(output_size)
        opmath = np.float64 if x.dtype == np.float64 else np.float32
        plans = []
        for j, (n_out, s) in enumerate(zip(output_size, scales)):
            axis = x.ndim - k + j
            if cls.plan == "linear":
                plan = _linear_plan(x.shape[axis], n_out, s, align_corners, opmath)
            elif cls.plan == "nearest-exact":
                plan = _nearest_exact_plan(x.shape[axis], n_out, s)
            else:
                plan = _nearest_plan(x.shape[axis], n_out, s)
            plans.append((axis, plan))
        ctx.plans, ctx.in_shape, ctx.scale_args = plans, x.shape, scales
        ctx.output_size, ctx.self_sym_sizes = tuple(output_size), tuple(x.shape)
        ctx.align_corners = align_corners
        ctx.scales = ctx.scales_h = scales[0]
        ctx.scales_w = scales[-1]
        return _resample(xp, x, plans).astype(x.dtype, copy=False)

    @classmethod
    def backward(cls, ctx, grad):
        return cls.backward_op.apply(grad, ctx), None, None, None


class UpsampleNearest1D(_Upsample):
    node_name = "UpsampleNearest1DBackward0"
    saved_attrs = ("output_size", "scales", "self_sym_sizes")
    backward_op = UpsampleNearest1DBackward


class UpsampleNearest2D(_Upsample):
    node_name = "UpsampleNearest2DBackward0"
    saved_attrs = ("output_size", "scales_h", "scales_w", "self_sym_sizes")
    backward_op = UpsampleNearest2DBackward


class UpsampleNearestExact1D(_Upsample):
    node_name = "UpsampleNearestExact1DBackward0"
    saved_attrs = ("output_size", "scales", "self_sym_sizes")
    plan = "nearest-exact"
    backward_op = UpsampleNearestExact1DBackward


class UpsampleNearestExact2D(_Upsample):
    node_name = "UpsampleNearestExact2DBackward0"
    saved_attrs = ("output_size", "scales_h", "scales_w", "self_sym_sizes")
    plan = "nearest-exact"
    backward_op = UpsampleNearestExact2DBackward


class UpsampleLinear1D(_Upsample):
    node_name = "UpsampleLinear1DBackward0"
    saved_attrs = ("align_corners", "output_size", "scales", "self_sym_sizes")
    plan = "linear"
    backward_op = UpsampleLinear1DBackward


class UpsampleBilinear2D(_Upsample):
    node_name = "UpsampleBilinear2DBackward0"
    saved_attrs = ("align_corners", "output_size", "scales_h", "scales_w", "self_sym_sizes")
    plan = "linear"
    backward_op = UpsampleBilinear2DBackward


_OPS = {(3, "nearest"): UpsampleNearest1D, (4, "nearest"): UpsampleNearest2D,
        (3, "nearest-exact"): UpsampleNearestExact1D, (4, "nearest-exact"): UpsampleNearestExact2D,
        (3, "linear"): UpsampleLinear1D, (4, "bilinear"): UpsampleBilinear2D}
_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"


def _per_dim(value, dim, cast, mismatch):
    """``value`` (one for all, or a list of ``dim``) as a list of ``dim`` values."""
    if isinstance(value, (list, tuple)):
        if len(value) != dim:
            raise ValueError(mismatch)
        return [cast(v) for v in value]
    return [cast(value)] * dim


def _sizes(input, size, scale_factor, recompute_scale_factor):
    """``(output_size, scale_factors)`` as torch's ``interpolate`` works them out."""
    dim = input.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        output_size = _per_dim(
            size, dim, int,
            "Input and output must have the same number of spatial dimensions, but got "
            f"input with spatial dimensions of {list(input.shape[2:])} and output size "
            f"of {size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
            "and output size in (o1, o2, ...,oK) format.")
        if recompute_scale_factor:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
        return output_size, [None] * dim
    if scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    scales = _per_dim(
        scale_factor, dim, float,
        "Input and scale_factor must have the same number of spatial dimensions, but "
        f"got input with spatial dimensions of {list(input.shape[2:])} and "
        f"scale_factor of shape {scale_factor}. Please provide input tensor in (N, C, "
        "d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
    output_size = [int(input.shape[2 + i] * scales[i]) for i in range(dim)]
    # recomputing drops the given factors: the kernels then use input/output sizes
    return output_size, [None] * dim if recompute_scale_factor else scales


def _check_sizes(input, output_size):
    names = ("H", "W")[-len(output_size):] if len(output_size) <= 2 else ("D", "H", "W")
    if any(s <= 0 for s in list(input.shape[2:]) + output_size):
        ins = ", ".join(f"{n}: {s}" for n, s in zip(names, input.shape[2:]))
        outs = ", ".join(f"{n}: {s}" for n, s in zip(names, output_size))
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input "
                           f"({ins}) output ({outs})")


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize the spatial dims of ``(N, C, L)`` or ``(N, C, H, W)`` inputs to ``size``, or by
    ``scale_factor``.

    Modes: ``'nearest'`` and ``'nearest-exact'`` (3-D and 4-D inputs), ``'linear'`` (3-D),
    ``'bilinear'`` (4-D) and ``'area'`` (an adaptive average pool, as in torch).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([[[[1., 2.], [3., 4.]]]])
    >>> torch.nn.functional.interpolate(x, scale_factor=2)
    tensor([[[[1., 1., 2., 2.],
              [1., 1., 2., 2.],
              [3., 3., 4., 4.],
              [3., 3., 4., 4.]]]])
    >>> torch.nn.functional.interpolate(x, size=(3, 3), mode='bilinear', align_corners=True)
    tensor([[[[1.0000, 1.5000, 2.0000],
              [2.0000, 2.5000, 3.0000],
              [3.0000, 3.5000, 4.0000]]]])
    """
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating "
                             "modes: linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    output_size, scales = _sizes(input, size, scale_factor, recompute_scale_factor)
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and input.dim() == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos "
                         "modes and requires a 4-D tensor as input")
    if mode == "area" and input.dim() in (3, 4):
        from .pooling import adaptive_avg_pool2d
        from .pooling_1d import adaptive_avg_pool1d
        pool = adaptive_avg_pool1d if input.dim() == 3 else adaptive_avg_pool2d
        return pool(input, output_size)
    op = _OPS.get((input.dim(), mode))
    if op is None:
        wrong = {(3, "bilinear"): "Got 3D input, but bilinear mode needs 4D input",
                 (4, "linear"): "Got 4D input, but linear mode needs 3D input"}
        if (input.dim(), mode) in wrong:
            raise NotImplementedError(wrong[(input.dim(), mode)])
        if input.dim() in (3, 4) and mode in ("bicubic", "trilinear", "lanczos") or \
                input.dim() == 5:
            raise NotImplementedError(f"autograd_lab's interpolate has no mode '{mode}' for "
                                      f"{input.dim()}D input")
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported "
                                  f"(got {input.dim()}D) for the modes: {_MODES} (got {mode})")
    if antialias:
        raise NotImplementedError("autograd_lab's interpolate has no antialias")
    # the integer dtypes torch's kernels take (uint8 images, but only for these modes)
    kernel = {(3, "nearest"): "compute_indices_weights_nearest",
              (4, "nearest"): "upsample_nearest2d_channels_last",
              (3, "nearest-exact"): "compute_indices_weights_nearest",
              (4, "nearest-exact"): "upsample_nearest2d_channels_last",
              (3, "linear"): "compute_indices_weights_linear",
              (4, "bilinear"): "upsample_bilinear2d_channels_last"}[(input.dim(), mode)]
    require_dtype(input, kernel, also=(_dtype.uint8,) if mode != "linear" else ())
    if mode == "bilinear" and input.dtype == _dtype.uint8:
        raise NotImplementedError("autograd_lab's bilinear interpolate has no uint8 kernel "
                                  "(torch rounds its own way there)")
    _check_sizes(input, output_size)
    return op.apply(input, tuple(output_size), tuple(scales), bool(align_corners))
