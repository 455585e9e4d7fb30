"""Tensor creation: ``tensor``, ``zeros``, ``arange``, ``rand``..., and the legacy
``FloatTensor``-style constructors."""
import contextlib
import math
import numbers

import numpy as np

from . import _backend, _dtype, _ranges
from ._tensor import Tensor


def _finish(data, requires_grad, device=None):
    dev = _backend.as_device(device)          # (None: the default device)
    if dev.type != "cpu":
        data = _backend.to_device(data, dev)
    t = Tensor._make(data)
    if requires_grad:
        if data.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        t._requires_grad = True
    return t


def _infer_dtype(data):
    """torch's inference: bools -> bool, ints -> int64, any float -> default float."""
    kinds = set()
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, Tensor):
            kinds.add(x.dtype)
        elif isinstance(x, np.ndarray):
            kinds.add(_dtype.from_numpy_dtype(x.dtype))
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, np.generic):        # before the Python types: np.float64 is a float
            kinds.add(_dtype.from_numpy_dtype(x.dtype))
        elif isinstance(x, bool):
            kinds.add(_dtype.bool_)
        elif isinstance(x, (numbers.Integral,)):
            kinds.add(_dtype.int64)
        elif isinstance(x, numbers.Real):
            kinds.add(_dtype.get_default_dtype())
        else:
            raise TypeError(f"Could not infer dtype of {type(x).__name__}")
    if not kinds:
        return _dtype.get_default_dtype()
    out = None
    for k in kinds:
        out = k if out is None else _dtype.promote_types(out, k)
    return out


def _check_ragged(data, dim=0):
    """Raise torch's ValueError for ragged nested lists (NumPy would build an object array)."""
    if not isinstance(data, (list, tuple)):
        return None
    shapes = [_check_ragged(x, dim + 1) for x in data]
    if not shapes:
        return (0,)
    first = shapes[0]
    for s in shapes[1:]:
        if s != first:
            got = s[0] if s else None
            if s is None or first is None:
                raise TypeError("must be real number, not list")
            raise ValueError(f"expected sequence of length {first[0]} at dim {dim + 1} "
                             f"(got {got})")
    return (len(data),) + (first or ())


def _to_array(data, dtype):
    if isinstance(data, Tensor):
        return _backend.to_numpy(data._data).astype(dtype.np, copy=True)
    if isinstance(data, (list, tuple)):
        _check_ragged(data)
        data = [_backend.to_numpy(x._data) if isinstance(x, Tensor) else x for x in data] \
            if any(isinstance(x, Tensor) for x in data) else data
    if dtype.np.kind not in "iu" or dtype.np == np.int64:
        with _backend.quiet():        # (a float beyond float16's range is inf, silently)
            try:
                return np.array(data, dtype=dtype.np)
            except OverflowError:
                raise ValueError("Overflow when unpacking long long") from None
    return _small_ints(data, dtype.np)


def _small_ints(data, target):
    """``data`` as int8...int32 or uint8, refusing values beyond the type as torch does
    (:func:`_dtype.overflows`)."""
    try:
        wide = np.array(data)
    except OverflowError:
        wide = np.array(0, dtype=object)
    if wide.dtype.kind in "Ou" and wide.dtype != target:
        raise ValueError("Overflow when unpacking long long")
    if wide.dtype.kind in "if" and wide.size:
        if _dtype.overflows(wide, target):
            raise RuntimeError(f"value cannot be converted to type {target.name} without "
                               f"overflow")
        return wide.astype(target)
    return np.array(data, dtype=target)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of ``data`` (nested lists, numbers, arrays, tensors)."""
    if isinstance(data, Tensor):
        import warnings
        warnings.warn("To copy construct from a tensor, it is recommended to use "
                      "sourceTensor.detach().clone() or "
                      "sourceTensor.detach().clone().requires_grad_(True), rather than "
                      "torch.tensor(sourceTensor).", UserWarning, stacklevel=2)
    d = dtype or _infer_dtype(data)
    return _finish(_to_array(data, d), requires_grad, device)


def as_tensor(data, dtype=None, device=None):
    """Like ``tensor`` but shares memory with a NumPy array or tensor when it can."""
    if isinstance(data, Tensor):
        return data.to(dtype=dtype, device=device) if (dtype or device) else data
    if isinstance(data, np.ndarray) and (dtype is None or dtype.np == data.dtype) and \
            (device is None or _backend.as_device(device).type == "cpu"):
        return Tensor._make(data)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(ndarray):
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    _dtype.from_numpy_dtype(ndarray.dtype)
    return Tensor._make(ndarray)


def _shape(size, np_dtype=None, op=None):
    """The shape a factory was asked for, checked as torch checks it before allocating."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    shape = tuple(int(s) for s in size)
    check_new_shape(shape, np_dtype, op)
    return shape


