"""Shape ops and joining against torch: views (is_view, shared version counter), copies,
node names (ViewBackward0 vs UnsafeViewBackward0, SqueezeBackward0/1/2, SplitBackward0 as
one node with several outputs), gradients, error messages, gradcheck."""
import pytest

import autograd_lab as al
from ops_helper import In, check_case, check_error, check_gradcheck, check_view, compare

X = (2, 3, 4)

# (id, fn(lib, *inputs), inputs, gradcheck?)
SHAPE = [
    ("view", lambda T, x: x.view(6, 4), [X], True),
    ("view_infer", lambda T, x: x.view(-1), [X], True),
    ("view_tuple", lambda T, x: x.view((4, -1)), [X], True),
    ("view_size", lambda T, x: x.view(T.Size([24])), [X], True),
    ("view_as", lambda T, x: x.view_as(T.ones(4, 6)), [X], True),
    ("view_0d", lambda T, x: x.sum().view(1, 1), [X], True),
    ("reshape", lambda T, x: x.reshape(4, 6), [X], True),
    ("reshape_fn", lambda T, x: T.reshape(x, (3, -1)), [X], True),
    ("reshape_noncontig", lambda T, x: x.transpose(0, 1).reshape(-1), [X], True),
    ("reshape_same", lambda T, x: x.reshape(2, 3, 4), [X], True),
    ("reshape_as", lambda T, x: x.reshape_as(T.ones(6, 4)), [X], True),
    ("flatten", lambda T, x: x.flatten(), [X], True),
    ("flatten_from1", lambda T, x: x.flatten(1), [X], True),
    ("flatten_fn", lambda T, x: T.flatten(x, 0, 1), [X], True),
    ("flatten_noop", lambda T, x: (x * 2).flatten(1, 1), [X], True),
    ("flatten_noncontig", lambda T, x: x.transpose(1, 2).flatten(1), [X], True),
    ("flatten_0d", lambda T, x: x.sum().flatten(), [X], True),
    ("unflatten", lambda T, x: x.unflatten(2, (2, 2)), [X], True),
    ("unflatten_infer", lambda T, x: x.unflatten(1, (-1, 1)), [X], True),
    ("unflatten_noncontig", lambda T, x: x.transpose(0, 2).unflatten(0, (2, 2)), [X], True),
    ("squeeze", lambda T, x: x.squeeze(), [(1, 3, 1)], True),
    ("squeeze_dim", lambda T, x: x.squeeze(0), [(1, 3, 1)], True),
    ("squeeze_dim_not_one", lambda T, x: x.squeeze(1), [(1, 3, 1)], True),
    ("squeeze_neg", lambda T, x: T.squeeze(x, -1), [(1, 3, 1)], True),
    ("squeeze_dims", lambda T, x: x.squeeze((0, 2)), [(1, 3, 1)], True),
    ("squeeze_0d", lambda T, x: x.sum().squeeze(), [X], True),
    ("unsqueeze", lambda T, x: x.unsqueeze(0), [X], True),
    ("unsqueeze_neg", lambda T, x: T.unsqueeze(x, -1), [X], True),
    ("unsqueeze_0d", lambda T, x: x.sum().unsqueeze(0), [X], True),
    ("transpose", lambda T, x: x.transpose(0, 2), [X], True),
    ("transpose_fn", lambda T, x: T.transpose(x, -1, 1), [X], True),
    ("swapaxes", lambda T, x: x.swapaxes(0, 1), [X], True),
    ("permute", lambda T, x: x.permute(2, 0, 1), [X], True),
    ("permute_tuple", lambda T, x: T.permute(x, (1, 2, 0)), [X], True),
    ("permute_neg", lambda T, x: x.permute(-1, 0, 1), [X], True),
    ("t", lambda T, x: x.t(), [(3, 4)], True),
    ("t_fn", lambda T, x: T.t(x), [(3, 4)], True),
    ("t_1d", lambda T, x: x.t(), [(4,)], True),
    ("T", lambda T, x: x.T, [(3, 4)], True),
    ("mT", lambda T, x: x.mT, [X], True),
    ("expand", lambda T, x: x.expand(2, 5, 4), [(2, 1, 4)], True),
    ("expand_new_dims", lambda T, x: x.expand(3, -1, -1, -1), [(2, 1, 4)], True),
    ("expand_tuple", lambda T, x: x.expand((2, 3, 4)), [(2, 1, 4)], True),
    ("expand_as", lambda T, x: x.expand_as(T.ones(2, 3, 4)), [(2, 1, 4)], True),
    ("broadcast_to", lambda T, x: T.broadcast_to(x, (2, 3, 4)), [(1, 4)], True),
    ("repeat", lambda T, x: x.repeat(2, 1, 3), [X], True),
    ("repeat_more_dims", lambda T, x: x.repeat(2, 1, 1, 2), [X], True),
    ("repeat_tuple", lambda T, x: x.repeat((1, 2)), [(3, 2)], True),
    ("clone", lambda T, x: x.clone(), [X], True),
    ("clone_fn", lambda T, x: T.clone(x), [X], True),
    ("contiguous", lambda T, x: x.transpose(0, 1).contiguous(), [X], True),
    ("contiguous_noop", lambda T, x: (x * 2).contiguous(), [X], True),
    ("flip", lambda T, x: x.flip(0), [X], True),
    ("flip_dims", lambda T, x: T.flip(x, (0, -1)), [X], True),
    ("movedim", lambda T, x: T.movedim(x, 0, 2), [X], True),
    ("narrow", lambda T, x: x.narrow(1, 1, 2), [X], True),
    ("view_chain", lambda T, x: x.view(6, 4).t().unsqueeze(0).squeeze(0), [X], True),
    ("size_and_shape", lambda T, x: [x.size(), x.size(1), x.shape, x.dim(), x.numel(),
                                    x.t().is_contiguous() if x.ndim == 2 else x.ndim], [X],
     False),
]


