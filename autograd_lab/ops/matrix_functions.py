"""Functions of square matrices: det, slogdet, logdet, inv (inverse), solve, matrix_power,
pinverse. Batches of matrices (``(*, n, n)``) are handled throughout.

The derivatives, with ``A^-T`` the transposed inverse:

* ``d det(A) = det(A) A^-T`` -- 0 for a singular ``A``, as PyTorch gives it (the true
  limit there is the cofactor matrix);
* ``d log|det A| = A^-T``;
* ``d A^-1 = -A^-T grad A^-T``;
* ``X = solve(A, B)``: ``dB = solve(A^T, grad)``, ``dA = -dB X^T``;
* ``pinv``: PyTorch's ``pinv_backward`` (valid where the rank does not change).

A singular matrix that the LU factorization cannot invert raises ``_LinAlgError`` (a
``RuntimeError``; public as ``autograd_lab.linalg.LinAlgError``) with PyTorch's message,
which names the first zero pivot of the LU factorization.
"""
import numpy as np

from .. import _backend, _dtype
from ..autograd.function import Op
from ._return_types import named_result
from ._util import broadcast_shapes


class _LinAlgError(RuntimeError):
    """A matrix could not be factorized (``torch._C._LinAlgError``)."""

    __module__ = "torch._C"


def check_square(A, name):
    """PyTorch's ``squareCheckInputs`` and ``checkFloatingOrComplex``."""
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")


def check_floating(A, name):
    if not A.is_floating_point():
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. "
                           f"Got {_dtype.type_name(A.dtype)}")


def _zero_pivot(m):
    """1-based index of the first zero pivot of LAPACK's partial-pivoting LU of matrix
    ``m`` (getrf's ``info``), 0 if none."""
    m = np.array(m, dtype=np.float64)
    n = m.shape[0]
    for k in range(n):
        p = k + int(np.argmax(np.abs(m[k:, k])))
        if m[p, k] == 0:
            return k + 1
        m[[k, p]] = m[[p, k]]
        m[k + 1:, k:] -= np.outer(m[k + 1:, k] / m[k, k], m[k, k:])
    return 0


def _raise_singular(x, message):
    """``x`` (a batch of matrices) held a singular one: raise PyTorch's error for the
    first (``message`` gets the pivot number)."""
    flat = _backend.to_numpy(x).reshape((-1,) + x.shape[-2:])
    for i, m in enumerate(flat):
        info = _zero_pivot(m)
        if info:
            batch = f"(Batch element {i}): " if x.ndim > 2 else ""
            raise _LinAlgError(message(batch, info))
    raise _LinAlgError(message("", x.shape[-1]))


def _xp_linalg(a):
    return a._xp().linalg


def _lapack_layout(x):
    """``x`` as LAPACK leaves it and PyTorch returns it: each matrix column-major (strides
    ``(1, n)``), which decides whether a later ``reshape`` is a view."""
    xp = _backend.array_module(x)
    return xp.swapaxes(xp.ascontiguousarray(xp.swapaxes(x, -1, -2)), -1, -2)


# ---------------------------------------------------------------------------- det
class Det(Op):
    node_name = "LinalgDetBackward0"
    saved_names = ("A",)
    save_result = True

    @staticmethod
    def forward(ctx, A):
        ctx.save_for_backward(A)
        return _xp_linalg(A).det(A._data)

    @staticmethod
    def backward(ctx, grad):
        A, = ctx.saved_tensors
        det = ctx.saved_result
        # det(A) A^-T, as PyTorch computes it: solve(A^T, det * grad * I). Where A is
        # singular (det = 0) PyTorch's result is 0 (not the cofactor matrix, the limit):
        # the identity stands in for A there, times det = 0
        singular = (det == 0).unsqueeze(-1).unsqueeze(-2)
        eye = _eye_like(A)
        if bool(singular.any()):
            A = eye.expand(A.shape).where(singular, A)
        return solve(A.mT, (grad * det).unsqueeze(-1).unsqueeze(-2) * eye)


def _eye_like(A):
    from .._creation import eye
    return eye(A.shape[-1], dtype=A.dtype, device=A.device)


def det(A):
    """The determinant of each square matrix of ``A`` (``(*, n, n)``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.det(torch.tensor([[2., 0.], [1., 3.]]))
    tensor(6.)
    """
    check_square(A, "linalg.det")
    check_floating(A, "linalg.det")
    return Det.apply(A)


slogdet_result = named_result("slogdet", ("sign", "logabsdet"))
linalg_slogdet_result = named_result("linalg_slogdet", ("sign", "logabsdet"))


