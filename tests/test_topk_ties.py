"""topk picks tied values (and, unsorted, all values) in the order torch's CPU kernel does.

torch runs libstdc++'s partial_sort (k * 64 <= n) or nth_element + sort on (value, index)
pairs compared by value only, so which of several equal values comes first is that
algorithm's choice; ``autograd_lab.ops._topk_order`` reruns it. The inputs here are full of
ties (small integers, repeated NaNs) on both paths.
"""
import numpy as np
import pytest

import autograd_lab as al
from ops_helper import compare

PATHS = {            # (rows, n, k): which libstdc++ algorithm torch's kernel picks
    "nth_element_small": (4, 5, 2),
    "nth_element_runs": (3, 40, 7),          # introselect partitions before insertion sort
    "nth_element_k_n": (2, 20, 20),
    "partial_sort": (3, 200, 3),             # k * 64 <= n
}


def _values(rows, n, dtype, seed, nan=False):
    rs = np.random.RandomState(seed)
    x = rs.randint(0, 4, size=(rows, n)).astype(np.float64)
    if nan:
        x[rs.rand(rows, n) < 0.2] = np.nan
    return x.tolist() if dtype not in ("int64", "int32") else x.astype(np.int64).tolist()


@pytest.mark.parametrize("sorted_", [True, False])
@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64", "int32"])
@pytest.mark.parametrize("path", PATHS)
def test_topk_ties_match_torch(oracle, path, dtype, largest, sorted_):
    rows, n, k = PATHS[path]
    data = _values(rows, n, dtype, seed=len(path) + n)

    def run(lib):
        x = lib.tensor(data, dtype=getattr(lib, dtype))
        out = lib.topk(x, k, largest=largest, sorted=sorted_)
        return [out.values, out.indices]
    compare(run(al), oracle("ties", run), rtol=0, atol=0)


@pytest.mark.parametrize("sorted_", [True, False])
@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("path", PATHS)
def test_topk_nan_ties_match_torch(oracle, path, largest, sorted_):
    """NaN counts as the largest value; several NaNs tie with each other."""
    rows, n, k = PATHS[path]
    data = _values(rows, n, "float64", seed=n, nan=True)

    def run(lib):
        out = lib.tensor(data).topk(k, largest=largest, sorted=sorted_)
        return [out.values, out.indices]
    compare(run(al), oracle("nan", run), rtol=0, atol=0)


@pytest.mark.parametrize("largest", [True, False])
def test_topk_unsorted_distinct_values_keep_torchs_order(oracle, largest):
    """sorted=False on the nth_element path: even distinct values come out in the order the
    selection leaves them, not sorted."""
    data = np.random.RandomState(3).permutation(30).astype(float).tolist()

    def run(lib):
        out = lib.tensor(data).topk(9, largest=largest, sorted=False)
        return [out.values, out.indices]
    compare(run(al), oracle("distinct", run), rtol=0, atol=0)


@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_topk_ties_along_any_dim_with_gradient(oracle, dim):
    data = _values(24, 5, "float64", seed=11)

    def run(lib):
        x = lib.tensor(data).reshape(4, 6, 5).requires_grad_()
        out = x.topk(2, dim=dim, sorted=dim % 2 == 0)
        (out.values * lib.arange(1., 1. + out.values.numel()).reshape(out.values.shape)) \
            .sum().backward()
        return [out.values, out.indices, x.grad, list(out.indices.stride())]
    compare(run(al), oracle("dim", run), rtol=0, atol=0)


def test_topk_without_ties_and_k_zero(oracle):
    def run(lib):
        x = lib.tensor([[0.5, -1.0, 3.0, 2.0], [4.0, 1.0, -2.0, 0.0]])
        return [x.topk(2).indices, x.topk(3, largest=False).indices, x.topk(0).indices,
                x.topk(4, sorted=False).indices]
    compare(run(al), oracle("plain", run), rtol=0, atol=0)
