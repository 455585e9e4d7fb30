"""``autograd_lab.nn.functional``: the stateless functions behind the layers.

One file per topic; each fused op is an ``Op`` subclass with its forward and backward side by
side. Import as ``import autograd_lab.nn.functional as F``.
"""
from .activation import (gelu, leaky_relu, log_softmax, relu, relu_, sigmoid, silu, softmax,
                         tanh)
from .adaptive_max_pool import adaptive_max_pool2d
from .conv import conv1d, conv2d
from .conv_transpose import conv_transpose1d, conv_transpose2d
from .dropout import dropout, dropout1d, dropout2d
from .fold import fold, unfold
from .group_norm import group_norm, instance_norm
from .linear import linear
from .loss import (binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy,
                   l1_loss, mse_loss, nll_loss)
from .normalization import batch_norm, layer_norm
from .padding import pad
from .pixel_shuffle import pixel_shuffle, pixel_unshuffle
from .pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from .pooling_1d import adaptive_avg_pool1d, adaptive_max_pool1d, avg_pool1d, max_pool1d
from .resample import interpolate
from .sparse import embedding, one_hot

__all__ = ['adaptive_avg_pool1d', 'adaptive_avg_pool2d', 'adaptive_max_pool1d',
           'adaptive_max_pool2d', 'avg_pool1d', 'avg_pool2d', 'batch_norm', 'binary_cross_entropy',
           'binary_cross_entropy_with_logits', 'conv1d', 'conv2d', 'conv_transpose1d',
           'conv_transpose2d', 'cross_entropy', 'dropout', 'dropout1d', 'dropout2d', 'embedding',
           'fold', 'gelu', 'group_norm', 'instance_norm', 'interpolate', 'l1_loss', 'layer_norm',
           'leaky_relu', 'linear', 'log_softmax', 'max_pool1d', 'max_pool2d', 'mse_loss',
           'nll_loss', 'one_hot', 'pad', 'pixel_shuffle', 'pixel_unshuffle', 'relu', 'relu_',
           'sigmoid', 'silu', 'softmax', 'tanh', 'unfold']
