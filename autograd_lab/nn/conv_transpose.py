"""``ConvTranspose1d`` and ``ConvTranspose2d``: learnable transposed convolutions (see
``functional.conv_transpose2d``), the upsampling layers of decoders and GAN generators."""
from . import functional as F
from .conv import _ConvNd


class _ConvTransposeNd(_ConvNd):
    """What the transposed convolutions share: their arguments (torch's order, which puts
    ``output_padding`` and ``groups`` before ``dilation``) and ``output_size`` in ``forward``.
    Subclasses set ``_n``, the number of spatial dims."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 output_padding=0, groups=1, bias=True, dilation=1, padding_mode="zeros",
                 device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for '
                             f'{self.__class__.__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         True, output_padding, groups, bias, padding_mode, device, dtype,
                         n=self._n)

    def _output_padding(self, input, output_size):
        """The output_padding that gives ``output_size`` (torch's rule and messages)."""
        if output_size is None:
            return self.output_padding
        n = len(self.kernel_size)
        non_spatial = 2 if input.dim() == n + 2 else 1
        output_size = list(output_size)
        if len(output_size) == non_spatial + n:
            output_size = output_size[non_spatial:]
        if len(output_size) != n:
            raise ValueError(f"ConvTranspose{n}D: for {input.dim()}D input, output_size must "
                             f"have {n} or {non_spatial + n} elements (got {len(output_size)})")
        min_sizes = [(input.size(d + non_spatial) - 1) * self.stride[d] - 2 * self.padding[d]
                     + self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(n)]
        max_sizes = [lo + s - 1 for lo, s in zip(min_sizes, self.stride)]
        for size, lo, hi in zip(output_size, min_sizes, max_sizes):
            if size < lo or size > hi:
                raise ValueError(f"requested an output size of {output_size}, but valid sizes "
                                 f"range from {min_sizes} to {max_sizes} (for an input of "
                                 f"{input.size()[2:]})")
        return [size - lo for size, lo in zip(output_size, min_sizes)]


class ConvTranspose1d(_ConvTransposeNd):
    """1-D transposed convolution over ``(N, C_in, L)`` inputs (see ``ConvTranspose2d``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.ConvTranspose1d(4, 2, 3, stride=2)(torch.ones(1, 4, 5)).shape
    torch.Size([1, 2, 11])
    """

    _n = 1

    def forward(self, input, output_size=None):
        output_padding = self._output_padding(input, output_size)
        return F.conv_transpose1d(input, self.weight, self.bias, self.stride, self.padding,
                                  output_padding, self.groups, self.dilation)


class ConvTranspose2d(_ConvTransposeNd):
    """2-D transposed convolution over ``(N, C_in, H, W)`` inputs.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride, padding, output_padding, dilation : int or (int, int)
        ``output_padding`` adds rows/columns on one side of the output, to pick among the
        input sizes a strided convolution maps to the same output size.
    groups : int, default 1
    bias : bool, default True

    Attributes
    ----------
    weight : Parameter, shape (in_channels, out_channels // groups, kh, kw)
        Initialised like PyTorch: ``kaiming_uniform_(a=sqrt(5))``, whose fan_in is computed
        from this shape, i.e. ``out_channels/groups * kh * kw``.
    bias : Parameter, shape (out_channels,)

    Examples
    --------
    >>> import autograd_lab as torch
    >>> up = torch.nn.ConvTranspose2d(8, 4, 2, stride=2)
    >>> up
    ConvTranspose2d(8, 4, kernel_size=(2, 2), stride=(2, 2))
    >>> up(torch.ones(1, 8, 5, 5)).shape
    torch.Size([1, 4, 10, 10])
    """

    _n = 2

    def forward(self, input, output_size=None):
        output_padding = self._output_padding(input, output_size)
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                  output_padding, self.groups, self.dilation)
