"""backward() and autograd.grad() against torch: vector-Jacobian products, retain_graph,
create_graph and higher derivatives, accumulation into .grad, retain_grad, inputs=,
allow_unused / materialize_grads, saved-tensor inspection."""
import numpy as np
import pytest

import autograd_lab as al
from autograd_helpers import check, match, next_names, warning_texts


# ---------------------------------------------------------------------------- vjp, shapes
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 1, 3)])
def test_backward_with_gradient_is_a_vector_jacobian_product(oracle, shape):
    def run(T):
        n = int(np.prod(shape)) if shape else 1
        x = T.arange(1., n + 1).reshape(shape).requires_grad_()
        y = x * x * 3 + x
        v = T.linspace(-1., 1., n).reshape(shape)
        y.backward(v)
        return x.grad, y
    check(oracle, f"vjp{shape}", run)


def test_backward_of_broadcast_operands_sums_back_to_each_shape(oracle):
    def run(T):
        a = T.tensor([[1.], [2.]], requires_grad=True)          # (2, 1)
        b = T.tensor([10., 20., 30.], requires_grad=True)       # (3,)
        c = T.tensor(0.5, requires_grad=True)                   # ()
        (a * b + c).pow(2).sum().backward()
        return a.grad, b.grad, c.grad
    check(oracle, "broadcast", run)


