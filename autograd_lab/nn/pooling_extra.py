"""More pooling layers: ``MaxPool1d``, ``AvgPool1d``, ``AdaptiveAvgPool1d``,
``AdaptiveMaxPool1d``, ``AdaptiveMaxPool2d`` (thin wrappers of the functions in
``functional.pooling_1d`` and ``functional.adaptive_max_pool``)."""
from . import functional as F
from .pooling import _AdaptiveAvgPoolNd, _AdaptiveMaxPoolNd, _AvgPoolNd, _MaxPoolNd


def _single(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,)


class MaxPool1d(_MaxPoolNd):
    """Max over ``kernel_size`` windows of ``(N, C, L)`` inputs (stride defaults to the
    kernel size).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.MaxPool1d(3)
    MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)
    """

    def forward(self, input):
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class AvgPool1d(_AvgPoolNd):
    """Mean over ``kernel_size`` windows of ``(N, C, L)`` inputs.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.AvgPool1d(3, stride=2)
    AvgPool1d(kernel_size=(3,), stride=(2,), padding=(0,))
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True):
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """Average-pool the last dim to ``output_size`` values, whatever its length.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.AdaptiveAvgPool1d(4)
    AdaptiveAvgPool1d(output_size=4)
    """

    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """Max-pool the last dim to ``output_size`` values, whatever its length."""

    def forward(self, input):
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """Max-pool ``(N, C, H, W)`` inputs to ``output_size`` (``None`` keeps that input size);
    ``return_indices=True`` also returns each maximum's flat index into ``H*W``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> pool = torch.nn.AdaptiveMaxPool2d((2, None))
    >>> pool
    AdaptiveMaxPool2d(output_size=(2, None))
    >>> pool(torch.ones(1, 3, 5, 7)).shape
    torch.Size([1, 3, 2, 7])
    """

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)
