"""``autograd_lab.nn``: layers, containers, losses and ``Module``, as in ``torch.nn``."""
from . import functional, init
from .activation import GELU, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Tanh
from .container import ModuleDict, ModuleList, ParameterList, Sequential
from .flatten import Flatten, Unflatten
from .linear import Identity, Linear
from .module import Module
from .parameter import Buffer, Parameter