@pytest.mark.parametrize("name,fn,inputs,grad", SHAPE, ids=[c[0] for c in SHAPE])
def test_shape(oracle, name, fn, inputs, grad):
    check_case(oracle, name, fn, inputs)
    if grad:
        check_gradcheck(fn, inputs)


VIEWS = [
    ("view", lambda T, x: x.view(-1)), ("reshape", lambda T, x: x.reshape(6, 4)),
    ("reshape_copy", lambda T, x: x.transpose(0, 1).reshape(-1)),
    ("flatten", lambda T, x: x.flatten()), ("squeeze", lambda T, x: x[:1].squeeze(0)),
    ("unsqueeze", lambda T, x: x.unsqueeze(1)), ("transpose", lambda T, x: x.transpose(0, 1)),
    ("permute", lambda T, x: x.permute(2, 1, 0)), ("t", lambda T, x: x[0].t()),
    ("expand", lambda T, x: x[:, :1].expand(2, 3, 4)), ("repeat", lambda T, x: x.repeat(1, 1, 1)),
    ("clone", lambda T, x: x.clone()), ("flip", lambda T, x: x.flip(0)),
    ("split", lambda T, x: x.split(1)[1]), ("unbind", lambda T, x: x.unbind(2)[0]),
    ("chunk", lambda T, x: x.chunk(2, 1)[0]), ("cat", lambda T, x: T.cat([x, x])),
    ("stack", lambda T, x: T.stack([x])), ("narrow", lambda T, x: x.narrow(0, 1, 1)),
]


@pytest.mark.parametrize("name,fn", VIEWS, ids=[c[0] for c in VIEWS])
def test_views_share_memory(oracle, name, fn):
    """A view shares memory and the version counter: writing to the base shows through."""
    check_view(oracle, name, fn)


