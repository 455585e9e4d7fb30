"""Tensor dtypes and PyTorch's type-promotion rules."""
import numpy as np


class dtype:
    """A tensor element type, printed as ``torch.float32`` like PyTorch's."""

    __slots__ = ("name", "np", "is_floating_point", "is_signed", "itemsize", "_kind", "_rank")

    def __init__(self, name, np_dtype, kind, rank):
        self.name = name
        self.np = np.dtype(np_dtype)
        self._kind = kind          # 0 bool, 1 integer, 2 floating
        self._rank = rank          # order inside the kind
        self.is_floating_point = kind == 2
        self.is_signed = name not in ("bool", "uint8")
        self.itemsize = self.np.itemsize

    @property
    def is_complex(self):
        return False

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):
        return (_by_name, (self.name,))


bool_ = dtype("bool", np.bool_, 0, 0)
uint8 = dtype("uint8", np.uint8, 1, 0)
int8 = dtype("int8", np.int8, 1, 1)
int16 = dtype("int16", np.int16, 1, 2)
int32 = dtype("int32", np.int32, 1, 3)
int64 = dtype("int64", np.int64, 1, 4)
float16 = dtype("float16", np.float16, 2, 0)
float32 = dtype("float32", np.float32, 2, 1)
float64 = dtype("float64", np.float64, 2, 2)

ALL = (bool_, uint8, int8, int16, int32, int64, float16, float32, float64)
_FROM_NP = {d.np: d for d in ALL}
_NAMES = {d.name: d for d in ALL}
# torch's aliases, exported from the package top level
ALIASES = {"float": float32, "double": float64, "half": float16, "long": int64, "int": int32,
           "short": int16, "bool": bool_, "uint8": uint8, "int8": int8}

_default_float = float32


def _by_name(name):
    return _NAMES[name]


def from_numpy_dtype(np_dtype):
    try:
        return _FROM_NP[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only "
                        "supported types are: float64, float32, float16, complex64, complex128, "
                        "int64, int32, int16, int8, uint8, and bool.") from None


def get_default_dtype():
    return _default_float


def set_default_dtype(d):
    global _default_float
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_float = d


def promote_types(a, b):
    """torch.promote_types: the smallest dtype both ``a`` and ``b`` fit in."""
    if a is b:
        return a
    if a._kind != b._kind:
        hi, lo = (a, b) if a._kind > b._kind else (b, a)
        return hi
    if a._kind == 1 and {a.name, b.name} == {"uint8", "int8"}:
        return int16
    if a._kind == 1 and "uint8" in (a.name, b.name):
        other = b if a is uint8 else a
        return other
    return a if a._rank > b._rank else b


def _scalar_dtype(value):
    if isinstance(value, (bool, np.bool_)):
        return bool_
    if isinstance(value, (int, np.integer)):
        return int64
    return _default_float


def _combine_categories(higher, lower):
    """Let a lower-priority group raise the category only (torch's combine_categories)."""
    if higher is None:
        return lower
    if lower is None or higher.is_floating_point:
        return higher
    if higher is bool_ or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def result_type(*operands):
    """The dtype of ``op(*operands)``: dimensioned tensors win over zero-dim ones, which win
    over Python numbers, unless the lower group is of a higher category (int < float)."""
    dim_t = zero_t = scalar_t = None
    for x in operands:
        d = getattr(x, "dtype", None)
        if isinstance(d, dtype):
            if getattr(x, "_wrapped_number", False):
                d = _default_float if d.is_floating_point else d
                scalar_t = d if scalar_t is None else promote_types(scalar_t, d)
            elif x.ndim:
                dim_t = d if dim_t is None else promote_types(dim_t, d)
            else:
                zero_t = d if zero_t is None else promote_types(zero_t, d)
        else:
            d = _scalar_dtype(x)
            scalar_t = d if scalar_t is None else promote_types(scalar_t, d)
    return _combine_categories(dim_t, _combine_categories(zero_t, scalar_t))


def overflows(values, np_dtype):
    """Whether any of ``values`` (a NumPy array of Python numbers: int64 or float64) cannot be
    converted to ``np_dtype``, by c10's rule (``c10::overflows``): an integer must fit, except
    that an unsigned type takes a negative integer whose magnitude fits modulo 2^n (-2 is 254
    in uint8), as C++ converts it; a float must lie within the type's range, infinities and
    nan aside for float types."""
    if np_dtype.kind == "f":
        finite = values[np.isfinite(values)]
        return bool((np.abs(finite) > np.finfo(np_dtype).max).any())
    info = np.iinfo(np_dtype)
    if values.dtype.kind == "f":
        return bool(((values < info.min) | (values > info.max) | np.isnan(values)).any())
    low = info.min if info.min < 0 else -info.max     # (the wrap of unsigned types)
    return bool(((values < low) | (values > info.max)).any())


def type_name(d):
    """torch's legacy type name, used in error messages: torch.FloatTensor."""
    names = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long",
             "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}
    return names[d.name]


def cpp_name(d):
    """The C++ type name PyTorch prints in some messages: 'float', 'double', 'long int'."""
    names = {"float32": "float", "float64": "double", "float16": "c10::Half",
             "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
             "uint8": "unsigned char", "bool": "bool"}
    return names[d.name]
