"""Reductions against torch: values, gradients (ties, zeros), grad_fn names and saved
attributes, ``torch.return_types`` results, errors, gradcheck and double backward."""
import math

import pytest

import autograd_lab as al
from oracle import assert_tensor_matches
from ops_helper import (NAN, NAN_VALUES, In, check_case, check_error, check_gradcheck,
                        check_nan_case, compare, node_sig)

M = (3, 4)
D = In((3, 4), distinct=True)               # no ties: max/min/sort gradients are unambiguous
T3 = (2, 3, 4)

# (id, fn(lib, x), inputs, gradcheck?)
REDUCTIONS = [
    ("sum", lambda T, x: x.sum(), [M], True),
    ("sum_fn", lambda T, x: T.sum(x), [M], True),
    ("sum_dim", lambda T, x: x.sum(1), [M], True),
    ("sum_neg_dim", lambda T, x: x.sum(-1), [T3], True),
    ("sum_dims", lambda T, x: x.sum((0, 2)), [T3], True),
    ("sum_keepdim", lambda T, x: x.sum(1, keepdim=True), [T3], True),
    ("sum_empty_tuple", lambda T, x: x.sum(()), [M], True),
    ("sum_none_keepdim", lambda T, x: x.sum(dim=None, keepdim=True), [M], True),
    ("sum_dtype", lambda T, x: x.sum(dtype=T.float64), [M], True),
    ("sum_0d", lambda T, x: x.sum(), [In(())], True),
    ("mean", lambda T, x: x.mean(), [M], True),
    ("mean_dim", lambda T, x: x.mean(0), [M], True),
    ("mean_dims_keep", lambda T, x: T.mean(x, (1, 2), keepdim=True), [T3], True),
    ("mean_none_keepdim", lambda T, x: x.mean(dim=None, keepdim=True), [M], True),
    ("prod", lambda T, x: x.prod(), [M], True),
    ("prod_dim", lambda T, x: x.prod(1), [M], True),
    ("prod_keepdim", lambda T, x: x.prod(0, keepdim=True), [T3], True),
    ("prod_one_zero", lambda T, x: x.prod(), [In([[1.5, 0.0], [2.0, -3.0]])], True),
    ("prod_two_zeros", lambda T, x: x.prod(), [In([[1.5, 0.0], [0.0, -3.0]])], False),
    ("prod_dim_zeros", lambda T, x: x.prod(1),
     [In([[1.5, 0.0, 2.0], [0.0, 0.0, 3.0], [1.0, 2.0, 3.0]])], True),
    ("max", lambda T, x: x.max(), [D], True),
    ("min", lambda T, x: x.min(), [D], True),
    ("max_fn", lambda T, x: T.max(x), [D], True),
    ("max_dim", lambda T, x: x.max(1), [D], True),
    ("max_dim_keepdim", lambda T, x: x.max(0, keepdim=True), [D], True),
    ("max_dim_fn", lambda T, x: T.max(x, dim=-1), [D], True),
    ("min_dim", lambda T, x: x.min(0), [D], True),
    ("min_dim_named", lambda T, x: x.min(dim=1, keepdim=True).values, [D], True),
    ("max_dim_indices_field", lambda T, x: x.max(1).indices, [D], False),
    ("max_0d", lambda T, x: x.max(0), [In(())], True),
    ("max_binary", lambda T, x: T.max(x, x * 0.5), [D], True),
    ("amax", lambda T, x: x.amax(), [D], True),
    ("amax_dim", lambda T, x: x.amax(1), [D], True),
    ("amin_dims", lambda T, x: T.amin(x, (0, 1), keepdim=True), [In(T3, distinct=True)], True),
    ("argmax", lambda T, x: x.argmax(), [D], False),
    ("argmax_dim", lambda T, x: x.argmax(1), [D], False),
    ("argmin_keepdim", lambda T, x: T.argmin(x, 0, keepdim=True), [D], False),
    ("argmax_none_keepdim", lambda T, x: x.argmax(keepdim=True), [D], False),
    ("var", lambda T, x: x.var(), [M], True),
    ("var_dim", lambda T, x: x.var(1), [M], True),
    ("var_biased", lambda T, x: x.var(1, unbiased=False), [M], True),
    ("var_correction", lambda T, x: x.var(0, correction=0, keepdim=True), [M], True),
    ("var_correction2", lambda T, x: T.var(x, dim=(0, 1), correction=2), [M], True),
    ("var_unbiased_kw", lambda T, x: x.var(unbiased=False), [M], True),
    ("std", lambda T, x: x.std(), [M], True),
    ("std_dim", lambda T, x: x.std(1, keepdim=True), [M], True),
    ("std_biased", lambda T, x: T.std(x, 0, unbiased=False), [M], True),
    ("std_correction", lambda T, x: x.std(dim=1, correction=0), [M], True),
    ("std_constant", lambda T, x: x.std(1), [In([[2.0, 2.0], [1.0, 3.0]])], False),
    ("norm", lambda T, x: x.norm(), [M], True),
    ("norm_p1", lambda T, x: x.norm(1), [M], True),
    ("norm_p3", lambda T, x: x.norm(3), [M], True),
    ("norm_inf", lambda T, x: x.norm(float("inf")), [D], True),
    ("norm_neg_inf", lambda T, x: x.norm(float("-inf")), [D], True),
    ("norm_p0", lambda T, x: x.norm(0), [M], False),
    ("norm_fro", lambda T, x: x.norm("fro"), [M], True),
    ("norm_dim", lambda T, x: x.norm(dim=1), [M], True),
    ("norm_p1_dim_keep", lambda T, x: x.norm(1, dim=0, keepdim=True), [M], True),
    ("norm_fn", lambda T, x: T.norm(x, 2, dim=(0, 1)), [M], True),
    ("norm_zero_vector", lambda T, x: (x * 0).norm(), [M], False),
    ("norm_inf_ties", lambda T, x: x.norm(float("inf")), [In([[3.0, -3.0], [1.0, 2.0]])], False),
    ("logsumexp", lambda T, x: x.logsumexp(1), [M], True),
    ("logsumexp_dims", lambda T, x: T.logsumexp(x, (0, 1), keepdim=True), [M], True),
    ("logsumexp_big", lambda T, x: x.logsumexp(0), [In([[1000.0, -1000.0], [1001.0, 5.0]])],
     False),
    ("cumsum", lambda T, x: x.cumsum(1), [M], True),
    ("cumsum_dim0", lambda T, x: T.cumsum(x, dim=0), [T3], True),
    ("cumsum_neg", lambda T, x: x.cumsum(-1), [T3], True),
    ("sort", lambda T, x: x.sort(), [D], True),
    ("sort_dim0_desc", lambda T, x: x.sort(0, descending=True), [D], True),
    ("sort_fn", lambda T, x: T.sort(x, dim=1), [D], True),
    ("sort_stable", lambda T, x: T.sort(x, stable=True), [D], True),
    ("argsort", lambda T, x: T.argsort(x, dim=1), [D], False),
    ("topk", lambda T, x: x.topk(2), [D], True),
    ("topk_smallest", lambda T, x: x.topk(2, dim=0, largest=False), [D], True),
    ("topk_fn", lambda T, x: T.topk(x, 1), [D], True),
    ("all", lambda T, x: (x > 0).all(), [M], False),
    ("any_dim", lambda T, x: (x > 1).any(1), [M], False),
    ("all_dim_keep", lambda T, x: T.all(x > -1, dim=0, keepdim=True), [M], False),
    ("all_float", lambda T, x: x.all(), [M], False),
    ("any_fn", lambda T, x: T.any(x > 1.5), [M], False),
    ("chain", lambda T, x: (x - x.mean(1, keepdim=True)) / x.std(1, keepdim=True), [M], True),
    ("softmax_by_hand", lambda T, x: (x - x.logsumexp(1, keepdim=True)).exp(), [M], True),
]


