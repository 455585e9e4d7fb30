"""Counting and searching: unique and unique_consecutive, bincount, histc, and the binary
searches searchsorted and bucketize. None of them is differentiable; ``unique`` of a tensor
that requires grad still records a node, whose backward raises, as PyTorch's does.
"""
import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.function import Op
from ._util import wrap_dim


# ---------------------------------------------------------------------------- unique
class Unique(Op):
    """Sorted distinct values (of all elements, or of the slices along ``dim``), with where
    each input element went (``inverse``) and how many there were (``counts``)."""
    node_name = "Unique2Backward0"
    torch_op = "_unique2"

    @classmethod
    def forward(cls, ctx, a, dim, consecutive):
        x = a._data
        xp = a._xp()
        if dim is None:
            flat = x.reshape(-1)
            if consecutive:
                values, inverse, counts = _runs(flat, flat[1:] != flat[:-1], xp)
            else:
                values, inverse, counts = xp.unique(flat, return_inverse=True,
                                                    return_counts=True, equal_nan=False)
            inverse = inverse.reshape(x.shape)
        else:
            # each slice along dim is one "element": compare them as rows
            rows = xp.moveaxis(x, dim, 0).reshape(x.shape[dim], -1)
            if consecutive:
                changed = (rows[1:] != rows[:-1]).any(axis=1)
                values, inverse, counts = _runs(rows, changed, xp)
            else:
                values, inverse, counts = xp.unique(rows, axis=0, return_inverse=True,
                                                    return_counts=True)
            inverse = inverse.reshape(-1)
            rest = xp.moveaxis(x, dim, 0).shape[1:]
            values = xp.moveaxis(values.reshape((values.shape[0],) + rest), 0, dim)
        return values, inverse.astype(np.int64), counts.astype(np.int64)

    @classmethod
    def backward(cls, ctx, *grads):
        raise NotImplementedError(f"the derivative for '{cls.torch_op}' is not implemented.")


class UniqueDim(Unique):
    node_name = "UniqueDimBackward0"
    torch_op = "unique_dim"


class UniqueConsecutive(Unique):
    node_name = "UniqueConsecutiveBackward0"
    torch_op = "unique_consecutive"


def _runs(items, changed, xp):
    """Values, inverse and counts of the runs of equal neighbours in ``items`` (rows)."""
    n = items.shape[0]
    if n == 0:
        empty = xp.zeros(0, dtype=np.int64)
        return items, empty, empty
    starts = xp.concatenate([xp.zeros(1, dtype=bool), changed])
    inverse = xp.cumsum(starts)
    first = xp.flatnonzero(xp.concatenate([xp.ones(1, dtype=bool), changed]))
    counts = xp.diff(xp.concatenate([first, xp.asarray([n])]))
    return items[first], inverse, counts


def _unique_results(outs, return_inverse, return_counts):
    values, inverse, counts = outs
    if not return_inverse and not return_counts:
        return values
    return (values,) + ((inverse,) if return_inverse else ()) + \
        ((counts,) if return_counts else ())


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements, sorted (on CPU PyTorch sorts even with ``sorted=False``);
    with ``dim``, the distinct slices along it. ``return_inverse`` adds, for each element,
    its position in the result; ``return_counts`` adds how often each occurs.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.unique(torch.tensor([3, 1, 3, 2]), return_counts=True)
    (tensor([1, 2, 3]), tensor([1, 1, 2]))
    """
    if dim is None:
        outs = Unique.apply(input, None, False)
    else:
        outs = UniqueDim.apply(input, wrap_dim(dim, input.ndim), False)
    return _unique_results(outs, return_inverse, return_counts)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Collapse each run of equal consecutive elements (or slices along ``dim``) to one.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.unique_consecutive(torch.tensor([1, 1, 2, 1]))
    tensor([1, 2, 1])
    """
    d = None if dim is None else wrap_dim(dim, input.ndim)
    return _unique_results(UniqueConsecutive.apply(input, d, True), return_inverse,
                           return_counts)


