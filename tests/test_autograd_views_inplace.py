"""In-place changes of views, against torch: the base's ``CopySlices``, the views'
``AsStridedBackward0``, values and gradients, ``t[i] = v`` through views, the version checks
that must still fire, and torch's refusals (views of leaves, views made under no_grad,
outputs of unbind/split/chunk, views returned by a custom Function, expanded tensors)."""
import numpy as np
import pytest

import autograd_lab as al
from autograd_helpers import check, execution_order, graph_nodes, next_names, no_address

# ---------------------------------------------------------------------------- op x view
# Each view is taken of y = x * 1.5 (x of shape (3, 4)); each op changes it in place. The
# other operand w (where there is one) requires grad too, and broadcasts against the view.
VIEWS = {
    "select": lambda y: y[1],
    "select_col": lambda y: y[:, 2],
    "slice": lambda y: y[1:],
    "slice_step": lambda y: y[:, ::2],
    "narrow": lambda y: y.narrow(1, 1, 2),
    "transpose": lambda y: y.t(),
    "transpose_row": lambda y: y.t()[1],
    "permute": lambda y: y.unsqueeze(0).permute(2, 0, 1),
    "unsqueeze": lambda y: y.unsqueeze(1),
    "view": lambda y: y.view(12)[3:9],
    "view_2d": lambda y: y.view(2, 6),
    "chained": lambda y: y[1:][0][1:],
    "ellipsis": lambda y: y[..., 1],
    "squeeze": lambda y: y[1:2].squeeze(0),
    "alias": lambda y: y[...],
}

OPS = {
    "add_tensor": lambda T, v, w: v.add_(w),
    "add_alpha": lambda T, v, w: v.add_(w, alpha=-2),
    "add_number": lambda T, v, w: v.add_(3),
    "sub_": lambda T, v, w: v.sub_(w),
    "mul_tensor": lambda T, v, w: v.mul_(w),
    "mul_number": lambda T, v, w: v.mul_(-3),
    "div_": lambda T, v, w: v.div_(w + 3),
    "pow_": lambda T, v, w: v.pow_(2),
    "pow_tensor": lambda T, v, w: v.abs_().pow_(w),
    "clamp_": lambda T, v, w: v.clamp_(-0.5, 1.0),
    "relu_": lambda T, v, w: v.relu_(),
    "zero_": lambda T, v, w: v.zero_(),
    "fill_": lambda T, v, w: v.fill_(2.5),
    "fill_tensor": lambda T, v, w: v.fill_(w.sum()),
    "copy_": lambda T, v, w: v.copy_(w),
    "exp_": lambda T, v, w: v.exp_(),
    "sigmoid_": lambda T, v, w: v.sigmoid_(),
    "neg_": lambda T, v, w: v.neg_(),
    "iadd": lambda T, v, w: v.__iadd__(w),
    "imul": lambda T, v, w: v.__imul__(w),
}

X = [[0.5, -1.0, 2.0, 1.5], [-0.25, 0.75, -2.0, 1.25], [1.0, -1.5, 0.25, 3.0]]
WEIGHTS = [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0]]


def _view_and_op(T, view_name, op_name):
    x = T.tensor(X, requires_grad=True)
    y = x * 1.5
    v = VIEWS[view_name](y)
    # the other operand: the view's last dim, so it broadcasts over the others
    w = T.linspace(0.5, 1.5, v.shape[-1] if v.dim() else 1).reshape(
        [v.shape[-1]] if v.dim() else []).requires_grad_()
    r = OPS[op_name](T, v, w)
    return x, y, v, w, r


@pytest.mark.parametrize("op_name", sorted(OPS))
@pytest.mark.parametrize("view_name", sorted(VIEWS))
def test_inplace_on_a_view_rebases_the_base(oracle, view_name, op_name):
    def run(T):
        x, y, v, w, r = _view_and_op(T, view_name, op_name)
        seen = [r is v, v._base is y, y, v, v.grad_fn.name(), y.grad_fn.name(),
                next_names(y.grad_fn), next_names(v.grad_fn), y._version, v._version]
        (y * T.tensor(WEIGHTS)).sum().backward()
        return seen + [x.grad, w.grad]
    check(oracle, f"{view_name}-{op_name}", run)


