"""Grad-mode switches against torch: ``no_grad``, ``enable_grad``, ``set_grad_enabled`` (as a
call, a context manager and a decorator), ``inference_mode``, ``is_grad_enabled``."""
from autograd_helpers import check, no_address


def test_no_grad_block(oracle):
    """Seed 002: y2 computed under no_grad does not carry a gradient."""
    def run(T):
        x = T.tensor(1.0, requires_grad=True)
        y1 = x ** 2
        with T.no_grad():
            y2 = x ** 3
            inside = T.is_grad_enabled()
        y3 = y1 + y2
        y3.backward()
        return [x.requires_grad, y1, y1.requires_grad, y2, y2.requires_grad, y3,
                y3.requires_grad, x.grad, inside, T.is_grad_enabled()]
    check(oracle, "seed002", run)


def test_no_grad_results_have_no_history(oracle):
    def run(T):
        x = T.tensor([[1., 2.], [3., 4.]], requires_grad=True)
        y = T.tensor([[0.5, 1.], [1.5, 2.]], requires_grad=True)
        with T.no_grad():
            w = x + y * 2
            v = x.view(4)
            seen = [w.requires_grad, w.grad_fn is None, v.requires_grad]
        return seen, w.requires_grad, x.requires_grad, x.grad_fn is None, w.is_leaf
    check(oracle, "no_history", run)


def test_decorators_with_and_without_parentheses(oracle):
    def run(T):
        x = T.ones(2, requires_grad=True)

        @T.no_grad()
        def a(t):
            return t * 2

        @T.no_grad
        def b(t):
            return t * 2

        @T.enable_grad()
        def c(t):
            return t * 2

        @T.inference_mode()
        def d(t):
            return t * 2

        @T.inference_mode
        def e(t):
            return t * 2

        with T.no_grad():
            c_out = c(x)
        return [a(x).requires_grad, b(x).requires_grad, c_out.requires_grad,
                d(x).requires_grad, e(x).requires_grad, T.is_grad_enabled(),
                a.__name__, b.__name__]
    check(oracle, "decorators", run)


def test_set_grad_enabled_as_a_call(oracle):
    def run(T):
        x = T.ones(1, requires_grad=True)
        T.set_grad_enabled(False)
        off = (x * 2).requires_grad, T.is_grad_enabled()
        T.set_grad_enabled(True)
        on = (x * 2).requires_grad, T.is_grad_enabled()
        return off, on
    check(oracle, "call", run)


def test_set_grad_enabled_as_a_context_manager_restores(oracle):
    def run(T):
        x = T.ones(1, requires_grad=True)
        out = []
        for mode in (False, True):
            with T.set_grad_enabled(mode):
                out.append([(x * 2).requires_grad, T.is_grad_enabled()])
            out.append(T.is_grad_enabled())
        with T.no_grad():
            with T.set_grad_enabled(True):
                out.append((x * 2).requires_grad)
            out.append(T.is_grad_enabled())
        return out
    check(oracle, "context", run)


def test_set_grad_enabled_as_a_decorator_switches_only_inside(oracle):
    def run(T):
        x = T.ones(1, requires_grad=True)

        @T.set_grad_enabled(False)
        def f(t):
            return t * 2, T.is_grad_enabled()

        after_definition = T.is_grad_enabled()
        y, inside = f(x)
        return after_definition, y.requires_grad, inside, T.is_grad_enabled()
    check(oracle, "decorator", run)


def test_set_grad_enabled_repr(oracle):
    def run(T):
        r = repr(T.set_grad_enabled(False))
        T.set_grad_enabled(True)
        return r
    check(oracle, "repr", run)


def test_grad_mode_is_restored_after_an_exception(oracle):
    def run(T):
        try:
            with T.no_grad():
                raise ValueError("boom")
        except ValueError:
            pass
        return T.is_grad_enabled()
    check(oracle, "exception", run)


def test_inference_mode(oracle):
    def run(T):
        x = T.ones(2, requires_grad=True)
        with T.inference_mode():
            y = x * 2
            inside = [T.is_grad_enabled(), T.is_inference_mode_enabled()]
            with T.inference_mode(False):
                z = x * 2
                inner = [T.is_grad_enabled(), T.is_inference_mode_enabled()]
        return [y.requires_grad, z.requires_grad, inside, inner, T.is_grad_enabled(),
                T.is_inference_mode_enabled()]
    check(oracle, "inference", run)


def test_no_grad_object_repr(oracle):
    check(oracle, "repr", lambda T: no_address(repr(T.no_grad())))


def test_generator_decorated_with_no_grad(oracle):
    def run(T):
        x = T.ones(1, requires_grad=True)

        @T.no_grad()
        def gen():
            for _ in range(2):
                yield (x * 2).requires_grad, T.is_grad_enabled()

        out = []
        for item in gen():
            out.append([list(item), T.is_grad_enabled()])
        return out
    check(oracle, "generator", run)


def test_backward_inside_no_grad_still_computes_gradients(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = (x * x).sum()
        with T.no_grad():
            y.backward()
        return x.grad, x.grad.requires_grad
    check(oracle, "backward_no_grad", run)


def test_a_view_made_under_no_grad_carries_no_gradient(oracle):
    def run(T):
        x = T.ones(4, requires_grad=True)
        with T.no_grad():
            v = x.view(2, 2)
            s = x[1:]
        (v * 2).sum().backward()
        edges = [[None if n is None else n.name(), nr] for n, nr in (s * 3).grad_fn.next_functions]
        return [v.requires_grad, v.is_leaf, v.grad_fn is None, v._base is x, s.requires_grad,
                v.grad is None, x.grad is None, edges]
    check(oracle, "no_grad_view", run)


def test_a_view_made_under_no_grad_cannot_be_changed_in_place_with_grad_on(oracle):
    def run(T):
        x = T.ones(4, requires_grad=True)
        with T.no_grad():
            v = x.view(2, 2)
        v.mul_(2)
    check(oracle, "no_grad_view_inplace", run)
