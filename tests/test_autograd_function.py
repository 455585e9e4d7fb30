"""Custom ``autograd.Function`` against ``torch.autograd.Function``: save_for_backward,
needs_input_grad, mark_non_differentiable, set_materialize_grads, setup_context style,
node names and reprs, freed saved tensors; and gradcheck / gradgradcheck."""
import pytest

import autograd_lab as al
from autograd_helpers import check, no_address


def cube(T):
    class Cube(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad):
            x, = ctx.saved_tensors
            return grad * 3 * x ** 2
    return Cube


def test_cube_function_values_names_and_repr(oracle):
    def run(T):
        Cube = cube(T)
        x = T.tensor([1., 2.], requires_grad=True)
        y = Cube.apply(x)
        fn = y.grad_fn
        info = [fn.name(), type(fn).__name__, no_address(repr(fn)), list(fn.needs_input_grad),
                no_address(str(y))]
        y.sum().backward()
        return y, x.grad, info
    check(oracle, "cube", run)


def test_saved_tensors_are_freed_after_backward(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = cube(T).apply(x)
        before = [t is x for t in y.grad_fn.saved_tensors]
        y.sum().backward()
        return before, y.grad_fn.saved_tensors
    check(oracle, "freed", run)


def test_second_backward_through_a_function_fails_like_torch(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = cube(T).apply(x).sum()
        y.backward()
        y.backward()
    check(oracle, "twice", run)


def test_function_is_differentiable_twice_with_create_graph(oracle):
    def run(T):
        x = T.tensor(2., requires_grad=True)
        d1, = T.autograd.grad(cube(T).apply(x), x, create_graph=True)
        d2, = T.autograd.grad(d1, x)
        return d1, d2
    check(oracle, "double", run)


def test_needs_input_grad_and_non_tensor_arguments(oracle):
    def run(T):
        class Scale(T.autograd.Function):
            @staticmethod
            def forward(ctx, x, w, k):
                ctx.save_for_backward(x, w)
                ctx.k = k
                ctx.flags = list(ctx.needs_input_grad)
                return x * w * k

            @staticmethod
            def backward(ctx, g):
                x, w = ctx.saved_tensors
                gx = g * w * ctx.k if ctx.needs_input_grad[0] else None
                gw = g * x * ctx.k if ctx.needs_input_grad[1] else None
                return gx, gw, None

        x = T.tensor([1., 2.], requires_grad=True)
        w = T.tensor([3., 4.])
        y = Scale.apply(x, w, 5)
        y.sum().backward()
        return y, x.grad, y.grad_fn.flags, len(y.grad_fn.next_functions)
    check(oracle, "needs", run)


def test_setup_context_style(oracle):
    def run(T):
        class Mul(T.autograd.Function):
            @staticmethod
            def forward(x, w):
                return x * w

            @staticmethod
            def setup_context(ctx, inputs, output):
                ctx.save_for_backward(*inputs)

            @staticmethod
            def backward(ctx, g):
                x, w = ctx.saved_tensors
                return g * w, g * x

        x = T.tensor([1., 2.], requires_grad=True)
        w = T.tensor([3., 4.], requires_grad=True)
        Mul.apply(x, w).sum().backward()
        return x.grad, w.grad
    check(oracle, "setup_context", run)


def test_mark_non_differentiable_and_materialized_zeros(oracle):
    def run(T):
        class SortPair(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                idx = x.argmax()
                ctx.mark_non_differentiable(idx)
                return x * 2, idx

            @staticmethod
            def backward(ctx, g, g_idx):
                ctx.got = [g.tolist(), g_idx.tolist(), str(g_idx.dtype)]
                return g * 2

        x = T.tensor([1., 3., 2.], requires_grad=True)
        y, i = SortPair.apply(x)
        y.sum().backward()
        return y, i, i.requires_grad, x.grad, y.grad_fn.got
    check(oracle, "non_diff", run)


def test_multiple_outputs_missing_gradient_is_zeros_or_none(oracle):
    def run(T):
        def make(materialize):
            class Two(T.autograd.Function):
                @staticmethod
                def forward(ctx, x):
                    ctx.set_materialize_grads(materialize)
                    return x * 2, x * 3

                @staticmethod
                def backward(ctx, g1, g2):
                    ctx.seen = [None if g is None else g.tolist() for g in (g1, g2)]
                    return g1 if g2 is None else g1 + g2
            return Two
        out = []
        for materialize in (True, False):
            x = T.tensor([1., 2.], requires_grad=True)
            a, b = make(materialize).apply(x)
            a.sum().backward()
            out.append([a.grad_fn.seen, x.grad])
        return out
    check(oracle, "two", run)


def test_function_returning_its_input_makes_a_view(oracle):
    def run(T):
        class Identity(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x

            @staticmethod
            def backward(ctx, g):
                return g * 2

        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 1
        r = Identity.apply(y)
        r.sum().backward()
        return r is y, r._base is y, r.grad_fn.name(), x.grad
    check(oracle, "identity", run)


def test_function_under_no_grad_or_without_grad_inputs(oracle):
    def run(T):
        Cube = cube(T)
        x = T.tensor([1., 2.], requires_grad=True)
        with T.no_grad():
            a = Cube.apply(x)
        b = Cube.apply(T.tensor([1., 2.]))
        return a, b
    check(oracle, "no_grad", run)


def test_mark_dirty_rebases_the_input(oracle):
    def run(T):
        class AddOne(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.add_(1)
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def backward(ctx, g):
                return g

        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        r = AddOne.apply(y)
        (r * r).sum().backward()
        return r is y, y, y.grad_fn.name(), y._version, x.grad
    check(oracle, "dirty", run)


@pytest.mark.parametrize("bad", ["count", "non_tensor"])
def test_backward_returning_wrong_gradients(oracle, bad):
    def run(T):
        class Wrong(T.autograd.Function):
            @staticmethod
            def forward(ctx, x, k):
                return x * k

            @staticmethod
            def backward(ctx, g):
                return (g, g, g) if bad == "count" else (g, g)

        x = T.tensor([1., 2.], requires_grad=True)
        Wrong.apply(x, 3).sum().backward()
    check(oracle, bad, run)


def test_backward_returning_a_wrongly_shaped_gradient(oracle):
    def run(T):
        class Wrong(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return T.ones(3)

        x = T.tensor([1., 2.], requires_grad=True)
        Wrong.apply(x).sum().backward()
    check(oracle, "shape", run)


def test_backward_may_return_a_broadcastable_gradient(oracle):
    def run(T):
        class Spread(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x.sum()

            @staticmethod
            def backward(ctx, g):
                return g.expand(2, 3)          # summed back to x's shape (3,)

        x = T.tensor([1., 2., 3.], requires_grad=True)
        Spread.apply(x).backward()
        return x.grad
    check(oracle, "broadcast", run)


# ---------------------------------------------------------------------------- gradcheck
def test_gradcheck_agrees_with_torch(oracle):
    def run(T):
        x = T.tensor([0.5, -1.0, 2.0], dtype=T.float64, requires_grad=True)
        w = T.tensor([1.5, 0.25, -0.75], dtype=T.float64, requires_grad=True)
        return [T.autograd.gradcheck(cube(T).apply, (x,)),
                T.autograd.gradcheck(lambda a, b: (a * b.exp()).sum(), (x, w)),
                T.autograd.gradgradcheck(cube(T).apply, (x,)),
                T.autograd.gradgradcheck(lambda a, b: a.sin() * b, (x, w))]
    check(oracle, "ok", run)


def test_gradcheck_reports_a_wrong_backward(oracle):
    def run(T):
        class Bad(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g * 3

        x = T.tensor([1., 2.], dtype=T.float64, requires_grad=True)
        quiet = T.autograd.gradcheck(Bad.apply, (x,), raise_exception=False)
        try:
            T.autograd.gradcheck(Bad.apply, (x,))
        except RuntimeError as exc:
            return quiet, type(exc).__name__, str(exc)
    check(oracle, "bad", run)


def test_gradcheck_of_every_engine_path():
    """Broadcast un-summing, dtype casts, shared inputs, views: float64 finite differences."""
    x = al.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], dtype=al.float64, requires_grad=True)
    b = al.tensor([0.3, -0.2, 0.1], dtype=al.float64, requires_grad=True)
    c = al.tensor(1.7, dtype=al.float64, requires_grad=True)
    assert al.autograd.gradcheck(lambda x, b, c: ((x + b) * c * x).sum(1), (x, b, c))
    assert al.autograd.gradcheck(lambda x: x.t().reshape(3, 2) * x.T.exp(), (x,))
    assert al.autograd.gradgradcheck(lambda x, b: (x * b).sin().sum(0), (x, b))