def check_new_shape(shape, np_dtype=None, op=None):
    """torch's RuntimeErrors for a shape no tensor can have: a negative size (``zeros`` words
    it its own way) or more bytes than a 64-bit size can count."""
    negative = [n for n in shape if n < 0]
    if negative:
        if op == "zeros":
            raise RuntimeError("zeros: Dimension size must be non-negative.")
        raise RuntimeError(f"Trying to create tensor with negative dimension {negative[0]}: "
                           f"{list(shape)}")
    itemsize = np.dtype(np_dtype).itemsize if np_dtype is not None else 1
    if math.prod(shape) * itemsize > 2 ** 63 - 1:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)}")


@contextlib.contextmanager
def allocating(shape, np_dtype):
    """Turn NumPy's MemoryError (and its "array is too big") while making a new tensor of
    ``shape`` (a tuple, or a function giving it) into torch's RuntimeError, so that
    ``except RuntimeError`` catches it as in torch."""
    try:
        yield
    except (MemoryError, ValueError) as exc:
        if isinstance(exc, ValueError) and "too big" not in str(exc):
            raise
        shape = shape() if callable(shape) else shape
        check_new_shape(shape, np_dtype)
        nbytes = math.prod(shape) * np.dtype(np_dtype).itemsize
        raise RuntimeError(f"[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: "
                           f"can't allocate memory: you tried to allocate {nbytes} bytes. "
                           f"Error code 12 (Cannot allocate memory)") from None


def _sizes(dims, size, name):
    """The sizes given as ``zeros(2, 3)``, ``zeros((2, 3))`` or, as torch also takes them,
    ``zeros(size=(2, 3))``."""
    if size is None:
        return dims
    if dims:
        raise TypeError(f"{name}() got multiple values for argument 'size'")
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"{name}(): argument 'size' must be tuple of ints, not "
                        f"{type(size).__name__}")
    return (size,)


def _filled(size, fill, dtype, device, requires_grad, op=None):
    d = dtype or _dtype.get_default_dtype()
    shape = _shape(size, d.np, op)
    xp = _backend.xp_for(_backend.as_device(device))
    with allocating(shape, d.np):
        data = xp.full(shape, fill, dtype=d.np)
    return _finish(data, requires_grad)


