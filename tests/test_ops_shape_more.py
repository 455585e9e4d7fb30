"""The rest of torch's shape, joining and indexing API against torch: roll, rot90, fliplr,
flipud, tile, repeat_interleave, meshgrid, cartesian_prod, atleast_Nd, column_stack, dstack,
row_stack, hstack/vstack, tensor_split, hsplit/vsplit/dsplit, ravel, take, take_along_dim,
masked_select, argwhere, broadcast_tensors/broadcast_shapes, diff, unravel_index, as_strided,
swapdims/moveaxis/broadcast_to methods: values, dtypes, gradients, graphs (torch's composite
graphs included), views (``_base``, shared version counter), error messages, gradcheck."""
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd_lab as al
from ops_helper import In, check_case, check_error, check_gradcheck, check_view, compare

X = In((2, 3, 4), distinct=True)
V = In((5,), seed=1)
W = In((3,), seed=2)
M = In((3, 4), seed=3)


def idx(T, values):
    return T.tensor(values, dtype=T.int64)


def empty(y, dim):
    """An output with no elements: its shape, and a sum over the empty dim (zeros) to
    backpropagate through (ops_helper cannot make a gradient of an empty shape)."""
    return [y.shape, y.sum(dim)]


# (id, fn(lib, *inputs), inputs, gradcheck?)
CASES = [
    # roll
    ("roll", lambda T, x: T.roll(x, 1, 0), [X], True),
    ("roll_method_neg", lambda T, x: x.roll(-2, -1), [X], True),
    ("roll_dims", lambda T, x: x.roll((1, -1), (0, 2)), [X], True),
    ("roll_same_dim_twice", lambda T, x: x.roll((1, 2), (2, 2)), [X], True),
    ("roll_flat", lambda T, x: T.roll(x, 5), [X], True),
    ("roll_flat_tuple", lambda T, x: T.roll(x, (3,)), [X], True),
    ("roll_big_shift", lambda T, x: x.roll(7, 1), [X], True),
    ("roll_0d", lambda T, x: x.sum().roll(1), [X], True),
    ("roll_noncontig", lambda T, x: x.transpose(0, 2).roll(1, 0), [X], True),
    ("roll_empty", lambda T, x: empty(x[:, :0].roll(1, 1), 1), [X], True),
    # rot90
    ("rot90", lambda T, x: T.rot90(x), [X], True),
    ("rot90_k2", lambda T, x: x.rot90(2, (1, 2)), [X], True),
    ("rot90_k3", lambda T, x: T.rot90(x, 3, [0, -1]), [X], True),
    ("rot90_k0", lambda T, x: x.rot90(0), [X], True),
    ("rot90_neg_k", lambda T, x: x.rot90(-1, (2, 0)), [X], True),
    ("rot90_k5", lambda T, x: x.rot90(5), [M], True),
    ("rot90_strides", lambda T, x: [x.rot90().stride(), x.rot90(2).stride(),
                                    x.rot90().is_contiguous()], [M], False),
    # fliplr / flipud
    ("fliplr", lambda T, x: T.fliplr(x), [X], True),
    ("flipud", lambda T, x: x.flipud(), [X], True),
    ("flipud_1d", lambda T, x: T.flipud(x), [V], True),
    # unfold (Tensor.unfold: sliding windows)
    ("unfold", lambda T, x: x.unfold(2, 2, 1), [X], True),
    ("unfold_step", lambda T, x: x.unfold(1, 2, 2), [X], True),
    ("unfold_gap", lambda T, x: x.unfold(-1, 1, 3), [X], True),
    ("unfold_whole", lambda T, x: x.unfold(0, 5, 3), [V], True),
    ("unfold_empty_window", lambda T, x: empty(x.unfold(0, 0, 2), 1), [V], True),
    ("unfold_0d", lambda T, x: x.sum().unfold(0, 1, 1), [X], True),
    ("unfold_twice", lambda T, x: x.unfold(0, 2, 1).unfold(1, 2, 2), [M], True),
    ("unfold_noncontig", lambda T, x: x.t().unfold(0, 3, 1), [M], True),
    ("unfold_strides", lambda T, x: [x.unfold(1, 2, 1).stride(), x.unfold(1, 2, 1).shape],
     [M], False),
    # tile
    ("tile", lambda T, x: T.tile(x, (2,)), [X], True),
    ("tile_more_dims", lambda T, x: x.tile((2, 1, 1, 2)), [X], True),
    ("tile_varargs", lambda T, x: x.tile(2, 1), [M], True),
    ("tile_int", lambda T, x: T.tile(x, 3), [V], False),
    ("tile_method_int", lambda T, x: x.tile(3), [V], True),
    ("tile_same", lambda T, x: x.tile((1, 1)), [M], True),
    ("tile_zero", lambda T, x: empty(x.tile((0, 2)), 0), [M], True),
    # repeat_interleave
    ("ri_flat", lambda T, x: T.repeat_interleave(x, 2), [X], True),
    ("ri_dim", lambda T, x: x.repeat_interleave(3, dim=1), [X], True),
    ("ri_neg_dim", lambda T, x: x.repeat_interleave(2, -1), [X], True),
    ("ri_1d", lambda T, x: x.repeat_interleave(2), [V], True),
    ("ri_0d", lambda T, x: x.sum().repeat_interleave(3), [X], True),
    ("ri_zero", lambda T, x: empty(x.repeat_interleave(0, dim=0), 0), [M], True),
    ("ri_output_size", lambda T, x: x.repeat_interleave(2, dim=0, output_size=6), [M], True),
    ("ri_tensor", lambda T, x: x.repeat_interleave(idx(T, [1, 2, 0]), dim=1), [X], True),
    ("ri_tensor_flat", lambda T, x: T.repeat_interleave(x, idx(T, [2, 0, 1, 3, 1])), [V], True),
    ("ri_tensor_flat_2d", lambda T, x: x.repeat_interleave(idx(T, [1] * 12)), [M], True),
    ("ri_tensor_0d", lambda T, x: x.repeat_interleave(T.tensor(2), dim=0), [M], True),
    ("ri_tensor_one", lambda T, x: x.repeat_interleave(idx(T, [3]), dim=1), [M], True),
    ("ri_tensor_int32", lambda T, x: x.repeat_interleave(T.tensor([1, 0, 2], dtype=T.int32),
                                                         dim=0), [M], True),
    ("ri_tensor_output_size",
     lambda T, x: x.repeat_interleave(idx(T, [1, 2, 1]), dim=0, output_size=4), [M], True),
    ("ri_indices", lambda T, x: [T.repeat_interleave(idx(T, [2, 0, 3])),
                                 T.repeat_interleave(T.tensor([1, 2], dtype=T.int32))], [X],
     False),
    # meshgrid / cartesian_prod
    ("meshgrid_ij", lambda T, a, b: T.meshgrid(a, b, indexing="ij"), [V, W], True),
    ("meshgrid_xy", lambda T, a, b: T.meshgrid(a, b, indexing="xy"), [V, W], True),
    ("meshgrid_list", lambda T, a, b: T.meshgrid([a, b, a], indexing="xy"), [V, W], True),
    ("meshgrid_one_xy", lambda T, a, b: T.meshgrid(a, indexing="xy"), [V, W], True),
    ("meshgrid_0d", lambda T, a, b: T.meshgrid(a.sum(), b, indexing="ij"), [V, W], True),
    ("cartesian_prod", lambda T, a, b: T.cartesian_prod(a, b), [V, W], True),
    ("cartesian_prod_3", lambda T, a, b: T.cartesian_prod(b, a, b), [V, W], True),
    ("cartesian_prod_1", lambda T, a, b: T.cartesian_prod(a * 2), [V, W], True),
    # atleast_Nd
    ("atleast_1d_0d", lambda T, x: T.atleast_1d(x.sum()), [X], True),
    ("atleast_1d_many", lambda T, x: T.atleast_1d(x.sum(), x[0, 0], x * 1), [X], True),
    ("atleast_1d_list", lambda T, x: T.atleast_1d([x.sum()]), [X], True),
    ("atleast_2d", lambda T, x: [T.atleast_2d(x.sum()), T.atleast_2d(x[0, 0]),
                                 T.atleast_2d(x[0] * 1), T.atleast_2d(x * 1)], [X], True),
    ("atleast_3d", lambda T, x: [T.atleast_3d(x.sum()), T.atleast_3d(x[0, 0]),
                                 T.atleast_3d(x[0]), T.atleast_3d(x * 1)], [X], True),
    ("atleast_3d_tuple", lambda T, x: T.atleast_3d((x[0], x[1, 1])), [X], True),
    # stacking
    ("column_stack", lambda T, a, b: T.column_stack([a[:3], b]), [V, W], True),
    ("column_stack_2d", lambda T, a, b: T.column_stack((a[:3].reshape(3, 1) * 1, b,
                                                        b.sum().expand(3))), [V, W], True),
    ("column_stack_0d", lambda T, a, b: T.column_stack([a.sum(), b.sum()]), [V, W], True),
    ("dstack", lambda T, a, b: T.dstack([a[:3], b]), [V, W], True),
    ("dstack_2d", lambda T, a, b: T.dstack((T.outer(a, b), T.outer(a, b) * 2)), [V, W], True),
    ("row_stack", lambda T, a, b: T.row_stack([a[:3], b, T.outer(a, b)[:2]]), [V, W], True),
    ("vstack_1d", lambda T, a, b: T.vstack([a[:3], b]), [V, W], True),
    ("hstack_0d", lambda T, a, b: T.hstack([a.sum(), b]), [V, W], True),
    ("hstack_2d", lambda T, a, b: T.hstack([T.outer(a, b), T.outer(a, a)]), [V, W], True),
    # tensor_split / hsplit / vsplit / dsplit
    ("tensor_split", lambda T, x: T.tensor_split(x, 3, dim=2), [X], True),
    ("tensor_split_uneven", lambda T, x: x.tensor_split(3, 2), [(2, 3, 5)], True),
    ("tensor_split_ones", lambda T, x: x.tensor_split(4, 2), [X], True),
    ("tensor_split_indices", lambda T, x: x.tensor_split([1, 3], dim=-1), [X], True),
    ("tensor_split_indices_odd", lambda T, x: x.tensor_split((3, 1, 10, -1), 2), [X], True),
    ("tensor_split_tensor", lambda T, x: x.tensor_split(idx(T, [1, 3]), 2), [X], True),
    ("tensor_split_tensor_0d", lambda T, x: x.tensor_split(T.tensor(2), -1), [X], True),
    ("tensor_split_one_used", lambda T, x: x.tensor_split(2, 2)[1] * 3, [X], True),
    ("tensor_split_sections_kw", lambda T, x: T.tensor_split(x, sections=2, dim=2), [X], True),
    ("tensor_split_indices_kw", lambda T, x: x.tensor_split(indices=[1], dim=1), [X], True),
    ("tensor_split_tensor_kw",
     lambda T, x: x.tensor_split(tensor_indices_or_sections=idx(T, [2]), dim=-1), [X], True),
    ("hsplit", lambda T, x: T.hsplit(x, 3), [X], True),
    ("hsplit_indices_kw", lambda T, x: x.hsplit(indices=[2]), [X], True),
    ("vsplit_sections_kw", lambda T, x: T.vsplit(x, sections=2), [X], True),
    ("hsplit_list", lambda T, x: x.hsplit([1, 2]), [X], True),
    ("hsplit_1d", lambda T, x: x.hsplit(5), [V], True),
    ("vsplit", lambda T, x: T.vsplit(x, 2), [X], True),
    ("vsplit_list", lambda T, x: x.vsplit([1]), [M], True),
    ("dsplit", lambda T, x: x.dsplit(2), [X], True),
    ("dsplit_list", lambda T, x: T.dsplit(x, [3]), [X], True),
    # ravel
    ("ravel", lambda T, x: T.ravel(x), [X], True),
    ("ravel_noncontig", lambda T, x: x.transpose(0, 1).ravel(), [X], True),
    ("ravel_0d", lambda T, x: x.sum().ravel(), [X], True),
    # take / take_along_dim / masked_select
    ("take", lambda T, x: T.take(x, idx(T, [0, 5, -1, 5])), [X], True),
    ("take_2d_index", lambda T, x: x.take(idx(T, [[1, 2], [23, 0]])), [X], True),
    ("take_0d_index", lambda T, x: x.take(T.tensor(7)), [X], True),
    ("take_noncontig", lambda T, x: x.t().take(idx(T, [1, 2, 3])), [M], True),
    ("take_0d_input", lambda T, x: x.sum().take(idx(T, [0, -1, 0])), [X], True),
    ("take_along_dim", lambda T, x: T.take_along_dim(x, idx(T, [[[0, 3]], [[1, 1]]]), dim=2),
     [X], True),
    ("take_along_dim_bcast", lambda T, x: x.take_along_dim(idx(T, [[[2], [0], [1]]]), 2), [X],
     True),
    ("take_along_dim_bcast_input", lambda T, x: x[:1].take_along_dim(
        idx(T, [[[0, 1, 2, 0]], [[2, 2, 1, 1]]]), dim=1), [X], True),
    ("take_along_dim_neg", lambda T, x: x.take_along_dim(idx(T, [[-1], [0], [1]]), -1), [M],
     True),
    ("take_along_dim_none", lambda T, x: T.take_along_dim(x, idx(T, [[3, 0], [23, 5]])), [X],
     True),
    ("take_along_dim_argmax", lambda T, x: T.take_along_dim(x, x.argmax(1, keepdim=True), 1),
     [M], True),
    ("masked_select", lambda T, x: T.masked_select(x, x > 0.3), [X], True),
    ("masked_select_bcast_mask", lambda T, x: x.masked_select(T.tensor([True, False, False, True])),
     [X], True),
    ("masked_select_bcast_input", lambda T, x: T.masked_select(
        x, T.tensor([[True, False, True], [False, False, True]]).unsqueeze(-1)), [(3, 1)],
     True),
    ("masked_select_none", lambda T, x: x.masked_select(x > 100), [M], True),
    # diff
    ("diff", lambda T, x: T.diff(x), [X], True),
    ("diff_dim0", lambda T, x: x.diff(dim=0), [X], True),
    ("diff_n2", lambda T, x: x.diff(2, 1), [X], True),
    ("diff_n_big", lambda T, x: empty(x.diff(n=5, dim=1), 1), [X], True),
    ("diff_prepend", lambda T, a, b: T.diff(a, prepend=b), [V, W], True),
    ("diff_append", lambda T, a, b: a.diff(append=b, n=2), [V, W], True),
    ("diff_both", lambda T, a, b: a.diff(prepend=b, append=b * 2), [V, W], True),
    ("diff_prepend_2d", lambda T, x: x.diff(dim=0, prepend=x[:1] * 3, append=x), [M], True),
    ("diff_n0_with_prepend", lambda T, a, b: a.diff(0, prepend=b), [V, W], True),
    # unravel_index / argwhere
    ("unravel_index", lambda T, x: T.unravel_index(idx(T, [4, 1, 23, 0]), (2, 3, 4)), [X],
     False),
    ("unravel_index_0d", lambda T, x: T.unravel_index(T.tensor(4), (3, 2)), [X], False),
    ("unravel_index_2d", lambda T, x: T.unravel_index(idx(T, [[1234], [5678]]), (100, 100)),
     [X], False),
    ("unravel_index_int", lambda T, x: T.unravel_index(idx(T, [3, 5]), 4), [X], False),
    ("unravel_index_wraps", lambda T, x: T.unravel_index(idx(T, [-1, 7]), T.Size([2, 3])),
     [X], False),
    ("unravel_index_int32", lambda T, x: T.unravel_index(T.tensor([5], dtype=T.int32), [2, 3]),
     [X], False),
    ("argwhere", lambda T, x: T.argwhere(x > 0.3), [X], False),
    ("argwhere_method", lambda T, x: (x * (x > 0)).argwhere(), [M], False),
    ("argwhere_0d", lambda T, x: [T.argwhere(T.tensor(2.0)), T.tensor(0).argwhere()], [X],
     False),
    ("nonzero_0d", lambda T, x: [T.nonzero(T.tensor(2.0)), T.nonzero(T.tensor(0.0)),
                                 T.nonzero(T.tensor(3), as_tuple=True)], [X], False),
    # broadcasting
    ("broadcast_tensors", lambda T, a, b: T.broadcast_tensors(a[:3].unsqueeze(1), b[:2]),
     [V, W], True),
    ("broadcast_tensors_same", lambda T, a, b: T.broadcast_tensors(a, b.sum(), a * 2), [V, W],
     True),
    ("broadcast_shapes", lambda T, a, b: [T.broadcast_shapes((2,), (3, 1), (1, 1, 1)),
                                          T.broadcast_shapes(), T.broadcast_shapes(3, (2, 1)),
                                          T.broadcast_shapes([0, 1], (3,)),
                                          T.broadcast_shapes(T.Size([4, 1]), None)], [V, W],
     False),
    ("broadcast_to_method", lambda T, a, b: b.broadcast_to((2, 3)), [V, W], True),
    ("moveaxis_method", lambda T, x: x.moveaxis((0, 1), (-1, 0)), [X], True),
    ("swapdims", lambda T, x: T.swapdims(x, 0, -1), [X], True),
    ("unflatten", lambda T, x: T.unflatten(x, 1, (3, 1)), [X], True),
    # as_strided
    ("as_strided", lambda T, x: T.as_strided(x, (2, 2), (1, 2)), [X], True),
    ("as_strided_offset", lambda T, x: x.as_strided((3, 2), (4, 1), 5), [X], True),
    ("as_strided_overlap", lambda T, x: x.as_strided((3, 3), (1, 1)), [X], True),
    ("as_strided_stride0", lambda T, x: x.as_strided((2, 3), (0, 2), 1), [X], True),
    ("as_strided_view_input", lambda T, x: (x * 1)[1].as_strided((2, 2), (4, 1)), [X], True),
    ("as_strided_view_input_offset",
     lambda T, x: (x * 1)[1].as_strided((2, 2), (4, 1), 13), [X], True),
    ("as_strided_transposed", lambda T, x: x.t().as_strided((4,), (3,)), [M], True),
    ("as_strided_expanded_input", lambda T, x: x[0, 0].expand(2, 4).as_strided((2, 3), (0, 1)),
     [X], True),
    ("as_strided_expanded_input_t",
     lambda T, x: x[0, 0, :3].unsqueeze(1).expand(3, 2).t().as_strided((2, 2), (1, 1)), [X],
     True),
    ("as_strided_sliced_input", lambda T, x: x[1:].as_strided((2,), (1,)), [V], True),
]


