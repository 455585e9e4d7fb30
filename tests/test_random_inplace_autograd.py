"""In-place random fills under autograd: recorded with zero gradient on non-leaves, refused on
leaves that require grad, untouched by autograd under no_grad (how nn.init uses them)."""
import pytest

import autograd_lab as al
from oracle import assert_error_matches, assert_tensor_matches
from ops_helper import compare

FILLS = {
    "normal_": lambda t: t.normal_(),
    "uniform_": lambda t: t.uniform_(),
    "bernoulli_": lambda t: t.bernoulli_(0.5),
    "random_": lambda t: t.random_(0, 5),
}


@pytest.mark.parametrize("name", FILLS)
def test_fill_of_a_non_leaf_is_recorded_with_zero_gradient(oracle, name):
    fill = FILLS[name]

    def run(lib):
        lib.manual_seed(0)
        x = lib.ones(4, requires_grad=True)
        y = x * 2
        fill(y)
        (y * 3).sum().backward()
        return y, x.grad, y.grad_fn.next_functions[0][0].name()
    expected = oracle("fill", run)
    y, grad, parent = run(al)
    assert_tensor_matches(y, expected[0])          # same values: the generators agree
    assert_tensor_matches(grad, expected[1])
    assert parent == expected[2]


@pytest.mark.parametrize("name", FILLS)
def test_fill_of_a_leaf_that_requires_grad_is_refused(oracle, name):
    fill = FILLS[name]
    expected = oracle("leaf", lambda lib: fill(lib.ones(3, requires_grad=True)))
    assert_error_matches(expected, lambda: fill(al.ones(3, requires_grad=True)))


@pytest.mark.parametrize("name", FILLS)
def test_fill_under_no_grad_keeps_the_leaf_a_leaf(oracle, name):
    fill = FILLS[name]

    def run(lib):
        lib.manual_seed(1)
        w = lib.zeros(2, 3, requires_grad=True)
        with lib.no_grad():
            fill(w)
        return w, w._version
    expected = oracle("no_grad", run)
    w, version = run(al)
    assert_tensor_matches(w, expected[0])
    assert version == expected[1]


@pytest.mark.parametrize("name", ["normal_", "uniform_"])
def test_fill_gradient_is_zero_for_inf_and_nan_gradients(oracle, name):
    """The overwritten values get zeros_like(grad), as in PyTorch: 0 even where the incoming
    gradient is inf or nan (grad * 0 would be nan)."""
    fill = FILLS[name]

    def run(lib):
        lib.manual_seed(0)
        x = lib.tensor([float("nan"), 1.0, 2.0], requires_grad=True)
        y = x * 2
        fill(y)
        y.backward(lib.tensor([float("inf"), float("nan"), 1.0]))
        return [y, x.grad]
    compare(run(al), oracle(name, run))