@pytest.mark.parametrize("view_name", sorted(VIEWS))
def test_gradient_through_the_view_after_the_change(oracle, view_name):
    """The view's new grad_fn (AsStridedBackward0 on the base's CopySlices) carries the
    gradient back through the in-place op to x and w."""
    def run(T):
        x, y, v, w, r = _view_and_op(T, view_name, "mul_tensor")
        (v * v).sum().backward()
        return [v.grad_fn.name(), x.grad, w.grad]
    check(oracle, view_name, run)


@pytest.mark.parametrize("view_name", ["select", "slice", "transpose_row", "view", "chained",
                                       "slice_step", "permute"])
def test_as_strided_node_keeps_torch_size_stride_offset(oracle, view_name):
    def run(T):
        x, y, v, w, r = _view_and_op(T, view_name, "add_number")
        fn = v.grad_fn
        return [fn.name(), list(fn._saved_size), list(fn._saved_stride),
                fn._saved_storage_offset]
    check(oracle, view_name, run)


def test_a_base_laid_out_column_first(oracle):
    """``x.t() * 2`` keeps the transposed layout (in torch as in NumPy): offsets and strides
    are those of its memory, and the gradients come back in place."""
    def run(T):
        x = T.tensor(X, requires_grad=True)
        w = T.tensor([1., 2., 3.], requires_grad=True)
        y = x.t() * 2
        v = y[1]
        v.mul_(w)
        y[2:, 1:].add_(w[1:])
        fn = v.grad_fn
        r = [y.stride(), y, fn.name(), list(fn._saved_stride), fn._saved_storage_offset]
        (y * T.tensor(WEIGHTS).t()).sum().backward()
        return r + [x.grad, w.grad]
    check(oracle, "column_first", run)


# ---------------------------------------------------------------------------- the graph
def test_the_printed_graph(oracle):
    def run(T):
        x = T.tensor([1., 2., 3., 4.], requires_grad=True)
        y = x * 2
        v = y[1:]
        v.mul_(2)
        return [no_address(repr(v.grad_fn)), no_address(repr(y.grad_fn)),
                y.grad_fn.name(), next_names(y.grad_fn), next_names(v.grad_fn),
                v.grad_fn.next_functions[0][0] is y.grad_fn, repr(y), repr(v)]
    check(oracle, "graph", run)


def test_backward_runs_the_nodes_in_torch_order(oracle):
    """(The written view's node is made at the write, the other views' right after; torch
    makes those when they are next read. Orders agree while nothing is written between.)"""
    def run(T):
        x = T.tensor([[1., 2.], [3., 4.]], requires_grad=True)
        y = x * 2
        v, u = y[0], y[1]
        v.mul_(3)
        z = (u * 2).sum() + (v * 3).sum() + y.sum()
        names = [n.name() for n in graph_nodes(z)]
        return names, execution_order(T, [z], lambda: z.backward())
    check(oracle, "order", run)


def test_several_changes_chain_copy_slices(oracle):
    def run(T):
        x = T.tensor(X, requires_grad=True)
        w = T.tensor([1., -2., 3., -4.], requires_grad=True)
        y = x * 2
        y[0].mul_(w)
        y[1:, 1].add_(1)
        y.t()[3].div_(w[0])
        first = y.grad_fn.next_functions[0][0]
        names = [y.grad_fn.name(), next_names(y.grad_fn), first.name(), next_names(first),
                 next_names(first.next_functions[0][0])]
        (y * T.tensor(WEIGHTS)).sum().backward()
        return names + [y, x.grad, w.grad]
    check(oracle, "chain", run)


def test_a_base_that_needs_no_grad_takes_one_from_the_other_operand(oracle):
    """``t[1:].add_(w)`` on a plain t: t gets a CopySlices whose base edge is empty, and
    another view of t (made before) now carries w's gradient."""
    def run(T):
        t = T.zeros(4)
        u = t[:2]
        v = t[1:]
        w = T.tensor([1., 2., 3.], requires_grad=True)
        v.add_(w)
        r = [t.requires_grad, t.is_leaf, t.grad_fn.name(), next_names(t.grad_fn),
             u.requires_grad, u.grad_fn.name(), next_names(u.grad_fn), v.grad_fn.name()]
        (u * T.tensor([10., 100.])).sum().backward()
        return r + [w.grad, t, u]
    check(oracle, "plain", run)