@pytest.mark.parametrize("name,fn,inputs,grad", CASES, ids=[c[0] for c in CASES])
def test_case(oracle, name, fn, inputs, grad):
    check_case(oracle, name, fn, inputs)
    if grad:
        check_gradcheck(fn, inputs)


# ops that take any dtype: the same lambdas on float64, int64 and bool inputs
DTYPE_CASES = [c for c in CASES if c[0] in (
    "roll", "roll_flat", "rot90", "rot90_k3", "fliplr", "tile", "ri_flat", "ri_tensor",
    "meshgrid_xy", "cartesian_prod", "atleast_3d", "column_stack", "dstack", "tensor_split",
    "hsplit", "ravel_noncontig", "take", "take_along_dim_bcast", "masked_select_bcast_mask",
    "diff", "diff_n2", "diff_both", "broadcast_tensors", "as_strided_offset")]


@pytest.mark.parametrize("dtype", ["float64", "int64", "bool"])
@pytest.mark.parametrize("name,fn,inputs,grad", DTYPE_CASES, ids=[c[0] for c in DTYPE_CASES])
def test_dtypes(oracle, name, fn, inputs, grad, dtype):
    check_case(oracle, f"{name}-{dtype}", fn, inputs, dtype=dtype)


# ---------------------------------------------------------------------------- views
VIEWS = [
    ("meshgrid", lambda T, x: T.meshgrid(x[0, 0], x[1, 1], indexing="ij")[1]),
    ("broadcast_tensors", lambda T, x: T.broadcast_tensors(x, x[0])[1]),
    ("atleast_2d", lambda T, x: T.atleast_2d(x[0, 0])),
    ("atleast_1d_0d", lambda T, x: T.atleast_1d(x[0, 0, 0])),
    ("ravel", lambda T, x: x.ravel()),
    ("ravel_copy", lambda T, x: x.transpose(0, 1).ravel()),
    ("tensor_split", lambda T, x: x.tensor_split(2, 2)[1]),
    ("hsplit", lambda T, x: x.hsplit([1])[1]),
    ("as_strided", lambda T, x: x.as_strided((2, 3), (5, 1), 2)),
    ("swapdims", lambda T, x: x.swapdims(1, 2)),
    ("unfold", lambda T, x: x.unfold(2, 2, 1)),
    ("moveaxis", lambda T, x: x.moveaxis(0, 2)),
    ("broadcast_to", lambda T, x: x[0].broadcast_to((2, 3, 4))),
    ("repeat_interleave", lambda T, x: x.repeat_interleave(2, 1)),
    ("roll", lambda T, x: x.roll(1)),
    ("rot90", lambda T, x: x.rot90()),
    ("tile", lambda T, x: x.tile(1, 1)),
    ("take_along_dim", lambda T, x: x.take_along_dim(T.zeros(1, 1, 1, dtype=T.int64), 2)),
    ("diff", lambda T, x: x.diff()),
]