# ---------------------------------------------------------------------------- bincount, histc
def bincount(input, weights=None, minlength=0):
    """How often each value 0, 1, ... occurs in a 1-D tensor of non-negative integers (or
    the sum of their ``weights``); at least ``minlength`` bins.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.bincount(torch.tensor([1, 1, 3]))
    tensor([0, 2, 0, 1])
    """
    x = input._data
    if x.dtype.kind not in "iu":
        raise NotImplementedError(f'"bincount_cpu" not implemented for '
                                  f"'{_dtype.type_name(input.dtype)}'")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if x.ndim != 1 or (x.size and bool((x < 0).any())):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    xp = input._xp()
    if weights is None:
        return Tensor._make(xp.bincount(x, minlength=minlength).astype(np.int64))
    w = weights._data
    if w.ndim != 1 or w.shape[0] != x.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    # float32/float64 weights keep their dtype; any other gives float64, as in PyTorch
    out_dt = w.dtype if w.dtype in (np.float32, np.float64) else np.float64
    return Tensor._make(xp.bincount(x, weights=w, minlength=minlength).astype(out_dt))


def histc(input, bins=100, min=0, max=0):
    """A histogram of ``bins`` equal-width bins between ``min`` and ``max`` (the data's own
    range when both are 0); elements outside are ignored, ``max`` itself counts in the last.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.histc(torch.tensor([1., 2., 1.]), bins=4, min=0, max=3)
    tensor([0., 2., 1., 0.])
    """
    x = input._data
    if x.dtype.kind == "b":                   # (PyTorch fails making the bin edges)
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    if x.dtype.kind != "f":
        raise NotImplementedError(f'"histogram_cpu" not implemented for '
                                  f"'{_dtype.type_name(input.dtype)}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                           "dimension 0")
    xp = input._xp()
    lo, hi = float(min), float(max)
    if lo == hi and x.size:
        lo, hi = float(x.min()), float(x.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{_num(lo)}, {_num(hi)}] is not finite")
    edges = xp.linspace(lo, hi, bins + 1).astype(x.dtype)
    inside = x[(x >= edges[0]) & (x <= edges[-1])]
    # the bin whose left edge is the last one <= x; x == max goes in the last bin
    pos = xp.minimum(xp.searchsorted(edges, inside, side="right") - 1, bins - 1)
    return Tensor._make(xp.bincount(pos, minlength=bins).astype(x.dtype))


def _num(v):
    """A bound as PyTorch prints it in histc's message (nan as -nan, integers bare)."""
    if v != v:
        return "-nan"
    if not np.isfinite(v):
        return "inf" if v > 0 else "-inf"
    return str(int(v)) if v.is_integer() else repr(v)


# ---------------------------------------------------------------------------- searchsorted
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None,
                 sorter=None):
    """For each value of ``input``, the index where it would be inserted in
    ``sorted_sequence`` (its last dim) to keep it sorted: before equal values by default,
    after them with ``right=True`` / ``side="right"``. ``sorter`` gives the order of an
    unsorted sequence.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.searchsorted(torch.tensor([1, 3, 5, 7]), torch.tensor([3, 6]))
    tensor([1, 3])
    """
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError("torch.searchsorted(): side can only be 'left' or 'right' but "
                               f"got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to "
                               "opposites, got side of left while right was True")
        right = side == "right"
    seq = sorted_sequence._data
    xp = sorted_sequence._xp()
    if seq.dtype.kind == "b":
        raise NotImplementedError("\"searchsorted_out_cpu\" not implemented for 'Bool'")
    scalar = not isinstance(input, Tensor)
    values = xp.asarray(input) if scalar else input._data
    if seq.ndim > 1 and (values.ndim != seq.ndim or values.shape[:-1] != seq.shape[:-1]):
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or "
                           "the first N-1 dimensions of boundaries tensor and input value "
                           f"tensor must match, but we got boundaries tensor {list(seq.shape)} "
                           f"and input value tensor {list(values.shape)}")
    if sorter is not None:
        seq = xp.take_along_axis(seq, sorter._data, axis=-1)
    how = "right" if right else "left"
    if seq.ndim <= 1:
        out = xp.searchsorted(seq, values, side=how)
    else:
        rows = seq.reshape(-1, seq.shape[-1])
        vals = values.reshape(rows.shape[0], -1)
        out = xp.stack([xp.searchsorted(r, v, side=how) for r, v in zip(rows, vals)])
        out = out.reshape(values.shape)
    return Tensor._make(xp.asarray(out).astype(np.int32 if out_int32 else np.int64))


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each value between the 1-D sorted ``boundaries``:
    ``searchsorted(boundaries, input)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.bucketize(torch.tensor([3, 6, 9]), torch.tensor([1, 3, 5, 7, 9]))
    tensor([1, 3, 4])
    """
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim"
                           f"({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)
