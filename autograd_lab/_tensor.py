"""``Tensor``: an n-dimensional array with autograd, printing and behaving like PyTorch's.

The data is a NumPy array (CuPy on ``cuda``) in ``_data``. This class holds the data, the
autograd state, printing, conversions and operators; the math methods, each a one-line call
into the op's home in :mod:`autograd_lab.ops` (where its forward and backward live), come from
one mixin per family of ops in :mod:`autograd_lab._tensor_methods`.
"""
import warnings

import numpy as np

from ._numpy_names import TORCH_PYTHON_METHODS, name_methods_as_torch, numpy_names
from . import _backend, _dtype, _observe, _version
from ._size import Size
from ._tensor_methods import (InplaceMethods, LinalgMethods, PointwiseMethods,
                              ReductionMethods, ShapeMethods, bind_ops)

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered "
    "internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)")

_new = object.__new__
_UNCHANGED = _version.UNCHANGED


class Tensor(PointwiseMethods, InplaceMethods, ReductionMethods, ShapeMethods, LinalgMethods):
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

    @numpy_names
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

    @numpy_names
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

bind_ops(_ops)             # (and so do the methods of the families in _tensor_methods/)
# Python's errors name a method as torch's do: ``Tensor.norm() got an unexpected keyword...``
name_methods_as_torch(Tensor, TORCH_PYTHON_METHODS)

# The commonest operators are the ops' own functions (their fast path and general case).
Tensor.__add__ = Tensor.__radd__ = _ops.add
Tensor.__sub__ = _ops.sub
Tensor.__mul__ = Tensor.__rmul__ = _ops.mul
Tensor.__truediv__ = _ops.div

from . import autograd as _autograd  # noqa: E402  (likewise)
