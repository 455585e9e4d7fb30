"""A strict stand-in for CuPy, so that CI (which has no GPU) runs the ``cuda`` code paths.

THIS IS NOT GPU SUPPORT. The arrays live in host memory and NumPy does the arithmetic. What
the stand-in copies from CuPy is only the way CuPy *refuses* things, which is what catches a
code path that bypasses ``autograd_lab._backend``:

* no implicit conversion to NumPy: ``np.asarray(a)`` raises ``TypeError`` (CuPy's message);
  ``a.get()`` and ``asnumpy(a)`` copy to the host explicitly;
* NumPy's functions and ufuncs applied to stand-in arrays dispatch to the stand-in (NEP 13/18,
  as CuPy does), and fail with ``TypeError`` when they mix in a NumPy array or when the
  stand-in lacks the function;
* the stand-in's functions refuse NumPy arrays (only ``asarray``/``array`` take them);
* 0-d results stay 0-d arrays (CuPy never returns NumPy scalars from array operations);
* module functions CuPy lacks are missing.

Tests install it with the ``standin_cuda`` fixture (tests/conftest.py); nothing in
``autograd_lab`` imports it.
"""
import contextlib
import sys
import types

import numpy as np
import scipy.special

_NO_IMPLICIT = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to "
                "construct a NumPy array explicitly.")


class _DeviceId:
    __slots__ = ("id",)

    def __init__(self, i=0):
        self.id = i

    def __repr__(self):
        return f"<CUDA Device {self.id}>"


def _wrap(x):
    """NumPy results back into stand-in arrays; 0-d results stay arrays."""
    if isinstance(x, np.ndarray):
        return ndarray(x)
    if isinstance(x, np.generic):
        return ndarray(np.asarray(x))
    if isinstance(x, tuple):
        return tuple(_wrap(v) for v in x)
    if isinstance(x, list):
        return [_wrap(v) for v in x]
    return x


def _unwrap(x, where):
    """Stand-in arrays to NumPy for the arithmetic; NumPy arrays are refused, as CuPy does."""
    if isinstance(x, ndarray):
        return x._a
    if isinstance(x, np.ndarray):
        raise TypeError(f"Unsupported type {type(x)} (in {where}): a NumPy array reached a "
                        "CuPy function")
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(v, where) for v in x)
    if isinstance(x, dict):
        return {k: _unwrap(v, where) for k, v in x.items()}
    return x


class ndarray:
    """A device array of the stand-in: a NumPy array that refuses to become one implicitly."""

    __slots__ = ("_a", "__weakref__")
    __array_priority__ = 100

    def __init__(self, a):
        self._a = a

    # -- what CuPy refuses
    def __array__(self, *args, **kwargs):
        raise TypeError(_NO_IMPLICIT)

    def __iter__(self):
        if self._a.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (_wrap(self._a[i]) for i in range(len(self._a)))

    def tolist(self):
        return self._a.tolist()

    def get(self, stream=None, order="C", out=None):
        return np.array(self._a, order=order)

    def item(self):
        return self._a.item()

    @property
    def device(self):
        return _DeviceId(0)

    @property
    def data(self):
        """CuPy's ``MemoryPointer``: only its address is offered."""
        return types.SimpleNamespace(ptr=self._a.__array_interface__["data"][0])

    # -- plain attributes
    @property
    def shape(self):
        return self._a.shape

    @shape.setter
    def shape(self, value):                     # AttributeError when no view exists, as CuPy
        self._a.shape = value

    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    strides = property(lambda self: self._a.strides)
    itemsize = property(lambda self: self._a.itemsize)
    nbytes = property(lambda self: self._a.nbytes)
    flags = property(lambda self: self._a.flags)
    T = property(lambda self: ndarray(self._a.T))
    real = property(lambda self: ndarray(self._a.real))
    imag = property(lambda self: ndarray(self._a.imag))

    @property
    def base(self):
        return None if self._a.base is None else ndarray(self._a.base)

    def __len__(self):
        return len(self._a)

    def __repr__(self):
        return "standin_cupy." + repr(self._a)

    def __bool__(self):
        return bool(self._a)

    def __float__(self):
        return float(self._a)

    def __int__(self):
        return int(self._a)

    def __index__(self):
        return self._a.__index__()

    def __complex__(self):
        return complex(self._a)

    def __hash__(self):
        raise TypeError("unhashable type: 'cupy.ndarray'")

    # -- indexing: stand-in arrays and host index arrays (CuPy accepts both as indices)
    @staticmethod
    def _index(key):
        if isinstance(key, tuple):
            return tuple(ndarray._index(k) for k in key)
        return key._a if isinstance(key, ndarray) else key

    def __getitem__(self, key):
        return _wrap(self._a[self._index(key)])

    def __setitem__(self, key, value):
        if isinstance(value, np.ndarray) and value.ndim > 0:
            raise TypeError("Unsupported type <class 'numpy.ndarray'>")
        self._a[self._index(key)] = value._a if isinstance(value, ndarray) else value

    # -- NEP 13 / 18: NumPy's ufuncs and functions dispatch here, as they do for CuPy
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        mine = getattr(_this, ufunc.__name__, None)
        if not isinstance(mine, _Ufunc):
            return NotImplemented
        if method == "__call__":
            return mine(*inputs, **kwargs)
        if method in ("reduce", "accumulate", "at", "outer", "reduceat"):
            return getattr(mine, method)(*inputs, **kwargs)
        return NotImplemented

    def __array_function__(self, func, types_, args, kwargs):
        mine = getattr(_this, func.__name__, None)
        if mine is None or not callable(mine):
            return NotImplemented
        return mine(*args, **kwargs)


