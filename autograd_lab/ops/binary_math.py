"""Element-wise math of two tensors: copysign, xlogy, atan2, hypot, logaddexp, logaddexp2,
fmax, fmin and heaviside.

They broadcast and promote like the arithmetic operators (``_util.binary_operands``,
``promoted_arrays``); copysign, xlogy and atan2 compute integer and bool inputs in the
default float dtype, hypot and logaddexp refuse them, as PyTorch does. Each backward returns
gradients in the broadcast shape; the engine sums them back to each input's shape. The
derivatives are PyTorch's, edge points included: xlogy's derivative for x is 0 where x = 0,
atan2's is 0 at (0, 0), hypot's is nan there (0 / 0), fmax/fmin give a tie and a nan-free
pick wholly to one side, and heaviside has no derivative at all (its node raises).
"""
from .. import _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from . import _formula
from ._util import Held, binary_operands, promoted_arrays, wrap_scalar
from .unary_math import _xp


def _float_arrays(a, b):
    """Both operands' arrays in their promoted dtype, integers and bools in the default
    float dtype (copysign, xlogy and atan2 always give floats)."""
    x, y = promoted_arrays(a, b)
    if x.dtype.kind != "f":
        dt = _dtype.get_default_dtype().np
        x, y = x.astype(dt), y.astype(dt)
    return x, y


def _floating_only(a, b, kernel):
    """hypot and logaddexp have no integer kernel in PyTorch."""
    x, y = promoted_arrays(a, b)
    if x.dtype.kind != "f":
        name = _dtype.type_name(_dtype.from_numpy_dtype(x.dtype))
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{name}'")
    return x, y


def _tensor_operands(name, input, other, other_name="other"):
    """Ops that take no Python number (atan2, hypot, fmax...): torch's TypeError, then the
    usual broadcasting check."""
    for pos, arg_name, arg in ((1, "input", input), (2, other_name, other)):
        if not isinstance(arg, Tensor):
            raise TypeError(f"{name}(): argument '{arg_name}' (position {pos}) must be Tensor, "
                            f"not {type(arg).__name__}")
    return binary_operands(input, other)


# ---------------------------------------------------------------------------- copysign
def _copysign_grad(ctx, grad):
    """d/dinput = copysign(x, y) / x (+-1, from the saved result), 0 at x = 0."""
    a, = ctx.saved_tensors
    return grad * (ctx.saved_result / a).masked_fill(a == 0, 0.0)


class Copysign(Op):
    """|input| with the sign of ``other``. d/dinput = copysign(x, y) / x (+-1), 0 at x = 0;
    ``other`` only gives a sign, so its gradient is 0."""
    node_name = "CopysignBackward0"
    saved_names = ("self",)
    save_result = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a)
        x, y = _float_arrays(a, b)
        return _xp(a).copysign(x, y)

    @staticmethod
    def backward(ctx, grad):
        need_a, need_b = ctx.needs_input_grad
        return (_copysign_grad(ctx, grad) if need_a else None,
                _formula.zeros_like(grad) if need_b else None)


class CopysignScalar(Op):
    """``copysign(tensor, number)``: one edge (``CopysignBackward1``)."""
    node_name = "CopysignBackward1"
    saved_names = ("self",)
    save_result = True

    @staticmethod
    def forward(ctx, a, number):
        ctx.save_for_backward(a)
        x, y = _float_arrays(a, wrap_scalar(number, a))
        return _xp(a).copysign(x, y)

    @staticmethod
    def backward(ctx, grad):
        return _copysign_grad(ctx, grad), None


# ---------------------------------------------------------------------------- xlogy
def _xlogy_arrays(xp, x, y):
    """x * log(y), 0 where x = 0 (even where log(y) is -inf or inf), nan where y is nan."""
    out = xp.where(x == 0, x.dtype.type(0), x * xp.log(y))
    return xp.where(y != y, y, out)


class Xlogy(Op):
    node_name = "XlogyBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _xlogy_arrays(_xp(a), *_float_arrays(a, b))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # PyTorch's formula: d/dx = log(y), as xlogy(grad, y) (0 where the gradient is 0),
        # and 0 where x = 0 and y <= 0 (where log(y) is -inf or nan but the value stays 0)
        return (xlogy(grad, b).masked_fill((a == 0) & (b <= 0), 0.0) if need_a else None,
                grad * a / b if need_b else None)


class XlogyScalarOther(Op):
    """``xlogy(tensor, number)``: one edge (``XlogyBackward2``)."""
    node_name = "XlogyBackward2"
    saved_names = ("self",)
    saved_attrs = ("other",)

    @staticmethod
    def forward(ctx, a, number):
        ctx.save_for_backward(a)
        ctx.other = number
        return _xlogy_arrays(_xp(a), *_float_arrays(a, wrap_scalar(number, a)))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        ga = xlogy(grad, ctx.other)
        return (ga.masked_fill(a == 0, 0.0) if ctx.other <= 0 else ga), None


