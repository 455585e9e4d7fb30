"""Parts of a number and their repair: frac (the fractional part), signbit, sgn, and
nan_to_num (nan and infinities replaced by finite values).

frac passes its gradient on unchanged (x - trunc(x), and trunc's derivative is 0); sgn is
piecewise constant (gradient 0, like sign); signbit gives bools, outside the graph;
nan_to_num passes the gradient only where x was finite (PyTorch's ``grad * isfinite(x)``).
"""
from .. import _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from .unary_math import Sign, _xp


class Frac(Op):
    node_name = "FracBackward0"
    array_backward = True

    @staticmethod
    def forward(ctx, a):
        x = a._data
        if x.dtype.kind != "f":
            raise NotImplementedError(f'"frac_cpu" not implemented for '
                                      f"'{_dtype.type_name(a.dtype)}'")
        return x - _xp(a).trunc(x)          # takes x's sign: frac(-1.5) = -0.5

    @staticmethod
    def backward(ctx, grad):
        return grad


class Sgn(Sign):
    """``sgn``, PyTorch's sign for complex numbers as well; on real tensors it is ``sign``,
    with a node of its own name (which keeps the input and result, as PyTorch's does, for
    the complex formula)."""
    node_name = "SgnBackward0"
    saved_names = ("self",)
    save_result = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return Sign.forward(ctx, a)


class NanToNum(Op):
    node_name = "NanToNumBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, a, nan, posinf, neginf):
        ctx.save_for_backward(a)
        x = a._data
        if x.dtype.kind != "f":
            return x.copy()                 # integers and bools have no nan or inf
        # the defaults of posinf / neginf: the dtype's largest and smallest finite values
        return _xp(a).nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # a product with the mask, as PyTorch writes it: an inf gradient at a nan or inf
        # input gives nan (inf * 0), as it does there
        return grad * a.isfinite(), None, None, None


# ---------------------------------------------------------------------------- functions
def frac(input):
    """The fractional part, x - trunc(x), with x's sign.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.frac(torch.tensor([1.5, -1.25]))
    tensor([ 0.5000, -0.2500])
    """
    return Frac.apply(input)


def signbit(input):
    """True where the sign bit is set: negative numbers, -0.0 and a negative nan.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.signbit(torch.tensor([-1., -0., 0., 2.]))
    tensor([ True,  True, False, False])
    """
    x = input._data
    if x.dtype.kind == "f":
        return Tensor._make(_xp(input).signbit(x))
    return Tensor._make(x < 0)              # (bools: never)


def sgn(input):
    """sign(x) for real tensors (-1, 0 or 1); its gradient is 0.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.sgn(torch.tensor([-2., 0., 3.]))
    tensor([-1.,  0.,  1.])
    """
    return Sgn.apply(input)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """nan replaced by ``nan``, +-inf by ``posinf`` / ``neginf`` (by default the largest and
    smallest finite values of the dtype).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nan_to_num(torch.tensor([float("nan"), 1., float("-inf")]), neginf=-9.)
    tensor([ 0.,  1., -9.])
    """
    return NanToNum.apply(input, nan, posinf, neginf)
