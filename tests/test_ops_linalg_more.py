"""The rest of PyTorch's matrix API against torch: the fused products (addmm, addmv, addr,
baddbmm, addbmm), diagonals and triangles, det/slogdet/logdet/inv/solve/matrix_power/pinverse,
cross/dist/cdist, kron/tensordot and the ``torch.linalg`` namespace -- values, gradients,
graph node names, in-place variants, float32/float64, batches, errors, gradcheck."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd_lab as al
from oracle import torch_available
from ops_helper import NAN, In, check_case, check_error, check_gradcheck, compare, run_case

INF = math.inf


def _well_conditioned(n, seed, batch=()):
    """Nested lists of a diagonally dominant (so invertible, well conditioned) matrix."""
    rng = np.random.RandomState(50 + seed)
    m = np.round(rng.uniform(-1, 1, batch + (n, n)), 2) + 3 * np.eye(n)
    return m.tolist()


SQ = In(_well_conditioned(3, 0))
SQ_B = In(_well_conditioned(3, 1, (2,)))
SQ_NEG = In([[0.5, 2.0, 0.1], [1.5, 0.2, -0.3], [0.2, 0.1, 1.0]])      # det < 0
SINGULAR = In([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.5, 2.0]])

# (id, fn(lib, *inputs), inputs, gradcheck?)
CASES = [
    # ---- fused products
    ("addmm", lambda T, i, a, b: T.addmm(i, a, b), [(2, 4), (2, 3), (3, 4)], True),
    ("addmm_broadcast", lambda T, i, a, b: T.addmm(i, a, b), [(4,), (2, 3), (3, 4)], True),
    ("addmm_scalars", lambda T, i, a, b: T.addmm(i, a, b, beta=0.5, alpha=-2),
     [(2, 4), (2, 3), (3, 4)], True),
    ("addmm_beta0_nan", lambda T, i, a, b: T.addmm(i, a, b, beta=0),
     [In([[NAN, 1.0], [2.0, 3.0]]), (2, 3), (3, 2)], False),
    ("addmm_method", lambda T, i, a, b: i.addmm(a, b, alpha=3), [(2, 4), (2, 3), (3, 4)], True),
    ("addmm_inplace", lambda T, i, a, b: (i * 1).addmm_(a, b, beta=2),
     [(2, 4), (2, 3), (3, 4)], True),
    ("addmm_t_weight", lambda T, i, a, w: T.addmm(i, a, w.t()), [(4,), (2, 3), (4, 3)], True),
    ("addr_int", lambda T, i, u, v: T.addr(i, u, v, beta=2),
     [In((2, 4), "int64"), In((2,), "int64"), In((4,), "int64")], False),
    ("addmm_int", lambda T, i, a, b: T.addmm(i, a, b, alpha=2),
     [In((2, 4), "int64"), In((2, 3), "int64"), In((3, 4), "int64")], False),
    ("addmm_int_float_alpha", lambda T, i, a, b: T.addmm(i, a, b, beta=3, alpha=0.5),
     [In((2, 4), "int64"), In((2, 3), "int64"), In((3, 4), "int64")], False),
    ("addmv", lambda T, i, m, v: T.addmv(i, m, v), [(2,), (2, 3), (3,)], True),
    ("addmv_scalars", lambda T, i, m, v: i.addmv(m, v, beta=-1, alpha=0.5),
     [(2,), (2, 3), (3,)], True),
    ("addmv_broadcast", lambda T, i, m, v: T.addmv(i, m, v), [(1,), (2, 3), (3,)], True),
    ("addmv_inplace", lambda T, i, m, v: T.addmv_(i * 1, m, v, alpha=2),
     [(2,), (2, 3), (3,)], True),
    ("addmv_method_inplace", lambda T, i, m, v: (i * 1).addmv_(m, v), [(2,), (2, 3), (3,)],
     True),
    ("addr", lambda T, i, u, v: T.addr(i, u, v), [(2, 4), (2,), (4,)], True),
    ("addr_scalars", lambda T, i, u, v: i.addr(u, v, beta=2, alpha=-0.5),
     [(2, 4), (2,), (4,)], True),
    ("addr_broadcast", lambda T, i, u, v: T.addr(i, u, v), [(1, 4), (2,), (4,)], True),
    ("addr_inplace", lambda T, i, u, v: (i * 1).addr_(u, v), [(2, 4), (2,), (4,)], True),
    ("baddbmm", lambda T, i, a, b: T.baddbmm(i, a, b), [(2, 2, 4), (2, 2, 3), (2, 3, 4)],
     True),
    ("baddbmm_broadcast", lambda T, i, a, b: T.baddbmm(i, a, b, beta=0.5, alpha=2),
     [(2, 1, 4), (2, 2, 3), (2, 3, 4)], True),
    ("baddbmm_inplace", lambda T, i, a, b: (i * 1).baddbmm_(a, b),
     [(2, 2, 4), (2, 2, 3), (2, 3, 4)], True),
    ("addbmm", lambda T, i, a, b: T.addbmm(i, a, b), [(2, 4), (3, 2, 3), (3, 3, 4)], True),
    ("addbmm_scalars", lambda T, i, a, b: i.addbmm(a, b, beta=-1, alpha=2),
     [(4,), (3, 2, 3), (3, 3, 4)], True),
    ("addbmm_inplace", lambda T, i, a, b: (i * 1).addbmm_(a, b),
     [(2, 4), (3, 2, 3), (3, 3, 4)], True),
    ("addbmm_int32", lambda T, i, a, b: T.addbmm(i, a, b),
     [In((2, 4), "int32"), In((3, 2, 3), "int32"), In((3, 3, 4), "int32")], False),
    # ---- diagonals and triangles
    ("diagonal", lambda T, x: T.diagonal(x), [(3, 4)], True),
    ("diagonal_offset", lambda T, x: x.diagonal(1), [(3, 4)], True),
    ("diagonal_neg_offset", lambda T, x: x.diagonal(-2), [(4, 3)], True),
    ("diagonal_empty", lambda T, x: x.diagonal(5), [(3, 4)], False),
    ("diagonal_dims", lambda T, x: T.diagonal(x, offset=1, dim1=2, dim2=0), [(3, 2, 4)], True),
    ("diagonal_neg_dims", lambda T, x: x.diagonal(0, -1, -2), [(2, 3, 3)], True),
    ("diagonal_view_write", lambda T, x: _write_diagonal(x), [(3, 3)], True),
    ("diag_vector", lambda T, x: T.diag(x), [(3,)], True),
    ("diag_vector_offset", lambda T, x: x.diag(-2), [(3,)], True),
    ("diag_matrix", lambda T, x: T.diag(x), [(3, 4)], True),
    ("diag_matrix_offset", lambda T, x: x.diag(1), [(3, 4)], True),
    ("diag_embed", lambda T, x: T.diag_embed(x), [(2, 3)], True),
    ("diag_embed_dims", lambda T, x: x.diag_embed(1, 0, 2), [(2, 3)], True),
    ("diag_embed_neg", lambda T, x: T.diag_embed(x, -1, dim1=-1, dim2=0), [(2, 3)], True),
    ("diagflat", lambda T, x: T.diagflat(x), [(2, 2)], True),
    ("diagflat_offset", lambda T, x: x.diagflat(-1), [(3,)], True),
    ("diagflat_transposed", lambda T, x: x.t().diagflat(1), [(2, 3)], True),
    ("trace", lambda T, x: T.trace(x), [(3, 4)], True),
    ("trace_method", lambda T, x: x.trace(), [(3, 3)], True),
    ("trace_int", lambda T, x: T.trace(x), [In((3, 3), "int32")], False),
    ("tril", lambda T, x: T.tril(x), [(3, 4)], True),
    ("tril_diagonal", lambda T, x: x.tril(1), [(3, 4)], True),
    ("tril_batched", lambda T, x: T.tril(x, diagonal=-1), [(2, 3, 3)], True),
    ("triu", lambda T, x: T.triu(x), [(3, 4)], True),
    ("triu_diagonal", lambda T, x: x.triu(-1), [(2, 4, 3)], True),
    ("tril_inplace", lambda T, x: (x * 1).tril_(), [(3, 3)], True),
    ("triu_inplace", lambda T, x: (x * 2).triu_(1), [(3, 4)], True),
    ("triu_nan", lambda T, x: x.triu(), [In([[1.0, NAN], [NAN, 2.0]])], False),
    # ---- determinants, inverses, solvers
    ("det", lambda T, x: T.det(x), [SQ], True),
    ("det_batched", lambda T, x: x.det(), [SQ_B], True),
    ("det_linalg", lambda T, x: T.linalg.det(x), [SQ_NEG], True),
    # torch's gradient at a singular matrix is 0, not the cofactor matrix (the limit), so
    # finite differences disagree with it: no gradcheck
    ("det_singular", lambda T, x: T.det(x), [SINGULAR], False),
    ("det_1x1", lambda T, x: T.det(x), [In([[2.5]])], True),
    ("slogdet", lambda T, x: T.slogdet(x), [SQ], True),
    ("slogdet_negative", lambda T, x: x.slogdet(), [SQ_NEG], True),
    ("slogdet_batched", lambda T, x: T.linalg.slogdet(x), [SQ_B], True),
    ("slogdet_fields", lambda T, x: T.slogdet(x).logabsdet * T.slogdet(x).sign, [SQ_NEG], True),
    ("logdet", lambda T, x: T.logdet(x), [SQ], True),
    ("logdet_negative", lambda T, x: x.logdet(), [SQ_NEG], False),
    ("logdet_batched", lambda T, x: T.logdet(x), [SQ_B], True),
    ("inverse", lambda T, x: T.inverse(x), [SQ], True),
    ("inverse_method", lambda T, x: x.inverse(), [SQ_B], True),
    ("linalg_inv", lambda T, x: T.linalg.inv(x), [SQ_NEG], True),
    ("solve_matrix", lambda T, a, b: T.linalg.solve(a, b), [SQ, (3, 2)], True),
    ("solve_vector", lambda T, a, b: T.linalg.solve(a, b), [SQ, (3,)], True),
    ("solve_batched_vector", lambda T, a, b: T.linalg.solve(a, b), [SQ_B, (2, 3)], True),
    ("solve_broadcast", lambda T, a, b: T.linalg.solve(a, b), [SQ_B, (3, 4)], True),
    ("solve_broadcast_vector", lambda T, a, b: T.linalg.solve(a, b), [SQ_B, (3,)], True),
    ("solve_left_false", lambda T, a, b: T.linalg.solve(a, b, left=False), [SQ, (2, 3)],
     True),
    ("matrix_power_0", lambda T, x: T.matrix_power(x, 0), [SQ], False),
    ("matrix_power_1", lambda T, x: x.matrix_power(1), [SQ], True),
    ("matrix_power_2", lambda T, x: T.matrix_power(x, 2), [SQ], True),
    ("matrix_power_3", lambda T, x: T.matrix_power(x, 3), [SQ], True),
    ("matrix_power_6", lambda T, x: T.matrix_power(x, 6), [In((3, 3), low=-0.5, high=0.5)],
     True),
    ("matrix_power_7_batched", lambda T, x: x.matrix_power(7),
     [In((2, 3, 3), low=-0.5, high=0.5)], True),
    ("matrix_power_neg1", lambda T, x: T.matrix_power(x, -1), [SQ], True),
    ("matrix_power_neg2", lambda T, x: T.matrix_power(x, -2), [SQ_B], True),
    ("matrix_power_int", lambda T, x: T.matrix_power(x, 3), [In((2, 2), "int64")], False),
    ("linalg_matrix_power", lambda T, x: T.linalg.matrix_power(x, 2), [SQ], True),
    ("pinverse_wide", lambda T, x: T.pinverse(x), [(2, 3)], True),
    ("pinverse_tall", lambda T, x: x.pinverse(), [(4, 2)], True),
    ("pinverse_batched", lambda T, x: T.pinverse(x), [(2, 3, 2)], True),
    # ---- cross products and distances
    ("cross_dim", lambda T, a, b: T.cross(a, b, dim=1), [(4, 3), (4, 3)], True),
    ("cross_method", lambda T, a, b: a.cross(b, 0), [(3, 2), (3, 2)], True),
    ("linalg_cross", lambda T, a, b: T.linalg.cross(a, b), [(2, 3), (1, 3)], True),
    ("linalg_cross_dim", lambda T, a, b: T.linalg.cross(a, b, dim=0), [(3, 4), (3, 4)], True),
    ("cross_int", lambda T, a, b: T.linalg.cross(a, b),
     [In((3,), "int64"), In((3,), "int64")], False),
    ("dist", lambda T, a, b: T.dist(a, b), [(2, 3), (2, 3)], True),
    ("dist_broadcast", lambda T, a, b: a.dist(b, 1), [(2, 3), (3,)], True),
    ("dist_inf", lambda T, a, b: T.dist(a, b, INF), [In((2, 3), distinct=True), (2, 3)],
     True),
    ("dist_neg_inf", lambda T, a, b: T.dist(a, b, -INF), [In((2, 3), distinct=True), (2, 3)],
     True),
    ("dist_p3", lambda T, a, b: T.dist(a, b, 3), [(2, 3), (2, 3)], True),
    ("dist_p0", lambda T, a, b: T.dist(a.detach(), b, 0), [(2, 3), In((2, 3), grad=False)],
     False),
    ("dist_same", lambda T, a: T.dist(a, a.detach()), [(2, 3)], False),
    ("dist_promotes", lambda T, a, b: T.dist(a, b), [(2, 3), In((2, 3), "float64")], True),
    ("cdist", lambda T, a, b: T.cdist(a, b), [(4, 3), (5, 3)], True),
    ("cdist_p1", lambda T, a, b: T.cdist(a, b, p=1), [(4, 3), (5, 3)], True),
    ("cdist_inf", lambda T, a, b: T.cdist(a, b, p=INF), [In((4, 3), distinct=True), (5, 3)],
     True),
    ("cdist_p3", lambda T, a, b: T.cdist(a, b, 3.0), [(4, 3), (5, 3)], True),
    ("cdist_p_half", lambda T, a, b: T.cdist(a, b, 0.5), [(4, 3), (5, 3)], True),
    ("cdist_p0", lambda T, a, b: T.cdist(a, b, 0), [(4, 3), (5, 3)], False),
    ("cdist_batched", lambda T, a, b: T.cdist(a, b), [(2, 4, 3), (5, 3)], True),
    ("cdist_batch_broadcast", lambda T, a, b: T.cdist(a, b, p=1), [(1, 4, 3), (2, 5, 3)],
     True),
    ("cdist_zero_distance", lambda T, a: T.cdist(a, a.detach()), [(3, 2)], False),
    ("cdist_zero_distance_p1", lambda T, a: T.cdist(a, a.detach() * 1, p=1), [(3, 2)], False),
    ("cdist_mm_many_rows", lambda T, a, b: T.cdist(a, b), [(30, 3), (5, 3)], True),
    ("cdist_mm_batched", lambda T, a, b: T.cdist(a, b), [(2, 30, 3), (5, 3)], True),
    ("cdist_mm_forced", lambda T, a, b: T.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
     [(4, 3), (5, 3)], True),
    ("cdist_no_mm", lambda T, a, b: T.cdist(a, b, compute_mode="donot_use_mm_for_euclid_dist"),
     [(30, 3), (5, 3)], True),
    # ---- tensordot, kron
    ("tensordot", lambda T, a, b: T.tensordot(a, b), [(2, 3, 4), (3, 4, 5)], True),
    ("tensordot_1", lambda T, a, b: T.tensordot(a, b, dims=1), [(2, 3), (3, 4)], True),
    ("tensordot_0", lambda T, a, b: T.tensordot(a, b, dims=0), [(2,), (3,)], True),
    ("tensordot_lists", lambda T, a, b: T.tensordot(a, b, dims=([0, 2], [0, 1])),
     [(5, 2, 3), (5, 3, 4)], True),
    ("tensordot_neg", lambda T, a, b: T.tensordot(a, b, dims=([-1], [0])), [(2, 3), (3, 2)],
     True),
    ("tensordot_broadcast_dim", lambda T, a, b: T.tensordot(a, b, dims=([1], [0])),
     [(2, 1), (3, 4)], True),
    ("kron", lambda T, a, b: T.kron(a, b), [(2, 3), (3, 2)], True),
    ("kron_vectors", lambda T, a, b: a.kron(b), [(2,), (3,)], True),
    ("kron_ranks", lambda T, a, b: T.kron(a, b), [(2,), (2, 3)], True),
    ("kron_3d", lambda T, a, b: T.kron(a, b), [(2, 1, 2), (1, 2, 2)], True),
    # ---- torch.linalg norms and products
    ("norm", lambda T, x: T.linalg.norm(x), [(2, 3, 4)], True),
    ("norm_vector_ord", lambda T, x: T.linalg.norm(x, 3), [(5,)], True),
    ("norm_dim", lambda T, x: T.linalg.norm(x, dim=1, keepdim=True), [(2, 3)], True),
    ("norm_dims_fro", lambda T, x: T.linalg.norm(x, dim=(0, 2)), [(2, 3, 4)], True),
    ("norm_matrix_1", lambda T, x: T.linalg.norm(x, 1), [In((3, 4), distinct=True)], True),
    ("norm_matrix_inf", lambda T, x: T.linalg.norm(x, INF), [In((3, 4), distinct=True)], True),
    ("norm_matrix_dims", lambda T, x: T.linalg.norm(x, -INF, dim=(2, 0)),
     [In((2, 3, 4), distinct=True)], True),
    ("norm_fro", lambda T, x: T.linalg.norm(x, "fro"), [(3, 4)], True),
    ("vector_norm", lambda T, x: T.linalg.vector_norm(x), [(2, 3)], True),
    ("vector_norm_dim", lambda T, x: T.linalg.vector_norm(x, 1, dim=(0, 1), keepdim=True),
     [(2, 3, 2)], True),
    ("vector_norm_inf", lambda T, x: T.linalg.vector_norm(x, INF, dim=-1),
     [In((2, 3), distinct=True)], True),
    ("matrix_norm", lambda T, x: T.linalg.matrix_norm(x), [(2, 3, 4)], True),
    ("matrix_norm_1", lambda T, x: T.linalg.matrix_norm(x, 1), [In((2, 3, 4), distinct=True)],
     True),
    ("matrix_norm_neg1", lambda T, x: T.linalg.matrix_norm(x, -1, keepdim=True),
     [In((2, 3, 4), distinct=True)], True),
    ("matrix_norm_inf_keepdim", lambda T, x: T.linalg.matrix_norm(x, INF, keepdim=True),
     [In((2, 3, 4), distinct=True)], True),
    ("matrix_norm_neg_inf_dims", lambda T, x: T.linalg.matrix_norm(x, -INF, dim=(0, 2)),
     [In((2, 3, 4), distinct=True)], True),
    ("matrix_norm_1_dims_reversed", lambda T, x: T.linalg.matrix_norm(x, 1, dim=(2, 0)),
     [In((2, 3, 4), distinct=True)], True),
    # singular vectors: only sign-free uses are comparable (see _svd_invariants)
    ("svd_tall", lambda T, x: _svd_invariants(T.linalg.svd(x, full_matrices=False)),
     [(4, 3)], True),
    ("svd_wide_full", lambda T, x: _svd_invariants(T.linalg.svd(x)), [(3, 4)], True),
    ("svd_square_batched", lambda T, x: _svd_invariants(T.linalg.svd(x)), [(2, 3, 3)], True),
    ("svd_tall_full_batched", lambda T, x: _svd_invariants(T.linalg.svd(x)), [(2, 4, 3)],
     True),
    ("svd_values_only", lambda T, x: T.linalg.svd(x).S, [(3, 4)], True),
    ("svd_U_only", lambda T, x: T.linalg.svd(x, full_matrices=False).U.pow(2), [(4, 3)], True),
    ("svd_Vh_only", lambda T, x: T.linalg.svd(x, full_matrices=False).Vh.pow(2), [(3, 4)],
     True),
    # QR: both libraries run LAPACK's Householder QR, with the same signs
    ("qr_tall", lambda T, x: T.linalg.qr(x), [(4, 3)], True),
    ("qr_wide", lambda T, x: T.linalg.qr(x), [(3, 5)], True),
    ("qr_square_batched", lambda T, x: T.linalg.qr(x), [(2, 3, 3)], True),
    ("qr_complete_wide", lambda T, x: T.linalg.qr(x, mode="complete"), [(2, 3, 4)], True),
    ("qr_complete_tall_forward", lambda T, x: T.linalg.qr(x.detach(), mode="complete"),
     [(4, 3)], False),
    ("qr_r_forward", lambda T, x: T.linalg.qr(x.detach(), mode="r"), [(4, 3)], False),
    ("qr_R_only", lambda T, x: T.linalg.qr(x).R, [(4, 3)], True),
    ("qr_Q_only", lambda T, x: T.linalg.qr(x).Q, [(3, 4)], True),
    ("svdvals", lambda T, x: T.linalg.svdvals(x), [(3, 4)], True),
    ("svdvals_batched_tall", lambda T, x: T.linalg.svdvals(x), [(2, 4, 3)], True),
    ("matrix_norm_nuc", lambda T, x: T.linalg.matrix_norm(x, "nuc"), [(2, 3, 4)], True),
    ("matrix_norm_2", lambda T, x: T.linalg.matrix_norm(x, 2), [(2, 3, 4)], True),
    ("matrix_norm_neg2_dims", lambda T, x: T.linalg.matrix_norm(x, -2, dim=(0, 2)),
     [(2, 3, 4)], True),
    ("matrix_norm_2_keepdim", lambda T, x: T.linalg.matrix_norm(x, 2, keepdim=True),
     [(2, 3, 4)], True),
    ("matrix_norm_nuc_dims_keepdim",
     lambda T, x: T.linalg.matrix_norm(x, "nuc", dim=(2, 0), keepdim=True), [(2, 3, 4)], True),
    ("norm_2_matrix", lambda T, x: T.linalg.norm(x, 2), [(4, 3)], True),
    ("norm_nuc", lambda T, x: T.linalg.norm(x, "nuc"), [(3, 3)], True),
    # eigenvectors: only sign-free uses (V * V, V diag(L) V^T) are comparable
    ("eigh", lambda T, x: _eigh_invariants(T.linalg.eigh(x + x.mT)), [(3, 3)], True),
    ("eigh_batched_upper", lambda T, x: _eigh_invariants(T.linalg.eigh(x + x.mT, UPLO="U")),
     [(2, 4, 4)], True),
    ("eigh_fields", lambda T, x: T.linalg.eigh(x + x.mT).eigenvalues, [(3, 3)], True),
    ("eigh_lower_triangle_only", lambda T, x: T.linalg.eigh(x).eigenvalues, [(3, 3)], False),
    ("eigvalsh", lambda T, x: T.linalg.eigvalsh(x + x.mT), [(2, 3, 3)], True),
    ("multi_dot_2", lambda T, a, b: T.linalg.multi_dot([a, b]), [(2, 3), (3, 4)], True),
    ("multi_dot_vectors", lambda T, a, b: T.linalg.multi_dot([a, b]), [(3,), (3,)], True),
    ("multi_dot_3_left", lambda T, a, b, c: T.linalg.multi_dot([a, b, c]),
     [(2, 3), (3, 4), (4, 5)], True),
    ("multi_dot_3_right", lambda T, a, b, c: T.linalg.multi_dot([a, b, c]),
     [(10, 3), (3, 40), (40, 5)], True),
    ("multi_dot_3_vectors", lambda T, a, b, c: T.linalg.multi_dot([a, b, c]),
     [(3,), (3, 4), (4,)], True),
    ("multi_dot_4", lambda T, a, b, c, d: T.linalg.multi_dot([a, b, c, d]),
     [(2, 3), (3, 4), (4, 5), (5, 2)], True),
    ("multi_dot_5", lambda T, a, b, c, d, e: T.linalg.multi_dot([a, b, c, d, e]),
     [(6, 2), (2, 7), (7, 1), (1, 5), (5,)], True),
    ("linalg_matmul", lambda T, a, b: T.linalg.matmul(a, b), [(2, 3), (3,)], True),
]

FLOAT64 = {"addmm", "addmv", "addr", "baddbmm", "addbmm", "diagonal", "diag_embed", "trace",
           "tril", "det", "slogdet", "logdet", "inverse", "solve_matrix", "matrix_power_3",
           "pinverse_wide", "cross_dim", "dist", "cdist", "cdist_p3", "tensordot", "kron",
           "norm", "matrix_norm_1", "multi_dot_4", "matrix_norm_nuc",
           "matrix_norm_2_keepdim", "svd_tall", "svd_wide_full", "eigh", "eigvalsh", "qr_tall", "qr_wide"}


def _svd_invariants(result):
    U, S, Vh = result
    k = S.shape[-1]
    U, Vh = U[..., :k], Vh[..., :k, :]
    return S, U * U, Vh * Vh, (U * S.unsqueeze(-2)) @ Vh


def _eigh_invariants(result):
    L, V = result
    return L, V * V, (V * L.unsqueeze(-2)) @ V.mT


def _write_diagonal(x):
    y = x * 1
    y.diagonal().mul_(3)
    return y


@pytest.mark.parametrize("name,fn,inputs,gradcheck", CASES, ids=[c[0] for c in CASES])
def test_case(oracle, name, fn, inputs, gradcheck):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        check_case(oracle, name, fn, inputs, rtol=1e-4, atol=1e-5)
    if gradcheck:
        check_gradcheck(fn, inputs)


@pytest.mark.parametrize("name", sorted(FLOAT64))
def test_case_float64(oracle, name):
    _, fn, inputs, _ = next(c for c in CASES if c[0] == name)
    check_case(oracle, name, fn, inputs, rtol=1e-9, atol=1e-10, dtype="float64")


def test_linear_keeps_its_graph(oracle):
    """nn.functional.linear runs addmm's op: one AddmmBackward0 with TBackward0 on the weight,
    the bias gradient summed over the rows."""
    fn = lambda T, x, w, b: T.nn.functional.linear(x, w, b)  # noqa: E731
    check_case(oracle, "linear2d", fn, [(4, 3), (2, 3), (2,)])
    check_case(oracle, "linear3d", fn, [(2, 4, 3), (2, 3), (2,)])


def test_inplace_versions(oracle):
    """The in-place forms change the tensor itself (same object, version bumped) and
    rebase its history onto the fused node."""
    def run(T):
        x = T.ones(2, 3, requires_grad=True)
        out = []
        for name, args in (("addmm_", (T.ones(2, 4), T.ones(4, 3) * 0.5)),
                           ("addr_", (T.arange(2.), T.arange(3.))),
                           ("tril_", ()), ("triu_", (1,))):
            y = x * 2
            v = y._version
            r = getattr(y, name)(*args)
            out += [r is y, y._version - v, y]
        out[-1].sum().backward()
        return out + [x.grad]
    compare(run(al), oracle("inplace", run))


def test_diagonal_is_view(oracle):
    def run(T):
        x = T.arange(9.).reshape(3, 3).clone()
        d = x.diagonal()
        d[1] = 100.0
        return [x, d._base is x, d.is_contiguous(), list(d.stride()), x.diag().stride()[0]]
    ours = run(al)
    assert ours[1] is True
    compare(ours, oracle("view", run))


def test_indices(oracle):
    def run(T):
        return [T.tril_indices(3, 4), T.tril_indices(3, 4, 1), T.triu_indices(3, 4, -1),
                T.triu_indices(4, 3, 2, dtype=T.int32), T.tril_indices(0, 4),
                T.triu_indices(3, 4, -10), T.tril_indices(3, 4, 10), T.tril_indices(1, 1)]
    compare(run(al), oracle("indices", run))


def test_slogdet_result_type(oracle):
    def run(T):
        x = T.tensor([[0.0, 2.0], [1.0, 0.0]])
        r, q = T.slogdet(x), T.linalg.slogdet(x)
        e = T.linalg.eigh(T.tensor([[2.0, 0.0], [0.0, 1.0]]))
        u = T.linalg.svd(T.tensor([[2.0, 0.0], [0.0, 1.0]]))
        qr = T.linalg.qr(T.tensor([[2.0, 1.0], [0.0, 1.0]]))
        return [repr(r), repr(q), type(r).__name__, type(q).__name__, r.sign, q.logabsdet,
                repr(e), type(e).__name__, e.eigenvalues, repr(u), type(u).__name__, u.S,
                repr(qr), type(qr).__name__, qr.R]
    compare(run(al), oracle("slogdet_type", run))


def test_linalg_error_class():
    """A singular matrix raises torch's ``_LinAlgError``, a RuntimeError, public as
    ``linalg.LinAlgError``."""
    with pytest.raises(al.linalg.LinAlgError):
        al.linalg.inv(al.zeros(2, 2))
    assert issubclass(al.linalg.LinAlgError, RuntimeError)
    assert al.linalg.LinAlgError.__name__ == "_LinAlgError"


def test_cross_default_dim_warns_once(oracle, monkeypatch):
    """torch.cross without dim: the first dim of size 3, and TORCH_WARN_ONCE's message."""
    from autograd_lab.ops import distance
    monkeypatch.setattr(distance, "_warned_cross_dim", False)
    a = al.tensor([[1.0, 0.0, 0.0]] * 4)
    b = al.tensor([[0.0, 1.0, 0.0]] * 4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = al.cross(a, b)
        al.cross(a, b)
    assert [str(w.message) for w in caught] == [
        "Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass "
        "the dim explicitly or simply use torch.linalg.cross.\nThe default value of dim will "
        "change to agree with that of linalg.cross in a future release. (Triggered internally "
        "at /__w/pytorch/pytorch/aten/src/ATen/native/Cross.cpp:63.)"]
    assert first.tolist() == [[0.0, 0.0, 1.0]] * 4

    def run(T):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [T.cross(T.ones(3, 4), T.arange(12.).reshape(3, 4)),
                    T.cross(T.ones(2, 3, 3), T.arange(18.).reshape(2, 3, 3))]
    compare([run(al)], [oracle("default_dim", run)])


def test_double_backward(oracle):
    """create_graph through the ops whose derivatives are written with other ops."""
    def run(T):
        a = T.tensor([[2.0, 0.5, 0.1], [0.3, 3.0, -0.2], [0.1, 0.4, 2.5]], requires_grad=True)
        b = T.tensor([[1.0, -1.0], [0.5, 2.0], [0.3, 0.2]], requires_grad=True)
        out = []
        for f in (lambda: a.det(), lambda: a.inverse().sum(), lambda: T.slogdet(a)[1],
                  lambda: T.linalg.solve(a, b).pow(2).sum(), lambda: a.diagonal(1).pow(2).sum(),
                  lambda: T.addmm(b[:, :1], a, b, alpha=2).pow(2).sum(),
                  lambda: a.triu().pow(3).sum(), lambda: T.trace(a * a)):
            ga, = T.autograd.grad(f(), (a,), create_graph=True)
            gg, = T.autograd.grad(ga.pow(2).sum(), (a,))
            out += [ga, gg]
        return out
    compare(run(al), oracle("double", run), rtol=1e-4, atol=1e-5)


ERRORS = [
    ("addmm_shapes", lambda T: T.addmm(T.ones(2, 4), T.ones(2, 3), T.ones(4, 4))),
    ("addmm_input_shape", lambda T: T.addmm(T.ones(3, 4), T.ones(2, 3), T.ones(3, 4))),
    ("addmm_input_3d", lambda T: T.addmm(T.ones(2, 2, 4), T.ones(2, 3), T.ones(3, 4))),
    ("addmm_input_shape_scaled", lambda T: T.addmm(T.ones(3, 4), T.ones(2, 3), T.ones(3, 4),
                                                   beta=2)),
    ("addmm_mat1_1d", lambda T: T.addmm(T.ones(2, 4), T.ones(3), T.ones(3, 4))),
    ("addmm_mat2_1d", lambda T: T.addmm(T.ones(2, 4), T.ones(2, 3), T.ones(3))),
    ("addmm_dtype_mat2", lambda T: T.addmm(T.ones(2, 4), T.ones(2, 3),
                                           T.ones(3, 4, dtype=T.float64))),
    ("addmm_dtype_self", lambda T: T.addmm(T.ones(2, 4, dtype=T.float64), T.ones(2, 3),
                                           T.ones(3, 4))),
    ("addmm_dtype_mat1", lambda T: T.addmm(T.ones(2, 4), T.ones(2, 3, dtype=T.float64),
                                           T.ones(3, 4))),
    ("addmm_inplace_grow", lambda T: T.ones(4).addmm_(T.ones(2, 3), T.ones(3, 4))),
    ("linear_dtype", lambda T: T.nn.functional.linear(T.ones(2, 3), T.ones(4, 3).double(),
                                                      T.ones(4))),
    ("linear_shapes", lambda T: T.nn.functional.linear(T.ones(2, 3), T.ones(4, 5), T.ones(4))),
    ("addmv_size", lambda T: T.addmv(T.ones(2), T.ones(2, 3), T.ones(4))),
    ("addmv_input_size", lambda T: T.addmv(T.ones(3), T.ones(2, 3), T.ones(3))),
    ("addmv_dtype", lambda T: T.addmv(T.ones(2), T.ones(2, 3), T.ones(3).double())),
    ("addmv_inplace_grow", lambda T: T.ones(1).addmv_(T.ones(4, 3), T.ones(3))),
    ("addr_size", lambda T: T.addr(T.ones(2, 4), T.ones(2), T.ones(5))),
    ("addr_2d", lambda T: T.addr(T.ones(2, 4), T.ones(2, 1), T.ones(4))),
    ("addr_int_beta", lambda T: T.addr(T.ones(2, 4).long(), T.ones(2).long(), T.ones(4).long(),
                                       beta=0.5)),
    ("baddbmm_batch", lambda T: T.baddbmm(T.ones(5, 2, 4), T.ones(5, 2, 3), T.ones(4, 3, 4))),
    ("baddbmm_k", lambda T: T.baddbmm(T.ones(5, 2, 4), T.ones(5, 2, 3), T.ones(5, 4, 4))),
    ("baddbmm_input", lambda T: T.baddbmm(T.ones(3, 2, 4), T.ones(5, 2, 3), T.ones(5, 3, 4))),
    ("baddbmm_dtype", lambda T: T.baddbmm(T.ones(5, 2, 4), T.ones(5, 2, 3),
                                          T.ones(5, 3, 4).double())),
    ("baddbmm_input_dtype", lambda T: T.baddbmm(T.ones(5, 2, 4).double(), T.ones(5, 2, 3),
                                                T.ones(5, 3, 4))),
    ("baddbmm_inplace_grow", lambda T: T.ones(1, 4).baddbmm_(T.ones(2, 1, 3), T.ones(2, 3, 4))),
    ("addbmm_batches", lambda T: T.addbmm(T.ones(2, 4), T.ones(5, 2, 3), T.ones(4, 3, 4))),
    ("addbmm_input", lambda T: T.addbmm(T.ones(3, 4), T.ones(5, 2, 3), T.ones(5, 3, 4))),
    ("addbmm_dtype", lambda T: T.addbmm(T.ones(2, 4), T.ones(5, 2, 3),
                                        T.ones(5, 3, 4).double())),
    ("trace_1d", lambda T: T.trace(T.ones(3))),
    ("trace_bool", lambda T: T.trace(T.ones(3, 3).bool())),
    ("diagonal_same_dims", lambda T: T.diagonal(T.ones(3, 4), 0, 1, 1)),
    ("diagonal_dim_range", lambda T: T.diagonal(T.ones(3, 4), 0, 1, 2)),
    ("diagonal_1d", lambda T: T.ones(3).diagonal()),
    ("diag_3d", lambda T: T.diag(T.ones(2, 2, 2))),
    ("diag_0d", lambda T: T.diag(T.tensor(1.0))),
    ("diag_embed_same_dims", lambda T: T.diag_embed(T.ones(3), 0, 0, 0)),
    ("diag_embed_dim_range", lambda T: T.diag_embed(T.ones(2, 3), 1, 0, 3)),
    ("tril_1d", lambda T: T.tril(T.ones(3))),
    ("triu_1d", lambda T: T.ones(3).triu()),
    ("tril_inplace_1d", lambda T: T.ones(3).tril_()),
    ("tril_indices_float", lambda T: T.tril_indices(3, 4, dtype=T.float32)),
    ("tril_indices_negative", lambda T: T.tril_indices(-1, 4)),
    ("inv_singular", lambda T: T.linalg.inv(T.tensor([[1.0, 2.0], [2.0, 4.0]]))),
    ("inv_singular_batch", lambda T: T.inverse(T.stack([T.eye(3), T.tensor(
        [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])]))),
    ("inv_zero_first_pivot", lambda T: T.inverse(T.zeros(3, 3))),
    ("inv_not_square", lambda T: T.linalg.inv(T.ones(2, 3))),
    ("inv_1d", lambda T: T.inverse(T.ones(3))),
    ("inv_int", lambda T: T.inverse(T.ones(2, 2).long())),
    ("solve_singular", lambda T: T.linalg.solve(T.tensor([[1.0, 2.0], [2.0, 4.0]]), T.ones(2))),
    ("solve_shapes", lambda T: T.linalg.solve(T.eye(2), T.ones(3))),
    ("solve_shapes_matrix", lambda T: T.linalg.solve(T.eye(2), T.ones(3, 2))),
    ("solve_left_false_vector", lambda T: T.linalg.solve(T.eye(3), T.ones(3), left=False)),
    ("solve_left_false_shapes", lambda T: T.linalg.solve(T.eye(3), T.ones(3, 2), left=False)),
    ("solve_left_false_1x1", lambda T: T.linalg.solve(T.ones(1, 1), T.ones(1), left=False)),
    ("solve_batches", lambda T: T.linalg.solve(T.eye(2).expand(3, 2, 2), T.ones(4, 2, 1))),
    ("solve_dtype", lambda T: T.linalg.solve(T.eye(2), T.ones(2).double())),
    ("solve_not_square", lambda T: T.linalg.solve(T.ones(2, 3), T.ones(2))),
    ("det_not_square", lambda T: T.det(T.ones(2, 3))),
    ("det_1d", lambda T: T.det(T.ones(3))),
    ("det_int", lambda T: T.linalg.det(T.ones(2, 2).long())),
    ("slogdet_not_square", lambda T: T.linalg.slogdet(T.ones(2, 3))),
    ("logdet_int", lambda T: T.logdet(T.ones(2, 2).long())),
    ("matrix_power_not_square", lambda T: T.matrix_power(T.ones(2, 3), 2)),
    ("matrix_power_singular", lambda T: T.matrix_power(T.tensor([[1.0, 2.0], [2.0, 4.0]]), -1)),
    ("matrix_power_int_negative", lambda T: T.matrix_power(T.ones(2, 2).long(), -1)),
    ("pinverse_1d", lambda T: T.pinverse(T.ones(3))),
    ("cross_no_size_3", lambda T: T.cross(T.ones(2, 4), T.ones(2, 4))),
    ("cross_dim_not_3", lambda T: T.cross(T.ones(4, 3), T.ones(4, 3), dim=0)),
    ("linalg_cross_not_3", lambda T: T.linalg.cross(T.ones(3, 4), T.ones(3, 4))),
    ("linalg_cross_broadcast", lambda T: T.linalg.cross(T.ones(4, 3), T.ones(2, 3))),
    ("linalg_cross_dtype", lambda T: T.linalg.cross(T.ones(3), T.ones(3).double())),
    ("linalg_cross_ndim", lambda T: T.linalg.cross(T.ones(3, 4), T.ones(4))),
    ("dist_shapes", lambda T: T.dist(T.ones(4, 3), T.ones(2))),
    ("dist_int", lambda T: T.dist(T.ones(2).long(), T.ones(2).long())),
    ("cdist_columns", lambda T: T.cdist(T.ones(4, 3), T.ones(5, 2))),
    ("cdist_1d", lambda T: T.cdist(T.ones(3), T.ones(5, 3))),
    ("cdist_int", lambda T: T.cdist(T.ones(4, 3).long(), T.ones(5, 3).long())),
    ("cdist_dtype", lambda T: T.cdist(T.ones(4, 3), T.ones(5, 3).double())),
    ("cdist_negative_p", lambda T: T.cdist(T.ones(4, 3), T.ones(5, 3), p=-1)),
    ("tensordot_sizes", lambda T: T.tensordot(T.ones(2, 3), T.ones(4, 5), dims=1)),
    ("tensordot_lengths", lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5), dims=([1], []))),
    ("tensordot_dtype", lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5).double(), dims=1)),
    ("tensordot_negative", lambda T: T.tensordot(T.ones(2, 3), T.ones(3, 5), dims=-1)),
    ("norm_ord_3d", lambda T: T.linalg.norm(T.ones(2, 3, 4), 2)),
    ("norm_three_dims", lambda T: T.linalg.norm(T.ones(2, 3, 4), dim=(0, 1, 2))),
    ("norm_fro_one_dim", lambda T: T.linalg.norm(T.ones(2, 3), "fro", dim=1)),
    ("norm_fro_vector", lambda T: T.linalg.norm(T.ones(3), "fro")),
    ("norm_int", lambda T: T.linalg.norm(T.ones(3, 3).long())),
    ("eigh_not_square", lambda T: T.linalg.eigh(T.ones(2, 3))),
    ("eigh_1d", lambda T: T.linalg.eigh(T.ones(3))),
    ("eigh_int", lambda T: T.linalg.eigh(T.ones(2, 2).long())),
    ("eigh_uplo", lambda T: T.linalg.eigh(T.eye(2), UPLO="X")),
    ("qr_1d", lambda T: T.linalg.qr(T.ones(3))),
    ("qr_int", lambda T: T.linalg.qr(T.ones(3, 3).long())),
    ("qr_mode", lambda T: T.linalg.qr(T.ones(3, 3), mode="x")),
    ("qr_r_backward", lambda T: T.linalg.qr(T.ones(3, 2, requires_grad=True), mode="r")
     .R.sum().backward()),
    ("qr_complete_tall_backward", lambda T: T.linalg.qr(
        T.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]], requires_grad=True), mode="complete")
     .R.sum().backward()),
    ("svd_1d", lambda T: T.linalg.svd(T.ones(3))),
    ("svd_int", lambda T: T.linalg.svd(T.ones(3, 3).long())),
    ("svdvals_1d", lambda T: T.linalg.svdvals(T.ones(3))),
    ("svdvals_int", lambda T: T.linalg.svdvals(T.ones(3, 3).long())),
    ("matrix_norm_order", lambda T: T.linalg.matrix_norm(T.ones(3, 3), 3)),
    ("matrix_norm_string", lambda T: T.linalg.matrix_norm(T.ones(3, 3), "abc")),
    ("matrix_norm_same_dims", lambda T: T.linalg.matrix_norm(T.ones(2, 3, 3), "fro",
                                                             dim=(1, 1))),
    ("matrix_norm_int", lambda T: T.linalg.matrix_norm(T.ones(2, 3, 3).long())),
    ("multi_dot_one", lambda T: T.linalg.multi_dot([T.ones(2, 3)])),
    ("multi_dot_shapes", lambda T: T.linalg.multi_dot([T.ones(2, 3), T.ones(4, 5)])),
    ("multi_dot_last_3d", lambda T: T.linalg.multi_dot([T.ones(2, 3), T.ones(3, 4, 4)])),
    ("multi_dot_first_3d", lambda T: T.linalg.multi_dot([T.ones(2, 2, 3), T.ones(3, 4)])),
    ("multi_dot_middle_1d", lambda T: T.linalg.multi_dot([T.ones(2, 3), T.ones(3),
                                                          T.ones(3, 4)])),
    ("multi_dot_dtype", lambda T: T.linalg.multi_dot([T.ones(2, 3), T.ones(3, 4).double()])),
    ("multi_dot_shapes_later", lambda T: T.linalg.multi_dot([T.ones(2, 3), T.ones(3, 4),
                                                             T.ones(5, 5)])),
]


