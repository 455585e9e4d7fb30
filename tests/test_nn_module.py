"""nn.Module bookkeeping, Parameter, Linear, ReLU, Sequential: checked against torch."""
import numpy as np
import pytest

import autograd_lab as al
from oracle import assert_error_matches, assert_tensor_matches


def _tiny(lib):
    class TinyModel(lib.nn.Module):
        def __init__(self):
            super(TinyModel, self).__init__()
            self.layer1 = lib.nn.Linear(1000, 100)
            self.relu = lib.nn.ReLU()
            self.layer2 = lib.nn.Linear(100, 10)

        def forward(self, x):
            x = self.layer1(x)
            x = self.relu(x)
            x = self.layer2(x)
            return x
    return TinyModel()


def _copy_params(model, lib, seed=0):
    """Give every parameter fixed values from a numpy generator (same in both libraries)."""
    rng = np.random.default_rng(seed)
    with lib.no_grad():
        for _, p in model.named_parameters():
            p.copy_(lib.tensor(rng.uniform(-0.1, 0.1, tuple(p.shape)).astype(np.float32)))
    return model


def test_tiny_model_repr_and_names(oracle):
    def run(lib):
        m = _tiny(lib)
        return (repr(m), [n for n, _ in m.named_parameters()],
                [[n, list(v.shape)] for n, v in m.state_dict().items()],
                sum(p.numel() for p in m.parameters()),
                [n for n, _ in m.named_modules()], [n for n, _ in m.named_children()])
    assert list(run(al)) == oracle("tiny", run)


def test_tiny_model_step_matches_torch(oracle):
    def run(lib):
        m = _copy_params(_tiny(lib), lib)
        rng = np.random.default_rng(1)
        x = lib.tensor(rng.standard_normal((16, 1000)).astype(np.float32))
        target = lib.tensor(rng.standard_normal((16, 10)).astype(np.float32))
        pred = m(x)
        loss = (target - pred).pow(2).sum()
        loss.backward()
        # slices keep the golden file small; the sums cover every element
        g1 = m.layer1.weight.grad
        return (pred, loss, m.layer2.weight.grad, m.layer2.bias.grad, g1[:4, :25], g1.sum(0),
                g1.abs().sum(1), m.layer1.bias.grad, m.layer2.weight[0][0:10])
    expected = oracle("step", run)
    for ours, exp in zip(run(al), expected):
        assert_tensor_matches(ours, exp, rtol=1e-4, atol=1e-4)


def test_parameter_repr_and_flags(oracle):
    def run(lib):
        p = lib.nn.Parameter(lib.tensor([[1.0, 2.0], [3.0, 4.5]]))
        q = lib.nn.Parameter(lib.ones(3), requires_grad=False)
        return repr(p), repr(q), p.is_leaf, p.requires_grad, q.requires_grad, \
            isinstance(p, lib.Tensor), repr(p * 2), repr(lib.nn.Parameter())
    assert list(run(al)) == oracle("param", run)


def test_linear_shape_error(oracle):
    expected = oracle("err", lambda torch: torch.nn.Linear(1000, 100)(torch.ones(16, 999)))
    assert_error_matches(expected, lambda: al.nn.Linear(1000, 100)(al.ones(16, 999)))


def test_sequential_indexing_and_repr(oracle):
    def run(lib):
        nn = lib.nn
        s = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
        s.append(nn.Sigmoid())
        return (repr(s), len(s), repr(s[0]), repr(s[-1]), repr(s[1:3]),
                [n for n, _ in s.named_parameters()], repr(nn.Sequential()))
    assert list(run(al)) == oracle("seq", run)