@pytest.mark.parametrize("name,fn", VIEWS, ids=[c[0] for c in VIEWS])
def test_views_share_memory(oracle, name, fn):
    """A view shares memory and the version counter: writing to the base shows through."""
    check_view(oracle, name, fn)


def test_same_objects_come_back(oracle):
    """atleast_Nd, broadcast_tensors and cartesian_prod return the input itself where they
    have nothing to do, as torch does."""
    def run(T):
        x = T.ones(2, 3)
        a = T.ones(3)
        return [T.atleast_1d(x) is x, T.atleast_2d(x) is x, T.atleast_3d(x) is x,
                T.atleast_1d([x])[0] is x, type(T.atleast_1d([x])).__name__,
                T.broadcast_tensors(x, a)[0] is x, T.cartesian_prod(a) is a,
                T.broadcast_tensors(x)[0] is x]
    compare(run(al), oracle("same", run))


def test_inplace_on_split_pieces(oracle):
    """tensor_split pieces are plain slices (unlike split's): in-place changes are allowed
    and reach the base through CopySlices."""
    def run(T):
        x = T.arange(6.0, requires_grad=True)
        y = x * 1
        p = y.tensor_split(2)[1]
        p.mul_(3)
        y.sum().backward()
        return [p.grad_fn.name(), y.grad_fn.name(), x.grad, y]
    compare(run(al), oracle("inplace", run))


