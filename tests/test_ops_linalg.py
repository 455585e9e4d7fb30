"""Matrix products against torch: every matmul rank combination (with batch broadcasting),
mm, bmm, mv, dot, outer; node names and edges exactly as torch composes them (e.g.
1-D @ 2-D is SqueezeBackward4 -> MmBackward0); error messages; gradcheck."""
import pytest
from hypothesis import given, settings, strategies as st

import autograd_lab as al
from oracle import torch_available
from ops_helper import In, check_case, check_error, check_gradcheck, compare, run_case

# matmul shape pairs: every rank combination up to 4-D, broadcasting batches
PAIRS = [
    ((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)),
    ((5, 2, 3), (3, 4)), ((5, 2, 3), (3,)), ((3,), (5, 3, 4)), ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 4)), ((5, 2, 3), (1, 3, 4)), ((1, 2, 3), (5, 3, 4)),
    ((7, 1, 2, 3), (5, 3, 4)), ((2, 5, 2, 3), (3, 4)), ((5, 2, 3), (1, 1, 3, 4)),
    ((3,), (2, 2, 3, 4)), ((2, 2, 2, 3), (3,)), ((1, 2, 3), (3, 4)), ((2, 3), (1, 3, 4)),
]


def _pair_id(p):
    return "@".join("x".join(map(str, s)) for s in p)


@pytest.mark.parametrize("grads", ["both", "left", "right"])
@pytest.mark.parametrize("shapes", PAIRS, ids=[_pair_id(p) for p in PAIRS])
def test_matmul_shapes(oracle, shapes, grads):
    """Values, gradients and the whole graph: torch folds batches into one mm only when the
    smaller operand needs a gradient or the fold needs no copy, so which operand requires
    grad changes the graph."""
    a = In(shapes[0], grad=grads in ("both", "left"))
    b = In(shapes[1], seed=1, grad=grads in ("both", "right"))
    fn = lambda T, x, y: x @ y  # noqa: E731
    check_case(oracle, f"{_pair_id(shapes)}-{grads}", fn, [a, b], rtol=1e-5, atol=1e-5)
    if grads == "both":
        check_gradcheck(fn, [a, b])


NONCONTIG = [
    ("transposed_batch", lambda T, x, w: x.transpose(0, 1) @ w, [(2, 5, 3), (3, 4)]),
    ("transposed_batch_nograd_w", lambda T, x, w: x.transpose(0, 1) @ w.detach(),
     [(2, 5, 3), (3, 4)]),
    ("transposed_rhs", lambda T, x, w: x @ w.t(), [(5, 2, 3), (4, 3)]),
    ("linear_layer", lambda T, x, w: x.matmul(w.T), [(16, 10), (8, 10)]),
    ("vector_linear", lambda T, x, w: x.matmul(w.T), [(10,), (8, 10)]),
    ("expanded", lambda T, x, w: x.expand(4, 2, 3) @ w, [(1, 2, 3), (4, 3, 2)]),
]


@pytest.mark.parametrize("name,fn,inputs", NONCONTIG, ids=[c[0] for c in NONCONTIG])
def test_matmul_layouts(oracle, name, fn, inputs):
    check_case(oracle, name, fn, inputs, rtol=1e-5, atol=1e-5)
    if "nograd" not in name:
        check_gradcheck(fn, inputs)