# ------------------------------------------------------------------- joining
A, B, C = In((2, 3)), In((2, 3), seed=1), In((1, 3), seed=2)
JOIN = [
    ("cat", lambda T, a, b, c: T.cat([a, b, c]), [A, B, C]),
    ("cat_dim1", lambda T, a, b, c: T.cat((a, b), 1), [A, B, C]),
    ("cat_neg_dim", lambda T, a, b, c: T.cat([a, b], dim=-1), [A, B, C]),
    ("cat_no_grad_input", lambda T, a, b, c: T.cat([a, b.detach(), c]), [A, B, C]),
    ("cat_single", lambda T, a, b, c: T.cat([a]), [A, B, C]),
    ("cat_same_twice", lambda T, a, b, c: T.cat([a, a * 2, a]), [A, B, C]),
    ("cat_legacy_empty", lambda T, a, b, c: T.cat([a, T.tensor([])]), [A, B, C]),
    ("concat", lambda T, a, b, c: T.concat([a, b]), [A, B, C]),
    ("concatenate", lambda T, a, b, c: T.concatenate([a, c], 0), [A, B, C]),
    ("hstack", lambda T, a, b, c: T.hstack([a, b]), [A, B, C]),
    ("vstack", lambda T, a, b, c: T.vstack([a, b, c]), [A, B, C]),
    ("stack", lambda T, a, b, c: T.stack([a, b]), [A, B, C]),
    ("stack_dim1", lambda T, a, b, c: T.stack((a, b), 1), [A, B, C]),
    ("stack_last", lambda T, a, b, c: T.stack([a, b, a], dim=-1), [A, B, C]),
    ("split", lambda T, a, b, c: T.cat([a, b]).split(1), [A, B, C]),
    ("split_uneven", lambda T, a, b, c: a.split(2, 1), [A, B, C]),
    ("split_sizes", lambda T, a, b, c: T.split(a, [1, 2], 1), [A, B, C]),
    ("split_one_used", lambda T, a, b, c: a.split(1)[1] * 3, [A, B, C]),
    ("chunk", lambda T, a, b, c: a.chunk(2, 1), [A, B, C]),
    ("chunk_fn", lambda T, a, b, c: T.chunk(T.cat([a, b]), 3), [A, B, C]),
    ("chunk_more_than_size", lambda T, a, b, c: a.chunk(5), [A, B, C]),
    ("unbind", lambda T, a, b, c: a.unbind(), [A, B, C]),
    ("unbind_dim1", lambda T, a, b, c: T.unbind(a, 1), [A, B, C]),
    ("unbind_partly_used", lambda T, a, b, c: a.unbind(1)[2].exp(), [A, B, C]),
    ("iterate", lambda T, a, b, c: [row.sum() for row in a], [A, B, C]),
    ("split_then_cat", lambda T, a, b, c: T.cat(a.split(1, 1)[::-1], 1), [A, B, C]),
]


@pytest.mark.parametrize("name,fn,inputs", JOIN, ids=[c[0] for c in JOIN])
def test_joining(oracle, name, fn, inputs):
    check_case(oracle, name, fn, inputs)
    if name != "cat_no_grad_input":     # b is detached there: finite differences see it
        check_gradcheck(fn, inputs)


def test_split_is_one_node_with_several_outputs(oracle):
    def run(T):
        a = T.arange(6.0).reshape(2, 3).requires_grad_()
        p, q = a.split(1)
        u = a.unbind(1)
        r = [p.grad_fn is q.grad_fn, p.grad_fn.name(), p._version, q.is_leaf,
             u[0].grad_fn is u[2].grad_fn, u[1].grad_fn.name(),
             p.grad_fn._saved_split_size, p.grad_fn._saved_dim,
             list(p.grad_fn._saved_self_sym_sizes), u[0].grad_fn._saved_dim]
        (q * 5).sum().backward()           # p's gradient is materialised as zeros
        return r + [a.grad]
    compare(run(al), oracle("node", run))


