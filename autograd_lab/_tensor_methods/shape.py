"""``Tensor``'s shapes, views, indexing and joining.

One-line calls into the op's home in :mod:`autograd_lab.ops`, where its forward and backward
live. A mixin of :class:`autograd_lab.Tensor`, which keeps the state and the autograd
attributes (``_tensor.py``).
"""
from .._numpy_names import numpy_names

_ops = None     # autograd_lab.ops, bound by bind_ops() once it has loaded (ops import Tensor)


class ShapeMethods:
    __slots__ = ()

    def view(self, *shape):
        return _ops.view(self, *shape)

    def view_as(self, other):
        return _ops.view(self, other.shape)

    def reshape(self, *shape):
        return _ops.reshape(self, *shape)

    def reshape_as(self, other):
        return _ops.reshape(self, other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        return _ops.flatten(self, start_dim, end_dim)

    def unflatten(self, dim, sizes):
        return _ops.unflatten(self, dim, sizes)

    @numpy_names
    def squeeze(self, dim=None):
        return _ops.squeeze(self, dim)

    @numpy_names
    def unsqueeze(self, dim):
        return _ops.unsqueeze(self, dim)

    def transpose(self, dim0, dim1):
        return _ops.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def moveaxis(self, source, destination):
        return _ops.movedim(self, source, destination)

    def broadcast_to(self, size):
        return _ops.broadcast_to(self, size)

    def ravel(self):
        return _ops.ravel(self)

    def as_strided(self, size, stride, storage_offset=None):
        return _ops.as_strided(self, size, stride, storage_offset)

    def roll(self, shifts, dims=None):
        return _ops.roll(self, shifts, dims)

    def rot90(self, k=1, dims=(0, 1)):
        return _ops.rot90(self, k, dims)

    def fliplr(self):
        return _ops.fliplr(self)

    def flipud(self):
        return _ops.flipud(self)

    def unfold(self, dimension, size, step):
        return _ops.unfold(self, dimension, size, step)

    def tile(self, *dims):
        return _ops.tile(self, dims)

    @numpy_names
    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        return _ops.repeat_interleave(self, repeats, dim, output_size=output_size)

    @numpy_names
    def diff(self, n=1, dim=-1, prepend=None, append=None):
        return _ops.diff(self, n, dim, prepend, append)

    def permute(self, *dims):
        return _ops.permute(self, *dims)

    def t(self):
        return _ops.t(self)

    @property
    def T(self):
        return _ops.reverse_dims(self)

    @property
    def mT(self):
        return _ops.transpose(self, -2, -1)

    def expand(self, *sizes):
        return _ops.expand(self, *sizes)

    def expand_as(self, other):
        return _ops.expand(self, other.shape)

    def repeat(self, *sizes):
        return _ops.repeat(self, *sizes)

    def split(self, split_size, dim=0):
        return _ops.split(self, split_size, dim)

    @numpy_names
    def chunk(self, chunks, dim=0):
        return _ops.chunk(self, chunks, dim)

    @numpy_names
    def unbind(self, dim=0):
        return _ops.unbind(self, dim)

    @numpy_names
    def tensor_split(self, indices_or_sections=None, /, dim=0, **split):
        return _ops.tensor_split(self, indices_or_sections, dim, **split)

    def hsplit(self, indices_or_sections=None, /, **split):
        return _ops.hsplit(self, indices_or_sections, **split)

    def vsplit(self, indices_or_sections=None, /, **split):
        return _ops.vsplit(self, indices_or_sections, **split)

    def dsplit(self, indices_or_sections=None, /, **split):
        return _ops.dsplit(self, indices_or_sections, **split)

    def clone(self, *, memory_format=None):
        return _ops.clone(self)

    def contiguous(self, memory_format=None):
        return self if self._data.flags.c_contiguous else _ops.clone(self)

    @numpy_names
    def gather(self, dim, index):
        return _ops.gather(self, dim, index)

    @numpy_names
    def index_select(self, dim, index):
        return _ops.index_select(self, dim, index)

    def take(self, index):
        return _ops.take(self, index)

    @numpy_names
    def take_along_dim(self, indices, dim=None):
        return _ops.take_along_dim(self, indices, dim)

    def masked_select(self, mask):
        return _ops.masked_select(self, mask)

    def masked_scatter(self, mask, source):
        return _ops.masked_scatter(self, mask, source)

    def masked_scatter_(self, mask, source):
        return _ops.masked_scatter_(self, mask, source)

    @numpy_names
    def scatter(self, dim, index, src=None, *, value=None, reduce=None):
        if reduce is not None:
            return _ops.scatter_reduce_legacy(self, dim, index, value if src is None else src,
                                              reduce)
        return _ops.scatter(self, dim, index, src, value=value)

    @numpy_names
    def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
        return _ops.scatter_(self, dim, index, src, value=value, reduce=reduce)

    @numpy_names
    def scatter_add(self, dim, index, src):
        return _ops.scatter_add(self, dim, index, src)

    @numpy_names
    def scatter_add_(self, dim, index, src):
        return _ops.scatter_add_(self, dim, index, src)

    @numpy_names
    def index_add(self, dim, index, source, *, alpha=1):
        return _ops.index_add(self, dim, index, source, alpha=alpha)

    @numpy_names
    def index_add_(self, dim, index, source, *, alpha=1):
        return _ops.index_add_(self, dim, index, source, alpha=alpha)

    @numpy_names
    def index_copy(self, dim, index, source):
        return _ops.index_copy(self, dim, index, source)

    @numpy_names
    def index_copy_(self, dim, index, source):
        return _ops.index_copy_(self, dim, index, source)

    @numpy_names
    def index_fill(self, dim, index, value):
        return _ops.index_fill(self, dim, index, value)

    @numpy_names
    def index_fill_(self, dim, index, value):
        return _ops.index_fill_(self, dim, index, value)

    def index_put(self, indices, values, accumulate=False):
        return _ops.index_put(self, indices, values, accumulate)

    def index_put_(self, indices, values, accumulate=False):
        return _ops.index_put_(self, indices, values, accumulate)

    @numpy_names
    def argsort(self, dim=-1, descending=False, stable=False):
        return _ops.argsort(self, dim, descending, stable)

    def flip(self, *dims):
        return _ops.flip(self, *dims)

    def movedim(self, source, destination):
        return _ops.movedim(self, source, destination)

    @numpy_names
    def narrow(self, dim, start, length):
        return _ops.narrow(self, dim, start, length)

    @numpy_names
    def select(self, dim, index):
        return _ops.select(self, dim, index)

    def nonzero(self, *, as_tuple=False):
        return _ops.nonzero(self, as_tuple=as_tuple)

    def argwhere(self):
        return _ops.argwhere(self)

    @numpy_names
    def sort(self, dim=-1, descending=False, stable=None):
        return _ops.sort(self, dim, descending, stable)

    @numpy_names
    def topk(self, k, dim=-1, largest=True, sorted=True):
        return _ops.topk(self, k, dim, largest, sorted)
