"""Integer, permutation and bernoulli samplers: ``randint``/``random_``, ``randperm``,
``bernoulli``/``bernoulli_``.

Each reproduces its ATen kernel on the generator's raw 32/64-bit words (modulo a range,
torch's Fisher-Yates, a uniform compared with ``p``), with torch's range checks and
messages; the package docstring lists the kernels.
"""
import operator
import warnings

import numpy as np

from .generator import _U64, _gen
from .kernel_support import (_CTYPE, _DIGITS, _FLOATS, _TORCH_NAME, _f64, _iter_perm, _num,
                             _numel, _shape, _write)


# ================================================================== integers
def _cast_to_int64(x):
    """static_cast<int64_t>(floating) as x86 does it: out of range (inf included) gives
    INT64_MIN (cvttsd2si's 'integer indefinite')."""
    x = float(x)
    if not -2.0 ** 63 <= x < 2.0 ** 63:
        return -(1 << 63)
    return int(x)


def _update_from(frm, dt):
    """update_from<scalar_t>: move ``from`` up to a value the float dtype can hold."""
    digits = _DIGITS[dt]
    with np.errstate(over="ignore"):
        from_plus_1 = _cast_to_int64(dt.type(frm + 1))
    if from_plus_1 < frm:
        n = abs(frm + 1).bit_length() - 1
        frm = from_plus_1 + (1 << (n - digits + 1))
    return frm


def _update_to(to, dt):
    """update_to<scalar_t>: move the exclusive ``to`` down to a value the dtype can hold."""
    digits = _DIGITS[dt]
    with np.errstate(over="ignore"):
        to_minus_1 = _cast_to_int64(dt.type(to - 1))
    if to_minus_1 >= to:
        n = abs(to - 1).bit_length() - 1
        to = to_minus_1 - (1 << (n - digits + 1))
    return to


def _dtype_max(dt):
    if dt in _FLOATS:
        return 1 << _DIGITS[dt]
    if dt == np.bool_:
        return 1
    return int(np.iinfo(dt).max)


def _dtype_min(dt):
    if dt in _FLOATS:
        return -(1 << _DIGITS[dt])
    if dt == np.bool_:
        return 0
    return int(np.iinfo(dt).min)


def _check_in_range(frm, to_inc, dt):
    """check_from_to_in_range: integer dtypes must hold both ends; floats only warn beyond
    the integers their mantissa holds exactly."""
    if dt in _FLOATS:
        fmax = float(np.finfo(dt).max)
        for name, v in (("from", frm), ("to - 1", to_inc)):
            if not -fmax <= v <= fmax:
                raise RuntimeError(f"{name} is out of bounds for {_CTYPE[dt.name]}")
        d = _DIGITS[dt]
        for name, v in (("from", frm), ("to - 1", to_inc)):
            if not -(1 << d) <= v <= 1 << d:
                warnings.warn(f"{name} is out of bounds [-(2^{d}), 2^{d}]. Due to precision "
                              f"limitations {_CTYPE[dt.name]} can support discrete uniform "
                              f"distribution only within this range. This warning will become "
                              f"an error in version 1.7 release, please fix the code in "
                              f"advance", UserWarning, stacklevel=4)
        return
    lo, hi = _dtype_min(dt), _dtype_max(dt)
    if not lo <= frm <= hi:
        raise RuntimeError(f"from is out of bounds for {_CTYPE[dt.name]}")
    if not lo <= to_inc <= hi:
        raise RuntimeError(f"to - 1 is out of bounds for {_CTYPE[dt.name]}")


def _from_to_range(dt, frm, to):
    """random_from_to_impl's checks: the (range, base) that random_(from, to) draws with."""
    frm, to = int(frm), int(to)
    if not frm < to:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                           f"from={frm} >= to={to}")
    if dt in _FLOATS:
        frm, to = _update_from(frm, dt), _update_to(to, dt)
        if not frm < to:
            raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than 'to' "
                               f"casted to dtype, but got from={frm} >= to={to}")
    _check_in_range(frm, to - 1, dt)
    return to - frm, frm


def _range_values(g, n, dt, rng, base):
    # ranges from 2**28 up use random64 (the modulo bias of 32 bits would be ~5%)
    if rng >= 1 << 28:
        val = g._random64(n) % np.uint64(rng)
    else:
        val = (g._random32(n) % np.uint32(rng)).astype(np.uint64)
    # (val % range) + base in uint64, then static_cast<int64_t>
    v = (val + np.uint64(base & _U64)).view(np.int64)
    return v.astype(dt)          # static_cast<scalar_t>: wraps ints, rounds floats


def _random_values(g, n, dt):
    """random_kernel: ``uniform_int_distribution<scalar_t>`` (random_() with no bounds)."""
    if dt == np.bool_:
        return (g._random32(n) & np.uint32(1)).astype(np.bool_)
    if dt == np.int64 or dt == _f64:
        val = g._random64(n)
    else:
        val = g._random32(n).astype(np.uint64)
    if dt in _FLOATS:
        mod = (1 << _DIGITS[dt]) + 1           # 2**digits + 1 values: 0 ... 2**digits
    else:
        mod = int(np.iinfo(dt).max) + 1
    return (val % np.uint64(mod)).astype(dt)


