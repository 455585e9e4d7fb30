"""exponential_, geometric_, cauchy_, log_normal_ and torch.poisson against torch 2.13 CPU.

Values are compared bit for bit (rtol = atol = 0, or a SHA-256 of the raw bytes for long
draws), and every case also compares the generator afterwards (the next ``rand`` and a digest
of ``get_state()``), so a sampler that draws one word too many or too few fails.
"""
import hashlib

import pytest

import autograd_lab as al
from oracle import assert_error_matches, assert_tensor_matches
from ops_helper import compare

DTYPES = ["float16", "float32", "float64"]

FILLS = {    # name -> (parameter sets, fill(tensor, params, generator))
    "exponential_": ([(1.0,), (0.25,), (3.5,), (float("inf"),)],
                     lambda t, a, g: t.exponential_(*a, generator=g)),
    "geometric_": ([(0.3,), (0.01,), (0.9,)],
                   lambda t, a, g: t.geometric_(*a, generator=g)),
    "cauchy_": ([(0.0, 1.0), (1.5, 2.3), (-3.0, 0.1)],
                lambda t, a, g: t.cauchy_(*a, generator=g)),
    "log_normal_": ([(1.0, 2.0), (0.0, 0.5), (-1.0, 1.0)],
                    lambda t, a, g: t.log_normal_(*a, generator=g)),
}
CASES = [(name, i) for name, (params, _) in FILLS.items() for i in range(len(params))]


def _digest(lib, t):
    return hashlib.sha256(t.detach().contiguous().numpy().tobytes()).hexdigest()


def _state(lib, g):
    return hashlib.sha256(g.get_state().numpy().tobytes()).hexdigest()


def _blank(lib, layout, dtype):
    if layout == "small":
        return lib.zeros(5, dtype=dtype)
    if layout == "block":                 # >= 16 elements: normal_ would take another path
        return lib.zeros(4, 5, dtype=dtype)
    return lib.zeros(3, 7, dtype=dtype).t()      # non-contiguous: filled in memory order


@pytest.mark.parametrize("layout", ["small", "block", "transposed"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,case", CASES)
def test_fill_values_and_generator_match_torch(oracle, name, case, dtype, layout):
    params, fill = FILLS[name]

    def run(lib):
        g = lib.Generator().manual_seed(7 + case)
        t = _blank(lib, layout, getattr(lib, dtype))
        out = fill(t, params[case], g)
        return [out is t, t, lib.rand(3, generator=g), _state(lib, g)]
    expected = oracle("fill", run)
    ours = run(al)
    assert ours[0] is True and expected[0] is True        # in place, returns self
    assert_tensor_matches(ours[1], expected[1], rtol=0, atol=0, check_repr=True)
    assert_tensor_matches(ours[2], expected[2], rtol=0, atol=0)
    assert ours[3] == expected[3]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,case", CASES)
def test_long_fill_is_bit_identical(oracle, name, case, dtype):
    """3000 draws from the default generator: every bit, and where the stream ends."""
    params, fill = FILLS[name]

    def run(lib):
        lib.manual_seed(100 + case)
        t = fill(lib.empty(3000, dtype=getattr(lib, dtype)), params[case], None)
        return [_digest(lib, t), lib.rand(2), _state(lib, lib.default_generator)]
    expected = oracle("long", run)
    ours = run(al)
    assert ours[0] == expected[0]
    assert_tensor_matches(ours[1], expected[1], rtol=0, atol=0)
    assert ours[2] == expected[2]


@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "uint8"])
def test_geometric_fills_integer_tensors(oracle, dtype):
    def run(lib):
        lib.manual_seed(3)
        t = lib.zeros(2, 6, dtype=getattr(lib, dtype)).geometric_(0.2)
        return [t, lib.rand(2)]
    compare(run(al), oracle("geometric", run), rtol=0, atol=0)


def test_log_normal_shares_the_normal_cache(oracle):
    """randn of an odd small size leaves a cached second normal that log_normal_ uses first,
    and log_normal_ of an odd size leaves one for the next randn."""
    def run(lib):
        lib.manual_seed(5)
        a = lib.randn(3, dtype=lib.float64)
        b = lib.empty(5, dtype=lib.float64).log_normal_(0.5, 1.5)
        return [a, b, lib.randn(3, dtype=lib.float64)]
    compare(run(al), oracle("cache", run), rtol=0, atol=0)


def test_default_arguments(oracle):
    def run(lib):
        lib.manual_seed(11)
        return [lib.empty(4).exponential_(), lib.empty(4).cauchy_(), lib.empty(4).log_normal_(),
                lib.empty(4).exponential_(lambd=2), lib.empty(4).geometric_(p=0.5),
                lib.empty(4).cauchy_(median=1, sigma=3), lib.empty(4).log_normal_(mean=0, std=1)]
    compare(run(al), oracle("defaults", run), rtol=0, atol=0)


