"""In-place random fills under autograd: recorded with zero gradient on non-leaves, refused on
leaves that require grad, untouched by autograd under no_grad (how nn.init uses them), and
the version counter moved as torch moves it. Every fill of tensors (normal_, uniform_,
bernoulli_, random_, exponential_, geometric_, cauchy_, log_normal_) goes through the same
tests; their values are compared in test_random.py and test_random_fills_extra.py."""
import pytest

import autograd_lab as al
from oracle import assert_error_matches
from ops_helper import compare

FILLS = {
    "normal_": lambda t: t.normal_(),
    "uniform_": lambda t: t.uniform_(),
    "bernoulli_": lambda t: t.bernoulli_(0.5),
    "random_": lambda t: t.random_(0, 5),
    "exponential_": lambda t: t.exponential_(),
    "geometric_": lambda t: t.geometric_(0.4),
    "cauchy_": lambda t: t.cauchy_(),
    "log_normal_": lambda t: t.log_normal_(),
}


@pytest.mark.parametrize("name", FILLS)
def test_fill_of_a_non_leaf_is_recorded_with_zero_gradient(oracle, name):
    """The overwritten values get zeros_like(grad), as in PyTorch: 0 even where the incoming
    gradient is inf or nan (grad * 0 would be nan), and where the input was nan."""
    fill = FILLS[name]

    def run(lib):
        lib.manual_seed(0)
        x = lib.tensor([float("nan"), 1.0, 2.0], requires_grad=True)
        y = x * 2
        fill(y)
        y.backward(lib.tensor([float("inf"), float("nan"), 1.0]))
        return [y, x.grad, y._version, y.grad_fn.next_functions[0][0].name()]
    compare(run(al), oracle("non_leaf", run), rtol=0, atol=0)


@pytest.mark.parametrize("name", FILLS)
def test_fill_of_a_leaf_that_requires_grad_is_refused(oracle, name):
    fill = FILLS[name]
    expected = oracle("leaf", lambda lib: fill(lib.ones(3, requires_grad=True)))
    assert_error_matches(expected, lambda: fill(al.ones(3, requires_grad=True)))


@pytest.mark.parametrize("name", FILLS)
def test_fill_under_no_grad_keeps_the_leaf_and_bumps_the_version(oracle, name):
    fill = FILLS[name]

    def run(lib):
        lib.manual_seed(1)
        w = lib.zeros(2, 3, requires_grad=True)
        with lib.no_grad():
            fill(w)
            fill(w[0])                 # through a view: the base's version moves too
        return [w, w._version, w.is_leaf, w.grad_fn is None]
    compare(run(al), oracle("no_grad", run), rtol=0, atol=0)


def test_fill_of_an_empty_tensor_bumps_the_version(oracle):
    def run(lib):
        t = lib.zeros(0)
        t.exponential_()
        return [t, t._version]
    compare(run(al), oracle("empty", run), rtol=0, atol=0)


def test_saved_tensor_overwritten_by_a_fill_is_detected(oracle):
    def run(lib):
        x = lib.ones(3, requires_grad=True)
        y = x * 1
        z = y * y
        y.cauchy_()
        z.sum().backward()
    assert_error_matches(oracle("saved", run), lambda: run(al))