@pytest.mark.filterwarnings("ignore:Using torch.cross without specifying the dim")
@pytest.mark.parametrize("name,fn", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors(oracle, name, fn):
    check_error(oracle, name, fn)


# ------------------------------------------------------------------- einsum
EINSUM = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("ij->ji", [(2, 3)]),
    ("ij->", [(2, 3)]),
    ("ijk->j", [(2, 3, 4)]),
    ("bij,bjk->bik", [(5, 2, 3), (5, 3, 4)]),
    ("...ij,...jk", [(5, 2, 3), (5, 3, 4)]),
    ("...ij,...jk->...ik", [(2, 1, 2, 3), (5, 3, 4)]),
    ("i...->...", [(2, 3, 4)]),
    ("i,i", [(3,), (3,)]),
    ("i,i->i", [(3,), (3,)]),
    ("i,j->ij", [(2,), (3,)]),
    ("i,j", [(2,), (3,)]),
    ("ij,ij->", [(2, 3), (2, 3)]),
    ("ij,ij->ij", [(2, 3), (2, 3)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ba,ca->bc", [(2, 3), (4, 3)]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    ("iij->j", [(3, 3, 2)]),
    ("iji,jk", [(2, 3, 2), (3, 4)]),
    ("Ab,bC->CA", [(2, 3), (3, 4)]),
    (" i j , j k -> i k ", [(2, 3), (3, 4)]),
    ("ij,kj->ikj", [(2, 3), (1, 3)]),
    ("ik,kj->ij", [(2, 1), (1, 3)]),
    ("ijk,ikl->ijl", [(2, 1, 3), (2, 3, 4)]),
]


@pytest.mark.parametrize("eq,shapes", EINSUM, ids=[e[0].replace(" ", "_") for e in EINSUM])
def test_einsum(oracle, eq, shapes):
    """Values, gradients and the whole graph (PyTorch's permute/reshape/bmm composition)."""
    specs = [In(s, seed=k) for k, s in enumerate(shapes)]
    fn = lambda T, *xs: T.einsum(eq, *xs)  # noqa: E731
    check_case(oracle, eq, fn, specs, rtol=1e-5, atol=1e-5)
    check_case(oracle, eq + "-f64", fn, specs, rtol=1e-9, atol=1e-10, dtype="float64")
    check_gradcheck(fn, specs)


def test_einsum_list_operands(oracle):
    fn = lambda T, a, b: T.einsum("ij,jk", [a, b])  # noqa: E731
    check_case(oracle, "list", fn, [(2, 3), (3, 4)])
    fn = lambda T, a, b: T.einsum(a, [0, 27], b, [27, 30], [30, 0])  # noqa: E731
    check_case(oracle, "sublists", fn, [(2, 3), (3, 4)])
    fn = lambda T, a, b: T.einsum(a, [..., 1], b, [1, 2])  # noqa: E731
    check_case(oracle, "sublists_ellipsis", fn, [(5, 2, 3), (3, 4)])


EINSUM_ERRORS = [
    ("no_operands", lambda T: T.einsum("i")),
    ("sublist_range", lambda T: T.einsum(T.ones(2), [52])),
    ("too_few", lambda T: T.einsum("i,j", T.ones(2))),
    ("too_many", lambda T: T.einsum("i", T.ones(2), T.ones(2))),
    ("bad_label", lambda T: T.einsum("i1", T.ones(2, 2))),
    ("bad_output_label", lambda T: T.einsum("ij->i1", T.ones(2, 2))),
    ("dims", lambda T: T.einsum("ijk", T.ones(2, 2))),
    ("dims_ellipsis", lambda T: T.einsum("ijk...", T.ones(2, 2))),
    ("two_ellipses", lambda T: T.einsum("...i...", T.ones(2, 2))),
    ("bad_ellipsis", lambda T: T.einsum("..i", T.ones(2, 2))),
    ("output_twice", lambda T: T.einsum("ij->ii", T.ones(2, 2))),
    ("output_unknown", lambda T: T.einsum("ij->k", T.ones(2, 2))),
    ("sizes", lambda T: T.einsum("ij,jk", T.ones(2, 3), T.ones(4, 2))),
    ("repeated_sizes", lambda T: T.einsum("ii", T.ones(2, 3))),
    ("ellipsis_sizes", lambda T: T.einsum("...i,...i", T.ones(2, 3), T.ones(4, 3))),
]


@pytest.mark.parametrize("name,fn", EINSUM_ERRORS, ids=[c[0] for c in EINSUM_ERRORS])
def test_einsum_errors(oracle, name, fn):
    check_error(oracle, name, fn)


@st.composite
def _equations(draw):
    """A random einsum equation over a few labels (repeats, broadcasting size-1 dims,
    implicit or explicit output) and its operands' shapes."""
    sizes = {"a": 2, "b": 3, "c": 1, "d": 4, "E": 2}
    ops = draw(st.lists(st.text("abcdE", min_size=1, max_size=3), min_size=1, max_size=3))
    labels = sorted(set("".join(ops)))
    out = draw(st.permutations(labels).map(lambda p: "".join(p)))
    out = out[:draw(st.integers(0, len(out)))]
    explicit = draw(st.booleans())
    eq = ",".join(ops) + ("->" + out if explicit else "")
    return eq, [tuple(sizes[c] for c in op) for op in ops]


@pytest.mark.skipif(not torch_available(), reason="property test compares live with torch")
@settings(max_examples=30, deadline=None)
@given(case=_equations())
def test_einsum_property(case):
    """Values, gradients and the graph's node names for random equations. With three
    operands the graph is not compared: there the product of the first two may be a plain
    broadcast ``mul`` whose result PyTorch lays out with permuted strides (TensorIterator)
    and NumPy C-contiguous, so a later reshape of it is ``ReshapeAliasBackward0`` or
    ``CloneBackward0``/``UnsafeViewBackward0`` there and ``ViewBackward0`` here (e.g.
    ``"a,cE,a"``) -- a difference of ``mul``'s output layout, not of einsum."""
    import torch
    from oracle import _encode
    eq, shapes = case
    specs = [In(s, seed=k) for k, s in enumerate(shapes)]
    fn = lambda T, *xs: T.einsum(eq, *xs)  # noqa: E731
    ours, expected = run_case(al, fn, specs), _encode(run_case(torch, fn, specs))
    if len(shapes) > 2:
        ours, expected = ours[:-1], expected[:-1]
    compare(ours, expected, rtol=1e-5, atol=1e-5)
