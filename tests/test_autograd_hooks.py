"""Hooks against torch: tensor hooks on leaves and non-leaves (reading and replacing the
gradient, removal), node pre-hooks and post-hooks, the order PyTorch runs them in,
post-accumulate-grad hooks, and hooks seeing ``None`` gradients."""
from autograd_helpers import check


def test_leaf_hook_sees_and_replaces_the_gradient(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        seen = []
        x.register_hook(lambda g: seen.append(g.clone()))
        x.register_hook(lambda g: g * 10)
        (x * x).sum().backward()
        return seen, x.grad
    check(oracle, "leaf", run)


def test_non_leaf_hook_changes_what_flows_upstream(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 3
        y.register_hook(lambda g: g + 1)
        (y * y).sum().backward()
        return x.grad
    check(oracle, "non_leaf", run)


def test_hook_handle_remove(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        h1 = x.register_hook(lambda g: g * 100)
        h2 = y.register_hook(lambda g: g * 10)
        h1.remove()
        h2.remove()
        y.sum().backward()
        return x.grad
    check(oracle, "remove", run)


def test_hooks_run_in_torchs_order(oracle):
    """tensor hook, then retain_grad (sees the hooked value), then node pre-hook, then the
    node, then its post-hook."""
    def run(T):
        x = T.ones(2, requires_grad=True)
        y = x * 2
        log = []
        y.grad_fn.register_prehook(lambda g: (log.append(["pre", g[0].tolist()]), (g[0] * 10,))[1])
        y.retain_grad()
        y.register_hook(lambda g: (log.append(["hook", g.tolist()]), g + 1)[1])
        y.grad_fn.register_hook(lambda gi, go: log.append(
            ["post", [None if t is None else t.tolist() for t in gi], go[0].tolist()]))
        (y * 3).sum().backward()
        return log, y.grad, x.grad
    check(oracle, "order", run)


def test_post_hook_can_replace_grad_inputs(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        w = T.tensor([3., 4.], requires_grad=True)
        y = x * w
        y.grad_fn.register_hook(lambda gi, go: (gi[0] * 0, gi[1]))
        y.sum().backward()
        return x.grad, w.grad
    check(oracle, "post_replace", run)


def test_prehook_on_accumulate_grad(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        acc = y.grad_fn.next_functions[0][0]
        acc.register_prehook(lambda g: (g[0] * 3,))
        y.sum().backward()
        return x.grad, acc.name()
    check(oracle, "acc_prehook", run)


def test_post_accumulate_grad_hook_sees_the_updated_grad(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        seen = []
        x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.clone()))
        (x * 2).sum().backward()
        (x * 3).sum().backward()
        return seen
    check(oracle, "post_acc", run)


def test_hooks_receive_none_when_no_gradient_arrives(oracle):
    """A custom Function returning None for an input: that input's node still runs, and
    every hook on the way sees None (PyTorch's behaviour)."""
    def run(T):
        class Block(T.autograd.Function):
            @staticmethod
            def forward(ctx, a, b):
                return a * b

            @staticmethod
            def backward(ctx, g):
                return None, g

        x = T.ones(2, requires_grad=True)
        z = T.ones(2, requires_grad=True)
        y = x * 2
        log = []
        y.register_hook(lambda g: log.append(["y hook", g is None]))
        x.register_hook(lambda g: log.append(["x hook", g is None]))
        y.grad_fn.register_prehook(lambda g: log.append(["pre", [v is None for v in g]]))
        y.grad_fn.register_hook(lambda gi, go: log.append(
            ["post", [v is None for v in gi], [v is None for v in go]]))
        Block.apply(y, z).sum().backward()
        return log, x.grad is None, z.grad
    check(oracle, "none", run)


def test_hook_on_a_tensor_used_twice(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        seen = []
        y.register_hook(lambda g: seen.append(g.clone()))
        (y * y + y * 3).sum().backward()
        return seen, x.grad
    check(oracle, "twice", run)


def test_node_metadata_is_a_dict(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        y.grad_fn.metadata["note"] = "mine"
        return y.grad_fn.metadata
    check(oracle, "metadata", run)


def test_hook_registration_errors(oracle):
    check(oracle, "hook_no_grad", lambda T: T.ones(2).register_hook(lambda g: g))
    check(oracle, "post_acc_non_leaf",
          lambda T: (T.ones(2, requires_grad=True) * 2).register_post_accumulate_grad_hook(
              lambda t: None))
