"""``poisson``: one Poisson count per rate, as torch 2.13's ``_s_poisson_cpu``.

``aten/src/ATen/native/Distributions.cpp`` (``sample_poisson``, adapted from NumPy's legacy
``distributions.c``) visits the rates in C order (the output is a fresh contiguous tensor and
leads the iteration) and draws, per rate, from 53-bit double uniforms:

* rate >= 10: Hoermann's transformed rejection (PTRS, 1993): a pair of uniforms ``(U, V)``
  per try, ``k = floor((2a / us + b) * U + lambda + 0.43)`` accepted at once in the central
  region, else by comparing ``log V + log(1/alpha) - log(a / us**2 + b)`` with
  ``-lambda + k log(lambda) - lgamma(k + 1)``.
* 0 < rate < 10: Knuth's product of uniforms, counting factors until it drops to
  ``exp(-lambda)`` or below (so ``X`` counts + 1 uniforms).
* rate 0: no draw.

The file is compiled without ``-mfma`` (it is not a per-CPU kernel), so no multiply-add is
fused here; ``lgamma`` is glibc's. The count is an ``int64_t`` cast to the input's dtype (an
infinite rate yields INT64_MIN, as x86's conversion of nan/inf does).
"""
import math

import numpy as np

from .generator import _gen
from .kernel_support import _f16, _lgamma, _TORCH_NAME, _FLOATS

_INT64_MIN = -(1 << 63)


def _to_int64(x):
    """(int64_t)double as x86 converts it: nan and out-of-range values give INT64_MIN."""
    if not -2.0 ** 63 <= x < 2.0 ** 63:        # nan fails too
        return _INT64_MIN
    return int(x)


def _uniform_source(g):
    """``uniform_real_distribution<double>(0, 1)`` one call at a time: the number of draws
    depends on the values (rejections), so they cannot be taken in a batch up front."""
    mask = (1 << 53) - 1

    def uniform():
        return (int(g._random64(1)[0]) & mask) * 2.0 ** -53
    return uniform


def _sample(lam, uniform):
    """sample_poisson(lambda): one count (a Python int)."""
    if lam >= 10:
        slam, loglam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        log_invalpha = math.log(1.1239 + 1.1328 / (b - 3.4))
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = uniform() - 0.5
            v = uniform()
            us = 0.5 - abs(u)
            x = (2 * a / us + b) * u + lam + 0.43
            k = _to_int64(math.floor(x) if math.isfinite(x) else x)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            # v > 0 here: v == 0 would have been accepted above (0 <= vr)
            if (math.log(v) + log_invalpha - math.log(a / (us * us) + b)
                    <= -lam + k * loglam - _lgamma(float(k) + 1)):
                return k
    if lam == 0:
        return 0
    enlam = math.exp(-lam)
    count, prod = 0, 1.0
    while True:
        prod *= uniform()
        if prod > enlam:
            count += 1
        else:
            return count


def poisson_array(rates, generator=None):
    """torch.poisson on a NumPy array of rates: counts of the same shape and dtype."""
    rates = np.asarray(rates)
    if rates.dtype not in _FLOATS:
        name = _TORCH_NAME.get(rates.dtype.name, rates.dtype.name)
        raise NotImplementedError(f"\"poisson_cpu\" not implemented for '{name}'")
    flat = np.ascontiguousarray(rates).reshape(-1).astype(np.float64).tolist()
    # torch checks each rate as it reaches it, so earlier rates have drawn already
    uniform = _uniform_source(_gen(generator))
    counts = []
    for lam in flat:
        if not lam >= 0:
            raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
        counts.append(_sample(lam, uniform))
    out = np.array(counts, dtype=np.float64).reshape(rates.shape)
    # static_cast<scalar_t>(int64_t); Half is built from a float
    with np.errstate(over="ignore"):
        if rates.dtype == _f16:
            out = out.astype(np.float32)
        return out.astype(rates.dtype)