class Slogdet(Op):
    """``(sign(det A), log|det A|)``; only the second has a gradient, ``A^-T``."""
    node_name = "LinalgSlogdetBackward0"
    saved_names = ("A",)

    @staticmethod
    def forward(ctx, A):
        ctx.save_for_backward(A)
        sign, logabs = _xp_linalg(A).slogdet(A._data)
        dt = A._data.dtype
        return sign.astype(dt, copy=False), logabs.astype(dt, copy=False)

    @staticmethod
    def backward(ctx, grad_sign, grad_logabsdet):
        if grad_logabsdet is None:
            return None
        A, = ctx.saved_tensors
        # A^-T grad, as PyTorch computes it: solve(A^T, grad * I)
        return solve(A.mT, grad_logabsdet.unsqueeze(-1).unsqueeze(-2) * _eye_like(A))


def _slogdet(A, name, result):
    check_square(A, name)
    check_floating(A, name)
    sign, logabsdet = Slogdet.apply(A)
    return result(sign, logabsdet)


def slogdet(A):
    """The sign and the log of the absolute value of the determinant (no overflow for large
    matrices): ``torch.return_types.slogdet(sign, logabsdet)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.slogdet(torch.tensor([[0., 1.], [1., 0.]])).sign
    tensor(-1.)
    """
    return _slogdet(A, "linalg.slogdet", slogdet_result)


def linalg_slogdet(A):
    return _slogdet(A, "linalg.slogdet", linalg_slogdet_result)


def logdet(A):
    """``log(det A)``: nan for a negative determinant, -inf for a singular matrix.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.logdet(torch.eye(2) * 2)
    tensor(1.3863)
    """
    from .clamp_where import where
    check_square(A, "logdet")
    check_floating(A, "logdet")
    sign, logabsdet = Slogdet.apply(A)
    return where(sign == -1.0, float("nan"), logabsdet)


# ---------------------------------------------------------------------------- inv, solve
def _inv_message(batch, info):
    return (f"linalg.inv: {batch}The diagonal element {info} is zero, the inversion could "
            "not be completed because the input matrix is singular.")


class Inv(Op):
    """``A^-1``; d/dA = -A^-T grad A^-T."""
    node_name = "LinalgInvExBackward0"
    save_result = True

    @staticmethod
    def forward(ctx, A):
        xp_linalg = _xp_linalg(A)
        try:
            return _lapack_layout(xp_linalg.inv(A._data))
        except xp_linalg.LinAlgError:
            _raise_singular(A._data, _inv_message)

    @staticmethod
    def backward(ctx, grad):
        inverse = ctx.saved_result.mT
        return -(inverse @ grad @ inverse)


def inv(A):
    """The inverse of each square matrix of ``A`` (``linalg.inv``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.inv(torch.tensor([[2., 0.], [0., 4.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.2500]])
    """
    check_square(A, "linalg.inv")
    check_floating(A, "linalg.inv")
    return Inv.apply(A)


inverse = inv


def _solve_message(batch, info):
    return (f"torch.linalg.solve: {batch}The solver failed because the input matrix is "
            "singular.")


class Solve(Op):
    """``X`` with ``A X = B``; ``vector`` when B is a vector (or a batch of them)."""
    node_name = "LinalgSolveExBackward0"
    saved_names = ("A",)
    saved_attrs = ("left",)
    save_result = True

    @staticmethod
    def forward(ctx, A, B, vector, left):
        ctx.save_for_backward(A)
        ctx.vector, ctx.left = vector, left
        a, b = A._data, B._data
        xp = A._xp()
        if not left:                  # X A = B  is  A^T X^T = B^T
            a = xp.swapaxes(a, -1, -2)
            b = b if vector else xp.swapaxes(b, -1, -2)
        batch = broadcast_shapes(b.shape[:-1] if vector else b.shape[:-2], a.shape[:-2])
        n = a.shape[-1]
        a = xp.broadcast_to(a, batch + (n, n))
        b = b[..., None] if vector else b
        b = xp.broadcast_to(b, batch + b.shape[-2:])
        try:
            x = xp.linalg.solve(a, b)
        except xp.linalg.LinAlgError:
            _raise_singular(a, _solve_message)
        if not left:
            x = xp.swapaxes(x, -1, -2)
        return x[..., 0] if vector else _lapack_layout(x)

    @staticmethod
    def backward(ctx, grad):
        A, = ctx.saved_tensors
        X = ctx.saved_result
        need_a, need_b = ctx.needs_input_grad[:2]
        left, vector = ctx.left, ctx.vector
        gB = solve(A.mT, grad, left=left)
        gA = None
        if need_a:
            if vector:
                gA = -(gB.unsqueeze(-1) * X.unsqueeze(-2) if left else
                       X.unsqueeze(-1) * gB.unsqueeze(-2))
            else:
                gA = -(gB @ X.mT if left else X.mT @ gB)
        return gA, gB if need_b else None, None, None


