"""``torch.linalg``: norms, determinants, inverses and solvers of (batches of) matrices.

The ops themselves live in :mod:`autograd_lab.ops` (``matrix_functions``,
``decompositions``, ``distance``, ``reduction``, ``linalg``); this module is the public
namespace, plus the compositions PyTorch writes in terms of them (``matrix_norm``, ``norm``,
``multi_dot``).

Examples
--------
>>> import autograd_lab as torch
>>> torch.linalg.norm(torch.tensor([3., 4.]))
tensor(5.)
"""
import math

from ._numpy_names import numpy_names
from .ops.distance import linalg_cross as cross
from .ops.linalg import _CAFFE2_NAMES, matmul
from .ops.matrix_functions import _LinAlgError as LinAlgError
from .ops.matrix_functions import check_floating, det, inv, matrix_power, solve
from .ops.matrix_functions import linalg_slogdet as slogdet
from .ops.decompositions import eigh, eigvalsh, qr, svd, svdvals
from .ops.reduction import amax, amin, vector_norm
from .ops._util import wrap_dim

__all__ = ["LinAlgError", "cross", "det", "eigh", "eigvalsh", "inv", "matmul", "matrix_norm",
           "matrix_power", "multi_dot", "norm", "qr", "slogdet", "solve", "svd", "svdvals", "vector_norm"]


@numpy_names
def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """A matrix norm over the two dims ``dim``: ``'fro'`` (Frobenius), ``1`` / ``-1`` (the
    largest / smallest column sum of ``|A|``), ``inf`` / ``-inf`` (row sums), as in PyTorch
    vector norms then a max or min (``AmaxBackward0(LinalgVectorNormBackward0)``);
    ``'nuc'`` (the sum of the singular values), ``2`` / ``-2`` (the largest / smallest).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.matrix_norm(torch.tensor([[1., -2.], [3., 4.]]), 1)
    tensor(6.)
    """
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    check_floating(A, "linalg.matrix_norm")
    dim = [dim] if isinstance(dim, int) else list(dim)
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got "
                           f"{' '.join(str(d) for d in dim)}")
    d0, d1 = wrap_dim(dim[0], A.ndim), wrap_dim(dim[1], A.ndim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, "
                           f"{dim[1]})")
    if isinstance(ord, str):
        if ord == "fro":
            return vector_norm(A, 2, (d0, d1), keepdim, dtype=dtype)
        if ord == "nuc":
            return _singular_value_norm(A, "nuc", d0, d1, keepdim, dtype)
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if abs(ord) == 2:
        return _singular_value_norm(A, ord, d0, d1, keepdim, dtype)
    if abs(ord) not in (1, math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {_order_name(ord)} not supported.")
    if abs(ord) == math.inf:
        d0, d1 = d1, d0
    if not keepdim and d0 < d1:       # the vector norm's dim is gone before the max
        d1 -= 1
    sums = vector_norm(A, 1, d0, keepdim, dtype=dtype)
    return (amax if ord > 0 else amin)(sums, d1, keepdim)


def _singular_value_norm(A, ord, d0, d1, keepdim, dtype):
    """The nuclear norm (sum of the singular values) or the 2-norm (the largest; -2: the
    smallest) over dims ``d0``, ``d1``, which are moved last first, as PyTorch does."""
    if dtype is not None:
        A = A.to(dtype)
    perm = [d for d in range(A.ndim) if d not in (d0, d1)] + [d0, d1]
    s = svdvals(A.permute(*perm))
    if ord == "nuc":
        result = s.sum(-1, keepdim=keepdim)
    else:
        result = (amax if ord > 0 else amin)(s, -1, keepdim)
    if keepdim:
        back = [0] * len(perm)
        for i, d in enumerate(perm):
            back[d] = i
        result = result.unsqueeze(-1).permute(*back)
    return result


def _order_name(ord):
    if isinstance(ord, float) and ord.is_integer():
        return str(int(ord))
    return str(ord)


@numpy_names
def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector norm (``A`` 1-D, or ``dim`` one dim, or no ``ord`` and no ``dim``: the 2-norm
    of all elements) or a matrix norm (``A`` 2-D with an ``ord``, ``dim`` two dims, or a
    string ``ord``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.norm(torch.tensor([[1., -2.], [3., 4.]]), float("inf"))
    tensor(7.)
    """
    if dim is not None:
        dim = [dim] if isinstance(dim, int) else list(dim)
        if len(dim) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or "
                               f"2. Got [{', '.join(str(d) for d in dim)}]")
    elif ord is not None and A.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must "
                           f"be 1D or 2D. Got {A.ndim}D.")
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if isinstance(ord, str) or (dim is not None and len(dim) == 2) or \
            (dim is None and A.ndim == 2):
        return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def multi_dot(tensors):
    """The product of a chain of matrices, in the cheapest order (fewest multiplications,
    PyTorch's dynamic programme); the first may be a row vector and the last a column
    vector (1-D).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.linalg.multi_dot([torch.ones(2, 3), torch.ones(3, 4), torch.ones(4)])
    tensor([12., 12.])
    """
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    first, last = tensors[0], tensors[-1]
    if first.ndim not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got "
                           f"{first.ndim}D")
    if last.ndim not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got "
                           f"{last.ndim}D")
    for i in range(1, n - 1):
        if tensors[i].ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got "
                               f"{tensors[i].ndim}D")
    out_shape = ([first.shape[0]] if first.ndim == 2 else []) + \
        ([last.shape[1]] if last.ndim == 2 else [])
    mats = list(tensors)
    if first.ndim == 1:
        mats[0] = first.unsqueeze(0)
    if last.ndim == 1:
        mats[-1] = last.unsqueeze(-1)
    for i in range(1, n):
        if mats[i].dtype != mats[0].dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but "
                               f"tensor 0 is {_CAFFE2_NAMES[mats[0].dtype.np.name]} and tensor "
                               f"{i} {_CAFFE2_NAMES[mats[i].dtype.np.name]}")
        if mats[i - 1].shape[1] != mats[i].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i - 1} and {i} with shapes "
                               f"{list(mats[i - 1].shape)} and {list(mats[i].shape)} cannot "
                               "be multiplied")
    if n == 2:
        return mats[0].mm(mats[1]).view(out_shape)
    if n == 3:
        a, b = mats[0].shape
        c, d = mats[2].shape
        if (a * c) * (b + d) > (b * d) * (a + c):
            return mats[0].mm(mats[1].mm(mats[2])).view(out_shape)
        return mats[0].mm(mats[1]).mm(mats[2]).view(out_shape)
    return _chain(mats, _chain_order(mats), 0, n - 1).view(out_shape)


def _chain_order(mats):
    """The split points of the cheapest parenthesization (matrix chain order)."""
    n = len(mats)
    p = [m.shape[0] for m in mats] + [mats[-1].shape[1]]
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if q < cost[i][j]:
                    cost[i][j], split[i][j] = q, k
    return split


def _chain(mats, split, i, j):
    if i == j:
        return mats[i]
    k = split[i][j]
    return _chain(mats, split, i, k).mm(_chain(mats, split, k + 1, j))
