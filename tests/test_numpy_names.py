"""NumPy's argument names where torch takes them (``axis=``, ``keepdims=``), ``size=`` in the
factories, a ``range`` as an index, and errors that name ``Tensor`` as torch's do."""
import inspect
import types

import pytest

import autograd_lab as al
from autograd_helpers import check
from ops_helper import In, check_case

X = In((3, 4), distinct=True)


# ---------------------------------------------------------------------------- axis= / keepdims=
# every call below is written with NumPy's names; torch answers (values, grads, grad_fn) or
# refuses (the functions torch writes in Python: norm, split, unflatten, F.softmax...)
AXIS_CASES = {
    "sum": lambda t, x: x.sum(axis=1, keepdims=True),
    "torch_sum": lambda t, x: t.sum(x, axis=0),
    "mean": lambda t, x: t.mean(x, 1, keepdims=True),
    "mean_method": lambda t, x: x.mean(axis=(0, 1)),
    "prod": lambda t, x: x.prod(axis=1),
    "max": lambda t, x: x.max(axis=1),
    "max_keepdims": lambda t, x: t.max(x, axis=0, keepdims=True),
    "min": lambda t, x: x.min(axis=0),
    "amax": lambda t, x: x.amax(axis=1),
    "amin": lambda t, x: t.amin(x, axis=1, keepdims=True),
    "argmax": lambda t, x: x.argmax(axis=1),
    "argmin": lambda t, x: t.argmin(x, axis=0, keepdims=True),
    "std": lambda t, x: x.std(axis=1),
    "var": lambda t, x: t.var(x, axis=0, keepdims=True),
    "logsumexp": lambda t, x: x.logsumexp(axis=1),
    "softmax_method": lambda t, x: x.softmax(axis=1),
    "softmax_torch": lambda t, x: t.softmax(x, axis=0),
    "log_softmax_method": lambda t, x: x.log_softmax(axis=1),
    "cumsum": lambda t, x: x.cumsum(axis=1),
    "cumprod": lambda t, x: t.cumprod(x, axis=0),
    "all": lambda t, x: (x > 0).all(axis=1),
    "any": lambda t, x: t.any(x > 0, axis=0),
    "median": lambda t, x: x.median(axis=1),
    "nansum": lambda t, x: x.nansum(axis=1),
    "count_nonzero": lambda t, x: x.count_nonzero(axis=0),
    "squeeze": lambda t, x: x.unsqueeze(0).squeeze(axis=0),
    "unsqueeze": lambda t, x: x.unsqueeze(axis=1),
    "cat": lambda t, x: t.cat([x, x], axis=1),
    "stack": lambda t, x: t.stack([x, x], axis=2),
    "sort": lambda t, x: x.sort(axis=1),
    "topk": lambda t, x: x.topk(2, axis=1),
    "gather": lambda t, x: x.gather(axis=1, index=t.tensor([[0], [1], [3]])),
    "chunk": lambda t, x: x.chunk(2, axis=1),
    "index_select": lambda t, x: t.index_select(x, axis=1, index=t.tensor([2, 0])),
    "narrow": lambda t, x: x.narrow(axis=1, start=1, length=2),
    "size": lambda t, x: x.size(axis=1),
    "var_mean": lambda t, x: t.var_mean(x, axis=1),
    "cosine_similarity": lambda t, x: t.nn.functional.cosine_similarity(x, x + 1, axis=0),
    "vector_norm": lambda t, x: t.linalg.vector_norm(x, axis=1, keepdims=True),
    # refused by torch: written in Python there
    "norm_refused": lambda t, x: x.norm(axis=1),
    "torch_norm_refused": lambda t, x: t.norm(x, axis=1),
    "split_refused": lambda t, x: x.split(2, axis=1),
    "unflatten_refused": lambda t, x: x.unflatten(axis=1, sizes=(2, 2)),
    "F_softmax_refused": lambda t, x: t.nn.functional.softmax(x, axis=1),
    "F_log_softmax_refused": lambda t, x: t.nn.functional.log_softmax(x, axis=1),
    # both names at once
    "both_names": lambda t, x: t.argmax(x, axis=1, dim=1),
    "both_keepdim": lambda t, x: x.argmax(1, keepdim=True, keepdims=True),
}


@pytest.mark.parametrize("key", sorted(AXIS_CASES))
def test_axis_and_keepdims(oracle, key):
    check_case(oracle, key, AXIS_CASES[key], [X])


def _public_callables(lib):
    """(label, name, function) of every public function and Tensor method."""
    spaces = [("torch", lib), ("Tensor", lib.Tensor), ("F", lib.nn.functional),
              ("linalg", lib.linalg)]
    for label, space in spaces:
        for name in dir(space):
            f = getattr(space, name, None)
            if not name.startswith("_") and callable(f) and not isinstance(f, type):
                yield label, name, f