def _binary(op):
    def method(self, other):
        if isinstance(other, np.ndarray) and other.ndim > 0:
            return NotImplemented
        return _wrap(op(self._a, _unwrap(other, op.__name__)))
    return method


def _rbinary(op):
    def method(self, other):
        if isinstance(other, np.ndarray) and other.ndim > 0:
            return NotImplemented
        return _wrap(op(_unwrap(other, op.__name__), self._a))
    return method


def _inplace(op):
    def method(self, other):
        if isinstance(other, np.ndarray) and other.ndim > 0:
            raise TypeError("Unsupported type <class 'numpy.ndarray'>")
        op(self._a, _unwrap(other, op.__name__), out=self._a, casting="same_kind")
        return self
    return method


for _name, _op in [("add", np.add), ("sub", np.subtract), ("mul", np.multiply),
                   ("truediv", np.true_divide), ("floordiv", np.floor_divide),
                   ("mod", np.remainder), ("pow", np.power), ("matmul", np.matmul),
                   ("and", np.bitwise_and), ("or", np.bitwise_or), ("xor", np.bitwise_xor),
                   ("lshift", np.left_shift), ("rshift", np.right_shift)]:
    setattr(ndarray, f"__{_name}__", _binary(_op))
    setattr(ndarray, f"__r{_name}__", _rbinary(_op))
    if _name != "matmul":
        setattr(ndarray, f"__i{_name}__", _inplace(_op))
