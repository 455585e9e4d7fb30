"""autograd.functional (vjp, jvp, jacobian, hessian, vhp, hvp) against torch: values, shapes,
Tensor-vs-tuple structure, requires_grad / grad_fn of the results (with and without
create_graph, and the gradients that flow back through them), strict-mode errors, v=None
errors and bad arguments."""
import pytest

import autograd_lab as al
from autograd_helpers import check


# --------------------------------------------------------------- the functions and points
# Each entry: the function (written for either library: ``T`` is torch or autograd_lab),
# whether it returns a single-element tensor (hessian / vhp / hvp need one), and the inputs.
def _cube_sum(T):
    return lambda x: (x ** 3).sum()


def _exp_reducer(T):
    return lambda x: x.exp().sum(dim=1)


def _adder(T):
    return lambda x, y: 2 * x + 3 * y


def _two_outputs(T):
    return lambda x: (x * x, x.sin().sum())


def _unused(T):
    return lambda x, y: (x.sin() * 2).sum()


def _mixed(T):
    return lambda x, y: ((x * y).sum(), (x.exp() * y).tanh())


def _scalar_in(T):
    return lambda x: x.exp() * x


FUNCS = {
    # name: (make function, scalar output, input shapes (a list means a tuple of inputs))
    "cube_sum": (_cube_sum, True, (3,)),
    "exp_reducer": (_exp_reducer, False, (2, 3)),
    "adder": (_adder, False, [(2,), (2,)]),
    "two_outputs": (_two_outputs, False, (3,)),
    "unused": (_unused, True, [(2,), (3,)]),
    "mixed": (_mixed, False, [(2,), (2,)]),
    "scalar_in": (_scalar_in, True, ()),
}
SCALAR_FUNCS = [name for name, (_, scalar, _) in FUNCS.items() if scalar]


def _make(T, shape, seed, dtype, requires_grad):
    n = 1
    for s in shape:
        n *= s
    x = T.linspace(-0.9 + 0.1 * seed, 1.3 - 0.2 * seed, n, dtype=dtype).reshape(shape)
    return x.requires_grad_(requires_grad)


def _inputs(T, shapes, dtype, requires_grad=False):
    if isinstance(shapes, list):
        return tuple(_make(T, s, k, dtype, requires_grad) for k, s in enumerate(shapes))
    return _make(T, shapes, 0, dtype, requires_grad)


def _like(T, ref, seed):
    """A vector ``v`` shaped like ``ref`` (a tensor or a tuple of tensors)."""
    if isinstance(ref, tuple):
        return tuple(_like(T, r, seed + k) for k, r in enumerate(ref))
    n = ref.numel()
    return T.linspace(0.5 + seed, -1.5 - seed, n, dtype=ref.dtype).reshape(ref.shape)


def structure(T, x):
    """``"Tensor"`` or the nesting of tuples: torch's result structure, spelled out."""
    if isinstance(x, T.Tensor):
        return "Tensor"
    return f"{type(x).__name__}(" + ", ".join(structure(T, el) for el in x) + ")"


def flat(x):
    return [x] if not isinstance(x, tuple) else [t for el in x for t in flat(el)]


def report(T, result, inputs):
    """What a user sees: the result's structure and tensors (values, flags, grad_fn), and
    with a graph, the gradients that flow back through every result into the inputs."""
    out = [structure(T, result), result]
    tensors = [t for t in flat(result) if t.requires_grad]
    leaves = [t for t in flat(inputs) if t.requires_grad]
    if tensors and leaves:
        total = sum((t * t).sum() for t in tensors)
        out.append(T.autograd.grad(total, leaves, allow_unused=True, materialize_grads=True))
    return out


DTYPES = ["float32", "float64"]
# (create_graph, do the leaves need grad)
GRAPH = [(False, False), (False, True), (True, False), (True, True)]


