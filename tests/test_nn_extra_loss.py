"""The extra losses of nn / nn.functional against torch: values, gradients (input and target),
graph node names and edges for every reduction, options, module reprs, warnings and error
messages; plus a float64 gradcheck of each."""
import warnings

import pytest
from hypothesis import given, settings, strategies as st

import autograd_lab as al
from oracle import _encode, assert_tensor_matches, torch_available
from ops_helper import (NAN_VALUES, In, check_case, check_error, check_gradcheck,
                        check_nan_case, compare, run_case)

M = (3, 4)
POS = In(M, low=0.1, high=2.0, seed=5)
PM1 = In([[1.0, -1.0, 1.0, -1.0], [-1.0, -1.0, 1.0, 1.0], [1.0, 1.0, -1.0, 1.0]], grad=False)
PM1_ROWS = In([1.0, -1.0, 1.0], grad=False)
PROBS = In([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], [0.0, 0.5, 0.5, 0.0]])
BITS = In([[1.0, 0.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0], [1.0, 1.0, 0.0, 1.0]], grad=False)
COUNTS = In([[0.0, 1.0, 3.0, 2.0], [5.0, 0.0, 1.0, 4.0], [2.0, 7.0, 0.0, 1.0]], grad=False)
CLASSES = In([3, 0, 1], dtype="int64", grad=False)
LABELS = In([[3, 0, -1, 1], [1, 1, 3, -1], [-1, 2, 0, 1]], dtype="int64", grad=False)
REDUCTIONS = ["none", "mean", "sum"]


def F(lib):
    return lib.nn.functional


