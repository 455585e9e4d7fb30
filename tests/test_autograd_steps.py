"""Step-wise backward: ``autograd.engine.backward_steps`` driven one ``next()`` at a time gives
the same ``.grad`` as ``backward()``, and runs the nodes in PyTorch's order (recorded in torch
with a pre-hook on every node)."""
import pytest

import autograd_lab as al
from autograd_helpers import execution_order, graph_nodes, match
from autograd_lab.autograd.engine import backward_steps


def _many(T, xs):
    """A custom Function with many inputs: its leaves become ready all at once (ties)."""
    class Many(T.autograd.Function):
        @staticmethod
        def forward(ctx, *inputs):
            return sum(x.sum() for x in inputs)

        @staticmethod
        def backward(ctx, g):
            return tuple(g.expand(1) for _ in range(len(xs)))
    return Many.apply(*xs)


def _chain(T, leaves):
    x, = leaves
    y = x
    for i in range(6):
        y = y * 1.5 if i % 2 else y + 0.5
    return y.sum()


def _diamond(T, leaves):
    x, w = leaves
    a = x * w
    b = a.exp()
    c = a.sin()
    d = (b * c + a).sum()
    return d


def _shared_leaf(T, leaves):
    x, w = leaves
    h = (x.reshape(2, 2) @ w).tanh()
    return (h * h).mean() + (x * 2).sum() + w.sum()


def _seed002(T, leaves):
    x, = leaves
    y = x + 2
    z = y * y * 3
    return z.mean()


def _multi_output(T, leaves):
    class Halves(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x[:2] * 1, x[2:] * 1

        @staticmethod
        def backward(ctx, ga, gb):
            return T.cat([ga, gb]) if hasattr(T, "cat") else T.tensor(ga.tolist() + gb.tolist())

    x, = leaves
    a, b = Halves.apply(x)
    return (a * 2 + b.exp()).sum()


def _ties(T, leaves):
    return _many(T, leaves)


GRAPHS = {
    "chain": (_chain, [[1., 2., 3., 4.]]),
    "diamond": (_diamond, [[0.1, 0.2, 0.3, 0.4], [1., -1., 2., 0.5]]),
    "shared_leaf": (_shared_leaf, [[0.1, 0.2, 0.3, 0.4], [[1., 2.], [3., 4.]]]),
    "seed002": (_seed002, [[[1., 1.], [1., 1.]]]),
    "multi_output": (_multi_output, [[0.5, 1., 1.5, 2.]]),
    "ties3": (_ties, [[1.], [2.], [3.]]),
    "ties7": (_ties, [[float(i)] for i in range(7)]),
}


def _leaves(T, values):
    return [T.tensor(v, requires_grad=True) for v in values]


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_step_order_is_torchs_order(oracle, name):
    build, values = GRAPHS[name]

    def run(T):
        leaves = _leaves(T, values)
        out = build(T, leaves)
        nodes = graph_nodes(out)
        order = execution_order(T, [out], out.backward)
        return [n.name() for n in nodes], order, [x.grad for x in leaves]
    expected = oracle(name, run)

    # the same hook-recorded order on autograd_lab ...
    match(run(al), expected)
    # ... and the same order from the generator, one next() at a time
    leaves = _leaves(al, values)
    out = build(al, leaves)
    index = {n: i for i, n in enumerate(graph_nodes(out))}
    steps = backward_steps([out], [al.ones_like(out)])
    order = []
    while True:
        try:
            step = next(steps)
        except StopIteration:
            break
        order.append(index[step.node])
    assert order == expected[1]
    match([x.grad for x in leaves], expected[2])


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_stepping_gives_the_same_grads_as_backward(name):
    build, values = GRAPHS[name]
    a = _leaves(al, values)
    build(al, a).backward()
    b = _leaves(al, values)
    out = build(al, b)
    for step in backward_steps([out], [al.ones_like(out)]):
        assert step.node is not None
    for x, y in zip(a, b):
        assert x.grad.tolist() == y.grad.tolist()


def test_backward_stepwise_is_backward_one_node_at_a_time():
    """The public stepping API (the Lab's Step backward): same checks as backward() at the
    call, same gradients once exhausted, the graph freed as backward() frees it."""
    x = al.tensor([1., 2.], requires_grad=True)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar"):
        al.autograd.backward_stepwise(x * 2)              # raised at the call, not at next()
    out = (x * x).sum()
    steps = al.autograd.backward_stepwise(out)
    assert x.grad is None                                 # nothing runs before next()
    names = [step.node.name() for step in steps]
    assert names == ["SumBackward0", "MulBackward0", "torch::autograd::AccumulateGrad"]
    assert x.grad.tolist() == [2.0, 4.0]
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second"):
        out.backward()
    kept = (x * x).sum()
    list(al.autograd.backward_stepwise(kept, retain_graph=True))
    kept.backward()                                       # retain_graph kept it
    assert x.grad.tolist() == [6.0, 12.0]


def test_each_step_reports_what_flowed():
    x = al.tensor([1., 2.], requires_grad=True)
    y = x * 3
    z = y.sum()
    steps = list(backward_steps([z], [al.tensor(1.)]))
    assert [s.node.name() for s in steps] == ["SumBackward0", "MulBackward0",
                                               "torch::autograd::AccumulateGrad"]
    assert steps[0].grad_outputs[0].tolist() == 1.0
    assert steps[0].grad_inputs[0].tolist() == [1.0, 1.0]
    assert steps[1].grad_inputs[0].tolist() == [3.0, 3.0]
    assert steps[1].grad_inputs[1] is None           # the wrapped number 3 gets nothing
    assert steps[2].grad_inputs == ()
    assert x.grad.tolist() == [3.0, 3.0]


def test_grad_accumulates_only_when_its_step_runs():
    x = al.tensor([1., 2.], requires_grad=True)
    out = (x * x).sum()
    steps = backward_steps([out], [al.tensor(1.)])
    next(steps)
    assert x.grad is None
    next(steps)
    assert x.grad is None
    next(steps)
    assert x.grad.tolist() == [2.0, 4.0]


def test_user_code_between_steps_runs_in_its_own_grad_mode():
    """With create_graph=True the steps record graphs, but code between next() calls runs in
    the caller's grad mode."""
    x = al.tensor(2., requires_grad=True)
    out = x ** 3
    steps = backward_steps([out], [al.tensor(1.)], create_graph=True, retain_graph=True)
    with al.no_grad():
        next(steps)
        assert not al.is_grad_enabled()
        assert not (x * 2).requires_grad
        next(steps)
    assert al.is_grad_enabled()
    assert x.grad.tolist() == 12.0
    assert x.grad.grad_fn is not None


def test_an_abandoned_generator_leaves_grad_mode_alone():
    x = al.tensor(2., requires_grad=True)
    steps = backward_steps([x ** 3], [al.tensor(1.)], create_graph=True)
    next(steps)
    del steps
    assert al.is_grad_enabled()
