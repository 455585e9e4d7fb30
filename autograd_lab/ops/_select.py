"""PyTorch's CPU selection algorithms, step for step, for the ops whose reported *index*
among equal values depends on them: ``kthvalue`` (a median-of-three quickselect), ``mode``
and ``sort`` (``std::sort`` of (value, index) pairs compared by value alone, as libstdc++
sorts).

None is stable, so which of several equal values a slice reports is whatever these
algorithms leave at the chosen position; reproducing them is the only way to report the
index PyTorch reports (and so send the gradient where PyTorch sends it). They run in plain
Python over one slice at a time (Python floats compare as C++ doubles do, nan included).
"""
import numpy as np

from .. import _backend


def _gt_or_nan(x, y):
    """PyTorch's order for selection: nan is larger than every number."""
    return (x != x and y == y) or x > y


def quickselect(values, k):
    """The index (into ``values``) of the ``k``-th smallest (0-based) element, as PyTorch's
    ``quick_select_template`` finds it (kthvalue on CPU)."""
    arr = list(values)
    idx = list(range(len(arr)))

    def swap(i, j):
        arr[i], arr[j] = arr[j], arr[i]
        idx[i], idx[j] = idx[j], idx[i]
    gt = _gt_or_nan
    lo, hi = 0, len(arr) - 1
    while hi > lo:
        if hi == lo + 1:                     # two elements left
            if gt(arr[lo], arr[hi]):
                swap(lo, hi)
            break
        # median of three as pivot, kept at lo
        swap(lo + (hi - lo) // 2, lo + 1)
        if gt(arr[lo + 1], arr[hi]):
            swap(lo + 1, hi)
        if gt(arr[lo], arr[hi]):
            swap(lo, hi)
        if gt(arr[lo + 1], arr[lo]):
            swap(lo + 1, lo)
        i, j, pivot = lo + 1, hi, arr[lo]
        while True:
            i += 1
            while gt(pivot, arr[i]):
                i += 1
            j -= 1
            while gt(arr[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
    return idx[k]


def std_sort(a, less):
    """Sort the list ``a`` in place as libstdc++'s ``std::sort`` does: introsort (median of
    three, unguarded partition, heapsort past the depth limit) down to runs of 16, then one
    insertion sort. Equal elements end up in this algorithm's order, not the input's."""
    n = len(a)
    if n < 2:
        return

    def median_to_first(r, x, y, z):
        if less(a[x], a[y]):
            m = y if less(a[y], a[z]) else (z if less(a[x], a[z]) else x)
        elif less(a[x], a[z]):
            m = x
        else:
            m = z if less(a[y], a[z]) else y
        a[r], a[m] = a[m], a[r]

    def partition(first, last, pivot):
        while True:
            while less(a[first], a[pivot]):
                first += 1
            last -= 1
            while less(a[pivot], a[last]):
                last -= 1
            if not first < last:
                return first
            a[first], a[last] = a[last], a[first]
            first += 1

    def introsort(first, last, depth):
        while last - first > 16:
            if depth == 0:
                a[first:last] = _heap_sort(a[first:last], less)
                return
            depth -= 1
            median_to_first(first, first + 1, first + (last - first) // 2, last - 1)
            cut = partition(first + 1, last, first)
            introsort(cut, last, depth)
            last = cut

    def linear_insert(i):                    # a smaller element is known to lie before i
        val, j = a[i], i - 1
        while less(val, a[j]):
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = val

    introsort(0, n, 2 * (n.bit_length() - 1))
    for i in range(1, min(n, 16)):
        if less(a[i], a[0]):
            a[1:i + 1], a[0] = a[0:i], a[i]
        else:
            linear_insert(i)
    for i in range(16, n):
        linear_insert(i)


def _heap_sort(h, less):
    """libstdc++'s ``make_heap`` then ``sort_heap`` (introsort's fallback)."""
    def adjust(hole, length, val):
        top = child = hole
        while child < (length - 1) // 2:
            child = 2 * (child + 1)
            if less(h[child], h[child - 1]):
                child -= 1
            h[hole], hole = h[child], child
        if length % 2 == 0 and child == (length - 2) // 2:
            child = 2 * (child + 1)
            h[hole], hole = h[child - 1], child - 1
        parent = (hole - 1) // 2
        while hole > top and less(h[parent], val):
            h[hole], hole = h[parent], parent
            parent = (hole - 1) // 2
        h[hole] = val
    n = len(h)
    for parent in range((n - 2) // 2, -1, -1):
        adjust(parent, n, h[parent])
    for end in range(n - 1, 0, -1):
        val, h[end] = h[end], h[0]
        adjust(0, end, val)
    return h


def mode(values):
    """``(value, index)`` of the most frequent value (the smallest of equally frequent ones),
    the index being where PyTorch's sort leaves that value's last copy."""
    pairs = [(v, i) for i, v in enumerate(values)]
    std_sort(pairs, lambda p, q: p[0] < q[0])
    best, run, found = 0, 0, pairs[0]
    for i, p in enumerate(pairs):
        run += 1
        # (a nan is a run of its own: nan != nan)
        if i == len(pairs) - 1 or p[0] != pairs[i + 1][0]:
            if run > best:
                best, found = run, p
            run = 0
    return found


def first_of_equivalent(n):
    """Which of ``n`` elements that all compare equivalent libstdc++'s ``std::nth_element``
    leaves first: PyTorch's nanmedian of a slice of nans only (nan < nan is false both
    ways). Its introselect then only swaps: the median of three is the middle element, and
    each partition swaps pairs from both ends inwards."""
    idx = list(range(n))
    first, last = 0, n
    depth = 2 * (n.bit_length() - 1) if n else 0
    while last - first > 3 and depth > 0:
        depth -= 1
        mid = first + (last - first) // 2
        idx[first], idx[mid] = idx[mid], idx[first]
        lo, hi = first + 1, last
        while True:
            hi -= 1
            if not lo < hi:
                break
            idx[lo], idx[hi] = idx[hi], idx[lo]
            lo += 1
        last = lo                   # (the cut is past position 0: keep the left part)
    return idx[first] if n else 0


def _asc(p, q):                     # PyTorch's ascending order: nan last
    return (p[0] == p[0] and q[0] != q[0]) or p[0] < q[0]


def _desc(p, q):                    # descending: nan first
    return (p[0] != p[0] and q[0] == q[0]) or p[0] > q[0]


def unstable_sort_order(x, d, descending, order, xp):
    """PyTorch's ``sort(stable=False)`` order along ``d``, from a stable ``order``: the two
    differ only in a slice of more than 16 values (shorter ones are insertion-sorted, which
    is stable) that holds equal values; those slices are sorted again as ``std::sort``
    sorts them (on the host, in Python)."""
    n = x.shape[d]
    if n <= 16:
        return order
    ordered = xp.take_along_axis(x, order, axis=d)
    a, b = xp.moveaxis(ordered, d, -1)[..., 1:], xp.moveaxis(ordered, d, -1)[..., :-1]
    same = a == b
    if x.dtype.kind == "f":
        same |= (a != a) & (b != b)               # two nans tie too
    tied = _numpy(same.any(axis=-1)).reshape(-1)
    if not tied.any():
        return order
    rows = _numpy(xp.moveaxis(x, d, -1)).reshape(-1, n)
    fixed = _numpy(xp.moveaxis(order, d, -1)).reshape(-1, n).copy()
    less = _desc if descending else _asc
    for r in tied.nonzero()[0]:
        pairs = list(zip(rows[r].tolist(), range(n)))
        std_sort(pairs, less)
        fixed[r] = [i for _, i in pairs]
    shape = xp.moveaxis(order, d, -1).shape
    return xp.moveaxis(xp.asarray(fixed.reshape(shape)), -1, d)


def _numpy(arr):
    """A host copy (NumPy reductions may give a NumPy scalar: made an array too)."""
    return np.asarray(arr) if isinstance(arr, np.generic) else _backend.to_numpy(arr)
