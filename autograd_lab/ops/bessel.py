"""The modified Bessel function ``i0`` (``torch.i0``, ``Tensor.i0``) and, for its gradient,
``i1``: i0' = i1, and i1' = i0 - i1 / x (0.5 at x = 0), so ``create_graph`` climbs from
``I0Backward0`` to ``SpecialI1Backward0`` as in PyTorch. Values from ``scipy.special``
(``cupyx.scipy.special`` on the GPU)."""
import numpy as np

from .. import _backend
from .clamp_where import where
from .trig_hyperbolic import FloatUnary


class I0(FloatUnary):
    node_name = "I0Backward0"
    fn = staticmethod(lambda xp, x: _backend.special_module(x).i0(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return grad * I1.apply(a)


class I1(FloatUnary):
    node_name = "SpecialI1Backward0"
    save_result = True
    fn = staticmethod(lambda xp, x: _backend.special_module(x).i1(x))

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        # PyTorch's i1_backward: i0(x) - i1(x) / x, with x = 0 (where that is 0/0) given its
        # limit 0.5; the tiny x are swapped for eps first so no nan leaks into the gradient
        eps = float(np.finfo(a._data.dtype).eps)
        not_tiny = a.abs() > eps
        safe = where(not_tiny, a, eps)
        gradx = safe.i0() - ctx.saved_result * safe.reciprocal()
        return grad * where(not_tiny, gradx, 0.5)


def i0(input):
    """The zeroth-order modified Bessel function of the first kind, element-wise.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.i0(torch.tensor([0., 1.]))
    tensor([1.0000, 1.2661])
    """
    return I0.apply(input)
