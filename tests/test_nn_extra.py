"""The extra activations, distances and losses of nn / nn.functional against torch: values,
gradients, graph (node names and edges), kinks, nan/inf, in-place variants, every reduction,
module reprs and options, error messages; plus a float64 gradcheck of each."""
import warnings

import pytest

import autograd_lab as al
from oracle import assert_tensor_matches
from ops_helper import (NAN_VALUES, In, check_case, check_error, check_gradcheck,
                        check_nan_case)

M = (3, 4)
WIDE = In(M, low=-4.0, high=4.0)                  # past hardswish's and hardsigmoid's +-3
# the kinks of the piecewise activations, and 0
KINKS = In([-6.0, -3.0, -1.0, -0.5, 0.0, 0.1, 0.5, 1.0, 3.0, 6.0, 7.0])


def F(lib):
    return lib.nn.functional


# (id, fn(lib, *inputs), inputs); the inputs require grad unless said otherwise
ACTIVATIONS = [
    ("softplus", lambda T, x: F(T).softplus(x), [M]),
    # (beta x jumps from the log branch to x at the threshold: inputs kept off it)
    ("softplus_beta_threshold", lambda T, x: F(T).softplus(x, beta=2.0, threshold=3.0),
     [In([[-1.0, 0.5, 1.0, 2.0], [1.9, -0.3, 0.2, 1.2]])]),
    ("softplus_large", lambda T, x: F(T).softplus(x * 30), [M]),
    ("elu", lambda T, x: F(T).elu(x), [M]),
    ("elu_alpha", lambda T, x: F(T).elu(x, alpha=0.5), [M]),
    ("elu_inplace", lambda T, x: F(T).elu(x * 1, 2.0, inplace=True), [M]),
    ("elu_", lambda T, x: F(T).elu_(x * 1), [M]),
    ("selu", lambda T, x: F(T).selu(x), [M]),
    ("selu_inplace", lambda T, x: F(T).selu(x * 1, inplace=True), [M]),
    ("celu", lambda T, x: F(T).celu(x, alpha=0.7), [M]),
    ("celu_inplace", lambda T, x: F(T).celu(x * 1, alpha=1.5, inplace=True), [M]),
    ("mish", lambda T, x: F(T).mish(x), [M]),
    ("mish_inplace", lambda T, x: F(T).mish(x * 1, inplace=True), [M]),
    ("hardtanh", lambda T, x: F(T).hardtanh(x), [M]),
    ("hardtanh_bounds", lambda T, x: F(T).hardtanh(x, -0.6, 1.3), [M]),
    ("hardtanh_inplace", lambda T, x: F(T).hardtanh(x * 1, inplace=True), [M]),
    ("hardtanh_", lambda T, x: F(T).hardtanh_(x * 1, 0.0, 0.5), [M]),
    ("relu6", lambda T, x: F(T).relu6(x * 3), [M]),
    ("relu6_inplace", lambda T, x: F(T).relu6(x * 3, inplace=True), [M]),
    ("hardswish", lambda T, x: F(T).hardswish(x), [WIDE]),
    ("hardswish_inplace", lambda T, x: F(T).hardswish(x * 1, inplace=True), [WIDE]),
    ("hardsigmoid", lambda T, x: F(T).hardsigmoid(x), [WIDE]),
    ("hardsigmoid_inplace", lambda T, x: F(T).hardsigmoid(x * 1, inplace=True), [WIDE]),
    ("logsigmoid", lambda T, x: F(T).logsigmoid(x), [M]),
    ("logsigmoid_large", lambda T, x: F(T).logsigmoid(x * 60), [M]),
    ("softmin", lambda T, x: F(T).softmin(x, dim=1), [M]),
    ("softmin_dim0_f64", lambda T, x: F(T).softmin(x, 0, dtype=T.float64), [M]),
    ("softsign", lambda T, x: F(T).softsign(x), [M]),
    ("tanhshrink", lambda T, x: F(T).tanhshrink(x), [M]),
    ("hardshrink", lambda T, x: F(T).hardshrink(x), [M]),
    ("hardshrink_lambd", lambda T, x: F(T).hardshrink(x, 1.05), [M]),
    ("softshrink", lambda T, x: F(T).softshrink(x), [M]),
    ("softshrink_lambd", lambda T, x: F(T).softshrink(x, lambd=0.95), [M]),
    ("threshold", lambda T, x: F(T).threshold(x, 0.1, 20.0), [M]),
    ("threshold_inplace", lambda T, x: F(T).threshold(x * 1, 0.1, -3.0, inplace=True), [M]),
    ("threshold_", lambda T, x: F(T).threshold_(x * 1, 0.5, 0.0), [M]),
    ("silu_inplace", lambda T, x: F(T).silu(x * 1, inplace=True), [M]),
    ("glu", lambda T, x: F(T).glu(x), [M]),
    ("glu_dim0", lambda T, x: F(T).glu(x, 0), [(4, 3)]),
    ("glu_3d", lambda T, x: F(T).glu(x, dim=1), [(2, 6, 3)]),
    ("prelu_shared", lambda T, x, w: F(T).prelu(x, w), [M, In([0.3])]),
    ("prelu_channels", lambda T, x, w: F(T).prelu(x, w), [M, In([0.1, -0.2, 0.3, 0.5])]),
    ("prelu_channels_4d", lambda T, x, w: F(T).prelu(x, w), [(2, 3, 2, 2),
                                                           In([0.1, 0.2, 0.3])]),
    ("prelu_1d_input", lambda T, x, w: F(T).prelu(x, w), [(5,), In([0.2])]),
    ("prelu_0d_weight", lambda T, x, w: F(T).prelu(x, w), [M, In(0.2)]),
    # the same ops as torch.* functions and a Tensor method
    ("torch_selu", lambda T, x: T.selu(x), [M]),
    ("torch_selu_", lambda T, x: T.selu_(x * 1), [M]),
    ("torch_celu", lambda T, x: T.celu(x, 0.5), [M]),
    ("torch_celu_", lambda T, x: T.celu_(x * 1), [M]),
    ("torch_threshold", lambda T, x: T.threshold(x, 0.3, -1.0), [M]),
    ("torch_threshold_", lambda T, x: T.threshold_(x * 1, 0.3, -1.0), [M]),
    ("torch_prelu", lambda T, x, w: T.prelu(x, w), [M, In([0.3])]),
    ("tensor_prelu", lambda T, x, w: x.prelu(w), [M, In([0.1, -0.2, 0.3, 0.5])]),
]
NO_GRADCHECK = {"softplus_large", "logsigmoid_large", "softmin_dim0_f64"}


