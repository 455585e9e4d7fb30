"""Decompositions of matrices with a gradient: the singular value decomposition (``svd``,
and ``svdvals``, which ``matrix_norm`` uses for 'nuc' and 2) and the symmetric eigendecomposition (``eigh``,
``eigvalsh``). The outputs are laid out as LAPACK leaves them, as in PyTorch."""
from .. import _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from ._return_types import named_result
from .matrix_functions import _lapack_layout, _xp_linalg, check_floating, check_square


# ---------------------------------------------------------------------------- singular values
class Svd(Op):
    """``A = U diag(S) Vh`` (reduced, or with ``full_matrices`` the square U and Vh),
    PyTorch's ``_linalg_svd``. The gradient is PyTorch's ``svd_backward`` (valid for distinct
    singular values): with ``E_ij = S_j^2 - S_i^2`` and ``skew(X) = X - X^T``,
    ``gA = U [(skew(U^T gU) S + S skew(Vh gVh^T)) / E + diag(gS)] Vh``, plus the parts of
    ``gU`` / ``gVh`` outside the span of U / V for a tall / wide matrix. A singular vector's
    sign is arbitrary, so only sign-free uses of U and Vh are comparable between libraries."""
    node_name = "LinalgSvdBackward0"
    saved_names = ("U", "S", "Vh")
    saved_attrs = ("full_matrices", "compute_uv")

    @staticmethod
    def forward(ctx, A, full_matrices):
        ctx.full_matrices, ctx.compute_uv = full_matrices, True
        u, s, vh = _xp_linalg(A).svd(A._data, full_matrices=full_matrices)
        u, vh = _lapack_layout(u), _lapack_layout(vh)
        ctx.save_for_backward(Tensor._make(u), Tensor._make(s), Tensor._make(vh))
        return u, s, vh

    @staticmethod
    def backward(ctx, gU, gS, gVh):
        U, S, Vh = ctx.saved_tensors
        k = S.shape[-1]
        if ctx.full_matrices:           # only the first k singular vectors matter
            U, Vh = U.narrow(-1, 0, k), Vh.narrow(-2, 0, k)
            gU = gU.narrow(-1, 0, k) if gU is not None else None
            gVh = gVh.narrow(-2, 0, k) if gVh is not None else None
        m, n = U.shape[-2], Vh.shape[-1]
        if gU is None and gVh is None:   # the singular values alone
            return (U @ (gS.unsqueeze(-1) * Vh) if m >= n else
                    (U * gS.unsqueeze(-2)) @ Vh), None
        S2 = S * S
        E = S2.unsqueeze(-2) - S2.unsqueeze(-1)
        E = E + E.new_ones(k).diag_embed()          # (the diagonal is replaced below)
        inner = 0
        if gU is not None:
            UhgU = U.mT @ gU
            inner = (UhgU - UhgU.mT) * S.unsqueeze(-2)
        if gVh is not None:
            VhgV = Vh @ gVh.mT
            inner = inner + S.unsqueeze(-1) * (VhgV - VhgV.mT)
        inner = inner / E
        if gS is not None:
            inner = inner + gS.diag_embed()
        if m > n and gU is not None:
            gA = U @ inner
            gUSinv = gU / S.unsqueeze(-2)
            return (gA + gUSinv - U @ (U.mT @ gUSinv)) @ Vh, None
        if m < n and gVh is not None:
            gA = inner @ Vh
            SinvgVh = gVh / S.unsqueeze(-1)
            return U @ (gA + SinvgVh - (SinvgVh @ Vh.mT) @ Vh), None
        return (U @ (inner @ Vh) if m >= n else (U @ inner) @ Vh), None


linalg_svd_result = named_result("linalg_svd", ("U", "S", "Vh"))


def _check_svd(A):
    if A.ndim < 2:
        raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
    check_floating(A, "linalg.svd")


def svd(A, full_matrices=True):
    """The singular value decomposition ``A = U diag(S) Vh`` of each matrix of ``A``
    (``(*, m, n)``); S descending. ``full_matrices=False`` gives the reduced U and Vh.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.svd(torch.tensor([[3., 0.], [0., -4.]])).S
    tensor([4., 3.])
    """
    _check_svd(A)
    return linalg_svd_result(*Svd.apply(A, bool(full_matrices)))


def svdvals(A):
    """The singular values of each matrix of ``A`` (``(*, m, n)``), in descending order.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.svdvals(torch.tensor([[3., 0.], [0., -4.]]))
    tensor([4., 3.])
    """
    _check_svd(A)
    return Svd.apply(A, False)[1]


# ---------------------------------------------------------------------------- eigh
linalg_eigh_result = named_result("linalg_eigh", ("eigenvalues", "eigenvectors"))


