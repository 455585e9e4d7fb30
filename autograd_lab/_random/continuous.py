"""Uniform and normal samplers: ``rand``/``uniform_`` and ``randn``/``normal``/``normal_``.

The uniform kernel is ``uniform_real_distribution`` (24 or 53 random bits, then one FMA);
the normal kernels are ``normal_fill`` (Box-Muller on blocks of 16: the AVX2 float kernel
emulated op by op, glibc for double) and ``normal_distribution<double>`` one value at a time
for small or non-contiguous tensors. The package docstring says which path torch takes when.
"""
import math

import numpy as np

from .generator import _gen
from .kernel_support import (_CTYPE, _TORCH_NAME, _check_float, _f16, _f32, _f64, _fma32,
                             _fma64, _libm, _num, _numel, _shape, _write)


# ================================================================== uniform
def _uniform_values(g, n, dt, low, high):
    """uniform_kernel: ``uniform_real_distribution<scalar_t>(from, to)`` per element."""
    if dt == _f64:
        frm, to = float(low), float(high)
        k = g._random64(n) & np.uint64((1 << 53) - 1)
        x = k.astype(np.float64) * 2.0 ** -53
        v = _fma64(x, to - frm, frm)
        v[v == to] = frm                  # the kernel keeps [from, to): `to` maps to `from`
        return v
    # float and Half: a float uniform from random()'s low 24 bits, math in float
    frm, to = np.float32(low), np.float32(high)
    k = g._random32(n) & np.uint32((1 << 24) - 1)
    x = k.astype(np.float32) * np.float32(2.0 ** -24)
    v = _fma32(x, to - frm, frm).astype(dt)
    v[v == to.astype(dt)] = frm.astype(dt)
    return v


def _check_uniform(dt, low, high):
    _check_float(dt, "check_uniform_bounds")
    info = np.finfo(dt)
    for name, v in (("from", low), ("to", high)):
        if not float(info.min) <= v <= float(info.max):
            raise RuntimeError(f"{name} is out of bounds for {_CTYPE[dt.name]}")
    if not low <= high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={_num(low)} > to={_num(high)}")
    if high - low > float(info.max):
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<"
                           f"{_TORCH_NAME[dt.name]}>::max(), but found to={_num(high)} and "
                           f"from={_num(low)} which result in to-from to exceed the limit")


def rand_array(shape, np_dtype, generator=None):
    """torch.rand: ``empty(shape).uniform_(0, 1)``."""
    return uniform_array(0.0, 1.0, shape, np_dtype, generator)


def uniform_array(low, high, shape, np_dtype, generator=None):
    dt, shape = np.dtype(np_dtype), _shape(shape)
    low, high = float(low), float(high)
    _check_uniform(dt, low, high)
    return _uniform_values(_gen(generator), _numel(shape), dt, low, high).reshape(shape)


# ================================================================== normal
# avx_mathfun.h constants (Cephes single precision)
_SQRTHF = np.float32(0.707106781186547524)
_LOG_P = [np.float32(v) for v in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1,
                                  -1.2420140846E-1, 1.4249322787E-1, -1.6668057665E-1,
                                  2.0000714765E-1, -2.4999993993E-1, 3.3333331174E-1)]
_LOG_Q1, _LOG_Q2 = np.float32(-2.12194440e-4), np.float32(0.693359375)
_DP1, _DP2, _DP3 = (np.float32(-0.78515625), np.float32(-2.4187564849853515625e-4),
                    np.float32(-3.77489497744594108e-8))
_SINCOF = [np.float32(v) for v in (-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1)]
_COSCOF = [np.float32(v) for v in (2.443315711809948E-005, -1.388731625493765E-003,
                                   4.166664568298827E-002)]
_FOPI = np.float32(1.27323954473516)        # 4 / pi
_TWO_PI_F = np.float32(2.0 * math.pi)       # _mm256_set1_ps(2.0f * c10::pi<double>)
_ONE, _HALF = np.float32(1.0), np.float32(0.5)


