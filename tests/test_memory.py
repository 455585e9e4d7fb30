"""Scale and memory: the backward pass walks the graph iteratively (a 100,000-op chain works),
and a graph is freed by reference counting alone once nothing refers to it: no reference
cycles between tensors, nodes, saved tensors and hooks."""
import gc
import sys
import weakref
from contextlib import contextmanager

import numpy as np
import pytest

import autograd_lab as al
from autograd_helpers import graph_nodes


@pytest.fixture(autouse=True, scope="module")
def _frozen_heap():
    """Collect once, then freeze what exists (torch, the test session...) so that the
    ``gc.collect()`` calls below only look at what the tests create, and stay fast."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@contextmanager
def refcounting_only():
    """Run with the cycle collector off, after clearing what earlier tests left behind: any
    object that survives must be held by a reference cycle (or still be referenced)."""
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _all_weakrefs(*roots):
    """Weak references to every node reachable from ``roots`` (AccumulateGrad included)."""
    return [weakref.ref(n) for n in graph_nodes(*roots)]


def test_a_100000_op_chain_backpropagates():
    x = al.tensor([1., 2.], dtype=al.float64, requires_grad=True)
    limit = sys.getrecursionlimit()
    with refcounting_only():           # (the chain is long: spare it the collector's passes)
        y = x
        for i in range(100_000):
            y = y * 1.00001 if i % 2 else y + 0.0001
        y.sum().backward()
    assert sys.getrecursionlimit() == limit
    # d/dx of the chain is the product of the multipliers
    np.testing.assert_allclose(x.grad.numpy(), np.full(2, 1.00001 ** 50_000), rtol=1e-9)
    first = weakref.ref(y.grad_fn)
    del y                              # tearing down a deep graph must not overflow either
    assert first() is None


def test_a_deep_graph_is_freed_without_backward():
    x = al.ones(3, requires_grad=True)
    with refcounting_only():
        y = x
        for _ in range(50_000):
            y = y * 1.0
        root = weakref.ref(y.grad_fn)
        del y
        assert root() is None


class Cube(al.autograd.Function):
    """(At module level: a class made inside a test is itself a reference cycle.)"""

    @staticmethod
    def forward(ctx, a):
        out = a ** 3
        ctx.save_for_backward(a, out)          # an output saved by its own node
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        return g * 3 * out / a


def _varied_graph(x, w):
    """A graph with most kinds of nodes: saved inputs and results, views, a custom Function,
    retain_grad, an in-place op, several outputs, a tensor hook."""
    h = (x @ w).tanh()
    h.retain_grad()
    e = h.exp()
    v = e.view(-1).t()
    c = Cube.apply(v + 1.5)
    c.register_hook(lambda g: g * 2)
    d = c * 1
    d.mul_(2)
    s = (d.sum() + (x * x).mean() + e.sigmoid().sum())
    return s, [h, e, v, c, d]


def test_graph_is_freed_by_refcounting_after_backward():
    x = al.tensor([[0.5, -1.], [2., 0.25]], requires_grad=True)
    w = al.tensor([[1., 0.5], [-0.5, 2.]], requires_grad=True)
    with refcounting_only():
        s, inner = _varied_graph(x, w)
        nodes = _all_weakrefs(s)
        tensors = [weakref.ref(t) for t in inner] + [weakref.ref(s)]
        assert len(nodes) > 10
        s.backward()
        del s, inner
        assert [r() for r in tensors] == [None] * len(tensors)
        assert [r() for r in nodes] == [None] * len(nodes)
        assert gc.collect() == 0          # nothing was left waiting for the collector
    assert x.grad is not None and w.grad is not None


def test_graph_is_freed_by_refcounting_without_backward():
    x = al.tensor([[0.5, -1.], [2., 0.25]], requires_grad=True)
    w = al.tensor([[1., 0.5], [-0.5, 2.]], requires_grad=True)
    with refcounting_only():
        s, inner = _varied_graph(x, w)
        nodes = _all_weakrefs(s)
        del s, inner
        assert [r() for r in nodes] == [None] * len(nodes)
        assert gc.collect() == 0


def test_backward_releases_saved_tensors_while_the_output_lives():
    x = al.tensor([1., 2.], requires_grad=True)
    with refcounting_only():
        y = (x * 2).exp()
        z = (y * y).sum()                 # MulBackward0 saves y
        saved = weakref.ref(y)
        del y
        assert saved() is not None        # only the saved tensor keeps it alive ...
        z.backward()
        assert saved() is None            # ... until backward frees the saved tensors
        assert z.grad_fn is not None


def test_retain_graph_keeps_saved_tensors():
    x = al.tensor([1., 2.], requires_grad=True)
    with refcounting_only():
        y = x * 2
        z = (y * y).sum()
        saved = weakref.ref(y)
        del y
        z.backward(retain_graph=True)
        assert saved() is not None
        z.backward()
        assert saved() is None


def test_create_graph_grads_hold_only_what_they_need():
    """grad(create_graph=True) returns gradients with a history; dropping them frees it."""
    x = al.tensor([1., 2.], requires_grad=True)
    with refcounting_only():
        g, = al.autograd.grad((x ** 3).sum(), x, create_graph=True)
        nodes = _all_weakrefs(g)
        (g2,) = al.autograd.grad(g.sum(), x)
        del g
        assert [r() for r in nodes] == [None] * len(nodes)
        assert gc.collect() == 0
    assert g2.tolist() == [6., 12.]


def test_leaf_holds_its_accumulate_grad_weakly():
    x = al.tensor([1., 2.], requires_grad=True)
    with refcounting_only():
        y = x * 2
        acc = weakref.ref(y.grad_fn.next_functions[0][0])
        assert acc() is not None and acc().variable is x
        del y
        assert acc() is None
        y2 = x * 3                          # a new graph gets a new one
        assert y2.grad_fn.next_functions[0][0].variable is x


def test_stepping_generator_abandoned_midway_frees_everything():
    from autograd_lab.autograd.engine import backward_steps
    x = al.tensor([1., 2.], requires_grad=True)
    with refcounting_only():
        out = ((x * 2).exp() * 3).sum()
        nodes = _all_weakrefs(out)
        steps = backward_steps([out], [al.tensor(1.)])
        next(steps)
        next(steps)
        del steps, out
        assert [r() for r in nodes] == [None] * len(nodes)
        assert gc.collect() == 0
        assert al.is_grad_enabled()


def test_repeated_training_steps_do_not_accumulate_objects():
    """A loop of forward/backward/update keeps a constant number of live objects."""
    w = al.tensor([[0.1, -0.2], [0.3, 0.4]], requires_grad=True)
    x = al.tensor([[1., 2.], [3., 4.]])

    def step():
        loss = ((x @ w).tanh() ** 2).mean()
        loss.backward()
        with al.no_grad():
            w.sub_(0.1 * w.grad)
        w.grad.zero_()

    with refcounting_only():
        for _ in range(5):
            step()
        before = len(gc.get_objects())
        for _ in range(50):
            step()
        after = len(gc.get_objects())
    assert after - before < 10, (before, after)