def test_a_plain_view_of_a_plain_tensor_stays_plain(oracle):
    def run(T):
        t = T.zeros(4)
        v = t[1:]
        t.add_(1)
        v.mul_(2)
        return [v.grad_fn is None, v.requires_grad, t.grad_fn is None, t, v._version]
    check(oracle, "plain", run)


# ---------------------------------------------------------------------------- other views
STALE = {
    "base_changed": lambda T, y, w: y.mul_(w[0]),
    "sibling_changed": lambda T, y, w: y[0].add_(w),
    "overlapping_sibling": lambda T, y, w: y[:, 1:3].mul_(w[:2]),
    "base_setitem": lambda T, y, w: y.__setitem__((slice(None), 0), w[:3]),
    "no_grad_change": lambda T, y, w: _under_no_grad(T, lambda: y[2].mul_(10)),
}


def _under_no_grad(T, fn):
    with T.no_grad():
        fn()


@pytest.mark.parametrize("how", sorted(STALE))
def test_other_views_get_a_new_grad_fn(oracle, how):
    """A view made before its base (or another view of it) changed in place reads the new
    values and its gradient reaches the new history (torch: AsStridedBackward0)."""
    def run(T):
        x = T.tensor(X, requires_grad=True)
        w = T.tensor([2., 3., 4., 5.], requires_grad=True)
        y = x * 1
        v = y.t()[1]                    # column 1 of y
        v2 = y[1:, 1:]
        STALE[how](T, y, w)
        r = [v, v2, v.grad_fn.name(), next_names(v.grad_fn), v2.grad_fn.name(),
             v._version, v2._version]
        (v * T.tensor([1., 10., 100.])).sum().backward(retain_graph=True)
        g1 = [x.grad.clone(), None if w.grad is None else w.grad.clone()]
        (v2 * v2).sum().backward()
        return r + g1 + [x.grad, w.grad]
    check(oracle, how, run)


# ---------------------------------------------------------------------------- t[i] = v
SETITEM = {
    "row_of_row": lambda T, y, w: y[0].__setitem__(1, w[0]),
    "column": lambda T, y, w: y.__setitem__((slice(None), 0), w[:3]),
    "transposed_row": lambda T, y, w: y.t().__setitem__(0, w[:3]),
    "number_into_view": lambda T, y, w: y[1:].__setitem__((0, 2), 7.0),
    "broadcast_into_view": lambda T, y, w: y[:, 1:].__setitem__(slice(0, 2), w[:3]),
    "list_into_view": lambda T, y, w: y[1].__setitem__([0, 2], w[:2]),
    "int_then_list": lambda T, y, w: y.__setitem__((0, [0, 2]), w[:2]),
    "mask_into_view": lambda T, y, w: y[2].__setitem__(y[2] > 0.5, 0.0),
    "none": lambda T, y, w: y.__setitem__(None, w),
    "true": lambda T, y, w: y.__setitem__(True, w),
    "false": lambda T, y, w: y.__setitem__(False, w),
    "ellipsis_of_view": lambda T, y, w: y[0].__setitem__(Ellipsis, w),
    "full_slice_of_view": lambda T, y, w: y[1].__setitem__(slice(None), 0.5),
    "view_of_view": lambda T, y, w: y.view(2, 6)[1].__setitem__(slice(2, 4), w[:2]),
}


@pytest.mark.parametrize("name", sorted(SETITEM))
@pytest.mark.parametrize("base", ["nonleaf", "view_of_nonleaf"])
def test_setitem_through_views(oracle, name, base):
    """``y[0][1] = w`` and friends: a write into a view; ``view_of_nonleaf`` makes y itself
    a view (``(x * 1).view(3, 4)``), so the CopySlices lands on the tensor under it."""
    def run(T):
        x = T.tensor(X, requires_grad=True)
        w = T.tensor([2., 3., 4., 5.], requires_grad=True)
        y = x * 1 if base == "nonleaf" else (x * 1).view(12).view(3, 4)
        SETITEM[name](T, y, w)
        r = [y, y.grad_fn.name(), next_names(y.grad_fn), y._version,
             y._base is None]
        (y * T.tensor(WEIGHTS)).sum().backward()
        return r + [x.grad, w.grad]
    check(oracle, name, run)


