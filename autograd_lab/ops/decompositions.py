"""Decompositions of matrices with a gradient: the singular values (``svdvals``, which
``matrix_norm`` uses for 'nuc' and 2) and the symmetric eigendecomposition (``eigh``,
``eigvalsh``). The outputs are laid out as LAPACK leaves them, as in PyTorch."""
from .. import _dtype
from ..autograd.function import Op
from .._tensor import Tensor
from .matrix_functions import _lapack_layout, _xp_linalg, check_floating, check_square


# ---------------------------------------------------------------------------- singular values
class Svd(Op):
    """The reduced SVD ``A = U diag(S) Vh`` (outputs U, S, Vh, as PyTorch's ``_linalg_svd``).
    Only the singular values' gradient is written here, ``U diag(gS) Vh`` (PyTorch's
    ``svd_backward`` when U and Vh get no gradient): ``svdvals`` hands out S alone."""
    node_name = "LinalgSvdBackward0"
    saved_attrs = ("full_matrices", "compute_uv")

    @staticmethod
    def forward(ctx, A):
        ctx.full_matrices, ctx.compute_uv = False, True
        u, s, vh = _xp_linalg(A).svd(A._data, full_matrices=False)
        ctx.U, ctx.Vh = Tensor._make(u), Tensor._make(vh)
        return u, s, vh

    @staticmethod
    def backward(ctx, gU, gS, gVh):
        # gU and gVh are zeros (svdvals does not hand U and Vh out); U and Vh are taken as
        # constants, so a second derivative through here is not PyTorch's
        return (ctx.U * gS.unsqueeze(-2)) @ ctx.Vh


def svdvals(A):
    """The singular values of each matrix of ``A`` (``(*, m, n)``), in descending order.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.svdvals(torch.tensor([[3., 0.], [0., -4.]]))
    tensor([4., 3.])
    """
    if A.ndim < 2:
        raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
    check_floating(A, "linalg.svd")
    return Svd.apply(A)[1]


# ---------------------------------------------------------------------------- eigh
class _EighResult(tuple):
    """``(eigenvalues, eigenvectors)`` with named fields (``torch.return_types.linalg_eigh``)."""

    __slots__ = ()

    def __new__(cls, eigenvalues, eigenvectors):
        return tuple.__new__(cls, (eigenvalues, eigenvectors))

    @property
    def eigenvalues(self):
        return self[0]

    @property
    def eigenvectors(self):
        return self[1]

    def __repr__(self):
        return (f"torch.return_types.linalg_eigh(\neigenvalues={self[0]!r},\n"
                f"eigenvectors={self[1]!r})")


linalg_eigh_result = type("linalg_eigh", (_EighResult,), {
    "__slots__": (), "__module__": "torch.return_types", "__qualname__": "linalg_eigh"})


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