for _name, _op in [("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                   ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)]:
    setattr(ndarray, f"__{_name}__", _binary(_op))
ndarray.__neg__ = lambda self: ndarray(-self._a)
ndarray.__pos__ = lambda self: ndarray(+self._a)
ndarray.__abs__ = lambda self: ndarray(abs(self._a))
ndarray.__invert__ = lambda self: ndarray(~self._a)
ndarray.__divmod__ = lambda self, o: _wrap(divmod(self._a, _unwrap(o, "divmod")))


# Array methods CuPy has; each runs NumPy's method on the host copy and wraps the result.
_METHODS = """all any argmax argmin argpartition argsort astype clip conj conjugate copy
cumprod cumsum diagonal dot fill flatten max mean min nonzero partition prod ptp ravel
repeat reshape round sort squeeze std sum swapaxes take trace transpose var view""".split()


def _method(name):
    def method(self, *args, **kwargs):
        if name == "view" and args and isinstance(args[0], type) and issubclass(args[0], ndarray):
            return self
        out = getattr(self._a, name)(*_unwrap(args, name), **_unwrap(kwargs, name))
        if name == "fill":
            return None
        return _wrap(out)
    method.__name__ = name
    return method


for _name in _METHODS:
    setattr(ndarray, _name, _method(_name))


class _Ufunc:
    """A CuPy-like ufunc: refuses NumPy arrays, returns stand-in arrays."""

    def __init__(self, np_ufunc):
        self._u = np_ufunc
        self.__name__ = np_ufunc.__name__
        self.nin, self.nout = np_ufunc.nin, np_ufunc.nout

    def _call(self, fn, args, kwargs):
        out = kwargs.get("out")
        kwargs = _unwrap(kwargs, self.__name__)
        result = fn(*_unwrap(args, self.__name__), **kwargs)
        if out is not None:
            return out
        return _wrap(result)

    def __call__(self, *args, **kwargs):
        return self._call(self._u, args, kwargs)

    def reduce(self, *args, **kwargs):
        return self._call(self._u.reduce, args, kwargs)

    def accumulate(self, *args, **kwargs):
        return self._call(self._u.accumulate, args, kwargs)

    def outer(self, *args, **kwargs):
        return self._call(self._u.outer, args, kwargs)

    def at(self, a, indices, b=None):
        if self.__name__ not in ("add", "subtract", "maximum", "minimum"):
            # CuPy 13's ufunc.at covers only these
            raise NotImplementedError(f"cupy.{self.__name__}.at is not supported")
        args = (indices,) if b is None else (indices, b)
        self._u.at(a._a, *_unwrap(args, "at"))


def _function(np_fn, name):
    def fn(*args, **kwargs):
        return _wrap(np_fn(*_unwrap(args, name), **_unwrap(kwargs, name)))
    fn.__name__ = name
    return fn


# Every NumPy name the stand-in offers; a name CuPy lacks is simply absent.
_UFUNCS = """abs absolute add arccos arccosh arcsin arcsinh arctan arctan2 arctanh bitwise_and
bitwise_not bitwise_or bitwise_xor cbrt ceil conj conjugate copysign cos cosh deg2rad degrees
divide equal exp exp2 expm1 fabs floor floor_divide fmax fmin fmod frexp gcd greater
greater_equal heaviside hypot invert isfinite isinf isnan lcm ldexp left_shift less less_equal
log log10 log1p log2 logaddexp logaddexp2 logical_and logical_not logical_or logical_xor
maximum minimum modf multiply negative nextafter not_equal positive power rad2deg radians
reciprocal remainder right_shift rint sign signbit sin sinc sinh sqrt square subtract tan tanh
true_divide trunc""".split()

_FUNCTIONS = """allclose amax amin arange argmax argmin argsort argwhere around array_equal
atleast_1d atleast_2d atleast_3d average bincount broadcast_arrays broadcast_to clip
column_stack concatenate convolve copyto count_nonzero cov cross cumprod cumsum diag
diagflat diagonal diff dot dsplit dstack einsum empty_like expand_dims eye flip fliplr flipud
full_like hsplit hstack identity indices inner isclose ix_ kron linspace logspace matmul max
mean median meshgrid min moveaxis nan_to_num nanargmax nanargmin nancumprod nancumsum nanmax
nanmean nanmin nanprod nanstd nansum nanvar nonzero ones_like outer pad partition percentile
prod ptp put_along_axis quantile ravel repeat reshape resize result_type roll rollaxis rot90
round searchsorted sort split squeeze stack std sum swapaxes take take_along_axis tensordot
tile trace transpose tri tril tril_indices triu triu_indices trunc unique unravel_index var
vsplit vstack where zeros_like can_cast promote_types dtype iinfo finfo""".split()

_this = types.ModuleType("standin_cupy")
_this.__doc__ = __doc__
_this.ndarray = ndarray
for _name in _UFUNCS:
    _np = getattr(np, _name)
    setattr(_this, _name, _Ufunc(_np) if isinstance(_np, np.ufunc) else _function(_np, _name))
for _name in _FUNCTIONS:
    _np = getattr(np, _name)
    setattr(_this, _name, _np if isinstance(_np, type) or _name in (
        "result_type", "can_cast", "promote_types") else _function(_np, _name))
for _name in ("float16 float32 float64 int8 int16 int32 int64 uint8 uint16 uint32 uint64 "
              "bool_ complex64 complex128 newaxis pi e inf nan").split():
    setattr(_this, _name, getattr(np, _name))


def _host_to_device(a, dtype=None, copy=True, order="K", ndmin=0):
    if isinstance(a, ndarray):
        data = a._a.astype(dtype, copy=copy) if dtype is not None else \
            (a._a.copy() if copy else a._a)
        return ndarray(data)
    data = np.array(a, dtype=dtype, copy=True, order=order, ndmin=ndmin)
    return ndarray(data)


def _asarray(a, dtype=None, order=None):
    if isinstance(a, ndarray) and (dtype is None or np.dtype(dtype) == a.dtype):
        return a
    return _host_to_device(a, dtype=dtype, copy=not isinstance(a, ndarray))


def _creation(np_fn):
    def fn(*args, **kwargs):
        return ndarray(np_fn(*args, **kwargs))
    fn.__name__ = np_fn.__name__
    return fn


_this.array = _host_to_device
_this.asarray = _asarray
_this.ascontiguousarray = lambda a, dtype=None: ndarray(
    np.ascontiguousarray(_asarray(a)._a, dtype=dtype))
for _fn in (np.zeros, np.ones, np.empty, np.full):
    setattr(_this, _fn.__name__, _creation(_fn))
_this.asnumpy = lambda a, stream=None: a.get() if isinstance(a, ndarray) else np.asarray(a)
_this.get_array_module = lambda *arrays: _this if any(
    isinstance(a, ndarray) for a in arrays) else np
_LINALG = """cholesky det eigh eigvalsh inv lstsq matrix_power matrix_rank norm pinv qr
slogdet solve svd tensorinv tensorsolve""".split()
_this.linalg = types.SimpleNamespace(
    LinAlgError=np.linalg.LinAlgError,
    **{name: _function(getattr(np.linalg, name), name) for name in _LINALG})
_this.lib = types.SimpleNamespace(stride_tricks=types.SimpleNamespace(
    as_strided=lambda x, shape=None, strides=None: ndarray(
        np.lib.stride_tricks.as_strided(x._a, shape, strides))))


# -- cupy.cuda: one pretend device
class _Device:
    def __init__(self, i=0):
        self.id = i

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def synchronize(self):
        pass


_runtime = types.SimpleNamespace(getDeviceCount=lambda: 1, getDevice=lambda: 0,
                                 deviceSynchronize=lambda: None)
_this.cuda = types.SimpleNamespace(Device=_Device, runtime=_runtime)


# -- cupy.random: seeding only (autograd_lab draws its own streams on the host)
_this.random = types.SimpleNamespace(seed=lambda seed=None: None)


# -- cupyx.scipy.special: scipy.special's functions on stand-in arrays
_SPECIAL = """erf erfc erfinv erfcinv erfcx gamma gammaln digamma psi polygamma i0 i0e i1 i1e
j0 j1 y0 y1 ndtr ndtri log_ndtr expit logit xlogy xlog1py zeta entr sinc gammainc gammaincc
multigammaln""".split()
_special = types.ModuleType("standin_cupyx.scipy.special")
for _name in _SPECIAL:
    if hasattr(scipy.special, _name):
        _np = getattr(scipy.special, _name)
        setattr(_special, _name, _Ufunc(_np) if isinstance(_np, np.ufunc)
                else _function(_np, _name))
_cupyx = types.ModuleType("standin_cupyx")
_cupyx.scipy = types.ModuleType("standin_cupyx.scipy")
_cupyx.scipy.special = _special


@contextlib.contextmanager
def installed(backend):
    """Make ``backend`` (``autograd_lab._backend``) use the stand-in as its CuPy, and
    ``import cupyx.scipy.special`` find the stand-in's; undone on exit."""
    saved_cupy = backend._cupy
    saved_modules = {k: sys.modules.get(k) for k in
                     ("cupyx", "cupyx.scipy", "cupyx.scipy.special")}
    backend._cupy = _this
    sys.modules.update({"cupyx": _cupyx, "cupyx.scipy": _cupyx.scipy,
                        "cupyx.scipy.special": _special})
    try:
        yield _this
    finally:
        backend._cupy = saved_cupy
        for k, v in saved_modules.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