@pytest.mark.parametrize("name,fn,inputs", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_activation(oracle, name, fn, inputs, dtype):
    check_case(oracle, f"{name}-{dtype}", fn, inputs, dtype=dtype)


@pytest.mark.parametrize("name,fn,inputs",
                         [a for a in ACTIVATIONS if a[0] not in NO_GRADCHECK],
                         ids=[a[0] for a in ACTIVATIONS if a[0] not in NO_GRADCHECK])
def test_activation_gradcheck(name, fn, inputs):
    check_gradcheck(fn, inputs)


# at the kinks: which side each op's derivative takes
KINK_CASES = [
    ("elu", lambda T, x: F(T).elu(x, 0.5)),
    ("elu_inplace", lambda T, x: F(T).elu(x * 1, 0.5, inplace=True)),
    ("celu", lambda T, x: F(T).celu(x, 2.0)),
    ("selu", lambda T, x: F(T).selu(x)),
    ("hardtanh", lambda T, x: F(T).hardtanh(x)),
    ("relu6", lambda T, x: F(T).relu6(x)),
    ("hardswish", lambda T, x: F(T).hardswish(x)),
    ("hardsigmoid", lambda T, x: F(T).hardsigmoid(x)),
    ("threshold", lambda T, x: F(T).threshold(x, 0.5, 2.0)),
    ("hardshrink", lambda T, x: F(T).hardshrink(x, 1.0)),
    ("softshrink", lambda T, x: F(T).softshrink(x, 1.0)),
    ("hardshrink_negative_lambd", lambda T, x: F(T).hardshrink(x, -1.0)),
    ("threshold_at_value", lambda T, x: F(T).threshold(x, 1.0, 1.0)),
    ("softplus", lambda T, x: F(T).softplus(x, 2.0, 2.0)),
    ("prelu", lambda T, x: F(T).prelu(x, T.tensor([0.25]))),
]


@pytest.mark.parametrize("name,fn", KINK_CASES, ids=[k[0] for k in KINK_CASES])
def test_activation_kinks(oracle, name, fn):
    check_case(oracle, name, fn, [KINKS])


NAN_CASES = [
    ("softplus", lambda T, x: F(T).softplus(x)),
    ("elu", lambda T, x: F(T).elu(x)),
    ("celu", lambda T, x: F(T).celu(x, 0.5)),
    ("mish", lambda T, x: F(T).mish(x)),
    ("hardtanh", lambda T, x: F(T).hardtanh(x)),
    ("hardswish", lambda T, x: F(T).hardswish(x)),
    ("hardsigmoid", lambda T, x: F(T).hardsigmoid(x)),
    ("logsigmoid", lambda T, x: F(T).logsigmoid(x)),
    ("threshold", lambda T, x: F(T).threshold(x, 0.5, -1.0)),
    ("hardshrink", lambda T, x: F(T).hardshrink(x, 1.0)),
    ("softshrink", lambda T, x: F(T).softshrink(x, 1.0)),
    ("prelu", lambda T, x: F(T).prelu(x, T.tensor([0.25]))),
]


@pytest.mark.parametrize("name,fn", NAN_CASES, ids=[k[0] for k in NAN_CASES])
def test_activation_nan_inf(oracle, name, fn):
    check_nan_case(oracle, name, fn, [NAN_VALUES])


def test_prelu_weight_gradient_through_view(oracle):
    """The weight reaches PreluKernelBackward0 through ViewBackward0 and its gradient sums
    over the batch and spatial positions."""
    check_case(oracle, "prelu_view", lambda T, x, w: F(T).prelu(x, w),
               [(2, 3, 4), In([0.5, -0.5, 0.1])])


INT_CASES = [
    ("hardtanh_int", lambda T: F(T).hardtanh(T.tensor([-3, 0, 2]))),
    ("relu6_int", lambda T: F(T).relu6(T.tensor([-3, 4, 9]))),
    ("threshold_int", lambda T: F(T).threshold(T.tensor([1, 2, 3]), 2, 0.5)),
    ("softsign_int", lambda T: F(T).softsign(T.tensor([1, -2, 3]))),
    ("tanhshrink_int", lambda T: F(T).tanhshrink(T.tensor([1, -2, 3]))),
]


@pytest.mark.parametrize("name,fn", INT_CASES, ids=[k[0] for k in INT_CASES])
def test_activation_integer_inputs(oracle, name, fn):
    assert_tensor_matches(fn(al), oracle(name, fn))


ACTIVATION_ERRORS = [
    ("softplus_long", lambda T: F(T).softplus(T.tensor([1, 2]))),
    ("elu_long", lambda T: F(T).elu(T.tensor([1, 2]))),
    ("selu_int", lambda T: F(T).selu(T.tensor([1, 2], dtype=T.int32))),
    ("celu_long", lambda T: F(T).celu(T.tensor([1, 2]))),
    ("celu_alpha0", lambda T: F(T).celu(T.ones(2), 0.0)),
    ("mish_long", lambda T: F(T).mish(T.tensor([1, 2]))),
    ("logsigmoid_long", lambda T: F(T).logsigmoid(T.tensor([1, 2]))),
    ("hardswish_long", lambda T: F(T).hardswish(T.tensor([1, 2]))),
    ("hardsigmoid_long", lambda T: F(T).hardsigmoid(T.tensor([1, 2]))),
    ("softmin_long", lambda T: F(T).softmin(T.tensor([1, 2]), 0)),
    ("hardtanh_min_gt_max", lambda T: F(T).hardtanh(T.ones(2), 2.0, 1.0)),
    ("glu_odd", lambda T: F(T).glu(T.ones(2, 3), 1)),
    ("glu_scalar", lambda T: F(T).glu(T.tensor(1.0))),
    ("glu_dim_range", lambda T: F(T).glu(T.ones(2, 4), 2)),
    ("glu_long", lambda T: F(T).glu(T.ones(2, 4, dtype=T.int64))),
    ("prelu_dtype", lambda T: F(T).prelu(T.tensor([1, -2]), T.tensor([0.25]))),
    ("prelu_channels", lambda T: F(T).prelu(T.ones(2, 3), T.ones(4))),
    ("prelu_zero_dim", lambda T: F(T).prelu(T.tensor(1.0), T.ones(2))),
    ("prelu_weight_2d", lambda T: F(T).prelu(T.ones(2, 1), T.ones(1, 1))),
    ("prelu_long", lambda T: F(T).prelu(T.tensor([1, -2]), T.tensor([1]))),
    ("hardtanh_bool", lambda T: F(T).hardtanh(T.tensor([True, False]))),
    ("hardshrink_long", lambda T: F(T).hardshrink(T.tensor([1, 2]))),
    ("softshrink_long", lambda T: F(T).softshrink(T.tensor([1, 2]))),
    ("softshrink_negative", lambda T: F(T).softshrink(T.ones(2), -1.0)),
    ("softshrink_negative_f64", lambda T: F(T).softshrink(T.ones(2, dtype=T.float64), -0.25)),
    ("softmax2d_2d", lambda T: T.nn.Softmax2d()(T.ones(2, 3))),
    ("inplace_leaf", lambda T: F(T).elu(T.ones(2, requires_grad=True), inplace=True)),
    ("hardtanh_inplace_leaf",
     lambda T: F(T).hardtanh(T.ones(2, requires_grad=True), inplace=True)),
]


@pytest.mark.parametrize("name,fn", ACTIVATION_ERRORS, ids=[k[0] for k in ACTIVATION_ERRORS])
def test_activation_errors(oracle, name, fn):
    check_error(oracle, name, fn)


def test_elu_inplace_negative_alpha_backward(oracle):
    def run(T):
        x = T.tensor([-1.0, 2.0], requires_grad=True)
        F(T).elu(x * 1, alpha=-0.5, inplace=True).sum().backward()
    check_error(oracle, "elu_neg_alpha", run)


def test_softmin_implicit_dim_warns(oracle):
    def run(T):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            out = F(T).softmin(T.tensor([[1.0, 2.0], [3.0, 5.0]]))
        return [out, [str(x.message) for x in w]]
    expected = oracle("softmin_implicit", run)
    ours = run(al)
    assert_tensor_matches(ours[0], expected[0])
    assert ours[1] == expected[1]


# ----------------------------------------------------------------------------- modules
ACTIVATION_MODULES = [
    ("Softplus", lambda T: T.nn.Softplus()),
    ("Softplus_args", lambda T: T.nn.Softplus(beta=2, threshold=5.0)),
    ("ELU", lambda T: T.nn.ELU()),
    ("ELU_args", lambda T: T.nn.ELU(alpha=0.5, inplace=True)),
    ("SELU", lambda T: T.nn.SELU()),
    ("SELU_inplace", lambda T: T.nn.SELU(inplace=True)),
    ("CELU", lambda T: T.nn.CELU(0.5)),
    ("CELU_inplace", lambda T: T.nn.CELU(inplace=True)),
    ("Mish", lambda T: T.nn.Mish()),
    ("Mish_inplace", lambda T: T.nn.Mish(inplace=True)),
    ("Hardtanh", lambda T: T.nn.Hardtanh()),
    ("Hardtanh_args", lambda T: T.nn.Hardtanh(-2.0, 0.5, True)),
    ("Hardtanh_int_bounds", lambda T: T.nn.Hardtanh(-2, 2)),
    ("ReLU6", lambda T: T.nn.ReLU6()),
    ("ReLU6_inplace", lambda T: T.nn.ReLU6(inplace=True)),
    ("Hardswish", lambda T: T.nn.Hardswish()),
    ("Hardswish_inplace", lambda T: T.nn.Hardswish(inplace=True)),
    ("Hardsigmoid", lambda T: T.nn.Hardsigmoid()),
    ("Hardsigmoid_inplace", lambda T: T.nn.Hardsigmoid(True)),
    ("LogSigmoid", lambda T: T.nn.LogSigmoid()),
    ("Softmin", lambda T: T.nn.Softmin(dim=1)),
    ("Softmin_none", lambda T: T.nn.Softmin()),
    ("Softsign", lambda T: T.nn.Softsign()),
    ("Tanhshrink", lambda T: T.nn.Tanhshrink()),
    ("Hardshrink", lambda T: T.nn.Hardshrink()),
    ("Hardshrink_lambd", lambda T: T.nn.Hardshrink(lambd=1)),
    ("Softshrink", lambda T: T.nn.Softshrink(0.25)),
    ("Threshold", lambda T: T.nn.Threshold(0.1, 20.0)),
    ("Threshold_inplace", lambda T: T.nn.Threshold(0.5, -1, inplace=True)),
    ("PReLU", lambda T: T.nn.PReLU()),
    ("PReLU_channels", lambda T: T.nn.PReLU(4, init=0.1)),
    ("GLU", lambda T: T.nn.GLU()),
    ("GLU_dim", lambda T: T.nn.GLU(dim=0)),
    ("SiLU_inplace", lambda T: T.nn.SiLU(inplace=True)),
]


def _run_module(T, make):
    """repr, parameters, then forward and backward on x * 1 (so in-place layers may write)."""
    m = make(T)
    x = T.tensor([[-2.5, -1.0, 0.3, 1.7], [0.9, -0.2, 2.4, -3.5]], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # Softmin() with no dim warns (tested above)
        out = m(x * 1)
    out.backward(T.arange(1.0, out.numel() + 1).reshape(out.shape) / 4)
    params = [(n, p) for n, p in m.named_parameters()]
    return [repr(m), [n for n, _ in params], out, x.grad] + [p.grad for _, p in params] + \
        [p.detach() for _, p in params]


@pytest.mark.parametrize("name,make", ACTIVATION_MODULES, ids=[m[0] for m in ACTIVATION_MODULES])
def test_activation_module(oracle, name, make):
    expected = oracle(name, lambda T: _run_module(T, make))
    ours = _run_module(al, make)
    assert ours[0] == expected[0]
    assert ours[1] == expected[1]
    for o, e in zip(ours[2:], expected[2:]):
        assert_tensor_matches(o, e)


def test_prelu_module_parameters(oracle):
    def run(T):
        m = T.nn.PReLU(3, init=0.5, dtype=T.float64)
        return [m.weight, m.num_parameters, m.init, repr(m.weight)]
    expected = oracle("prelu_params", run)
    ours = run(al)
    assert_tensor_matches(ours[0], expected[0])
    assert ours[1:] == expected[1:]


MODULE_ERRORS = [
    ("Hardtanh_bounds", lambda T: T.nn.Hardtanh(1.0, 1.0)),
    ("Hardtanh_min_value", lambda T: T.nn.Hardtanh(min_value=2.0)),
    ("HuberLoss_delta_type", lambda T: T.nn.HuberLoss(delta="1")),
    ("TripletMarginLoss_margin", lambda T: T.nn.TripletMarginLoss(margin=0.0)),
    ("TripletMarginWithDistanceLoss_margin",
     lambda T: T.nn.TripletMarginWithDistanceLoss(margin=-1.0)),
    ("MultiMarginLoss_p", lambda T: T.nn.MultiMarginLoss(p=3)),
    ("MultiMarginLoss_weight", lambda T: T.nn.MultiMarginLoss(weight=T.ones(2, 2))),
    ("PReLU_channels", lambda T: T.nn.PReLU(3)(T.ones(2, 4))),
]


@pytest.mark.parametrize("name,fn", MODULE_ERRORS, ids=[m[0] for m in MODULE_ERRORS])
def test_module_errors(oracle, name, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        check_error(oracle, name, fn)


def test_hardtanh_deprecated_keywords_warn(oracle):
    def run(T):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            m = T.nn.Hardtanh(min_value=-0.5, max_value=2.0)
        return [repr(m), [(x.category.__name__, str(x.message)) for x in w]]
    assert [run(al)[0], [list(p) for p in run(al)[1]]] == oracle("hardtanh_kw", run)


# ----------------------------------------------------------------------------- distances
DISTANCES = [
    ("normalize", lambda T, x: F(T).normalize(x), [M]),
    ("normalize_p1_dim0", lambda T, x: F(T).normalize(x, p=1, dim=0), [M]),
    ("normalize_eps", lambda T, x: F(T).normalize(x * 1e-3, eps=0.5), [M]),
    ("normalize_3d", lambda T, x: F(T).normalize(x, dim=-1), [(2, 3, 4)]),
    ("cosine_similarity", lambda T, a, b: F(T).cosine_similarity(a, b), [M, M]),
    ("cosine_similarity_dim0", lambda T, a, b: F(T).cosine_similarity(a, b, dim=0), [M, M]),
    ("cosine_similarity_broadcast", lambda T, a, b: F(T).cosine_similarity(a, b, -1),
     [M, (4,)]),
    ("cosine_similarity_eps", lambda T, a, b: F(T).cosine_similarity(a * 1e-3, b, 1, 0.5),
     [M, M]),
    ("cosine_similarity_1d", lambda T, a, b: F(T).cosine_similarity(a, b, 0), [(5,), (5,)]),
    ("pairwise_distance", lambda T, a, b: F(T).pairwise_distance(a, b), [M, M]),
    ("pairwise_distance_p1_keepdim",
     lambda T, a, b: F(T).pairwise_distance(a, b, p=1.0, keepdim=True), [M, M]),
    ("pairwise_distance_p3", lambda T, a, b: F(T).pairwise_distance(a, b, 3, 1e-3), [M, M]),
    ("pairwise_distance_broadcast", lambda T, a, b: F(T).pairwise_distance(a, b), [M, (4,)]),
    ("pairwise_distance_1d", lambda T, a, b: F(T).pairwise_distance(a, b), [(5,), (5,)]),
    ("pairwise_distance_0d", lambda T, a, b: F(T).pairwise_distance(a, b), [In(1.5),
                                                                          In(-0.5)]),
    ("pairwise_distance_3d", lambda T, a, b: F(T).pairwise_distance(a, b), [(2, 3, 4),
                                                                          (2, 3, 4)]),
    ("torch_cosine_similarity", lambda T, a, b: T.cosine_similarity(a, b, 0), [M, M]),
    ("torch_pairwise_distance", lambda T, a, b: T.pairwise_distance(a, b, 1.5), [M, M]),
]


@pytest.mark.parametrize("name,fn,inputs", DISTANCES, ids=[d[0] for d in DISTANCES])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_distance(oracle, name, fn, inputs, dtype):
    check_case(oracle, f"{name}-{dtype}", fn, inputs, dtype=dtype)


@pytest.mark.parametrize("name,fn,inputs", DISTANCES, ids=[d[0] for d in DISTANCES])
def test_distance_gradcheck(name, fn, inputs):
    check_gradcheck(fn, inputs)


def test_distance_zero_vectors(oracle):
    """A zero row: normalize and cosine_similarity clamp the norm at eps (gradient finite)."""
    zero = In([[0.0, 0.0, 0.0], [1.0, -2.0, 2.0]])
    check_case(oracle, "normalize_zero", lambda T, x: F(T).normalize(x), [zero])
    check_case(oracle, "cosine_zero", lambda T, a, b: F(T).cosine_similarity(a, b),
               [zero, In([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]])])
    check_case(oracle, "pairwise_same", lambda T, a: F(T).pairwise_distance(a, a * 1), [zero])


def test_cosine_similarity_integer_inputs(oracle):
    def run(T):
        return F(T).cosine_similarity(T.tensor([[1, 2], [3, 4]]), T.tensor([[1.0, 0.0],
                                                                            [0.0, 1.0]]))
    assert_tensor_matches(run(al), oracle("cos_int", run))


DISTANCE_MODULES = [
    ("CosineSimilarity", lambda T: T.nn.CosineSimilarity()),
    ("CosineSimilarity_args", lambda T: T.nn.CosineSimilarity(dim=0, eps=1e-3)),
    ("PairwiseDistance", lambda T: T.nn.PairwiseDistance()),
    ("PairwiseDistance_args", lambda T: T.nn.PairwiseDistance(p=1.0, eps=0.0, keepdim=True)),
]


@pytest.mark.parametrize("name,make", DISTANCE_MODULES, ids=[m[0] for m in DISTANCE_MODULES])
def test_distance_module(oracle, name, make):
    def run(T):
        m = make(T)
        a = T.tensor([[1.0, -2.0, 0.5], [0.3, 0.4, -1.0]], requires_grad=True)
        b = T.tensor([[0.5, 1.0, -1.5], [2.0, 0.1, 0.2]], requires_grad=True)
        out = m(a, b)
        (out * T.arange(1.0, out.numel() + 1).reshape(out.shape)).sum().backward()
        return [repr(m), m.eps, out, a.grad, b.grad]
    expected = oracle(name, run)
    ours = run(al)
    assert ours[:2] == expected[:2]
    for o, e in zip(ours[2:], expected[2:]):
        assert_tensor_matches(o, e)


DISTANCE_ERRORS = [
    ("cosine_shapes", lambda T: F(T).cosine_similarity(T.ones(4, 6), T.ones(4, 3))),
    ("cosine_long", lambda T: F(T).cosine_similarity(T.ones(2, 2, dtype=T.int64),
                                                      T.ones(2, 2, dtype=T.int64))),
    ("pairwise_shapes", lambda T: F(T).pairwise_distance(T.ones(4, 6), T.ones(4, 3))),
    ("normalize_dim", lambda T: F(T).normalize(T.ones(2, 3), dim=2)),
    ("normalize_out_grad", lambda T: F(T).normalize(T.ones(2, 3, requires_grad=True),
                                                     out=T.empty(2, 3))),
]


@pytest.mark.parametrize("name,fn", DISTANCE_ERRORS, ids=[m[0] for m in DISTANCE_ERRORS])
def test_distance_errors(oracle, name, fn):
    check_error(oracle, name, fn)


def test_normalize_out(oracle):
    def run(T):
        out = T.empty(2, 2)
        res = F(T).normalize(T.tensor([[3.0, 4.0], [0.0, 2.0]]), out=out)
        return [res, out, res is out]
    expected = oracle("normalize_out", run)
    ours = run(al)
    assert_tensor_matches(ours[0], expected[0])
    assert_tensor_matches(ours[1], expected[1])
    assert ours[2] == expected[2]


# ----------------------------------------------------------------------------- double backward
SECOND_ORDER = [
    ("softplus", lambda T, x: F(T).softplus(x, 1.5, 2.0)),
    ("elu", lambda T, x: F(T).elu(x, 0.7)),
    ("elu_inplace", lambda T, x: F(T).elu(x * 1, 0.7, inplace=True)),
    ("selu", lambda T, x: F(T).selu(x)),
    ("celu", lambda T, x: F(T).celu(x, 1.3)),
    ("mish", lambda T, x: F(T).mish(x)),
    ("logsigmoid", lambda T, x: F(T).logsigmoid(x)),
    ("hardtanh", lambda T, x: F(T).hardtanh(x) * x),
    ("hardswish", lambda T, x: F(T).hardswish(x * 2)),
    ("threshold", lambda T, x: F(T).threshold(x, 0.2, 1.0) * x),
    ("glu", lambda T, x: F(T).glu(x, 1)),
    ("prelu", lambda T, x: F(T).prelu(x, T.tensor([0.1, 0.2, 0.3, 0.4], dtype=T.float64)) * x),
    ("normalize", lambda T, x: F(T).normalize(x)),
    ("pairwise_distance", lambda T, x: F(T).pairwise_distance(x, x.flip(0))),
]


def test_hardsigmoid_has_no_second_derivative(oracle):
    def run(T):
        x = T.tensor([0.5, -1.0], requires_grad=True)
        g, = T.autograd.grad(F(T).hardsigmoid(x * 2).sum(), x, create_graph=True)
        g.sum().backward()
    check_error(oracle, "hardsigmoid_double", run)


@pytest.mark.parametrize("name,fn", SECOND_ORDER, ids=[c[0] for c in SECOND_ORDER])
def test_second_derivative(oracle, name, fn):
    """The gradient, built with create_graph, differentiated again (values: torch's
    double-backward nodes have names of their own, ours are compositions)."""
    def run(T):
        x = T.tensor(In(M).values(0), dtype=T.float64, requires_grad=True)
        y = fn(T, x)
        g, = T.autograd.grad((y * y.detach().sin()).sum(), x, create_graph=True)
        g.pow(2).sum().backward()
        return [g.detach(), x.grad]
    expected = oracle(name, run)
    for o, e in zip(run(al), expected):
        assert_tensor_matches(o, e, check_graph=False, rtol=1e-6)


def test_saved_attributes(oracle):
    """What a learner reads off a node: ``grad_fn._saved_<name>``, as torch names them."""
    def run(T):
        x = T.tensor([[-1.5, 0.5], [2.0, -0.25]], requires_grad=True)
        nodes = [(F(T).softplus(x, 2.0, 5.0).grad_fn, ["beta", "threshold", "self"]),
                 (F(T).elu(x, 0.5).grad_fn, ["alpha", "scale", "input_scale", "self"]),
                 (F(T).elu(x * 1, 0.5, inplace=True).grad_fn, ["alpha", "result"]),
                 (F(T).celu(x, 2.0).grad_fn, ["alpha", "self"]),
                 (F(T).hardtanh(x, -0.5, 1.5).grad_fn, ["min_val", "max_val", "self"]),
                 (F(T).threshold(x, 0.1, 3.0).grad_fn, ["threshold", "self"]),
                 (F(T).glu(x, 0).grad_fn, ["dim", "self"]),
                 (F(T).prelu(x, T.tensor([0.1, 0.2])).grad_fn, ["self", "weight"]),
                 (F(T).smooth_l1_loss(x, x * 2, beta=0.5).grad_fn, ["beta", "self", "target"]),
                 (F(T).huber_loss(x, x * 2, delta=0.5).grad_fn, ["delta", "self", "target"]),
                 (F(T).normalize(x).grad_fn.next_functions[1][0].next_functions[0][0],
                  ["min"])]
        return [[node.name()] + [getattr(node, "_saved_" + n) for n in names]
                for node, names in nodes]
    expected = oracle("saved", run)
    ours = run(al)
    for o, e in zip(ours, expected):
        assert o[0] == e[0]
        for a, b in zip(o[1:], e[1:]):
            if isinstance(b, dict):
                assert_tensor_matches(a, b, check_graph=False)
            else:
                assert a == b, (o[0], a, b)


def test_softmax2d(oracle):
    """Softmax over the channels of (C, H, W) and (N, C, H, W) inputs."""
    fn = lambda T, x: T.nn.Softmax2d()(x)       # noqa: E731
    check_case(oracle, "chw", fn, [(3, 2, 2)])
    check_case(oracle, "nchw", fn, [(2, 3, 2, 2)])
    check_case(oracle, "repr", lambda T: repr(T.nn.Softmax2d()), [], backward=False)
