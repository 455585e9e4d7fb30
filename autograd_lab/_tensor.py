"""``Tensor``: an n-dimensional array with autograd, printing and behaving like PyTorch's.

The data is a NumPy array (CuPy on ``cuda``) in ``_data``. Every math method is a one-line
call into the op's home in :mod:`autograd_lab.ops`, where its forward and backward live.
"""
import warnings

import numpy as np

from . import _backend, _dtype, _observe, _version
from ._size import Size

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered "
    "internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)")

_new = object.__new__
_UNCHANGED = _version.UNCHANGED


class Tensor:
    """A tensor. Create one with :func:`autograd_lab.tensor`, :func:`zeros`, :func:`randn`...

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.ones(2, 2, requires_grad=True)
    >>> y = (x + 2).mean()
    >>> y
    tensor(3., grad_fn=<MeanBackward0>)
    >>> y.backward(); x.grad
    tensor([[0.2500, 0.2500],
            [0.2500, 0.2500]])
    """

    # Every tensor has these ...
    __slots__ = ("_data", "_requires_grad", "_grad_fn", "_output_nr", "_version_counter",
                 "__weakref__", "__dict__")
    # ... and few have these, so they are class-level defaults: setting one on a tensor puts
    # it in that tensor's __dict__, and ``_make`` (run for every op's result) stays short.
    _grad = None                  # .grad (leaves, retain_grad)
    _base = None                  # the tensor a view looks into
    _acc_ref = None               # weakref to the leaf's AccumulateGrad node
    _hooks = None                 # register_hook on a leaf
    _post_acc_hooks = None
    _retains_grad = False
    _wrapped_number = False       # a Python number wrapped as a 0-d tensor (type promotion)
    _views = None                 # weak refs to this root's views (ops/copy_slices.py)
    _creation_meta = None         # why this view may not be changed in place (ditto)

    __array_priority__ = 1000      # numpy scalars defer to Tensor's reflected operators

    def __init__(self, *args, **kwargs):
        # torch.Tensor(2, 3) makes an uninitialised float tensor; torch.Tensor([1, 2]) copies.
        from . import _creation
        src = _creation.legacy_new(_dtype.get_default_dtype(), args, kwargs)
        _init(self, src._data)

    @staticmethod
    def _make(data, requires_grad=False, grad_fn=None, output_nr=0):
        if type(data) is not np.ndarray and isinstance(data, np.generic):
            data = np.asarray(data)       # NumPy turns 0-d results into scalars
        t = _new(Tensor)
        t._data = data
        t._requires_grad = requires_grad
        t._grad_fn = grad_fn
        t._output_nr = output_nr
        t._version_counter = _UNCHANGED
        return t

    # ------------------------------------------------------------------ autograd attributes
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        # (PyTorch words this error differently from requires_grad_()'s)
        self._set_requires_grad(value, "only Tensors of floating point and complex dtype can "
                                       "require gradients")

    def requires_grad_(self, requires_grad=True):
        """Start (or stop) recording operations on this leaf tensor; returns ``self``."""
        return self._set_requires_grad(requires_grad, "only Tensors of floating point dtype "
                                                      "can require gradients")

    def _set_requires_grad(self, requires_grad, int_message):
        requires_grad = bool(requires_grad)
        if self._grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to "
                    "use a computed variable in a subgraph that doesn't require differentiation "
                    "use var_no_grad = var.detach().")
            return self
        if requires_grad and self._data.dtype.kind not in "fc":
            raise RuntimeError(int_message)
        self._requires_grad = requires_grad
        self._notify("requires_grad")
        return self

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def grad_fn(self):
        fn = self._grad_fn
        if fn is not None and fn._view_error is not None:   # see ops/copy_slices.py
            raise RuntimeError(fn._view_error)
        return fn

    @property
    def grad(self):
        """The gradient accumulated by ``backward()`` (leaves, and tensors that called
        ``retain_grad()``); reading it on another non-leaf warns, as in PyTorch."""
        if self._grad is None and self._grad_fn is not None and not self._retains_grad:
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad "
                                f"of type {type(value).__name__}")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{_dtype.cpp_name(value.dtype)}'"
                    f" to a tensor with grad_dtype '{_dtype.type_name(self.dtype)}'. The gradient "
                    "must match the tensor's grad_dtype (defaults to the tensor's dtype). You can "
                    "set the tensor's grad_dtype attribute with a specific dtype, or None to allow "
                    "any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and "
                    "its gradient may break downstream systems that assume they match.")
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value._data.shape)}' to a "
                    f"tensor of size '{list(self._data.shape)}'. Please ensure that the gradient "
                    "and the tensor are the same size")
        self._grad = value
        self._notify("grad")

    @grad.deleter
    def grad(self):
        self._grad = None
        self._notify("grad")

    @property
    def retains_grad(self):
        return self._retains_grad

    def retain_grad(self):
        """Keep ``.grad`` for this non-leaf tensor after backward (a no-op on leaves)."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._grad_fn is None or self._retains_grad:
            return
        self._retains_grad = True
        self._grad_fn._set_retains_grad_hook(self._output_nr, _RetainGrad(self))

    def _store_retained_grad(self, grad):
        # PyTorch: a clone the first time, then ``grad = grad + new`` (a new tensor)
        self._grad = grad.clone() if self._grad is None else self._grad + grad
        self._notify("grad")

    def register_hook(self, hook):
        """``hook(grad)`` runs when this tensor's gradient is computed; it may return a new one.

        Returns a handle whose ``remove()`` takes the hook out again.
        """
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        from .autograd.graph import RemovableHandle
        if self._grad_fn is None:
            if self._hooks is None:
                self._hooks = []
            self._hooks.append(hook)
            return RemovableHandle(self._hooks, hook)
        return self._grad_fn._add_tensor_pre_hook(self._output_nr, hook)

    def register_post_accumulate_grad_hook(self, hook):
        if self._grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf "
                               "tensors")
        from .autograd.graph import RemovableHandle
        if self._post_acc_hooks is None:
            self._post_acc_hooks = []
        self._post_acc_hooks.append(hook)
        return RemovableHandle(self._post_acc_hooks, hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into each leaf's ``.grad`` (see ``autograd.backward``)."""
        _autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    @property
    def data(self):
        """The same values, outside the graph (a separate version counter: edits go unseen)."""
        return Tensor._make(self._data, False, None, 0)

    @data.setter
    def data(self, value):
        self._data = value._data
        self._notify("data")

    def detach(self):
        """A tensor sharing this one's memory and version counter, outside the graph."""
        out = Tensor._make(self._data, False, None, 0)
        out._version_counter = _version.shared(self)
        return out

    def detach_(self):
        """Cut this tensor out of the graph, in place: it becomes a leaf that does not
        require grad (its ``.grad`` stays)."""
        if self._base is not None:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be "
                "called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        self._grad_fn = None
        self._output_nr = 0
        self._requires_grad = False
        self._notify("detach")
        return self

    @property
    def _version(self):
        return self._version_counter[0]

    @property
    def is_view(self):
        return self._base is not None

    def _notify(self, what):
        if _observe._observers:
            _observe.notify(self, what)

    # ------------------------------------------------------------------ metadata
    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[self._wrap_dim(dim)]

    @property
    def dtype(self):
        return _dtype.from_numpy_dtype(self._data.dtype)

    @property
    def device(self):
        return _backend.device_of(self._data)

    @property
    def is_cuda(self):
        return self.device.type == "cuda"

    @property
    def is_cpu(self):
        return self.device.type == "cpu"

    @property
    def ndim(self):
        return self._data.ndim

    def dim(self):
        return self._data.ndim

    ndimension = dim

    def numel(self):
        return int(self._data.size)

    nelement = numel

    def element_size(self):
        return self._data.itemsize

    @property
    def itemsize(self):
        return self._data.itemsize

    @property
    def nbytes(self):
        """``numel() * itemsize`` (an expanded tensor counts every element it shows)."""
        return int(self._data.size) * self._data.itemsize

    @property
    def output_nr(self):
        """Which output of its ``grad_fn`` this tensor is (0 for leaves)."""
        return self._output_nr

    def is_same_size(self, other):
        if not isinstance(other, Tensor):
            raise TypeError(f"is_same_size(): argument 'other' (position 1) must be Tensor, "
                            f"not {type(other).__name__}")
        return self._data.shape == other._data.shape

    def is_complex(self):
        return self._data.dtype.kind == "c"

    def is_signed(self):
        return self._data.dtype.kind in "fic"

    def is_nonzero(self):
        """Whether the single element is nonzero (torch's errors for 0 or many)."""
        n = self._data.size
        if n != 1:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous" if n == 0
                               else "Boolean value of Tensor with more than one value is "
                                    "ambiguous")
        return self.item() != 0

    def is_floating_point(self):
        return self._data.dtype.kind == "f"

    def is_contiguous(self, memory_format=None):
        return bool(self._data.flags.c_contiguous)

    def stride(self, dim=None):
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        return strides if dim is None else strides[self._wrap_dim(dim)]

    def storage_offset(self):
        """Where this tensor's first element lies in its base's memory, in elements."""
        from .ops.copy_slices import geometry
        return geometry(self._data, (self if self._base is None else self._base)._data)[2]

    def data_ptr(self):
        iface = getattr(self._data, "__array_interface__", None)
        return iface["data"][0] if iface else int(self._data.data.ptr)

    def _wrap_dim(self, dim):
        n = max(self._data.ndim, 1)
        if not -n <= dim < n:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}],"
                             f" but got {dim})")
        return dim % n

    def _xp(self):
        return _backend.array_module(self._data)

    # ------------------------------------------------------------------ conversions
    def numpy(self, *, force=False):
        if self._requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        if not isinstance(self._data, np.ndarray):
            if not force:
                raise TypeError(f"can't convert {self.device} device type tensor to numpy. Use "
                                "Tensor.cpu() to copy the tensor to host memory first.")
            return _backend.to_numpy(self._data)
        return self._data

    def __array__(self, dtype=None, copy=None):
        arr = self.numpy()
        return arr if dtype is None else arr.astype(dtype, copy=False)

    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               "to Scalar")
        return self._data.reshape(()).item() if isinstance(self._data, np.ndarray) \
            else _backend.to_numpy(self._data).reshape(()).item()

    def tolist(self):
        return _backend.to_numpy(self._data).tolist()

    def to(self, *args, **kwargs):
        from .ops import conversion
        return conversion.to(self, *args, **kwargs)

    def type(self, dtype=None):
        from .ops import conversion
        return conversion.type_(self, dtype)

    def float(self):
        return self.to(_dtype.float32)

    def double(self):
        return self.to(_dtype.float64)

    def half(self):
        return self.to(_dtype.float16)

    def long(self):
        return self.to(_dtype.int64)

    def int(self):
        return self.to(_dtype.int32)

    def short(self):
        return self.to(_dtype.int16)

    def char(self):
        return self.to(_dtype.int8)

    def byte(self):
        return self.to(_dtype.uint8)

    def bool(self):
        return self.to(_dtype.bool_)

    def type_as(self, other):
        return self.to(other.dtype)

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to("cuda" if device is None else _backend.device("cuda", device)
                       if isinstance(device, int) else device)

    def _cast_np(self, np_dtype):
        """A differentiable cast used by the engine and ops (ToCopyBackward0)."""
        from .ops import conversion
        return conversion.to(self, _dtype.from_numpy_dtype(np_dtype))

    def _detached_copy(self):
        return Tensor._make(self._data.copy(), False, None, 0)

    def _inplace_accumulate(self, grad):
        """``self += grad`` without autograd: how a leaf's ``.grad`` accumulates."""
        self._data += grad._data
        _version.bump(self)

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self.item())

    def __complex__(self):
        return complex(self.item())

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __contains__(self, element):
        return bool((self == element).any())

    __hash__ = object.__hash__

    def __repr__(self, *, tensor_contents=None):
        from . import _printing
        return _printing.tensor_repr(self)

    def __format__(self, spec):
        # as torch: a plain 0-d tensor formats as its Python number, also with no spec
        # (f"{lr}" gives '0.009999999776482582' for a float32 tensor lr in an optimizer repr)
        if self._data.ndim == 0 and type(self) is Tensor:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) "
                               "support the deepcopy protocol at the moment.  If you were "
                               "attempting to deepcopy a module, this may be because of a "
                               "torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        if id(self) in memo:
            return memo[id(self)]
        new = type(self).__new__(type(self))
        _init(new, self._data.copy())
        new._requires_grad = self._requires_grad
        if self._grad is not None:
            new._grad = self._grad._detached_copy()
        for k, v in getattr(self, "__dict__", {}).items():
            if k not in _AUTOGRAD_STATE:      # a subclass's own attributes (Parameter...)
                setattr(new, k, v)
        memo[id(self)] = new
        return new

    def __reduce_ex__(self, protocol):
        from . import serialization
        return serialization.reduce_tensor(self)

    # ------------------------------------------------------------------ creation helpers
    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        from . import _creation
        return _creation.tensor(data, dtype=dtype or self.dtype, device=device or self.device,
                                requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
        from . import _creation
        return _creation.zeros(*size, dtype=dtype or self.dtype, device=device or self.device,
                               requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
        from . import _creation
        return _creation.ones(*size, dtype=dtype or self.dtype, device=device or self.device,
                              requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
        from . import _creation
        return _creation.full(size, fill_value, dtype=dtype or self.dtype,
                              device=device or self.device, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
        return self.new_zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad)

    # ------------------------------------------------------------------ operators
    # __add__, __radd__, __sub__, __mul__, __rmul__, __truediv__: the ops themselves, set
    # at the end of this file (one Python call fewer on the hottest path there is)

    def __iadd__(self, other):
        return self.add_(other)

    def __rsub__(self, other):
        return _ops.rsub(self, other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __rtruediv__(self, other):
        return _ops.rdiv(self, other)

    def __itruediv__(self, other):
        return self.div_(other)

    def __floordiv__(self, other):
        return _ops.floor_divide(self, other)

    def __rfloordiv__(self, other):
        return _ops.floor_divide(other, self)

    def __mod__(self, other):
        return _ops.remainder(self, other)

    def __pow__(self, exponent):
        return _ops.pow(self, exponent)

    def __rpow__(self, base):
        return _ops.rpow(self, base)

    def __ipow__(self, exponent):
        return self.pow_(exponent)

    def __neg__(self):
        return _ops.neg(self)

    def __pos__(self):
        return self.positive()

    def __abs__(self):
        return _ops.abs(self)

    def __matmul__(self, other):
        return _ops.matmul(self, other)

    def __rmatmul__(self, other):
        return _ops.matmul(other, self)

    def __eq__(self, other):
        return _ops.eq(self, other)

    def __ne__(self, other):
        return _ops.ne(self, other)

    def __lt__(self, other):
        return _ops.lt(self, other)

    def __le__(self, other):
        return _ops.le(self, other)

    def __gt__(self, other):
        return _ops.gt(self, other)

    def __ge__(self, other):
        return _ops.ge(self, other)

    def __and__(self, other):
        return _ops.logical_op(self, other, "and")

    def __or__(self, other):
        return _ops.logical_op(self, other, "or")

    def __xor__(self, other):
        return _ops.logical_op(self, other, "xor")

    def __rand__(self, other):
        return _ops.logical_op(other, self, "and")

    def __ror__(self, other):
        return _ops.logical_op(other, self, "or")

    def __rxor__(self, other):
        return _ops.logical_op(other, self, "xor")

    def __iand__(self, other):
        return self.bitwise_and_(other)

    def __ior__(self, other):
        return self.bitwise_or_(other)

    def __ixor__(self, other):
        return self.bitwise_xor_(other)

    def __invert__(self):
        if self._data.dtype.kind not in "biu":    # (Python's own message; bitwise_not's differs)
            raise TypeError("~ (operator.invert) is only implemented on integer and "
                            "Boolean-type tensors")
        return _ops.bitwise_not(self)

    def __lshift__(self, other):
        return _ops.bitwise_left_shift(self, other)

    def __rshift__(self, other):
        return _ops.bitwise_right_shift(self, other)

    def __rlshift__(self, other):
        return _ops.bitwise_left_shift(other, self)

    def __rrshift__(self, other):
        return _ops.bitwise_right_shift(other, self)

    def __ilshift__(self, other):
        return self.bitwise_left_shift_(other)

    def __irshift__(self, other):
        return self.bitwise_right_shift_(other)

    def __getitem__(self, index):
        return _ops.getitem(self, index)

    def __setitem__(self, index, value):
        _ops.setitem(self, index, value)

    # ------------------------------------------------------------------ pointwise math
    def add(self, other, *, alpha=1):
        return _ops.add(self, other, alpha=alpha)

    def sub(self, other, *, alpha=1):
        return _ops.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self, other):
        return _ops.mul(self, other)

    multiply = mul

    def div(self, other, *, rounding_mode=None):
        return _ops.div(self, other, rounding_mode=rounding_mode)

    divide = true_divide = div

    def remainder(self, other):
        return _ops.remainder(self, other)

    def fmod(self, other):
        return _ops.fmod(self, other)

    def floor_divide(self, other):
        return _ops.floor_divide(self, other)

    def pow(self, exponent):
        return _ops.pow(self, exponent)

    def neg(self):
        return _ops.neg(self)

    negative = neg

    def positive(self):
        """``self`` itself (PyTorch refuses it for bool tensors, as ``+t``)."""
        if self._data.dtype.kind == "b":
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def abs(self):
        return _ops.abs(self)

    absolute = abs

    def exp(self):
        return _ops.exp(self)

    def log(self):
        return _ops.log(self)

    def log2(self):
        return _ops.log2(self)

    def log10(self):
        return _ops.log10(self)

    def log1p(self):
        return _ops.log1p(self)

    def expm1(self):
        return _ops.expm1(self)

    def sqrt(self):
        return _ops.sqrt(self)

    def rsqrt(self):
        return _ops.rsqrt(self)

    def square(self):
        return _ops.square(self)

    def reciprocal(self):
        return _ops.reciprocal(self)

    def sin(self):
        return _ops.sin(self)

    def cos(self):
        return _ops.cos(self)

    def tan(self):
        return _ops.tan(self)

    def asin(self):
        return _ops.asin(self)

    def acos(self):
        return _ops.acos(self)

    def atan(self):
        return _ops.atan(self)

    arcsin, arccos, arctan = asin, acos, atan

    def sinh(self):
        return _ops.sinh(self)

    def cosh(self):
        return _ops.cosh(self)

    def asinh(self):
        return _ops.asinh(self)

    def acosh(self):
        return _ops.acosh(self)

    def atanh(self):
        return _ops.atanh(self)

    arcsinh, arccosh, arctanh = asinh, acosh, atanh

    def sinc(self):
        return _ops.sinc(self)

    def exp2(self):
        return _ops.exp2(self)

    def deg2rad(self):
        return _ops.deg2rad(self)

    def rad2deg(self):
        return _ops.rad2deg(self)

    def erf(self):
        return _ops.erf(self)

    def erfc(self):
        return _ops.erfc(self)

    def erfinv(self):
        return _ops.erfinv(self)

    def lgamma(self):
        return _ops.lgamma(self)

    def i0(self):
        return _ops.i0(self)

    def i0_(self):
        return _ops.inplace(self, _ops.i0)

    def digamma(self):
        return _ops.digamma(self)

    def frac(self):
        return _ops.frac(self)

    def signbit(self):
        return _ops.signbit(self)

    def frexp(self):
        return _ops.frexp(self)

    def ldexp(self, other):
        return _ops.ldexp(self, other, 1)

    def ldexp_(self, other):
        return _ops.ldexp_(self, other)

    def nextafter(self, other):
        return _ops.nextafter(self, other, 1)

    def nextafter_(self, other):
        if not isinstance(other, Tensor):
            raise TypeError(f"nextafter_(): argument 'other' (position 1) must be Tensor, not "
                            f"{type(other).__name__}")
        return _ops.inplace(self, _ops.nextafter, other)

    def sgn(self):
        return _ops.sgn(self)

    def polygamma(self, n):
        return _ops.polygamma(n, self)

    def logit(self, eps=None):
        return _ops.logit(self, eps)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        return _ops.nan_to_num(self, nan, posinf, neginf)

    def copysign(self, other):
        return _ops.copysign(self, other)

    def xlogy(self, other):
        return _ops.xlogy(self, other)

    def atan2(self, other):
        return _ops.atan2(self, other)

    arctan2 = atan2

    def hypot(self, other):
        return _ops.hypot(self, other)

    def logaddexp(self, other):
        return _ops.logaddexp(self, other)

    def logaddexp2(self, other):
        return _ops.logaddexp2(self, other)

    def fmax(self, other):
        return _ops.fmax(self, other)

    def fmin(self, other):
        return _ops.fmin(self, other)

    def heaviside(self, values):
        return _ops.heaviside(self, values)

    def addcmul(self, tensor1, tensor2, *, value=1):
        return _ops.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        return _ops.addcdiv(self, tensor1, tensor2, value=value)

    def float_power(self, exponent):
        return _ops.float_power(self, exponent)

    def tanh(self):
        return _ops.tanh(self)

    def sigmoid(self):
        return _ops.sigmoid(self)

    def relu(self):
        return _ops.relu(self)

    def prelu(self, weight):
        from .nn.functional.activation_piecewise import prelu   # (nn is built on Tensor)
        return prelu(self, weight)

    def hardshrink(self, lambd=0.5):
        from .nn.functional.activation_piecewise import hardshrink
        return hardshrink(self, lambd)

    def sign(self):
        return _ops.sign(self)

    def floor(self):
        return _ops.floor(self)

    def ceil(self):
        return _ops.ceil(self)

    def round(self, *, decimals=None):
        return _ops.round(self, decimals=decimals)

    def trunc(self):
        return _ops.trunc(self)

    fix = trunc

    def clamp(self, min=None, max=None):
        return _ops.clamp(self, min, max)

    clip = clamp

    def clamp_min(self, min):
        return _ops.clamp_min(self, min)

    def clamp_max(self, max):
        return _ops.clamp_max(self, max)

    def maximum(self, other):
        return _ops.maximum(self, other)

    def minimum(self, other):
        return _ops.minimum(self, other)

    def lerp(self, end, weight):
        return _ops.lerp(self, end, weight)

    def masked_fill(self, mask, value):
        return _ops.masked_fill(self, mask, value)

    def where(self, condition, other):
        return _ops.where(condition, self, other)

    def eq(self, other):
        return _ops.eq(self, other)

    def ne(self, other):
        return _ops.ne(self, other)

    def lt(self, other):
        return _ops.lt(self, other)

    def le(self, other):
        return _ops.le(self, other)

    def gt(self, other):
        return _ops.gt(self, other)

    def ge(self, other):
        return _ops.ge(self, other)

    greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne

    def equal(self, other):
        return _ops.equal(self, other)

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _ops.allclose(self, other, rtol, atol, equal_nan)

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _ops.isclose(self, other, rtol, atol, equal_nan)

    def isnan(self):
        return _ops.isnan(self)

    def isinf(self):
        return _ops.isinf(self)

    def isfinite(self):
        return _ops.isfinite(self)

    def isposinf(self):
        return _ops.isposinf(self)

    def isneginf(self):
        return _ops.isneginf(self)

    def isreal(self):
        return _ops.isreal(self)

    def logical_not(self):
        return _ops.logical_not(self)

    def logical_and(self, other):
        return _ops.logical_and(self, other)

    def logical_or(self, other):
        return _ops.logical_or(self, other)

    def logical_xor(self, other):
        return _ops.logical_xor(self, other)

    def eq_(self, other):
        return _ops.compare_(self, other, "eq")

    def ne_(self, other):
        return _ops.compare_(self, other, "ne")

    def lt_(self, other):
        return _ops.compare_(self, other, "lt")

    def le_(self, other):
        return _ops.compare_(self, other, "le")

    def gt_(self, other):
        return _ops.compare_(self, other, "gt")

    def ge_(self, other):
        return _ops.compare_(self, other, "ge")

    greater_, greater_equal_, less_, less_equal_, not_equal_ = gt_, ge_, lt_, le_, ne_

    def logical_not_(self):
        return _ops.logical_(self, None, "not")

    def logical_and_(self, other):
        return _ops.logical_(self, other, "and")

    def logical_or_(self, other):
        return _ops.logical_(self, other, "or")

    def logical_xor_(self, other):
        return _ops.logical_(self, other, "xor")

    def bitwise_and(self, other):
        return _ops.bitwise_and(self, other)

    def bitwise_and_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_and, other)

    def bitwise_or(self, other):
        return _ops.bitwise_or(self, other)

    def bitwise_or_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_or, other)

    def bitwise_xor(self, other):
        return _ops.bitwise_xor(self, other)

    def bitwise_xor_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_xor, other)

    def bitwise_not(self):
        return _ops.bitwise_not(self)

    def bitwise_not_(self):
        return _ops.inplace(self, _ops.bitwise_not)

    def bitwise_left_shift(self, other):
        return _ops.bitwise_left_shift(self, other)

    def bitwise_left_shift_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_left_shift, other)

    def bitwise_right_shift(self, other):
        return _ops.bitwise_right_shift(self, other)

    def bitwise_right_shift_(self, other):
        return _ops.bitwise_into(self, _ops.bitwise_right_shift, other)

    def gcd(self, other):
        return _ops.gcd_lcm_method(self, other, "gcd")

    def gcd_(self, other):
        return _ops.gcd_lcm_method(self, other, "gcd_")

    def lcm(self, other):
        return _ops.gcd_lcm_method(self, other, "lcm")

    def lcm_(self, other):
        return _ops.gcd_lcm_method(self, other, "lcm_")

    # ------------------------------------------------------------------ in-place
    def add_(self, other, *, alpha=1):
        if type(alpha) not in (int, float):      # (the optimizers' p.add_(g, alpha=-lr) aside)
            alpha = _ops.alpha_number("add_", alpha, self._data, None)
        return _ops.inplace(self, _ops.add, other, alpha=alpha)

    def sub_(self, other, *, alpha=1):
        if type(alpha) not in (int, float):
            alpha = _ops.alpha_number("sub_", alpha, self._data, None)
        return _ops.inplace(self, _ops.sub, other, alpha=alpha)

    def mul_(self, other):
        return _ops.inplace(self, _ops.mul, other)

    def div_(self, other, *, rounding_mode=None):
        return _ops.inplace(self, _ops.div, other, rounding_mode=rounding_mode)

    def pow_(self, exponent):
        return _ops.inplace(self, _ops.pow, exponent)

    def neg_(self):
        return _ops.inplace(self, _ops.neg)

    def abs_(self):
        return _ops.inplace(self, _ops.abs)

    absolute_ = abs_

    def subtract_(self, other, *, alpha=1):
        return self.sub_(other, alpha=alpha)

    multiply_ = mul_
    divide_ = true_divide_ = div_
    negative_ = neg_

    def remainder_(self, other):
        return _ops.inplace(self, _ops.remainder, other)

    def fmod_(self, other):
        return _ops.inplace(self, _ops.fmod, other)

    def floor_divide_(self, other):
        return _ops.floor_divide_(self, other)

    def square_(self):
        return _ops.inplace(self, _ops.square)

    def reciprocal_(self):
        return _ops.inplace(self, _ops.reciprocal)

    def rsqrt_(self):
        return _ops.inplace(self, _ops.rsqrt)

    def expm1_(self):
        return _ops.inplace(self, _ops.expm1)

    def log1p_(self):
        return _ops.inplace(self, _ops.log1p)

    def log2_(self):
        return _ops.inplace(self, _ops.log2)

    def log10_(self):
        return _ops.inplace(self, _ops.log10)

    def sin_(self):
        return _ops.inplace(self, _ops.sin)

    def cos_(self):
        return _ops.inplace(self, _ops.cos)

    def tan_(self):
        return _ops.inplace(self, _ops.tan)

    def sign_(self):
        return _ops.inplace(self, _ops.sign)

    def floor_(self):
        return _ops.inplace(self, _ops.floor)

    def ceil_(self):
        return _ops.inplace(self, _ops.ceil)

    def round_(self, *, decimals=None):
        return _ops.inplace(self, _ops.round, decimals=decimals)

    def trunc_(self):
        return _ops.inplace(self, _ops.trunc)

    fix_ = trunc_

    def exp_(self):
        return _ops.inplace(self, _ops.exp)

    def log_(self):
        return _ops.inplace(self, _ops.log)

    def sqrt_(self):
        return _ops.inplace(self, _ops.sqrt)

    def sigmoid_(self):
        return _ops.inplace(self, _ops.sigmoid)

    def tanh_(self):
        return _ops.inplace(self, _ops.tanh)

    def relu_(self):
        return _ops.inplace(self, _ops.relu)

    def clamp_(self, min=None, max=None):
        return _ops.clamp_(self, min, max)

    clip_ = clamp_

    def masked_fill_(self, mask, value):
        return _ops.inplace(self, _ops.masked_fill, mask, value)

    def lerp_(self, end, weight):
        return _ops.inplace(self, _ops.lerp, end, weight)

    def asin_(self):
        return _ops.inplace(self, _ops.asin)

    def acos_(self):
        return _ops.inplace(self, _ops.acos)

    def atan_(self):
        return _ops.inplace(self, _ops.atan)

    arcsin_, arccos_, arctan_ = asin_, acos_, atan_

    def sinh_(self):
        return _ops.inplace(self, _ops.sinh)

    def cosh_(self):
        return _ops.inplace(self, _ops.cosh)

    def asinh_(self):
        return _ops.asinh_(self)

    def acosh_(self):
        return _ops.acosh_(self)

    def atanh_(self):
        return _ops.atanh_(self)

    arcsinh_, arccosh_, arctanh_ = asinh_, acosh_, atanh_

    def sinc_(self):
        return _ops.inplace(self, _ops.sinc)

    def exp2_(self):
        return _ops.inplace(self, _ops.exp2)

    def deg2rad_(self):
        return _ops.inplace(self, _ops.deg2rad)

    def rad2deg_(self):
        return _ops.inplace(self, _ops.rad2deg)

    def erf_(self):
        return _ops.inplace(self, _ops.erf)

    def erfc_(self):
        return _ops.inplace(self, _ops.erfc)

    def erfinv_(self):
        return _ops.inplace(self, _ops.erfinv)

    def lgamma_(self):
        return _ops.inplace(self, _ops.lgamma)

    def digamma_(self):
        return _ops.inplace(self, _ops.digamma)

    def frac_(self):
        return _ops.inplace(self, _ops.frac)

    def sgn_(self):
        return _ops.inplace(self, _ops.sgn)

    def polygamma_(self, n):
        return _ops.polygamma_(self, n)

    def logit_(self, eps=None):
        return _ops.inplace(self, _ops.logit, eps)

    def nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
        return _ops.inplace(self, _ops.nan_to_num, nan, posinf, neginf)

    def copysign_(self, other):
        return _ops.inplace(self, _ops.copysign, other)

    def xlogy_(self, other):
        return _ops.inplace(self, _ops.xlogy, other)

    def atan2_(self, other):
        return _ops.inplace(self, _ops.atan2, other)

    arctan2_ = atan2_

    def hypot_(self, other):
        return _ops.inplace(self, _ops.hypot, other)

    def heaviside_(self, values):
        return _ops.inplace(self, _ops.heaviside, values)

    def addcmul_(self, tensor1, tensor2, *, value=1):
        return _ops.inplace(self, _ops.addcmul, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        return _ops.inplace(self, _ops.addcdiv, tensor1, tensor2, value=value)

    def clamp_min_(self, min):
        return _ops.clamp_min_(self, min)

    def clamp_max_(self, max):
        return _ops.clamp_max_(self, max)

    def float_power_(self, exponent):
        return _ops.float_power_(self, exponent)

    def zero_(self):
        return _ops.zero_(self)

    def fill_(self, value):
        return _ops.fill_(self, value)

    def copy_(self, src, non_blocking=False):
        return _ops.copy_(self, src)

    def uniform_(self, a=0.0, b=1.0, *, generator=None):
        from . import _random
        from .ops.random_fill import UniformFill, random_fill_
        return random_fill_(self, UniformFill, lambda t: _random.uniform_(t, a, b, generator))

    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        from . import _random
        from .ops.random_fill import NormalFill, random_fill_
        return random_fill_(self, NormalFill,
                            lambda t: _random.normal_(t, mean, std, generator))

    def bernoulli_(self, p=0.5, *, generator=None):
        from . import _random
        from .ops.random_fill import BernoulliFill, random_fill_
        return random_fill_(self, BernoulliFill, lambda t: _random.bernoulli_(t, p, generator))

    def random_(self, from_=0, to=None, *, generator=None):
        from . import _random
        from .ops.random_fill import RandomFill, random_fill_
        return random_fill_(self, RandomFill,
                            lambda t: _random.random_(t, from_, to, generator))

    def exponential_(self, lambd=1, *, generator=None):
        from . import _random
        from .ops.random_fill import ExponentialFill, random_fill_
        return random_fill_(self, ExponentialFill,
                            lambda t: _random.exponential_(t, lambd, generator))

    def geometric_(self, p, *, generator=None):
        from . import _random
        from .ops.random_fill import GeometricFill, random_fill_
        return random_fill_(self, GeometricFill, lambda t: _random.geometric_(t, p, generator))

    def cauchy_(self, median=0, sigma=1, *, generator=None):
        from . import _random
        from .ops.random_fill import CauchyFill, random_fill_
        return random_fill_(self, CauchyFill,
                            lambda t: _random.cauchy_(t, median, sigma, generator))

    def log_normal_(self, mean=1, std=2, *, generator=None):
        from . import _random
        from .ops.random_fill import LogNormalFill, random_fill_
        return random_fill_(self, LogNormalFill,
                            lambda t: _random.log_normal_(t, mean, std, generator))

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        from . import _creation
        return _creation._multinomial(self, num_samples, replacement, generator, 1)

    # ------------------------------------------------------------------ reductions
    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.sum(self, dim, keepdim, dtype=dtype)

    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.mean(self, dim, keepdim, dtype=dtype)

    def prod(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.prod(self, dim, keepdim, dtype=dtype)

    def max(self, dim=None, keepdim=False):
        return _ops.max(self, dim, keepdim)

    def min(self, dim=None, keepdim=False):
        return _ops.min(self, dim, keepdim)

    def amax(self, dim=(), keepdim=False):
        return _ops.amax(self, dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        return _ops.amin(self, dim, keepdim)

    def argmax(self, dim=None, keepdim=False):
        return _ops.argmax(self, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return _ops.argmin(self, dim, keepdim)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _ops.var(self, dim, unbiased, keepdim, correction=correction)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _ops.std(self, dim, unbiased, keepdim, correction=correction)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        return _ops.norm(self, p, dim, keepdim, dtype=dtype)

    def renorm(self, p, dim, maxnorm):
        return _ops.renorm(self, p, dim, maxnorm)

    def renorm_(self, p, dim, maxnorm):
        return _ops.inplace(self, _ops.renorm, p, dim, maxnorm)

    def logsumexp(self, dim, keepdim=False):
        return _ops.logsumexp(self, dim, keepdim)

    def sum_to_size(self, *size, **kwargs):
        return _ops.sum_to_size(self, *size, **kwargs)

    def cumsum(self, dim, *, dtype=None):
        return _ops.cumsum(self, dim, dtype=dtype)

    def cumsum_(self, dim, *, dtype=None):
        return _ops.cumulative_(self, _ops.cumsum, dim, dtype)

    def all(self, dim=None, keepdim=False):
        return _ops.all(self, dim, keepdim)

    def any(self, dim=None, keepdim=False):
        return _ops.any(self, dim, keepdim)

    def cumprod(self, dim, *, dtype=None):
        return _ops.cumprod(self, dim, dtype=dtype)

    def cumprod_(self, dim, *, dtype=None):
        return _ops.cumulative_(self, _ops.cumprod, dim, dtype)

    def cummax(self, dim):
        return _ops.cummax(self, dim)

    def cummin(self, dim):
        return _ops.cummin(self, dim)

    def logcumsumexp(self, dim):
        return _ops.logcumsumexp(self, dim)

    def median(self, dim=None, keepdim=False):
        return _ops.median(self, dim, keepdim)

    def nanmedian(self, dim=None, keepdim=False):
        return _ops.nanmedian(self, dim, keepdim)

    def mode(self, dim=-1, keepdim=False):
        return _ops.mode(self, dim, keepdim)

    def kthvalue(self, k, dim=-1, keepdim=False):
        return _ops.kthvalue(self, k, dim, keepdim)

    def quantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        return _ops.quantile(self, q, dim, keepdim, interpolation=interpolation)

    def nanquantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        return _ops.nanquantile(self, q, dim, keepdim, interpolation=interpolation)

    def nansum(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.nansum(self, dim, keepdim, dtype=dtype)

    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.nanmean(self, dim, keepdim, dtype=dtype)

    def count_nonzero(self, dim=None):
        return _ops.count_nonzero(self, dim)

    def aminmax(self, *, dim=None, keepdim=False):
        return _ops.aminmax(self, dim=dim, keepdim=keepdim)

    def msort(self):
        return _ops.msort(self)

    def cov(self, *, correction=1, fweights=None, aweights=None):
        return _ops.cov(self, correction=correction, fweights=fweights, aweights=aweights)

    def corrcoef(self):
        return _ops.corrcoef(self)

    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        return _ops.unique(self, sorted, return_inverse, return_counts, dim)

    def unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
        return _ops.unique_consecutive(self, return_inverse, return_counts, dim)

    def bincount(self, weights=None, minlength=0):
        return _ops.bincount(self, weights, minlength)

    def histc(self, bins=100, min=0, max=0):
        return _ops.histc(self, bins, min, max)

    def softmax(self, dim, dtype=None):
        return _ops.softmax(self, dim, dtype=dtype)

    def log_softmax(self, dim, dtype=None):
        return _ops.log_softmax(self, dim, dtype=dtype)

    # ------------------------------------------------------------------ shape and views
    def view(self, *shape):
        return _ops.view(self, *shape)

    def view_as(self, other):
        return _ops.view(self, other.shape)

    def reshape(self, *shape):
        return _ops.reshape(self, *shape)

    def reshape_as(self, other):
        return _ops.reshape(self, other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        return _ops.flatten(self, start_dim, end_dim)

    def unflatten(self, dim, sizes):
        return _ops.unflatten(self, dim, sizes)

    def squeeze(self, dim=None):
        return _ops.squeeze(self, dim)

    def unsqueeze(self, dim):
        return _ops.unsqueeze(self, dim)

    def transpose(self, dim0, dim1):
        return _ops.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def moveaxis(self, source, destination):
        return _ops.movedim(self, source, destination)

    def broadcast_to(self, size):
        return _ops.broadcast_to(self, size)

    def ravel(self):
        return _ops.ravel(self)

    def as_strided(self, size, stride, storage_offset=None):
        return _ops.as_strided(self, size, stride, storage_offset)

    def roll(self, shifts, dims=None):
        return _ops.roll(self, shifts, dims)

    def rot90(self, k=1, dims=(0, 1)):
        return _ops.rot90(self, k, dims)

    def fliplr(self):
        return _ops.fliplr(self)

    def flipud(self):
        return _ops.flipud(self)

    def unfold(self, dimension, size, step):
        return _ops.unfold(self, dimension, size, step)

    def tile(self, *dims):
        return _ops.tile(self, dims)

    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        return _ops.repeat_interleave(self, repeats, dim, output_size=output_size)

    def diff(self, n=1, dim=-1, prepend=None, append=None):
        return _ops.diff(self, n, dim, prepend, append)

    def permute(self, *dims):
        return _ops.permute(self, *dims)

    def t(self):
        return _ops.t(self)

    @property
    def T(self):
        return _ops.reverse_dims(self)

    @property
    def mT(self):
        return _ops.transpose(self, -2, -1)

    def expand(self, *sizes):
        return _ops.expand(self, *sizes)

    def expand_as(self, other):
        return _ops.expand(self, other.shape)

    def repeat(self, *sizes):
        return _ops.repeat(self, *sizes)

    def split(self, split_size, dim=0):
        return _ops.split(self, split_size, dim)

    def chunk(self, chunks, dim=0):
        return _ops.chunk(self, chunks, dim)

    def unbind(self, dim=0):
        return _ops.unbind(self, dim)

    def tensor_split(self, indices_or_sections=None, /, dim=0, **split):
        return _ops.tensor_split(self, indices_or_sections, dim, **split)

    def hsplit(self, indices_or_sections=None, /, **split):
        return _ops.hsplit(self, indices_or_sections, **split)

    def vsplit(self, indices_or_sections=None, /, **split):
        return _ops.vsplit(self, indices_or_sections, **split)

    def dsplit(self, indices_or_sections=None, /, **split):
        return _ops.dsplit(self, indices_or_sections, **split)

    def clone(self, *, memory_format=None):
        return _ops.clone(self)

    def contiguous(self, memory_format=None):
        return self if self._data.flags.c_contiguous else _ops.clone(self)

    def gather(self, dim, index):
        return _ops.gather(self, dim, index)

    def index_select(self, dim, index):
        return _ops.index_select(self, dim, index)

    def take(self, index):
        return _ops.take(self, index)

    def take_along_dim(self, indices, dim=None):
        return _ops.take_along_dim(self, indices, dim)

    def masked_select(self, mask):
        return _ops.masked_select(self, mask)

    def masked_scatter(self, mask, source):
        return _ops.masked_scatter(self, mask, source)

    def masked_scatter_(self, mask, source):
        return _ops.masked_scatter_(self, mask, source)

    def scatter(self, dim, index, src=None, *, value=None, reduce=None):
        if reduce is not None:
            return _ops.scatter_reduce_legacy(self, dim, index, value if src is None else src,
                                              reduce)
        return _ops.scatter(self, dim, index, src, value=value)

    def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
        return _ops.scatter_(self, dim, index, src, value=value, reduce=reduce)

    def scatter_add(self, dim, index, src):
        return _ops.scatter_add(self, dim, index, src)

    def scatter_add_(self, dim, index, src):
        return _ops.scatter_add_(self, dim, index, src)

    def index_add(self, dim, index, source, *, alpha=1):
        return _ops.index_add(self, dim, index, source, alpha=alpha)

    def index_add_(self, dim, index, source, *, alpha=1):
        return _ops.index_add_(self, dim, index, source, alpha=alpha)

    def index_copy(self, dim, index, source):
        return _ops.index_copy(self, dim, index, source)

    def index_copy_(self, dim, index, source):
        return _ops.index_copy_(self, dim, index, source)

    def index_fill(self, dim, index, value):
        return _ops.index_fill(self, dim, index, value)

    def index_fill_(self, dim, index, value):
        return _ops.index_fill_(self, dim, index, value)

    def index_put(self, indices, values, accumulate=False):
        return _ops.index_put(self, indices, values, accumulate)

    def index_put_(self, indices, values, accumulate=False):
        return _ops.index_put_(self, indices, values, accumulate)

    def argsort(self, dim=-1, descending=False, stable=False):
        return _ops.argsort(self, dim, descending, stable)

    def flip(self, *dims):
        return _ops.flip(self, *dims)

    def movedim(self, source, destination):
        return _ops.movedim(self, source, destination)

    def narrow(self, dim, start, length):
        return _ops.narrow(self, dim, start, length)

    def select(self, dim, index):
        return _ops.select(self, dim, index)

    def nonzero(self, *, as_tuple=False):
        return _ops.nonzero(self, as_tuple=as_tuple)

    def argwhere(self):
        return _ops.argwhere(self)

    def sort(self, dim=-1, descending=False, stable=None):
        return _ops.sort(self, dim, descending, stable)

    def topk(self, k, dim=-1, largest=True, sorted=True):
        return _ops.topk(self, k, dim, largest, sorted)

    # ------------------------------------------------------------------ linear algebra
    def matmul(self, other):
        return _ops.matmul(self, other)

    def mm(self, mat2):
        return _ops.mm(self, mat2)

    def bmm(self, mat2):
        return _ops.bmm(self, mat2)

    def mv(self, vec):
        return _ops.mv(self, vec)

    def dot(self, other):
        return _ops.dot(self, other)

    def outer(self, vec2):
        return _ops.outer(self, vec2)

    def ger(self, vec2):
        return _ops.outer(self, vec2)

    def vdot(self, other):
        return _ops.vdot(self, other)

    def inner(self, other):
        return _ops.inner(self, other)

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        return _ops.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
        return _ops.addmm_(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat, vec, *, beta=1, alpha=1):
        return _ops.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addmv_(self, mat, vec, *, beta=1, alpha=1):
        return _ops.addmv_(self, mat, vec, beta=beta, alpha=alpha)

    def addr(self, vec1, vec2, *, beta=1, alpha=1):
        return _ops.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def addr_(self, vec1, vec2, *, beta=1, alpha=1):
        return _ops.addr_(self, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _ops.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        return _ops.baddbmm_(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _ops.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        return _ops.addbmm_(self, batch1, batch2, beta=beta, alpha=alpha)

    def kron(self, other):
        return _ops.kron(self, other)

    def cross(self, other, dim=None):
        return _ops.cross(self, other, dim)

    def dist(self, other, p=2):
        return _ops.dist(self, other, p)

    def trace(self):
        return _ops.trace(self)

    def diag(self, diagonal=0):
        return _ops.diag(self, diagonal)

    def diagonal(self, offset=0, dim1=0, dim2=1):
        return _ops.diagonal(self, offset, dim1, dim2)

    def diag_embed(self, offset=0, dim1=-2, dim2=-1):
        return _ops.diag_embed(self, offset, dim1, dim2)

    def diagflat(self, offset=0):
        return _ops.diagflat(self, offset)

    def fill_diagonal_(self, fill_value, wrap=False):
        return _ops.fill_diagonal_(self, fill_value, wrap)

    def tril(self, diagonal=0):
        return _ops.tril(self, diagonal)

    def tril_(self, diagonal=0):
        return _ops.tril_(self, diagonal)

    def triu(self, diagonal=0):
        return _ops.triu(self, diagonal)

    def triu_(self, diagonal=0):
        return _ops.triu_(self, diagonal)

    def det(self):
        return _ops.det(self)

    def logdet(self):
        return _ops.logdet(self)

    def slogdet(self):
        return _ops.slogdet(self)

    def inverse(self):
        return _ops.inverse(self)

    def matrix_power(self, n):
        return _ops.matrix_power(self, n)

    def pinverse(self, rcond=1e-15):
        return _ops.pinverse(self, rcond)


class _RetainGrad:
    """The hook ``retain_grad()`` puts on the node: stores the gradient in ``.grad``. It holds
    the tensor weakly, so tensor -> grad_fn -> hook -> tensor is no reference cycle."""

    __slots__ = ("ref",)

    def __init__(self, t):
        import weakref
        self.ref = weakref.ref(t)

    def __call__(self, grad):
        t = self.ref()
        if t is not None and t._retains_grad and grad is not None:
            t._store_retained_grad(grad)


def _init(t, data):
    """Fill the slots of a tensor built through ``Tensor.__new__`` (subclasses, deepcopy)."""
    t._data = data
    t._requires_grad = False
    t._grad_fn = None
    t._output_nr = 0
    t._version_counter = _UNCHANGED


# per-tensor autograd state kept in __dict__ (see Tensor's class-level defaults): a deepcopy
# starts without it
_AUTOGRAD_STATE = frozenset(("_grad", "_base", "_acc_ref", "_hooks", "_post_acc_hooks",
                             "_retains_grad", "_wrapped_number", "_views", "_creation_meta"))


from . import ops as _ops  # noqa: E402  (ops import Tensor; the methods above call into them)

# The commonest operators are the ops' own functions (their fast path and general case).
Tensor.__add__ = Tensor.__radd__ = _ops.add
Tensor.__sub__ = _ops.sub
Tensor.__mul__ = Tensor.__rmul__ = _ops.mul
Tensor.__truediv__ = _ops.div

from . import autograd as _autograd  # noqa: E402  (likewise)
