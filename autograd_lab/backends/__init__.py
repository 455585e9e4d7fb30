"""``autograd_lab.backends``: the switches tutorials set before training, as
``torch.backends``.

autograd_lab computes with NumPy (or CuPy on a GPU) and uses neither cuDNN nor MPS: the
switches keep the values learners set and read back, and change nothing in the arithmetic;
the ``is_available()`` questions answer as torch does on a machine without those libraries.

Examples
--------
>>> import autograd_lab as torch
>>> torch.backends.cudnn.benchmark = True
>>> torch.backends.mps.is_available()
False
"""
from . import cuda, cudnn, mps

__all__ = ["cuda", "cudnn", "mps"]