# ------------------------------------------------------------------------------- vjp, jvp
@pytest.mark.parametrize("name", list(FUNCS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("create_graph,leaf_grad", GRAPH)
def test_vjp(oracle, name, dtype, create_graph, leaf_grad):
    make, _, shapes = FUNCS[name]

    def run(T):
        x = _inputs(T, shapes, getattr(T, dtype), leaf_grad)
        with T.no_grad():
            v = _like(T, make(T)(*(x if isinstance(x, tuple) else (x,))), 0)
        res = T.autograd.functional.vjp(make(T), x, v, create_graph=create_graph)
        return report(T, res, x)
    check(oracle, f"vjp-{name}-{dtype}-{create_graph}-{leaf_grad}", run)


@pytest.mark.parametrize("name", list(FUNCS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("create_graph,leaf_grad", GRAPH)
def test_jvp(oracle, name, dtype, create_graph, leaf_grad):
    make, _, shapes = FUNCS[name]

    def run(T):
        x = _inputs(T, shapes, getattr(T, dtype), leaf_grad)
        res = T.autograd.functional.jvp(make(T), x, _like(T, x, 1), create_graph=create_graph)
        return report(T, res, x)
    check(oracle, f"jvp-{name}-{dtype}-{create_graph}-{leaf_grad}", run)


@pytest.mark.parametrize("fn", ["vjp", "jvp", "vhp", "hvp"])
def test_v_may_be_omitted_for_a_single_element(oracle, fn):
    def run(T):
        x = T.tensor(0.7, requires_grad=True)
        return report(T, getattr(T.autograd.functional, fn)(lambda x: x.exp() * x, x), x)
    check(oracle, f"v-none-{fn}", run)


@pytest.mark.parametrize("fn", ["vjp", "jvp", "vhp", "hvp"])
@pytest.mark.parametrize("create_graph", [False, True])
def test_gradients_flow_into_v_only_with_create_graph(oracle, fn, create_graph):
    def run(T):
        x = T.tensor([0.5, -1.0, 2.0], requires_grad=True)
        v = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        f = (lambda x: x.sin() * x) if fn in ("vjp", "jvp") else (lambda x: (x.sin() * x).sum())
        res = getattr(T.autograd.functional, fn)(f, x, v, create_graph=create_graph)
        return report(T, res, (x, v))
    check(oracle, f"v-graph-{fn}-{create_graph}", run)


# --------------------------------------------------------------------------- jacobian
@pytest.mark.parametrize("name", list(FUNCS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("create_graph,leaf_grad", GRAPH)
def test_jacobian(oracle, name, dtype, create_graph, leaf_grad):
    make, _, shapes = FUNCS[name]

    def run(T):
        x = _inputs(T, shapes, getattr(T, dtype), leaf_grad)
        return report(T, T.autograd.functional.jacobian(make(T), x, create_graph=create_graph),
                      x)
    check(oracle, f"jacobian-{name}-{dtype}-{create_graph}-{leaf_grad}", run)


def test_jacobian_of_a_function_that_captures_its_input(oracle):
    """func sees new tensor objects, so a captured input is a constant (pytorch#32576)."""
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        return report(T, T.autograd.functional.jacobian(lambda y: y * x, x), x)
    check(oracle, "captured", run)


# --------------------------------------------------------------- hessian, vhp, hvp
@pytest.mark.parametrize("name", SCALAR_FUNCS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("create_graph,leaf_grad", GRAPH)
def test_hessian(oracle, name, dtype, create_graph, leaf_grad):
    make, _, shapes = FUNCS[name]

    def run(T):
        x = _inputs(T, shapes, getattr(T, dtype), leaf_grad)
        return report(T, T.autograd.functional.hessian(make(T), x, create_graph=create_graph),
                      x)
    check(oracle, f"hessian-{name}-{dtype}-{create_graph}-{leaf_grad}", run)


@pytest.mark.parametrize("fn", ["vhp", "hvp"])
@pytest.mark.parametrize("name", SCALAR_FUNCS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("create_graph,leaf_grad", GRAPH)
def test_vhp_hvp(oracle, fn, name, dtype, create_graph, leaf_grad):
    make, _, shapes = FUNCS[name]

    def run(T):
        x = _inputs(T, shapes, getattr(T, dtype), leaf_grad)
        res = getattr(T.autograd.functional, fn)(make(T), x, _like(T, x, 2),
                                                 create_graph=create_graph)
        return report(T, res, x)
    check(oracle, f"{fn}-{name}-{dtype}-{create_graph}-{leaf_grad}", run)


def test_vhp_and_hvp_agree_with_the_hessian():
    """A symmetric Hessian: v^T H == H v == H @ v (no torch needed)."""
    F = al.autograd.functional
    x = al.tensor([0.3, -1.2, 2.0], dtype=al.float64)
    v = al.tensor([1.0, 2.0, -0.5], dtype=al.float64)
    f = lambda x: (x.sin() * x.roll(1)).sum()     # noqa: E731
    h = F.hessian(f, x)
    assert al.allclose(F.vhp(f, x, v)[1], v @ h)
    assert al.allclose(F.hvp(f, x, v)[1], h @ v)


def test_under_no_grad_results_still_need_no_graph(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        with T.no_grad():
            out = [T.autograd.functional.vjp(lambda x: x * x, x, T.ones(2)),
                   T.autograd.functional.jvp(lambda x: x * x, x, T.ones(2)),
                   T.autograd.functional.jacobian(lambda x: x * x, x),
                   T.autograd.functional.hvp(lambda x: (x ** 3).sum(), x, T.ones(2))]
            out.append(T.is_grad_enabled())
        return out
    check(oracle, "no_grad", run)


# ------------------------------------------------------------------------- strict mode
def _const(T):
    return lambda x: T.ones(2)


def _linear(T):
    return lambda x: (3 * x).sum()


def _quadratic(T):
    return lambda x: (x * x).sum()


STRICT_CASES = {
    # vjp / jvp: an output that needs no grad, an unused input
    "vjp-const": lambda T: T.autograd.functional.vjp(_const(T), T.ones(2), T.ones(2),
                                                     strict=True),
    "vjp-unused": lambda T: T.autograd.functional.vjp(_unused(T), (T.ones(2), T.ones(3)),
                                                      strict=True),
    "vjp-linear-graph": lambda T: T.autograd.functional.vjp(
        _linear(T), T.ones(2), create_graph=True, strict=True),
    "jvp-const": lambda T: T.autograd.functional.jvp(_const(T), T.ones(2), T.ones(2),
                                                     strict=True),
    "jvp-unused": lambda T: T.autograd.functional.jvp(_unused(T), (T.ones(2), T.ones(3)),
                                                      (T.ones(2), T.ones(3)), strict=True),
    "jvp-linear": lambda T: T.autograd.functional.jvp(lambda x: 3 * x, T.ones(2),
                                                      T.ones(2), strict=True),
    "jvp-linear-nonstrict": lambda T: T.autograd.functional.jvp(lambda x: 3 * x, T.ones(2),
                                                                T.ones(2)),
    # jacobian
    "jacobian-const": lambda T: T.autograd.functional.jacobian(_const(T), T.ones(2),
                                                               strict=True),
    "jacobian-unused": lambda T: T.autograd.functional.jacobian(
        _mixed_unused(T), (T.ones(2), T.ones(3)), strict=True),
    "jacobian-linear-graph": lambda T: T.autograd.functional.jacobian(
        lambda x: (3 * x, x * x), T.ones(2), create_graph=True, strict=True),
    "jacobian-linear-graph-2": lambda T: T.autograd.functional.jacobian(
        lambda x: (x * x, 3 * x), T.ones(2), create_graph=True, strict=True),
    # hessian, vhp, hvp
    "hessian-linear": lambda T: T.autograd.functional.hessian(_linear(T), T.ones(2),
                                                              strict=True),
    "hessian-linear-nonstrict": lambda T: T.autograd.functional.hessian(_linear(T),
                                                                        T.ones(2)),
    "hessian-quadratic-graph": lambda T: T.autograd.functional.hessian(
        _quadratic(T), T.ones(2), create_graph=True, strict=True),
    "hessian-unused": lambda T: T.autograd.functional.hessian(
        _unused(T), (T.ones(2), T.ones(3)), strict=True),
    "vhp-linear": lambda T: T.autograd.functional.vhp(_linear(T), T.ones(2), T.ones(2),
                                                      strict=True),
    "vhp-unused": lambda T: T.autograd.functional.vhp(
        lambda x, y: (x * x).sum() + 0 * y.sum(), (T.ones(2), T.ones(3)),
        (T.ones(2), T.ones(3)), strict=True),
    "vhp-quadratic-graph": lambda T: T.autograd.functional.vhp(
        _quadratic(T), T.ones(2), T.ones(2), create_graph=True, strict=True),
    "hvp-linear": lambda T: T.autograd.functional.hvp(_linear(T), T.ones(2), T.ones(2),
                                                      strict=True),
    "hvp-quadratic-graph": lambda T: T.autograd.functional.hvp(
        _quadratic(T), T.ones(2), T.ones(2), create_graph=True, strict=True),
    "hvp-quadratic": lambda T: T.autograd.functional.hvp(
        _quadratic(T), T.ones(2), T.ones(2), strict=True),
}


def _mixed_unused(T):
    return lambda x, y: (x * 2, x.sum() * y)


@pytest.mark.parametrize("case", list(STRICT_CASES))
def test_strict_mode(oracle, case):
    check(oracle, case, STRICT_CASES[case])


# ------------------------------------------------------------------------- bad arguments
BAD_CASES = {
    "vjp-v-none": lambda T: T.autograd.functional.vjp(lambda x: x * 2, T.ones(2)),
    "vjp-v-none-tuple": lambda T: T.autograd.functional.vjp(lambda x: (x.sum(), x.sum()),
                                                            T.ones(2)),
    "jvp-v-none": lambda T: T.autograd.functional.jvp(lambda x: x.sum(), T.ones(2)),
    "vhp-v-none": lambda T: T.autograd.functional.vhp(lambda x: x.sum(), T.ones(2)),
    "hvp-v-none": lambda T: T.autograd.functional.hvp(lambda x, y: x * y,
                                                      (T.ones(()), T.ones(()))),
    "vjp-v-size": lambda T: T.autograd.functional.vjp(lambda x: x * 2, T.ones(2), T.ones(3)),
    "vjp-v-size-tuple": lambda T: T.autograd.functional.vjp(
        lambda x: (x, x * 2), T.ones(2), (T.ones(2), T.ones(3))),
    "vjp-v-length": lambda T: T.autograd.functional.vjp(lambda x: (x, x * 2), T.ones(2),
                                                        (T.ones(2),)),
    "vjp-v-single": lambda T: T.autograd.functional.vjp(lambda x: x * 2, T.ones(2),
                                                        (T.ones(2), T.ones(2))),
    "jvp-v-size": lambda T: T.autograd.functional.jvp(lambda x: x * 2, T.ones(2), T.ones(3)),
    "jvp-v-list": lambda T: T.autograd.functional.jvp(lambda x: x * 2, T.ones(2), [1., 1.]),
    "vjp-inputs-list": lambda T: T.autograd.functional.vjp(lambda x: x * 2, [1., 2.]),
    "jacobian-inputs-tuple": lambda T: T.autograd.functional.jacobian(lambda x, y: x * y,
                                                                      (T.ones(2), 3.0)),
    "jacobian-output-number": lambda T: T.autograd.functional.jacobian(lambda x: 3.0,
                                                                       T.ones(2)),
    "jacobian-strategy": lambda T: T.autograd.functional.jacobian(lambda x: x, T.ones(2),
                                                                  strategy="backward"),
    "jacobian-forward-graph": lambda T: T.autograd.functional.jacobian(
        lambda x: x, T.ones(2), create_graph=True, strategy="forward-mode"),
    "jacobian-forward-strict": lambda T: T.autograd.functional.jacobian(
        lambda x: x, T.ones(2), strict=True, strategy="forward-mode"),
    "jacobian-forward-novec": lambda T: T.autograd.functional.jacobian(
        lambda x: x, T.ones(2), strategy="forward-mode"),
    "jacobian-vectorize-strict": lambda T: T.autograd.functional.jacobian(
        lambda x: x * x, T.ones(2), strict=True, vectorize=True),
    "hessian-tuple-output": lambda T: T.autograd.functional.hessian(lambda x: (x.sum(),),
                                                                    T.ones(2)),
    "hessian-vector-output": lambda T: T.autograd.functional.hessian(lambda x: x * x,
                                                                     T.ones(2)),
    "hessian-strategy": lambda T: T.autograd.functional.hessian(
        lambda x: x.sum(), T.ones(2), outer_jacobian_strategy="sideways"),
    "vhp-tuple-output": lambda T: T.autograd.functional.vhp(lambda x: (x.sum(),), T.ones(2),
                                                            T.ones(2)),
    "hvp-vector-output": lambda T: T.autograd.functional.hvp(lambda x: x * x, T.ones(2),
                                                             T.ones(2)),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_arguments(oracle, case):
    check(oracle, case, BAD_CASES[case])


@pytest.mark.parametrize("forward", [False, True])
def test_vmap_paths_say_they_are_not_implemented(forward):
    """torch runs these under vmap, which autograd_lab does not have."""
    strategy = "forward-mode" if forward else "reverse-mode"
    with pytest.raises(NotImplementedError, match="autograd_lab has no vmap"):
        al.autograd.functional.jacobian(lambda x: x * x, al.ones(2), vectorize=True,
                                        strategy=strategy)
    with pytest.raises(NotImplementedError, match="autograd_lab has no vmap"):
        al.autograd.functional.hessian(lambda x: (x ** 3).sum(), al.ones(2), vectorize=True,
                                       outer_jacobian_strategy=strategy)


@pytest.mark.parametrize("fn", ["tanh", "sigmoid", "expand_to_scalar"])
def test_double_backward_nodes_the_jvp_trick_goes_through(oracle, fn):
    """jvp differentiates a backward pass with respect to its grad_outputs: the graph of
    tanh's / sigmoid's derivative and of the engine's sum back to a 0-d shape."""
    def run(T):
        x = T.tensor([0.5, 1.], requires_grad=True)
        y = x.sum().expand(2) if fn == "expand_to_scalar" else getattr(x, fn)()
        u = T.tensor([0.3, -0.7], requires_grad=True)
        g, = T.autograd.grad(y, x, u, create_graph=True)
        w = T.tensor([1.5, 2.], requires_grad=True) if g.dim() else T.tensor(1.5)
        return [g, T.autograd.grad(g, u, w, create_graph=True)]
    check(oracle, fn, run)


def test_public_names(oracle):
    def run(T):
        return sorted(T.autograd.functional.__all__)
    check(oracle, "all", run)
