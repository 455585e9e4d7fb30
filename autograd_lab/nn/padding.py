"""Padding layers: ``ZeroPad1d/2d``, ``ConstantPad1d/2d``, ``ReflectionPad1d/2d``,
``ReplicationPad1d/2d``, ``CircularPad1d/2d`` (thin wrappers of ``functional.pad``).

``padding`` is an int (the same on every side) or a tuple ``(left, right[, top, bottom])``.
"""
from . import functional as F
from .module import Module


def _ntuple(x, n):
    if isinstance(x, (tuple, list)):
        return tuple(x)
    return (x,) * n


class _ConstantPadNd(Module):
    def __init__(self, value):
        super().__init__()
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dim with ``value``."""

    def __init__(self, padding, value):
        super().__init__(value)
        self.padding = _ntuple(padding, 2)


class ConstantPad2d(_ConstantPadNd):
    """Pad the last two dims with ``value``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.ConstantPad2d((1, 0, 0, 1), 9.)(torch.ones(1, 1, 1))
    tensor([[[9., 1.],
             [9., 9.]]])
    """

    def __init__(self, padding, value):
        super().__init__(value)
        self.padding = _ntuple(padding, 4)


class ZeroPad1d(ConstantPad1d):
    """Pad the last dim with zeros."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    """Pad the last two dims with zeros.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.ZeroPad2d(1)
    ZeroPad2d((1, 1, 1, 1))
    """

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class _PadNd(Module):
    """Reflection, replication and circular padding: ``_mode`` (F.pad's) over the last
    ``_sides // 2`` dims, ``_sides`` numbers in ``padding``."""

    _mode = None
    _sides = None

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, self._sides)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    """Pad the last dim with its mirror image (the edge itself not repeated)."""

    _mode, _sides = "reflect", 2


class ReflectionPad2d(_PadNd):
    """Pad the last two dims with their mirror image (the edge itself not repeated).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.ReflectionPad2d((2, 0, 0, 0))(torch.tensor([[[1., 2., 3.]]]))
    tensor([[[3., 2., 1., 2., 3.]]])
    """

    _mode, _sides = "reflect", 4


class ReplicationPad1d(_PadNd):
    """Pad the last dim by repeating its edge values."""

    _mode, _sides = "replicate", 2


class ReplicationPad2d(_PadNd):
    """Pad the last two dims by repeating their edge values."""

    _mode, _sides = "replicate", 4


class _CircularPadNd(_PadNd):
    _mode = "circular"

    def forward(self, input):
        self._check_input_dim(input)
        return super().forward(input)


class CircularPad1d(_CircularPadNd):
    """Pad the last dim with its other end (as if the signal were periodic)."""

    _sides = 2

    def _check_input_dim(self, input):
        if input.dim() != 2 and input.dim() != 3:
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")


class CircularPad2d(_CircularPadNd):
    """Pad the last two dims with their other ends (a torus).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.CircularPad2d((1, 0, 0, 0))(torch.tensor([[[1., 2., 3.]]]))
    tensor([[[3., 1., 2., 3.]]])
    """

    _sides = 4

    def _check_input_dim(self, input):
        if input.dim() != 3 and input.dim() != 4:
            raise ValueError(f"expected 3D or 4D input (got {input.dim()}D input)")
