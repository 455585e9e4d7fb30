"""``autograd_lab.nn.functional``: the stateless functions behind the layers.

One file per topic; each fused op is an ``Op`` subclass with its forward and backward side by
side. Import as ``import autograd_lab.nn.functional as F``.
"""
from .activation import (gelu, leaky_relu, log_softmax, relu, relu_, sigmoid, silu, softmax,
                         tanh)
from .linear import linear