def _quiet(fn):
    """Run ``fn`` with torch's (and our) expected UserWarnings silenced (kl_div's 'mean',
    a target size that differs from the input size): they are tested on their own."""
    def run(T, *xs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return fn(T, *xs)
    return run


# (id, fn(lib, *inputs, reduction), inputs): run once per reduction
LOSSES = [
    ("smooth_l1", lambda T, x, t, r: F(T).smooth_l1_loss(x, t, reduction=r), [M, M]),
    ("smooth_l1_beta", lambda T, x, t, r: F(T).smooth_l1_loss(x, t, reduction=r, beta=0.4),
     [M, M]),
    ("smooth_l1_beta0", lambda T, x, t, r: F(T).smooth_l1_loss(x, t, reduction=r, beta=0.0),
     [M, M]),
    ("smooth_l1_broadcast", lambda T, x, t, r: F(T).smooth_l1_loss(x, t, reduction=r),
     [M, (4,)]),
    ("huber", lambda T, x, t, r: F(T).huber_loss(x, t, reduction=r), [M, M]),
    ("huber_delta", lambda T, x, t, r: F(T).huber_loss(x, t, r, delta=0.3), [M, M]),
    ("huber_weight", lambda T, x, t, w, r: F(T).huber_loss(x, t, r, 0.5, weight=w),
     [M, M, POS]),
    ("huber_broadcast", lambda T, x, t, r: F(T).huber_loss(x, t, reduction=r), [M, (1, 4)]),
    # a float64 target: smooth L1 promotes; Huber keeps the input's float32, and its
    # backward refuses the mix (torch's kernel does)
    ("smooth_l1_mixed_dtypes", lambda T, x, t, r: F(T).smooth_l1_loss(x, t, reduction=r),
     [M, In(M, dtype="float64")]),
    ("huber_mixed_dtypes", lambda T, x, t, r: F(T).huber_loss(x, t, reduction=r),
     [M, In(M, dtype="float64")]),
    ("kl_div", lambda T, x, t, r: F(T).kl_div(x, t, reduction=r), [M, PROBS]),
    ("kl_div_log_target",
     lambda T, x, t, r: F(T).kl_div(x, t, reduction=r, log_target=True), [M, M]),
    ("poisson_nll", lambda T, x, t, r: F(T).poisson_nll_loss(x, t, reduction=r), [M, POS]),
    ("poisson_nll_rate",
     lambda T, x, t, r: F(T).poisson_nll_loss(x, t, log_input=False, reduction=r),
     [POS, POS]),
    ("poisson_nll_full",
     lambda T, x, t, r: F(T).poisson_nll_loss(x, t, full=True, reduction=r), [M, COUNTS]),
    ("poisson_nll_rate_full_eps",
     lambda T, x, t, r: F(T).poisson_nll_loss(x, t, False, True, eps=0.1, reduction=r),
     [POS, COUNTS]),
    ("gaussian_nll", lambda T, x, t, v, r: F(T).gaussian_nll_loss(x, t, v, reduction=r),
     [M, M, POS]),
    ("gaussian_nll_full",
     lambda T, x, t, v, r: F(T).gaussian_nll_loss(x, t, v, full=True, reduction=r),
     [M, M, POS]),
    ("gaussian_nll_per_row",
     lambda T, x, t, v, r: F(T).gaussian_nll_loss(x, t, v, reduction=r),
     [M, M, In((3,), low=0.1, high=2.0)]),
    ("gaussian_nll_broadcast_dim",
     lambda T, x, t, v, r: F(T).gaussian_nll_loss(x, t, v, reduction=r),
     [M, M, In((3, 1), low=0.1, high=2.0)]),
    ("gaussian_nll_float_var",
     lambda T, x, t, r: F(T).gaussian_nll_loss(x, t, 0.7, reduction=r), [M, M]),
    ("gaussian_nll_eps",
     lambda T, x, t, v, r: F(T).gaussian_nll_loss(x, t, v * 0.01, eps=0.005, reduction=r),
     [M, M, POS]),
    ("margin_ranking",
     lambda T, a, b, y, r: F(T).margin_ranking_loss(a, b, y, reduction=r), [M, M, PM1]),
    ("margin_ranking_margin",
     lambda T, a, b, y, r: F(T).margin_ranking_loss(a, b, y, margin=0.5, reduction=r),
     [M, M, M]),
    ("hinge_embedding",
     lambda T, x, y, r: F(T).hinge_embedding_loss(x, y, reduction=r), [M, PM1]),
    ("hinge_embedding_margin",
     lambda T, x, y, r: F(T).hinge_embedding_loss(x, y, margin=0.5, reduction=r), [M, PM1]),
    ("soft_margin", lambda T, x, y, r: F(T).soft_margin_loss(x, y, reduction=r), [M, PM1]),
    ("cosine_embedding",
     lambda T, a, b, y, r: F(T).cosine_embedding_loss(a, b, y, reduction=r),
     [M, M, PM1_ROWS]),
    ("cosine_embedding_margin",
     lambda T, a, b, y, r: F(T).cosine_embedding_loss(a, b, y, margin=-0.5, reduction=r),
     [M, M, PM1_ROWS]),
    ("cosine_embedding_1d",
     lambda T, a, b, r: F(T).cosine_embedding_loss(a, b, T.tensor(-1.0), reduction=r),
     [(4,), (4,)]),
    ("triplet", lambda T, a, p, n, r: F(T).triplet_margin_loss(a, p, n, reduction=r),
     [M, M, M]),
    ("triplet_swap_p1",
     lambda T, a, p, n, r: F(T).triplet_margin_loss(a, p, n, margin=2.0, p=1, swap=True,
                                                   reduction=r), [M, M, M]),
    ("triplet_1d", lambda T, a, p, n, r: F(T).triplet_margin_loss(a, p, n, reduction=r),
     [(4,), (4,), (4,)]),
    ("multilabel_soft_margin",
     lambda T, x, t, r: F(T).multilabel_soft_margin_loss(x, t, reduction=r), [M, BITS]),
    ("multi_margin", lambda T, x, y, r: F(T).multi_margin_loss(x, y, reduction=r),
     [M, CLASSES]),
    ("multi_margin_p2_weight",
     lambda T, x, y, r: F(T).multi_margin_loss(x, y, p=2, margin=0.7, reduction=r,
                                               weight=T.tensor([0.5, 1.0, 1.5, 2.0],
                                                               dtype=x.dtype)), [M, CLASSES]),
    ("multi_margin_1d", lambda T, x, r: F(T).multi_margin_loss(x, T.tensor(2), reduction=r),
     [(4,)]),
    ("multi_margin_1d_target1",
     lambda T, x, r: F(T).multi_margin_loss(x, T.tensor([2]), p=2, reduction=r), [(4,)]),
    ("multilabel_margin", lambda T, x, y, r: F(T).multilabel_margin_loss(x, y, reduction=r),
     [M, LABELS]),
    ("multilabel_margin_1d",
     lambda T, x, r: F(T).multilabel_margin_loss(x, T.tensor([2, 0, -1, 3]), reduction=r),
     [(4,)]),
    ("triplet_with_distance",
     lambda T, a, p, n, r: F(T).triplet_margin_with_distance_loss(a, p, n, reduction=r),
     [M, M, M]),
    ("triplet_with_distance_fn_swap",
     lambda T, a, p, n, r: F(T).triplet_margin_with_distance_loss(
         a, p, n, distance_function=lambda u, v: 1 - F(T).cosine_similarity(u, v),
         margin=0.5, swap=True, reduction=r), [M, M, M]),
    ("multilabel_soft_margin_weight",
     lambda T, x, t, w, r: F(T).multilabel_soft_margin_loss(x, t, w, reduction=r),
     [M, BITS, In((4,), low=0.5, high=1.5)]),
    ("multilabel_soft_margin_soft_target",
     lambda T, x, t, r: F(T).multilabel_soft_margin_loss(x, t, reduction=r), [M, PROBS]),
]


def _with_reduction(fn, reduction):
    return _quiet(lambda T, *xs: fn(T, *xs, reduction))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name,fn,inputs", LOSSES, ids=[c[0] for c in LOSSES])
def test_loss(oracle, name, fn, inputs, reduction):
    check_case(oracle, f"{name}-{reduction}", _with_reduction(fn, reduction), inputs)


def test_huber_mixed_dtypes_forward(oracle):
    fn = lambda T, x, t: F(T).huber_loss(x, t, delta=0.5)      # noqa: E731
    check_case(oracle, "huber_mixed", fn, [M, In(M, dtype="float64")], backward=False)


@pytest.mark.parametrize("name,fn,inputs", LOSSES, ids=[c[0] for c in LOSSES])
def test_loss_float64(oracle, name, fn, inputs):
    specs = [In(s, dtype="float64") if isinstance(s, tuple) else
             In(s.spec, "float64" if s.dtype.startswith("float") else s.dtype, s.grad, s.low,
                s.high, s.seed) for s in inputs]
    check_case(oracle, name, _with_reduction(fn, "mean"), specs)


# var below eps is clamped outside the graph, so torch's gradient there ignores the clamp and
# differs from finite differences (as torch's own gradcheck would find); and t log t has no
# derivative at a zero target, so the probabilities there are all positive
GRADCHECK_LOSSES = [(n, f, [POS if s is PROBS else s for s in inputs])
                    for n, f, inputs in LOSSES if n != "gaussian_nll_eps"]


@pytest.mark.parametrize("name,fn,inputs", GRADCHECK_LOSSES,
                         ids=[c[0] for c in GRADCHECK_LOSSES])
def test_loss_gradcheck(name, fn, inputs):
    check_gradcheck(_with_reduction(fn, "none"), inputs)


def test_kl_div_batchmean(oracle):
    """'batchmean' divides the sum by the batch size: ``DivBackward0`` over ``SumBackward0``."""
    fn = lambda T, x, t: F(T).kl_div(x, t, reduction="batchmean")      # noqa: E731
    check_case(oracle, "batchmean", fn, [M, PROBS])
    check_case(oracle, "batchmean_log_target",
               lambda T, x, t: F(T).kl_div(x, t, reduction="batchmean", log_target=True),
               [M, M])
    check_case(oracle, "batchmean_0d", fn, [In(-0.5), In(0.3)])
    check_gradcheck(fn, [M, POS])


def test_kl_div_zero_target(oracle):
    """xlogy(0, 0) is 0: a zero target contributes nothing, its gradient is finite."""
    check_case(oracle, "zero_target", lambda T, x, t: F(T).kl_div(x, t, reduction="sum"),
               [In([[-1.0, -2.0, 0.5]]), In([[0.0, 0.5, 0.5]])])


def _warnings_of(fn):
    def run(T):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            out = fn(T)
        return [out, [(x.category.__name__, str(x.message)) for x in w]]
    return run


WARNING_CASES = [
    ("kl_div_mean", lambda T: F(T).kl_div(T.zeros(2, 2), T.full((2, 2), 0.5))),
    ("kl_div_batchmean", lambda T: F(T).kl_div(T.zeros(2, 2), T.full((2, 2), 0.5),
                                                reduction="batchmean")),
    ("kl_div_legacy", lambda T: F(T).kl_div(T.zeros(2, 2), T.full((2, 2), 0.5),
                                            size_average=False)),
    ("smooth_l1_size", lambda T: F(T).smooth_l1_loss(T.zeros(2, 3), T.ones(3))),
    ("huber_size", lambda T: F(T).huber_loss(T.zeros(2, 3), T.ones(1, 3))),
    ("margin_ranking_legacy",
     lambda T: F(T).margin_ranking_loss(T.zeros(3), T.ones(3), T.ones(3), reduce=False)),
    ("poisson_legacy", lambda T: F(T).poisson_nll_loss(T.zeros(3), T.ones(3),
                                                       size_average=False)),
]


@pytest.mark.parametrize("name,fn", WARNING_CASES, ids=[c[0] for c in WARNING_CASES])
def test_loss_warnings(oracle, name, fn):
    expected = oracle(name, _warnings_of(fn))
    ours = _warnings_of(fn)(al)
    assert_tensor_matches(ours[0], expected[0])
    assert [list(w) for w in ours[1]] == expected[1]


LOSS_ERRORS = [
    ("smooth_l1_reduction", lambda T: F(T).smooth_l1_loss(T.ones(2), T.ones(2), reduction="x")),
    ("smooth_l1_beta", lambda T: F(T).smooth_l1_loss(T.ones(2), T.ones(2), beta=-1.0)),
    ("huber_reduction", lambda T: F(T).huber_loss(T.ones(2), T.ones(2), reduction="avg")),
    ("huber_delta", lambda T: F(T).huber_loss(T.ones(2), T.ones(2), delta=0.0)),
    ("huber_weight_size", lambda T: F(T).huber_loss(T.ones(2), T.ones(2), weight=T.ones(3))),
    ("huber_weight_reduction", lambda T: F(T).huber_loss(T.ones(2), T.ones(2), "avg",
                                                         weight=T.ones(2))),
    ("kl_div_reduction", lambda T: F(T).kl_div(T.ones(2), T.ones(2), reduction="foo")),
    ("poisson_reduction", lambda T: F(T).poisson_nll_loss(T.ones(2), T.ones(2), reduction="x")),
    ("gaussian_reduction",
     lambda T: F(T).gaussian_nll_loss(T.ones(2), T.ones(2), T.ones(2), reduction="x")),
    ("gaussian_negative_var",
     lambda T: F(T).gaussian_nll_loss(T.ones(2), T.ones(2), T.tensor([1.0, -1.0]))),
    ("gaussian_negative_float_var", lambda T: F(T).gaussian_nll_loss(T.ones(2), T.ones(2),
                                                                     -1.0)),
    ("gaussian_var_size",
     lambda T: F(T).gaussian_nll_loss(T.ones(2, 3), T.ones(2, 3), T.ones(3, 2))),
    ("margin_ranking_dims",
     lambda T: F(T).margin_ranking_loss(T.ones(2, 3), T.ones(3), T.ones(2, 3))),
    ("margin_ranking_reduction",
     lambda T: F(T).margin_ranking_loss(T.ones(3), T.ones(3), T.ones(3), reduction="x")),
    ("hinge_reduction", lambda T: F(T).hinge_embedding_loss(T.ones(2), T.ones(2),
                                                           reduction="x")),
    ("soft_margin_reduction", lambda T: F(T).soft_margin_loss(T.ones(2), T.ones(2),
                                                             reduction="x")),
    ("soft_margin_target_grad",
     lambda T: F(T).soft_margin_loss(T.ones(2), T.ones(2, requires_grad=True))),
    ("cosine_embedding_target_2d",
     lambda T: F(T).cosine_embedding_loss(T.ones(3, 2), T.ones(3, 2), T.ones(3, 1))),
    ("cosine_embedding_1d_target",
     lambda T: F(T).cosine_embedding_loss(T.ones(3), T.ones(3, 2), T.ones(3))),
    ("cosine_embedding_0d_target",
     lambda T: F(T).cosine_embedding_loss(T.ones(3, 2), T.ones(3, 2), T.tensor(1.0))),
    ("cosine_embedding_reduction",
     lambda T: F(T).cosine_embedding_loss(T.ones(3, 2), T.ones(3, 2), T.ones(3),
                                          reduction="x")),
    ("triplet_margin", lambda T: F(T).triplet_margin_loss(T.ones(2), T.ones(2), T.ones(2),
                                                          margin=-1.0)),
    ("triplet_dims", lambda T: F(T).triplet_margin_loss(T.ones(2, 3), T.ones(3),
                                                        T.ones(2, 3))),
    ("triplet_reduction", lambda T: F(T).triplet_margin_loss(T.ones(2), T.ones(2), T.ones(2),
                                                             reduction="x")),
    ("multilabel_reduction",
     lambda T: F(T).multilabel_soft_margin_loss(T.ones(2, 3), T.ones(2, 3), reduction="x")),
    ("multi_margin_target_range",
     lambda T: F(T).multi_margin_loss(T.ones(2, 4), T.tensor([4, 0]))),
    ("multi_margin_negative_target",
     lambda T: F(T).multi_margin_loss(T.ones(2, 4), T.tensor([-1, 0]))),
    ("multi_margin_target_size",
     lambda T: F(T).multi_margin_loss(T.ones(2, 4), T.tensor([1, 0, 1]))),
    ("multi_margin_p", lambda T: F(T).multi_margin_loss(T.ones(2, 4), T.tensor([1, 0]), p=3)),
    ("multi_margin_weight_size",
     lambda T: F(T).multi_margin_loss(T.ones(2, 4), T.tensor([1, 0]), weight=T.ones(3))),
    ("multi_margin_weight_dim",
     lambda T: F(T).multi_margin_loss(T.ones(2, 4), T.tensor([1, 0]), weight=T.ones(2, 2))),
    ("multi_margin_float_target",
     lambda T: F(T).multi_margin_loss(T.ones(2, 4), T.tensor([1.0, 0.0]))),
    ("multi_margin_empty", lambda T: F(T).multi_margin_loss(T.ones(2, 0), T.tensor([0, 0]))),
    ("multi_margin_3d", lambda T: F(T).multi_margin_loss(T.ones(2, 2, 2), T.tensor([0, 0]))),
    ("multi_margin_reduction",
     lambda T: F(T).multi_margin_loss(T.ones(2, 4), T.tensor([1, 0]), reduction="x")),
    ("multilabel_margin_size",
     lambda T: F(T).multilabel_margin_loss(T.ones(2, 4), T.ones(2, 3, dtype=T.int64))),
    ("multilabel_margin_float_target",
     lambda T: F(T).multilabel_margin_loss(T.ones(2, 4), T.ones(2, 4))),
    ("multilabel_margin_range",
     lambda T: F(T).multilabel_margin_loss(T.ones(1, 4), T.tensor([[4, 0, -1, 1]]))),
    ("multilabel_margin_below_minus_one",
     lambda T: F(T).multilabel_margin_loss(T.ones(1, 4), T.tensor([[-2, 0, -1, 1]]))),
    ("multilabel_margin_3d", lambda T: F(T).multilabel_margin_loss(
        T.ones(2, 2, 2), T.ones(2, 2, 2, dtype=T.int64))),
    ("triplet_with_distance_reduction", lambda T: F(T).triplet_margin_with_distance_loss(
        T.ones(2), T.ones(2), T.ones(2), reduction="x")),
    ("triplet_with_distance_margin", lambda T: F(T).triplet_margin_with_distance_loss(
        T.ones(2), T.ones(2), T.ones(2), margin=0)),
    ("triplet_with_distance_dims", lambda T: F(T).triplet_margin_with_distance_loss(
        T.ones(2), T.ones(1, 2), T.ones(2))),
    ("kl_div_shapes", lambda T: F(T).kl_div(T.ones(2, 3), T.ones(2, 2), reduction="sum")),
    ("soft_margin_shapes", lambda T: F(T).soft_margin_loss(T.ones(2, 3), T.ones(2, 2))),
    ("smooth_l1_long", lambda T: F(T).smooth_l1_loss(T.tensor([1, 2]), T.tensor([1, 3]))),
    ("huber_long", lambda T: F(T).huber_loss(T.tensor([1, 2]), T.tensor([1, 3]))),
    ("soft_margin_long", lambda T: F(T).soft_margin_loss(T.tensor([1, 2]), T.tensor([1, -1]))),
    ("soft_margin_output_shape", lambda T: F(T).soft_margin_loss(T.ones(3), T.ones(2, 3))),
]


@pytest.mark.parametrize("name,fn", LOSS_ERRORS, ids=[c[0] for c in LOSS_ERRORS])
def test_loss_errors(oracle, name, fn):
    check_error(oracle, name, _quiet(fn))


# ----------------------------------------------------------------------------- modules
# (id, make(lib), inputs(lib) -> list of tensors)
def _xy(T):
    x = T.tensor([[0.5, -1.2, 2.0], [0.1, 0.9, -0.4]], requires_grad=True)
    t = T.tensor([[0.3, 0.4, -1.0], [1.5, 0.2, -0.3]])
    return [x, t]


def _pm(T):
    return [T.tensor([[0.5, -1.2, 2.0], [0.1, 0.9, -0.4]], requires_grad=True),
            T.tensor([[1.0, -1.0, 1.0], [-1.0, 1.0, -1.0]])]


def _pair_label(T):
    a = T.tensor([[0.5, -1.2, 2.0], [0.1, 0.9, -0.4]], requires_grad=True)
    b = T.tensor([[0.3, 0.4, -1.0], [1.5, 0.2, -0.3]], requires_grad=True)
    return [a, b, T.tensor([1.0, -1.0])]


def _triplet(T):
    return _pair_label(T)[:2] + [T.tensor([[0.0, 1.0, 0.5], [-1.0, 0.0, 2.0]],
                                          requires_grad=True)]


LOSS_MODULES = [
    ("SmoothL1Loss", lambda T: T.nn.SmoothL1Loss(), _xy),
    ("SmoothL1Loss_args", lambda T: T.nn.SmoothL1Loss(reduction="sum", beta=0.5), _xy),
    ("HuberLoss", lambda T: T.nn.HuberLoss(), _xy),
    ("HuberLoss_args", lambda T: T.nn.HuberLoss("none", delta=2), _xy),
    ("KLDivLoss_batchmean", lambda T: T.nn.KLDivLoss(reduction="batchmean"),
     lambda T: [_xy(T)[0], T.tensor([[0.2, 0.3, 0.5], [0.6, 0.4, 0.0]])]),
    ("KLDivLoss_log_target", lambda T: T.nn.KLDivLoss(reduction="sum", log_target=True), _xy),
    ("PoissonNLLLoss", lambda T: T.nn.PoissonNLLLoss(), lambda T: [_xy(T)[0],
                                                                   T.tensor([[1.0, 0.0, 3.0],
                                                                             [2.0, 5.0, 1.0]])]),
    ("PoissonNLLLoss_args", lambda T: T.nn.PoissonNLLLoss(log_input=False, full=True, eps=1e-3,
                                                          reduction="sum"),
     lambda T: [T.tensor([[0.5, 1.2, 2.0], [0.1, 0.9, 4.0]], requires_grad=True),
                T.tensor([[1.0, 0.0, 3.0], [2.0, 5.0, 1.0]])]),
    ("GaussianNLLLoss", lambda T: T.nn.GaussianNLLLoss(),
     lambda T: _xy(T) + [T.tensor([[0.5, 1.0, 2.0], [0.1, 0.3, 1.5]], requires_grad=True)]),
    ("GaussianNLLLoss_args", lambda T: T.nn.GaussianNLLLoss(full=True, eps=0.2, reduction="none"),
     lambda T: _xy(T) + [T.tensor([0.1, 2.0], requires_grad=True)]),
    ("MarginRankingLoss", lambda T: T.nn.MarginRankingLoss(margin=0.2), lambda T: [
        T.tensor([0.5, -1.2, 2.0], requires_grad=True), T.tensor([0.1, 0.9, 2.1],
                                                                 requires_grad=True),
        T.tensor([1.0, -1.0, 1.0])]),
    ("HingeEmbeddingLoss", lambda T: T.nn.HingeEmbeddingLoss(margin=2.0, reduction="sum"), _pm),
    ("SoftMarginLoss", lambda T: T.nn.SoftMarginLoss(), _pm),
    ("CosineEmbeddingLoss", lambda T: T.nn.CosineEmbeddingLoss(margin=0.1), _pair_label),
    ("TripletMarginLoss", lambda T: T.nn.TripletMarginLoss(), _triplet),
    ("TripletMarginLoss_args", lambda T: T.nn.TripletMarginLoss(0.5, 1.0, 1e-3, True,
                                                                 reduction="none"), _triplet),
    ("MultiLabelSoftMarginLoss", lambda T: T.nn.MultiLabelSoftMarginLoss(),
     lambda T: [_xy(T)[0], T.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])]),
    ("MultiLabelSoftMarginLoss_weight",
     lambda T: T.nn.MultiLabelSoftMarginLoss(weight=T.tensor([0.5, 1.0, 2.0]),
                                             reduction="none"),
     lambda T: [_xy(T)[0], T.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])]),
    ("SmoothL1Loss_legacy", lambda T: T.nn.SmoothL1Loss(size_average=False), _xy),
    ("MultiMarginLoss", lambda T: T.nn.MultiMarginLoss(p=2, margin=0.5,
                                                       weight=T.tensor([1.0, 2.0, 0.5])),
     lambda T: [_xy(T)[0], T.tensor([2, 0])]),
    ("MultiLabelMarginLoss", lambda T: T.nn.MultiLabelMarginLoss(reduction="none"),
     lambda T: [_xy(T)[0], T.tensor([[2, -1, 0], [1, 0, 2]])]),
    ("TripletMarginWithDistanceLoss", lambda T: T.nn.TripletMarginWithDistanceLoss(), _triplet),
    ("TripletMarginWithDistanceLoss_args", lambda T: T.nn.TripletMarginWithDistanceLoss(
        distance_function=T.nn.CosineSimilarity(), margin=2.0, swap=True, reduction="sum"),
     _triplet),
]