class XlogyScalarSelf(Op):
    """``xlogy(number, tensor)``: one edge (``XlogyBackward1``)."""
    node_name = "XlogyBackward1"
    saved_names = ("other",)
    saved_attrs = ("self",)

    @staticmethod
    def forward(ctx, number, b):
        ctx.save_for_backward(b)
        ctx.self = number
        return _xlogy_arrays(_xp(b), *_float_arrays(wrap_scalar(number, b), b))

    @staticmethod
    def backward(ctx, grad):
        b, = ctx.saved_tensors
        return None, grad * ctx.self / b


# ---------------------------------------------------------------------------- atan2, hypot
class Atan2(Op):
    """The angle of the point (other, input). d/dinput = other / r^2, d/dother = -input / r^2,
    both 0 at the origin (PyTorch masks the infinite 1 / r^2 there)."""
    node_name = "Atan2Backward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = _float_arrays(a, b)
        return _xp(a).arctan2(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        r2 = a * a + b * b
        recip = r2.reciprocal().masked_fill(r2 == 0, 0.0)
        return (grad * b * recip if need_a else None,
                grad * -a * recip if need_b else None)


class Hypot(Op):
    """sqrt(input^2 + other^2); d/dinput = input / result (nan at the origin, 0 / 0)."""
    node_name = "HypotBackward0"
    saved_names = ("self", "other")
    save_result = True
    array_backward = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = _floating_only(a, b, "hypot_cpu")
        return _xp(a).hypot(x, y)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        r = ctx.saved_result
        need_a, need_b = ctx.needs_input_grad
        return (grad * a / r if need_a else None, grad * b / r if need_b else None)


# ---------------------------------------------------------------------------- logaddexp
class _LogAddExp(Op):
    """log_b(b^x + b^y) without overflow, for the base b of ``power``; d/dx =
    1 / (1 + b^(y - x)), the softmax weight of x (and the same for y)."""
    saved_names = ("self", "other")

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = _floating_only(a, b, f"{cls.kernel}_cpu")
        return getattr(_xp(a), cls.kernel)(x, y)

    @classmethod
    def backward(cls, ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / (1 + cls.power(b - a)) if need_a else None,
                grad / (1 + cls.power(a - b)) if need_b else None)


class Logaddexp(_LogAddExp):
    """log(e^x + e^y); d/dx = 1 / (1 + e^(y - x))."""
    node_name = "LogaddexpBackward0"
    kernel = "logaddexp"
    power = staticmethod(lambda d: d.exp())


class Logaddexp2(_LogAddExp):
    """log2(2^x + 2^y); d/dx = 1 / (1 + 2^(y - x))."""
    node_name = "Logaddexp2Backward0"
    kernel = "logaddexp2"
    power = staticmethod(lambda d: 2 ** d)


# ---------------------------------------------------------------------------- fmax, fmin
class _NanIgnoringPick(Op):
    """fmax / fmin: ``input`` where ``picks_input(x, y)`` holds, else ``other``. The whole
    gradient goes to the value picked (unlike maximum, which splits a tie), so forward and
    backward ask the same question. ``y != y`` is the nan test that arrays and tensors both
    understand."""
    saved_names = ("self", "other")
    array_backward = True

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = promoted_arrays(a, b)
        return _xp(a).where(cls.picks_input(x, y), x, y)

    @classmethod
    def backward(cls, ctx, grad):
        a, b = ctx.saved_tensors
        to_a = cls.picks_input(a, b)
        return _formula.keep_where(to_a, grad), _formula.zero_where(to_a, grad)


class Fmax(_NanIgnoringPick):
    """maximum that ignores nan (the other value wins). ``input`` on a tie, as PyTorch
    (fmax(0., -0.) is 0., fmax(-0., 0.) is -0.; NumPy's fmax takes the second there), and
    where ``other`` is nan."""
    node_name = "FmaxBackward0"
    picks_input = staticmethod(lambda x, y: (x >= y) | (y != y))


class Fmin(_NanIgnoringPick):
    """minimum that ignores nan; ties and nan as in fmax."""
    node_name = "FminBackward0"
    picks_input = staticmethod(lambda x, y: (x <= y) | (y != y))


# ---------------------------------------------------------------------------- heaviside
class Heaviside(Op):
    """The step function: 0 for x < 0, ``values`` at x = 0, 1 for x > 0 (and 0 for nan).
    PyTorch defines no derivative: like its ``NotImplemented`` node, this one has edges only
    to the inputs that require grad, and raises when backward reaches it."""
    node_name = "NotImplemented"

    @staticmethod
    def forward(ctx, a, b):
        a = a.tensor if isinstance(a, Held) else a
        b = b.tensor if isinstance(b, Held) else b
        x, v = a._data, b._data
        return _xp(a).where(x == 0, v, x > 0).astype(v.dtype, copy=False)

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("derivative for aten::heaviside is not implemented")


Heaviside._backward_cls.torch_name = "torch::autograd::NotImplemented"


# ---------------------------------------------------------------------------- functions
_TENSOR_OR_NUMBER_OTHER = ("(Tensor input, Tensor other, *, Tensor out = None)",
                           "(Tensor input, Number other, *, Tensor out = None)")
_XLOGY_SIGNATURES = ("(Tensor input, Tensor other, *, Tensor out = None)",
                     "(Number self, Tensor other, *, Tensor out = None)",
                     "(Tensor input, Number other, *, Tensor out = None)")


def _invalid_arguments(name, *args_and_signatures):
    """torch's TypeError for arguments that match none of an op's signatures."""
    *args, signatures = args_and_signatures
    got = ", ".join("Tensor" if isinstance(a, Tensor) else type(a).__name__ for a in args)
    lines = "".join(f" * {sig}\n" for sig in signatures)
    return f"{name}() received an invalid combination of arguments - got ({got}), but " \
           f"expected one of:\n{lines}"


def copysign(input, other):
    """|input| with the sign of ``other`` (a tensor or a number); integers give floats.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.copysign(torch.tensor([1., -2., 3.]), -1)
    tensor([-1., -2., -3.])
    """
    if not isinstance(input, Tensor):
        raise TypeError(_invalid_arguments("copysign", input, other, _TENSOR_OR_NUMBER_OTHER))
    if not isinstance(other, Tensor):
        return CopysignScalar.apply(input, other)
    return Copysign.apply(*binary_operands(input, other))


def xlogy(input, other):
    """x * log(y), with 0 where x = 0 (unless y is nan): the term of an entropy.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.xlogy(torch.tensor([0., 2.]), torch.tensor([0., 3.]))
    tensor([0.0000, 2.1972])
    """
    if not isinstance(input, Tensor):
        if not isinstance(other, Tensor):
            raise TypeError(_invalid_arguments("xlogy", input, other, _XLOGY_SIGNATURES))
        return XlogyScalarSelf.apply(input, other)
    if not isinstance(other, Tensor):
        return XlogyScalarOther.apply(input, other)
    return Xlogy.apply(*binary_operands(input, other))


def atan2(input, other):
    """The angle of the point (x = other, y = input), in (-pi, pi].

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.atan2(torch.tensor([1., 1.]), torch.tensor([1., -1.]))
    tensor([0.7854, 2.3562])
    """
    return Atan2.apply(*_tensor_operands("atan2", input, other))


arctan2 = atan2


def hypot(input, other):
    """sqrt(input^2 + other^2), without overflow of the squares.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.hypot(torch.tensor([3.]), torch.tensor([4.]))
    tensor([5.])
    """
    return Hypot.apply(*_tensor_operands("hypot", input, other))


def logaddexp(input, other):
    """log(e^input + e^other), computed without overflow.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.logaddexp(torch.tensor([1000.]), torch.tensor([1000.]))
    tensor([1000.6932])
    """
    return Logaddexp.apply(*_tensor_operands("logaddexp", input, other))


def logaddexp2(input, other):
    """log2(2^input + 2^other), computed without overflow."""
    return Logaddexp2.apply(*_tensor_operands("logaddexp2", input, other))


def fmax(input, other):
    """Element-wise maximum where nan loses: fmax(nan, 1) = 1 (maximum gives nan).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.fmax(torch.tensor([float("nan"), 1.]), torch.tensor([2., 0.]))
    tensor([2., 1.])
    """
    return Fmax.apply(*_tensor_operands("fmax", input, other))


def fmin(input, other):
    """Element-wise minimum where nan loses: fmin(nan, 1) = 1 (minimum gives nan)."""
    return Fmin.apply(*_tensor_operands("fmin", input, other))


def heaviside(input, values):
    """The step function: 0 below 0, ``values`` at 0, 1 above (same dtypes required).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.heaviside(torch.tensor([-1., 0., 2.]), torch.tensor([0.5]))
    tensor([0.0000, 0.5000, 1.0000])
    """
    a, b = _tensor_operands("heaviside", input, values, "values")
    if a.dtype != b.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different "
                           "dtypes.")
    return Heaviside.apply(a if a._requires_grad else Held(a),
                           b if b._requires_grad else Held(b))
