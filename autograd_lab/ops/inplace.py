"""In-place ops: ``add_``, ``mul_``, ``zero_``, ``fill_``, ``copy_``, ``t[i] = v``...

An in-place op computes its out-of-place result, then writes it into the tensor's own memory
and bumps the version counter that saved tensors check. When autograd must record it, the
tensor's history is rebased onto the new node, as in PyTorch: ``y.mul_(2)`` leaves ``y`` the
same Python object, with ``y.grad_fn`` now a ``MulBackward0`` whose input is the old ``y``.
When the tensor is a view (``y[0].mul_(2)``), it is its base's history that moves on, onto a
``CopySlices`` node (see :mod:`.copy_slices`).

PyTorch's rules, checked here in one place (only when autograd records the change):

* a leaf that requires grad cannot be changed in place (its ``.grad`` would no longer
  describe the value), nor can a view of one;
* nor can a view made under ``no_grad``, one of the outputs of ``unbind``/``split``/``chunk``,
  or a view returned by a custom ``Function``;
* every in-place write bumps ``t._version`` by one (a view shares its base's counter); a node
  that saved ``t`` earlier notices at backward time and raises "one of the variables needed
  for gradient computation has been modified by an inplace operation".
"""
from .. import _backend, _dtype, _grad_mode, _version
from ..autograd.function import Op
from .._tensor import Tensor
from . import _formula
from .copy_slices import (OVERLAP_MESSAGE, check_partial_overlap, internal_overlap,
                          move_retains_grad, rebase_view, refresh_views, view_error, writable)


def check_inplace(t):
    """PyTorch's refusals (``check_inplace``) of an in-place change of ``t`` that autograd
    is about to record."""
    base = t._base
    if base is not None:
        meta = t._creation_meta
        if meta is not None:
            raise RuntimeError(view_error(t, meta, indirect=False))
        if t._requires_grad and base._grad_fn is None:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in "
                               "an in-place operation.")
    if t._grad_fn is None and t._requires_grad:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                           "operation.")


def _write(t, arr):
    """Copy ``arr`` into ``t``'s memory with torch's casting and shape checks."""
    src = _dtype.from_numpy_dtype(arr.dtype)
    dst = t.dtype
    if src._kind > dst._kind:
        raise RuntimeError(f"result type {_dtype.type_name(src)} can't be cast to the desired "
                           f"output type {_dtype.type_name(dst)}")
    if arr.shape != t._data.shape:
        raise RuntimeError(f"output with shape {list(t._data.shape)} doesn't match the "
                           f"broadcast shape {list(arr.shape)}")
    writable(t)[...] = arr
    _version.bump(t)


def _records(t, args):
    if not _grad_mode.is_grad_enabled():
        return False
    if t._requires_grad:
        return True
    for a in args:
        if isinstance(a, Tensor) and a._requires_grad:
            return True
    return False


def _after_write(t):
    """A write autograd did not record (under no_grad): the views of a base that requires
    grad still get a fresh grad_fn, as PyTorch gives them on their next ``grad_fn`` read."""
    base = t._base
    if base is not None:
        if base._requires_grad:
            refresh_views(base, t)
    elif t._views is not None and t._requires_grad:
        refresh_views(t)


def inplace(t, op, *args, **kwargs):
    """Run ``op(t, *args)`` and store the result in ``t`` itself."""
    if args and op is not _masked_fill():      # (masked_fill_ reads its value as a number)
        check_partial_overlap(t, args)
    return _inplace(t, op, args, kwargs, True)