@pytest.mark.parametrize("name,make,inputs", LOSS_MODULES, ids=[m[0] for m in LOSS_MODULES])
def test_loss_module(oracle, name, make, inputs):
    def run(T):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            m = make(T)
            xs = inputs(T)
            out = m(*xs)
        out.backward(T.arange(1.0, out.numel() + 1).reshape(out.shape))
        buffers = sorted(n for n, _ in m.named_buffers())
        return [repr(m), m.reduction, buffers, out] + [x.grad for x in xs if x.requires_grad]
    expected = oracle(name, run)
    ours = run(al)
    assert ours[:3] == expected[:3]
    for o, e in zip(ours[3:], expected[3:]):
        assert_tensor_matches(o, e)


def test_loss_module_attributes(oracle):
    def run(T):
        return [[m.beta, m.reduction] for m in [T.nn.SmoothL1Loss(beta=0.3)]] + \
               [[T.nn.HuberLoss(delta=3).delta, T.nn.KLDivLoss(log_target=True).log_target],
                [T.nn.PoissonNLLLoss(eps=0.5).eps, T.nn.GaussianNLLLoss(full=True).full],
                [T.nn.TripletMarginLoss(swap=True).swap, T.nn.TripletMarginLoss().p,
                 T.nn.HingeEmbeddingLoss().margin, T.nn.CosineEmbeddingLoss().margin,
                 T.nn.MarginRankingLoss().margin]]
    assert run(al) == oracle("attrs", run)


