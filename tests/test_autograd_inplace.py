"""In-place operations, version counters, saved-tensor checks, ``detach``/``detach_``,
``.data`` and ``requires_grad_`` against torch."""
import pytest

from autograd_helpers import check
from ops_helper import NAN_VALUES, check_nan_case

INPLACE = {
    "add_": lambda T, y: y.add_(1),
    "add_alpha": lambda T, y: y.add_(T.tensor([1., 2., 3.]), alpha=2),
    "sub_": lambda T, y: y.sub_(0.5),
    "mul_": lambda T, y: y.mul_(2),
    "div_": lambda T, y: y.div_(4),
    "zero_": lambda T, y: y.zero_(),
    "fill_": lambda T, y: y.fill_(3),
    "fill_tensor": lambda T, y: y.fill_(T.tensor(3.)),
    "copy_": lambda T, y: y.copy_(T.tensor([7., 8., 9.])),
    "copy_broadcast": lambda T, y: y.copy_(T.tensor(5.)),
    "clamp_": lambda T, y: y.clamp_(0.5, 2.5),
    "clamp_min": lambda T, y: y.clamp_(min=1.5),
    "pow_": lambda T, y: y.pow_(2),
    "relu_": lambda T, y: y.sub_(2).relu_(),
    "iadd": lambda T, y: y.__iadd__(1),
    "isub": lambda T, y: y.__isub__(T.tensor(2.)),
    "imul": lambda T, y: y.__imul__(3),
    "itruediv": lambda T, y: y.__itruediv__(2),
    "setitem": lambda T, y: y.__setitem__(0, 5.),
    "setitem_slice": lambda T, y: y.__setitem__(slice(1, None), T.tensor([-1., -2.])),
}


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_on_a_non_leaf_records_and_backpropagates(oracle, name):
    def run(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        y = x * 1.5
        r = INPLACE[name](T, y)
        (y * T.tensor([1., 10., 100.])).sum().backward()
        return [r is y or r is None, y, y._version, y.grad_fn.name(), x.grad]
    check(oracle, name, run)


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_on_a_plain_tensor_bumps_the_version(oracle, name):
    def run(T):
        y = T.tensor([1., 2., 3.])
        INPLACE[name](T, y)
        return y, y._version, y.requires_grad
    check(oracle, name, run)


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_on_a_leaf_that_requires_grad_fails(oracle, name):
    def run(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        INPLACE[name](T, x)
    check(oracle, name, run)


@pytest.mark.parametrize("name", ["add_", "mul_", "zero_", "copy_", "setitem"])
def test_inplace_on_a_leaf_under_no_grad_is_allowed(oracle, name):
    def run(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        with T.no_grad():
            INPLACE[name](T, x)
        return x, x._version, x.is_leaf
    check(oracle, name, run)


def test_inplace_with_a_value_that_requires_grad_starts_a_history(oracle):
    def run(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        a = T.zeros(3)
        a.add_(x)
        b = T.zeros(3)
        b.copy_(x)
        (a * 2 + b * 3).sum().backward()
        return a.grad_fn.name(), b.grad_fn.name(), a.is_leaf, x.grad
    check(oracle, "value", run)


def test_inplace_saving_ops_keep_the_original_value(oracle):
    """mul_ by a tensor needs the value of ``y`` before the change for w's gradient."""
    def run(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        w = T.tensor([4., 5., 6.], requires_grad=True)
        y = x + 1
        y.mul_(w)
        y.exp_()
        y.sum().backward()
        return y, x.grad, w.grad
    check(oracle, "orig", run)


# ---------------------------------------------------------------------------- saved tensors
MODIFIED = {
    "mul_saved": lambda T, x: (lambda y: (lambda z: (y.add_(1), z.sum().backward()))(y * y))(
        x * 2),
    "exp_result": lambda T, x: (lambda y: (y.mul_(2), y.sum().backward()))(x.exp()),
    "leaf_detached": lambda T, x: (lambda z: (x.detach().add_(1), z.sum().backward()))(x * x),
    "sum1_detached": lambda T, x: (lambda y: (lambda z: (y.detach().mul_(2),
                                                         z.sum().backward()))(y * y))(
        x.reshape(2, 2).sum(1)),
    "double": lambda T, x: (lambda y: (lambda z: (y.detach().mul_(2), z.sum().backward()))(
        y * y))(x.double()),
    "function": lambda T, x: (lambda y: (y.mul_(2), y.sum().backward()))(_saves_output(T, x)),
}


def _saves_output(T, x):
    class Cube(T.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            out = a ** 3
            ctx.save_for_backward(out)
            return out

        @staticmethod
        def backward(ctx, g):
            out, = ctx.saved_tensors
            return g * out
    return Cube.apply(x)


@pytest.mark.parametrize("name", sorted(MODIFIED))
def test_saved_tensor_modified_in_place_fails_like_torch(oracle, name):
    def run(T):
        x = T.tensor([1., 2., 3., 4.], requires_grad=True)
        MODIFIED[name](T, x)
    check(oracle, name, run)


def test_data_has_its_own_version_counter(oracle):
    def run(T):
        x = T.ones(1, requires_grad=True)
        d = x.data
        y = 2 * x
        x.data *= 100
        y.backward()
        return [d, d.requires_grad, x, x.grad, x._version, d._version]
    check(oracle, "data", run)


def test_data_escape_hatch_lets_a_saved_tensor_change_unnoticed(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * x
        x.data.mul_(10)
        y.sum().backward()
        return x.grad, x._version
    check(oracle, "unnoticed", run)


def test_data_assignment_replaces_the_values(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        x.data = T.tensor([5., 6.])
        (x * x).sum().backward()
        return x, x.grad, x.requires_grad
    check(oracle, "assign", run)


# ---------------------------------------------------------------------------- detach
def test_detach_shares_memory_and_version_but_not_history(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        d = y.detach()
        d[0] = 10.
        return [d, y, d.requires_grad, d.is_leaf, d.grad_fn is None, d._base is None,
                y._version, d._version]
    check(oracle, "detach", run)


def test_detach_in_place_keeps_grad_and_cuts_history(oracle):
    """Seed 001: ``Z.detach_()`` after ``Y.backward()`` (Z from a 1-D matmul), then a second
    graph built on the detached tensors accumulates into W_2.grad."""
    def run(T):
        X = T.tensor([4., 4., 3., 0.])
        W_1 = T.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]], requires_grad=True)
        Z = X.matmul(W_1.T)
        W_2 = T.tensor([1., 4.], requires_grad=True)
        Y = Z.matmul(W_2)
        leaf = [X.is_leaf, W_1.is_leaf, Z.is_leaf, W_2.is_leaf, Y.is_leaf]
        names = [Z.grad_fn.name(), Y.grad_fn.name()]
        Y.backward()
        Z.detach_()
        W_2.detach_().requires_grad_(True)
        Z_2 = Z.matmul(W_2)
        Z_2.backward()
        return [leaf, names, Z, Z.requires_grad, Z.is_leaf, W_1.grad, W_2.grad, Z_2]
    check(oracle, "seed001", run)


def test_detach_in_place_of_a_view_fails(oracle):
    check(oracle, "view", lambda T: T.ones(2, 3)[0].detach_())
    check(oracle, "view_of_grad", lambda T: T.ones(3, requires_grad=True).view(3).detach_())


def test_requires_grad_flags(oracle):
    def run(T):
        a = T.tensor([[1., 2.], [3., 4.]])
        a = (a * 3) / (a - 1)
        before = a.requires_grad
        a.requires_grad_(True)
        b = (a * a).sum()
        c = a.detach().requires_grad_()
        c.requires_grad = False
        y = a * 2
        y.requires_grad_(True)               # on a non-leaf: allowed, a no-op
        return before, a.requires_grad, b.grad_fn.name(), c.requires_grad, y.requires_grad
    check(oracle, "flags", run)


@pytest.mark.parametrize("how", ["attribute", "method"])
def test_requires_grad_on_integers_fails(oracle, how):
    def run(T):
        i = T.tensor([1, 2])
        if how == "attribute":
            i.requires_grad = True
        else:
            i.requires_grad_()
    check(oracle, how, run)


def test_versions_count_every_write(oracle):
    def run(T):
        t = T.zeros(3)
        v = t[1:]
        versions = [t._version]
        t.add_(1)
        versions.append(t._version)
        v.mul_(2)                       # a view shares its base's counter
        versions += [t._version, v._version]
        t[0] = 5.
        versions.append(v._version)
        t.zero_()
        versions.append(t._version)
        return versions, t
    check(oracle, "versions", run)


# ------------------------------------------------------------------- nan inputs, inf gradients
def _written(write):
    """``fn(lib, x, v)`` that writes into a copy of ``x`` (a non-leaf) and returns it."""
    def fn(T, x, v):
        y = x * 1
        write(T, y, v)
        return y
    return fn


V = [0.0, 5.0, 0.0, 0.0, 0.0, 1.0, -1.0, 0.0, 0.0]
# (id, write(lib, y, v)): each overwrites values, whose gradient PyTorch gives as
# zeros_like(grad) -- 0 even for an inf or nan gradient, where grad * 0 is nan
OVERWRITES = [
    ("zero_", lambda T, y, v: y.zero_()),
    ("fill_", lambda T, y, v: y.fill_(3.0)),
    ("fill_tensor", lambda T, y, v: y.fill_(v[1])),
    ("copy_", lambda T, y, v: y.copy_(v)),
    ("slice_assign", lambda T, y, v: y.__setitem__(slice(2, 5), v[:3])),
    ("slice_fill_", lambda T, y, v: y[2:5].fill_(0.0)),
]


@pytest.mark.parametrize("create_graph", [False, True], ids=["grad", "create_graph"])
@pytest.mark.parametrize("name,write", OVERWRITES, ids=[c[0] for c in OVERWRITES])
def test_overwritten_values_get_zero_gradient_with_nan_and_inf(oracle, name, write,
                                                                 create_graph):
    check_nan_case(oracle, name, _written(write), [NAN_VALUES, V], create_graph)
