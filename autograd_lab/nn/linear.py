"""``Linear`` (``y = x W^T + b``), ``Identity`` and ``Bilinear``-free basics."""
import math

from .. import _creation
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


class Identity(Module):
    """Returns its input unchanged (a placeholder, e.g. to remove a layer)."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """``y = x @ weight.T + bias``.

    Parameters
    ----------
    in_features, out_features : int
    bias : bool, default True
    device, dtype : optional

    Attributes
    ----------
    weight : Parameter, shape (out_features, in_features)
        Initialised from U(-1/sqrt(in_features), 1/sqrt(in_features)), as in PyTorch
        (``kaiming_uniform_`` with ``a=sqrt(5)``).
    bias : Parameter, shape (out_features,)
        Initialised from the same distribution.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> layer = torch.nn.Linear(1000, 100)
    >>> layer
    Linear(in_features=1000, out_features=100, bias=True)
    >>> layer(torch.ones(16, 1000)).shape
    torch.Size([16, 100])
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(_creation.empty((out_features, in_features), device=device,
                                                dtype=dtype))
        if bias:
            self.bias = Parameter(_creation.empty(out_features, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        # same calls, same order as torch: the weight's draws come first, then the bias's
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")