BAD = {
    "exp_negative": lambda lib: lib.empty(3).exponential_(-1),
    "exp_zero": lambda lib: lib.empty(3).exponential_(0),
    "exp_nan": lambda lib: lib.empty(3).exponential_(float("nan")),
    "exp_int": lambda lib: lib.empty(3, dtype=lib.int64).exponential_(),
    "exp_bool": lambda lib: lib.empty(3, dtype=lib.bool).exponential_(),
    "exp_int_bad_lambda": lambda lib: lib.empty(3, dtype=lib.int32).exponential_(-2),
    "exp_generator": lambda lib: lib.empty(3).exponential_(generator=3),
    "geo_zero": lambda lib: lib.empty(3).geometric_(0),
    "geo_one": lambda lib: lib.empty(3).geometric_(1),
    "geo_above": lambda lib: lib.empty(3).geometric_(1.5),
    "geo_negative": lambda lib: lib.empty(3).geometric_(-0.5),
    "geo_nan": lambda lib: lib.empty(3).geometric_(float("nan")),
    "geo_bool": lambda lib: lib.empty(3, dtype=lib.bool).geometric_(0.3),
    "cauchy_zero": lambda lib: lib.empty(3).cauchy_(0, 0),
    "cauchy_negative": lambda lib: lib.empty(3).cauchy_(0, -1),
    "cauchy_nan": lambda lib: lib.empty(3).cauchy_(0, float("nan")),
    "cauchy_int": lambda lib: lib.empty(3, dtype=lib.int64).cauchy_(),
    "cauchy_int32": lambda lib: lib.empty(3, dtype=lib.int32).cauchy_(),
    "lognormal_zero": lambda lib: lib.empty(3).log_normal_(1, 0),
    "lognormal_negative": lambda lib: lib.empty(3).log_normal_(1, -1),
    "lognormal_nan": lambda lib: lib.empty(3).log_normal_(1, float("nan")),
    "lognormal_int": lambda lib: lib.empty(3, dtype=lib.int64).log_normal_(),
    "poisson_negative": lambda lib: lib.poisson(lib.tensor([-1.0])),
    "poisson_nan": lambda lib: lib.poisson(lib.tensor([float("nan")])),
    "poisson_int": lambda lib: lib.poisson(lib.tensor([1, 2])),
    "poisson_not_tensor": lambda lib: lib.poisson(3),
    "poisson_generator": lambda lib: lib.poisson(lib.ones(2), 3),
}


@pytest.mark.parametrize("key", BAD)
def test_bad_arguments_raise_torchs_errors(oracle, key):
    assert_error_matches(oracle(key, BAD[key]), lambda: BAD[key](al))


def test_bad_parameter_leaves_tensor_and_generator_untouched(oracle):
    def run(lib):
        lib.manual_seed(2)
        t = lib.ones(3)
        try:
            t.exponential_(-1)
        except RuntimeError:
            pass
        return [t, t._version, lib.rand(2)]
    compare(run(al), oracle("untouched", run), rtol=0, atol=0)


# ------------------------------------------------------------------ poisson
RATES = [0.0, 0.5, 3.0, 9.99, 10.0, 11.5, 25.0, 100.0, 1e4, 1e7, 1e-3]


@pytest.mark.parametrize("dtype", DTYPES)
def test_poisson_matches_torch_across_rate_regimes(oracle, dtype):
    """Every branch of sample_poisson: rate 0, Knuth's product below 10, the transformed
    rejection from 10 up (and an infinite rate: float16 holds 1e7 as inf)."""
    def run(lib):
        lib.manual_seed(5)
        rates = lib.tensor(RATES * 20, dtype=getattr(lib, dtype))
        out = lib.poisson(rates)
        return [out, lib.rand(3), _state(lib, lib.default_generator)]
    expected = oracle("regimes", run)
    ours = run(al)
    assert_tensor_matches(ours[0], expected[0], rtol=0, atol=0)
    assert_tensor_matches(ours[1], expected[1], rtol=0, atol=0)
    assert ours[2] == expected[2]


def test_poisson_with_generator_and_non_contiguous_rates(oracle):
    def run(lib):
        g = lib.Generator().manual_seed(9)
        rates = (lib.arange(12, dtype=lib.float64).reshape(3, 4) * 2.5).t()
        return [lib.poisson(rates, g), lib.poisson(rates, generator=g), lib.rand(2, generator=g)]
    compare(run(al), oracle("generator", run), rtol=0, atol=0)


def test_poisson_infinite_rate(oracle):
    def run(lib):
        lib.manual_seed(0)
        return [lib.poisson(lib.tensor([float("inf"), 2.0])), lib.rand(2)]
    compare(run(al), oracle("inf", run), rtol=0, atol=0)


def test_poisson_error_midway_has_advanced_the_generator(oracle):
    """torch checks each rate as its kernel reaches it: the rates before the bad one drew."""
    def run(lib):
        lib.manual_seed(4)
        try:
            lib.poisson(lib.tensor([3.0, 20.0, -1.0, 5.0]))
        except RuntimeError:
            pass
        return lib.rand(3)
    compare(run(al), oracle("midway", run), rtol=0, atol=0)


def test_poisson_is_recorded_with_zero_gradient(oracle):
    def run(lib):
        lib.manual_seed(1)
        x = lib.tensor([1.0, 2.0, 30.0], requires_grad=True)
        y = lib.poisson(x * 2)
        y.backward(lib.tensor([float("inf"), float("nan"), 1.0]))
        return [y, x.grad, y.grad_fn.next_functions[0][0].name(), lib.poisson(x).requires_grad]
    compare(run(al), oracle("autograd", run), rtol=0, atol=0)


def test_poisson_empty_and_scalar(oracle):
    def run(lib):
        lib.manual_seed(6)
        return [lib.poisson(lib.zeros(0, 3)), lib.poisson(lib.tensor(4.0)), lib.rand(1)]
    compare(run(al), oracle("shapes", run), rtol=0, atol=0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_long_poisson_is_bit_identical(oracle, dtype):
    """2000 rates from 0 to 60: many rejections and the lgamma comparison along the way."""
    def run(lib):
        lib.manual_seed(12)
        rates = (lib.arange(2000, dtype=lib.float64) * 0.03).to(getattr(lib, dtype))
        return [_digest(lib, lib.poisson(rates)), _state(lib, lib.default_generator)]
    assert run(al) == oracle("long", run)
