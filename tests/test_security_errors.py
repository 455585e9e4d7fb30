"""Misuse fails with torch's exception classes and messages, so ``except RuntimeError`` in a
lesson catches it as it would in PyTorch: sizes that are too large or negative in the factory
functions, and a custom Function whose backward returns something other than tensors."""
import pytest

from autograd_helpers import check

FACTORIES = {
    "zeros_1e12": lambda T: T.zeros(10**12),
    "zeros_square": lambda T: T.zeros(10**6, 10**6),
    "ones_float64": lambda T: T.ones(10**12, dtype=T.float64),
    "empty_bool": lambda T: T.empty(10**12, dtype=T.bool),
    "full": lambda T: T.full((10**12,), 1.0),
    "rand": lambda T: T.rand(10**12),
    "arange": lambda T: T.arange(10**12),
    "linspace": lambda T: T.linspace(0, 1, 10**12),
    "randperm": lambda T: T.randperm(10**12),
    "randint": lambda T: T.randint(3, (10**12,)),
    "eye": lambda T: T.eye(10**7),
    "overflow": lambda T: T.zeros(2**62, 4),
    "overflow_bytes": lambda T: T.zeros(2**61),
    "overflow_arange": lambda T: T.arange(2**62, dtype=T.float32),
    "zeros_negative": lambda T: T.zeros(-1),
    "zeros_negative_2d": lambda T: T.zeros(3, -1),
    "ones_negative": lambda T: T.ones(-1, 3),
    "empty_negative": lambda T: T.empty(3, -2, -3),
    "full_negative": lambda T: T.full((-1,), 1.0),
    "randn_negative": lambda T: T.randn(-1),
    "randint_negative": lambda T: T.randint(3, (-1,)),
    "randperm_negative": lambda T: T.randperm(-1),
    "eye_negative_n": lambda T: T.eye(-1),
    "eye_negative_m": lambda T: T.eye(3, -1),
    "linspace_negative": lambda T: T.linspace(0, 1, -1),
    "zeros_like_ok": lambda T: T.zeros_like(T.ones(2, 3)),
    "empty_zero": lambda T: T.empty(0, 3),
}


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_factory_size_errors_are_torchs(oracle, name):
    check(oracle, name, FACTORIES[name])


RETURNS = {
    "int": lambda g: 1,
    "float": lambda g: 2.5,
    "bool": lambda g: True,
    "str": lambda g: "a",
    "list": lambda g: [g],
    "tuple_of_int": lambda g: (1,),
    "numpy": lambda g: g.detach().numpy(),
    "two_for_one": lambda g: (g, g),
    "none": lambda g: None,
    "tensor": lambda g: g * 3,
}


@pytest.mark.parametrize("name", sorted(RETURNS))
def test_custom_backward_must_return_tensors_or_none(oracle, name):
    ret = RETURNS[name]

    def run(T):
        class Twice(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, grad):
                return ret(grad)
        x = T.ones(2, requires_grad=True)
        Twice.apply(x).sum().backward()
        return x.grad
    check(oracle, name, run)


def test_custom_backward_error_also_in_autograd_grad(oracle):
    def run(T):
        class Bad(T.autograd.Function):
            @staticmethod
            def forward(ctx, x, k):
                return x * k

            @staticmethod
            def backward(ctx, grad):
                return grad, 7           # a gradient for the int argument: torch refuses
        x = T.ones(2, requires_grad=True)
        return T.autograd.grad(Bad.apply(x, 2).sum(), x)
    check(oracle, "grad_for_int_argument", run)