# ---------------------------------------------------------------------------- _base
def test_base_and_versions_are_shared(oracle):
    def run(T):
        x = T.tensor(X, requires_grad=True)
        y = x * 2
        a, b, c, d = y[0], y[0][1], y.t(), y.view(12)[2:]
        r = [a._base is y, b._base is y, c._base is y, d._base is y, y._base is None,
             y.detach()._base is None]
        a.mul_(2)
        r += [a._base is y, y._version, a._version, b._version, c._version, d._version]
        c[1] = 0.
        r += [y._version, d._version, b]
        return r
    check(oracle, "base", run)


def test_tensors_with_views_still_pickle(oracle):
    """The list of views a tensor keeps (weakly) is autograd's state: not pickled."""
    def run(T):
        import pickle
        z = T.tensor([1., 2., 3.])
        v = z[1:]
        x = T.tensor([1., 2.], requires_grad=True)
        (x * 2).sum().backward()
        z2, v2, x2 = pickle.loads(pickle.dumps([z, v, x]))
        return [z2, v2, x2, x2.requires_grad]
    check(oracle, "pickle", run)


# ---------------------------------------------------------------------------- version checks
SAVED = {
    "base_saved_view_changed": lambda T, y: (lambda a: (y[0].mul_(2), a))(y * y),
    "view_saved_sibling_changed": lambda T, y: (lambda v: (lambda a: (y[1].mul_(2), a))(
        v.sin()))(y[0]),
    "view_saved_base_changed": lambda T, y: (lambda v: (lambda a: (y.add_(1), a))(v * v))(
        y[1:]),
    "result_saved_base_changed": lambda T, y: (lambda v: (v.exp_(), y[0].add_(1), v))(y[1:])[
        2:],
    "saved_result_of_view_untouched": lambda T, y: (lambda a: (y[0].mul_(2), a))(y.exp()),
    "setitem_over_saved": lambda T, y: (lambda a: (y.__setitem__((0, 0), 1.), a))(
        y[0].sigmoid()),
}


@pytest.mark.parametrize("name", sorted(SAVED))
def test_saved_tensors_still_catch_changes(oracle, name):
    """The version counter is shared by a base and its views: a change through any of them
    trips the check of a node that saved another, naming its *current* grad_fn."""
    def run(T):
        x = T.tensor(X, requires_grad=True)
        y = x * 1
        out = SAVED[name](T, y)[-1]
        out.sum().backward()
        return x.grad
    check(oracle, name, run)