def _takes_dim(f):
    try:
        params = inspect.signature(inspect.unwrap(f)).parameters
    except (TypeError, ValueError):
        return False
    return "dim" in params or "keepdim" in params


def test_every_dim_function_takes_axis_where_torch_does(oracle):
    """Systematic: each of our functions with a ``dim`` or ``keepdim`` parameter takes NumPy's
    names exactly where torch's counterpart does (a C++ function behind torch's argument
    parser), found by scanning the signatures, not from a hand-written list."""
    ours = {f"{label}.{name}": f for label, name, f in _public_callables(al) if _takes_dim(f)}

    def torch_kinds(torch):
        kinds = {}
        for key in ours:
            label, name = key.split(".")
            space = {"torch": torch, "Tensor": torch.Tensor, "F": torch.nn.functional,
                     "linalg": torch.linalg}[label]
            f = getattr(space, name, None)
            kinds[key] = None if f is None else not isinstance(f, types.FunctionType)
        return kinds

    expected = oracle("native", torch_kinds)
    assert len(ours) > 100          # the scan found the family (sum, max, cat, softmax...)
    wrong = [k for k, f in ours.items()
             if expected.get(k) is not None and hasattr(f, "__wrapped__") != expected[k]]
    assert not wrong, wrong


# ---------------------------------------------------------------------------- error messages
ERROR_CASES = {
    "norm_unknown": lambda t: t.ones(3).norm(foo=1),
    "split_unknown": lambda t: t.ones(3).split(1, foo=1),
    "argmax_unknown": lambda t: t.ones(3).argmax(foo=1),
    "flatten_unknown": lambda t: t.ones(3).flatten(foo=1),
    "torch_norm_unknown": lambda t: t.norm(t.ones(3), foo=1),
    "unique_unknown": lambda t: t.ones(3).unique(foo=1),
}


@pytest.mark.parametrize("key", sorted(ERROR_CASES))
def test_errors_name_tensor_as_torch(oracle, key):
    check(oracle, key, ERROR_CASES[key])


def test_python_methods_list_is_torchs(oracle):
    """The methods torch writes in Python (named ``Tensor.x()`` in errors), among ours."""
    from autograd_lab._numpy_names import TORCH_PYTHON_METHODS
    names = sorted(n for n in dir(al.Tensor)
                   if not n.startswith("_") and callable(getattr(al.Tensor, n)))
    expected = oracle("python_methods", lambda torch: sorted(
        n for n in names if isinstance(getattr(torch.Tensor, n, None), types.FunctionType)))
    assert sorted(TORCH_PYTHON_METHODS & set(names)) == expected


# ---------------------------------------------------------------------------- size=
SIZE_CASES = {
    "randn_scalar": lambda t: (t.manual_seed(0), t.randn(size=(), requires_grad=True))[1],
    "rand": lambda t: (t.manual_seed(1), t.rand(size=(2, 3), dtype=t.float64))[1],
    "zeros": lambda t: t.zeros(size=[2, 3]),
    "ones": lambda t: t.ones(size=(4,), requires_grad=True),
    "empty_shape": lambda t: t.empty(size=(2, 0)).shape,
    "full": lambda t: t.full(size=(2,), fill_value=3.0),
    "int_refused": lambda t: t.zeros(size=2),
    "randn_int_refused": lambda t: t.randn(size=3),
    "both_refused": lambda t: t.ones(2, size=(2,)),
}


@pytest.mark.parametrize("key", sorted(SIZE_CASES))
def test_size_keyword(oracle, key):
    check(oracle, key, SIZE_CASES[key])


# ---------------------------------------------------------------------------- range as an index
RANGE_CASES = {
    "rows_and_labels": lambda t, x: x[range(3), t.tensor([0, 3, 1])],
    "leading_range": lambda t, x: x[range(2)],
    "range_and_int": lambda t, x: x[range(1, 3), 1],
    "slice_then_range": lambda t, x: x[:, range(0, 4, 2)],
    "two_ranges": lambda t, x: x[range(2), range(2)],
    "empty_range": lambda t, x: x[range(0)],
    "tuple_as_list": lambda t, x: x[(0, 2), ],
}


@pytest.mark.parametrize("key", sorted(RANGE_CASES))
def test_range_index(oracle, key):
    check_case(oracle, key, RANGE_CASES[key], [X])


def test_range_index_assignment(oracle):
    """The softmax-gradient line of the CS231n-style lectures: ``dx[range(n), y] -= 1``."""
    def run(t, x):
        p = x.softmax(dim=1)
        p[range(3), [0, 3, 1]] -= 1
        return p

    check_case(oracle, "sub_assign", run, [X])

    def plain(t):
        d = t.zeros(3, 4)
        d[range(3), t.tensor([1, 2, 0])] = 5.0
        d[range(1, 3)] += 1
        return d

    check(oracle, "plain_assign", plain)