def zeros(*dims, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _filled(_sizes(dims, size, "zeros"), 0, dtype, device, requires_grad, op="zeros")


def ones(*dims, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _filled(_sizes(dims, size, "ones"), 1, dtype, device, requires_grad)


def empty(*dims, size=None, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          memory_format=None):
    # deterministic "uninitialised" memory: zeros (a lesson never depends on garbage values)
    return _filled(_sizes(dims, size, "empty"), 0, dtype, device, requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False):
    if dtype is None:
        dtype = _infer_dtype(fill_value)
    return _filled((size,) if not isinstance(size, (tuple, list)) else (tuple(size),),
                   fill_value, dtype, device, requires_grad)


def _like(t, dtype, device):
    return dtype or t.dtype, device or t.device


def zeros_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    d, dev = _like(input, dtype, device)
    return zeros(input.shape, dtype=d, device=dev, requires_grad=requires_grad)


def ones_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    d, dev = _like(input, dtype, device)
    return ones(input.shape, dtype=d, device=dev, requires_grad=requires_grad)


def empty_like(input, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    return zeros_like(input, dtype=dtype, device=device, requires_grad=requires_grad)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False,
              memory_format=None):
    d, dev = _like(input, dtype, device)
    return full(input.shape, fill_value, dtype=d, device=dev, requires_grad=requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False):
    d = dtype or _dtype.get_default_dtype()
    m = n if m is None else m
    for name, v in (("n", n), ("m", m)):
        if v < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {v}")
    check_new_shape((n, m), d.np)
    xp = _backend.xp_for(_backend.as_device(device))
    with allocating((n, m), d.np):
        return _finish(xp.eye(n, m, dtype=d.np), requires_grad)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Values from ``start`` (default 0) up to, not including, ``end``, ``step`` apart:
    ``int64`` when all three are integers, else the default float dtype. The values are
    PyTorch's to the last bit (see :mod:`autograd_lab._ranges`).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.arange(5)
    tensor([0, 1, 2, 3, 4])
    >>> torch.arange(1, 2.5, 0.5)
    tensor([1.0000, 1.5000, 2.0000])
    """
    if end is None:
        start, end = 0, start
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    if dtype is None:
        dtype = _dtype.int64 if all(isinstance(v, numbers.Integral) for v in vals) \
            else _dtype.get_default_dtype()
    with allocating(lambda: (_ranges.arange_length(*vals, dtype.np == np.int64),), dtype.np):
        data = _ranges.arange(*vals, dtype.np)
    return _finish(data, requires_grad, device)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False):
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive, PyTorch's to the
    last bit (the first half counted up from ``start``, the second down from ``end``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linspace(0, 1, 5)
    tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    d = dtype or _dtype.get_default_dtype()
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end)]
    with allocating((max(int(steps), 0),), d.np):
        data = _ranges.linspace(vals[0], vals[1], steps, d.np)
    return _finish(data, requires_grad, device)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    lin = linspace(start, end, steps, dtype=_dtype.float64)
    d = dtype or _dtype.get_default_dtype()
    return _finish((base ** lin._data).astype(d.np), requires_grad, device)


# ---------------------------------------------------------------------------- random
def rand(*dims, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    from . import _random
    d = dtype or _dtype.get_default_dtype()
    shape = _shape(_sizes(dims, size, "rand"), d.np)
    with allocating(shape, d.np):
        return _finish(_random.rand_array(shape, d.np, generator), requires_grad, device)


def randn(*dims, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    from . import _random
    d = dtype or _dtype.get_default_dtype()
    shape = _shape(_sizes(dims, size, "randn"), d.np)
    with allocating(shape, d.np):
        return _finish(_random.randn_array(shape, d.np, generator), requires_grad, device)


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad=False):
    from . import _random
    if size is None:            # randint(high, size)
        low, high, size = 0, low, high
    d = dtype or _dtype.int64
    shape = _shape((size,), d.np)
    with allocating(shape, d.np):
        return _finish(_random.randint_array(low, high, shape, d.np, generator),
                       requires_grad, device)


def randint_like(input, low=0, high=None, *, dtype=None, device=None, requires_grad=False):
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype or input.dtype,
                   device=device or input.device, requires_grad=requires_grad)


def rand_like(input, *, dtype=None, device=None, requires_grad=False):
    return rand(input.shape, dtype=dtype or input.dtype, device=device or input.device,
                requires_grad=requires_grad)


def randn_like(input, *, dtype=None, device=None, requires_grad=False):
    return randn(input.shape, dtype=dtype or input.dtype, device=device or input.device,
                 requires_grad=requires_grad)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    from . import _random
    d = dtype or _dtype.int64
    shape = _shape((n,), d.np)
    with allocating(shape, d.np):
        return _finish(_random.randperm_array(n, d.np, generator), requires_grad, device)


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad=False):
    from . import _random
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean._data if isinstance(mean, Tensor) else mean
        s = std._data if isinstance(std, Tensor) else std
        shape = np.broadcast_shapes(np.shape(m), np.shape(s))
        like = mean if isinstance(mean, Tensor) else std
        z = _random.randn_array(shape, like._data.dtype, generator)
        return _finish((m + s * z).astype(like._data.dtype), requires_grad, device)
    d = dtype or _dtype.get_default_dtype()
    return _finish(_random.normal_array(mean, std, tuple(size), d.np, generator),
                   requires_grad, device)


def bernoulli(input, p=None, *, generator=None):
    from . import _random
    probs = input._data if p is None else np.full(input.shape, p)
    return Tensor._make(_random.bernoulli_array(probs, generator).astype(input._data.dtype))


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Draw ``num_samples`` indices from each row of ``input``, a 1-D or 2-D tensor of
    non-negative weights (they need not sum to one): the int64 indices, one row of samples
    per row of weights. Without replacement an index appears at most once per row.

    The draws are PyTorch's, bit for bit (see :mod:`autograd_lab._random.multinomial`):
    the same seed gives the same samples and leaves the generator in the same state.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> g = torch.Generator().manual_seed(0)
    >>> torch.multinomial(torch.tensor([1., 0., 3., 2.]), 3, generator=g)
    tensor([2, 3, 0])
    >>> torch.multinomial(torch.tensor([[1., 0.], [0., 1.]]), 4, replacement=True)
    tensor([[0, 0, 0, 0],
            [1, 1, 1, 1]])
    """
    return _multinomial(input, num_samples, replacement, generator, 2)


def _multinomial(input, num_samples, replacement, generator, position):
    """multinomial's argument checks, with torch's argument positions in the messages
    (``position`` is num_samples': 2 for the function, 1 for ``Tensor.multinomial``; a
    keyword argument is reported by position too, where torch leaves the position out)."""
    from . import _random
    from ._random.distributions import _generator
    where = (f" (position {position})", f" (position {position + 1})")
    if not isinstance(input, Tensor):
        raise TypeError(f"multinomial(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if isinstance(num_samples, (bool, float)) or not hasattr(num_samples, "__index__"):
        raise TypeError(f"multinomial(): argument 'num_samples'{where[0]} must be int, not "
                        f"{type(num_samples).__name__}")
    if not isinstance(replacement, bool):
        raise TypeError(f"multinomial(): argument 'replacement'{where[1]} must be bool, not "
                        f"{type(replacement).__name__}")
    generator = _generator("multinomial", generator)       # (torch's keyword check)
    probs = _backend.to_numpy(input._data)
    out = _random.multinomial_array(probs, num_samples.__index__(), replacement, generator)
    dev = input.device
    return Tensor._make(out if dev.type == "cpu" else _backend.to_device(out, dev))


# ---------------------------------------------------------------------------- legacy types
def legacy_new(dtype, args, kwargs):
    """``torch.FloatTensor([1, 2])`` copies data; ``torch.FloatTensor(2, 3)`` allocates."""
    device = kwargs.pop("device", None)
    if len(args) == 1 and not isinstance(args[0], numbers.Integral):
        src = args[0]
        if isinstance(src, Tensor):
            return src.to(dtype)
        return tensor(src, dtype=dtype, device=device)
    return zeros(*args, dtype=dtype, device=device)


def _legacy_type(name, d):
    def construct(*args, **kwargs):
        return legacy_new(d, args, kwargs)
    construct.__name__ = construct.__qualname__ = name
    construct.__doc__ = f"``{name}(data)`` or ``{name}(*sizes)``: a {d} tensor."
    return construct


FloatTensor = _legacy_type("FloatTensor", _dtype.float32)
DoubleTensor = _legacy_type("DoubleTensor", _dtype.float64)
HalfTensor = _legacy_type("HalfTensor", _dtype.float16)
LongTensor = _legacy_type("LongTensor", _dtype.int64)
IntTensor = _legacy_type("IntTensor", _dtype.int32)
ShortTensor = _legacy_type("ShortTensor", _dtype.int16)
CharTensor = _legacy_type("CharTensor", _dtype.int8)
ByteTensor = _legacy_type("ByteTensor", _dtype.uint8)
BoolTensor = _legacy_type("BoolTensor", _dtype.bool_)
