"""Integer ops: ``bitwise_and/or/xor/not`` (the ``&``, ``|``, ``^``, ``~`` operators),
``bitwise_left_shift``/``bitwise_right_shift`` (``<<``, ``>>``), ``gcd`` and ``lcm``.

None has a gradient (integer and bool results); each is a plain function over the
promoted arrays. The in-place forms (``a.bitwise_and_(b)``, ``a &= b``) go through
:func:`.inplace.inplace`, which refuses results that do not fit ``a``'s dtype.
"""
from .. import _dtype
from .._tensor import Tensor
from ._util import binary_operands, promoted_arrays
from .comparison import bitwise_not, logical_op


def _not_implemented(kernel, t, np_dtype):
    name = _dtype.type_name(_dtype.from_numpy_dtype(np_dtype))
    raise NotImplementedError(f'"{kernel}_{t.device.type}" not implemented for \'{name}\'')


def bitwise_and(input, other):
    """Bitwise (for bools, logical) AND; the ``&`` operator.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([12, 10]).bitwise_and(torch.tensor([10, 4]))
    tensor([8, 0])
    """
    return logical_op(input, other, "and")


def bitwise_or(input, other):
    """Bitwise OR; the ``|`` operator."""
    return logical_op(input, other, "or")


def bitwise_xor(input, other):
    """Bitwise XOR; the ``^`` operator."""
    return logical_op(input, other, "xor")


def _shift(input, other, left):
    """``input << other`` / ``input >> other`` with PyTorch's (C++-defined) results for
    shifts that are negative or at least the width: 0 to the left, the sign fill to the
    right (NumPy leaves those to the hardware)."""
    a, b = binary_operands(input, other)
    x, y = promoted_arrays(a, b)
    if x.dtype.kind not in "iu":
        _not_implemented("lshift" if left else "rshift", a, x.dtype)
    xp = a._xp()
    bits = x.dtype.itemsize * 8
    out_of_range = (y < 0) | (y >= bits)
    safe = xp.where(out_of_range, 0, y).astype(x.dtype)
    if left:
        return Tensor._make(xp.where(out_of_range, 0, xp.left_shift(x, safe)).astype(x.dtype))
    fill = x >> (bits - 1) if x.dtype.kind == "i" else xp.zeros_like(x)
    return Tensor._make(xp.where(out_of_range, fill, xp.right_shift(x, safe)).astype(x.dtype))


def bitwise_left_shift(input, other):
    """``input << other`` (integers; shifts outside ``[0, width)`` give 0).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([1, -3]).bitwise_left_shift(2)
    tensor([  4, -12])
    """
    return _shift(input, other, True)


def bitwise_right_shift(input, other):
    """``input >> other`` (arithmetic for signed integers)."""
    return _shift(input, other, False)


def _check_tensor(other, name, position):
    if not isinstance(other, Tensor):
        raise TypeError(f"{name}(): argument 'other' (position {position}) must be Tensor, "
                        f"not {type(other).__name__}")


def _gcd_lcm(input, other, name):
    _check_tensor(other, name, 2)
    a, b = binary_operands(input, other)
    x, y = promoted_arrays(a, b)
    if x.dtype.kind not in "iu":
        _not_implemented(name, a, x.dtype)
    return Tensor._make(getattr(a._xp(), name)(x, y))


def gcd(input, other):
    """Greatest common divisor, element-wise (always >= 0; ``gcd(0, 0) = 0``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensor([12, -7]).gcd(torch.tensor([8, 21]))
    tensor([4, 7])
    """
    return _gcd_lcm(input, other, "gcd")


def lcm(input, other):
    """Least common multiple, element-wise (always >= 0)."""
    return _gcd_lcm(input, other, "lcm")


def into(t, op, other):
    """``t.<op>_(other)``: PyTorch checks that the promoted dtype fits ``t`` before it looks
    for a kernel (``int_tensor.bitwise_and_(1.5)`` is a cast error, not a missing kernel)."""
    from .inplace import inplace
    a, b = binary_operands(t, other)
    result = _dtype.result_type(a, b)
    if result._kind > t.dtype._kind:
        raise RuntimeError(f"result type {_dtype.type_name(result)} can't be cast to the "
                           f"desired output type {_dtype.type_name(t.dtype)}")
    return inplace(t, op, other)


def gcd_lcm_method(t, other, name):
    """``t.gcd(other)``, ``t.gcd_(other)``, ``t.lcm(...)``, ``t.lcm_(...)``: as the
    functions, with the methods' own wording when ``other`` is no tensor."""
    _check_tensor(other, name, 1)
    op = gcd if name.startswith("gcd") else lcm
    return into(t, op, other) if name.endswith("_") else op(t, other)


__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
           "bitwise_right_shift", "gcd", "lcm", "into", "gcd_lcm_method"]
