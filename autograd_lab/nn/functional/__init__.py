"""``autograd_lab.nn.functional``: the stateless functions behind the layers.

One file per topic; each fused op is an ``Op`` subclass with its forward and backward side by
side. Import as ``import autograd_lab.nn.functional as F``.
"""
from .activation import (gelu, leaky_relu, log_softmax, relu, relu_, sigmoid, silu, softmax,
                         tanh)
from .activation_piecewise import (hardshrink, hardsigmoid, hardswish, hardtanh, hardtanh_, prelu,
                                   relu6, softshrink, threshold, threshold_)
from .activation_smooth import (celu, celu_, elu, elu_, glu, logsigmoid, mish, selu, selu_, softmin,
                                softplus, softsign, tanhshrink)
from .adaptive_max_pool import adaptive_max_pool2d
from .conv import conv1d, conv2d
from .conv_transpose import conv_transpose1d, conv_transpose2d
from .distance import cosine_similarity, normalize, pairwise_distance
from .dropout import dropout, dropout1d, dropout2d
from .fold import fold, unfold
from .group_norm import group_norm, instance_norm
from .linear import linear
from .loss import (binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy,
                   l1_loss, mse_loss, nll_loss)
from .loss_margin import (cosine_embedding_loss, hinge_embedding_loss, margin_ranking_loss,
                          multilabel_soft_margin_loss, soft_margin_loss, triplet_margin_loss)
from .loss_multiclass import (multi_margin_loss, multilabel_margin_loss,
                              triplet_margin_with_distance_loss)
from .loss_regression import (gaussian_nll_loss, huber_loss, kl_div, poisson_nll_loss,
                              smooth_l1_loss)
from .normalization import batch_norm, layer_norm
from .padding import pad
from .pixel_shuffle import pixel_shuffle, pixel_unshuffle
from .pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from .pooling_1d import adaptive_avg_pool1d, adaptive_max_pool1d, avg_pool1d, max_pool1d
from .resample import interpolate
from .sparse import embedding, one_hot

__all__ = ['adaptive_avg_pool1d', 'adaptive_avg_pool2d', 'adaptive_max_pool1d',
           'adaptive_max_pool2d', 'avg_pool1d', 'avg_pool2d', 'batch_norm', 'binary_cross_entropy',
           'binary_cross_entropy_with_logits', 'celu', 'celu_', 'conv1d', 'conv2d',
           'conv_transpose1d', 'conv_transpose2d', 'cosine_embedding_loss', 'cosine_similarity',
           'cross_entropy', 'dropout', 'dropout1d', 'dropout2d', 'elu', 'elu_', 'embedding', 'fold',
           'gaussian_nll_loss', 'gelu', 'glu', 'group_norm', 'hardshrink', 'hardsigmoid',
           'hardswish', 'hardtanh', 'hardtanh_', 'hinge_embedding_loss', 'huber_loss',
           'instance_norm', 'interpolate', 'kl_div', 'l1_loss', 'layer_norm', 'leaky_relu',
           'linear', 'log_softmax', 'logsigmoid', 'margin_ranking_loss', 'max_pool1d', 'max_pool2d',
           'mish', 'mse_loss', 'multi_margin_loss', 'multilabel_margin_loss',
           'multilabel_soft_margin_loss', 'nll_loss', 'normalize', 'one_hot', 'pad',
           'pairwise_distance', 'pixel_shuffle', 'pixel_unshuffle', 'poisson_nll_loss', 'prelu',
           'relu', 'relu6', 'relu_', 'selu', 'selu_', 'sigmoid', 'silu', 'smooth_l1_loss',
           'soft_margin_loss', 'softmax', 'softmin', 'softplus', 'softshrink', 'softsign', 'tanh',
           'tanhshrink', 'threshold', 'threshold_', 'triplet_margin_loss',
           'triplet_margin_with_distance_loss', 'unfold']
