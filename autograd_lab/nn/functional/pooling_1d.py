"""1-D pooling: ``max_pool1d``, ``avg_pool1d``, ``adaptive_avg_pool1d``,
``adaptive_max_pool1d``.

Exactly as torch computes them: the ``(N, C, L)`` input gets a height-1 axis
(``unsqueeze(-2)``), the 2-D pool runs with a ``(1, k)`` kernel, and the axis is squeezed
away again. So the graph reads ``SqueezeBackward1(MaxPool2DWithIndicesBackward0(
UnsqueezeBackward0(...)))``, the same nodes as torch's.
"""
from ._kernels import require_dtype
from .adaptive_max_pool import adaptive_max_pool2d
from .pooling import _no_stride, _out_size, adaptive_avg_pool2d, avg_pool2d, max_pool2d


def _single(v, name, what):
    """``3`` or ``(3,)`` -> 3; anything longer is torch's error."""
    if isinstance(v, (tuple, list)):
        if len(v) != 1:
            raise RuntimeError(f"{name}() {what} must be an int, list of ints or tuple of ints "
                               f"of size 1 but got size {len(v)}")
        return int(v[0])
    return int(v)


def _check_dims(input, name):
    if input.dim() not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.dim()}-dimensional "
                           f"tensor for argument #1 'self' (while checking arguments for {name})")


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Max over windows of ``kernel_size`` along the last dim of ``(N, C, L)`` or ``(C, L)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([[[1., 3., 2., 5., 4., 0.]]])
    >>> torch.nn.functional.max_pool1d(x, 2)
    tensor([[[3., 5., 4.]]])
    """
    if input.dim() not in (2, 3):
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 "
                           f"dim batch size for input, but got:{list(input.shape)}")
    k = _single(kernel_size, "max_pool1d", "kernel_size")
    s = k if _no_stride(stride) else _single(stride, "max_pool1d", "stride")
    p = _single(padding, "max_pool1d", "padding")
    d = _single(dilation, "max_pool1d", "dilation")
    if k <= 0:
        raise RuntimeError(f"max_pool1d() kernel_size must be greater than zero, but got {k}")
    if s <= 0:
        raise RuntimeError(f"max_pool1d() stride must be greater than zero, but got {s}")
    if p < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p}")
    if p > k // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but "
                           f"got padding={p} and kernel_size={k}")
    if d <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {d}")
    out = _out_size(input.shape[-1], k, s, p, d, ceil_mode)
    if out <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {out}")
    require_dtype(input, "max_pool1d_impl")
    res, idx = max_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, p), (1, d), ceil_mode, True)
    res = res.squeeze(-2)
    return (res, idx.squeeze(-2)) if return_indices else res


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """Mean over windows of ``kernel_size`` along the last dim of ``(N, C, L)`` or ``(C, L)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.avg_pool1d(torch.tensor([[[1., 3., 2., 6.]]]), 2)
    tensor([[[2., 4.]]])
    """
    _check_dims(input, "avg_pool1d")
    k = _single(kernel_size, "avg_pool1d", "kernel_size")
    s = k if _no_stride(stride) else _single(stride, "avg_pool1d", "stride")
    p = _single(padding, "avg_pool1d", "padding")
    return avg_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, p), ceil_mode,
                      count_include_pad).squeeze(-2)


def _output_size_1d(output_size, name):
    if isinstance(output_size, (tuple, list)):
        if len(output_size) != 1:
            raise RuntimeError(f"{name}() argument 'output_size' should contain one int (got "
                               f"{len(output_size)})")
        return int(output_size[0])
    return int(output_size)


def adaptive_avg_pool1d(input, output_size):
    """Average-pool the last dim to ``output_size`` values, whatever its length.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.adaptive_avg_pool1d(torch.tensor([[[1., 2., 3., 4.]]]), 2)
    tensor([[[1.5000, 3.5000]]])
    """
    _check_dims(input, "adaptive_avg_pool1d")
    size = _output_size_1d(output_size, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Max-pool the last dim to ``output_size`` values, whatever its length."""
    _check_dims(input, "adaptive_max_pool1d")
    size = _output_size_1d(output_size, "adaptive_max_pool1d")
    out, idx = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), True)
    out = out.squeeze(-2)
    return (out, idx.squeeze(-2)) if return_indices else out
