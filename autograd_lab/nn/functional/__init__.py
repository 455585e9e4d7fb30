"""``autograd_lab.nn.functional``: the stateless functions behind the layers.

One file per topic; each fused op is an ``Op`` subclass with its forward and backward side by
side. Import as ``import autograd_lab.nn.functional as F``.
"""
from .activation import (gelu, leaky_relu, log_softmax, relu, relu_, sigmoid, silu, softmax,
                         tanh)
from .activation_piecewise import (hardshrink, hardsigmoid, hardswish, hardtanh, hardtanh_,
                                   prelu, relu6, softshrink, threshold, threshold_)
from .activation_smooth import (celu, celu_, elu, elu_, glu, logsigmoid, mish, selu, selu_,
                                softmin, softplus, softsign, tanhshrink)
from .conv import conv2d
from .distance import cosine_similarity, normalize, pairwise_distance
from .dropout import dropout, dropout2d
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
from .pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from .sparse import embedding, one_hot

__all__ = ['adaptive_avg_pool2d', 'avg_pool2d', 'batch_norm', 'binary_cross_entropy',
           'hardshrink', 'softshrink', 'multi_margin_loss', 'multilabel_margin_loss',
           'triplet_margin_with_distance_loss',
           'hardsigmoid', 'hardswish', 'hardtanh', 'hardtanh_', 'prelu', 'relu6',
           'threshold', 'threshold_', 'celu', 'celu_', 'elu', 'elu_', 'glu',
           'logsigmoid', 'mish', 'selu', 'selu_', 'softmin', 'softplus', 'softsign',
           'tanhshrink', 'cosine_similarity', 'normalize', 'pairwise_distance',
           'cosine_embedding_loss', 'hinge_embedding_loss', 'margin_ranking_loss',
           'multilabel_soft_margin_loss', 'soft_margin_loss', 'triplet_margin_loss',
           'gaussian_nll_loss', 'huber_loss', 'kl_div', 'poisson_nll_loss',
           'smooth_l1_loss',
           'binary_cross_entropy_with_logits', 'conv2d', 'cross_entropy', 'dropout', 'dropout2d',
           'embedding', 'gelu', 'l1_loss', 'layer_norm', 'leaky_relu', 'linear', 'log_softmax',
           'max_pool2d', 'mse_loss', 'nll_loss', 'one_hot', 'pad', 'relu', 'relu_', 'sigmoid',
           'silu', 'softmax', 'tanh']