def _inplace(t, op, args, kwargs, check_overlap):
    # (fill_ and zero_ may write into an expanded tensor: every place gets the same value;
    # PyTorch refuses the other ops there)
    if check_overlap and t._base is not None and internal_overlap(t._data):
        raise RuntimeError(OVERLAP_MESSAGE)
    if not _records(t, args):
        if not _arithmetic_into(t, op, args, kwargs):
            with _grad_mode.no_grad():
                out = op(t, *args, **kwargs)
            _write(t, out._data)
        _after_write(t)
        t._notify("inplace")
        return t
    check_inplace(t)
    # The node may save the old value of t, which the write below would destroy: it gets a
    # copy (PyTorch clones ``self`` for the same reason when a formula needs it).
    old = Tensor._make(t._data.copy(), t._requires_grad, t._grad_fn, t._output_nr)
    old._acc_ref = t._acc_ref
    out = op(old, *args, **kwargs)
    _write(t, out._data)
    _point_saved_result(out._grad_fn, t)
    if t._base is not None:
        rebase_view(t, out)
    else:
        _rebase(t, out)
        if t._views is not None:
            refresh_views(t)
    t._notify("inplace")
    return t


def _arithmetic_into(t, op, args, kwargs):
    """The optimizer's case (``p.add_(grad, alpha=-lr)``, ``g.mul_(m)``): nothing to record,
    plain arithmetic on an operand of t's own dtype that is t's shape or a number. Compute
    straight into t's memory in one pass, as PyTorch does, instead of computing a new array
    and copying it over. Returns False when the general path must handle it (type
    promotion, broadcasting, errors)."""
    ufunc_name = _ufunc_names().get(op)
    if ufunc_name is None or len(args) != 1:
        return False
    other, = args
    data = t._data
    if data.dtype.kind != "f":
        return False
    alpha = kwargs.get("alpha", 1)
    if type(alpha) not in (int, float) or kwargs.get("rounding_mode") is not None or \
            any(k not in ("alpha", "rounding_mode") for k in kwargs):
        return False
    if isinstance(other, Tensor):
        o = other._data
        if type(o) is not type(data) or o.dtype != data.dtype or \
                (o.shape != data.shape and o.ndim):
            return False
    elif type(other) in (int, float):
        o = other
    else:
        return False
    xp = t._xp()
    token = _backend.ERRSTATE.set(_backend.IGNORE_ALL)
    try:
        if alpha != 1:
            o = o * alpha
        getattr(xp, ufunc_name)(data, o, out=writable(t))
    finally:
        _backend.ERRSTATE.reset(token)
    _version.bump(t)
    return True


def _rebase(t, out):
    """Give ``t`` the history of ``out``, the result computed for it."""
    node = out._grad_fn
    if node is None:          # e.g. an integer result: nothing to record
        return
    old_fn, old_nr = t._grad_fn, t._output_nr
    t._grad_fn, t._output_nr, t._requires_grad = node, out._output_nr, True
    move_retains_grad(t, old_fn, old_nr, node, out._output_nr)


def _point_saved_result(node, t):
    """A node that saved its own result (exp_, sigmoid_) saved what is ``t`` from now on, so
    later in-place changes of t (or of its base and views) must be caught."""
    saved_out = getattr(node, "_saved_out", None)
    if saved_out is not None:
        saved_out.data = t._data
        saved_out.version_counter = _version.shared(t)
        saved_out.version = t._version_counter[0]


class Fill(Op):
    """``t.fill_(number)``: every element replaced, so no gradient flows to the old value."""
    node_name = "FillBackward2"

    @staticmethod
    def forward(ctx, a, value):
        out = a._xp().empty_like(a._data)
        out[...] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        # zeros_like(grad), as in PyTorch: 0 even for an inf or nan gradient (grad * 0 = nan)
        return _formula.zeros_like(grad), None


class FillTensor(Op):
    """``t.fill_(zero_dim_tensor)``: the gradient of the value is the sum of ``grad``."""
    node_name = "FillBackward3"

    @staticmethod
    def forward(ctx, a, value):
        if value._data.ndim != 0:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value._data.ndim} dimensions.")
        out = a._xp().empty_like(a._data)
        out[...] = value._data
        return out

    @staticmethod
    def backward(ctx, grad):
        return _formula.zeros_like(grad), grad.sum()


