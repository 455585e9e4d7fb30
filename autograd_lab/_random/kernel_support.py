"""What the samplers share, apart from the generator itself.

* torch's dtype tables (mantissa digits, C type names, dtype names) and the way its error
  messages print numbers, so that a refused call reads as it does in torch;
* the float arithmetic of torch's compiled kernels that NumPy lacks: a correctly rounded
  fused multiply-add (GCC contracts ``a*b+c`` into one) and glibc's scalar ``libm``;
* TensorIterator's visiting order, in which an in-place sampler fills a non-contiguous
  tensor, and the write that does it and bumps the tensor's version.

The sampler modules (``continuous``, ``discrete``) import from here; nothing here draws.
"""
import numpy as np

from .. import _version

_f16, _f32, _f64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
_FLOATS = (_f16, _f32, _f64)
# numeric_limits<T>::digits: the mantissa bits the uniform and update_from/to kernels use
_DIGITS = {_f16: 11, _f32: 24, _f64: 53}
# torch's C type names, for its "... is out of bounds for <type>" messages
_CTYPE = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
          "uint8": "unsigned char", "bool": "bool", "float16": "c10::Half",
          "float32": "float", "float64": "double"}
# dtype names in torch's '"kernel" not implemented for ...' messages
_TORCH_NAME = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char",
               "uint8": "Byte", "bool": "Bool", "float16": "Half", "float32": "Float",
               "float64": "Double"}


# ================================================================== exact float arithmetic
# torch's kernels compute a*b+c as one fused multiply-add where GCC contracts it; NumPy has no
# FMA, so these give the correctly rounded a*b+c from ordinary float64 operations.
def _two_sum(a, b):
    """Knuth's TwoSum: s = fl(a+b) and the exact error a+b-s."""
    s = a + b
    bv = s - a
    return s, (a - (s - bv)) + (b - bv)


def _round_odd(s, err):
    """Turn round-to-nearest ``s`` (exact value s+err) into round-to-odd: an inexact result
    that came out even moves one ulp towards the exact value. Rounding a round-to-odd value
    once more (to fewer bits) then equals rounding the exact value directly."""
    bits = s.view(np.int64)
    fix = (err != 0) & ((bits & 1) == 0)
    if fix.any():
        step = np.where((err > 0) == (s > 0), 1, -1)       # magnitude up or down
        s = np.where(fix, bits + step, bits).view(np.float64)
    return s


def _fma32(a, b, c):
    """float32 fma(a, b, c). a*b is exact in float64 (48 bits), so fl64(a*b + c) has one
    rounding; rounding that again to float32 is only wrong when it landed exactly on a float32
    halfway point (or in float32's subnormal range), and only those few elements are redone
    with round-to-odd."""
    p = np.multiply(np.asarray(a, np.float32), np.asarray(b, np.float32), dtype=np.float64)
    c = np.asarray(c, np.float32).astype(np.float64)
    s = np.asarray(p + c)
    low = s.view(np.int64) & 0x1FFFFFFF                  # the 29 bits float32 drops
    risky = (low == 0x10000000) | (np.abs(s) < 2.0 ** -125)
    if risky.any():
        p_r, c_r = np.broadcast_to(p, s.shape)[risky], np.broadcast_to(c, s.shape)[risky]
        s_r, err = _two_sum(p_r, c_r)
        s = s.copy()
        s[risky] = _round_odd(np.asarray(s_r), err)
    return s.astype(np.float32)


def _split(x):
    t = 134217729.0 * x              # Veltkamp split into two 26-bit halves
    hi = t - (t - x)
    return hi, x - hi


def _fma64(a, b, c):
    """float64 fma(a, b, c) (Boldo & Melquiond, 'Emulation of FMA and correctly rounded sums',
    2008): exact product (Dekker), TwoSum with c, round-to-odd of the low parts, one rounding."""
    a, b, c = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64),
                                  np.asarray(c, np.float64))
    ph = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl
    th, tl = _two_sum(c, ph)
    v, ve = _two_sum(tl, pl)
    return th + _round_odd(np.asarray(v, np.float64), ve)


def _libm(fn, x):
    """Apply a C libm function element-wise: Python's ``math`` calls the same glibc routines
    torch's scalar kernels call, which NumPy's own SIMD versions do not always match."""
    x = np.asarray(x, np.float64)
    return np.fromiter(map(fn, x.ravel().tolist()), np.float64, count=x.size).reshape(x.shape)


def _glibc_lgamma():
    """glibc's ``lgamma`` itself: Python's ``math.lgamma`` is CPython's own Lanczos sum and
    can differ from it in the last bit. Falls back to ``math.lgamma`` without a C libm."""
    import ctypes
    import ctypes.util
    import math
    try:
        fn = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6").lgamma
    except (OSError, AttributeError):
        return math.lgamma
    fn.restype, fn.argtypes = ctypes.c_double, [ctypes.c_double]
    return fn


_lgamma = _glibc_lgamma()


# ================================================================== iteration order
def _iter_perm(shape, strides):
    """TensorIteratorBase::reorder_dimensions for one operand: the axes from outermost to
    innermost, so that a non-contiguous tensor is filled in memory order as torch does."""
    ndim = len(shape)
    perm = list(range(ndim - 1, -1, -1))     # perm[0] is the innermost (fastest) axis

    def should_swap(d0, d1):
        s0, s1 = strides[d0], strides[d1]
        if s0 == 0 or s1 == 0:
            return 0
        if s0 < s1:
            return -1
        if s0 > s1:
            return 1
        return 1 if shape[d0] > shape[d1] else 0

    for i in range(1, ndim):                 # torch's insertion sort with ambiguous ties
        dim1 = i
        for dim0 in range(i - 1, -1, -1):
            cmp = should_swap(perm[dim0], perm[dim1])
            if cmp > 0:
                perm[dim0], perm[dim1] = perm[dim1], perm[dim0]
                dim1 = dim0
            elif cmp < 0:
                break
    return perm[::-1]


def _fill(arr, values):
    """Write ``values`` (flat, in kernel order) into ``arr`` in TensorIterator's order."""
    if arr.flags.c_contiguous:
        arr.reshape(-1)[...] = values
        return
    perm = _iter_perm(arr.shape, arr.strides)
    view = arr.transpose(perm)
    view[...] = values.reshape(view.shape)


def _write(t, fn):
    """Fill ``t._data`` in kernel order with ``fn(n, contiguous)``, then bump the version."""
    data = t._data
    if isinstance(data, np.ndarray):
        _fill(data, np.asarray(fn(data.size, data.flags.c_contiguous), data.dtype))
    else:                           # a CuPy array: draw on the host, in C order
        from .._backend import cupy_module
        host = np.asarray(fn(data.size, True), data.dtype).reshape(data.shape)
        data[...] = cupy_module().asarray(host)
    _version.bump(t)
    t._notify("data")
    return t


def _numel(shape):
    n = 1
    for s in shape:
        n *= int(s)
    return n


def _shape(shape):
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(s) for s in shape)


def _check_float(dt, kernel):
    if dt not in _FLOATS:
        name = _TORCH_NAME.get(dt.name, dt.name)
        raise NotImplementedError(f'"{kernel}" not implemented for \'{name}\'')


def _num(v):
    """A number as c10's error messages print it (C++ ostream's default, like ``%g``)."""
    return f"{float(v):g}"
