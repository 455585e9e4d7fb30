"""Piecewise activations: hardtanh (and relu6, torch's hardtanh on [0, 6]), hardswish,
hardsigmoid, hardshrink, softshrink, threshold and prelu.

Their derivatives are constant or linear on each piece; at the kinks each op takes the side
torch's kernel takes (written next to each backward). The gradient is routed by a choice, never
multiplied by a 0/1 mask, so an inf or nan gradient does not leak where nothing flows.
"""
import numpy as np

from ... import _dtype
from ...autograd.function import Op
from ...ops import _formula
from ...ops.inplace import inplace as run_inplace
from .activation_smooth import _need_float


# ----------------------------------------------------------------------------- hardtanh
class Hardtanh(Op):
    """``clamp(x, min_val, max_val)``; the gradient passes strictly inside the bounds."""

    node_name = "HardtanhBackward0"
    saved_names = ("self",)
    saved_attrs = ("min_val", "max_val")

    @staticmethod
    def forward(ctx, a, min_val, max_val):
        ctx.save_for_backward(a)
        ctx.min_val, ctx.max_val = min_val, max_val
        x = a._data
        t = x.dtype.type
        return a._xp().clip(x, t(min_val), t(max_val))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # torch's hardtanh_backward: 0 at and beyond either bound (unlike clamp, which
        # includes them), the gradient elsewhere -- also for a nan input
        outside = (a <= ctx.min_val) | (a >= ctx.max_val)
        return _formula.zero_where(outside, grad), None, None


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """``x`` clamped to ``[min_val, max_val]`` (``HardtanhBackward0``, in place too).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.hardtanh(torch.tensor([-2.0, 0.5, 3.0]))
    tensor([-1.0000,  0.5000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input.dtype == _dtype.bool_:
        raise RuntimeError("Bool inputs not supported for hardtanh")
    if inplace:
        return run_inplace(input, Hardtanh.apply, min_val, max_val)
    return Hardtanh.apply(input, min_val, max_val)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
    """``min(max(0, x), 6)``: torch runs ``hardtanh(x, 0, 6)`` (``HardtanhBackward0``)."""
    return hardtanh(input, 0.0, 6.0, inplace)


# ----------------------------------------------------------------------------- hard swish
class Hardswish(Op):
    """``x * relu6(x + 3) / 6``."""

    node_name = "HardswishBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = a._data
        t = x.dtype.type
        return x * a._xp().clip(x + t(3), t(0), t(6)) / t(6)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # torch's CPU kernel: 0 up to -3 (included), x / 3 + 1/2 on (-3, 3), 1 from 3 on
        # (and for a nan input, which fails both comparisons)
        mid = (grad * (a / 3 + 0.5)).where(a < 3, grad)
        return _formula.zero_where(a <= -3, mid)


def hardswish(input, inplace=False):
    """Hard swish, ``x * relu6(x + 3) / 6`` (``HardswishBackward0``, in place too)."""
    _need_float(input, "hardswish_cpu")
    if inplace:
        return run_inplace(input, Hardswish.apply)
    return Hardswish.apply(input)


class Hardsigmoid(Op):
    """``relu6(x + 3) / 6``."""

    node_name = "HardsigmoidBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        x = a._data
        t = x.dtype.type
        return a._xp().clip(x + t(3), t(0), t(6)) / t(6)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return HardsigmoidBackward.apply(grad, a)


class HardsigmoidBackward(Op):
    """hardsigmoid's derivative as an op: torch has no derivative of it, so a graph built
    with ``create_graph=True`` holds a ``NotImplemented`` node that refuses, as torch's."""

    node_name = "NotImplemented"

    @staticmethod
    def forward(ctx, grad, a):
        x = a._data
        # 1/6 strictly inside (-3, 3), 0 at the kinks and outside (torch's choice)
        return _formula.keep_where((x > -3) & (x < 3), grad._data / x.dtype.type(6))

    @staticmethod
    def backward(ctx, gg):
        raise RuntimeError("derivative for aten::hardsigmoid_backward is not implemented")


def hardsigmoid(input, inplace=False):
    """Hard sigmoid, ``relu6(x + 3) / 6`` (``HardsigmoidBackward0``, in place too)."""
    _need_float(input, "hardsigmoid_cpu")
    if inplace:
        return run_inplace(input, Hardsigmoid.apply)
    return Hardsigmoid.apply(input)


# ----------------------------------------------------------------------------- shrinkage
class Hardshrink(Op):
    """0 on ``[-lambd, lambd]``, x elsewhere (a nan x stays nan)."""

    node_name = "HardshrinkBackward0"
    saved_names = ("self",)
    saved_attrs = ("lambd",)

    @staticmethod
    def forward(ctx, a, lambd):
        ctx.save_for_backward(a)
        ctx.lambd = lambd
        x = a._data
        inside = (x >= -lambd) & (x <= lambd)
        return a._xp().where(inside, x.dtype.type(0), x)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # 0 on the closed interval (its ends included), the gradient elsewhere
        return _formula.zero_where((a >= -ctx.lambd) & (a <= ctx.lambd), grad), None


