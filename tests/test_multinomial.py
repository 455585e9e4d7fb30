"""multinomial and WeightedRandomSampler against torch 2.13: the same seed draws the same
indices (both paths, float16/32/64, 1-D and 2-D, ties among equal weights included), leaves the
generator in the same state, and bad arguments get torch's exception and message."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd_lab as al
from autograd_lab.ops._topk_order import topk_exact
from oracle import assert_error_matches, assert_tensor_matches

DTYPES = ["float16", "float32", "float64"]


def same(ours, expected):
    """Indices must be equal exactly (and int64, with torch's shape)."""
    assert_tensor_matches(ours, expected, rtol=0, atol=0)


def weights(kind, shape, seed=0):
    """Fixed weights as nested lists: 'rand' (all distinct), 'sparse' (mostly zeros: their
    quotients p/q tie at 0) or 'ints' (0, 1, 2: ties everywhere in float16)."""
    rs = np.random.RandomState(seed)
    w = rs.rand(*shape)
    if kind == "sparse":
        w[rs.rand(*shape) < 0.7] = 0.0
        w[..., 0] = 0.5
    elif kind == "ints":
        w = rs.randint(0, 3, shape).astype(np.float64)
        w[..., -1] = 1.0
    return w.tolist()


def draws(lib, w, dtype, k, replacement, seeds=(0, 7)):
    """Per seed: the samples from the global generator, the next rand (so the stream after
    multinomial is checked), and the samples from a Generator object; as plain lists (the
    golden file stays small; dtype and shape are checked by the tests returning tensors)."""
    out = []
    for s in seeds:
        lib.manual_seed(s)
        p = lib.tensor(w, dtype=getattr(lib, dtype))
        out.append(lib.multinomial(p, k, replacement).tolist())
        out.append(lib.rand(3).tolist())
        g = lib.Generator().manual_seed(s + 100)
        out.append(lib.multinomial(p, k, replacement=replacement, generator=g).tolist())
    return out


def check_plain(oracle, key, run):
    """``run`` returns plain lists: they must be equal exactly (floats to the last bit)."""
    assert run(al) == oracle(key, run)


def check(oracle, key, run):
    expected = oracle(key, run)
    ours = run(al)
    assert len(ours) == len(expected)
    for o, e in zip(ours, expected):
        same(o, e)


# ------------------------------------------------------------------------ samples
SHAPES = [(1,), (6,), (40,), (3, 9), (2, 130)]


def _ks(n, replacement):
    if replacement:           # one sample takes the other path: the exponential race
        return [1, 2, 5, 2 * n]
    return sorted(k for k in {1, 2, n // 2, n - 1, n} if 1 <= k <= n)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("kind", ["rand", "sparse", "ints"])
@pytest.mark.parametrize("replacement", [False, True], ids=["once", "repl"])
def test_samples_match_torch(oracle, dtype, shape, kind, replacement):
    w = weights(kind, shape)

    def run(lib):
        out = []
        for k in _ks(shape[-1], replacement):
            out += draws(lib, w, dtype, k, replacement)
        return out
    check_plain(oracle, "draws", run)


@pytest.mark.parametrize("n,k", [(640, 10), (640, 9), (64, 1), (300, 300), (500, 499),
                                 (17, 16), (129, 2)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_ties_follow_torchs_topk(oracle, n, k, dtype):
    """Fewer non-zero weights than samples: the zeros' quotients all tie at 0, and torch's
    order among them is what libstdc++'s partial_sort (k*64 <= n) or nth_element + sort
    leave. Equal weights in float16 tie often too."""
    w = [0.0] * n
    for i in range(0, n, max(1, n // 5)):
        w[i] = 1.0 + (i % 3)

    def run(lib):
        return draws(lib, w, dtype, k, False, seeds=(0, 3))
    check_plain(oracle, "ties", run)


def test_half_noise_is_rounded_through_float(oracle):
    """float16's Exp(1) noise is static_cast<Half>(double), which goes through float: one
    value in ~17000 rounds differently from a direct double->half rounding. Seed 1138 is
    one where that changes the ranking of 200 equal weights."""
    def run(lib):
        p = lib.ones(200, dtype=lib.float16)
        return [lib.multinomial(p, 200, generator=lib.Generator().manual_seed(1138))]
    check(oracle, "half", run)


@pytest.mark.parametrize("dtype", DTYPES)
def test_running_sum_precision(oracle, dtype):
    """With replacement the normalised running sum is kept in float for float16/float32:
    about one sample in 10**4 falls between its rounded boundaries and exact ones, so 10**5
    samples over 1000 categories tell the precision apart. Compared through the counts."""
    w = np.random.RandomState(0).rand(1000).tolist()

    def run(lib):
        p = lib.tensor(w, dtype=getattr(lib, dtype))
        counts = [0] * 1000
        for i in lib.multinomial(p, 100000, True,
                                 generator=lib.Generator().manual_seed(0)).tolist():
            counts[i] += 1
        return counts
    check_plain(oracle, "counts", run)


def test_many_seeds_small_input(oracle):
    def run(lib):
        p = lib.tensor([0.1, 0.0, 2.0, 0.7, 0.7])
        out = []
        for s in range(25):
            lib.manual_seed(s)
            out += [lib.multinomial(p, 3), lib.multinomial(p, 4, True), lib.multinomial(p, 1)]
        out.append(lib.rand(2))
        return out
    check(oracle, "seeds", run)


def test_generator_leaves_global_stream_alone(oracle):
    def run(lib):
        lib.manual_seed(5)
        g = lib.Generator().manual_seed(9)
        p = lib.tensor([[1.0, 2.0, 3.0], [3.0, 0.0, 1.0]], dtype=lib.float64)
        return [lib.multinomial(p, 2, generator=g), lib.multinomial(p, 5, True, generator=g),
                lib.rand(4), lib.rand(2, generator=g)]
    check(oracle, "gen", run)


def test_method_keywords_and_layouts(oracle):
    """Tensor.multinomial; a transposed or sliced input fills its Exp(1) noise in memory
    order (as ``empty_like`` keeps the layout), which changes which index wins."""
    def run(lib):
        lib.manual_seed(3)
        base = lib.arange(1.0, 25.0).view(4, 6)
        return [base.multinomial(3), base.multinomial(num_samples=4, replacement=True),
                base.t().multinomial(2), base[:, ::2].multinomial(2), base.t()[::2].multinomial(1),
                lib.multinomial(input=base[1], num_samples=6), lib.rand(3)]
    check(oracle, "layouts", run)


def test_result_is_int64_without_grad(oracle):
    def run(lib):
        lib.manual_seed(0)
        p = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        return [lib.multinomial(p, 2), lib.multinomial(lib.ones(0, 3), 2),
                lib.multinomial(lib.ones(0, 0), 2, True)]
    check(oracle, "grad", run)


def test_extreme_weights(oracle):
    """Huge weights overflow the float32 running sum (inf / inf is NaN in the normalised
    sums: the kernel's binary search still answers) and tiny ones underflow nothing."""
    def run(lib):
        lib.manual_seed(2)
        return [lib.multinomial(lib.tensor([1e38, 1e38, 1e38]), 4, True),
                lib.multinomial(lib.tensor([1e38, 1e38, 1e38]), 2),
                lib.multinomial(lib.tensor([1e-30, 1e-45, 0.0]), 3, True),
                lib.multinomial(lib.tensor([1e-300, 1e-310], dtype=lib.float64), 2),
                lib.multinomial(lib.tensor([-0.0, 1.0, 0.0]), 3), lib.rand(2)]
    check(oracle, "extreme", run)


# ------------------------------------------------------------------------ errors
ERRORS = [
    ("negative", lambda L: L.multinomial(L.tensor([1.0, -1.0]), 1)),
    ("inf", lambda L: L.multinomial(L.tensor([1.0, float("inf")]), 2)),
    ("nan", lambda L: L.multinomial(L.tensor([[1.0, 1.0], [float("nan"), 1.0]]), 1)),
    ("negative_repl", lambda L: L.multinomial(L.tensor([1.0, -1.0]), 2, True)),
    ("inf_repl", lambda L: L.multinomial(L.tensor([1.0, float("inf")]), 2, True)),
    ("nan_repl", lambda L: L.multinomial(L.tensor([1.0, float("nan")]), 2, True)),
    ("nan_then_negative_repl", lambda L: L.multinomial(L.tensor([float("nan"), -1.0]), 2,
                                                       True)),
    ("zero_sum", lambda L: L.multinomial(L.tensor([0.0, 0.0]), 1)),
    ("zero_sum_negzero", lambda L: L.multinomial(L.tensor([-0.0, 0.0]), 1)),
    ("zero_row", lambda L: L.multinomial(L.tensor([[1.0, 1.0], [0.0, 0.0]]), 2)),
    ("zero_row_repl", lambda L: L.multinomial(L.tensor([[1.0, 1.0], [0.0, 0.0]]), 2, True)),
    ("too_many", lambda L: L.multinomial(L.tensor([1.0, 1.0]), 3)),
    ("zero_samples", lambda L: L.multinomial(L.tensor([1.0, 1.0]), 0)),
    ("negative_samples", lambda L: L.multinomial(L.tensor([1.0, 1.0]), -1, True)),
    ("dim0", lambda L: L.multinomial(L.tensor(1.0), 1)),
    ("dim3", lambda L: L.multinomial(L.ones(2, 2, 2), 1)),
    ("int_dtype", lambda L: L.multinomial(L.tensor([1, 2]), 1)),
    ("bool_dtype", lambda L: L.multinomial(L.tensor([True, False]), 1)),
    ("empty_categories", lambda L: L.multinomial(L.ones(2, 0), 1, True)),
    ("empty_categories_repl", lambda L: L.multinomial(L.ones(0), 2, True)),
    ("empty_categories_once", lambda L: L.multinomial(L.ones(0), 1)),
    ("too_many_categories", lambda L: L.multinomial(L.ones(2 ** 24 + 1, dtype=L.float16), 1)),
    ("samples_float", lambda L: L.multinomial(L.ones(3), 1.5)),
    ("samples_bool", lambda L: L.multinomial(L.ones(3), True)),
    ("replacement_int", lambda L: L.multinomial(L.ones(3), 2, 1)),
    ("replacement_none", lambda L: L.multinomial(L.ones(3), 2, None)),
    ("method_samples_float", lambda L: L.ones(3).multinomial(2.0)),
    ("method_replacement_int", lambda L: L.ones(3).multinomial(2, 1)),
    ("generator_int", lambda L: L.multinomial(L.ones(3), 2, generator=5)),
    ("input_list", lambda L: L.multinomial([1.0, 2.0], 2)),
]


@pytest.mark.parametrize("key,fn", ERRORS, ids=[k for k, _ in ERRORS])
def test_errors(oracle, key, fn):
    assert_error_matches(oracle(key, fn), lambda: fn(al))


def test_stream_after_a_refused_row(oracle):
    """With replacement the rows are checked one by one, after the rows above have drawn
    their samples: the generator has moved on when the error comes."""
    def run(lib):
        lib.manual_seed(4)
        try:
            lib.multinomial(lib.tensor([[1.0, 2.0], [1.0, 1.0], [0.0, 0.0]]), 3, True)
        except RuntimeError:
            pass
        lib.manual_seed(4)
        try:
            lib.multinomial(lib.tensor([[1.0, 2.0], [0.0, 0.0]]), 1)   # checked before drawing
        except RuntimeError:
            pass
        return [lib.rand(3)]
    check(oracle, "stream", run)


# ------------------------------------------------------------------------ the selection itself
@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, float("nan"), float("inf")]),
                min_size=1, max_size=300), st.data())
def test_topk_emulation_is_a_topk(values, data):
    """Whatever order ties come out in, the rerun of libstdc++'s algorithms must return k
    distinct indices whose values are the k largest, in non-increasing order (NaN first)."""
    k = data.draw(st.integers(1, len(values)))
    v = np.array(values)
    idx = topk_exact(v, k)
    assert len(set(idx)) == k
    rank = {0.0: 0, 0.5: 1, 1.0: 2, 2.0: 3, float("inf"): 4}
    key = np.array([5 if x != x else rank[x] for x in values])     # NaN above inf
    picked = key[idx]
    assert (picked[:-1] >= picked[1:]).all()
    assert picked[-1] >= np.sort(key)[::-1][k - 1]


# ------------------------------------------------------------------------ WeightedRandomSampler
def test_weighted_random_sampler_orders(oracle):
    def run(lib):
        d = lib.utils.data
        lib.manual_seed(0)
        s = d.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 20)
        out = [list(s), list(s), len(s), s.replacement, s.num_samples]
        s = d.WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False)
        out += [list(s), list(s)]
        g = lib.Generator().manual_seed(1)
        s = d.WeightedRandomSampler(lib.tensor([1, 0, 3, 2]), 4, False, generator=g)
        out += [list(s), list(s), list(d.WeightedRandomSampler((2, 1), 6, generator=g))]
        out.append(lib.rand(2).tolist())
        return out
    expected = oracle("orders", run)
    assert [list(x) if isinstance(x, tuple) else x for x in run(al)] == expected


def test_weighted_random_sampler_weights(oracle):
    def run(lib):
        s = lib.utils.data.WeightedRandomSampler([1, 2, 3], 2)
        return [s.weights]
    check(oracle, "weights", run)


def test_weighted_random_sampler_in_a_loader(oracle):
    def run(lib):
        lib.manual_seed(6)
        d = lib.utils.data
        data = d.TensorDataset(lib.arange(8.0), lib.arange(8))
        sampler = d.WeightedRandomSampler([1.0] * 4 + [5.0] * 4, 12)
        return [y for _, y in d.DataLoader(data, batch_size=5, sampler=sampler)]
    check(oracle, "loader", run)


SAMPLER_ERRORS = [
    ("num_samples_0", lambda L: L.utils.data.WeightedRandomSampler([1.0, 2.0], 0)),
    ("num_samples_bool", lambda L: L.utils.data.WeightedRandomSampler([1.0, 2.0], True)),
    ("num_samples_float", lambda L: L.utils.data.WeightedRandomSampler([1.0, 2.0], 2.0)),
    ("replacement_int", lambda L: L.utils.data.WeightedRandomSampler([1.0], 2, replacement=1)),
    ("weights_2d", lambda L: L.utils.data.WeightedRandomSampler([[1.0, 2.0]], 2)),
    ("weights_scalar", lambda L: L.utils.data.WeightedRandomSampler(5.0, 2)),
    ("too_many", lambda L: list(L.utils.data.WeightedRandomSampler([1.0, 2.0], 3, False))),
    ("zero_weights", lambda L: list(L.utils.data.WeightedRandomSampler([0.0, 0.0], 3))),
]


@pytest.mark.parametrize("key,fn", SAMPLER_ERRORS, ids=[k for k, _ in SAMPLER_ERRORS])
def test_weighted_random_sampler_errors(oracle, key, fn):
    assert_error_matches(oracle(key, fn), lambda: fn(al))


def test_weighted_random_sampler_is_exported():
    from autograd_lab.utils.data import WeightedRandomSampler
    from autograd_lab.utils.data.sampler import Sampler
    assert "WeightedRandomSampler" in al.utils.data.__all__
    assert issubclass(WeightedRandomSampler, Sampler)
    assert repr(WeightedRandomSampler([1.0], 1)).startswith(
        "<autograd_lab.utils.data.sampler.WeightedRandomSampler object at 0x")