def _log256_ps(x):
    """avx_mathfun.h's log256_ps for x in (0, 1]. GCC turns each multiply whose only use is
    an add into an FMA (walking the code top-down), so those steps are ``_fma32`` here."""
    x = np.maximum(x, np.float32(1.17549435e-38))            # min_norm_pos
    bits = x.view(np.int32)
    e = ((bits >> 23) - 0x7F).astype(np.float32) + _ONE      # exponent, for 0.5 <= m < 1
    x = ((bits & np.int32(~0x7F800000)) | _HALF.view(np.int32)).view(np.float32)
    mask = x < _SQRTHF                                       # m < sqrt(1/2): use 2m - 1
    tmp = np.where(mask, x, np.float32(0))
    x = x - _ONE
    e = e - np.where(mask, _ONE, np.float32(0))
    x = x + tmp
    z = x * x
    y = np.full_like(x, _LOG_P[0])
    for p in _LOG_P[1:]:
        y = _fma32(y, x, p)                                  # y = y*x + p
    y = y * x
    y = _fma32(y, z, e * _LOG_Q1)                            # y*z + e*q1: the y*z is fused
    y = y - z * _HALF                                        # z*0.5 is exact either way
    return _fma32(e, _LOG_Q2, x + y)                         # x + y + e*q2


def _sincos256_ps(x):
    """avx_mathfun.h's sincos256_ps (Cephes sinf/cosf on 8 lanes), FMAs as GCC forms them."""
    sign_sin = x.view(np.uint32) & np.uint32(0x80000000)
    x = np.abs(x)
    j = (x * _FOPI).astype(np.int32)                         # cvttps: truncate
    j = (j + 1) & ~1                                         # j = (j+1) & ~1
    y = j.astype(np.float32)
    swap_sin = ((j & 4) << 29).astype(np.uint32)
    poly_mask = (j & 2) == 0
    x = _fma32(y, _DP1, x)                                   # extended-precision reduction
    x = _fma32(y, _DP2, x)
    x = _fma32(y, _DP3, x)
    sign_cos = ((~(j - 2) & 4) << 29).astype(np.uint32)
    sign_sin = sign_sin ^ swap_sin
    z = x * x
    yc = _fma32(_COSCOF[0], z, _COSCOF[1])                   # cosine polynomial
    yc = _fma32(yc, z, _COSCOF[2])
    yc = yc * z
    yc = _fma32(yc, z, -(z * _HALF))                         # y*z - z*0.5, y*z fused
    yc = yc + _ONE
    ys = _fma32(_SINCOF[0], z, _SINCOF[1])                   # sine polynomial
    ys = _fma32(ys, z, _SINCOF[2])
    ys = ys * z
    ys = _fma32(ys, x, x)
    s = np.where(poly_mask, ys, yc)
    c = np.where(poly_mask, yc, ys)
    return ((s.view(np.uint32) ^ sign_sin).view(np.float32),
            (c.view(np.uint32) ^ sign_cos).view(np.float32))


def _normal_fill_16_avx2(blocks, mean, std):
    """normal_fill_16_AVX2 on rows of 16 uniforms: Box-Muller with lanes j and j+8."""
    u1 = _ONE - blocks[:, :8]
    u2 = blocks[:, 8:]
    radius = np.sqrt(np.float32(-2.0) * _log256_ps(u1))
    sin_t, cos_t = _sincos256_ps(_TWO_PI_F * u2)
    out = np.empty_like(blocks)
    out[:, :8] = _fma32(radius * cos_t, std, mean)           # _mm256_fmadd_ps(n1, std, mean)
    out[:, 8:] = _fma32(radius * sin_t, std, mean)
    return out


def _normal_fill_16_double(blocks, mean, std):
    """normal_fill_16<double> with glibc log/cos/sin; ``radius*cos*std + mean`` is one FMA."""
    u1 = 1.0 - blocks[:, :8]
    u2 = blocks[:, 8:]
    radius = np.sqrt(-2.0 * _libm(math.log, u1))
    theta = (2.0 * math.pi) * u2
    out = np.empty_like(blocks)
    out[:, :8] = _fma64(radius * _libm(math.cos, theta), std, mean)
    out[:, 8:] = _fma64(radius * _libm(math.sin, theta), std, mean)
    return out


def _normal_fill(g, n, dt, mean, std):
    """normal_fill / normal_fill_AVX2: uniforms for all n, Box-Muller per block of 16, then
    the last 16 values drawn again and transformed when n is not a multiple of 16."""
    if dt == _f16:
        return _normal_fill_half(g, n, mean, std)
    if dt == _f32:
        fill16 = _normal_fill_16_avx2
        mean, std = np.float32(mean), np.float32(std)
    else:
        fill16 = _normal_fill_16_double
    data = _uniform_values(g, n, dt, 0.0, 1.0)
    full = n - n % 16
    data[:full] = fill16(data[:full].reshape(-1, 16), mean, std).reshape(-1)
    if n % 16:
        tail = _uniform_values(g, 16, dt, 0.0, 1.0)
        data[n - 16:] = fill16(tail.reshape(1, 16), mean, std).reshape(-1)
    return data