def hardshrink(input, lambd=0.5):
    """Zero the elements in ``[-lambd, lambd]`` (``HardshrinkBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.hardshrink(torch.tensor([-1.0, 0.2, 0.6]))
    tensor([-1.0000,  0.0000,  0.6000])
    """
    _need_float(input, "hardshrink_cpu")
    return Hardshrink.apply(input, lambd)


class Softshrink(Op):
    """``x - lambd`` above lambd, ``x + lambd`` below -lambd, 0 between."""

    node_name = "SoftshrinkBackward0"
    saved_names = ("self",)
    saved_attrs = ("lambd",)

    @staticmethod
    def forward(ctx, a, lambd):
        ctx.save_for_backward(a)
        ctx.lambd = lambd
        x = a._data
        xp = a._xp()
        t = x.dtype.type
        # between the bounds torch writes x * 0: -0.0 for a negative x, nan for a nan x
        return xp.where(x > lambd, x - t(lambd), xp.where(x < -lambd, x + t(lambd), x * t(0)))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return _formula.zero_where((a >= -ctx.lambd) & (a <= ctx.lambd), grad), None


def softshrink(input, lambd=0.5):
    """Shrink every element towards 0 by ``lambd`` (0 within ``[-lambd, lambd]``)
    (``SoftshrinkBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.softshrink(torch.tensor([-1.0, 0.2, 0.75]))
    tensor([-0.5000,  0.0000,  0.2500])
    """
    _need_float(input, "softshrink_check")
    top = float(np.finfo(input._data.dtype).max)
    if not 0 <= lambd <= top:
        raise RuntimeError(f"lambda must be in range [0, {top:g}] for input dtype "
                           f"{_dtype.type_name(input.dtype)}, but found {lambd:g}")
    return Softshrink.apply(input, lambd)


# ----------------------------------------------------------------------------- threshold
class Threshold(Op):
    """``value`` where ``x <= threshold``, x elsewhere (a nan x stays nan)."""

    node_name = "ThresholdBackward0"
    saved_names = ("self",)
    saved_attrs = ("threshold",)

    @staticmethod
    def forward(ctx, a, threshold, value):
        ctx.save_for_backward(a)
        ctx.threshold = threshold
        x = a._data
        return a._xp().where(x <= threshold, x.dtype.type(value), x)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return _formula.zero_where(a <= ctx.threshold, grad), None, None


class ThresholdInplace(Threshold):
    """``threshold_``: the same derivative (taken from the input as it was), under torch's
    in-place node name."""

    node_name = "ThresholdBackward1"


def threshold(input, threshold, value, inplace=False):
    """Replace the elements ``<= threshold`` by ``value`` (``ThresholdBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.threshold(torch.tensor([0.5, 1.5]), 1.0, -7.0)
    tensor([-7.0000,  1.5000])
    """
    if inplace:
        return run_inplace(input, ThresholdInplace.apply, threshold, value)
    return Threshold.apply(input, threshold, value)


def threshold_(input, threshold, value):
    return run_inplace(input, ThresholdInplace.apply, threshold, value)


# ----------------------------------------------------------------------------- prelu
class PreluKernel(Op):
    """``x`` for x > 0, ``weight * x`` otherwise, the weight already shaped to broadcast."""

    node_name = "PreluKernelBackward0"
    saved_names = ("self", "weight")

    @staticmethod
    def forward(ctx, a, w):
        ctx.save_for_backward(a, w)
        x = a._data
        return a._xp().where(x > 0, x, w._data * x)

    @staticmethod
    def backward(ctx, grad):
        a, w = ctx.saved_tensors
        need_a, need_w = ctx.needs_input_grad
        pos = a > 0
        # the engine sums the weight's gradient over the broadcast dimensions
        return (grad.where(pos, w * grad) if need_a else None,
                _formula.zero_where(pos, a * grad) if need_w else None)


def prelu(input, weight):
    """Leaky ReLU with a learned slope: one for all channels, or one per channel (dim 1)
    (``PreluKernelBackward0``, the weight seen through ``ViewBackward0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.prelu(torch.tensor([-2.0, 2.0]), torch.tensor([0.25]))
    tensor([-0.5000,  2.0000])
    """
    if input.dtype != weight.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got "
                           f"{_dtype.type_name(input.dtype)} and "
                           f"{_dtype.type_name(weight.dtype)}")
    ndim = input.dim()
    if weight.numel() != 1:
        if ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input.shape[1] if ndim > 1 else 1
        if channels != weight.numel():
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {weight.numel()} and channel size = "
                               f"{channels}.")
    if weight.dim() > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {weight.dim()}")
    _need_float(input, "prelu_cpu")
    if ndim != weight.dim():
        # as torch: the weight reshaped to (1, C, 1, ...) so that it broadcasts over dim 1
        shape = [1] * ndim
        if ndim > 1:
            shape[1] = weight.numel()
        weight = weight.reshape(shape)
    return PreluKernel.apply(input, weight)
