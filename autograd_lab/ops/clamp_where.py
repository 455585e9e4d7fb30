"""Ops that pick, element by element, between values: clamp (clip), maximum/minimum,
where, masked_fill, and lerp (a weighted mix of two tensors).

The gradient goes to what was picked: clamp passes it where min <= x <= max (bounds included,
as in PyTorch) and gives it to a tensor bound where that bound won; maximum/minimum split it
evenly on ties; where and masked_fill route it by the condition or mask, which is no edge of
the graph.

Every such routing is a choice (PyTorch's ``where(mask, grad, 0)``), never a product with a
0/1 mask: ``inf * 0`` is nan, so an inf or nan gradient would leak into the places that were
not picked. Comparisons with nan are false, which decides where a nan input's gradient goes.
"""
import numpy as np

from .. import _backend, _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from . import _formula
from ._util import (Held, binary_operands, broadcast_shapes, promoted_arrays,
                    wrap_scalar)
from .unary_math import _xp


class Clamp(Op):
    node_name = "ClampBackward1"
    saved_names = ("self",)
    saved_attrs = ("min", "max")

    @staticmethod
    def forward(ctx, a, lo, hi):
        if lo is None and hi is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        ctx.save_for_backward(a)
        ctx.min, ctx.max = lo, hi
        kernel = "clamp_min" if hi is None else "clamp_max" if lo is None else "clamp"
        out, (lo, hi) = with_number_bounds(a, (lo, hi), kernel)
        xp = _xp(a)
        if lo is not None:
            out = xp.maximum(out, lo)
        if hi is not None:
            out = xp.minimum(out, hi)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # PyTorch's clamp_backward: the gradient where min <= x <= max (inclusive), 0
        # elsewhere -- also for a nan x (both comparisons false) and for min > max
        if ctx.min is not None and ctx.max is not None:
            inside = (a >= ctx.min) & (a <= ctx.max)
        elif ctx.min is not None:
            inside = a >= ctx.min
        else:
            inside = a <= ctx.max
        return _formula.keep_where(inside, grad), None, None


def with_number_bounds(a, bounds, kernel):
    """``a``'s array and its number ``bounds`` (None where absent) in their common dtype, as
    torch's clamp, clamp_min and clamp_max take them: an integer tensor clamped by a float is
    float, a bool tensor clamped by an int is int64; a bound is converted as C++ converts it
    (-2 in uint8 is 254) and refused where it does not fit (:func:`_dtype.overflows`)."""
    given = [wrap_scalar(b, a) for b in bounds if b is not None]
    dt = _dtype.result_type(a, *given)
    if dt == _dtype.bool_:
        raise NotImplementedError(f'"{kernel}_scalar_cpu" not implemented for \'Bool\'')
    target = dt.np
    converted = []
    for b in bounds:
        if b is not None:
            value = np.asarray(b)
            if value.dtype.kind not in "bif" or _dtype.overflows(value, target):
                raise RuntimeError(f"value cannot be converted to type {_C10_NAMES[target.name]} "
                                   "without overflow")
            b = value.astype(target)[()]
        converted.append(b)
    return a._data.astype(target, copy=False), converted


# the type names c10's checked conversion prints
_C10_NAMES = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int",
              "int64": "int64_t", "float16": "c10::Half", "float32": "float", "float64": "double"}


class ClampTensor(Op):
    """``clamp`` with tensor bounds. Like PyTorch it always has three edges (self, min, max),
    ``(None, 0)`` for an absent bound; the gradient goes to the bound that was chosen."""
    node_name = "ClampBackward0"
    saved_names = ("self", "min", "max")

    @staticmethod
    def forward(ctx, a, lo, hi, has_lo, has_hi):
        lo, hi = (lo if has_lo else None), (hi if has_hi else None)
        ctx.save_for_backward(a, lo, hi)
        xp = _xp(a)
        # one result type for the input and both bounds, as torch's clamp computes it
        dt = _dtype.result_type(*[t for t in (a, lo, hi) if t is not None]).np
        if dt == bool and lo is not None and hi is not None:
            raise NotImplementedError('"clamp_cpu" not implemented for \'Bool\'')
        out = a._data.astype(dt, copy=False)
        if lo is not None:
            out = xp.maximum(out, lo._data.astype(dt, copy=False))
        if hi is not None:
            out = xp.minimum(out, hi._data.astype(dt, copy=False))
        return out

    @staticmethod
    def backward(ctx, grad):
        a, lo, hi = ctx.saved_tensors
        need_a, need_lo, need_hi = ctx.needs_input_grad[:3]
        keep = _formula.keep_where
        # PyTorch's clamp_backward_min_max. The result is min(max(x, lo), hi), so where
        # lo > hi it is hi: then x and lo get nothing and hi gets the gradient.
        if lo is not None and hi is not None:
            return (keep((a >= lo) & (a <= hi), grad) if need_a else None,
                    keep((a < lo) & (lo < hi), grad) if need_lo else None,
                    keep((a > hi) | (hi < lo), grad) if need_hi else None, None, None)
        if lo is not None:
            return (keep(a >= lo, grad) if need_a else None,
                    keep(a < lo, grad) if need_lo else None, None, None, None)
        return (keep(a <= hi, grad) if need_a else None, None,
                keep(a > hi, grad) if need_hi else None, None, None)