# ---------------------------------------------------------------------------- refusals
ERRORS = {
    "view_of_leaf": lambda T, x, w: x[0].mul_(2),
    "view_of_leaf_setitem": lambda T, x, w: x.view(3, 4)[0].__setitem__(0, 1.),
    "view_of_leaf_copy": lambda T, x, w: x.t().copy_(w.expand(4, 3)),
    "leaf_setitem_ellipsis": lambda T, x, w: x.__setitem__(Ellipsis, 0.),
    "no_grad_view": lambda T, x, w: _no_grad_view(T, x * 1).mul_(2),
    "no_grad_view_of_leaf": lambda T, x, w: _no_grad_view(T, x).mul_(2),
    "no_grad_view_of_plain": lambda T, x, w: _no_grad_view(T, T.zeros(3, 4)).add_(w),
    "view_of_no_grad_view": lambda T, x, w: _no_grad_view(T, x * 1)[1:].mul_(2),
    "unbind": lambda T, x, w: (x * 1).unbind()[0].mul_(2),
    "unbind_dim1": lambda T, x, w: (x * 1).unbind(1)[3].add_(w[:3]),
    "split": lambda T, x, w: (x * 1).split(2)[1].mul_(2),
    "chunk": lambda T, x, w: (x * 1).chunk(2, 1)[1].zero_(),
    "split_sizes": lambda T, x, w: (x * 1).split([1, 3], 1)[0].fill_(1.),
    "view_of_split": lambda T, x, w: (x * 1).split(2)[0][1:].mul_(2),
    "unbind_setitem": lambda T, x, w: (x * 1).unbind()[0].__setitem__(0, 5.),
    "unbind_of_plain": lambda T, x, w: T.zeros(3, 4).unbind()[0].add_(w),
    "iter_rows": lambda T, x, w: next(iter(x * 1)).mul_(2),
    "custom_function_input": lambda T, x, w: _Identity(T).apply(x * 1).mul_(2),
    "custom_function_view": lambda T, x, w: _Rows(T).apply(x * 1).mul_(2),
    "expand_add": lambda T, x, w: (x * 1)[:1].expand(3, 4).add_(1),
    "expand_mul": lambda T, x, w: (x * 1)[0, :1].expand(4).mul_(w),
    "expand_copy": lambda T, x, w: T.zeros(1).expand(4).copy_(w),
    "expand_plain_add": lambda T, x, w: T.zeros(4, 1).expand(4, 3).add_(1),
    "expand_no_grad": lambda T, x, w: _under_no_grad(T, lambda: T.zeros(1).expand(3).mul_(2)),
    "expand_fill_tensor": lambda T, x, w: T.zeros(1).expand(3).fill_(T.tensor(2.)),
    "expand_setitem": lambda T, x, w: T.zeros(1).expand(3).__setitem__(slice(0, 2), 1.),
    "expand_setitem_all": lambda T, x, w: T.zeros(1).expand(3).__setitem__(Ellipsis, 1.),
    "expand_backward": lambda T, x, w: (lambda y: (y[:1].expand(3).fill_(5.),
                                                   y.sum().backward()))(x[0] * 2),
    "detach_view": lambda T, x, w: (x * 1)[0].detach_(),
    "partial_add": lambda T, x, w: (lambda y: y[1:].add_(y[:-1]))(T.arange(5.)),
    "partial_copy": lambda T, x, w: (lambda y: y[1:].copy_(y[:-1]))(T.arange(5.)),
    "partial_transpose": lambda T, x, w: (lambda y: y.add_(y.t()))(T.arange(4.).view(2, 2)),
    "partial_copy_transpose": lambda T, x, w: (lambda y: y.copy_(y.t()))(x[:, :3] * 1),
    "partial_setitem": lambda T, x, w: (lambda y: y.__setitem__(slice(1, 4), y[:3]))(x[0] * 1),
    "partial_number_of_itself": lambda T, x, w: (lambda y: y[1:].mul_(y[1]))(x[0] * 1),
    "partial_clamp": lambda T, x, w: (lambda y: y[1:].clamp_(y[:-1], None))(T.arange(5.)),
    "partial_lerp": lambda T, x, w: (lambda y: y[0].lerp_(y.view(12)[1:5], 0.5))(x * 1),
}


def _no_grad_view(T, t):
    with T.no_grad():
        return t[1:]