@pytest.mark.parametrize("name,fn,inputs,grad", REDUCTIONS, ids=[c[0] for c in REDUCTIONS])
def test_reduction(oracle, name, fn, inputs, grad):
    check_case(oracle, name, fn, inputs)
    if grad:
        check_gradcheck(fn, inputs)


TIES = [
    ("max_all_ties", lambda T, x: x.max()),
    ("min_all_ties", lambda T, x: x.min()),
    ("max_dim_ties", lambda T, x: x.max(1)),
    ("min_dim_ties", lambda T, x: x.min(0)),
    ("amax_ties", lambda T, x: x.amax(1)),
    ("amin_all_ties", lambda T, x: x.amin()),
    ("argmax_ties", lambda T, x: x.argmax(1)),
    ("argmin_ties", lambda T, x: x.argmin()),
    ("sort_ties", lambda T, x: x.sort(1)),
    ("sort_desc_ties", lambda T, x: x.sort(1, descending=True)),
    ("topk_ties", lambda T, x: x.topk(2)),
]


@pytest.mark.parametrize("name,fn", TIES, ids=[c[0] for c in TIES])
def test_ties(oracle, name, fn):
    """Ties: max()/amax share the gradient evenly; max(dim) gives it to the first index."""
    check_case(oracle, name, fn, [In([[1.0, 5.0, 5.0], [6.0, 2.0, 6.0], [3.0, 3.0, 3.0]])])