def _normal_fill_half(g, n, mean, std):
    """Half goes through float: float uniforms for n rounded up to a multiple of 16, the
    AVX2 float blocks, and the last block's 16 results land on the last 16 elements (so a
    partial block draws only the uniforms it lacks). Found by experiment against torch."""
    up = -(-n // 16) * 16
    buf = _uniform_values(g, up, _f32, 0.0, 1.0)
    res = _normal_fill_16_avx2(buf.reshape(-1, 16), np.float32(mean), np.float32(std))
    res = res.reshape(-1)
    out = res[:n].copy()
    out[n - 16:] = res[up - 16:]
    return out.astype(_f16)


def _normal_scalar(g, n, dt, mean, std):
    """normal_distribution<double>, one value at a time (numel < 16 or non-contiguous): each
    fresh pair of double uniforms (u1, u2) gives r*cos(theta), and r*sin(theta) is cached in
    the generator for the next value, across calls."""
    vals = []
    if n and g._next_double_normal is not None:
        vals.append(g._next_double_normal)
        g._next_double_normal = None
    need = n - len(vals)
    pairs = (need + 1) // 2
    if pairs:
        k = g._random64(2 * pairs) & np.uint64((1 << 53) - 1)
        u = k.astype(np.float64) * 2.0 ** -53
        u1, u2 = u[0::2], u[1::2]
        r = np.sqrt(-2.0 * _libm(math.log1p, -u2))
        theta = 2.0 * math.pi * u1
        both = np.empty(2 * pairs)
        both[0::2] = r * _libm(math.cos, theta)
        both[1::2] = r * _libm(math.sin, theta)
        vals.extend(both[:need].tolist())
        if need % 2:
            g._next_double_normal = float(both[-1])
    v = np.asarray(vals, np.float64)
    # transformation::normal: v * std + mean, contracted to an FMA, in double
    return _fma64(v, float(std), float(mean)).astype(dt)


def _normal_values(g, n, dt, mean, std, contiguous=True):
    if n >= 16 and contiguous:
        return _normal_fill(g, n, dt, mean, std)
    return _normal_scalar(g, n, dt, mean, std)


def _check_normal(dt, std):
    _check_float(dt, "normal_kernel_cpu")
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_num(std)}")


def randn_array(shape, np_dtype, generator=None):
    """torch.randn: ``empty(shape).normal_(0, 1)``."""
    return normal_array(0.0, 1.0, shape, np_dtype, generator)


def normal_array(mean, std, shape, np_dtype, generator=None):
    """torch.normal with a ``size``: ``empty(size).normal_(mean, std)`` for number arguments.
    Array ``mean``/``std`` follow normal_out_impl: draw N(0, 1) for the broadcast shape, then
    ``mul_(std)`` and ``add_(mean)`` as two separately rounded steps."""
    dt = np.dtype(np_dtype)
    g = _gen(generator)
    if np.ndim(mean) or np.ndim(std) or isinstance(mean, np.ndarray) or \
            isinstance(std, np.ndarray):
        m, s = np.asarray(mean), np.asarray(std)
        if (s < 0).any():
            raise RuntimeError("normal expects all elements of std >= 0.0")
        shape = np.broadcast_shapes(m.shape, s.shape)
        _check_normal(dt, 1.0)
        z = _normal_values(g, _numel(shape), dt, 0.0, 1.0).reshape(shape)
        return (z * s.astype(dt)).astype(dt) + m.astype(dt)
    shape = _shape(shape)
    mean, std = float(mean), float(std)
    _check_normal(dt, std)
    return _normal_values(g, _numel(shape), dt, mean, std).reshape(shape)


# ================================================================== in-place tensor methods
def uniform_(t, a=0.0, b=1.0, generator=None):
    """Tensor.uniform_(a, b): uniform_impl_ and uniform_kernel."""
    dt = np.dtype(t._data.dtype)
    a, b = float(a), float(b)
    _check_uniform(dt, a, b)
    g = _gen(generator)
    return _write(t, lambda n, contig: _uniform_values(g, n, dt, a, b))


def normal_(t, mean=0.0, std=1.0, generator=None):
    """Tensor.normal_(mean, std): normal_impl_ and normal_kernel (path by size and layout)."""
    dt = np.dtype(t._data.dtype)
    mean, std = float(mean), float(std)
    _check_normal(dt, std)
    g = _gen(generator)
    return _write(t, lambda n, contig: _normal_values(g, n, dt, mean, std, contig))
