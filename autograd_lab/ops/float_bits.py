"""A float's binary make-up: ``frexp`` (mantissa and power-of-two exponent), ``ldexp``
(the reverse, ``x * 2**e``) and ``nextafter`` (the next representable float).

Gradients as PyTorch's: frexp's mantissa passes ``grad / 2**exponent``; ldexp passes
``grad * 2**other`` to ``self`` and ``grad * result * ln 2`` to ``other``; nextafter
passes the gradient where it moved ``self`` (``self != other``) and none to ``other``.
"""
import math

import numpy as np

from .. import _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from ._return_types import named_result
from ._util import binary_operands, promoted_arrays
from .clamp_where import where

frexp_result = named_result("frexp", ("mantissa", "exponent"))


class Frexp(Op):
    node_name = "FrexpBackward0"
    saved_attrs = ("exponent",)
    differentiable_outputs = (0,)

    @staticmethod
    def forward(ctx, a):
        mantissa, exponent = a._xp().frexp(a._data)
        exponent = exponent.astype(np.int32)
        ctx.exponent = Tensor._make(exponent)
        return mantissa, exponent

    @staticmethod
    def backward(ctx, grad, _):
        return grad / ctx.exponent.exp2()


def frexp(input):
    """``(mantissa, exponent)`` with ``input = mantissa * 2**exponent`` and
    ``0.5 <= |mantissa| < 1`` (both 0 for 0); the exponent is int32.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.frexp(torch.tensor([8., -3.])).exponent
    tensor([4, 2], dtype=torch.int32)
    """
    if not input.is_floating_point():
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa, exponent = Frexp.apply(input)
    return frexp_result(mantissa, exponent)


class Ldexp(Op):
    node_name = "LdexpBackward0"
    saved_names = ("other",)
    save_result = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(b)
        x, e = a._data, b._data
        # 2**other as PyTorch's pow(2, other): in other's float dtype, else the default one
        factor = a._xp().power(2.0, e.astype(e.dtype if e.dtype.kind == "f" else
                                             _dtype.get_default_dtype().np))
        out_dt = np.result_type(x.dtype if x.dtype.kind == "f" else factor.dtype, factor.dtype)
        return (x * factor).astype(out_dt, copy=False)

    @staticmethod
    def backward(ctx, grad):
        other, = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * (2.0 ** other) if need_a else None,
                grad * ctx.saved_result * math.log(2) if need_b else None)


def _check_tensor(other, name, position):
    if not isinstance(other, Tensor):
        raise TypeError(f"{name}(): argument 'other' (position {position}) must be Tensor, "
                        f"not {type(other).__name__}")


def ldexp(input, other, _position=2):
    """``input * 2**other``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.ldexp(torch.tensor([1., 3.]), torch.tensor([2, -1]))
    tensor([4.0000, 1.5000])
    """
    _check_tensor(other, "ldexp", _position)
    a, b = binary_operands(input, other)
    return Ldexp.apply(a, b)


def ldexp_(t, other):
    """``t.ldexp_(other)``: ``t * 2**other`` written into ``t`` (a float tensor)."""
    from .inplace import inplace
    _check_tensor(other, "ldexp_", 1)
    if not t.is_floating_point():
        raise RuntimeError(f"ldexp can't be cast to the desired output type "
                           f"{_dtype.type_name(t.dtype)}")
    return inplace(t, ldexp, other)


class Nextafter(Op):
    node_name = "NextafterBackward0"
    saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(b, a)
        x, y = promoted_arrays(a, b)
        if x.dtype.kind != "f":
            raise NotImplementedError(f'"nextafter_{a.device.type}" not implemented for '
                                      f"'{_dtype.type_name(_dtype.from_numpy_dtype(x.dtype))}'")
        return a._xp().nextafter(x, y)

    @staticmethod
    def backward(ctx, grad):
        other, a = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (where(a != other, grad, 0.) if need_a else None,
                grad.new_zeros(other.shape) if need_b else None)


def nextafter(input, other, _position=2):
    """The next float after ``input`` in the direction of ``other``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nextafter(torch.tensor([1.], dtype=torch.float64), torch.tensor([2.],
    ...                 dtype=torch.float64)) - 1
    tensor([2.2204e-16], dtype=torch.float64)
    """
    _check_tensor(other, "nextafter", _position)
    a, b = binary_operands(input, other)
    return Nextafter.apply(a, b)
