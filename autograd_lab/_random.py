"""torch's CPU random number generator, reproduced bit for bit on NumPy.

``torch.manual_seed(0); torch.randint(5, (4,))`` prints ``tensor([4, 4, 3, 0])`` in PyTorch, and
it must print the same here, so this module does not use NumPy's own samplers: it re-runs the
kernels of ``aten/src/ATen`` on the same 32-bit mt19937 stream.

The engine
    torch's ``CPUGeneratorImpl`` owns one mt19937 (``ATen/core/MT19937RNGEngine.h``), seeded with
    ``init_genrand`` on the low 32 bits of the 64-bit seed. ``random()`` is one 32-bit draw and
    ``random64()`` is two, the first one giving the high half. NumPy's ``MT19937`` bit generator
    runs the same recurrence and tempering, so it is the engine here: we seed its 624-word key
    ourselves and read ``random_raw``. torch's ``(left_, next_)`` pair is NumPy's ``pos``.

Which kernel each function mirrors (all in ``aten/src/ATen``):

* uniform (``rand``, ``uniform_``): ``uniform_real_distribution`` + ``uniform_kernel``.
  float32/float16: ``(random() & (2**24-1)) * 2**-24``; float64: 53 bits of ``random64()``.
  Then ``x * (to - from) + from``, which the compiler contracts into one FMA (torch's x86
  kernels are built with ``-mfma``), and a result that rounds to ``to`` becomes ``from``.
* normal (``randn``, ``normal``, ``normal_``): ``normal_kernel`` in
  ``native/cpu/DistributionTemplates.h``. float32 with >= 16 elements and contiguous:
  ``normal_fill_AVX2``: uniforms for every element, Box-Muller on blocks of 16 with the
  Cephes-style ``log256_ps``/``sincos256_ps`` of ``avx_mathfun.h`` (emulated here op by op in
  float32, with the FMAs GCC forms), and the last 16 redrawn when the size is not a multiple of
  16. float16 with >= 16 elements and contiguous goes through that float kernel on a
  float buffer rounded up to whole blocks (the last block's results land on the last 16
  elements). float64 with >= 16 elements and contiguous: ``normal_fill<double>`` with glibc's
  ``log``/``cos``/``sin`` (Python's ``math`` calls the same libm). Everything else (fewer
  than 16 elements, or a non-contiguous tensor): ``normal_distribution<double>`` one value at
  a time, which draws two uniforms, returns ``r*cos`` and keeps ``r*sin`` in the generator for
  the next call (that cache is part of the state, and ``manual_seed`` clears it).
* randint / ``random_``: ``uniform_int_from_to_distribution``: ``random() % range + from``,
  or ``random64()`` once the range reaches 2**28; float dtypes first move ``from``/``to`` as
  ``update_from``/``update_to`` do. ``random_()`` with no bounds: ``uniform_int_distribution``.
* randperm: ``randperm_cpu``: a Fisher-Yates swap with ``random() % (n - i)``.
* bernoulli: ``bernoulli_kernel``: ``uniform < p`` with a double uniform (``random64``) for a
  scalar ``p`` or a float64 ``p`` tensor, a float uniform (``random()``) for other ``p`` dtypes.
* in-place methods walk a non-contiguous tensor in TensorIterator's order (dimensions sorted
  by stride), as ``cpu_serial_kernel`` does.

Exactness (checked by ``tests/test_random.py`` against torch 2.13 on x86-64):

* bit-exact: the raw stream and every state transition (``get_state`` bytes included), rand and
  uniform_ (float16/32/64), randn/normal/normal_ (float16/32/64, every path, in-place on
  non-contiguous tensors too), randint/random_ (all integer and float dtypes), randperm,
  bernoulli / bernoulli_ (number or tensor ``p``).
* not checked: randperm for n >= 2**32/20 (the 'inside-out' branch; too large to test), and
  bfloat16 (NumPy has no such dtype).
* platform limits (why a result may still differ on another machine): the FMA forms assume
  torch's x86 AVX2/AVX512 kernels (the normal stub never dispatches to AVX512, so float32
  normal runs the AVX2 kernel there too). On a CPU without AVX2 (torch's DEFAULT kernels, no
  FMA) ``uniform_(a, b)`` can differ in the last bit (``rand`` cannot), and there and on ARM
  torch's float32 ``randn`` uses the scalar ``normal_fill`` with the platform's libm. torch
  sources up to 2.x also route ``bernoulli_(p: float)`` (and so ``dropout``) on *Intel* CPUs of
  MKL builds to MKL's MCG31 stream seeded by one ``random()``; that path cannot be checked on
  this AMD machine and is not reproduced: autograd_lab always uses the generic kernel (the one
  torch runs on AMD CPUs). CUDA generators (Philox) are not reproduced either: a ``cuda`` tensor
  gets its values from this CPU stream.
"""
import math
import operator
import os
import warnings

import numpy as np

