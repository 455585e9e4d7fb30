"""``Conv1d`` and ``Conv2d``: learnable convolution layers (see ``functional.conv2d`` for the
math). ``_ConvNd`` holds what they share with ``ConvTranspose2d``: arguments, the
initialisation and the repr."""
import math

from .. import _creation
from . import functional as F
from . import init
from .functional.conv import _pair
from .module import Module
from .parameter import Parameter


class _ConvNd(Module):
    """What every convolution layer shares (torch's ``_ConvNd``)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation,
                 transposed, output_padding, groups, bias, padding_mode, device=None,
                 dtype=None, n=2):
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        valid_padding_strings = {"same", "valid"}
        if isinstance(padding, str):
            if padding not in valid_padding_strings:
                raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                                 f"{valid_padding_strings}")
            if padding == "same" and any(s != 1 for s in _pair(stride, n=n)):
                raise ValueError("padding='same' is not supported for strided convolutions")
        valid_padding_modes = {"zeros", "reflect", "replicate", "circular"}
        if padding_mode not in valid_padding_modes:
            raise ValueError(f"padding_mode must be one of {valid_padding_modes}, but got "
                             f"padding_mode='{padding_mode}'")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _pair(kernel_size, n=n)
        self.stride = _pair(stride, n=n)
        self.padding = padding if isinstance(padding, str) else _pair(padding, n=n)
        self.dilation = _pair(dilation, n=n)
        self.transposed = transposed
        self.output_padding = _pair(output_padding, n=n)
        self.groups = groups
        self.padding_mode = padding_mode
        # for the non-zero padding modes: F.pad's amounts, last dim first, (left, right) each
        if isinstance(self.padding, str):
            self._reversed_padding_repeated_twice = [0, 0] * n
            if padding == "same":
                for d, k, i in zip(self.dilation, self.kernel_size, range(n - 1, -1, -1)):
                    total = d * (k - 1)
                    self._reversed_padding_repeated_twice[2 * i] = total // 2
                    self._reversed_padding_repeated_twice[2 * i + 1] = total - total // 2
        else:
            self._reversed_padding_repeated_twice = [p for p in reversed(self.padding)
                                                     for _ in range(2)]
        # a transposed convolution's weight is (in, out/groups, ...): conv2d's, transposed
        shape = (in_channels, out_channels // groups) if transposed else \
            (out_channels, in_channels // groups)
        self.weight = Parameter(_creation.empty(shape + self.kernel_size, device=device,
                                                dtype=dtype))
        if bias:
            self.bias = Parameter(_creation.empty(out_channels, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        if self.padding != (0,) * len(self.padding):
            s += ", padding={padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)


class Conv1d(_ConvNd):
    """1-D convolution over ``(N, C_in, L)`` inputs (sequences, audio).

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int,)
    stride, dilation : int or (int,), default 1
    padding : int, (int,), 'valid' or 'same', default 0
    groups : int, default 1
    bias : bool, default True

    Attributes
    ----------
    weight : Parameter, shape (out_channels, in_channels // groups, k)
        Initialised like PyTorch: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
        fan_in = in_channels/groups * k (``kaiming_uniform_(a=sqrt(5))``).
    bias : Parameter, shape (out_channels,)

    Examples
    --------
    >>> import autograd_lab as torch
    >>> conv = torch.nn.Conv1d(4, 8, 3, padding=1)
    >>> conv
    Conv1d(4, 8, kernel_size=(3,), stride=(1,), padding=(1,))
    >>> conv(torch.ones(2, 4, 10)).shape
    torch.Size([2, 8, 10])
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 dilation=1, groups=1, bias=True, padding_mode="zeros", device=None,
                 dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         False, 0, groups, bias, padding_mode, device, dtype, n=1)

    def forward(self, input):
        if self.padding_mode != "zeros":
            return F.conv1d(F.pad(input, self._reversed_padding_repeated_twice,
                                  mode=self.padding_mode), self.weight, self.bias, self.stride,
                            (0,), self.dilation, self.groups)
        return F.conv1d(input, self.weight, self.bias, self.stride, self.padding,
                        self.dilation, self.groups)


class Conv2d(_ConvNd):
    """2-D convolution over ``(N, C_in, H, W)`` inputs.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride, dilation : int or (int, int), default 1
    padding : int, (int, int), 'valid' or 'same', default 0
    groups : int, default 1
    bias : bool, default True
    padding_mode : 'zeros', 'reflect', 'replicate' or 'circular', default 'zeros'

    Attributes
    ----------
    weight : Parameter, shape (out_channels, in_channels // groups, kh, kw)
        Initialised like PyTorch: ``kaiming_uniform_(a=sqrt(5))``, i.e.
        U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = in_channels/groups * kh * kw.
    bias : Parameter, shape (out_channels,)

    Examples
    --------
    >>> import autograd_lab as torch
    >>> conv = torch.nn.Conv2d(3, 8, 3, padding=1)
    >>> conv
    Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    >>> conv(torch.ones(2, 3, 16, 16)).shape
    torch.Size([2, 8, 16, 16])
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 dilation=1, groups=1, bias=True, padding_mode="zeros", device=None,
                 dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         False, 0, groups, bias, padding_mode, device, dtype, n=2)

    def forward(self, input):
        if self.padding_mode != "zeros":
            # the borders come from F.pad ('reflect', 'replicate', 'circular'), then no padding
            return F.conv2d(F.pad(input, self._reversed_padding_repeated_twice,
                                  mode=self.padding_mode), self.weight, self.bias, self.stride,
                            (0, 0), self.dilation, self.groups)
        return F.conv2d(input, self.weight, self.bias, self.stride, self.padding,
                        self.dilation, self.groups)