SECOND_ORDER = [
    ("smooth_l1", lambda T, x, t: F(T).smooth_l1_loss(x * x, t, beta=0.5)),
    ("huber", lambda T, x, t: F(T).huber_loss(x * x, t, delta=0.5)),
    ("soft_margin", lambda T, x, t: F(T).soft_margin_loss(x, t.sign())),
    ("kl_div", lambda T, x, t: F(T).kl_div(x, t.abs() + x.abs(), reduction="batchmean")),
    ("cosine_embedding", lambda T, x, t: F(T).cosine_embedding_loss(x, t, T.tensor(
        [1.0, -1.0, 1.0]), margin=-0.5)),
    ("triplet", lambda T, x, t: F(T).triplet_margin_loss(x, t, x.flip(0), margin=3.0)),
]


@pytest.mark.parametrize("name,fn", SECOND_ORDER, ids=[c[0] for c in SECOND_ORDER])
def test_second_derivative(oracle, name, fn):
    """The input gradient built with create_graph, differentiated again (values)."""
    def run(T):
        x = T.tensor(In(M).values(0), dtype=T.float64, requires_grad=True)
        t = T.tensor(In(M).values(1), dtype=T.float64)
        g, = T.autograd.grad(fn(T, x, t), x, create_graph=True)
        (g * g.detach().cos()).sum().backward()
        return [g.detach(), x.grad]
    expected = oracle(name, run)
    for o, e in zip(run(al), expected):
        assert_tensor_matches(o, e, check_graph=False, rtol=1e-6)


