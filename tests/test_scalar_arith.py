"""The Tensor-by-Scalar nodes (MulBackward1, DivBackward1) that trapezoid, cumulative_trapezoid,
cov and the fused products (addmv's beta...) record: their own derivatives are Tensor-by-Scalar
ops again, so a second backward pass draws torch's graph."""
import pytest

import autograd_lab as al
from ops_helper import node_sig

CASES = [
    ("trapezoid_dx", lambda T, y: T.trapezoid(y, dx=0.5)),
    ("trapezoid_dx_1", lambda T, y: T.trapezoid(y)),
    ("trapezoid_x", lambda T, y: T.trapezoid(y, T.tensor([0.0, 1.0, 3.0]))),
    ("cumulative_trapezoid_x",
     lambda T, y: T.cumulative_trapezoid(y, T.tensor([0.0, 1.0, 3.0]))),
    ("cumulative_trapezoid_dx", lambda T, y: T.cumulative_trapezoid(y, dx=2.0)),
    ("addmv_beta", lambda T, y: T.addmv(y, T.ones(3, 3), T.ones(3), beta=0.5)),
]


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
def test_graph_of_the_backward_pass(oracle, name, fn):
    """The gradient, taken with a grad_output that requires grad, records the backward of
    each scalar node: its graph (names and edges) is torch's."""
    def run(T):
        y = T.tensor([1.0, 2.0, 4.0], requires_grad=True)
        out = fn(T, y)
        v = T.ones(out.shape, requires_grad=True)
        g, = T.autograd.grad(out, y, grad_outputs=v, create_graph=True)
        return [node_sig(g.grad_fn, depth=8), g.tolist()]
    assert run(al) == oracle(name, run)
