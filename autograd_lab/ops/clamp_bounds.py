"""clamp_min and clamp_max: ``clamp`` with one bound (``clamp_where.py`` holds ``clamp``;
the in-place ``clamp_`` is here beside theirs, for the same cast check),
PyTorch's own ops with their own nodes (``ClampMinBackward0`` for a number bound,
``ClampMinBackward1`` for a tensor bound, and the same for max).

The input gets the gradient where it was kept (x >= min, bound included); a tensor bound
gets it where the bound was taken (x < min). Where x or the bound is nan the result is nan
and neither gets anything (no comparison with nan holds).
"""
from .. import _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from . import _formula
from ._util import binary_operands, promoted_arrays, wrap_scalar
from .clamp_where import clamp, with_number_bounds
from .inplace import inplace
from .unary_math import _xp


class ClampMin(Op):
    node_name = "ClampMinBackward0"
    saved_names = ("self",)
    saved_attrs = ("min",)
    array_backward = True

    @staticmethod
    def forward(ctx, a, lo):
        ctx.save_for_backward(a)
        ctx.min = lo
        x, (lo,) = with_number_bounds(a, (lo,), "clamp_min")
        return _xp(a).maximum(x, lo)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return _formula.keep_where(a >= ctx.min, grad), None


class ClampMinTensor(Op):
    node_name = "ClampMinBackward1"
    saved_names = ("self", "min")
    array_backward = True

    @staticmethod
    def forward(ctx, a, lo):
        ctx.save_for_backward(a, lo)
        return _xp(a).maximum(*promoted_arrays(a, lo))

    @staticmethod
    def backward(ctx, grad):
        a, lo = ctx.saved_tensors
        need_a, need_lo = ctx.needs_input_grad
        return (_formula.keep_where(a >= lo, grad) if need_a else None,
                _formula.keep_where(a < lo, grad) if need_lo else None)


class ClampMax(Op):
    node_name = "ClampMaxBackward0"
    saved_names = ("self",)
    saved_attrs = ("max",)
    array_backward = True

    @staticmethod
    def forward(ctx, a, hi):
        ctx.save_for_backward(a)
        ctx.max = hi
        x, (hi,) = with_number_bounds(a, (hi,), "clamp_max")
        return _xp(a).minimum(x, hi)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return _formula.keep_where(a <= ctx.max, grad), None


class ClampMaxTensor(Op):
    node_name = "ClampMaxBackward1"
    saved_names = ("self", "max")
    array_backward = True

    @staticmethod
    def forward(ctx, a, hi):
        ctx.save_for_backward(a, hi)
        return _xp(a).minimum(*promoted_arrays(a, hi))

    @staticmethod
    def backward(ctx, grad):
        a, hi = ctx.saved_tensors
        need_a, need_hi = ctx.needs_input_grad
        return (_formula.keep_where(a <= hi, grad) if need_a else None,
                _formula.keep_where(a > hi, grad) if need_hi else None)


# ---------------------------------------------------------------------------- functions
def _check_number(name, bound_name, bound):
    if not isinstance(bound, (int, float)):
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"(Tensor, {type(bound).__name__}), but expected one of:\n"
                        f" * (Tensor input, Tensor {bound_name}, *, Tensor out = None)\n"
                        f" * (Tensor input, Number {bound_name}, *, Tensor out = None)\n")


def _inplace(input, op, *bounds):
    """``clamp_`` / ``clamp_min_`` / ``clamp_max_``. With a number bound PyTorch checks the
    cast itself, naming the C++ type ("long int"), before the in-place machinery would."""
    for bound in bounds:
        if bound is not None and not isinstance(bound, Tensor):
            dt = _dtype.result_type(input, wrap_scalar(bound, input))
            if dt._kind > input.dtype._kind:          # (a float result, an integer tensor)
                raise RuntimeError(f"result type {_dtype.type_name(dt)} can't be cast to the "
                                   f"desired output type {_dtype.cpp_name(input.dtype)}")
    return inplace(input, op, *bounds)


def clamp_min(input, min):
    """``max(input, min)``, ``min`` a number or a tensor (broadcast).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([-1., 0., 2.], requires_grad=True)
    >>> x.clamp_min(0.).sum().backward(); x.grad
    tensor([0., 1., 1.])
    """
    if isinstance(min, Tensor):
        return ClampMinTensor.apply(*binary_operands(input, min))
    _check_number("clamp_min", "min", min)
    return ClampMin.apply(input, min)


def clamp_max(input, max):
    """``min(input, max)``, ``max`` a number or a tensor (broadcast).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.clamp_max(torch.tensor([-1., 0., 2.]), 1)
    tensor([-1.,  0.,  1.])
    """
    if isinstance(max, Tensor):
        return ClampMaxTensor.apply(*binary_operands(input, max))
    _check_number("clamp_max", "max", max)
    return ClampMax.apply(input, max)


def clamp_(input, min=None, max=None):
    """In-place clamp."""
    return _inplace(input, clamp, min, max)


def clamp_min_(input, min):
    """In-place clamp_min."""
    return _inplace(input, clamp_min, min)


def clamp_max_(input, max):
    """In-place clamp_max."""
    return _inplace(input, clamp_max, max)
