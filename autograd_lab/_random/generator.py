"""torch's CPU generator: the mt19937 engine, ``Generator`` (``CPUGeneratorImpl``) with its
5056-byte state, and the default generator behind ``manual_seed``, ``seed``,
``initial_seed``, ``get_rng_state`` and ``set_rng_state``.

Every number the samplers (``continuous``, ``discrete``) draw comes out of
``Generator._random32``/``_random64`` here, so the stream, the normal cache and the state
bytes have one home; how the engine maps onto NumPy's ``MT19937`` is told in the package
docstring.
"""
import operator
import os

import numpy as np

_N = 624                                   # mt19937 state words (MERSENNE_STATE_N)
_DEFAULT_RNG_SEED = 67280421310721         # c10::detail::default_rng_seed_val
_U64 = (1 << 64) - 1
_STATE_SIZE = 5056                         # sizeof(CPUGeneratorImplState)


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
        from .._backend import device as _device
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
        from .._tensor import Tensor
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