def test_cat_promotes_dtypes(oracle):
    def run(T):
        return [T.cat([T.ones(2, dtype=T.int32), T.ones(1, dtype=T.int64)]),
                T.cat([T.ones(2), T.ones(1, dtype=T.float64)]),
                T.cat([T.tensor([True]), T.tensor([2])]),
                T.stack([T.ones(2, dtype=T.float16), T.ones(2)])]
    compare(run(al), oracle("dtypes", run))


ERRORS = [
    ("view_bad", lambda T: T.ones(2, 3).view(4)),
    ("view_two_infer", lambda T: T.ones(2, 3).view(-1, -1)),
    ("view_infer_bad", lambda T: T.ones(2, 3).view(-1, 4)),
    ("view_noncontig", lambda T: T.ones(2, 3).t().view(6)),
    ("reshape_bad", lambda T: T.ones(2, 3).reshape(5)),
    ("squeeze_bad_dim", lambda T: T.ones(2, 3).squeeze(2)),
    ("unsqueeze_bad_dim", lambda T: T.ones(2, 3).unsqueeze(3)),
    ("transpose_bad_dim", lambda T: T.ones(2, 3).transpose(0, 2)),
    ("permute_wrong_len", lambda T: T.ones(2, 3).permute(0)),
    ("permute_repeated", lambda T: T.ones(2, 3).permute(0, 0)),
    ("t_3d", lambda T: T.ones(2, 3, 4).t()),
    ("expand_bad", lambda T: T.ones(2, 3).expand(2, 4)),
    ("expand_fewer_dims", lambda T: T.ones(2, 3).expand(3)),
    ("repeat_fewer_dims", lambda T: T.ones(2, 3).repeat(2)),
    ("flatten_bad", lambda T: T.ones(2, 3, 4).flatten(2, 1)),
    ("cat_sizes", lambda T: T.cat([T.ones(2, 3), T.ones(1, 4)])),
    ("cat_sizes_dim1", lambda T: T.cat([T.ones(2, 3), T.ones(3, 3)], 1)),
    ("cat_ndim", lambda T: T.cat([T.ones(2, 3), T.ones(3)])),
    ("cat_empty_list", lambda T: T.cat([])),
    ("cat_bad_dim", lambda T: T.cat([T.ones(2, 3), T.ones(2, 3)], 2)),
    ("cat_zero_dim", lambda T: T.cat([T.tensor(1.0), T.tensor(2.0)])),
    ("stack_sizes", lambda T: T.stack([T.ones(2, 3), T.ones(1, 3)])),
    ("stack_empty", lambda T: T.stack([])),
    ("stack_bad_dim", lambda T: T.stack([T.ones(2), T.ones(2)], 2)),
    ("split_zero", lambda T: T.ones(2, 3).split(0)),
    ("chunk_zero", lambda T: T.ones(2, 3).chunk(0)),
    ("split_sizes_bad", lambda T: T.ones(2, 3).split([1, 1], 1)),
    ("unbind_0d", lambda T: T.tensor(1.0).unbind()),
    ("expand_infer_leading", lambda T: T.ones(2, 3).expand(-1, -1, 2)),
    ("expand_infer_new_dim", lambda T: T.ones(2, 3).expand(-1, 2, 3)),
    ("repeat_negative", lambda T: T.ones(2, 3).repeat(-1, 1)),
    ("unflatten_sizes", lambda T: T.ones(2, 3).unflatten(1, (2, 2))),
    ("flatten_bad_dim", lambda T: T.ones(2, 3).flatten(5)),
    ("narrow_too_long", lambda T: T.ones(2, 3).narrow(1, 2, 2)),
]


@pytest.mark.parametrize("name,fn", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors(oracle, name, fn):
    check_error(oracle, name, fn)


def test_T_on_3d_warns_like_torch(oracle):
    import warnings

    def run(T):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            T.ones(2, 3, 4).T
        return [str(x.message).split(" (Triggered")[0] for x in w]
    assert run(al) == oracle("warn", run)
