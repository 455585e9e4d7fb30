"""nn.init beyond the uniform/normal family, checked against PyTorch after the same seed:
trunc_normal_ (both of torch's samplers), orthogonal_ (QR with torch's sign convention),
sparse_, dirac_, eye_, the deprecated names without the underscore, and the errors."""
import math
import warnings

import pytest

import autograd_lab as al
from oracle import assert_error_matches, assert_tensor_matches

EXACT = dict(rtol=0, atol=0)


def _fill(lib, shape, dtype, fill, seed=0):
    """A fresh leaf that requires grad (like a Parameter), filled after ``manual_seed``."""
    lib.manual_seed(seed)
    t = lib.empty(*shape, dtype=getattr(lib, dtype), requires_grad=True)
    out = fill(lib, t)
    assert out is t               # every init fills in place and returns its argument
    return t


# ---------------------------------------------------------------------------- trunc_normal_
TRUNC = {
    "default": dict(),                                        # p ~ 0.95: redraw normals
    "shifted": dict(mean=0.5, std=2.0, a=-1.0, b=3.0),
    "narrow": dict(std=1.0, a=-0.2, b=0.3),                   # p ~ 0.2: uniform + accept
    "tail": dict(mean=1.0, std=0.5, a=2.0, b=3.0),            # far tail, mode at a
    "tiny": dict(a=0.0, b=0.05),
    "vit": dict(std=0.02),                                    # timm/ViT's usual call
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(5,), (4, 6), (20, 15), (3, 4, 5)], ids=str)
@pytest.mark.parametrize("case", sorted(TRUNC))
def test_trunc_normal_matches_torch(oracle, case, shape, dtype):
    def run(lib):
        return _fill(lib, shape, dtype, lambda l, t: l.nn.init.trunc_normal_(t, **TRUNC[case]))
    expected = oracle("values", run)
    ours = run(al)
    assert_tensor_matches(ours, expected, **EXACT)
    kw = {"mean": 0.0, "std": 1.0, "a": -2.0, "b": 2.0, **TRUNC[case]}
    assert float(ours.min()) >= kw["a"] and float(ours.max()) <= kw["b"]


def test_trunc_normal_generator_leaves_global_stream_alone(oracle):
    def run(lib):
        lib.manual_seed(7)
        g = lib.Generator().manual_seed(3)
        w = lib.nn.init.trunc_normal_(lib.empty(20, 20), std=0.5, a=-0.6, b=0.6, generator=g)
        return w, lib.rand(3)            # the global generator has not moved
    expected = oracle("gen", run)
    for o, e in zip(run(al), expected):
        assert_tensor_matches(o, e, **EXACT)


def test_trunc_normal_warns_when_mean_far_from_interval(oracle):
    def run(lib):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            lib.manual_seed(0)
            lib.nn.init.trunc_normal_(lib.empty(3), mean=5.0, std=1.0, a=-1.0, b=1.0)
        return [(x.category.__name__, str(x.message)) for x in w]
    expected = oracle("warn", run)
    assert [list(x) for x in run(al)] == expected and len(expected) == 1


# ---------------------------------------------------------------------------- orthogonal_
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(3, 3), (4, 7), (7, 4), (2, 10), (50, 20), (6, 3, 2, 2)],
                         ids=str)
def test_orthogonal_matches_torch(oracle, shape, dtype):
    def run(lib):
        return _fill(lib, shape, dtype, lambda l, t: l.nn.init.orthogonal_(t, gain=2.0))
    expected = oracle("values", run)
    ours = run(al)
    # Same normal draws and the same sign convention (columns times sign(diag R)); the QR
    # itself comes from a different LAPACK build than torch's, so the last bits differ.
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-14)
    assert_tensor_matches(ours, expected, **tol)
    m = ours.detach().reshape(shape[0], -1).double() / 2.0
    gram = m @ m.T if shape[0] <= m.shape[1] else m.T @ m
    assert al.allclose(gram, al.eye(gram.shape[0], dtype=al.float64), atol=1e-5)


def test_orthogonal_of_empty_tensor_is_a_no_op(oracle):
    def run(lib):
        return _fill(lib, (0, 3), "float32", lambda l, t: l.nn.init.orthogonal_(t)), lib.rand(2)
    expected = oracle("empty", run)
    for o, e in zip(run(al), expected):
        assert_tensor_matches(o, e, **EXACT)


# ---------------------------------------------------------------------------- sparse_, dirac_, eye_
@pytest.mark.parametrize("shape,sparsity", [((10, 5), 0.3), ((7, 3), 0.5), ((4, 4), 0.0),
                                            ((6, 2), 1.0)], ids=str)
