"""The methods of :class:`autograd_lab.Tensor`, one module per family of ops.

``Tensor`` (``_tensor.py``) holds the data, the autograd state, printing, conversions and
operators; these mixins add the methods that call into :mod:`autograd_lab.ops`. The ops import
``Tensor``, so they cannot be imported here when ``Tensor`` is defined: ``_tensor.py`` hands
them over with :func:`bind_ops` once they have loaded.
"""
from . import inplace, linalg, pointwise, reductions, shape
from .inplace import InplaceMethods
from .linalg import LinalgMethods
from .pointwise import PointwiseMethods
from .reductions import ReductionMethods
from .shape import ShapeMethods

__all__ = ["InplaceMethods", "LinalgMethods", "PointwiseMethods", "ReductionMethods",
           "ShapeMethods", "bind_ops"]


def bind_ops(ops):
    """Give each family the ops package its methods call."""
    for family in (inplace, linalg, pointwise, reductions, shape):
        family._ops = ops