INTEGER = [
    ("sum", lambda T, x: x.sum()), ("sum_dim", lambda T, x: x.sum(0)),
    ("prod", lambda T, x: x.prod(1)), ("max", lambda T, x: x.max()),
    ("max_dim", lambda T, x: x.max(1)), ("amin", lambda T, x: x.amin(0)),
    ("cumsum", lambda T, x: x.cumsum(0)), ("argmax", lambda T, x: x.argmax()),
    ("sum_float_dtype", lambda T, x: x.sum(dtype=T.float32)),
    ("bool_sum", lambda T, x: (x > 0).sum()), ("bool_cumsum", lambda T, x: (x > 0).cumsum(1)),
    ("uint8_all", lambda T, x: x.to(T.uint8).all()), ("sort", lambda T, x: x.sort(0)),
    ("int32_sum", lambda T, x: x.int().sum(1)), ("mean_dtype", lambda T, x: x.mean(dtype=T.float64)),
]


@pytest.mark.parametrize("name,fn", INTEGER, ids=[c[0] for c in INTEGER])
def test_integer_reductions(oracle, name, fn):
    """Integer sums widen to int64; integer results never require grad."""
    check_case(oracle, name, fn, [In((3, 4), dtype="int64", low=-5, high=5)])


def test_return_types_print_and_unpack(oracle):
    def run(T):
        x = T.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], requires_grad=True)
        r = x.max(1)
        values, indices = r
        s = x.sort(descending=True)
        return [repr(r), str(r), repr(s), repr(x.topk(1)), repr(x.min(0, keepdim=True)),
                type(r).__name__, len(r), values is r.values, indices is r[1],
                repr(T.tensor(3.0).max(0))]
    compare(run(al), oracle("repr", run))


def test_saved_attributes(oracle):
    def run(T):
        x = T.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], requires_grad=True)
        out = []
        for fn, attrs in [
            (x.sum(1).grad_fn, ["dim", "keepdim", "self_sym_sizes"]),
            (x.sum().grad_fn, ["self_sym_sizes"]),
            (x.mean((0, 1)).grad_fn, ["dim", "keepdim", "self_sym_sizes", "self_sym_numel"]),
            (x.max(1).values.grad_fn, ["dim", "keepdim", "indices", "self_sym_sizes"]),
            (x.max().grad_fn, ["self", "result"]),
            (x.amax(1).grad_fn, ["dim", "keepdim", "result"]),
            (x.prod(1).grad_fn, ["dim", "keepdim", "result", "self"]),
            (x.var().grad_fn, ["correction", "dim", "keepdim"]),
            (x.var(1).grad_fn, ["correction", "dim", "keepdim"]),
            (x.std(1, unbiased=False).grad_fn, ["correction", "dim", "result"]),
            (x.norm().grad_fn, ["ord", "dim", "keepdim", "result"]),
            (x.norm(1, dim=1).grad_fn, ["ord", "dim"]),
            (x.norm(float("inf")).grad_fn, ["ord"]),
            (x.logsumexp(1).grad_fn, ["dim", "keepdim", "result"]),
            (x.cumsum(1).grad_fn, ["dim"]),
            (x.sort(1).values.grad_fn, ["dim", "indices", "self_sym_sizes"]),
            (x.topk(2, dim=1).values.grad_fn, ["dim", "indices", "self_sym_sizes"]),
        ]:
            out.append([fn.name()] + [_plain(getattr(fn, "_saved_" + a)) for a in attrs])
        return out
    compare(run(al), oracle("saved", run))


def _plain(v):
    """Sizes and tuples as lists, so both libraries' answers compare as JSON."""
    if isinstance(v, tuple):
        return [_plain(x) for x in v]
    if isinstance(v, float) and math.isinf(v):
        return str(v)
    return v


