"""``Tensor``'s reductions, cumulative ops, sorting and searching.

One-line calls into the op's home in :mod:`autograd_lab.ops`, where its forward and backward
live. A mixin of :class:`autograd_lab.Tensor`, which keeps the state and the autograd
attributes (``_tensor.py``).
"""
from .._numpy_names import numpy_names

_ops = None     # autograd_lab.ops, bound by bind_ops() once it has loaded (ops import Tensor)


class ReductionMethods:
    __slots__ = ()

    @numpy_names
    def sum(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.sum(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def mean(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.mean(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def prod(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.prod(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def max(self, dim=None, keepdim=False):
        return _ops.max(self, dim, keepdim)

    @numpy_names
    def min(self, dim=None, keepdim=False):
        return _ops.min(self, dim, keepdim)

    @numpy_names
    def amax(self, dim=(), keepdim=False):
        return _ops.amax(self, dim, keepdim)

    @numpy_names
    def amin(self, dim=(), keepdim=False):
        return _ops.amin(self, dim, keepdim)

    @numpy_names
    def argmax(self, dim=None, keepdim=False):
        return _ops.argmax(self, dim, keepdim)

    @numpy_names
    def argmin(self, dim=None, keepdim=False):
        return _ops.argmin(self, dim, keepdim)

    @numpy_names
    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _ops.var(self, dim, unbiased, keepdim, correction=correction)

    @numpy_names
    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _ops.std(self, dim, unbiased, keepdim, correction=correction)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        return _ops.norm(self, p, dim, keepdim, dtype=dtype)

    @numpy_names
    def renorm(self, p, dim, maxnorm):
        return _ops.renorm(self, p, dim, maxnorm)

    @numpy_names
    def renorm_(self, p, dim, maxnorm):
        return _ops.inplace(self, _ops.renorm, p, dim, maxnorm)

    @numpy_names
    def logsumexp(self, dim, keepdim=False):
        return _ops.logsumexp(self, dim, keepdim)

    def sum_to_size(self, *size, **kwargs):
        return _ops.sum_to_size(self, *size, **kwargs)

    @numpy_names
    def cumsum(self, dim, *, dtype=None):
        return _ops.cumsum(self, dim, dtype=dtype)

    @numpy_names
    def cumsum_(self, dim, *, dtype=None):
        return _ops.cumulative_(self, _ops.cumsum, dim, dtype)

    @numpy_names
    def all(self, dim=None, keepdim=False):
        return _ops.all(self, dim, keepdim)

    @numpy_names
    def any(self, dim=None, keepdim=False):
        return _ops.any(self, dim, keepdim)

    @numpy_names
    def cumprod(self, dim, *, dtype=None):
        return _ops.cumprod(self, dim, dtype=dtype)

    @numpy_names
    def cumprod_(self, dim, *, dtype=None):
        return _ops.cumulative_(self, _ops.cumprod, dim, dtype)

    @numpy_names
    def cummax(self, dim):
        return _ops.cummax(self, dim)

    @numpy_names
    def cummin(self, dim):
        return _ops.cummin(self, dim)

    @numpy_names
    def logcumsumexp(self, dim):
        return _ops.logcumsumexp(self, dim)

    @numpy_names
    def median(self, dim=None, keepdim=False):
        return _ops.median(self, dim, keepdim)

    @numpy_names
    def nanmedian(self, dim=None, keepdim=False):
        return _ops.nanmedian(self, dim, keepdim)

    @numpy_names
    def mode(self, dim=-1, keepdim=False):
        return _ops.mode(self, dim, keepdim)

    @numpy_names
    def kthvalue(self, k, dim=-1, keepdim=False):
        return _ops.kthvalue(self, k, dim, keepdim)

    @numpy_names
    def quantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        return _ops.quantile(self, q, dim, keepdim, interpolation=interpolation)

    @numpy_names
    def nanquantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        return _ops.nanquantile(self, q, dim, keepdim, interpolation=interpolation)

    @numpy_names
    def nansum(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.nansum(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.nanmean(self, dim, keepdim, dtype=dtype)

    @numpy_names
    def count_nonzero(self, dim=None):
        return _ops.count_nonzero(self, dim)

    @numpy_names
    def aminmax(self, *, dim=None, keepdim=False):
        return _ops.aminmax(self, dim=dim, keepdim=keepdim)

    def msort(self):
        return _ops.msort(self)

    def cov(self, *, correction=1, fweights=None, aweights=None):
        return _ops.cov(self, correction=correction, fweights=fweights, aweights=aweights)

    def corrcoef(self):
        return _ops.corrcoef(self)

    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        return _ops.unique(self, sorted, return_inverse, return_counts, dim)

    def unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
        return _ops.unique_consecutive(self, return_inverse, return_counts, dim)

    def bincount(self, weights=None, minlength=0):
        return _ops.bincount(self, weights, minlength)

    def histc(self, bins=100, min=0, max=0):
        return _ops.histc(self, bins, min, max)

    @numpy_names
    def softmax(self, dim, dtype=None):
        return _ops.softmax(self, dim, dtype=dtype)

    @numpy_names
    def log_softmax(self, dim, dtype=None):
        return _ops.log_softmax(self, dim, dtype=dtype)