def test_sparse_matches_torch(oracle, shape, sparsity):
    def run(lib):
        return _fill(lib, shape, "float32", lambda l, t: l.nn.init.sparse_(t, sparsity, std=0.1))
    expected = oracle("values", run)
    ours = run(al)
    assert_tensor_matches(ours, expected, **EXACT)
    zeros = (ours == 0).sum(0)
    assert zeros.tolist() == [math.ceil(sparsity * shape[0])] * shape[1]


@pytest.mark.parametrize("shape,groups", [((4, 2, 3), 1), ((4, 2, 3), 2), ((6, 3, 3, 3), 2),
                                          ((3, 5, 2, 4), 1), ((4, 4, 3, 3, 3), 2)], ids=str)
def test_dirac_matches_torch(oracle, shape, groups):
    def run(lib):
        return _fill(lib, shape, "float32", lambda l, t: l.nn.init.dirac_(t, groups=groups))
    assert_tensor_matches(run(al), oracle("values", run), **EXACT)


def test_dirac_conv_is_identity():
    w = al.nn.init.dirac_(al.empty(3, 3, 3, 3))
    x = al.randn(1, 3, 5, 5)
    assert al.allclose(al.nn.functional.conv2d(x, w, padding=1), x)


@pytest.mark.parametrize("shape", [(3, 3), (2, 5), (5, 2)], ids=str)
def test_eye_matches_torch(oracle, shape):
    def run(lib):
        return _fill(lib, shape, "float64", lambda l, t: l.nn.init.eye_(t))
    assert_tensor_matches(run(al), oracle("values", run), **EXACT)


# ---------------------------------------------------------------------------- old names
DEPRECATED = {
    "uniform": lambda l, t: l.nn.init.uniform(t, -1, 1),
    "normal": lambda l, t: l.nn.init.normal(t, 0.5, 2.0),
    "constant": lambda l, t: l.nn.init.constant(t, 0.25),
    "eye": lambda l, t: l.nn.init.eye(t[0]),
    "dirac": lambda l, t: l.nn.init.dirac(t),
    "xavier_uniform": lambda l, t: l.nn.init.xavier_uniform(t, gain=2.0),
    "xavier_normal": lambda l, t: l.nn.init.xavier_normal(t),
    "kaiming_uniform": lambda l, t: l.nn.init.kaiming_uniform(t, a=math.sqrt(5)),
    "kaiming_normal": lambda l, t: l.nn.init.kaiming_normal(t, mode="fan_out"),
    "orthogonal": lambda l, t: l.nn.init.orthogonal(t),
    "sparse": lambda l, t: l.nn.init.sparse(t[0], 0.5),
}


@pytest.mark.parametrize("name", sorted(DEPRECATED))
def test_deprecated_names_warn_and_fill(oracle, name):
    def run(lib):
        lib.manual_seed(1)
        t = lib.zeros(4, 3, 3)        # eye/sparse fill t[0] only: the rest stays 0
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            with lib.no_grad():
                DEPRECATED[name](lib, t)
        return t, [(x.category.__name__, str(x.message)) for x in w], \
            getattr(lib.nn.init, name).__name__
    expected = oracle("run", run)
    t, messages, fn_name = run(al)
    tol = dict(rtol=1e-5, atol=1e-6) if name == "orthogonal" else EXACT
    assert_tensor_matches(t, expected[0], **tol)
    assert [list(m) for m in messages] == expected[1]
    assert fn_name == expected[2] == name


def test_every_public_init_exists():
    public = ["calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_",
              "zeros_", "eye_", "dirac_", "xavier_uniform_", "xavier_normal_",
              "kaiming_uniform_", "kaiming_normal_", "orthogonal_", "sparse_"]
    assert all(callable(getattr(al.nn.init, n)) for n in public + list(DEPRECATED))


# ---------------------------------------------------------------------------- errors
ERRORS = {
    "eye_3d": lambda l: l.nn.init.eye_(l.empty(2, 2, 2)),
    "dirac_2d": lambda l: l.nn.init.dirac_(l.empty(2, 2)),
    "dirac_groups": lambda l: l.nn.init.dirac_(l.empty(3, 2, 3), groups=2),
    "orthogonal_1d": lambda l: l.nn.init.orthogonal_(l.empty(3)),
    "sparse_3d": lambda l: l.nn.init.sparse_(l.empty(2, 2, 2), 0.5),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_errors_match_torch(oracle, case):
    assert_error_matches(oracle(case, ERRORS[case]), lambda: ERRORS[case](al))