from . import _version

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed",
           "get_rng_state", "set_rng_state", "rand_array", "randn_array", "randint_array",
           "normal_array", "randperm_array", "bernoulli_array", "uniform_", "normal_",
           "bernoulli_", "random_"]

_N = 624                                   # mt19937 state words (MERSENNE_STATE_N)
_DEFAULT_RNG_SEED = 67280421310721         # c10::detail::default_rng_seed_val
_U64 = (1 << 64) - 1
_STATE_SIZE = 5056                         # sizeof(CPUGeneratorImplState)

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


def _init_genrand(seed32):
    """mt19937's init_genrand: the 624-word key for a 32-bit seed (MT19937RNGEngine.h)."""
    key = [seed32 & 0xFFFFFFFF]
    for j in range(1, _N):
        prev = key[-1]
        key.append((1812433253 * (prev ^ (prev >> 30)) + j) & 0xFFFFFFFF)
    return np.array(key, dtype=np.uint32)


def _temper(y):
    """mt19937's output tempering, for the few values read straight from a key."""
    y = y.astype(np.uint32)
    y ^= y >> np.uint32(11)
    y ^= (y << np.uint32(7)) & np.uint32(0x9D2C5680)
    y ^= (y << np.uint32(15)) & np.uint32(0xEFC60000)
    y ^= y >> np.uint32(18)
    return y


def _nondeterministic_seed():
    """c10::detail::getNonDeterministicRandom for CPU: 64 bits of /dev/urandom."""
    return int.from_bytes(os.urandom(8), "little")


def _as_seed(seed):
    """Generator.manual_seed's argument parsing: an int, negative ones taken mod 2**64."""
    if isinstance(seed, float) or not hasattr(seed, "__index__"):
        raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
    s = operator.index(seed)
    if not -(1 << 63) <= s <= _U64:
        raise ValueError("Overflow when unpacking long long")
    return s & _U64