# ----------------------------------------------------------------------------- nan and inf
LOSS_NAN_CASES = [
    ("smooth_l1", lambda T, x: F(T).smooth_l1_loss(x, x.detach().flip(0), reduction="none")),
    ("huber", lambda T, x: F(T).huber_loss(x, x.detach().flip(0), reduction="none")),
    ("soft_margin", lambda T, x: F(T).soft_margin_loss(x, x.detach().sign(), reduction="none")),
    ("hinge_embedding",
     lambda T, x: F(T).hinge_embedding_loss(x, x.detach().sign(), reduction="none")),
    ("margin_ranking",
     lambda T, x: F(T).margin_ranking_loss(x, x.flip(0), x.detach().sign(), reduction="none")),
    ("kl_div_log_target", lambda T, x: F(T).kl_div(x, x.flip(0), reduction="none",
                                                    log_target=True)),
]


@pytest.mark.parametrize("name,fn", LOSS_NAN_CASES, ids=[c[0] for c in LOSS_NAN_CASES])
def test_loss_nan_inf(oracle, name, fn):
    """A nan, both infinities, ties and kinks in the input; inf and nan in the gradient."""
    check_nan_case(oracle, name, fn, [NAN_VALUES])


# ----------------------------------------------------------------------------- broadcasting
def _broadcast_shapes():
    """Two broadcast-compatible shapes of 1 to 3 dims (sizes 1-3)."""
    dims = st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from(["a", "b", "both"])),
                    min_size=1, max_size=3)
    return dims.map(lambda ds: (tuple(n if w in ("a", "both") else 1 for n, w in ds),
                                tuple(n if w in ("b", "both") else 1 for n, w in ds)))