class Zero(Op):
    node_name = "ZeroBackward0"

    @staticmethod
    def forward(ctx, a):
        return a._xp().zeros_like(a._data)

    @staticmethod
    def backward(ctx, grad):
        return _formula.zeros_like(grad)         # (as Fill's)


class Copy(Op):
    """``t.copy_(src)``: ``src`` is broadcast to ``t``'s shape and cast to its dtype."""
    node_name = "CopyBackwards"
    torch_name = "torch::autograd::CopyBackwards"

    @staticmethod
    def forward(ctx, a, src):
        from .. import _backend
        if src._data.shape != a._data.shape:
            _check_broadcast_into(a._data.shape, src._data.shape)
        ctx.src_dtype = src._data.dtype
        data = _backend.to_device(src._data, a.device)
        return a._xp().broadcast_to(data, a._data.shape).astype(a._data.dtype)

    @staticmethod
    def backward(ctx, grad):
        g = grad if grad._data.dtype == ctx.src_dtype else grad._cast_np(ctx.src_dtype)
        return _formula.zeros_like(grad), g      # the old values: overwritten (as Fill's)


_UFUNCS = {}


def _masked_fill():
    from .clamp_where import masked_fill
    return masked_fill


def _ufunc_names():
    """``op -> ufunc name`` for :func:`_arithmetic_into` (built on first use: the arithmetic
    module is imported after this one)."""
    if not _UFUNCS:
        from . import arithmetic
        _UFUNCS.update({arithmetic.add: "add", arithmetic.sub: "subtract",
                        arithmetic.mul: "multiply", arithmetic.div: "true_divide"})
    return _UFUNCS


def _check_broadcast_into(dst, src):
    """``src`` must broadcast to exactly ``dst`` (PyTorch's two messages)."""
    from ._util import broadcast_shapes
    shape = broadcast_shapes(dst, src)
    if shape != tuple(dst):
        raise RuntimeError(f"output with shape {list(dst)} doesn't match the broadcast shape "
                           f"{list(shape)}")


def fill_(t, value):
    """``t.fill_(value)``: set every element to ``value`` (a number or a 0-dim tensor)."""
    if isinstance(value, Tensor):
        if value._data.ndim == 0 and not _records(t, (value,)):
            # (``t[i] = number`` in a loop lands here: no op needed)
            if t._base is not None and internal_overlap(t._data):
                raise RuntimeError(OVERLAP_MESSAGE)
            writable(t)[...] = value._data
            _version.bump(t)
            _after_write(t)
            t._notify("inplace")
            return t
        return _inplace(t, FillTensor.apply, (value,), {}, True)
    if not (_grad_mode.is_grad_enabled() and t._requires_grad):
        # the fast path: nothing to record, write straight into the memory
        writable(t)[...] = value
        _version.bump(t)
        _after_write(t)
        t._notify("inplace")
        return t
    return _inplace(t, Fill.apply, (value,), {}, False)


def zero_(t):
    """``t.zero_()``: set every element to zero (``ZeroBackward0`` when recorded)."""
    if not (_grad_mode.is_grad_enabled() and t._requires_grad):
        writable(t)[...] = 0
        _version.bump(t)
        _after_write(t)
        t._notify("inplace")
        return t
    return _inplace(t, Zero.apply, (), {}, False)


def copy_(t, src):
    """``t.copy_(src)``: copy values (broadcast, cast, moved between devices) into ``t``."""
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not "
                        f"{type(src).__name__}")
    if not _records(t, (src,)):
        if t._base is not None and internal_overlap(t._data):
            raise RuntimeError(OVERLAP_MESSAGE)
        check_partial_overlap(t, (src,))
        data = _backend.to_device(src._data, t.device)
        if data.shape != t._data.shape:
            _check_broadcast_into(t._data.shape, data.shape)
        writable(t)[...] = data
        _version.bump(t)
        _after_write(t)
        t._notify("inplace")
        return t
    return inplace(t, Copy.apply, src)
