"""float64 finite-difference checks of every nn.functional op's backward, and of the backward
of the backward (``create_graph=True``) where that is a separate op."""
import numpy as np
import pytest

import autograd_lab as al
import autograd_lab.nn.functional as F
from autograd_lab.autograd import gradcheck, gradgradcheck


def rand(*shape, seed=0, low=-1.0, high=1.0, grad=True):
    arr = np.random.default_rng(seed).uniform(low, high, shape)
    return al.tensor(arr, dtype=al.float64, requires_grad=grad)


def labels(*shape, high, seed=3):
    return al.tensor(np.random.default_rng(seed).integers(0, high, shape))


CASES = {
    "linear": (lambda x, w, b: F.linear(x, w, b), lambda: (rand(3, 4), rand(2, 4, seed=1),
                                                           rand(2, seed=2))),
    "linear_3d": (lambda x, w, b: F.linear(x, w, b), lambda: (rand(2, 3, 4), rand(2, 4, seed=1),
                                                              rand(2, seed=2))),
    "conv": (lambda x, w, b: F.conv2d(x, w, b), lambda: (rand(2, 2, 5, 5), rand(3, 2, 3, 3,
                                                                                seed=1),
                                                         rand(3, seed=2))),
    "conv_stride_pad_dil": (lambda x, w: F.conv2d(x, w, None, stride=2, padding=(2, 1),
                                                  dilation=(1, 2)),
                            lambda: (rand(1, 2, 6, 7), rand(2, 2, 3, 2, seed=1))),
    "conv_groups": (lambda x, w, b: F.conv2d(x, w, b, padding=1, groups=2),
                    lambda: (rand(1, 4, 4, 4), rand(4, 2, 3, 3, seed=1), rand(4, seed=2))),
    "conv_same_even": (lambda x, w: F.conv2d(x, w, padding="same"),
                       lambda: (rand(1, 1, 4, 5), rand(2, 1, 2, 2, seed=1))),
    "max_pool": (lambda x: F.max_pool2d(x, 2), lambda: (rand(2, 2, 4, 4),)),
    "max_pool_overlap_pad": (lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True),
                             lambda: (rand(1, 2, 6, 5),)),
    "max_pool_dilation": (lambda x: F.max_pool2d(x, 2, 1, dilation=2),
                          lambda: (rand(1, 1, 5, 5),)),
    "avg_pool": (lambda x: F.avg_pool2d(x, 2), lambda: (rand(2, 2, 4, 4),)),
    "avg_pool_pad_ceil": (lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                                                 count_include_pad=False),
                          lambda: (rand(1, 2, 6, 5),)),
    "adaptive_avg": (lambda x: F.adaptive_avg_pool2d(x, (2, 3)), lambda: (rand(1, 2, 5, 7),)),
    "batch_norm_train": (lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
                         lambda: (rand(4, 3, 2, 2), rand(3, seed=1), rand(3, seed=2))),
    "batch_norm_eval": (lambda x, w, b: F.batch_norm(
        x, al.tensor([0.1, -0.2, 0.3], dtype=al.float64),
        al.tensor([1.5, 0.5, 2.0], dtype=al.float64), w, b, training=False),
        lambda: (rand(4, 3, 2), rand(3, seed=1), rand(3, seed=2))),
    "layer_norm": (lambda x, w, b: F.layer_norm(x, (3, 4), w, b),
                   lambda: (rand(2, 3, 4), rand(3, 4, seed=1), rand(3, 4, seed=2))),
    "gelu": (lambda x: F.gelu(x), lambda: (rand(3, 4, low=-3, high=3),)),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), lambda: (rand(3, 4, low=-3, high=3),)),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.1), lambda: (rand(3, 4),)),
    "silu": (lambda x: F.silu(x), lambda: (rand(3, 4, low=-3, high=3),)),
    "softmax": (lambda x: F.softmax(x, 1), lambda: (rand(3, 4),)),
    "log_softmax": (lambda x: F.log_softmax(x, 0), lambda: (rand(3, 4),)),
    "pad": (lambda x: F.pad(x, (1, -1, 2, 0)), lambda: (rand(2, 3, 4),)),
    # (no padding_idx: by design its row gets no gradient, which is not the derivative)
    "embedding": (lambda w: F.embedding(al.tensor([[0, 2], [2, 3]]), w),
                  lambda: (rand(4, 3),)),
    "mse": (lambda x, t: F.mse_loss(x, t), lambda: (rand(3, 4), rand(3, 4, seed=1))),
    "mse_sum": (lambda x, t: F.mse_loss(x, t, reduction="sum"), lambda: (rand(3, 4),
                                                                          rand(3, 4, seed=1))),
    "l1": (lambda x, t: F.l1_loss(x, t, reduction="none"), lambda: (rand(3, 4),
                                                                     rand(3, 4, seed=1))),
    "nll": (lambda x: F.nll_loss(x, al.tensor([0, 3, 1]), weight=al.tensor(
        [1.0, 2.0, 0.5, 1.0], dtype=al.float64)), lambda: (rand(3, 4),)),
    "nll_none_ignore": (lambda x: F.nll_loss(x, al.tensor([0, -100, 1]), reduction="none"),
                        lambda: (rand(3, 4),)),
    "nll_kdim": (lambda x: F.nll_loss(x, labels(2, 3, high=4)), lambda: (rand(2, 4, 3),)),
    "cross_entropy": (lambda x: F.cross_entropy(x, al.tensor([2, 0, 1])), lambda: (rand(3, 4),)),
    "cross_entropy_probs": (lambda x, t: F.cross_entropy(x, t), lambda: (
        rand(3, 4), rand(3, 4, seed=1, low=0.0, high=1.0))),
    "cross_entropy_smooth": (lambda x: F.cross_entropy(
        x, al.tensor([2, 0, -100]), label_smoothing=0.2), lambda: (rand(3, 4),)),
    "bce": (lambda x, t: F.binary_cross_entropy(x, t), lambda: (
        rand(3, 4, low=0.05, high=0.95), rand(3, 4, seed=1, low=0.0, high=1.0))),
    "bce_weight": (lambda x: F.binary_cross_entropy(
        x, al.tensor([[0.0, 1.0, 1.0]], dtype=al.float64),
        weight=al.tensor([0.5, 1.0, 2.0], dtype=al.float64), reduction="sum"),
        lambda: (rand(1, 3, low=0.05, high=0.95),)),
    "bce_logits": (lambda x, t: F.binary_cross_entropy_with_logits(x, t), lambda: (
        rand(3, 4, low=-3, high=3), rand(3, 4, seed=1, low=0.0, high=1.0))),
    "bce_logits_pos_weight": (lambda x, t: F.binary_cross_entropy_with_logits(
        x, t, weight=al.tensor([1.0, 0.5, 2.0, 1.0], dtype=al.float64),
        pos_weight=al.tensor([3.0, 1.0, 0.5, 2.0], dtype=al.float64), reduction="none"),
        lambda: (rand(3, 4, low=-3, high=3), rand(3, 4, seed=1, low=0.0, high=1.0))),
}


# (conv_same_even: the lopsided-padding UserWarning, expected from both libraries)
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("name", list(CASES))
def test_gradcheck(name):
    fn, make = CASES[name]
    assert gradcheck(fn, make())


# ops whose backward is itself a separate op (or a non-trivial formula): check second order
SECOND_ORDER = ["linear", "conv", "conv_stride_pad_dil", "conv_groups", "max_pool",
                "avg_pool_pad_ceil", "adaptive_avg", "batch_norm_train", "batch_norm_eval",
                "layer_norm", "gelu", "gelu_tanh", "silu", "softmax", "log_softmax", "pad",
                "embedding", "mse", "nll", "cross_entropy", "bce", "bce_logits",
                "bce_logits_pos_weight"]


@pytest.mark.parametrize("name", SECOND_ORDER)
def test_gradgradcheck(name):
    fn, make = CASES[name]
    assert gradgradcheck(fn, make())
