"""``Tensor``'s matrix products and linear algebra.

One-line calls into the op's home in :mod:`autograd_lab.ops`, where its forward and backward
live. A mixin of :class:`autograd_lab.Tensor`, which keeps the state and the autograd
attributes (``_tensor.py``).
"""
from .._numpy_names import numpy_names

_ops = None     # autograd_lab.ops, bound by bind_ops() once it has loaded (ops import Tensor)


class LinalgMethods:
    __slots__ = ()

    def matmul(self, other):
        return _ops.matmul(self, other)

    def mm(self, mat2):
        return _ops.mm(self, mat2)

    def bmm(self, mat2):
        return _ops.bmm(self, mat2)

    def mv(self, vec):
        return _ops.mv(self, vec)

    def dot(self, other):
        return _ops.dot(self, other)

    def outer(self, vec2):
        return _ops.outer(self, vec2)

    def ger(self, vec2):
        return _ops.outer(self, vec2)

    def vdot(self, other):
        return _ops.vdot(self, other)

    def inner(self, other):
        return _ops.inner(self, other)

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        return _ops.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
        return _ops.addmm_(self, mat1, mat2, beta=beta, alpha=alpha)

    def addmv(self, mat, vec, *, beta=1, alpha=1):
        return _ops.addmv(self, mat, vec, beta=beta, alpha=alpha)

    def addmv_(self, mat, vec, *, beta=1, alpha=1):
        return _ops.addmv_(self, mat, vec, beta=beta, alpha=alpha)

    def addr(self, vec1, vec2, *, beta=1, alpha=1):
        return _ops.addr(self, vec1, vec2, beta=beta, alpha=alpha)

    def addr_(self, vec1, vec2, *, beta=1, alpha=1):
        return _ops.addr_(self, vec1, vec2, beta=beta, alpha=alpha)

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _ops.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        return _ops.baddbmm_(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm(self, batch1, batch2, *, beta=1, alpha=1):
        return _ops.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def addbmm_(self, batch1, batch2, *, beta=1, alpha=1):
        return _ops.addbmm_(self, batch1, batch2, beta=beta, alpha=alpha)

    def kron(self, other):
        return _ops.kron(self, other)

    @numpy_names
    def cross(self, other, dim=None):
        return _ops.cross(self, other, dim)

    def dist(self, other, p=2):
        return _ops.dist(self, other, p)

    def trace(self):
        return _ops.trace(self)

    def diag(self, diagonal=0):
        return _ops.diag(self, diagonal)

    def diagonal(self, offset=0, dim1=0, dim2=1):
        return _ops.diagonal(self, offset, dim1, dim2)

    def diag_embed(self, offset=0, dim1=-2, dim2=-1):
        return _ops.diag_embed(self, offset, dim1, dim2)

    def diagflat(self, offset=0):
        return _ops.diagflat(self, offset)

    def fill_diagonal_(self, fill_value, wrap=False):
        return _ops.fill_diagonal_(self, fill_value, wrap)

    def tril(self, diagonal=0):
        return _ops.tril(self, diagonal)

    def tril_(self, diagonal=0):
        return _ops.tril_(self, diagonal)

    def triu(self, diagonal=0):
        return _ops.triu(self, diagonal)

    def triu_(self, diagonal=0):
        return _ops.triu_(self, diagonal)

    def det(self):
        return _ops.det(self)

    def logdet(self):
        return _ops.logdet(self)

    def slogdet(self):
        return _ops.slogdet(self)

    def inverse(self):
        return _ops.inverse(self)

    def matrix_power(self, n):
        return _ops.matrix_power(self, n)

    def pinverse(self, rcond=1e-15):
        return _ops.pinverse(self, rcond)
