"""``autograd_lab.nn``: layers, containers, losses and ``Module``, as in ``torch.nn``."""
from . import functional, init, utils
from .activation import GELU, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Tanh
from .container import ModuleDict, ModuleList, ParameterList, Sequential
from .conv import Conv1d, Conv2d
from .conv_transpose import ConvTranspose1d, ConvTranspose2d
from .dropout import Dropout, Dropout1d, Dropout2d
from .embedding import Embedding
from .flatten import Flatten, Unflatten
from .fold import Fold, PixelShuffle, PixelUnshuffle, Unfold
from .linear import Identity, Linear
from .loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss)
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from .normalization_extra import GroupNorm, InstanceNorm1d, InstanceNorm2d
from .padding import (CircularPad1d, CircularPad2d, ConstantPad1d, ConstantPad2d,
                      ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d,
                      ZeroPad1d, ZeroPad2d)
from .parameter import Buffer, Parameter
from .parameter_dict import ParameterDict
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from .pooling_extra import (AdaptiveAvgPool1d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, AvgPool1d,
                            MaxPool1d)
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from .upsampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d

__all__ = ['AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d',
           'AvgPool1d', 'AvgPool2d', 'BCELoss', 'BCEWithLogitsLoss', 'BatchNorm1d', 'BatchNorm2d',
           'Buffer', 'CircularPad1d', 'CircularPad2d', 'ConstantPad1d', 'ConstantPad2d', 'Conv1d',
           'Conv2d', 'ConvTranspose1d', 'ConvTranspose2d', 'CrossEntropyLoss', 'Dropout',
           'Dropout1d', 'Dropout2d', 'Embedding', 'Flatten', 'Fold', 'GELU', 'GRU', 'GRUCell',
           'GroupNorm', 'Identity', 'InstanceNorm1d', 'InstanceNorm2d', 'L1Loss', 'LayerNorm',
           'LeakyReLU', 'Linear', 'LogSoftmax', 'MSELoss', 'MaxPool1d', 'MaxPool2d', 'Module',
           'ModuleDict', 'ModuleList', 'NLLLoss', 'Parameter', 'ParameterDict', 'ParameterList',
           'PixelShuffle', 'PixelUnshuffle', 'RNN', 'RNNCell', 'ReLU', 'ReflectionPad1d',
           'ReflectionPad2d', 'ReplicationPad1d', 'ReplicationPad2d', 'Sequential', 'SiLU',
           'Sigmoid', 'Softmax', 'Tanh', 'Unflatten', 'Unfold', 'Upsample', 'UpsamplingBilinear2d',
           'UpsamplingNearest2d', 'ZeroPad1d', 'ZeroPad2d', 'functional', 'init', 'utils']