PRODUCTS = [
    ("mm", lambda T, a, b: a.mm(b), [(2, 3), (3, 4)]),
    ("mm_fn", lambda T, a, b: T.mm(a, b), [(2, 3), (3, 4)]),
    ("bmm", lambda T, a, b: a.bmm(b), [(2, 2, 3), (2, 3, 4)]),
    ("bmm_fn", lambda T, a, b: T.bmm(a, b), [(2, 2, 3), (2, 3, 4)]),
    ("mv", lambda T, a, b: a.mv(b), [(2, 3), (3,)]),
    ("mv_fn", lambda T, a, b: T.mv(a, b), [(2, 3), (3,)]),
    ("dot", lambda T, a, b: a.dot(b), [(3,), (3,)]),
    ("dot_fn", lambda T, a, b: T.dot(a, b), [(3,), (3,)]),
    ("vdot", lambda T, a, b: T.vdot(a, b), [(3,), (3,)]),
    ("outer", lambda T, a, b: T.outer(a, b), [(3,), (4,)]),
    ("outer_method", lambda T, a, b: a.outer(b), [(3,), (4,)]),
    ("ger", lambda T, a, b: a.ger(b), [(3,), (4,)]),
    ("matmul_fn", lambda T, a, b: T.matmul(a, b), [(2, 3), (3, 4)]),
    ("rmatmul_chain", lambda T, a, b: (a @ b).relu() @ b.t(), [(2, 3), (3, 4)]),
    ("mm_same_input", lambda T, a, b: a.mm(a.t()), [(2, 3), (3, 4)]),
]


@pytest.mark.parametrize("name,fn,inputs", PRODUCTS, ids=[c[0] for c in PRODUCTS])
def test_products(oracle, name, fn, inputs):
    specs = [In(inputs[0]), In(inputs[1], seed=1)]
    check_case(oracle, name, fn, specs, rtol=1e-5, atol=1e-5)
    check_gradcheck(fn, specs)


def test_integer_and_double_matmul(oracle):
    def run(T):
        a = T.tensor([[1, 2], [3, 4]])
        b = T.tensor([[1.0, 0.5], [2.0, 1.0]], dtype=T.float64, requires_grad=True)
        y = b @ b
        y.sum().backward()
        return [a @ a, a.mm(a), T.tensor([1, 2]).dot(T.tensor([3, 4])), y, b.grad]
    compare(run(al), oracle("ints", run))


def test_saved_attributes(oracle):
    def run(T):
        a = T.ones(2, 3, requires_grad=True)
        b = T.ones(3, 4, requires_grad=True)
        fn = a.mm(b).grad_fn
        v = (T.ones(3, requires_grad=True) @ b).grad_fn
        return [fn._saved_self, fn._saved_mat2, list(fn._saved_self_sym_sizes),
                list(fn._saved_mat2_sym_strides), v.name(), v._saved_dim,
                list(v._saved_self_sym_sizes)]
    compare(run(al), oracle("saved", run))


ERRORS = [
    ("mm_shapes", lambda T: T.ones(16, 1000).mm(T.ones(999, 100))),
    ("linear_shapes", lambda T: T.ones(16, 1000).matmul(T.ones(100, 999).T)),
    ("matmul_2d", lambda T: T.ones(2, 3) @ T.ones(4, 5)),
    ("matmul_1d_2d", lambda T: T.ones(3) @ T.ones(4, 5)),
    ("matmul_2d_1d", lambda T: T.ones(2, 3) @ T.ones(4)),
    ("matmul_1d_1d", lambda T: T.ones(3) @ T.ones(4)),
    ("matmul_3d_1d", lambda T: T.ones(5, 2, 3) @ T.ones(4)),
    ("matmul_3d_2d", lambda T: T.ones(5, 2, 3) @ T.ones(4, 2)),
    ("matmul_batch_k", lambda T: T.ones(5, 2, 3) @ T.ones(5, 4, 4)),
    ("matmul_batch_broadcast", lambda T: T.ones(5, 2, 3) @ T.ones(4, 3, 4)),
    ("matmul_0d", lambda T: T.ones(2) @ T.tensor(2.0)),
    ("matmul_dtypes", lambda T: T.ones(2, 3) @ T.ones(3, 2, dtype=T.float64)),
    ("matmul_int_float", lambda T: T.ones(2, 3, dtype=T.int64) @ T.ones(3, 2)),
    ("mm_vector", lambda T: T.ones(3).mm(T.ones(3, 3))),
    ("mm_mat2_vector", lambda T: T.ones(2, 3).mm(T.ones(3))),
    ("bmm_2d", lambda T: T.ones(2, 3).bmm(T.ones(2, 3, 4))),
    ("bmm_batch", lambda T: T.ones(2, 2, 3).bmm(T.ones(3, 3, 4))),
    ("bmm_k", lambda T: T.ones(2, 2, 3).bmm(T.ones(2, 4, 4))),
    ("bmm_dtype", lambda T: T.ones(2, 2, 3).bmm(T.ones(2, 3, 4, dtype=T.float64))),
    ("mv_size", lambda T: T.ones(2, 3).mv(T.ones(4))),
    ("mv_1d", lambda T: T.ones(3).mv(T.ones(3))),
    ("mv_dtype", lambda T: T.ones(2, 3).mv(T.ones(3, dtype=T.float64))),
    ("dot_size", lambda T: T.ones(3).dot(T.ones(4))),
    ("dot_2d", lambda T: T.ones(3).dot(T.ones(3, 1))),
    ("dot_dtype", lambda T: T.ones(3).dot(T.ones(3, dtype=T.float64))),
    ("outer_2d", lambda T: T.outer(T.ones(2, 3), T.ones(3))),
]


