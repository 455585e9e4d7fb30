"""Seed 002's first cells, checked against torch: values, grad_fn names and flags."""
import autograd_lab as al
from oracle import assert_tensor_matches


def test_mean_of_square_graph(oracle):
    def run(lib):
        x = lib.ones(2, 2, requires_grad=True)
        y = x + 2
        z = y * y * 3
        out = z.mean()
        out.backward()
        return y, z, out, x.grad
    expected = oracle("graph", run)
    for ours, exp in zip(run(al), expected):
        assert_tensor_matches(ours, exp)