def randint_array(low, high, shape, np_dtype, generator=None):
    """torch.randint: ``empty(shape, dtype).random_(low, high)``."""
    dt, shape = np.dtype(np_dtype), _shape(shape)
    rng, base = _from_to_range(dt, low, high)
    return _range_values(_gen(generator), _numel(shape), dt, rng, base).reshape(shape)


def randperm_array(n, np_dtype, generator=None):
    """randperm_cpu: for n < 2**32/20 an in-place Fisher-Yates with ``random() % (n - i)``;
    above that the 'inside-out' variant with ``random64() % (i + 1)``."""
    n = operator.index(n)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    g = _gen(generator)
    dt = np.dtype(np_dtype)
    if n < (1 << 32) // 20:
        perm = list(range(n))
        if n > 1:
            z = g._random32(n - 1).astype(np.int64) % np.arange(n, 1, -1, dtype=np.int64)
            for i, zi in enumerate(z.tolist()):
                j = i + zi
                perm[i], perm[j] = perm[j], perm[i]
        return np.array(perm, dtype=np.int64).astype(dt)
    z = (g._random64(n) % np.arange(1, n + 1, dtype=np.uint64)).astype(np.int64).tolist()
    perm = [0] * n
    for i, zi in enumerate(z):
        perm[i] = perm[zi]
        perm[zi] = i
    return np.array(perm, dtype=np.int64).astype(dt)


# ================================================================== bernoulli
def _bernoulli_scalar_values(g, n, dt, p):
    """bernoulli_kernel(self, double p): ``bernoulli_distribution<double>``, u53 < p."""
    k = g._random64(n) & np.uint64((1 << 53) - 1)
    return (k.astype(np.float64) * 2.0 ** -53 < p).astype(dt)


def _bernoulli_tensor_values(g, dt, p_flat):
    """bernoulli_kernel(self, Tensor p): a double uniform for float64 p, else a float one."""
    n = p_flat.size
    if p_flat.dtype == _f64:
        k = g._random64(n) & np.uint64((1 << 53) - 1)
        u = k.astype(np.float64) * 2.0 ** -53
        return (u < p_flat).astype(dt)
    k = g._random32(n) & np.uint32((1 << 24) - 1)
    u = k.astype(np.float32) * np.float32(2.0 ** -24)
    return (u < p_flat.astype(np.float32)).astype(dt)


def _check_p_tensor(p):
    if p.size and not ((p >= 0) & (p <= 1)).all():
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  "
                           "(Could this error message be improved?  If so, please report "
                           "an enhancement request to PyTorch.)")


def bernoulli_array(p_array, generator=None):
    """torch.bernoulli(p): ``empty_like(p).bernoulli_(p)``, same dtype and shape as ``p``."""
    p = np.asarray(p_array)
    if p.dtype not in _FLOATS:
        raise NotImplementedError(f'"bernoulli_tensor_cpu_p_" not implemented for '
                                  f"'{_TORCH_NAME.get(p.dtype.name, p.dtype.name)}'")
    _check_p_tensor(p)
    # the result is allocated C-contiguous (LEGACY_CONTIGUOUS_MEMORY_FORMAT) and, being the
    # iterator's first operand, sets the visiting order: plain C order, whatever p's layout
    vals = _bernoulli_tensor_values(_gen(generator), p.dtype, np.ascontiguousarray(p).reshape(-1))
    return vals.reshape(p.shape)


# ================================================================== in-place tensor methods
def bernoulli_(t, p=0.5, generator=None):
    """Tensor.bernoulli_(p): a number p uses the double kernel; a tensor p is broadcast to
    ``t`` and decides the uniform's precision by its dtype."""
    dt = np.dtype(t._data.dtype)
    g = _gen(generator)
    p_data = getattr(p, "_data", p)
    if isinstance(p_data, np.ndarray) or (hasattr(p_data, "shape") and
                                          not isinstance(p_data, np.generic)):
        p_arr = np.asarray(p_data.get() if hasattr(p_data, "get") else p_data)
        if p_arr.dtype not in _FLOATS:
            p_arr = p_arr.astype(np.float32)
        _check_p_tensor(p_arr)
        p_b = np.broadcast_to(p_arr, t._data.shape)

        def values(n, contig):
            data = t._data
            order = p_b.reshape(-1) if (contig or not isinstance(data, np.ndarray)) else \
                p_b.transpose(_iter_perm(data.shape, data.strides)).reshape(-1)
            return _bernoulli_tensor_values(g, dt, np.ascontiguousarray(order))
        return _write(t, values)
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_num(p)}")
    return _write(t, lambda n, contig: _bernoulli_scalar_values(g, n, dt, p))


def random_(t, from_=0, to=None, generator=None):
    """Tensor.random_: ``random_()`` (``from_`` 0, ``to`` None) draws the dtype's whole range;
    ``random_(k)`` (one number, ``to`` None) means torch's ``random_(to=k)``; and
    ``random_(from, to)`` draws from [from, to)."""
    dt = np.dtype(t._data.dtype)
    g = _gen(generator)
    if to is None and from_ not in (None, 0):
        from_, to = 0, from_
    if to is None:
        # random_() and random_(0, None) draw the same numbers (uniform_int_distribution)
        return _write(t, lambda n, contig: _random_values(g, n, dt))
    rng, base = _from_to_range(dt, from_, to)
    return _write(t, lambda n, contig: _range_values(g, n, dt, rng, base))