class Maximum(Op):
    node_name = "MaximumBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        return _xp(a).maximum(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        # PyTorch's formula: on ties each input gets half; the smaller input gets 0; where a
        # or b is nan (no comparison holds) both get the whole gradient
        shared = _formula.where(a == b, grad / 2, grad)
        return _formula.zero_where(a < b, shared), _formula.zero_where(a > b, shared)


class Minimum(Op):
    node_name = "MinimumBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        return _xp(a).minimum(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        # as maximum's, with the larger input getting 0
        shared = _formula.where(a == b, grad / 2, grad)
        return _formula.zero_where(a > b, shared), _formula.zero_where(a < b, shared)


class Where(Op):
    """``where(condition, input, other)``: the condition is no edge of the node."""
    node_name = "WhereBackward0"
    saved_names = ("condition",)

    @staticmethod
    def forward(ctx, held, a, b):
        cond = held.tensor
        ctx.save_for_backward(cond)
        x, y = promoted_arrays(a, b)
        return _xp(a).where(cond._data, x, y)

    @staticmethod
    def backward(ctx, grad):
        cond, = ctx.saved_tensors
        _, need_a, need_b = ctx.needs_input_grad
        return (None,
                where(cond, grad, 0.0) if need_a else None,
                where(cond, 0.0, grad) if need_b else None)


class MaskedFill(Op):
    """``masked_fill(mask, number)``: one edge (the mask is no input of the graph)."""
    node_name = "MaskedFillBackward0"
    saved_names = ("mask",)

    @staticmethod
    def forward(ctx, a, held, value):
        mask = held.tensor
        ctx.save_for_backward(mask)
        x = a._data
        return _xp(a).where(mask._data, _fill_value(x, value), x)

    @staticmethod
    def backward(ctx, grad):
        mask, = ctx.saved_tensors
        return where(mask, 0.0, grad), None, None


class MaskedFillTensor(Op):
    """``masked_fill(mask, value)`` with a 0-dim tensor value: the value gets the sum of the
    gradient over the filled places."""
    node_name = "MaskedFillBackward1"
    saved_names = ("mask",)

    @staticmethod
    def forward(ctx, a, held, value):
        mask = held.tensor
        ctx.save_for_backward(mask)
        x = a._data
        return _xp(a).where(mask._data, value._data.astype(x.dtype), x)

    @staticmethod
    def backward(ctx, grad):
        mask, = ctx.saved_tensors
        need_a, _, need_v = ctx.needs_input_grad
        return (where(mask, 0.0, grad) if need_a else None, None,
                where(mask, grad, 0.0).sum() if need_v else None)


def _fill_value(x, value):
    if x.dtype.kind in "iu" and isinstance(value, float) and not value.is_integer():
        return x.dtype.type(int(value))
    return x.dtype.type(value)


def _lerp(x, y, w):
    """PyTorch's CPU lerp kernel: ``w (y - x) + x`` for |w| < 0.5, else
    ``(w - 1)(y - x) + y`` -- exact at both ends (w = 1 gives y even where x is infinite) --
    each one fused multiply-add, in float32 for float16 arrays (torch's opmath type)."""
    dt = x.dtype
    if dt.itemsize < 4:
        x, y, w = x.astype(np.float32), y.astype(np.float32), np.float32(w) \
            if getattr(w, "ndim", 0) == 0 else w.astype(np.float32)
    diff = y - x
    if getattr(w, "ndim", 0) == 0:
        small = abs(w) < 0.5
        out = _fma(w if small else w - 1, diff, x if small else y)
    else:
        xp = _backend.array_module(x)
        small = xp.abs(w) < 0.5
        out = _fma(xp.where(small, w, w - 1), diff, xp.where(small, x, y))
    return out.astype(dt, copy=False)


def _fma(a, b, c):
    """``a * b + c`` rounded once, as the FMA of torch's vectorised kernel: float32 through
    float64 (the product of two float32 is exact there), float64 through long double
    (rounded twice: unlike a true FMA in about 1 case in 4000). On CuPy, plain arithmetic."""
    if _backend.array_module(c) is not np:
        return a * b + c
    wide = np.float64 if c.dtype.itemsize == 4 else np.longdouble
    return (np.asarray(a, wide) * b.astype(wide) + c.astype(wide)).astype(c.dtype)


