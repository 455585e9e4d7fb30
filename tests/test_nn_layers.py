"""Every layer's forward, input gradient and parameter gradients against torch, with
identical weights; plus reprs and parameter/state_dict layouts."""
import numpy as np
import pytest

import autograd_lab as al
from nn_helper import array, fill_params, forward_backward
from oracle import assert_tensor_matches

# (key, constructor taking the library, input shape)
LAYERS = [
    ("linear", lambda l: l.nn.Linear(7, 5), (4, 7)),
    ("linear_nobias", lambda l: l.nn.Linear(7, 5, bias=False), (4, 7)),
    ("linear_1d", lambda l: l.nn.Linear(7, 5), (7,)),
    ("linear_3d", lambda l: l.nn.Linear(7, 5), (2, 3, 7)),
    ("linear_3d_nobias", lambda l: l.nn.Linear(7, 5, bias=False), (2, 3, 7)),
    ("relu", lambda l: l.nn.ReLU(), (3, 5)),
    ("leaky_relu", lambda l: l.nn.LeakyReLU(0.2), (3, 5)),
    ("sigmoid", lambda l: l.nn.Sigmoid(), (3, 5)),
    ("tanh", lambda l: l.nn.Tanh(), (3, 5)),
    ("gelu", lambda l: l.nn.GELU(), (3, 5)),
    ("gelu_tanh", lambda l: l.nn.GELU(approximate="tanh"), (3, 5)),
    ("silu", lambda l: l.nn.SiLU(), (3, 5)),
    ("softmax", lambda l: l.nn.Softmax(dim=1), (3, 5)),
    ("softmax0", lambda l: l.nn.Softmax(dim=0), (3, 5)),
    ("log_softmax", lambda l: l.nn.LogSoftmax(dim=-1), (3, 5)),
    ("flatten", lambda l: l.nn.Flatten(), (2, 3, 4)),
    ("identity", lambda l: l.nn.Identity(), (2, 3)),
    ("conv", lambda l: l.nn.Conv2d(3, 4, 3), (2, 3, 7, 6)),
    ("conv_pad_stride", lambda l: l.nn.Conv2d(3, 4, (3, 2), stride=2, padding=1), (2, 3, 9, 8)),
    ("conv_dilation", lambda l: l.nn.Conv2d(2, 3, 3, dilation=2, padding=2), (1, 2, 8, 8)),
    ("conv_groups", lambda l: l.nn.Conv2d(4, 6, 3, groups=2, bias=False), (2, 4, 5, 5)),
    ("conv_depthwise", lambda l: l.nn.Conv2d(3, 3, 3, groups=3, padding=1), (2, 3, 5, 5)),
    ("conv_same", lambda l: l.nn.Conv2d(2, 3, 3, padding="same"), (2, 2, 5, 6)),
    ("conv_same_even", lambda l: l.nn.Conv2d(2, 3, 4, padding="same"), (2, 2, 5, 6)),
    ("conv_valid", lambda l: l.nn.Conv2d(2, 3, 2, padding="valid"), (2, 2, 5, 6)),
    ("conv_1x1", lambda l: l.nn.Conv2d(3, 5, 1), (2, 3, 4, 4)),
    ("conv_unbatched", lambda l: l.nn.Conv2d(3, 4, 3), (3, 6, 6)),
    ("maxpool", lambda l: l.nn.MaxPool2d(2), (2, 3, 6, 6)),
    ("maxpool_s1", lambda l: l.nn.MaxPool2d(3, stride=1), (2, 2, 5, 5)),
    ("maxpool_pad", lambda l: l.nn.MaxPool2d(3, 2, 1), (2, 3, 7, 7)),
    ("maxpool_ceil", lambda l: l.nn.MaxPool2d(2, ceil_mode=True), (1, 2, 5, 7)),
    ("maxpool_dil", lambda l: l.nn.MaxPool2d(2, stride=1, dilation=2), (1, 2, 6, 6)),
    ("maxpool_unbatched", lambda l: l.nn.MaxPool2d(2), (3, 4, 4)),
    ("avgpool_unbatched", lambda l: l.nn.AvgPool2d(2, 1), (3, 4, 4)),
    ("adaptive_unbatched", lambda l: l.nn.AdaptiveAvgPool2d(2), (3, 5, 4)),
    ("avgpool", lambda l: l.nn.AvgPool2d(2), (2, 3, 6, 6)),
    ("avgpool_pad", lambda l: l.nn.AvgPool2d(3, 2, 1), (2, 3, 7, 7)),
    ("avgpool_pad_excl", lambda l: l.nn.AvgPool2d(3, 2, 1, count_include_pad=False), (1, 2, 7, 7)),
    ("avgpool_ceil", lambda l: l.nn.AvgPool2d(2, ceil_mode=True), (1, 2, 5, 7)),
    ("avgpool_ceil_pad", lambda l: l.nn.AvgPool2d(3, 2, 1, ceil_mode=True), (1, 2, 6, 6)),
    ("avgpool_divisor", lambda l: l.nn.AvgPool2d(2, divisor_override=3), (1, 2, 4, 4)),
    ("adaptive_avg", lambda l: l.nn.AdaptiveAvgPool2d((3, 2)), (2, 3, 7, 5)),
    ("adaptive_avg_1", lambda l: l.nn.AdaptiveAvgPool2d(1), (2, 3, 7, 5)),
    ("adaptive_avg_none", lambda l: l.nn.AdaptiveAvgPool2d((None, 3)), (2, 3, 4, 7)),
    ("adaptive_avg_up", lambda l: l.nn.AdaptiveAvgPool2d(5), (1, 2, 3, 3)),
    ("bn1d", lambda l: l.nn.BatchNorm1d(5), (8, 5)),
    ("bn1d_3d", lambda l: l.nn.BatchNorm1d(3), (4, 3, 6)),
    ("bn2d", lambda l: l.nn.BatchNorm2d(3), (4, 3, 5, 5)),
    ("bn2d_noaffine", lambda l: l.nn.BatchNorm2d(3, affine=False), (4, 3, 5, 5)),
    ("bn2d_nostats", lambda l: l.nn.BatchNorm2d(3, track_running_stats=False), (4, 3, 2, 2)),
    ("bn2d_eval", lambda l: l.nn.BatchNorm2d(3).eval(), (4, 3, 5, 5)),
    ("layernorm", lambda l: l.nn.LayerNorm(6), (4, 6)),
    ("layernorm_2d", lambda l: l.nn.LayerNorm((3, 4)), (2, 3, 4)),
    ("layernorm_noaffine", lambda l: l.nn.LayerNorm(6, elementwise_affine=False), (4, 6)),
    ("layernorm_nobias", lambda l: l.nn.LayerNorm(6, bias=False), (2, 3, 6)),
    ("dropout_eval", lambda l: l.nn.Dropout(0.5).eval(), (4, 6)),
    ("inplace_acts", lambda l: l.nn.Sequential(l.nn.Linear(4, 5), l.nn.BatchNorm1d(5),
                                               l.nn.ReLU(inplace=True), l.nn.Linear(5, 3),
                                               l.nn.LeakyReLU(0.1, inplace=True)), (6, 4)),
    ("sequential", lambda l: l.nn.Sequential(l.nn.Linear(6, 8), l.nn.ReLU(), l.nn.Linear(8, 3),
                                             l.nn.LogSoftmax(dim=1)), (5, 6)),
    ("convnet", lambda l: l.nn.Sequential(
        l.nn.Conv2d(1, 4, 3, padding=1), l.nn.BatchNorm2d(4), l.nn.ReLU(), l.nn.MaxPool2d(2),
        l.nn.Conv2d(4, 4, 3, stride=2, padding=1, bias=False), l.nn.AdaptiveAvgPool2d(1),
        l.nn.Flatten(), l.nn.Linear(4, 2)), (3, 1, 8, 8)),
]