# =============================================================================== Generator
class Generator:
    """A random number generator: torch's ``CPUGeneratorImpl`` (mt19937 + a normal cache).

    ``torch.Generator().manual_seed(0)`` then ``torch.rand(3, generator=g)`` draws from ``g``
    alone, leaving the default generator where it was.
    """

    def __init__(self, device="cpu"):
        from ._backend import device as _device
        self._device = device if isinstance(device, _device) else _device(device)
        self._bg = np.random.MT19937(0)        # the engine; its key is replaced on seeding
        self._seed_engine(_DEFAULT_RNG_SEED)

    # ------------------------------------------------------------------ engine state
    def _seed_engine(self, seed):
        """CPUGeneratorImpl::set_current_seed: a new mt19937, the normal caches cleared."""
        self._seed = seed
        self._set_engine(_init_genrand(seed), pos=_N)
        # torch's fresh engine says next_=0, left_=1 (the same as pos=624: twist first)
        self._idle_next = 0
        self._pending = None
        self._next_double_normal = None
        self._next_float_normal = None

    def _set_engine(self, key, pos):
        self._bg.state = {"bit_generator": "MT19937",
                          "state": {"key": np.asarray(key, np.uint32), "pos": int(pos)}}

    def _random32(self, n):
        """``n`` calls of ``random()``: the raw 32-bit mt19937 outputs, as uint32."""
        out = np.empty(n, np.uint32)
        k = 0
        if self._pending is not None and n:          # leftovers of an irregular set_state
            vals, used, nxt, left, key = self._pending
            k = min(n, len(vals) - used)
            out[:k] = vals[used:used + k]
            used += k
            self._pending = None if used == len(vals) else (vals, used, nxt, left, key)
        if n > k:
            out[k:] = self._bg.random_raw(n - k)
        if n:
            self._idle_next = None
        return out

    def _random64(self, n):
        """``n`` calls of ``random64()``: two draws each, the first one the high word."""
        r = self._random32(2 * n).astype(np.uint64)
        return (r[0::2] << np.uint64(32)) | r[1::2]

    # ------------------------------------------------------------------ public API
    @property
    def device(self):
        return self._device

    def manual_seed(self, seed):
        self._seed_engine(_as_seed(seed))
        return self

    def seed(self):
        """Seed from /dev/urandom and return that seed."""
        s = _nondeterministic_seed()
        self._seed_engine(s)
        return s

    def initial_seed(self):
        return self._seed

    def get_state(self):
        """The state as torch's 5056-byte ``CPUGeneratorImplState`` in a uint8 tensor."""
        return _wrap_bytes(self._state_bytes())

    def set_state(self, new_state):
        self._load_state_bytes(_unwrap_bytes(new_state))
        return self

    def __repr__(self):
        return f"<torch._C.Generator object at {hex(id(self))}>"

    def __reduce__(self):
        return (_rebuild_generator, (str(self._device), self._state_bytes().tobytes()))

    # ------------------------------------------------------------------ state bytes
    def _state_bytes(self):
        # struct CPUGeneratorImplStateLegacy { uint64 the_initial_seed; int left; int seeded;
        #   uint64 next; uint64 state[624]; double normal_x, normal_y, normal_rho;
        #   int normal_is_valid; }  then  float next_float_normal_sample; bool valid;
        # (CPUGeneratorImpl::get_state zero-fills it, padding included)
        buf = np.zeros(_STATE_SIZE, np.uint8)
        st = self._bg.state["state"]
        key, pos = st["key"], int(st["pos"])
        if self._pending is not None:
            vals, used, nxt, left, key = self._pending
            nxt, left = nxt + used, left - used
        elif self._idle_next is not None:
            nxt, left = self._idle_next, 1
        else:
            nxt, left = pos, _N + 1 - pos
        head = np.array([self._seed], "<u8").view(np.uint8)
        buf[0:8] = head
        buf[8:16] = np.array([left, 1], "<i4").view(np.uint8)
        buf[16:24] = np.array([nxt], "<u8").view(np.uint8)
        buf[24:24 + 8 * _N] = np.asarray(key, np.uint32).astype("<u8").view(np.uint8)
        if self._next_double_normal is not None:
            buf[5024:5032] = np.array([self._next_double_normal], "<f8").view(np.uint8)
            buf[5040:5044] = np.array([1], "<i4").view(np.uint8)
        if self._next_float_normal is not None:
            buf[5048:5052] = np.array([self._next_float_normal], "<f4").view(np.uint8)
            buf[5052] = 1
        return buf

    def _load_state_bytes(self, buf):
        """CPUGeneratorImpl::set_state."""
        if buf.size != _STATE_SIZE:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE_SIZE} but "
                               f"found the input RNG state size to be {buf.size}")
        seed = int(buf[0:8].view("<u8")[0])
        left, seeded = (int(v) for v in buf[8:16].view("<i4"))
        nxt = int(buf[16:24].view("<u8")[0]) & 0xFFFFFFFF
        key = buf[24:24 + 8 * _N].view("<u8").astype(np.uint32)
        if not (seeded and 0 < left <= _N and nxt <= _N):     # mt19937::is_valid
            raise RuntimeError("Invalid mt19937 state")
        double_normal = float_normal = None
        if buf[5040:5044].view("<i4")[0]:                     # normal_is_valid
            double_normal = float(buf[5024:5032].view("<f8")[0])
        if buf[5052]:
            float_normal = float(buf[5048:5052].view("<f4")[0])
        self._seed = seed
        self._pending = None
        self._idle_next = None
        if left == 1:                       # the next draw twists; next_ is only reported
            self._set_engine(key, _N)
            self._idle_next = nxt
        elif left + nxt == _N + 1:          # the regular case: NumPy's pos is torch's next_
            self._set_engine(key, nxt)
        else:
            # torch reads key[next_ .. next_+left_-2] and then twists: hand those out first
            if nxt + left - 1 > _N:
                raise RuntimeError("Invalid mt19937 state")
            vals = _temper(key[nxt:nxt + left - 1])
            self._set_engine(key, _N)
            self._pending = (vals, 0, nxt, left, key.copy())
        self._next_double_normal = double_normal
        self._next_float_normal = float_normal


def _rebuild_generator(device, state):
    g = Generator(device)
    g._load_state_bytes(np.frombuffer(state, np.uint8))
    return g


def _wrap_bytes(buf):
    try:
        from ._tensor import Tensor
    except ImportError:          # the tensor layer is optional for the array-level API
        return buf
    return Tensor._make(buf)


def _unwrap_bytes(state):
    data = getattr(state, "_data", state)
    if isinstance(data, (bytes, bytearray, memoryview)):
        return np.frombuffer(data, np.uint8)
    data = np.asarray(data)
    if data.dtype != np.uint8:
        raise TypeError("RNG state must be a torch.ByteTensor")
    return np.ascontiguousarray(data).reshape(-1)


default_generator = Generator()
default_generator._seed_engine(_nondeterministic_seed())   # as torch seeds it at start-up


def _gen(generator):
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"expected a torch.Generator, but got {type(generator).__name__}")
    return generator


def manual_seed(seed):
    """Seed the default generator (``int(seed)`` first, as torch.manual_seed does)."""
    return default_generator.manual_seed(int(seed))


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


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


def _num(v):
    """A number as c10's error messages print it (C++ ostream's default, like ``%g``)."""
    return f"{float(v):g}"


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
def _write(t, fn):
    """Fill ``t._data`` in kernel order with ``fn(n, contiguous)``, then bump the version."""
    data = t._data
    if isinstance(data, np.ndarray):
        _fill(data, np.asarray(fn(data.size, data.flags.c_contiguous), data.dtype))
    else:                           # a CuPy array: draw on the host, in C order
        from ._backend import cupy_module
        host = np.asarray(fn(data.size, True), data.dtype).reshape(data.shape)
        data[...] = cupy_module().asarray(host)
    _version.bump(t)
    t._notify("data")
    return t


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