def _Identity(T):
    class Identity(T.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a

        @staticmethod
        def backward(ctx, g):
            return g
    return Identity


def _Rows(T):
    class Rows(T.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a[1:]

        @staticmethod
        def backward(ctx, g):
            return T.cat([g.new_zeros(1, g.shape[1]), g])
    return Rows


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_refused_like_torch(oracle, name):
    def run(T):
        x = T.tensor(X, requires_grad=True)
        w = T.tensor([2., 3., 4., 5.], requires_grad=True)
        ERRORS[name](T, x, w)
    check(oracle, name, run)


ALLOWED = {
    "expand_fill": lambda T: T.zeros(1).expand(3).fill_(2.),
    "expand_zero": lambda T: T.ones(2, 1).expand(2, 3).zero_(),
    "expand_row_setitem": lambda T: (lambda e: (e.__setitem__(0, 1.), e))(
        T.zeros(1, 3).expand(2, 3))[1],
    "expand_row_add": lambda T: (lambda e: (e[1].add_(1), e))(T.zeros(1, 3).expand(2, 3))[1],
    "expand_row_copy": lambda T: (lambda e: (e[1].copy_(T.ones(3)), e))(
        T.zeros(1, 3).expand(2, 3))[1],
    "expand_zero_requires_grad": lambda T: _zero_expanded(T),
    "no_grad_view_in_no_grad": lambda T: _no_grad_change_of_no_grad_view(T),
    "unbind_under_no_grad": lambda T: _unbind_under_no_grad(T),
    "unbind_of_plain_plain": lambda T: (lambda t: (t.unbind()[0].add_(1), t))(T.zeros(2, 2))[1],
    "view_of_leaf_no_grad": lambda T: _view_of_leaf_under_no_grad(T),
    "same_elements": lambda T: (lambda y: y.add_(y[:]))(T.arange(5.)),
    "disjoint_halves": lambda T: (lambda y: (y[:3].add_(y[3:]), y)[1])(T.arange(6.)),
    "fill_with_own_element": lambda T: (lambda y: y[1:].fill_(y[1]))(T.arange(5.)),
    "masked_fill_with_own_element": lambda T: (lambda y: y[1:].masked_fill_(y[1:] > 2, y[0]))(
        T.arange(5.)),
}


def _zero_expanded(T):
    x = T.tensor([1., 2., 3.], requires_grad=True)
    y = x * 2
    e = y[:1].expand(3)
    e.zero_()
    return [e, y, e.grad_fn.name(), list(e.grad_fn._saved_stride), y.grad_fn.name()]


def _no_grad_change_of_no_grad_view(T):
    x = T.tensor([1., 2., 3.], requires_grad=True)
    y = x * 2
    with T.no_grad():
        v = y[1:]
        v.mul_(10)
    return [y, y.grad_fn.name(), v.requires_grad]


def _unbind_under_no_grad(T):
    x = T.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    y = x * 2
    rows = y.unbind()
    with T.no_grad():
        rows[0].mul_(10)
    return [y, y.grad_fn.name()]


def _view_of_leaf_under_no_grad(T):
    x = T.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    v = x[0]
    with T.no_grad():
        v.mul_(10)
    y = (x * x).sum()
    y.backward()
    return [x, x.grad, x.is_leaf, v.grad_fn.name(), next_names(v.grad_fn)]


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allowed_like_torch(oracle, name):
    check(oracle, name, ALLOWED[name])


INDIRECT = {
    "unbind_grad_fn": lambda T, y: (lambda rows: (y.mul_(2), rows[0].grad_fn))(y.unbind()),
    "split_is_leaf": lambda T, y: (lambda p: (y[0].add_(1), p[1].is_leaf))(y.split(2)),
    "split_requires_grad": lambda T, y: (lambda p: (y.mul_(2), p[1].requires_grad))(
        y.split(2)),
    "view_of_split": lambda T, y: (lambda q: (y.mul_(2), q.grad_fn))(y.split(2)[0][1:]),
    "no_grad_view": lambda T, y: (lambda v: (y.mul_(2), v.grad_fn))(_no_grad_view(T, y)),
    "no_grad_view_changed_in_no_grad": lambda T, y: (lambda v: (
        _under_no_grad(T, lambda: v.mul_(2)), v.grad_fn))(_no_grad_view(T, y)),
    "view_of_no_grad_view": lambda T, y: (lambda v: (y.mul_(2), v.grad_fn))(
        _no_grad_view(T, y)[1:]),
    "unbind_then_direct": lambda T, y: (lambda rows: (y.mul_(2), rows[0].mul_(2)))(
        y.unbind()),
    "unbind_printed": lambda T, y: (lambda rows: (y.mul_(2), repr(rows[0])))(y.unbind()),
    "no_grad_view_printed": lambda T, y: (lambda v: (y.mul_(2), repr(v)))(_no_grad_view(T, y)),
}


@pytest.mark.parametrize("name", sorted(INDIRECT))
def test_views_changed_through_their_base(oracle, name):
    """A view that may not be changed in place, changed through its base or another view:
    torch raises when its grad_fn is read (or its leafness), not when the change is made."""
    def run(T):
        x = T.tensor(X, requires_grad=True)
        y = x * 1
        return INDIRECT[name](T, y)[-1]
    check(oracle, name, run)


def test_indirectly_changed_view_cannot_carry_a_gradient():
    """torch refuses ``rows[0] * 2`` at once; here the refusal comes at backward (the same
    message), never a silently wrong gradient."""
    x = al.tensor(X, requires_grad=True)
    y = x * 1
    rows = y.unbind()
    y.mul_(2)
    z = rows[0] * 2
    with pytest.raises(RuntimeError, match="Output 0 of Unbind is a view and its base or "
                                           "another view of its base has been modified"):
        z.sum().backward()


# ---------------------------------------------------------------------------- mark_dirty
def _Double(T):
    class Double(T.autograd.Function):
        """Doubles its input in place (``mark_dirty``)."""
        @staticmethod
        def forward(ctx, a):
            a.mul_(2)
            ctx.mark_dirty(a)
            return a

        @staticmethod
        def backward(ctx, g):
            return g * 2
    return Double


def test_custom_function_changing_a_view_in_place(oracle):
    """A custom Function that marks a view dirty: its node is wrapped in the base's
    CopySlices, as a built-in op's is."""
    def run(T):
        x = T.tensor(X, requires_grad=True)
        y = x * 1
        v = y[1:, 2]
        o = _Double(T).apply(v)
        r = [o is v, y, o.grad_fn.name(), y.grad_fn.name(), next_names(y.grad_fn)]
        (y * T.tensor(WEIGHTS)).sum().backward()
        return r + [x.grad]
    check(oracle, "dirty", run)


DIRTY_ERRORS = {
    "view_of_leaf": lambda T, x: _Double(T).apply(x[1:]),
    "no_grad_view": lambda T, x: _Double(T).apply(_no_grad_view(T, x * 1)),
    "unbind": lambda T, x: _Double(T).apply((x * 1).unbind()[0]),
}


@pytest.mark.parametrize("name", sorted(DIRTY_ERRORS))
def test_custom_function_changing_a_view_in_place_refused(oracle, name):
    def run(T):
        x = T.tensor(X, requires_grad=True)
        DIRTY_ERRORS[name](T, x)
    check(oracle, name, run)


# ---------------------------------------------------------------------------- backward
def test_retain_grad_moves_to_copy_slices(oracle):
    def run(T):
        x = T.tensor(X, requires_grad=True)
        y = x * 2
        y.retain_grad()
        y[0].mul_(3)
        (y * T.tensor(WEIGHTS)).sum().backward()
        return [y.grad, x.grad]
    check(oracle, "retain", run)


def test_retain_grad_and_hooks_of_a_changed_view(oracle):
    """retain_grad follows the view to its new node; a hook stays with the old values."""
    def run(T):
        x = T.tensor(X, requires_grad=True)
        y = x * 2
        v = y[0]
        v.retain_grad()
        hooked = []
        v.register_hook(lambda g: hooked.append(g.clone()))
        u = y[1]
        u.retain_grad()
        v.mul_(3)
        (v * v).sum().backward(retain_graph=True)
        (u * y).sum().backward()
        return [v.grad, u.grad, hooked, x.grad]
    check(oracle, "view", run)


def test_second_backward_through_copy_slices(oracle):
    def run(T):
        x = T.tensor(X, requires_grad=True)
        w = T.tensor([1., 2., 3., 4.], requires_grad=True)
        y = x * 2
        y[0].mul_(w)             # MulBackward0 saved w and the old row: freed after backward
        s = y.sum()
        s.backward()
        s.backward()
    check(oracle, "freed", run)


def test_second_backward_with_nothing_saved(oracle):
    def run(T):
        x = T.tensor(X, requires_grad=True)
        y = x * 2
        y[0].add_(1)
        s = y.sum()
        s.backward()
        s.backward()
        return x.grad
    check(oracle, "nothing_saved", run)


def test_double_backward_through_copy_slices(oracle):
    def run(T):
        x = T.tensor([1., 2., 3., 4.], dtype=T.float64, requires_grad=True)
        y = x * 1
        y[1:].mul_(x[1:])
        y[::2].mul_(y[1::2].sin())
        g, = T.autograd.grad((y * y).sum(), x, create_graph=True)
        gg, = T.autograd.grad((g * T.tensor([1., 2., 3., 4.], dtype=T.float64)).sum(), x)
        return [g, gg]
    check(oracle, "double", run)


def test_autograd_grad_through_views(oracle):
    def run(T):
        x = T.tensor(X, requires_grad=True)
        w = T.tensor([1., 2., 3., 4.], requires_grad=True)
        t = T.zeros(3, 4)
        t[1] = w
        t[:, 0] += x[:, 0]
        t.t()[2].mul_(w[:3])
        return list(T.autograd.grad((t * t).sum(), [x, w]))
    check(oracle, "grad", run)


# ---------------------------------------------------------------------------- gradcheck
def _writes_through_views(T, x, w):
    y = x * 1
    y[0].mul_(w)
    y[1:, 1:].add_(w[1:] * 2)
    y.t()[0] = w[:3].sin()
    row = y[2]
    row.mul_(row.exp())
    y[:, 2][[0, 2]] = w[:2]
    return y.tanh()


def _plain_buffer(T, x, w):
    out = T.zeros(3, 4, dtype=T.float64)
    out[0] = w
    out[1:] = x[1:] * w
    out.view(12)[2:7].mul_(x.view(12)[:5])
    out[:, 1].clamp_(-1.0, 1.0)
    return out


@pytest.mark.parametrize("fn", [_writes_through_views, _plain_buffer],
                         ids=["writes_through_views", "plain_buffer"])
def test_gradcheck(fn):
    rng = np.random.RandomState(0)
    x = al.tensor(rng.uniform(-1, 1, (3, 4)), dtype=al.float64, requires_grad=True)
    w = al.tensor(rng.uniform(0.5, 1.5, 4), dtype=al.float64, requires_grad=True)
    assert al.autograd.gradcheck(lambda a, b: fn(al, a, b), (x, w))


@pytest.mark.parametrize("fn", [_writes_through_views, _plain_buffer],
                         ids=["writes_through_views", "plain_buffer"])
def test_gradcheck_functions_match_torch(oracle, fn):
    def run(T):
        x = T.tensor(X, dtype=T.float64, requires_grad=True)
        w = T.tensor([0.5, 1.0, 1.5, 2.0], dtype=T.float64, requires_grad=True)
        y = fn(T, x, w)
        (y * T.tensor(WEIGHTS, dtype=T.float64)).sum().backward()
        return [y, x.grad, w.grad]
    check(oracle, fn.__name__, run)


# ---------------------------------------------------------------------------- seeded cases
def _random_case(seed):
    """A seeded chain of views (slices with steps, selects, transposes) and in-place ops."""
    rng = np.random.RandomState(seed)
    steps = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["slice", "select", "t"])
        steps.append((kind, int(rng.randint(0, 2)), int(rng.randint(0, 2)),
                      int(rng.randint(1, 3))))
    op = rng.choice(["mul_", "add_", "copy_", "clamp_", "sub_"])
    return steps, op


def _apply_steps(v, steps):
    for kind, dim, start, step in steps:
        if v.dim() == 0:
            break
        dim = min(dim, v.dim() - 1)
        if kind == "slice" and v.shape[dim] > 1:
            index = [slice(None)] * dim + [slice(start, None, step)]
            v = v[tuple(index)]
        elif kind == "select":
            v = v.select(dim, min(start, v.shape[dim] - 1))
        elif kind == "t" and v.dim() == 2:
            v = v.t()
    return v


@pytest.mark.parametrize("seed", range(20))
def test_seeded_view_chains(oracle, seed):
    steps, op = _random_case(seed)

    def run(T):
        x = T.tensor(X, requires_grad=True)
        y = x * 1
        v = _apply_steps(y, steps)
        w = T.arange(v.numel(), dtype=T.float32).reshape(v.shape).requires_grad_()
        if op == "clamp_":
            v.clamp_(-0.5, 0.5)
        else:
            getattr(v, op)(w * 0.5 - 1)
        (y * T.tensor(WEIGHTS)).sum().backward()
        return [y, v, v.grad_fn.name(), x.grad, w.grad]
    check(oracle, f"{seed}", run)
