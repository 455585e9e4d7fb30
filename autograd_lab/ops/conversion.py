"""``Tensor.to``: dtype and device changes (``ToCopyBackward0``)."""
from .. import _backend, _dtype
from ..autograd.function import Op
from .._tensor import Tensor


class ToCopy(Op):
    node_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, a, dtype, device, copy):
        ctx.src_dtype = a._data.dtype
        ctx.src_device = a.device
        x = a._data
        if device is not None and device != a.device:
            x = _backend.to_device(x, device)
        if dtype is not None and x.dtype != dtype.np:
            x = x.astype(dtype.np)
        elif copy or x is a._data:
            x = x.copy()
        return x

    @staticmethod
    def backward(ctx, grad):
        g = grad
        if grad.device != ctx.src_device:
            g = g.to(ctx.src_device)
        if g._data.dtype != ctx.src_dtype:
            g = g.to(_dtype.from_numpy_dtype(ctx.src_dtype))
        return g, None, None, None


def _parse_to_args(args, kwargs):
    dtype = kwargs.pop("dtype", None)
    device = kwargs.pop("device", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    for a in args:
        if isinstance(a, _dtype.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype, device = a.dtype, a.device
        elif isinstance(a, (str, _backend.device, int)):
            device = a
        elif isinstance(a, bool):
            pass
    if device is not None:
        device = _backend.as_device(device)
        if device.type == "cuda":
            _backend.cupy_module()
    return dtype, device, copy


def to(t, *args, **kwargs):
    dtype, device, copy = _parse_to_args(args, dict(kwargs))
    same_dtype = dtype is None or t._data.dtype == dtype.np
    same_device = device is None or device.type == t.device.type and (
        device.index is None or device == t.device)
    if same_dtype and same_device and not copy:
        return t
    if dtype is not None and not dtype.is_floating_point and t._requires_grad:
        # integer results cannot require grad; torch just returns a tensor outside the graph
        out = ToCopy.apply(t.detach(), dtype, device, copy)
        return out
    return ToCopy.apply(t, dtype, device if not same_device else None, copy)


_TYPE_NAMES = {"torch.FloatTensor": _dtype.float32, "torch.DoubleTensor": _dtype.float64,
               "torch.HalfTensor": _dtype.float16, "torch.LongTensor": _dtype.int64,
               "torch.IntTensor": _dtype.int32, "torch.ShortTensor": _dtype.int16,
               "torch.CharTensor": _dtype.int8, "torch.ByteTensor": _dtype.uint8,
               "torch.BoolTensor": _dtype.bool_}


def type_(t, dtype=None):
    if dtype is None:
        prefix = "torch.cuda." if t.device.type == "cuda" else "torch."
        return f"{prefix}{_dtype.type_name(t.dtype)}Tensor"
    if isinstance(dtype, str):
        dtype = _TYPE_NAMES[dtype]
    return to(t, dtype)