def test_inplace_on_as_strided_view(oracle):
    def run(T):
        x = T.arange(6.0, requires_grad=True)
        y = x * 1
        v = y.as_strided((2, 2), (3, 1), 1)
        v.mul_(2)
        (y * T.arange(6.0)).sum().backward()
        return [v.grad_fn.name(), y.grad_fn.name(), y, x.grad, v._version, y._version]
    compare(run(al), oracle("inplace", run))


def test_as_strided_node(oracle):
    def run(T):
        x = T.arange(12.0).reshape(3, 4).requires_grad_()
        y = x.as_strided((2, 2), (4, 1), 1)
        fn = y.grad_fn
        (y * y).sum().backward()
        return [fn.name(), list(fn._saved_size), list(fn._saved_stride),
                fn._saved_storage_offset, x.grad, y.storage_offset()
                if hasattr(y, "storage_offset") else 1]
    compare(run(al), oracle("node", run))


def test_roll_rot90_saved_and_double_backward(oracle):
    def run(T):
        x = T.arange(6.0).reshape(2, 3).requires_grad_()
        # (negative shifts and dims work, but torch shows them saved as unsigned 64-bit
        # numbers, -1 as 18446744073709551615: autograd_lab shows -1)
        r = x.roll((1, 2), (0, 1))
        q = x.rot90(3, (1, 0))
        out = [r.grad_fn._saved_shifts, r.grad_fn._saved_dims, q.grad_fn._saved_k,
               q.grad_fn._saved_dims]
        g, = T.autograd.grad((r * r).sum() + (q ** 3).sum(), x, create_graph=True)
        g.sum().backward()
        return out + [g, x.grad, g.grad_fn.name()]
    compare(run(al), oracle("saved", run))