class Eigh(Op):
    """Eigenvalues (ascending) and orthonormal eigenvectors of symmetric matrices, read from
    one triangle (``UPLO``). With ``A = V diag(L) V^T``, PyTorch's gradient is
    ``V (diag(gL) + skew(V^T gV) / (L_j - L_i)) V^T`` (the eigenvectors' part needs distinct
    eigenvalues); an eigenvector's sign is arbitrary, so only sign-free uses of it (V V^T,
    V ** 2...) are comparable between libraries."""
    node_name = "LinalgEighBackward0"
    saved_names = ("eigenvalues", "eigenvectors")

    @staticmethod
    def forward(ctx, A, uplo):
        L, V = _xp_linalg(A).eigh(A._data, UPLO=uplo)
        L, V = Tensor._make(L), Tensor._make(_lapack_layout(V))
        ctx.save_for_backward(L, V)
        return L._data, V._data

    @staticmethod
    def backward(ctx, gL, gV):
        L, V = ctx.saved_tensors
        if gV is None:
            inner = gL.diag_embed()
        else:
            VhgV = V.mT @ gV
            VhgV = (VhgV - VhgV.mT) * 0.5
            gaps = L.unsqueeze(-2) - L.unsqueeze(-1)           # L_j - L_i
            gaps = gaps + gaps.new_ones(gaps.shape[-1]).diag_embed()   # 1 on the diagonal
            inner = VhgV / gaps
            d = gL if gL is not None else inner.new_zeros(inner.shape[:-1])
            inner = inner - inner.diagonal(0, -2, -1).diag_embed() + d.diag_embed()
        return V @ inner @ V.mT, None


def _check_eigh(A, UPLO):
    check_square(A, "linalg.eigh")
    if not A.is_floating_point():
        raise NotImplementedError(f"\"linalg_eigh_cpu\" not implemented for "
                                  f"'{_dtype.type_name(A.dtype)}'")
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")


def eigh(A, UPLO="L"):
    """Eigenvalues (ascending) and eigenvectors (columns) of each symmetric matrix of ``A``,
    which is read from its lower (``UPLO="L"``) or upper triangle.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.eigh(torch.tensor([[2., 0.], [0., 1.]])).eigenvalues
    tensor([1., 2.])
    """
    _check_eigh(A, UPLO)
    return linalg_eigh_result(*Eigh.apply(A, UPLO))


def eigvalsh(A, UPLO="L"):
    """The eigenvalues (ascending) of each symmetric matrix of ``A``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.eigvalsh(torch.tensor([[2., 1.], [1., 2.]]))
    tensor([1., 3.])
    """
    _check_eigh(A, UPLO)
    return Eigh.apply(A, UPLO)[0]


# ---------------------------------------------------------------------------- qr
linalg_qr_result = named_result("linalg_qr", ("Q", "R"))


def _qr_square_backward(Q, R, gQ, gR):
    """``gA`` for ``A = QR`` with ``R`` square (m >= n): with ``M = Q^T gQ`` and ``N = R gR^T``,
    ``gA = Q (gR + tril(M - M^T + N - N^T) R^-T) + (gQ - Q M) R^-T``."""
    M = Q.mT @ gQ
    N = R @ gR.mT
    low = (M - M.mT + N - N.mT).tril()
    return Q @ (gR + _solve_right(low, R)) + _solve_right(gQ - Q @ M, R)


def _solve_right(X, R):
    """``X R^-T`` (a triangular solve, done as a general one)."""
    from .matrix_functions import solve
    return solve(R, X.mT).mT


class Qr(Op):
    """``A = Q R``: Q with orthonormal columns, R upper triangular (LAPACK's Householder QR,
    with its signs). The gradient is the classical one (as TensorFlow and PyTorch give it),
    split for a wide ``A = [X | Y]`` into the square part ``X = Q R_1`` and ``Y = Q R_2``."""
    node_name = "LinalgQrBackward0"
    saved_names = ("Q", "R")
    saved_attrs = ("mode",)

    @staticmethod
    def forward(ctx, A, mode):
        ctx.mode = mode
        xp = A._xp()
        q, r = xp.linalg.qr(A._data, mode="complete" if mode == "complete" else "reduced")
        if mode == "r":
            q = xp.zeros((0,), A._data.dtype)
        q, r = _lapack_layout(q) if q.ndim >= 2 else q, _lapack_layout(r)
        ctx.save_for_backward(Tensor._make(q), Tensor._make(r), A)
        return q, r

    @staticmethod
    def backward(ctx, gQ, gR):
        Q, R, A = ctx.saved_tensors
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not "
                               "computed when mode='r'. Please use linalg.qr(A, "
                               "mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        m, n = A.shape[-2], A.shape[-1]
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when "
                               "mode='complete' and nrows > ncols.")
        gQ = gQ if gQ is not None else Q.new_zeros(Q.shape)
        gR = gR if gR is not None else R.new_zeros(R.shape)
        if m >= n:
            return _qr_square_backward(Q, R, gQ, gR), None
        from .joining import cat
        gR1, gR2 = gR[..., :, :m], gR[..., :, m:]
        Y = A[..., :, m:]
        gX = _qr_square_backward(Q, R[..., :, :m], gQ + Y @ gR2.mT, gR1)
        return cat([gX, Q @ gR2], -1), None


def qr(A, mode="reduced"):
    """The QR decomposition of each matrix of ``A`` (``(*, m, n)``): ``mode="reduced"``
    (Q ``(*, m, k)``, R ``(*, k, n)``, k = min(m, n)), ``"complete"`` (Q square) or ``"r"``
    (R only; Q empty).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> Q, R = torch.linalg.qr(torch.tensor([[3., 1.], [4., 2.]]))
    >>> (Q @ R).round(decimals=4)
    tensor([[3., 1.],
            [4., 2.]])
    """
    if A.ndim < 2:
        raise RuntimeError("linalg.qr: The input tensor A must have at least 2 dimensions.")
    check_floating(A, "linalg.qr")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    return linalg_qr_result(*Qr.apply(A, mode))