# (conv_same_even: the lopsided-padding UserWarning, expected from both libraries)
@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
@pytest.mark.parametrize("key,make,shape", LAYERS, ids=[k for k, _, _ in LAYERS])
def test_layer_forward_and_grads(oracle, key, make, shape):
    def run(lib):
        model = fill_params(make(lib), lib)
        return forward_backward(lib, model, array(shape))
    expected = oracle(key, run)
    ours = run(al)
    assert len(ours) == len(expected)
    for o, e in zip(ours, expected):
        assert_tensor_matches(o, e, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("key,make,shape", LAYERS, ids=[k for k, _, _ in LAYERS])
def test_layer_repr_and_layout(oracle, key, make, shape):
    def run(lib):
        m = make(lib)
        return (repr(m), [[n, list(p.shape)] for n, p in m.named_parameters()],
                [[n, list(v.shape), str(v.dtype)] for n, v in m.state_dict().items()],
                sum(p.numel() for p in m.parameters()))
    assert list(run(al)) == oracle(key, run)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_dtype_is_kept(oracle, dtype):
    """float32 stays float32 (no silent upcast) and float64 layers compute in float64."""
    def run(lib):
        dt = getattr(lib, dtype)
        model = lib.nn.Sequential(lib.nn.Conv2d(2, 3, 3), lib.nn.BatchNorm2d(3),
                                  lib.nn.MaxPool2d(2), lib.nn.Flatten(), lib.nn.Linear(3, 2),
                                  lib.nn.GELU(), lib.nn.LayerNorm(2)).to(dt)
        fill_params(model, lib)
        return forward_backward(lib, model, array((2, 2, 4, 4), dtype=np.dtype(dtype)))
    for o, e in zip(run(al), oracle("net", run)):
        assert_tensor_matches(o, e, rtol=1e-4, atol=1e-5)


def test_bn_running_stats_and_eval(oracle):
    """Training updates running_mean/var (unbiased var, momentum) and num_batches_tracked;
    eval mode then normalises with them."""
    def run(lib):
        bn = fill_params(lib.nn.BatchNorm2d(3), lib)
        x1 = lib.tensor(array((4, 3, 2, 2), 5, low=-2, high=3))
        x2 = lib.tensor(array((2, 3, 3, 3), 6))
        bn(x1)
        bn(x2)
        stats = (bn.running_mean.clone(), bn.running_var.clone(), bn.num_batches_tracked.clone())
        bn.eval()
        y = bn(x1)
        return stats + (y, bn.num_batches_tracked)
    for o, e in zip(run(al), oracle("bn", run)):
        assert_tensor_matches(o, e, rtol=1e-5, atol=1e-6)


def test_bn_cumulative_momentum(oracle):
    def run(lib):
        bn = lib.nn.BatchNorm1d(2, momentum=None)
        for seed in range(3):
            bn(lib.tensor(array((5, 2), seed)))
        return bn.running_mean, bn.running_var, bn.num_batches_tracked
    for o, e in zip(run(al), oracle("cma", run)):
        assert_tensor_matches(o, e)


def test_embedding_layer(oracle):
    def run(lib):
        emb = fill_params(lib.nn.Embedding(6, 3, padding_idx=2), lib)
        idx = lib.tensor([[0, 2, 5], [5, 5, 1]])
        out = emb(idx)
        (out * lib.tensor(array((2, 3, 3)))).sum().backward()
        return repr(emb), out, emb.weight.grad
    ours, expected = run(al), oracle("emb", run)
    assert ours[0] == expected[0]
    for o, e in zip(ours[1:], expected[1:]):
        assert_tensor_matches(o, e)


def test_tiny_model_default_init_seeded(oracle):
    """nn.Linear's default init draws from the shared generator in torch's order; with the
    torch-exact generator, ``manual_seed(0); Linear(3, 2)`` gives torch's very weights."""
    def run(lib):
        lib.manual_seed(0)
        layer = lib.nn.Linear(3, 2)
        return layer.weight, layer.bias
    expected = oracle("seeded", run)
    ours = run(al)
    bound = 1 / np.sqrt(3)
    for o in ours:      # whatever the generator, the distribution's support is torch's
        assert (np.abs(o.detach().numpy()) <= bound).all()

    def draws(lib):
        lib.manual_seed(0)
        return lib.rand(6)
    exact = np.allclose(draws(al).numpy(), np.array(oracle("rand", draws)["values"]),
                        rtol=0, atol=1e-7)
    if not exact:
        pytest.xfail("autograd_lab's generator does not reproduce torch's rand() yet")
    for o, e in zip(ours, expected):
        assert_tensor_matches(o, e, check_graph=False)


LOSS_MODULES = [
    ("mse", lambda l: l.nn.MSELoss(), "float"),
    ("mse_sum", lambda l: l.nn.MSELoss(reduction="sum"), "float"),
    ("l1", lambda l: l.nn.L1Loss(reduction="none"), "float"),
    ("nll", lambda l: l.nn.NLLLoss(weight=l.tensor([1.0, 2.0, 0.5]), ignore_index=0), "index"),
    ("ce", lambda l: l.nn.CrossEntropyLoss(), "index"),
    ("ce_weight_smooth", lambda l: l.nn.CrossEntropyLoss(weight=l.tensor([1.0, 2.0, 0.5]),
                                                         label_smoothing=0.1), "index"),
    ("bce", lambda l: l.nn.BCELoss(weight=l.tensor([1.0, 2.0, 0.5])), "prob"),
    ("bce_logits", lambda l: l.nn.BCEWithLogitsLoss(pos_weight=l.tensor([1.0, 2.0, 0.5])),
     "prob"),
]


@pytest.mark.parametrize("key,make,kind", LOSS_MODULES, ids=[k for k, _, _ in LOSS_MODULES])
def test_loss_modules(oracle, key, make, kind):
    def run(lib):
        crit = make(lib)
        x = lib.tensor(array((4, 3), 1, low=-2, high=2), requires_grad=True)
        if kind == "index":
            t = lib.tensor([0, 2, 1, 2])
        else:
            t = lib.tensor(array((4, 3), 2, low=0.0, high=1.0))
        inp = x.sigmoid() if key == "bce" else x
        loss = crit(inp, t)
        loss.sum().backward()
        return (repr(crit), [[n, list(v.shape)] for n, v in crit.state_dict().items()],
                len(list(crit.parameters())), loss, x.grad)
    ours, expected = run(al), oracle(key, run)
    assert list(ours[:3]) == expected[:3]
    assert_tensor_matches(ours[3], expected[3], check_graph=key != "ce_weight_smooth")
    assert_tensor_matches(ours[4], expected[4])