@pytest.mark.parametrize("name,fn", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors(oracle, name, fn):
    check_error(oracle, name, fn)


@pytest.mark.parametrize("name", ["mm", "matmul_batched", "mv", "dot"])
def test_double_backward(oracle, name):
    fns = {"mm": lambda a, b: a.mm(b), "matmul_batched": lambda a, b: a.unsqueeze(0) @ b,
           "mv": lambda a, b: a.mv(b[:, 0]), "dot": lambda a, b: a[0].dot(b[:, 0])}

    def run(T):
        a = T.tensor([[1.0, -2.0, 0.5], [0.3, 0.7, -1.1]], requires_grad=True)
        b = T.tensor([[0.5, 1.0], [-1.0, 2.0], [0.25, -0.5]], requires_grad=True)
        y = (fns[name](a, b) ** 2).sum()
        ga, gb = T.autograd.grad(y, (a, b), create_graph=True)
        (ga.sum() + (gb * gb).sum()).backward()
        return [ga, gb, a.grad, b.grad]
    compare(run(al), oracle(name, run), rtol=1e-5, atol=1e-5)


# ------------------------------------------------------------------- Hypothesis
def _matmul_shapes():
    """Two matmul-compatible shapes: ranks 1-4, broadcastable batch dims (sizes 1-3)."""
    dim = st.integers(1, 3)
    batch = st.lists(st.tuples(dim, st.sampled_from(["a", "b", "both"])), max_size=2)
    return st.tuples(dim, dim, dim, batch, st.booleans(), st.booleans(),
                     st.integers(0, 2), st.integers(0, 2)).map(_build_shapes)


def _build_shapes(args):
    n, k, m, batch, vec_a, vec_b, cut_a, cut_b = args
    ba = tuple(s if who in ("a", "both") else 1 for s, who in batch)[cut_a:]
    bb = tuple(s if who in ("b", "both") else 1 for s, who in batch)[cut_b:]
    a = (k,) if vec_a else ba + (n, k)
    b = (k,) if vec_b else bb + (k, m)
    return a, b


@pytest.mark.skipif(not torch_available(), reason="property test compares live with torch")
@settings(max_examples=30, deadline=None)
@given(shapes=_matmul_shapes(), grad_a=st.booleans(), grad_b=st.booleans())
def test_matmul_property(shapes, grad_a, grad_b):
    """Values, gradients and the graph's node names for random rank/batch combinations."""
    import torch
    from oracle import _encode
    specs = [In(shapes[0], grad=grad_a), In(shapes[1], seed=1, grad=grad_b)]
    fn = lambda T, x, y: x @ y  # noqa: E731
    compare(run_case(al, fn, specs), _encode(run_case(torch, fn, specs)), rtol=1e-5, atol=1e-5)