class Lerp(Op):
    """``input + weight * (end - input)`` with a number weight."""
    node_name = "LerpBackward0"
    saved_attrs = ("weight",)

    @staticmethod
    def forward(ctx, a, b, weight):
        ctx.weight = weight
        x, y = promoted_arrays(a, b)
        return _lerp(x, y, (x.dtype.type if x.dtype.itemsize >= 4 else np.float32)(weight))

    @staticmethod
    def backward(ctx, grad):
        w = ctx.weight
        need_a, need_b, _ = ctx.needs_input_grad
        return (grad * (1 - w) if need_a else None, grad * w if need_b else None, None)


class LerpTensor(Op):
    """``lerp`` with a tensor weight: d/dweight = end - input."""
    node_name = "LerpBackward1"
    saved_names = ("self", "end", "weight")

    @staticmethod
    def forward(ctx, a, b, w):
        ctx.save_for_backward(a, b, w)
        x, y = promoted_arrays(a, b)
        return _lerp(x, y, w._data.astype(x.dtype, copy=False))

    @staticmethod
    def backward(ctx, grad):
        a, b, w = ctx.saved_tensors
        need_a, need_b, need_w = ctx.needs_input_grad
        return (grad * (1 - w) if need_a else None, grad * w if need_b else None,
                grad * (b - a) if need_w else None)


# ---------------------------------------------------------------------------- functions
def clamp(input, min=None, max=None):
    """Limit values to [min, max]; the gradient passes where min <= x <= max (bounds
    included, as in PyTorch).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([-2., -1., 0., 1., 2.], requires_grad=True)
    >>> x.clamp(-1, 1).sum().backward(); x.grad
    tensor([0., 1., 1., 1., 0.])
    """
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        lo = min if isinstance(min, Tensor) else _absent_or_scalar(min, input)
        hi = max if isinstance(max, Tensor) else _absent_or_scalar(max, input)
        for bound in (lo, hi):
            if bound._data.shape != input._data.shape:
                broadcast_shapes(input._data.shape, bound._data.shape)
        return ClampTensor.apply(input, lo, hi, min is not None, max is not None)
    return Clamp.apply(input, min, max)


def _absent_or_scalar(value, like):
    """A bound that is no tensor: a number is wrapped; an absent one is a 0-d placeholder
    that only gives the node its ``(None, 0)`` edge."""
    return wrap_scalar(0 if value is None else value, like)


clip = clamp


def maximum(input, other):
    """Element-wise maximum; on ties each input gets half of the gradient (PyTorch's rule).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> a = torch.tensor([1., 2.], requires_grad=True)
    >>> torch.maximum(a, torch.tensor([1., 0.])).sum().backward(); a.grad
    tensor([0.5000, 1.0000])
    """
    a, b = binary_operands(input, other)
    return Maximum.apply(a, b)


def minimum(input, other):
    a, b = binary_operands(input, other)
    return Minimum.apply(a, b)


def where(condition, input=None, other=None):
    """``input`` where ``condition`` holds, else ``other`` (numbers allowed); with only a
    condition, the indices where it holds.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([-1., 2.])
    >>> torch.where(x > 0, x, 0.)
    tensor([0., 2.])
    """
    if input is None and other is None:
        from .gather_scatter import nonzero
        return nonzero(condition, as_tuple=True)
    like = input if isinstance(input, Tensor) else other if isinstance(other, Tensor) else condition
    a = input if isinstance(input, Tensor) else wrap_scalar(input, like)
    b = other if isinstance(other, Tensor) else wrap_scalar(other, like)
    if condition._data.dtype.kind != "b":
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {_dtype.type_name(condition.dtype)}")
    # torch broadcasts the condition with input, then the result with other
    broadcast_shapes(broadcast_shapes(condition._data.shape, a._data.shape), b._data.shape)
    return Where.apply(Held(condition), a, b)


def masked_fill(input, mask, value):
    if mask._data.dtype.kind != "b":
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype.name}")
    if mask._data.shape != input._data.shape:
        broadcast_shapes(mask._data.shape, input._data.shape)
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value.ndim} dimension(s).")
        return MaskedFillTensor.apply(input, Held(mask), value)
    return MaskedFill.apply(input, Held(mask), value)


def lerp(input, end, weight):
    a, b = binary_operands(input, end)
    if isinstance(weight, Tensor):
        broadcast_shapes(broadcast_shapes(a._data.shape, b._data.shape), weight._data.shape)
        return LerpTensor.apply(a, b, weight)
    return Lerp.apply(a, b, weight)
