"""In-place ops: ``add_``, ``mul_``, ``zero_``, ``copy_``, ``t[i] = v``...

An in-place op computes its out-of-place result, then writes it into the tensor's own memory
and bumps the version counter that saved tensors check. When autograd must record it, the
tensor's history is rebased onto the new node, as in PyTorch.
"""
from .. import _dtype, _grad_mode
from ..autograd.function import Op
from .._tensor import Tensor


def check_inplace(t):
    if not _grad_mode._enabled:
        return
    if t._grad_fn is None and t._requires_grad:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                           "operation.")
    base = t._base
    if base is not None and base._grad_fn is None and base._requires_grad and \
            t._requires_grad:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")


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
    t._data[...] = arr
    t._version_counter[0] += 1


def inplace(t, op, *args, **kwargs):
    """Run ``op(t, *args)`` and store the result in ``t`` itself."""
    check_inplace(t)
    track = _grad_mode._enabled and (t._requires_grad or any(
        isinstance(a, Tensor) and a._requires_grad for a in args))
    if not track:
        with _grad_mode.no_grad():
            out = op(t, *args, **kwargs)
        _write(t, out._data)
        t._notify("inplace")
        return t
    if t._base is not None and t._base._requires_grad:
        raise NotImplementedError(
            "autograd_lab does not record in-place operations on a view of a tensor that "
            "requires grad; use an out-of-place operation instead (e.g. y = y * 2 rather than "
            "y[0].mul_(2)).")
    # the node may save the old value of t, which the write below would destroy: give it a copy
    old = Tensor._make(t._data.copy(), t._requires_grad, t._grad_fn, t._output_nr)
    old._acc_ref = t._acc_ref
    out = op(old, *args, **kwargs)
    _write(t, out._data)
    t._grad_fn, t._output_nr, t._requires_grad = out._grad_fn, 0, True
    t._notify("inplace")
    return t


class Fill(Op):
    node_name = "FillBackward0"

    @staticmethod
    def forward(ctx, a, value):
        out = a._xp().empty_like(a._data)
        out[...] = value._data if isinstance(value, Tensor) else value
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * 0, None


class Copy(Op):
    node_name = "CopyBackwards"

    @staticmethod
    def forward(ctx, a, src):
        from .. import _backend
        ctx.src_dtype = src._data.dtype
        data = _backend.to_device(src._data, a.device)
        return a._xp().broadcast_to(data, a._data.shape).astype(a._data.dtype)

    @staticmethod
    def backward(ctx, grad):
        g = grad if grad._data.dtype == ctx.src_dtype else grad._cast_np(ctx.src_dtype)
        return grad * 0, g


def fill_(t, value):
    if not _grad_mode._enabled or not t._requires_grad:
        check_inplace(t)
        t._data[...] = value._data if isinstance(value, Tensor) else value
        t._version_counter[0] += 1
        t._notify("inplace")
        return t
    return inplace(t, Fill.apply, value)


def zero_(t):
    return fill_(t, 0)


def copy_(t, src):
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not "
                        f"{type(src).__name__}")
    if not _grad_mode._enabled or not (t._requires_grad or src._requires_grad):
        check_inplace(t)
        from .. import _backend
        t._data[...] = _backend.to_device(src._data, t.device)
        t._version_counter[0] += 1
        t._notify("inplace")
        return t
    return inplace(t, Copy.apply, src)
