"""The order torch's CPU ``topk`` returns equal values in (and, unsorted, every value in).

``topk_impl_loop`` (``aten/src/ATen/native/TopKImpl.h``) puts ``(value, index)`` pairs of a
row in a vector and runs libstdc++'s ``std::partial_sort`` when ``k * 64 <= n``, else
``std::nth_element`` at ``k - 1`` followed, when ``sorted``, by ``std::sort`` of the first
``k - 1``. The comparator looks at values only: ``>`` with NaN above everything for
``largest``, ``<`` with NaN after everything otherwise. Equal values therefore come out in
whatever order those algorithms leave them, which no stable sort reproduces, and with
``sorted=False`` the nth_element path leaves even distinct values in its own order. This
module runs that kernel: :mod:`._libstdcxx` reruns the algorithms step by step, with the
comparators of :mod:`._select` (the same order as ``sort``'s).

``topk`` uses it on rows where a plain sort cannot know the answer; ``multinomial`` without
replacement needs it too (zero weights all give the quotient 0).
"""
import numpy as np

from . import _libstdcxx
from ._select import stable_order, value_greater, value_less


def topk_exact(values, k, largest=True, sorted=True):
    """topk_impl_loop on one row (a 1-D NumPy array), run as libstdc++ runs it: the k
    indices in the order torch returns them."""
    if k == 0:
        return []
    comp = value_greater if largest else value_less
    a = list(zip(values.tolist(), range(values.size)))
    n = len(a)
    if k * 64 <= n:
        _libstdcxx.partial_sort(a, 0, k, n, comp)
    else:
        _libstdcxx.nth_element(a, 0, k - 1, n, comp)
        if sorted:                  # (the k-th is in place already: sort the ones before)
            _libstdcxx.sort(a, 0, k - 1, comp)
    return [i for _, i in a[:k]]


def topk_rows(x, k, largest=True, sorted=True):
    """torch's CPU topk indices for every row of ``x`` (along its last axis), int64 of shape
    ``x.shape[:-1] + (k,)``.

    Where the answer is fixed by the values alone (sorted output, no ties among the k best
    and the one after them) a NumPy sort gives it; the other rows (ties, or ``sorted=False``
    on the nth_element path, whose order is the algorithm's) rerun libstdc++."""
    n = x.shape[-1]
    order = stable_order(x, -1, largest, np)[..., :k + 1]
    out = order[..., :k].astype(np.int64)
    if k == 0:
        return out
    top = np.take_along_axis(x, order, axis=-1)
    same = top[..., 1:] == top[..., :-1]
    if x.dtype.kind == "f":
        same |= np.isnan(top[..., 1:]) & np.isnan(top[..., :-1])
    exact = np.asarray(same.any(axis=-1)).reshape(-1)
    if not sorted and k * 64 > n and k > 1:
        exact[:] = True
    rows, flat_out = x.reshape(-1, n), out.reshape(-1, k)
    for r in np.flatnonzero(exact):
        flat_out[r] = topk_exact(rows[r], k, largest, sorted)
    return flat_out.reshape(out.shape)

