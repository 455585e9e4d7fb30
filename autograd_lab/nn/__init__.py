"""``autograd_lab.nn``: layers, containers, losses and ``Module``, as in ``torch.nn``."""
from . import functional, init, utils
from .activation import GELU, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Tanh
from .activation_extra import (CELU, ELU, GLU, SELU, Hardshrink, Hardsigmoid, Hardswish,
                               Hardtanh, LogSigmoid, Mish, PReLU, ReLU6, Softmax2d, Softmin,
                               Softplus, Softshrink, Softsign, Tanhshrink, Threshold)
from .container import ModuleDict, ModuleList, ParameterList, Sequential
from .conv import Conv2d
from .distance import CosineSimilarity, PairwiseDistance
from .dropout import Dropout, Dropout2d
from .embedding import Embedding
from .flatten import Flatten, Unflatten
from .linear import Identity, Linear
from .loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss)
from .loss_extra import (CosineEmbeddingLoss, GaussianNLLLoss, HingeEmbeddingLoss, HuberLoss,
                         KLDivLoss, MarginRankingLoss, MultiLabelMarginLoss,
                         MultiLabelSoftMarginLoss, MultiMarginLoss, PoissonNLLLoss, SmoothL1Loss,
                         SoftMarginLoss, TripletMarginLoss, TripletMarginWithDistanceLoss)
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from .parameter import Buffer, Parameter
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d

__all__ = ['AdaptiveAvgPool2d', 'AvgPool2d', 'BCELoss', 'BCEWithLogitsLoss', 'BatchNorm1d',
           'CELU', 'ELU', 'GLU', 'SELU', 'Hardshrink', 'Softshrink', 'Softmax2d',
           'Hardsigmoid', 'Hardswish', 'Hardtanh',
           'LogSigmoid', 'Mish', 'PReLU', 'ReLU6', 'Softmin', 'Softplus', 'Softsign',
           'Tanhshrink', 'Threshold', 'CosineSimilarity', 'PairwiseDistance',
           'CosineEmbeddingLoss', 'GaussianNLLLoss', 'HingeEmbeddingLoss', 'HuberLoss',
           'KLDivLoss', 'MarginRankingLoss', 'MultiLabelSoftMarginLoss',
           'PoissonNLLLoss', 'SmoothL1Loss', 'SoftMarginLoss', 'TripletMarginLoss',
           'MultiLabelMarginLoss', 'MultiMarginLoss', 'TripletMarginWithDistanceLoss',
           'BatchNorm2d', 'Buffer', 'Conv2d', 'CrossEntropyLoss', 'Dropout', 'Dropout2d',
           'Embedding', 'Flatten', 'GELU', 'Identity', 'L1Loss', 'LayerNorm', 'LeakyReLU',
           'Linear', 'LogSoftmax', 'MSELoss', 'MaxPool2d', 'Module', 'ModuleDict', 'ModuleList',
           'NLLLoss', 'Parameter', 'ParameterList', 'ReLU', 'Sequential', 'SiLU', 'Sigmoid',
           'Softmax', 'Tanh', 'Unflatten', 'functional', 'init',
           'utils']