PAIR_OPS = {
    "cosine_similarity": lambda T, a, b: F(T).cosine_similarity(a, b, dim=-1),
    "pairwise_distance": lambda T, a, b: F(T).pairwise_distance(a, b),
    "smooth_l1": _quiet(lambda T, a, b: F(T).smooth_l1_loss(a, b, reduction="none", beta=0.5)),
    "huber": _quiet(lambda T, a, b: F(T).huber_loss(a, b, reduction="sum")),
    "kl_div": lambda T, a, b: F(T).kl_div(a, b.abs(), reduction="none"),
    "margin_ranking": lambda T, a, b: F(T).margin_ranking_loss(a, b, (a - b).detach().sign(),
                                                              margin=0.3, reduction="none"),
}


@pytest.mark.skipif(not torch_available(), reason="property test compares live with torch")
@settings(max_examples=30, deadline=None)
@given(shapes=_broadcast_shapes(), op=st.sampled_from(sorted(PAIR_OPS)), seed=st.integers(0, 20))
def test_broadcasting_property(shapes, op, seed):
    import torch
    fn = PAIR_OPS[op]
    # (float64: where a gradient is 0 by cancellation, as cosine_similarity's of 1-element
    # vectors, float32 leaves rounding noise of a few 1e-6 that differs between libraries)
    specs = [In(shapes[0], dtype="float64", seed=seed),
             In(shapes[1], dtype="float64", seed=seed + 1)]
    expected = _encode(run_case(torch, fn, specs))
    compare(run_case(al, fn, specs), expected)
