"""``finfo`` and ``iinfo``: the limits of floating-point and integer dtypes.

The numbers come from NumPy's ``finfo``/``iinfo`` of the dtype's NumPy twin (the same IEEE
formats torch uses), the printed form from torch's ``THPFInfo_str``: six significant digits,
as C++'s default ``<<`` of a double writes them (Python's ``%g``).
"""
import numpy as np

from ._dtype import bool_, dtype as _dtype_class, get_default_dtype

__all__ = ["finfo", "iinfo"]


class finfo:
    """Machine limits of a floating-point dtype (the default dtype when none is given).

    Attributes
    ----------
    bits : int
        Bits the type occupies.
    eps : float
        The gap between 1.0 and the next representable number.
    max, min : float
        The largest and the most negative finite numbers.
    tiny, smallest_normal : float
        The smallest positive normal number (two names for one value).
    resolution : float
        ``10 ** -digits10``: the decimal precision.
    dtype : str
        The dtype's name, e.g. ``'float32'``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.finfo(torch.float16)  # doctest: +NORMALIZE_WHITESPACE
    finfo(resolution=0.001, min=-65504, max=65504, eps=0.000976562,
          smallest_normal=6.10352e-05, tiny=6.10352e-05, dtype=float16)
    >>> torch.finfo().eps
    1.1920928955078125e-07
    """

    def __init__(self, *args, **kwargs):
        type_ = _parse_type("finfo", args, kwargs, default=get_default_dtype())
        if not type_.is_floating_point:
            # torch's message, word for word
            raise TypeError("torch.finfo() requires a floating point input type. Use "
                            "torch.iinfo to handle 'torch.finfo'")
        info = np.finfo(type_.np)
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.tiny = float(info.tiny)
        self.smallest_normal = float(info.smallest_normal)
        # torch: pow(10, -digits10) in double; NumPy rounds its own to the dtype (0.0010004 for
        # float16)
        self.resolution = 10.0 ** -int(info.precision)
        self.dtype = type_.name

    def __eq__(self, other):
        if not isinstance(other, finfo):
            return NotImplemented
        return vars(self) == vars(other)

    def __hash__(self):
        # unhashable like torch's (it defines == but no hash), with torch's type name
        raise TypeError("unhashable type: 'torch.finfo'")

    def __getattr__(self, name):
        # only reached for a missing attribute: name the type as torch does
        raise AttributeError(f"'torch.finfo' object has no attribute '{name}'")

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """Machine limits of an integer dtype.

    Attributes
    ----------
    bits : int
        Bits the type occupies.
    max, min : int
        The largest and smallest values.
    dtype : str
        The dtype's name, e.g. ``'int32'``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.iinfo(torch.int32)
    iinfo(min=-2.14748e+09, max=2.14748e+09, dtype=int32)
    >>> torch.iinfo(torch.uint8).max
    255
    """

    def __init__(self, *args, **kwargs):
        type_ = _parse_type("iinfo", args, kwargs)
        if type_ is bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type_.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo "
                            "to handle 'torch.iinfo'")
        info = np.iinfo(type_.np)
        self.bits = int(info.bits)
        self.max = int(info.max)
        self.min = int(info.min)
        self.dtype = type_.name

    def __eq__(self, other):
        if not isinstance(other, iinfo):
            return NotImplemented
        return vars(self) == vars(other)

    def __hash__(self):
        raise TypeError("unhashable type: 'torch.iinfo'")

    def __getattr__(self, name):
        raise AttributeError(f"'torch.iinfo' object has no attribute '{name}'")

    def __repr__(self):
        # torch prints the limits as doubles: int32's max is 2.14748e+09
        return f"iinfo(min={float(self.min):g}, max={float(self.max):g}, dtype={self.dtype})"


def _parse_type(name, args, kwargs, default=None):
    """The ``type`` argument of ``finfo(type)`` / ``iinfo(type)``, refused with the messages
    of torch's C++ argument parser. ``finfo`` has a second overload ``finfo()`` (the default
    dtype), so its mistakes are reported as "an invalid combination"; ``iinfo`` has one."""
    unknown = [k for k in kwargs if k != "type"]
    if "type" in kwargs and args and name == "iinfo":
        raise TypeError(f"{name}() got multiple values for argument 'type'")
    if name == "finfo" and (len(args) > 1 or (args and kwargs) or ("type" in kwargs and unknown)):
        got = ", ".join([_arg_type_name(a) for a in args]
                        + [f"{k}={_arg_type_name(v)}" for k, v in kwargs.items()])
        raise TypeError(f"finfo() received an invalid combination of arguments - got ({got}), "
                        "but expected one of:\n * (torch.dtype type)\n * ()\n")
    if len(args) > 1:
        raise TypeError(f"{name}() takes 1 positional argument but {len(args)} were given")
    if args:
        type_, where = args[0], " (position 1)"
    elif "type" in kwargs:
        if unknown:
            raise TypeError(f"{name}() got an unexpected keyword argument '{unknown[0]}'")
        type_, where = kwargs["type"], ""
    elif default is not None and not kwargs:
        return default
    else:
        raise TypeError(f'{name}() missing 1 required positional arguments: "type"')
    if not isinstance(type_, _dtype_class):
        raise TypeError(f"{name}(): argument 'type'{where} must be torch.dtype, "
                        f"not {type(type_).__name__}")
    return type_


def _arg_type_name(value):
    """How torch's argument parser names a value's type: torch.dtype, int, str..."""
    return "torch.dtype" if isinstance(value, _dtype_class) else type(value).__name__
