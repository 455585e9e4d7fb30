"""``Dropout``: random zeroing while training, the identity in eval mode."""
from . import functional as F
from .module import Module


class _DropoutNd(Module):
    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Zero each element with probability ``p`` during training, scaling the survivors by
    1/(1-p) so the expected value is unchanged; ``model.eval()`` turns it off.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> drop = torch.nn.Dropout(0.5).eval()
    >>> drop(torch.ones(3))
    tensor([1., 1., 1.])
    """

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)


class Dropout1d(_DropoutNd):
    """Zero whole channels of an (N, C, L) input during training.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.Dropout1d(0.2)
    Dropout1d(p=0.2, inplace=False)
    """

    def forward(self, input):
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """Zero whole channels of an (N, C, H, W) input during training."""

    def forward(self, input):
        return F.dropout2d(input, self.p, self.training, self.inplace)