def test_gradient_of_another_dtype_is_cast_to_the_output_dtype(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        (x * 2).backward(T.tensor([1., 1.], dtype=T.float64))
        x2 = T.tensor([1., 2.], requires_grad=True)
        x2.backward(T.tensor([3., 4.], dtype=T.float64))        # a leaf as the root
        return x.grad, x2.grad
    check(oracle, "cast", run)


def test_backward_of_several_roots(oracle):
    def run(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        a = (x * 2).sum()
        b = x * x
        T.autograd.backward([a, b], [T.tensor(2.), T.tensor([1., 0., -1.])])
        return x.grad
    check(oracle, "roots", run)


def test_integer_tensors_carry_no_gradient(oracle):
    def run(T):
        x = T.IntTensor([1, 2, 3])
        y = T.IntTensor([1, 1, 1])
        h = x + y
        return h, h.dtype, h.grad, h.grad_fn is None, x.grad, h.requires_grad
    check(oracle, "ints", run)


# ---------------------------------------------------------------------------- accumulation
def test_grad_accumulates_in_the_same_tensor_object(oracle):
    def run(T):
        x = T.ones(2, 2, requires_grad=True)
        (x * 3).sum().backward()
        first = x.grad
        first_version = first._version
        (x * x).sum().backward()
        return [x.grad is first, first, x.grad._version > first_version]
    check(oracle, "same_object", run)


def test_zeroing_grad_through_data_and_directly(oracle):
    def run(T):
        x = T.ones(2, 2, requires_grad=True)
        out = ((x + 2) * (x + 2) * 3).mean()
        out.backward()
        g1 = x.grad.clone()
        x.sum().backward()
        g2 = x.grad.clone()
        x.grad.data.zero_()
        x.sum().backward()
        g3 = x.grad.clone()
        x.grad.zero_()
        (x * 5).sum().backward()
        return g1, g2, g3, x.grad
    check(oracle, "zeroing", run)


def test_retain_graph_lets_backward_run_twice_and_accumulate(oracle):
    def run(T):
        inp = T.eye(4, 5, requires_grad=True)
        out = (inp + 1).pow(2).t()
        out.backward(T.ones_like(out), retain_graph=True)
        first = inp.grad.clone()
        out.backward(T.ones_like(out), retain_graph=True)
        second = inp.grad.clone()
        inp.grad.zero_()
        out.backward(T.ones_like(out), retain_graph=True)
        return first, second, inp.grad
    check(oracle, "retain_graph", run)


def test_a_node_without_saved_tensors_may_run_twice(oracle):
    def run(T):
        x = T.ones(2, 3, requires_grad=True)
        y = (x + 2).sum()
        y.backward()
        y.backward()                       # SumBackward0 and AddBackward0 saved no tensor
        return x.grad
    check(oracle, "twice", run)


def test_grad_assignment_and_deletion(oracle):
    def run(T):
        x = T.ones(2, requires_grad=True)
        x.grad = T.tensor([5., 6.])
        (x * 2).sum().backward()
        g = x.grad
        del x.grad
        return g, x.grad is None
    check(oracle, "assign", run)


# ---------------------------------------------------------------------------- higher order
def test_second_and_third_derivative_of_a_cube(oracle):
    def run(T):
        x = T.tensor(2., requires_grad=True)
        d1, = T.autograd.grad(x ** 3, x, create_graph=True)
        d2, = T.autograd.grad(d1, x, create_graph=True)
        d3, = T.autograd.grad(d2, x)
        return d1, d2, d3
    check(oracle, "cube", run)


def test_second_derivative_of_sin_over_a_vector(oracle):
    def run(T):
        x = T.tensor([0.0, 0.5, 1.0, 2.0], dtype=T.float64, requires_grad=True)
        d1, = T.autograd.grad(x.sin().sum(), x, create_graph=True)
        d2, = T.autograd.grad(d1.sum(), x)
        return d1, d2
    check(oracle, "sin", run)


def test_mixed_second_derivative(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        w = T.tensor([3., -1.], requires_grad=True)
        y = (x * x * w).sum()
        gx, = T.autograd.grad(y, x, create_graph=True)
        gw, = T.autograd.grad(gx.sum(), w)
        return gx, gw
    check(oracle, "mixed", run)


def test_backward_with_create_graph_gives_grad_a_history(oracle):
    def run(T):
        x = T.tensor(2., requires_grad=True)
        y = x ** 3
        texts = warning_texts(lambda: y.backward(create_graph=True))
        first = x.grad
        y.backward(create_graph=True)
        return first, x.grad, x.grad is first, len(texts) <= 1
    check(oracle, "create_graph_backward", run)


def test_create_graph_gradient_can_be_backpropagated(oracle):
    def run(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        y = (x ** 3).sum()
        g, = T.autograd.grad(y, x, create_graph=True)
        penalty = (g * g).sum()
        penalty.backward()
        return g, penalty, x.grad
    check(oracle, "penalty", run)


# ---------------------------------------------------------------------------- retain_grad
def test_retain_grad_keeps_a_non_leaf_gradient(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        y.retain_grad()
        z = (y * y).sum()
        z.backward(retain_graph=True)
        g = y.grad
        z.backward()
        return g, y.grad, y.grad is g, y.retains_grad, x.retains_grad, z.retains_grad
    check(oracle, "retain", run)


def test_retain_grad_on_a_leaf_is_a_no_op(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        x.retain_grad()
        (x * 3).sum().backward()
        return x.grad, x.retains_grad
    check(oracle, "leaf", run)


def test_retain_grad_with_create_graph_clones(oracle):
    def run(T):
        x = T.tensor(2., requires_grad=True)
        y = x * 2
        y.retain_grad()
        (y * y).backward(create_graph=True)
        return y.grad, x.grad
    check(oracle, "clone", run)


def test_retain_grad_follows_an_in_place_change(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 3
        y.retain_grad()
        y.mul_(2)
        (y * y).sum().backward()
        return y.grad, x.grad, y.grad_fn.name()
    check(oracle, "moved", run)


def test_non_leaf_grad_warns_only_when_empty(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        before = warning_texts(lambda: y.grad)
        y.grad = T.tensor([1., 1.])
        after = warning_texts(lambda: y.grad)
        return before, after
    check(oracle, "warn", run)


# ---------------------------------------------------------------------------- inputs=
def test_backward_inputs_restricts_accumulation_to_leaves_given(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        w = T.tensor([3., 4.], requires_grad=True)
        (x * w).sum().backward(inputs=[w])
        gx = x.grad
        (x * w * 2).sum().backward(inputs=x)
        return gx is None, w.grad, x.grad
    check(oracle, "leaves", run)


def test_backward_inputs_with_a_non_leaf_fills_its_grad(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        y.register_hook(lambda g: g * 100)
        (y * 3).sum().backward(inputs=[y])
        freed = True
        try:
            y.grad_fn._saved_other            # y's own node ran (and was freed) ...
        except RuntimeError:
            freed = True
        else:
            freed = False
        return y.grad, x.grad is None, y.retains_grad, freed   # ... but x got nothing
    check(oracle, "non_leaf", run)


def test_grad_returns_without_accumulating(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        w = T.tensor([3., 4.], requires_grad=True)
        gx, gw = T.autograd.grad((x * w).sum(), [x, w])
        return gx, gw, x.grad is None, w.grad is None
    check(oracle, "no_accumulate", run)


def test_grad_allow_unused_and_materialize(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        z = T.tensor([5., 6.], requires_grad=True)
        a = T.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)
        b = T.autograd.grad((x * 2).sum(), [x, z], materialize_grads=True)
        return a[0], a[1] is None, b[0], b[1]
    check(oracle, "unused", run)


def test_grad_of_a_non_leaf_and_hooks_seen_by_capture(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        y.register_hook(lambda g: g * 100)
        w = y * 3
        # y's node must run to reach x: y's gradient is captured as it arrives
        both = T.autograd.grad(w.sum(), [y, x], retain_graph=True)
        # y alone: its node does not run, the hook result is what comes back
        only_y = T.autograd.grad(w.sum(), [y], retain_graph=True)
        x.register_hook(lambda g: g * 7)
        only_x = T.autograd.grad(w.sum(), [x])
        return both, only_y, only_x
    check(oracle, "capture", run)


def test_grad_with_grad_outputs_for_a_vector(oracle):
    def run(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        y = x ** 2
        g, = T.autograd.grad(y, x, grad_outputs=T.tensor([1., 0.5, 0.25]))
        g2, = T.autograd.grad(x * 2, x, T.ones(3, dtype=T.int64))
        return g, g2
    check(oracle, "grad_outputs", run)


# ---------------------------------------------------------------------------- the graph
def test_grad_fn_names_and_edges_of_a_small_graph(oracle):
    def run(T):
        x = T.ones(2, 2, requires_grad=True)
        y = x + 2
        z = y * y * 3
        out = z.mean()
        acc = y.grad_fn.next_functions[0][0]
        return [x.grad_fn is None, y.grad_fn.name(), z.grad_fn.name(), out.grad_fn.name(),
                next_names(y.grad_fn), next_names(z.grad_fn), next_names(out.grad_fn),
                acc.name(), acc.variable is x, type(acc).__name__, acc.next_functions == ()]
    check(oracle, "names", run)


def test_saved_tensors_are_readable_until_backward_frees_them(oracle):
    def run(T):
        x = T.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
        w = T.tensor([[1., 0., -1.], [2., 1., 0.]], requires_grad=True)
        m = x * w
        s = m.sum(1)
        saved_self = m.grad_fn._saved_self
        saved_other = m.grad_fn._saved_other
        before = [saved_self is x, saved_other is w, s.grad_fn._saved_dim,
                  list(s.grad_fn._saved_self_sym_sizes)]
        s.sum().backward()
        after = []
        for name in ("_saved_self", "_saved_other"):
            try:
                getattr(m.grad_fn, name)
                after.append("readable")
            except RuntimeError as exc:
                after.append(str(exc))
        after.append(s.grad_fn._saved_dim)          # plain values outlive backward
        return before, after
    check(oracle, "saved", run)


def test_saved_result_is_a_new_tensor_with_the_node_as_grad_fn(oracle):
    def run(T):
        x = T.tensor([0., 1.], requires_grad=True)
        y = x.exp()
        r = y.grad_fn._saved_result
        return r, r is y, r.grad_fn is y.grad_fn, r.requires_grad
    check(oracle, "result", run)


def test_grad_fn_can_be_called_directly(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 3
        return list(y.grad_fn(T.tensor([1., 1.])))
    check(oracle, "call", run)


def test_a_100_step_loop_of_parameter_updates(oracle):
    """Seed 001's hand-written update loop, with fixed values."""
    def run(T):
        X = T.tensor([4., 0., 1., 2.])
        W_1 = T.tensor([[3., 0., 0., 0.], [2., 4., 1., 3.]], requires_grad=True)
        W_2 = T.tensor([3., 3.], requires_grad=True)
        ys = []
        for epoch in range(10):
            if W_1.grad is not None:
                W_1.grad.zero_()
            if W_2.grad is not None:
                W_2.grad.zero_()
            Y = X.matmul(W_1.T).matmul(W_2)
            Y.backward()
            W_1 = W_1 - 0.01 * W_1.grad
            W_2 = W_2 - 0.01 * W_2.grad
            W_1.detach_().requires_grad_(True)
            W_2.detach_().requires_grad_(True)
            ys.append(Y.data)
        return ys, W_1, W_2
    check(oracle, "loop", run)


# ---------------------------------------------------------------------------- no aliasing
def test_grads_never_alias_what_the_user_holds(oracle):
    """The engine reuses gradient buffers it alone holds (as torch does); nothing the user
    can reach may change behind their back."""
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        z = T.tensor([3., 4.], requires_grad=True)
        (x + z).sum().backward()                 # the same gradient flows to both leaves
        x.grad.mul_(10)
        v = T.tensor([1., 1.])
        x2 = T.tensor([1., 2.], requires_grad=True)
        x2.backward(v)                           # a leaf as the root: .grad is not v
        x2.grad.add_(5)
        x3 = T.tensor([1., 2.], requires_grad=True)
        (x3 * 1).backward(v)
        x3.grad.add_(7)
        return x.grad, z.grad, v, x2.grad, x3.grad
    check(oracle, "leaves", run)


def test_gradients_seen_by_hooks_stay_as_they_were(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        seen_leaf, seen_mid, seen_post = [], [], []
        x.register_hook(lambda g: seen_leaf.append(g))
        for k in (1., 2.):
            y = x * 2
            y.register_hook(lambda g: seen_mid.append(g))
            y.grad_fn.register_hook(lambda gi, go: seen_post.append(gi[0]))
            (y * 3 + y * k).sum().backward()     # y's gradient is summed from two uses
        return seen_leaf, seen_mid, seen_post, x.grad
    check(oracle, "hooks", run)


def test_stepping_and_running_give_the_same_grads_with_shared_subexpressions(oracle):
    def run(T):
        x = T.tensor([0.5, 1.5], requires_grad=True)
        w = T.tensor([2., -1.], requires_grad=True)
        h = x * w
        out = (h * h + h.exp() + h * 3).sum() + (w * w).sum()
        out.backward()
        return x.grad, w.grad
    expected = oracle("values", run)
    match(run(al), expected)
    from autograd_lab.autograd.engine import backward_steps
    x = al.tensor([0.5, 1.5], requires_grad=True)
    w = al.tensor([2., -1.], requires_grad=True)
    h = x * w
    out = (h * h + h.exp() + h * 3).sum() + (w * w).sum()
    kept = list(backward_steps([out], [al.tensor(1.)]))      # every step kept alive
    match([x.grad, w.grad], expected)
    assert kept[-1].node is not None


def test_grads_taken_over_from_views_are_plain_tensors(oracle):
    """A gradient that arrives as a view (a transposed product, a reshaped sum) may be taken
    over without a copy, but .grad is a plain contiguous tensor, as in torch."""
    def run(T):
        inp = T.tensor([[1., 2., 3.], [4., 5., 6.]])
        w = T.tensor([[0.5, -1., 2.], [1., 0., -0.5]], requires_grad=True)
        b = T.tensor([0.1, 0.2], requires_grad=True)
        out = (inp.matmul(w.t()) + b).pow(2).sum()
        out.backward()
        first = [w.grad._base is None, w.grad.is_contiguous(), w.grad.is_leaf,
                 b.grad._base is None, w.grad.clone(), b.grad.clone()]
        w.grad.mul_(0.5)
        (inp.matmul(w.t()) + b).sum().backward()
        return first, w.grad, b.grad
    check(oracle, "views", run)


def test_grad_runs_only_the_nodes_it_needs(oracle):
    """A node runs (and frees its saved tensors) only on a path to a wanted input; the root
    is no exception: grad(y, y) and grad(leaf, leaf) run nothing."""
    def run(T):
        def freed(node, name):
            try:
                getattr(node, name)
                return False
            except RuntimeError:
                return True
        s = T.tensor(2., requires_grad=True)
        q = T.tensor(3., requires_grad=True)
        seen = []
        s.register_hook(lambda g: seen.append(g.item()))
        own = T.autograd.grad(s, s)
        y = s * s
        same = T.autograd.grad(y, y)
        z = s * s
        w = z * 1
        inner = T.autograd.grad(w, z)
        z2 = s * s
        w2 = z2 * 1
        unused = T.autograd.grad(w2, q, allow_unused=True)
        w2.backward(inputs=[q])
        return [own, s.grad is None, seen, same, freed(y.grad_fn, "_saved_self"), inner,
                freed(w.grad_fn, "_saved_other"), freed(z.grad_fn, "_saved_self"), unused,
                freed(w2.grad_fn, "_saved_other"), q.grad is None, s.grad is None]
    check(oracle, "needed", run)
