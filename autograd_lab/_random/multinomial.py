"""``multinomial``: indices drawn from rows of (unnormalised) weights, as torch 2.13 on CPU.

``aten/src/ATen/native/Distributions.cpp`` (``multinomial_out``) takes one of two paths:

* without replacement, or for a single sample: the Gumbel-top-k trick. ``argmax(log p + G)``
  with Gumbel noise G is a draw from p, and so is ``argmax(p / q)`` with ``q ~ Exp(1)``
  (``exp`` of the first, since ``-log(-log u) = -log q``); the ``k`` largest of ``p / q`` are
  a draw of ``k`` distinct indices in order. torch fills ``q = empty_like(p).exponential_(1)``
  (``distributions.exponential_values``: one double uniform per element, cast to ``p``'s
  dtype), divides in ``p``'s dtype, and takes ``argmax`` (one sample) or ``topk`` (several).
* with replacement and more than one sample: ``cpu/MultinomialKernel.cpp``. Per row, the
  running sum of the weights in ``p``'s dtype (float for float16) divided by the total, the
  last entry forced to 1, and for each sample one double uniform and a binary search for the
  first entry not below it.

Equal quotients (zero weights, or float16's coarse values) come out of ``topk`` in the order
libstdc++'s algorithms leave them: ``ops._topk_order`` reruns those.
"""
import numpy as np

from .distributions import exponential_values
from .generator import _gen
from .kernel_support import _TORCH_NAME, _f16, _f32, _f64, _fill
from ..ops._topk_order import topk_rows

_MAX_CATEGORIES = 1 << 24      # FLOAT32_MAX_CONSECUTIVE_INT: indices are counted in float


# ================================================================== Exp(1) noise
def _exponential_like(g, p):
    """``empty_like(p).exponential_(1)``: empty_like keeps the order of ``p``'s strides
    (``infer_dense_strides``, as NumPy's ``order='K'``), and the values go in that memory
    order, as TensorIterator visits it."""
    q = np.empty_like(p)
    e = exponential_values(g, p.size)
    # static_cast<c10::Half>(double) goes through float: round to float32 first
    _fill(q, e.astype(np.float32).astype(p.dtype) if p.dtype == _f16 else e.astype(p.dtype))
    return q


# ================================================================== the two paths
def _rows(a):
    """A 1-D or 2-D array as 2-D rows of categories (reshape(-1, 0) cannot say how many)."""
    return a.reshape(a.shape[0] if a.ndim == 2 else 1, a.shape[-1])


def _without_replacement(g, p, k):
    """The exponential-race path (no replacement, or one sample)."""
    if p.shape[-1] == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    if not (p.max() < np.inf and p.min() >= 0):        # NaN fails both comparisons
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if not (p > 0).any(axis=-1).all():                  # a row summing to 0
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    q = _exponential_like(g, p)
    # p / q overflows to inf for huge weights, and q is 0 once in 2**53 draws: as in torch
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        if p.dtype == _f16:       # Half division is done in float and rounded back
            ratio = (p.astype(_f32) / q.astype(_f32)).astype(_f16)
        else:
            ratio = p / q
    rows = _rows(ratio)
    if k == 1:
        out = np.argmax(rows, axis=-1)[:, None]      # first maximum, or first NaN, as torch
    else:
        out = topk_rows(rows, k)
    return out.astype(np.int64).reshape(p.shape[:-1] + (k,))


def _with_replacement(g, p, k):
    """multinomial_with_replacement_apply: the row's normalised running sum, then a binary
    search for each double uniform. The checks run row by row, after the earlier rows have
    drawn their samples."""
    acc = _f32 if p.dtype == _f16 else p.dtype
    rows = _rows(p).astype(acc)
    out = np.empty((rows.shape[0], k), np.int64)
    n = rows.shape[1]
    for r, row in enumerate(rows):
        bad = ~(row >= 0) | ~np.isfinite(row)
        if bad.any():
            first = row[np.argmax(bad)]
            if not first >= 0:
                raise RuntimeError("invalid multinomial distribution (encountering "
                                   "probability entry < 0)")
            raise RuntimeError("invalid multinomial distribution (encountering probability "
                               "entry = infinity or NaN)")
        cum = np.cumsum(row, dtype=acc)               # a sequential sum, as the C++ loop
        total = cum[-1] if n else acc.type(0)
        if not total > 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        with np.errstate(invalid="ignore"):           # inf / inf after an overflowed sum
            cum = (cum / total).astype(acc)
        cum[-1] = 1
        u = (g._random64(k) & np.uint64((1 << 53) - 1)).astype(np.float64) * 2.0 ** -53
        # the kernel's binary search, kept as written: it decides NaN entries (inf / inf)
        # differently from np.searchsorted
        left, right = np.zeros(k, np.int64), np.full(k, n, np.int64)
        cum64 = cum.astype(np.float64)
        while (right > left).any():
            active = right > left
            mid = left + (right - left) // 2
            below = cum64[np.minimum(mid, n - 1)] < u
            left = np.where(active & below, mid + 1, left)
            right = np.where(active & ~below, mid, right)
        out[r] = left
    return out.reshape(p.shape[:-1] + (k,))


def multinomial_array(p, num_samples, replacement=False, generator=None):
    """torch.multinomial on a NumPy array of weights: int64 indices of shape
    ``p.shape[:-1] + (num_samples,)``, with torch's checks in torch's order."""
    if not 1 <= p.ndim <= 2:
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if p.dtype not in (_f16, _f32, _f64):
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{_TORCH_NAME.get(p.dtype.name, p.dtype.name)}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    n = p.shape[-1]
    if not replacement and num_samples > n:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if n > _MAX_CATEGORIES:
        raise RuntimeError("number of categories cannot exceed 2^24")
    shape = p.shape[:-1] + (num_samples,)
    if 0 in shape:
        return np.empty(shape, np.int64)
    g = _gen(generator)
    if not replacement or num_samples == 1:
        return _without_replacement(g, p, num_samples)
    return _with_replacement(g, p, num_samples)