def test_unfold_node_and_double_backward(oracle):
    def run(T):
        x = T.arange(6.0).requires_grad_()
        u = x.unfold(0, 3, 2)
        fn = u.grad_fn
        out = [fn.name(), fn._saved_dimension, fn._saved_size, fn._saved_step,
               list(fn._saved_self_sym_sizes)]
        g, = T.autograd.grad((u ** 3).sum(), x, create_graph=True)
        g.sum().backward()
        y = x * 1
        w = y.unfold(0, 2, 2)
        w.mul_(2)                       # windows that do not overlap may be written to
        return out + [g, x.grad, y, w.grad_fn.name()]
    compare(run(al), oracle("unfold", run))


def test_masked_select_and_take_double_backward(oracle):
    def run(T):
        x = T.tensor([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]], requires_grad=True)
        y = (x.masked_select(x > 0) ** 2).sum() + (x.take(T.tensor([0, 0, 5])) ** 3).sum()
        g, = T.autograd.grad(y, x, create_graph=True)
        g.sum().backward()
        return [g, x.grad]
    compare(run(al), oracle("double", run))


# ---------------------------------------------------------------------------- meshgrid warning
def test_meshgrid_warns_once_without_indexing(oracle, monkeypatch):
    """torch warns (once per process) when ``indexing`` is left out; run torch in a fresh
    process to see that first warning."""
    def torch_warning(torch):
        code = ("import warnings, torch\nwarnings.simplefilter('always')\n"
                "with warnings.catch_warnings(record=True) as w:\n"
                "    warnings.simplefilter('always')\n"
                "    torch.meshgrid(torch.ones(2), torch.ones(3))\n"
                "    torch.meshgrid(torch.ones(2), torch.ones(3))\n"
                "print(repr([(x.category.__name__, str(x.message).split(' (Triggered')[0])"
                " for x in w]))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        return out.stdout.strip()
    from autograd_lab.ops import rearrange
    monkeypatch.setattr(rearrange, "_warned_meshgrid", [])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        al.meshgrid(al.ones(2), al.ones(3))
        al.meshgrid(al.ones(2), al.ones(3))
    ours = repr([(x.category.__name__, str(x.message)) for x in w])
    assert ours == oracle("warn", torch_warning)


# ---------------------------------------------------------------------------- errors
ERRORS = [
    ("roll_bad_dim", lambda T: T.ones(2, 3, 4).roll(1, 3)),
    ("roll_mismatch", lambda T: T.ones(2, 3, 4).roll((1, 2), (0,))),
    ("roll_no_shifts", lambda T: T.ones(2, 3, 4).roll((), ())),
    ("roll_shifts_no_dims", lambda T: T.ones(2, 3, 4).roll((1, 2))),
    ("roll_0d_dim", lambda T: T.tensor(1.0).roll(1, 0)),
    ("rot90_1d", lambda T: T.ones(3).rot90()),
    ("rot90_3dims", lambda T: T.ones(2, 3, 4).rot90(1, (0, 1, 2))),
    ("rot90_same", lambda T: T.ones(2, 3, 4).rot90(1, (1, 1))),
    ("rot90_same_neg", lambda T: T.ones(2, 3, 4).rot90(1, (1, -2))),
    ("rot90_bad_dim", lambda T: T.ones(2, 3, 4).rot90(1, (0, 3))),
    ("rot90_bad_dim0", lambda T: T.ones(2, 3, 4).rot90(1, (-4, 0))),
    ("fliplr_1d", lambda T: T.ones(3).fliplr()),
    ("flipud_0d", lambda T: T.tensor(1.0).flipud()),
    ("unfold_too_big", lambda T: T.ones(2, 3).unfold(1, 4, 1)),
    ("unfold_too_big_0d", lambda T: T.tensor(3.0).unfold(0, 2, 1)),
    ("unfold_zero_step", lambda T: T.ones(2, 3).unfold(1, 2, 0)),
    ("unfold_negative_step", lambda T: T.ones(2, 3).unfold(-1, 2, -1)),
    ("unfold_negative_size", lambda T: T.ones(2, 3).unfold(1, -1, 0)),
    ("unfold_bad_dim", lambda T: T.ones(2, 3).unfold(2, 1, 1)),
    ("tile_negative", lambda T: T.ones(2, 3, 4).tile((-1,))),
    ("ri_negative", lambda T: T.ones(2, 3).repeat_interleave(-1)),
    ("ri_bad_dim", lambda T: T.ones(2, 3).repeat_interleave(2, dim=2)),
    ("ri_tensor_size", lambda T: T.ones(2, 3).repeat_interleave(T.tensor([1, 2]), dim=1)),
    ("ri_tensor_2d", lambda T: T.ones(2, 3).repeat_interleave(T.ones(2, 2, dtype=T.int64), 1)),
    ("ri_tensor_float", lambda T: T.ones(2, 3).repeat_interleave(T.tensor([1.0, 2.0, 3.0]), 1)),
    ("ri_tensor_negative", lambda T: T.ones(2, 3).repeat_interleave(T.tensor([1, -2, 3]), 1)),
    ("ri_output_size", lambda T: T.ones(2, 3).repeat_interleave(2, 1, output_size=5)),
    ("ri_tensor_output_size",
     lambda T: T.ones(2, 3).repeat_interleave(T.tensor([1, 2, 3]), 1, output_size=5)),
    ("ri_indices_2d", lambda T: T.repeat_interleave(T.ones(2, 2, dtype=T.int64))),
    ("ri_indices_float", lambda T: T.repeat_interleave(T.ones(2))),
    ("ri_indices_negative", lambda T: T.repeat_interleave(T.tensor([1, -1]))),
    ("meshgrid_dtype", lambda T: T.meshgrid(T.ones(2), T.ones(2, dtype=T.int64), indexing="ij")),
    ("meshgrid_indexing", lambda T: T.meshgrid(T.ones(2), indexing="ab")),
    ("meshgrid_empty", lambda T: T.meshgrid(indexing="ij")),
    ("cartesian_prod_2d", lambda T: T.cartesian_prod(T.ones(2), T.ones(2, 3))),
    ("cartesian_prod_empty", lambda T: T.cartesian_prod()),
    ("column_stack_empty", lambda T: T.column_stack([])),
    ("dstack_empty", lambda T: T.dstack([])),
    ("hstack_empty", lambda T: T.hstack([])),
    ("vstack_empty", lambda T: T.vstack([])),
    ("row_stack_empty", lambda T: T.row_stack([])),
    ("dstack_sizes", lambda T: T.dstack([T.ones(2), T.ones(3)])),
    ("hsplit_0d", lambda T: T.tensor(1.0).hsplit(1)),
    ("hsplit_not_divisible", lambda T: T.ones(2, 3, 4).hsplit(2)),
    ("hsplit_zero", lambda T: T.ones(2, 3, 4).hsplit(0)),
    ("vsplit_1d", lambda T: T.ones(3).vsplit(1)),
    ("vsplit_not_divisible", lambda T: T.ones(2, 3, 4).vsplit(3)),
    ("dsplit_2d", lambda T: T.ones(3, 2).dsplit(1)),
    ("dsplit_not_divisible", lambda T: T.ones(2, 3, 4).dsplit(3)),
    ("tensor_split_zero", lambda T: T.ones(2, 3).tensor_split(0)),
    ("tensor_split_0d", lambda T: T.tensor(1.0).tensor_split(1)),
    ("tensor_split_float", lambda T: T.ones(2, 3).tensor_split(T.tensor([1.0]))),
    ("tensor_split_2d", lambda T: T.ones(2, 3).tensor_split(T.ones(1, 1, dtype=T.int64))),
    ("tensor_split_bad_dim", lambda T: T.ones(2, 3).tensor_split(2, 2)),
    ("take_out_of_range", lambda T: T.ones(2, 3).take(T.tensor([6]))),
    ("take_out_of_range_neg", lambda T: T.ones(2, 3).take(T.tensor([0, -7]))),
    ("take_int32", lambda T: T.ones(2, 3).take(T.tensor([1], dtype=T.int32))),
    ("take_float", lambda T: T.ones(2, 3).take(T.tensor([1.0]))),
    ("tad_ndim", lambda T: T.ones(2, 3).take_along_dim(T.tensor([0]), 1)),
    ("tad_int32", lambda T: T.ones(2, 3).take_along_dim(T.ones(1, 1, dtype=T.int32), 1)),
    ("tad_bad_dim", lambda T: T.ones(2, 3).take_along_dim(T.ones(1, 1, dtype=T.int64), 2)),
    ("tad_bcast", lambda T: T.ones(2, 3, 4).take_along_dim(T.ones(3, 1, 1, dtype=T.int64), 1)),
    ("tad_none_float", lambda T: T.ones(2, 3).take_along_dim(T.ones(1))),
    ("masked_select_float", lambda T: T.ones(2, 3).masked_select(T.ones(3))),
    ("masked_select_uint8", lambda T: T.ones(2, 3).masked_select(T.ones(3, dtype=T.uint8))),
    ("masked_select_bcast", lambda T: T.ones(2, 3).masked_select(T.ones(4, dtype=T.bool))),
    ("broadcast_tensors_bad", lambda T: T.broadcast_tensors(T.ones(2, 3), T.ones(4))),
    ("broadcast_tensors_bad3", lambda T: T.broadcast_tensors(T.ones(2, 3), T.ones(3),
                                                             T.ones(4, 1, 1, 2))),
    ("broadcast_shapes_bad", lambda T: T.broadcast_shapes((2, 3), (4,))),
    ("broadcast_shapes_bad_list", lambda T: T.broadcast_shapes([5, 1], (2, 1, 3), 4)),
    ("broadcast_shapes_negative", lambda T: T.broadcast_shapes((-1, 3), (4,))),
    ("diff_0d", lambda T: T.tensor(1.0).diff()),
    ("diff_negative_n", lambda T: T.ones(2, 3).diff(-1)),
    ("diff_bad_dim", lambda T: T.ones(2, 3).diff(dim=2)),
    ("diff_prepend_ndim", lambda T: T.ones(2, 3).diff(prepend=T.ones(3))),
    ("diff_prepend_shape", lambda T: T.ones(2, 3).diff(prepend=T.ones(3, 1))),
    ("diff_prepend_0d", lambda T: T.ones(2, 3).diff(prepend=T.tensor(2.0))),
    ("diff_append_shape", lambda T: T.ones(2, 3).diff(dim=0, append=T.ones(1, 2))),
    ("unravel_float", lambda T: T.unravel_index(T.tensor([1.0]), (2, 3))),
    ("unravel_bool", lambda T: T.unravel_index(T.tensor([True]), (2, 3))),
    ("unravel_negative_shape", lambda T: T.unravel_index(T.tensor([1]), (-2, 3))),
    ("unravel_shape_type", lambda T: T.unravel_index(T.tensor([1]), 2.0)),
    ("as_strided_out_of_bounds", lambda T: T.ones(2, 3, 4).as_strided((5, 5), (5, 1))),
    ("as_strided_offset_out_of_bounds", lambda T: T.ones(2, 3).as_strided((2,), (1,), 5)),
    ("as_strided_lengths", lambda T: T.ones(2, 3).as_strided((5, 5), (5,))),
    ("as_strided_negative_stride", lambda T: T.ones(2, 3).as_strided((2,), (-1,))),
    ("as_strided_negative_offset", lambda T: T.ones(2, 3).as_strided((2,), (1,), -1)),
    ("swapdims_bad", lambda T: T.ones(2, 3).swapdims(0, 2)),
]


@pytest.mark.parametrize("name,fn", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors(oracle, name, fn):
    check_error(oracle, name, fn)


# ---------------------------------------------------------------------------- properties
shape_st = st.lists(st.integers(1, 3), min_size=0, max_size=4).map(tuple)


@settings(max_examples=30, deadline=None)
@given(st.lists(shape_st, min_size=1, max_size=4))
def test_broadcast_shapes_agree_with_numpy_and_tensors(shapes):
    """broadcast_shapes, broadcast_tensors and NumPy agree on the shape, or all refuse."""
    try:
        want = np.broadcast_shapes(*shapes)
    except ValueError:
        with pytest.raises(RuntimeError):
            al.broadcast_shapes(*shapes)
        with pytest.raises(RuntimeError):
            al.broadcast_tensors(*[al.zeros(s) for s in shapes])
        return
    assert tuple(al.broadcast_shapes(*shapes)) == want
    outs = al.broadcast_tensors(*[al.arange(float(np.prod(s))).reshape(s) for s in shapes])
    for s, o in zip(shapes, outs):
        assert tuple(o.shape) == want
        np.testing.assert_array_equal(o.numpy(), np.broadcast_to(np.arange(np.prod(s))
                                                                 .reshape(s), want))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple), st.data())
