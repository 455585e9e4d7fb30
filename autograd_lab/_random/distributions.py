"""The other in-place samplers of ``cpu/DistributionTemplates.h``: ``exponential_``,
``geometric_``, ``cauchy_`` and ``log_normal_``.

All four run the same kind of kernel: ``cpu_serial_kernel`` visits the elements one at a time
and each draws from an ``at::*_distribution<double>``, i.e. in double precision whatever the
tensor's dtype, before one ``static_cast`` to it (Half goes through float, as c10::Half is
built from a float):

* exponential: one 53-bit double uniform ``u`` (two ``random()`` words), then
  ``-1.0 / lambda * log1p(-u)`` (``transformation::exponential``). ``multinomial`` draws its
  Exp(1) noise with this sampler too. (MKL's VSL path of older releases is compiled out.)
* geometric: one double uniform, ``ceil(log(u) / log1p(-p))``; integer dtypes allowed.
* cauchy: one double uniform, ``median + sigma * tan(pi * (u - 0.5))``, the multiply-add
  contracted to one FMA (the kernel is built with ``-mfma``).
* log_normal: ``exp`` of ``normal_distribution<double>(mean, std)``, the scalar Box-Muller
  that also serves small ``normal_`` calls, so it shares the generator's cached second normal.

The arithmetic is glibc's (``_libm``), as in torch's scalar kernels; the checks and messages
are those of ``DistributionTemplates.h``'s ``*_impl_`` functions, parameter first, dtype second.
"""
import math

import numpy as np

from .continuous import _normal_scalar
from .generator import Generator, _gen
from .kernel_support import (_CTYPE, _FLOATS, _TORCH_NAME, _check_float, _f16, _fma64, _libm,
                             _num, _write)


def _double_uniforms(g, n):
    """``uniform_real_distribution<double>(0, 1)`` n times: 53 bits of ``random64()``."""
    k = g._random64(n) & np.uint64((1 << 53) - 1)
    return k.astype(np.float64) * 2.0 ** -53


def _cast(v, dt):
    """static_cast<scalar_t>(double): Half is built from a float, so round to float first."""
    with np.errstate(over="ignore", invalid="ignore"):
        return v.astype(np.float32).astype(dt) if dt == _f16 else v.astype(dt)


def _generator(name, generator):
    """The keyword ``generator`` as torch's argument parser checks it."""
    if generator is not None and not isinstance(generator, Generator):
        raise TypeError(f"{name}(): argument 'generator' must be torch.Generator, not "
                        f"{type(generator).__name__}")
    return _gen(generator)


def _continuous_only(dt, what, type_name):
    if dt not in _FLOATS:
        raise RuntimeError(f"{what} distribution is a continuous probability distribution. "
                           f"dtype must be a floating point but you specified {type_name}")


# ================================================================== exponential
def exponential_values(g, n, lambd=1.0):
    """``exponential_distribution<double>(lambd)`` n times, in double."""
    u = _double_uniforms(g, n)
    return (-1.0 / lambd) * _libm(math.log1p, -u)


def exponential_(t, lambd=1.0, generator=None):
    """Tensor.exponential_(lambd): exponential_impl_ and exponential_kernel."""
    dt = np.dtype(t._data.dtype)
    lambd = float(lambd)
    if not lambd > 0.0:                    # inf passes, and gives zeros
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_num(lambd)}")
    _continuous_only(dt, "Exponential", _TORCH_NAME.get(dt.name, dt.name))
    g = _generator("exponential_", generator)
    return _write(t, lambda n, contig: _cast(exponential_values(g, n, lambd), dt))


# ================================================================== geometric
def geometric_(t, p, generator=None):
    """Tensor.geometric_(p): the number of Bernoulli(p) trials up to the first success."""
    dt = np.dtype(t._data.dtype)
    p = float(p)
    if not 0.0 < p < 1.0:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_num(p)}")
    if dt == np.bool_:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    g = _generator("geometric_", generator)

    def values(n, contig):
        u = _double_uniforms(g, n)
        with np.errstate(divide="ignore"):             # u == 0 gives log 0 = -inf: +inf trials
            v = np.ceil(_libm_log(u) / math.log1p(-p))
        if dt in _FLOATS:
            return _cast(v, dt)
        # static_cast to an integer type: the counts are small unless p is tiny
        with np.errstate(invalid="ignore", over="ignore"):
            return v.astype(np.int64).astype(dt)
    return _write(t, values)


def _libm_log(u):
    """glibc's log, with log(0) = -inf where Python's math.log raises."""
    out = np.full(u.shape, -np.inf)
    pos = u > 0
    out[pos] = _libm(math.log, u[pos])
    return out


# ================================================================== cauchy
def cauchy_(t, median=0.0, sigma=1.0, generator=None):
    """Tensor.cauchy_(median, sigma): ``median + sigma * tan(pi * (u - 0.5))``."""
    dt = np.dtype(t._data.dtype)
    median, sigma = float(median), float(sigma)
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_num(sigma)}")
    _continuous_only(dt, "Cauchy", _CTYPE.get(dt.name, dt.name))
    g = _generator("cauchy_", generator)

    def values(n, contig):
        u = _double_uniforms(g, n)
        return _cast(_fma64(sigma, _libm(math.tan, math.pi * (u - 0.5)), median), dt)
    return _write(t, values)


# ================================================================== log-normal
def log_normal_(t, mean=1.0, std=2.0, generator=None):
    """Tensor.log_normal_(mean, std): ``exp(N(mean, std))`` with the scalar normal sampler."""
    dt = np.dtype(t._data.dtype)
    mean, std = float(mean), float(std)
    if not std > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_num(std)}")
    _check_float(dt, "log_normal_cpu")
    g = _generator("log_normal_", generator)

    def values(n, contig):
        z = _normal_scalar(g, n, np.dtype(np.float64), mean, std)
        return _cast(_libm_exp(z), dt)
    return _write(t, values)


def _libm_exp(z):
    """glibc's exp, with overflow to inf where Python's math.exp raises."""
    out = np.empty(z.shape)
    for i, v in enumerate(z.tolist()):
        try:
            out[i] = math.exp(v)
        except OverflowError:
            out[i] = math.inf
    return out
