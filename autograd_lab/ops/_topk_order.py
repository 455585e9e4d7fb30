"""The order torch's CPU ``topk`` returns equal values in (and, unsorted, every value in).

``topk_impl_loop`` (``aten/src/ATen/native/TopKImpl.h``) puts ``(value, index)`` pairs of a
row in a vector and runs libstdc++'s ``std::partial_sort`` when ``k * 64 <= n``, else
``std::nth_element`` at ``k - 1`` followed, when ``sorted``, by ``std::sort`` of the first
``k - 1``. The comparator looks at values only: ``>`` with NaN above everything for
``largest``, ``<`` with NaN after everything otherwise. Equal values therefore come out in
whatever order those algorithms leave them, which no stable sort reproduces, and with
``sorted=False`` the nth_element path leaves even distinct values in its own order. This
module reruns the algorithms step by step (introsort/introselect with median-of-three pivots,
heap select, insertion sorts on runs of 16 or 3), as GCC's ``bits/stl_algo.h`` and
``stl_heap.h`` write them.

``topk`` uses it on rows where a plain sort cannot know the answer; ``multinomial`` without
replacement needs it too (zero weights all give the quotient 0).
"""
import numpy as np


def _greater(x, y):
    """topk's comparator for largest=True: NaN above everything, else ``>`` on values."""
    xv, yv = x[0], y[0]
    return (xv != xv and yv == yv) or xv > yv


def _less(x, y):
    """topk's comparator for largest=False: NaN after everything, else ``<`` on values."""
    xv, yv = x[0], y[0]
    return (xv == xv and yv != yv) or xv < yv


def _adjust_heap(a, lo, hole, length, value, comp):
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if comp(a[lo + child], a[lo + child - 1]):
            child -= 1
        a[lo + hole] = a[lo + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        a[lo + hole] = a[lo + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2                                  # __push_heap
    while hole > top and comp(a[lo + parent], value):
        a[lo + hole] = a[lo + parent]
        hole = parent
        parent = (hole - 1) // 2
    a[lo + hole] = value


def _pop_heap(a, lo, hi, result, comp):
    value = a[result]
    a[result] = a[lo]
    _adjust_heap(a, lo, 0, hi - lo, value, comp)


def _heap_select(a, lo, mid, hi, comp):
    length = mid - lo
    if length >= 2:                                           # __make_heap
        parent = (length - 2) // 2
        while True:
            _adjust_heap(a, lo, parent, length, a[lo + parent], comp)
            if parent == 0:
                break
            parent -= 1
    for i in range(mid, hi):
        if comp(a[i], a[lo]):
            _pop_heap(a, lo, mid, i, comp)


def _partial_sort(a, lo, mid, hi, comp):
    _heap_select(a, lo, mid, hi, comp)
    while mid - lo > 1:                                       # __sort_heap
        mid -= 1
        _pop_heap(a, lo, mid, mid, comp)


def _partition_pivot(a, lo, hi, comp):
    """__unguarded_partition_pivot: median of (lo+1, mid, hi-1) moved to lo, then a
    Hoare partition of [lo+1, hi) around it."""
    x, y, z = lo + 1, lo + (hi - lo) // 2, hi - 1              # __move_median_to_first
    if comp(a[x], a[y]):
        pick = y if comp(a[y], a[z]) else (z if comp(a[x], a[z]) else x)
    else:
        pick = x if comp(a[x], a[z]) else (z if comp(a[y], a[z]) else y)
    a[lo], a[pick] = a[pick], a[lo]
    first, last, pivot = lo + 1, hi, a[lo]
    while True:
        while comp(a[first], pivot):
            first += 1
        last -= 1
        while comp(pivot, a[last]):
            last -= 1
        if not first < last:
            return first
        a[first], a[last] = a[last], a[first]
        first += 1


def _insertion_sort(a, lo, hi, comp):
    for i in range(lo + 1, hi):
        val = a[i]
        if comp(val, a[lo]):
            a[lo + 1:i + 1] = a[lo:i]
            a[lo] = val
        else:
            _linear_insert(a, i, comp)


def _linear_insert(a, i, comp):
    val = a[i]
    j = i - 1
    while comp(val, a[j]):
        a[j + 1] = a[j]
        j -= 1
    a[j + 1] = val


def _sort(a, lo, hi, comp):
    """std::sort: introsort down to runs of 16, then one insertion sort over everything."""
    if hi - lo < 2:
        return
    stack = [(lo, hi, 2 * ((hi - lo).bit_length() - 1))]
    while stack:                                  # __introsort_loop, right parts first
        first, last, depth = stack.pop()
        while last - first > 16:
            if depth == 0:
                _partial_sort(a, first, last, last, comp)
                break
            depth -= 1
            cut = _partition_pivot(a, first, last, comp)
            stack.append((cut, last, depth))
            last = cut
            # the C++ recursion sorts [cut, last) before looping on [first, cut): neither
            # part ever looks at the other, so the order of the two does not matter
    if hi - lo > 16:                                          # __final_insertion_sort
        _insertion_sort(a, lo, lo + 16, comp)
        for i in range(lo + 16, hi):
            _linear_insert(a, i, comp)
    else:
        _insertion_sort(a, lo, hi, comp)


def _nth_element(a, lo, nth, hi, comp):
    """std::nth_element: introselect down to 3 elements, then an insertion sort."""
    if lo == hi or nth == hi:
        return
    depth = 2 * ((hi - lo).bit_length() - 1)
    while hi - lo > 3:
        if depth == 0:
            _heap_select(a, lo, nth + 1, hi, comp)
            a[lo], a[nth] = a[nth], a[lo]
            return
        depth -= 1
        cut = _partition_pivot(a, lo, hi, comp)
        if cut <= nth:
            lo = cut
        else:
            hi = cut
    _insertion_sort(a, lo, hi, comp)


def topk_exact(values, k, largest=True, sorted=True):
    """topk_impl_loop on one row (a 1-D NumPy array), run as libstdc++ runs it: the k
    indices in the order torch returns them."""
    if k == 0:
        return []
    comp = _greater if largest else _less
    a = list(zip(values.tolist(), range(values.size)))
    n = len(a)
    if k * 64 <= n:
        _partial_sort(a, 0, k, n, comp)
    else:
        _nth_element(a, 0, k - 1, n, comp)
        if sorted:
            _sort(a, 0, k - 1, comp)
    return [i for _, i in a[:k]]


def _sorted_order(x, largest):
    """Indices sorting each row (last axis) best first, NaN counted as the largest value as
    torch counts it (NumPy sorts it last ascending). Descending is the ascending stable sort
    of the reversed row, read backwards: any dtype, no negation to overflow."""
    if not largest:
        return np.argsort(x, axis=-1, kind="stable")
    n = x.shape[-1]
    return n - 1 - np.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1]


def topk_rows(x, k, largest=True, sorted=True):
    """torch's CPU topk indices for every row of ``x`` (along its last axis), int64 of shape
    ``x.shape[:-1] + (k,)``.

    Where the answer is fixed by the values alone (sorted output, no ties among the k best
    and the one after them) a NumPy sort gives it; the other rows (ties, or ``sorted=False``
    on the nth_element path, whose order is the algorithm's) rerun libstdc++."""
    n = x.shape[-1]
    order = _sorted_order(x, largest)[..., :k + 1]
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