def test_tensor_split_matches_numpy_array_split(shape, data):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    sections = data.draw(st.one_of(st.integers(1, 6),
                                   st.lists(st.integers(-5, 6), max_size=4)))
    arr = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    ours = al.tensor(arr).tensor_split(sections, dim)
    want = np.array_split(arr, sections, axis=dim)
    assert len(ours) == len(want)
    for o, w in zip(ours, want):
        np.testing.assert_array_equal(o.numpy(), w)


small_shape = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)


@settings(max_examples=30, deadline=None)
@given(small_shape, st.data())
def test_roll_diff_repeat_interleave_match_numpy(shape, data):
    """Values against NumPy's roll, diff and repeat on random shapes, dims and counts."""
    arr = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    x = al.tensor(arr)
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    shift = data.draw(st.integers(-7, 7))
    np.testing.assert_array_equal(x.roll(shift, dim).numpy(), np.roll(arr, shift, dim))
    np.testing.assert_array_equal(x.roll(shift).numpy(), np.roll(arr, shift))
    n = data.draw(st.integers(0, 3))
    np.testing.assert_array_equal(x.diff(n, dim).numpy(), np.diff(arr, n, dim))
    reps = data.draw(st.integers(0, 3))
    np.testing.assert_array_equal(x.repeat_interleave(reps, dim).numpy(),
                                  np.repeat(arr, reps, dim))
    counts = data.draw(st.lists(st.integers(0, 3), min_size=shape[dim], max_size=shape[dim]))
    np.testing.assert_array_equal(
        x.repeat_interleave(al.tensor(counts, dtype=al.int64), dim).numpy(),
        np.repeat(arr, counts, dim))