ERRORS = [
    ("mean_int", lambda T: T.tensor([1, 2]).mean()),
    ("max_empty", lambda T: T.tensor([]).max()),
    ("sum_bad_dim", lambda T: T.ones(2, 3).sum(2)),
    ("max_bad_dim", lambda T: T.ones(2, 3).max(-3)),
    ("mean_bad_dim", lambda T: T.ones(2, 3).mean((0, 5))),
    ("var_int", lambda T: T.tensor([1, 2]).var()),
    ("norm_int", lambda T: T.tensor([1, 2]).norm()),
    ("topk_too_big", lambda T: T.ones(3).topk(4)),
    ("cumsum_bad_dim", lambda T: T.ones(3).cumsum(1)),
    ("argmax_bad_dim", lambda T: T.ones(3).argmax(1)),
    ("backward_twice", lambda T: _backward_twice(T)),
    ("sum_repeated_dim", lambda T: T.ones(2, 3).sum((0, -2))),
    ("mean_repeated_dim", lambda T: T.ones(2, 3).mean((1, 1))),
]


def _backward_twice(T):
    x = T.tensor([1.0, 2.0], requires_grad=True)
    y = x.prod()
    y.backward()
    y.backward()


@pytest.mark.parametrize("name,fn", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors(oracle, name, fn):
    check_error(oracle, name, fn)


DOUBLE = [
    ("sum_sq", lambda T, x: (x * x).sum(1)), ("prod", lambda T, x: x.prod(1)),
    ("var", lambda T, x: x.var(1)), ("std", lambda T, x: x.std()),
    ("norm", lambda T, x: x.norm(dim=1)), ("logsumexp", lambda T, x: x.logsumexp(1)),
    ("max_dim_sq", lambda T, x: x.max(1).values ** 2), ("cumsum_sq", lambda T, x: x.cumsum(1) ** 2),
]


@pytest.mark.parametrize("name,fn", DOUBLE, ids=[c[0] for c in DOUBLE])
def test_double_backward(oracle, name, fn):
    def run(T):
        x = T.tensor([[-1.5, 0.3, 2.0], [0.7, -0.2, 1.1]], requires_grad=True)
        y = fn(T, x).sum()
        g, = T.autograd.grad(y, x, create_graph=True)
        (g * g).sum().backward()
        return [g, x.grad]
    compare(run(al), oracle(name, run))


# ------------------------------------------------------------------- softmax, log_softmax
SOFTMAX = [
    ("softmax", lambda T, x: x.softmax(1)),
    ("softmax_dim0", lambda T, x: T.softmax(x, 0)),
    ("softmax_neg_dim", lambda T, x: x.softmax(-1)),
    ("softmax_3d", lambda T, x: x.reshape(2, 3, 2).softmax(1)),
    ("softmax_dtype", lambda T, x: T.softmax(x, 1, dtype=T.float64)),
    ("log_softmax", lambda T, x: x.log_softmax(1)),
    ("log_softmax_dim0", lambda T, x: T.log_softmax(x, dim=0)),
    ("log_softmax_dtype", lambda T, x: x.log_softmax(-1, dtype=T.float64)),
    ("softmax_large", lambda T, x: (x * 1000).softmax(1)),
    ("log_softmax_large", lambda T, x: (x * 1000).log_softmax(1)),
    ("nll_by_hand", lambda T, x: -x.log_softmax(1)[T.arange(3), T.tensor([0, 2, 1])].mean()),
]


@pytest.mark.parametrize("name,fn", SOFTMAX, ids=[c[0] for c in SOFTMAX])
def test_softmax(oracle, name, fn):
    """Numerically stable (x * 1000 stays finite); SoftmaxBackward0 / LogSoftmaxBackward0."""
    check_case(oracle, name, fn, [(3, 4)])
    if "large" not in name:
        check_gradcheck(fn, [(3, 4)])


def test_softmax_extremes(oracle):
    def run(T):
        x = T.tensor([[1000.0, 0.0], [-1000.0, -float("inf")], [0.0, 0.0]], requires_grad=True)
        s, ls = x.softmax(1), x.log_softmax(1)
        saved = [s.grad_fn._saved_dim, ls.grad_fn._saved_result]
        (s[:, 0].sum() + ls[0].sum()).backward()
        return [s, ls, x.grad] + saved
    compare(run(al), oracle("extremes", run))


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_double_backward(oracle, name):
    def run(T):
        x = T.tensor([[-1.5, 0.3, 2.0], [0.7, -0.2, 1.1]], requires_grad=True)
        w = T.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
        y = (getattr(x, name)(1) * w).sum()
        g, = T.autograd.grad(y, x, create_graph=True)
        (g * g).sum().backward()
        return [g, x.grad, node_sig(g.grad_fn)]
    compare(run(al), oracle(name, run))


def test_softmax_errors(oracle):
    check_error(oracle, "int", lambda T: T.tensor([1, 2]).softmax(0))
    check_error(oracle, "dim", lambda T: T.ones(2, 3).softmax(2))


INF = float("inf")
# rows: a nan, a zero next to finite values, both infinities, all zeros (norm 0), one nonzero
NORM_X = [[NAN, -2.0, 2.0], [0.0, -0.5, 1.0], [-1.0, INF, -INF], [0.0, 0.0, 0.0],
          [0.0, 0.0, 1.5]]
# (id, fn(lib, x), input)
NAN_INF = [
    ("max_all", lambda T, x: x.max(), NAN_VALUES),     # max is nan: the nan elements share
    ("min_all", lambda T, x: x.min(), NAN_VALUES),
    ("max_all_two_nans", lambda T, x: x.max(), [1.0, NAN, 3.0, NAN]),
    ("sort_descending", lambda T, x: x.sort(descending=True), NAN_VALUES),   # nan first
    ("topk", lambda T, x: x.topk(3), NAN_VALUES),
] + [(f"norm_{p}", lambda T, x, p=p: x.norm(p, dim=1), NORM_X)
     for p in (1, 2, 1.5, 0.5, INF, -INF)] + [
    ("norm_1_all", lambda T, x: x.norm(1), NAN_VALUES),
    ("norm_inf_all", lambda T, x: x.norm(INF), NAN_VALUES),
]


@pytest.mark.parametrize("create_graph", [False, True], ids=["grad", "create_graph"])
@pytest.mark.parametrize("name,fn,x", NAN_INF, ids=[c[0] for c in NAN_INF])
def test_gradient_with_nan_and_inf(oracle, name, fn, x, create_graph):
    """PyTorch's formulas for nan inputs and inf/nan gradients: a nan max/min is shared by
    the nan elements; sort takes nan as the largest value; norm follows norm_backward case by
    case (sign(nan) = 0, 0 where the norm is 0 for p = 2, nans share an inf-norm)."""
    check_nan_case(oracle, name, fn, [x], create_graph)


def test_prod_gradient_with_two_zeros(oracle):
    """With two zeros every derivative of a product is 0; without create_graph PyTorch
    returns zeros outright, so an inf or nan gradient gives 0 too (not inf * 0 = nan)."""
    check_nan_case(oracle, "prod", lambda T, x: x.prod(), [[0.0, 2.0, 0.0]])


HALF = [
    ("sum", lambda T, x: x.sum()), ("mean", lambda T, x: x.mean()),
    ("mean_dim", lambda T, x: x.mean(1)), ("var", lambda T, x: x.var()),
    ("std_dim", lambda T, x: x.std(0)), ("norm", lambda T, x: x.norm()),
    ("norm3", lambda T, x: x.norm(3)), ("cumsum_last", lambda T, x: x.cumsum(1)[:, -1]),
    ("logsumexp", lambda T, x: x.logsumexp(1)), ("softmax_max", lambda T, x: x.softmax(1).amax(1)),
]


@pytest.mark.parametrize("name,fn", HALF, ids=[c[0] for c in HALF])
def test_float16_accumulates_in_float32(oracle, name, fn):
    """Long float16 reductions add up in float32 (as torch does) and give float16 back."""
    check_case(oracle, name, fn, [In((8, 125), low=0.0, high=1.0)], rtol=1e-3, atol=1e-3,
               dtype="float16")


# a descending sort must not negate: -x wraps for unsigned integers and for the most negative
# value of a signed type (uint8 200 would sort as 56, int8 -128 as itself)
EXTREME_INTS = {
    "uint8": [0, 1, 200, 3, 255, 200],
    "int8": [-128, 0, 5, 127, -128, -1],
    "int16": [-32768, 7, 32767, 0, -32768],
    "int64": [-2 ** 63, 3, 2 ** 63 - 1, -2 ** 63],
}


@pytest.mark.parametrize("dtype", sorted(EXTREME_INTS))
@pytest.mark.parametrize("stable", [None, True])
def test_descending_sort_of_extreme_integers(oracle, dtype, stable):
    def run(T):
        x = T.tensor(EXTREME_INTS[dtype], dtype=getattr(T, dtype))
        values, indices = x.sort(descending=True, stable=stable)
        return [values, indices, x.argsort(descending=True), x.topk(3).indices]
    expected = oracle(f"descending_{dtype}_{stable}", run)
    for ours, exp in zip(run(al), expected):
        assert_tensor_matches(ours, exp)
