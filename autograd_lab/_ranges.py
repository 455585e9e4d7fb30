"""``arange`` and ``linspace`` values, bit-for-bit as PyTorch's CPU kernels compute them.

Why this takes more than ``np.arange``: the last bit of ``torch.arange(0, 1, 0.1)[9]`` depends
on how PyTorch's kernel (``aten/src/ATen/native/cpu/RangeFactoriesKernel.cpp``) does the
arithmetic, and a lesson that prints ``.tolist()`` shows that bit. The kernels, as compiled:

* ``linspace``: element ``i`` is ``start + step * i`` for the first half and
  ``end - step * (steps - 1 - i)`` for the second, in the output's type (``double`` for
  integer outputs), the multiply-add fused (FMA: one rounding);
* ``arange``: ``start + step * i`` in the accumulate type (``double`` for float and double,
  ``float`` for half, ``int64`` for integers), FMA again; but in blocks of two SIMD vectors
  it computes a vector's first element that way, rounds it to the output type, and adds
  ``k * step`` for lane ``k``. The vector is 32 bytes wide (see ``VECTOR_BYTES``).
  Exact up to 32768 elements; above that PyTorch splits the work across threads.
* ``float16`` arithmetic rounds to half precision after every operation.
"""
import numpy as np


def fma(a, b, c):
    """``a * b + c`` in float64 with a single rounding, elementwise (what an FMA instruction
    computes; NumPy has none). Error-free transformations: ``a * b = p + e`` exactly
    (Dekker's product with Veltkamp's split), ``p + c = s + t`` exactly (Knuth's sum); the
    result ``s + (t + e)`` is the correctly rounded sum except in rare near-tie cases."""
    a, b, c = (np.asarray(v, dtype=np.float64) for v in (a, b, c))
    with np.errstate(over="ignore", invalid="ignore"):
        p = a * b
        a_hi, a_lo = _split(a)
        b_hi, b_lo = _split(b)
        e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
        s = p + c
        bb = s - p
        t = (p - (s - bb)) + (c - bb)
        out = s + (t + e)
    return np.where(np.isfinite(out), out, p + c)


def _split(x):
    """Veltkamp: x = hi + lo with each half fitting 26 bits, so products of halves are exact."""
    big = x * 134217729.0                      # 2**27 + 1
    hi = big - (big - x)
    return hi, x - hi


def fma32(a, b, c):
    """``a * b + c`` for float32 ``a``, ``c`` and integer ``b < 2**29``, rounded once to
    float32: the product is exact in float64, and so (nearly always) is the sum."""
    return (np.float64(a) * np.asarray(b, dtype=np.float64) + np.float64(c)).astype(np.float32)


# PyTorch 2.13 runs its range kernels with 32-byte vectors (its AVX2 build; on AVX-512 machines
# too: measured), so 8 floats, 4 doubles or 16 halves at a time.
VECTOR_BYTES = 32


# ---------------------------------------------------------------------------- linspace
def linspace(start, end, steps, np_dtype):
    """PyTorch's linspace values as an array of ``np_dtype``."""
    np_dtype = np.dtype(np_dtype)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if steps == 0:
        return np.zeros(0, dtype=np_dtype)
    if steps == 1:
        return np.array([start]).astype(np_dtype)
    idx = np.arange(steps)
    first_half = idx < steps // 2
    if np_dtype == np.float16:
        return _linspace_half(start, end, steps, idx, first_half)
    if np_dtype.kind in "iub":               # the step in double, then truncated
        s, e = float(np.array(start).astype(np_dtype)), float(np.array(end).astype(np_dtype))
        step = (e - s) / (steps - 1)
        up, down = fma(step, idx, s), fma(-step, steps - 1 - idx, e)
        return np.trunc(np.where(first_half, up, down)).astype(np_dtype)
    t = np_dtype.type
    s, e = t(start), t(end)
    step = (e - s) / t(steps - 1)                # in the output type
    if np_dtype == np.float32:
        up, down = fma32(step, idx, s), fma32(-step, steps - 1 - idx, e)
    else:
        up, down = fma(step, idx, s), fma(-step, steps - 1 - idx, e)
    return np.where(first_half, up, down).astype(np_dtype)


def _linspace_half(start, end, steps, idx, first_half):
    """Half precision: every operation rounds to float16 (c10::Half's operators)."""
    h, f = np.float16, np.float32
    s, e = h(start), h(end)
    step = h(f(h(f(e) - f(s))) / f(h(steps - 1)))
    up = f(s) + (f(step) * idx.astype(h).astype(f)).astype(h).astype(f)
    down = f(e) - (f(step) * (steps - 1 - idx).astype(h).astype(f)).astype(h).astype(f)
    return np.where(first_half, up.astype(h), down.astype(h))


# ---------------------------------------------------------------------------- arange
def arange_length(start, end, step, integral64):
    """PyTorch's element count (computed in double; for int64 outputs, from the truncated
    bounds)."""
    if integral64:                      # integer arithmetic: C++ division truncates
        s, e, st = int(start), int(end), int(step)
        sgn = (st > 0) - (st < 0)
        num = e - s + st - sgn
        return abs(num) // abs(st) * (1 if (num >= 0) == (st > 0) else -1)
    return int(np.ceil((float(end) - float(start)) / float(step)))


def check_arange(start, end, step):
    if not (step > 0 or step < 0):
        raise RuntimeError("step must be nonzero")
    if not (np.isfinite(float(start)) and np.isfinite(float(end))):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if not ((step > 0 and end >= start) or (step < 0 and end <= start)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")


def arange(start, end, step, np_dtype):
    """PyTorch's arange values as an array of ``np_dtype``."""
    np_dtype = np.dtype(np_dtype)
    if np_dtype == np.int64:            # checks and length in int64: the bounds are truncated
        if step != 0 and int(step) == 0:
            raise ValueError("step must be nonzero")      # (PyTorch raises ValueError here)
        start, end, step = int(start), int(end), int(step)
    check_arange(start, end, step)      # (other dtypes: on the values as given)
    n = arange_length(start, end, step, np_dtype == np.int64)
    idx = np.arange(n)
    if np_dtype.kind in "iub":          # accumulate in int64: start and step truncated
        return (int(start) + int(step) * idx).astype(np_dtype)
    if np_dtype == np.float16:
        return _arange_vectorized(start, step, n, np.float16, acc=np.float32)
    return _arange_vectorized(float(start), float(step), n, np_dtype, acc=np.float64)


def _arange_vectorized(start, step, n, np_dtype, acc):
    """``cpu_serial_kernel_vec``: blocks of two vectors, then a scalar tail. Each vector's
    lane 0 is ``start + step * i`` rounded to the output type; lane ``k`` adds ``k * step``
    to it (both fused multiply-adds in the accumulate type, then rounded to the output)."""
    lanes = VECTOR_BYTES // np.dtype(np_dtype).itemsize
    n_vec = (n // (2 * lanes)) * 2 * lanes
    idx = np.arange(n)
    if acc is np.float32:                       # half: float accumulate
        out = fma32(np.float32(step), idx, np.float32(start)).astype(np_dtype)
    else:
        out = fma(step, idx, start).astype(np_dtype)
    if n_vec:
        base = out[:n_vec:lanes]                # lane 0 of each vector, already rounded
        k = np.arange(lanes)[None, :]
        if acc is np.float32:
            vec = fma32(np.float32(step), k, base[:, None].astype(np.float32))
        else:
            vec = fma(k, step, base[:, None].astype(np.float64))
        out[:n_vec] = vec.reshape(-1).astype(np_dtype)
    return out
