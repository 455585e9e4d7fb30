"""``out=``: write an op's result into a tensor the caller gives, as torch does.

``torch.mul(a, b, out=c)`` computes ``a * b`` and writes it into ``c`` (resized when its shape
differs: silently if it was empty, with torch's deprecation warning otherwise), bumps ``c``'s
version and returns ``c`` itself. Nothing of it is differentiable: with grad mode on and an
input that requires grad, torch refuses, and so does :func:`write_out`.

Examples
--------
>>> import autograd_lab as torch
>>> c = torch.empty(0)
>>> torch.mul(torch.tensor([1.0, 2.0]), 3, out=c) is c, c
(True, tensor([3., 6.]))
"""
import warnings

from .. import _dtype, _grad_mode, _version
from .._tensor import Tensor

_RESIZE_WARNING = (
    "An output with one or more elements was resized since it had shape {old}, which does not "
    "match the required output shape {new}. This behavior is deprecated, and in a future "
    "PyTorch release outputs will not be resized unless they have zero elements. You can "
    "explicitly reuse an out tensor t by resizing it, inplace, to zero elements with "
    "t.resize_(0). (Triggered internally at "
    "/__w/pytorch/pytorch/aten/src/ATen/native/Resize.cpp:30.)")


def check_no_grad(name, inputs):
    """torch's refusal: out= is not differentiable."""
    if _grad_mode.is_grad_enabled() and any(isinstance(t, Tensor) and t._requires_grad
                                   for t in inputs):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")


def _castable(src, dst):
    """torch's canCast: no float into an integer, nothing but bool into bool."""
    if src.kind == "f" and dst.kind in "biu":
        return False
    return not (dst.kind == "b" and src.kind != "b")


def write_out(name, result, out, exact_dtype=False):
    """Write ``result`` (a tensor computed without ``out``) into ``out`` and return ``out``.

    ``exact_dtype``: ops such as ``matmul`` want ``out`` of the result's very dtype; the
    element-wise ones accept any dtype the result can be cast to.
    """
    src, dst = result._data.dtype, out._data.dtype
    if exact_dtype and src != dst:
        raise RuntimeError(f"Expected out tensor to have dtype {_dtype.cpp_name(src)}, but got "
                           f"{_dtype.cpp_name(dst)} instead")
    if not _castable(src, dst):
        raise RuntimeError(f"result type {_dtype.type_name(src)} can't be cast to the desired "
                           f"output type {_dtype.type_name(dst)}")
    shape = result._data.shape
    if out._data.shape != shape:
        if out._data.size:
            warnings.warn(_RESIZE_WARNING.format(old=list(out._data.shape), new=list(shape)),
                          UserWarning, stacklevel=3)
        out._data = result._data.astype(dst, copy=True)
    else:
        out._data[...] = result._data
    _version.bump(out)
    return out
