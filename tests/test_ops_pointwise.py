"""Element-wise ops against torch: values, gradients, grad_fn names and edges, subgradients at
kinks (relu(0), abs(0), clamp boundaries, maximum ties), gradcheck, Hypothesis broadcasting."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd_lab as al
from autograd_helpers import check
from oracle import _encode, torch_available
from ops_helper import (NAN, NAN_VALUES, In, check_case, check_error, check_gradcheck,
                        check_nan_case, compare, run_case)

POS = In((3, 4), low=0.2, high=3.0)          # inputs of log, sqrt, ...
M = (3, 4)

# (id, fn(lib, *inputs), inputs, gradcheck?)  -- one lambda, run by torch and autograd_lab
UNARY = [
    ("neg", lambda T, x: -x, [M], True),
    ("neg_fn", lambda T, x: T.neg(x), [M], True),
    ("abs", lambda T, x: x.abs(), [M], True),
    ("abs_fn", lambda T, x: T.abs(x), [M], True),
    ("exp", lambda T, x: x.exp(), [M], True),
    ("log", lambda T, x: x.log(), [POS], True),
    ("log2", lambda T, x: x.log2(), [POS], True),
    ("log10", lambda T, x: x.log10(), [POS], True),
    ("log1p", lambda T, x: x.log1p(), [POS], True),
    ("expm1", lambda T, x: x.expm1(), [M], True),
    ("sqrt", lambda T, x: x.sqrt(), [POS], True),
    ("rsqrt", lambda T, x: x.rsqrt(), [POS], True),
    ("reciprocal", lambda T, x: x.reciprocal(), [POS], True),
    ("square", lambda T, x: x.square(), [M], True),
    ("sin", lambda T, x: x.sin(), [M], True),
    ("cos", lambda T, x: x.cos(), [M], True),
    ("tan", lambda T, x: x.tan(), [In(M, low=-1, high=1)], True),
    ("tanh", lambda T, x: x.tanh(), [M], True),
    ("sigmoid", lambda T, x: x.sigmoid(), [M], True),
    ("sigmoid_fn", lambda T, x: T.sigmoid(x), [M], True),
    ("relu", lambda T, x: x.relu(), [M], True),
    ("relu_fn", lambda T, x: T.relu(x), [M], True),
    ("sign", lambda T, x: x.sign(), [M], True),
    ("floor", lambda T, x: x.floor(), [M], False),
    ("ceil", lambda T, x: x.ceil(), [M], False),
    ("round", lambda T, x: x.round(), [M], False),
    ("round_decimals", lambda T, x: x.round(decimals=1), [M], False),
    ("trunc", lambda T, x: x.trunc(), [M], False),
    ("clamp", lambda T, x: x.clamp(-0.5, 0.7), [M], True),
    ("clamp_min", lambda T, x: x.clamp(min=0.1), [M], True),
    ("clamp_max", lambda T, x: x.clamp(max=0.1), [M], True),
    ("clamp_fn", lambda T, x: T.clamp(x, min=-1, max=1), [M], True),
    ("clip", lambda T, x: x.clip(-1, 1), [M], True),
    ("pow_2", lambda T, x: x ** 2, [M], True),
    ("pow_3", lambda T, x: x.pow(3), [M], True),
    ("pow_half", lambda T, x: x ** 0.5, [POS], True),
    ("pow_neg", lambda T, x: x ** -1.5, [POS], True),
    ("pow_0", lambda T, x: x ** 0, [M], True),
    ("pow_1", lambda T, x: x ** 1, [M], True),
    ("pow_fn", lambda T, x: T.pow(x, 2.5), [POS], True),
    ("rpow", lambda T, x: 2 ** x, [M], True),
    ("rpow_float", lambda T, x: 1.5 ** x, [M], True),
    ("rpow_fn", lambda T, x: T.pow(3.0, x), [M], True),
    ("rpow_zero_base", lambda T, x: 0.0 ** x, [POS], False),
    ("add_scalar", lambda T, x: x + 2, [M], True),
    ("radd_scalar", lambda T, x: 2.5 + x, [M], True),
    ("sub_scalar", lambda T, x: x - 2, [M], True),
    ("rsub_scalar", lambda T, x: 2 - x, [M], True),
    ("mul_scalar", lambda T, x: x * 3, [M], True),
    ("rmul_scalar", lambda T, x: 0.5 * x, [M], True),
    ("div_scalar", lambda T, x: x / 4, [M], True),
    ("rdiv_scalar", lambda T, x: 2 / x, [POS], True),
    ("floordiv_scalar_fwd", lambda T, x: x // 0.7, [M], False),
    ("div_floor", lambda T, x: x.div(0.7, rounding_mode="floor"), [M], False),
    ("div_trunc", lambda T, x: T.div(x, 0.7, rounding_mode="trunc"), [M], False),
    ("remainder_scalar", lambda T, x: x % 0.7, [M], False),
    ("fmod_scalar", lambda T, x: T.fmod(x, 0.7), [M], False),
    ("lerp_scalar", lambda T, x: T.lerp(x, T.ones(3, 4), 0.3), [M], True),
    ("masked_fill", lambda T, x: x.masked_fill(x > 0.5, -1.0), [M], True),
    ("where_scalar", lambda T, x: T.where(x > 0, x, 0.0), [M], True),
    ("where_scalar_left", lambda T, x: T.where(x > 0, 1.0, x), [M], True),
    ("where_method", lambda T, x: x.where(x > 0, T.zeros(3, 4)), [M], True),
    ("float_power", lambda T, x: T.float_power(x, 2), [M], True),
    ("composite", lambda T, x: (x.exp() * x.sin() + x.tanh() / 3).sigmoid(), [M], True),
]


@pytest.mark.parametrize("name,fn,inputs,grad", UNARY, ids=[c[0] for c in UNARY])
def test_unary(oracle, name, fn, inputs, grad):
    check_case(oracle, name, fn, inputs)
    if grad:
        check_gradcheck(fn, inputs)


B = In((3, 4), seed=1)
BINARY = [
    ("add", lambda T, x, y: x + y, [M, B]),
    ("add_fn_alpha", lambda T, x, y: T.add(x, y, alpha=2), [M, B]),
    ("add_method_alpha", lambda T, x, y: x.add(y, alpha=-0.5), [M, B]),
    ("sub", lambda T, x, y: x - y, [M, B]),
    ("sub_alpha", lambda T, x, y: x.sub(y, alpha=3), [M, B]),
    ("mul", lambda T, x, y: x * y, [M, B]),
    ("div", lambda T, x, y: x / y, [M, In((3, 4), low=0.5, high=2, seed=1)]),
    ("pow_tensor", lambda T, x, y: x ** y, [POS, B]),
    ("pow_tensor_fn", lambda T, x, y: T.pow(x, y), [POS, B]),
    ("maximum", lambda T, x, y: T.maximum(x, y), [M, B]),
    ("minimum", lambda T, x, y: x.minimum(y), [M, B]),
    ("where", lambda T, x, y: T.where(x > y, x, y), [M, B]),
    ("remainder", lambda T, x, y: x % y, [M, In((3, 4), low=0.5, high=2, seed=1)]),
    ("fmod", lambda T, x, y: x.fmod(y), [M, In((3, 4), low=0.5, high=2, seed=1)]),
    ("div_floor", lambda T, x, y: x.div(y, rounding_mode="floor"),
     [M, In((3, 4), low=0.5, high=2, seed=1)]),
    ("lerp", lambda T, x, y: x.lerp(y, 0.25), [M, B]),
    ("lerp_tensor_weight", lambda T, x, y: x.lerp(y, T.full((3, 4), 0.25)), [M, B]),
    ("clamp_tensor", lambda T, x, y: x.clamp(min=y), [M, B]),
    ("clamp_tensor_both", lambda T, x, y: x.clamp(y - 0.5, y + 0.5), [M, B]),
    ("masked_fill_tensor", lambda T, x, y: x.masked_fill(x > 0, y.sum()), [M, B]),
    ("add_broadcast", lambda T, x, y: x + y, [(3, 1), In((4,), seed=1)]),
    ("mul_broadcast", lambda T, x, y: x * y, [(2, 3, 1), In((1, 4), seed=1)]),
    ("div_broadcast", lambda T, x, y: x / y, [(3, 4), In((4,), low=0.5, high=2, seed=1)]),
    ("sub_zero_dim", lambda T, x, y: x - y, [(3, 4), In((), seed=1)]),
    ("maximum_broadcast", lambda T, x, y: T.maximum(x, y), [(3, 1), In((1, 4), seed=1)]),
    ("pow_broadcast", lambda T, x, y: x ** y, [In((3, 1), low=0.2, high=2), In((4,), seed=1)]),
    ("where_broadcast", lambda T, x, y: T.where(x > 0, x, y), [(3, 4), In((4,), seed=1)]),
    ("mixed", lambda T, x, y: (x * y + x / (y * y + 1)).exp().mean(), [M, B]),
    ("same_input_twice", lambda T, x, y: x * x + y, [M, B]),
]


@pytest.mark.parametrize("name,fn,inputs", BINARY, ids=[c[0] for c in BINARY])
def test_binary(oracle, name, fn, inputs):
    check_case(oracle, name, fn, inputs)
    if name not in ("remainder", "fmod", "div_floor"):
        check_gradcheck(fn, inputs)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_lerp_is_torchs_kernel_bit_for_bit(oracle, dtype):
    """torch computes ``w (end - start) + start`` for |w| < 0.5 and ``(w - 1)(end - start)
    + end`` otherwise, each one fused multiply-add: exact at w = 1 even from an infinite
    start, and the same last bits (Adam's moment update is a lerp)."""
    rng = np.random.RandomState(7)
    start = (rng.standard_normal(40) * 10.0 ** rng.randint(-2, 3, 40)).round(4).tolist()
    end = rng.standard_normal(40).round(4).tolist()
    start[:3], end[:3] = [math.inf, -math.inf, 1.0], [1.0, 2.0, math.inf]
    weights = rng.uniform(-0.5, 1.5, 40).round(4).tolist()

    def run(T):
        dt = getattr(T, dtype)
        a, b = T.tensor(start, dtype=dt), T.tensor(end, dtype=dt)
        outs = [T.lerp(a, b, w) for w in (0.0, 0.25, 0.4999, 0.5, 0.75, 1.0, -0.3, 1.7)]
        outs.append(T.lerp(a, b, T.tensor(weights, dtype=dt)))
        return [o.tolist() for o in outs]
    expected = oracle(f"lerp_bits_{dtype}", run)
    ours = run(al)
    for o, e in zip(ours, expected):
        np.testing.assert_array_equal(np.array(o, dtype=float), np.array(e, dtype=float))


# torch has no bool kernel for abs and the rounding ops (sign has one)
BOOL_KERNELS = {
    "floor": lambda T: T.floor(T.tensor([True, False])),
    "ceil": lambda T: T.tensor([True]).ceil(),
    "trunc": lambda T: T.trunc(T.tensor([True])),
    "round": lambda T: T.round(T.tensor([True])),
    "round_decimals": lambda T: T.tensor([True]).round(decimals=2),
    "abs": lambda T: abs(T.tensor([True])),
    "abs_": lambda T: T.tensor([True]).abs_(),
    "floor_": lambda T: T.tensor([True]).floor_(),
    "sign": lambda T: T.sign(T.tensor([True, False])),
}


@pytest.mark.parametrize("name", sorted(BOOL_KERNELS))
def test_bool_inputs_of_abs_and_rounding(oracle, name):
    check(oracle, f"bool_{name}", BOOL_KERNELS[name])


# a number bound is converted into the clamped tensor's dtype as C++ converts it: -2 in uint8
# is 254, a bound that does not fit is torch's RuntimeError (not a silent wrap)
CLAMP_BOUNDS = {
    "uint8_negative_wraps": lambda T: T.clamp(T.tensor([1, 2], dtype=T.uint8), -2),
    "uint8_clamp_min_negative_wraps": lambda T: T.clamp_min(T.tensor([1, 2], dtype=T.uint8), -2),
    "uint8_max_300": lambda T: T.clamp(T.tensor([1, 2], dtype=T.uint8), max=300),
    "uint8_clamp_max_300": lambda T: T.clamp_max(T.tensor([1, 2], dtype=T.uint8), 300),
    "uint8_min_minus_300": lambda T: T.clamp(T.tensor([1, 2], dtype=T.uint8), -300),
    "int8_min_minus_200": lambda T: T.clamp(T.tensor([1, 2], dtype=T.int8), -200),
    "int8_clamp_min_200": lambda T: T.clamp_min(T.tensor([1, 2], dtype=T.int8), 200),
    "float16_max_minus_1e6": lambda T: T.clamp(T.tensor([1.0, 2.0], dtype=T.float16),
                                               max=-1e6),
    "int16_float_bound_promotes": lambda T: T.clamp(T.tensor([1, 2], dtype=T.int16), 1e6),
    "float32_inf_bound": lambda T: T.clamp(T.tensor([1.0, 2.0]), math.inf),
}


@pytest.mark.parametrize("name", sorted(CLAMP_BOUNDS))
def test_clamp_number_bounds_out_of_range(oracle, name):
    check(oracle, f"clamp_bound_{name}", CLAMP_BOUNDS[name])


# add/sub's alpha is a Number to torch's argument parser: a 0-d tensor without grad counts
# as its value; a float may not scale integers, a bool only bools
ALPHA = {
    "zero_dim_tensor": lambda T: T.ones(2).add(T.ones(2), alpha=T.tensor(2.0)),
    "zero_dim_int_tensor_sub": lambda T: T.ones(2).sub(T.ones(2), alpha=T.tensor(3)),
    "zero_dim_tensor_inplace": lambda T: T.ones(2).add_(T.ones(2), alpha=T.tensor(2.0)),
    "grad_through_tensor_alpha": lambda T: T.ones(2, requires_grad=True).add(
        T.ones(2), alpha=T.tensor(2.0)),
    "one_dim_tensor": lambda T: T.ones(2).add(T.ones(2), alpha=T.tensor([2.0])),
    "tensor_requiring_grad": lambda T: T.ones(2).add(
        T.ones(2), alpha=T.tensor(2.0, requires_grad=True)),
    "list": lambda T: T.ones(2).sub(T.ones(2), alpha=[1]),
    "string": lambda T: T.ones(2).add(1, alpha="x"),
    "inplace_one_dim": lambda T: T.ones(2).sub_(T.ones(2), alpha=T.tensor([1.0])),
    "float_on_ints": lambda T: T.ones(2, dtype=T.long).add(T.ones(2, dtype=T.long), alpha=2.5),
    "float_on_ints_inplace": lambda T: T.ones(2, dtype=T.long).add_(T.ones(2, dtype=T.long),
                                                                     alpha=2.5),
    "float_on_int_and_number": lambda T: T.ones(2, dtype=T.long).add(2, alpha=2.5),
    "float_on_int_and_float": lambda T: T.ones(2, dtype=T.long).add(T.ones(2), alpha=2.5),
    "bool_on_floats": lambda T: T.ones(2).add(T.ones(2), alpha=True),
    "bool_on_bools": lambda T: T.tensor([True, False]).add(T.tensor([True, False]),
                                                           alpha=True),
    "int_on_bools": lambda T: T.tensor([True, False]).add(T.tensor([False, True]), alpha=2),
    "zero_on_bools": lambda T: T.tensor([False, False]).add(T.tensor([True, False]), alpha=0),
}


@pytest.mark.parametrize("name", sorted(ALPHA))
def test_alpha_argument(oracle, name):
    check(oracle, f"alpha_{name}", ALPHA[name])


COMPARE = [
    ("eq", lambda T, x, y: x == y), ("ne", lambda T, x, y: x != y),
    ("lt", lambda T, x, y: x < y), ("le", lambda T, x, y: x <= y),
    ("gt", lambda T, x, y: x > y), ("ge", lambda T, x, y: x >= y),
    ("eq_fn", lambda T, x, y: T.eq(x, y)), ("gt_fn", lambda T, x, y: T.gt(x, 0.5)),
    ("lt_scalar", lambda T, x, y: x < 0), ("ge_method", lambda T, x, y: x.ge(y)),
    ("and", lambda T, x, y: (x > 0) & (y > 0)), ("or", lambda T, x, y: (x > 0) | (y > 0)),
    ("xor", lambda T, x, y: (x > 0) ^ (y > 0)), ("invert", lambda T, x, y: ~(x > y)),
    ("logical_not", lambda T, x, y: T.logical_not(x > 0)),
    ("isnan", lambda T, x, y: T.isnan(x.log())), ("isinf", lambda T, x, y: (x / 0).isinf()),
    ("isfinite", lambda T, x, y: T.isfinite(x.log())),
    ("isclose", lambda T, x, y: T.isclose(x, x + 1e-7)),
    ("logical_and", lambda T, x, y: T.logical_and(x, y)),
    ("logical_or", lambda T, x, y: x.logical_or(y > 0)),
    ("logical_xor", lambda T, x, y: T.logical_xor(x > 0, y)),
]


@pytest.mark.parametrize("name,fn", COMPARE, ids=[c[0] for c in COMPARE])
def test_comparisons(oracle, name, fn):
    """Comparisons give bool tensors outside the graph, even for inputs requiring grad."""
    x = In([[1.0, -2.0, 3.0], [0.0, 0.5, -0.5]])
    y = In([[1.0, 2.0, -3.0], [0.0, 1.5, -0.5]])
    check_case(oracle, name, fn, [x, y])


def test_equal_allclose(oracle):
    def run(T):
        a, b = T.tensor([1.0, 2.0]), T.tensor([1.0, 2.0 + 1e-9])
        return [T.equal(a, b), a.equal(a), T.allclose(a, b), a.allclose(b + 1),
                T.equal(a, T.tensor([1.0]))]
    assert run(al) == oracle("eq", run)


# ------------------------------------------------------------------- subgradients at kinks
KINKS = [
    ("relu_at_zero", lambda T, x: x.relu(), [In([-1.0, 0.0, 2.0])]),
    ("abs_at_zero", lambda T, x: x.abs(), [In([-1.0, 0.0, 2.0])]),
    ("sign_at_zero", lambda T, x: x.sign(), [In([-1.0, 0.0, 2.0])]),
    ("clamp_boundaries", lambda T, x: x.clamp(-1.0, 1.0), [In([-2.0, -1.0, 0.0, 1.0, 2.0])]),
    ("clamp_min_boundary", lambda T, x: x.clamp(min=0.0), [In([-1.0, 0.0, 1.0])]),
    ("clamp_max_boundary", lambda T, x: x.clamp(max=0.0), [In([-1.0, 0.0, 1.0])]),
    ("clamp_tensor_ties", lambda T, x, lo: x.clamp(min=lo),
     [In([-1.0, 0.0, 1.0]), In([0.0, 0.0, 0.0])]),
    ("maximum_ties", lambda T, x, y: T.maximum(x, y), [In([1.0, 2.0, 3.0]), In([1.0, 1.0, 4.0])]),
    ("minimum_ties", lambda T, x, y: T.minimum(x, y), [In([1.0, 2.0, 3.0]), In([1.0, 1.0, 4.0])]),
    ("sqrt_at_zero", lambda T, x: x.sqrt(), [In([0.0, 4.0])]),
    ("log_at_zero", lambda T, x: x.log(), [In([0.0, 1.0, -1.0])]),
    ("pow_zero_base", lambda T, x: x ** 2, [In([0.0, -1.0])]),
    ("pow_tensor_zero_base", lambda T, x, y: x ** y,
     [In([0.0, 0.0, 2.0, 0.0]), In([0.0, 2.0, 0.0, 0.5])]),
    ("pow_zero_exponent_at_zero", lambda T, x: x ** 0, [In([0.0, 1.0])]),
    ("pow_half_at_zero", lambda T, x: x ** 0.5, [In([0.0, 1.0])]),
    ("div_by_zero", lambda T, x, y: x / y, [In([1.0, -1.0, 0.0]), In([0.0, 0.0, 0.0])]),
    ("sigmoid_extremes", lambda T, x: x.sigmoid(), [In([-100.0, 0.0, 100.0])]),
    ("tanh_extremes", lambda T, x: x.tanh(), [In([-100.0, 0.0, 100.0])]),
    ("exp_overflow", lambda T, x: x.exp(), [In([100.0, -100.0])]),
    ("where_nan_branch", lambda T, x: T.where(x > 0, x.log(), x), [In([-1.0, 2.0])]),
]


@pytest.mark.parametrize("name,fn,inputs", KINKS, ids=[c[0] for c in KINKS])
def test_kinks(oracle, name, fn, inputs):
    check_case(oracle, name, fn, inputs)


def test_relu_gradient_with_nan_and_inf(oracle):
    """torch's threshold_backward: 0 where the result is <= 0, the gradient elsewhere -- so a
    nan input passes its gradient on, and an inf or nan gradient at a unit that is off gives
    0 (a product with a 0/1 mask would give nan)."""
    def run(T):
        x = T.tensor([float("nan"), -1., 2., 0., -3.], requires_grad=True)
        y = T.relu(x)
        y.backward(T.tensor([1., float("nan"), 3., float("inf"), float("-inf")]))
        return [y, x.grad]
    compare(run(al), oracle("relu_nan_inf", run))


X = NAN_VALUES
LOW = [0.0, -1.0, 3.0, 0.0, -0.5, 2.0, -1.0, 0.0, 0.0]     # some above HIGH: min > max
HIGH = [1.0, 1.0, 1.0, -1.0, 0.0, 1.0, -2.0, float("inf"), float("-inf")]
OTHER = [0.0, 0.0, 0.0, 0.0, -0.5, 1.0, -1.0, 0.0, 0.0]    # ties with X
OTHER_NAN = [NAN, 1.0, 2.0, NAN, 0.0, 1.0, NAN, float("inf"), float("-inf")]
# (id, fn(lib, *inputs), inputs): ops whose derivative picks where the gradient goes
NAN_INF = [
    ("abs", lambda T, x: x.abs(), [X]),                   # grad * sgn(x), sgn(nan) = 0
    ("sign", lambda T, x: x.sign(), [X]),                 # sign(nan) = 0; zeros_like(grad)
    ("floor", lambda T, x: x.floor(), [X]),
    ("ceil", lambda T, x: x.ceil(), [X]),
    ("round", lambda T, x: x.round(), [X]),
    ("round_decimals", lambda T, x: x.round(decimals=1), [X]),
    ("trunc", lambda T, x: x.trunc(), [X]),
    ("clamp", lambda T, x: x.clamp(-1.0, 1.0), [X]),
    ("clamp_int_bounds", lambda T, x: x.clamp(-1, 1), [X]),
    ("clamp_min", lambda T, x: x.clamp(min=0.0), [X]),
    ("clamp_max", lambda T, x: x.clamp(max=0.0), [X]),
    ("clamp_min_above_max", lambda T, x: x.clamp(1.0, -1.0), [X]),
    ("clamp_nan_bound", lambda T, x: x.clamp(min=NAN), [X]),
    ("clamp_tensor_min", lambda T, x, lo: x.clamp(min=lo), [X, LOW]),
    ("clamp_tensor_max", lambda T, x, hi: x.clamp(max=hi), [X, HIGH]),
    ("clamp_tensor_both", lambda T, x, lo, hi: x.clamp(lo, hi), [X, LOW, HIGH]),
    ("clamp_tensor_nan_bound", lambda T, x, lo: x.clamp(min=lo), [X, [NAN] * 9]),
    ("maximum", lambda T, x, y: T.maximum(x, y), [X, OTHER]),
    ("minimum", lambda T, x, y: T.minimum(x, y), [X, OTHER]),
    ("maximum_nan_both", lambda T, x, y: T.maximum(x, y), [X, OTHER_NAN]),
    ("minimum_nan_both", lambda T, x, y: T.minimum(y, x), [X, OTHER_NAN]),
    ("maximum_broadcast", lambda T, x, y: T.maximum(x, y), [X, [0.0]]),
    ("max_of_two", lambda T, x, y: T.max(x, y), [X, OTHER]),
    ("pow_zero", lambda T, x: x ** 0, [X]),                # zeros_like (not grad * 0)
    ("div_floor", lambda T, x: x.div(2.0, rounding_mode="floor"), [X]),
    ("div_trunc_tensor", lambda T, x, y: T.div(x, y, rounding_mode="trunc"), [X, HIGH]),
]


@pytest.mark.parametrize("create_graph", [False, True], ids=["grad", "create_graph"])
@pytest.mark.parametrize("name,fn,inputs", NAN_INF, ids=[c[0] for c in NAN_INF])
def test_gradient_with_nan_and_inf(oracle, name, fn, inputs, create_graph):
    """PyTorch's derivative formulas choose (``where(mask, grad, 0)``, ``zeros_like(grad)``)
    rather than multiply by a 0/1 mask: an inf or nan gradient where the op passes nothing
    gives 0, not nan. sign(nan) is 0 and comparisons with nan are false, which decides
    where a nan input's gradient goes (maximum(nan, y) passes it to both inputs)."""
    check_nan_case(oracle, name, fn, inputs, create_graph)


# ------------------------------------------------------------------- dtypes and grad flags
@pytest.mark.parametrize("dtype", ["float16", "float64"])
def test_float_dtypes_kept(oracle, dtype):
    fn = lambda T, x, y: ((x * y).exp() + 2 * x - 1.5).sigmoid()  # noqa: E731
    check_case(oracle, dtype, fn, [M, B], rtol=2e-3, atol=2e-3, dtype=dtype)


INT_UNARY = [
    ("exp", lambda T, x: x.exp()), ("sqrt", lambda T, x: x.abs().sqrt()),
    ("sigmoid", lambda T, x: x.sigmoid()), ("neg", lambda T, x: -x), ("abs", lambda T, x: x.abs()),
    ("relu", lambda T, x: x.relu()), ("pow2", lambda T, x: x ** 2),
    ("pow_float", lambda T, x: x.abs() ** 0.5), ("rpow", lambda T, x: 2 ** x),
    ("div", lambda T, x: x / 2), ("floordiv", lambda T, x: x // 2),
    ("clamp", lambda T, x: x.clamp(-1, 1)), ("clamp_float", lambda T, x: x.clamp(-0.5, 1)),
    ("sign", lambda T, x: x.sign()), ("floor", lambda T, x: x.floor()),
    ("reciprocal", lambda T, x: x.reciprocal()), ("tanh", lambda T, x: x.tanh()),
    ("remainder", lambda T, x: x % 3), ("square", lambda T, x: x.square()),
]


@pytest.mark.parametrize("name,fn", INT_UNARY, ids=[c[0] for c in INT_UNARY])
def test_integer_inputs(oracle, name, fn):
    """Integer tensors never require grad; float-valued ops give the default float dtype."""
    check_case(oracle, name, fn, [In((2, 3), dtype="int64", low=-4, high=4)])


def test_bool_neg_error(oracle):
    check_error(oracle, "neg", lambda T: -T.tensor([True, False]))
    check_error(oracle, "sub", lambda T: T.tensor([True]) - T.tensor([False]))


def test_int_negative_power_error(oracle):
    check_error(oracle, "err", lambda T: T.tensor([1, 2]) ** -1)


def test_floordiv_backward_not_implemented(oracle):
    """``x // y`` has no derivative in torch: backward raises."""
    def run(T):
        x = T.tensor([1.5, 2.5], requires_grad=True)
        (x // 2).sum().backward()
    check_error(oracle, "err", run)


def test_clamp_needs_a_bound(oracle):
    check_error(oracle, "err", lambda T: T.ones(2).clamp())


BROADCAST_ERRORS = [
    ("add", lambda T: T.ones(2, 3) + T.ones(2, 4)),
    ("mul", lambda T: T.ones(3) * T.ones(4)),
    ("sub", lambda T: T.ones(5, 1, 3) - T.ones(2, 4)),
    ("div", lambda T: T.ones(2, 3) / T.ones(3, 2)),
    ("pow", lambda T: T.ones(2, 3) ** T.ones(4)),
    ("maximum", lambda T: T.maximum(T.ones(2, 3), T.ones(4))),
    ("minimum", lambda T: T.minimum(T.ones(2, 3), T.ones(4))),
    ("where", lambda T: T.where(T.ones(3) > 0, T.ones(3), T.ones(4))),
    ("where_cond", lambda T: T.where(T.ones(4) > 0, T.ones(3), T.ones(3))),
    ("eq", lambda T: T.ones(3) == T.ones(4)),
    ("lt", lambda T: T.ones(3) < T.ones(2, 4)),
    ("remainder", lambda T: T.ones(3) % T.ones(4)),
    ("and", lambda T: (T.ones(3) > 0) & (T.ones(4) > 0)),
    ("logical_and", lambda T: T.logical_and(T.ones(3), T.ones(4))),
    ("isclose", lambda T: T.isclose(T.ones(3), T.ones(4))),
    ("allclose", lambda T: T.allclose(T.ones(3), T.ones(4))),
    ("isclose_dtypes", lambda T: T.isclose(T.tensor([1, 2]), T.tensor([1.0, 2.0]))),
    ("logical_and_number", lambda T: T.logical_and(T.ones(3), 1)),
    ("grad_x", lambda T: T.ones(3, requires_grad=True) * T.ones(2, 4)),
    ("masked_fill", lambda T: T.ones(2, 3).masked_fill(T.ones(3, 2) > 0, 1.0)),
    ("clamp_tensor", lambda T: T.ones(2, 3).clamp(T.ones(4))),
    ("lerp", lambda T: T.ones(2, 3).lerp(T.ones(4), 0.5)),
]


@pytest.mark.parametrize("name,fn", BROADCAST_ERRORS, ids=[c[0] for c in BROADCAST_ERRORS])
def test_broadcast_errors(oracle, name, fn):
    """torch's message names the first mismatching dimension; NumPy's must never leak."""
    check_error(oracle, name, fn)


def test_saved_attributes(oracle):
    def run(T):
        x = T.tensor([1.0, 2.0], requires_grad=True)
        a = x.add(x, alpha=3).grad_fn._saved_alpha
        c = x.clamp(0.5, 1.5).grad_fn
        p = (x ** 3).grad_fn
        r = (2 ** x).grad_fn
        e = x.exp().grad_fn._saved_result
        m = (x * 2).grad_fn._saved_other
        return [a, c._saved_min, c._saved_max, c._saved_self, p._saved_exponent, p._saved_self,
                r._saved_self, r._saved_result, e, m]
    compare(run(al), oracle("saved", run))


# ------------------------------------------------------------------- double backward
DOUBLE = [
    ("tanh", lambda T, x: x.tanh()), ("sigmoid", lambda T, x: x.sigmoid()),
    ("exp_mul", lambda T, x: x.exp() * x), ("pow3", lambda T, x: x ** 3),
    ("div", lambda T, x: 1 / (x * x + 1)), ("sin_cos", lambda T, x: x.sin() * x.cos()),
    ("log", lambda T, x: (x * x + 1).log()), ("sqrt", lambda T, x: (x * x + 1).sqrt()),
]


@pytest.mark.parametrize("name,fn", DOUBLE, ids=[c[0] for c in DOUBLE])
def test_double_backward(oracle, name, fn):
    """d2y/dx2 through ``create_graph=True``: the first gradient is itself differentiable."""
    def run(T):
        x = T.tensor([-1.5, 0.3, 2.0], requires_grad=True)
        y = fn(T, x).sum()
        g, = T.autograd.grad(y, x, create_graph=True)
        g.sum().backward()
        return [g, x.grad]
    compare(run(al), oracle(name, run), rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------- Hypothesis broadcasting
def _shapes():
    """Two broadcast-compatible shapes of up to 3 dims (sizes 1-3)."""
    return st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from(["a", "b", "both"])),
                    min_size=0, max_size=3).flatmap(
        lambda dims: st.tuples(st.integers(0, len(dims)), st.integers(0, len(dims))).map(
            lambda cut: _split(dims, *cut)))


def _split(dims, cut_a, cut_b):
    a = tuple(n if who in ("a", "both") else 1 for n, who in dims)[cut_a:]
    b = tuple(n if who in ("b", "both") else 1 for n, who in dims)[cut_b:]
    return a, b


HYP_OPS = {
    "add": lambda T, x, y: x + y, "sub": lambda T, x, y: x - y,
    "mul": lambda T, x, y: x * y, "div": lambda T, x, y: x / (y * y + 1),
    "maximum": lambda T, x, y: T.maximum(x, y), "minimum": lambda T, x, y: T.minimum(x, y),
    "pow": lambda T, x, y: (x * x + 0.5) ** y, "where": lambda T, x, y: T.where(x > y, x, y),
}


@pytest.mark.skipif(not torch_available(), reason="property test compares live with torch")
@settings(max_examples=30, deadline=None)
@given(shapes=_shapes(), op=st.sampled_from(sorted(HYP_OPS)), seed=st.integers(0, 20))
def test_broadcasting_property(shapes, op, seed):
    import torch
    fn = HYP_OPS[op]
    specs = [In(shapes[0], seed=seed), In(shapes[1], seed=seed + 1)]
    expected = _encode(run_case(torch, fn, specs))
    compare(run_case(al, fn, specs), expected)