def solve(A, B, *, left=True):
    """The solution ``X`` of ``A X = B`` for square ``A`` (``(*, n, n)``); ``B`` is a batch
    of matrices ``(*, n, k)`` or of vectors ``(*, n)``; batch dims broadcast.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.solve(torch.tensor([[2., 0.], [0., 4.]]), torch.tensor([2., 2.]))
    tensor([1.0000, 0.5000])
    """
    check_square(A, "linalg.solve")
    check_floating(A, "linalg.solve")
    if A.dtype != B.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A "
                           f"of type {_dtype.type_name(A.dtype)} and B of type "
                           f"{_dtype.type_name(B.dtype)} instead")
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))
    # (a vector is a column: with left=False, X A = B needs one column, n = 1)
    rows, cols = (B.shape[-1], 1) if vector else (B.shape[-2], B.shape[-1])
    if (rows if left else cols) != A.shape[-1]:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({A.shape[-2]}x{A.shape[-1]} "
                           f"and {rows}x{cols})")
    if vector and not left:
        raise RuntimeError("linalg.solve: Vector broadcasting of the left hand side is not "
                           "supported for left=False. In this case linalg.solve is equivalent "
                           "to B / A.squeeze(-1)")
    return Solve.apply(A, B, vector, bool(left))


# ---------------------------------------------------------------------------- powers, pinv
def matrix_power(A, n):
    """``A`` multiplied by itself ``n`` times (``n < 0``: powers of the inverse; ``n = 0``:
    the identity), by repeated squaring as PyTorch composes it (``MmBackward0`` nodes).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.matrix_power(torch.tensor([[1., 1.], [0., 1.]]), 3)
    tensor([[1., 3.],
            [0., 1.]])
    """
    from .._creation import eye
    check_square(A, "linalg.matrix_power")
    if n == 0:
        identity = eye(A.shape[-1], dtype=A.dtype, device=A.device).expand(A.shape)
        return A.clone().copy_(identity)
    inverted = n < 0
    if inverted:
        A = inv(A)
        n = -n
    if n == 1:
        return A if inverted else A.clone()
    if n == 2:
        return A @ A
    if n == 3:
        return (A @ A) @ A
    z = result = None
    while n > 0:            # binary decomposition of n
        bit, n = n % 2, n // 2
        z = A if z is None else z @ z
        if bit:
            result = z if result is None else result @ z
    return result


class Pinv(Op):
    """The Moore-Penrose pseudo-inverse (singular values below ``rcond`` times the largest
    are taken as zero)."""
    node_name = "LinalgPinvBackward0"
    saved_names = ("self",)
    save_result = True

    @staticmethod
    def forward(ctx, A, rcond):
        ctx.save_for_backward(A)
        return _xp_linalg(A).pinv(A._data, rcond)

    @staticmethod
    def backward(ctx, grad):
        A, = ctx.saved_tensors
        pinvA = ctx.saved_result
        m, n = A.shape[-2], A.shape[-1]
        pinvAh, gradh = pinvA.mT, grad.mT
        if m <= n:
            K = gradh @ pinvA
            KpinvAh = K @ pinvAh
            return (-(pinvA @ K).mT + KpinvAh - (A @ pinvA) @ KpinvAh
                    + (pinvAh @ pinvA) @ (gradh - K @ A)), None
        K = pinvA @ gradh
        pinvAhK = pinvAh @ K
        return (-(K @ pinvA).mT + (gradh - A @ K) @ pinvA @ pinvAh + pinvAhK
                - pinvAhK @ pinvA @ A), None


def pinverse(input, rcond=1e-15):
    """The pseudo-inverse of each matrix of ``input`` (``(*, m, n)`` -> ``(*, n, m)``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.pinverse(torch.tensor([[2., 0.], [0., 0.]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.0000]])
    """
    if input.ndim < 2 or not input.is_floating_point():
        raise RuntimeError(f"linalg.pinv({_dtype.type_name(input.dtype)}"
                           f"{{{list(input.shape)}}}): expected a tensor with 2 or more "
                           "dimensions of float, double, cfloat or cdouble types")
    return Pinv.apply(input, rcond)
