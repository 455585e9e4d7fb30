"""The order PyTorch's CPU kernels leave equal values in, for the ops that report an *index*
among them: ``sort(stable=False)``/``argsort``, ``mode``, ``nanmedian`` and ``kthvalue``
(``topk``'s is :mod:`._topk_order`).

None of these kernels is stable, so which of several equal values a slice reports is
whatever its algorithm leaves at the chosen position; rerunning the algorithm is the only
way to report the index PyTorch reports (and so send the gradient where PyTorch sends it).
Which algorithm, with which comparator:

* ``sort``: ``std::sort`` of (value, index) pairs by value, nan last ascending and first
  descending (:func:`value_less`, :func:`value_greater`);
* ``mode``: ``std::sort`` of (value, index) pairs by a plain ``<`` on values, then the
  longest run of equal values;
* ``nanmedian`` of a slice of nans only: ``std::nth_element`` at 0, every element
  equivalent;
* ``kthvalue``: PyTorch's own quickselect (``quick_select_template``), not libstdc++'s.

libstdc++'s algorithms are rerun by :mod:`._libstdcxx`. All of this runs in plain Python
over one slice at a time (Python floats compare as C++ doubles do, nan included).
"""
import numpy as np

from .. import _backend
from . import _libstdcxx


def greater(x, y):
    """``x > y`` in PyTorch's order for sorting and selecting: nan is larger than every
    number (and equivalent to another nan)."""
    return (x != x and y == y) or x > y


def value_less(p, q):
    """PyTorch's ascending comparator on (value, index) pairs: by value, nan last."""
    return greater(q[0], p[0])


def value_greater(p, q):
    """PyTorch's descending comparator on (value, index) pairs: by value, nan first."""
    return greater(p[0], q[0])


# ---------------------------------------------------------------------------- sort
def stable_order(x, axis, descending, xp):
    """Indices that sort ``x`` along ``axis`` stably, NaN counted as the largest value as torch
    counts it (NumPy puts it last, torch's ascending place too). Descending is the stable
    ascending sort of the reversed slice, read backwards: ties keep their order, and nothing
    is negated (which would wrap for unsigned and the most negative integers)."""
    if not descending:
        return xp.argsort(x, axis=axis, kind="stable")
    n = x.shape[axis]
    backwards = xp.argsort(xp.flip(x, axis=axis), axis=axis, kind="stable")
    return n - 1 - xp.flip(backwards, axis=axis)


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
    comp = value_greater if descending else value_less
    for r in tied.nonzero()[0]:
        pairs = list(zip(rows[r].tolist(), range(n)))
        _libstdcxx.sort(pairs, 0, n, comp)
        fixed[r] = [i for _, i in pairs]
    shape = xp.moveaxis(order, d, -1).shape
    return xp.moveaxis(xp.asarray(fixed.reshape(shape)), -1, d)


def _numpy(arr):
    """A host copy (NumPy reductions may give a NumPy scalar: made an array too)."""
    return np.asarray(arr) if isinstance(arr, np.generic) else _backend.to_numpy(arr)


# ---------------------------------------------------------------------------- mode, nanmedian
def mode(values):
    """``(value, index)`` of the most frequent value (the smallest of equally frequent ones),
    the index being where PyTorch's sort leaves that value's last copy."""
    pairs = [(v, i) for i, v in enumerate(values)]
    _libstdcxx.sort(pairs, 0, len(pairs), lambda p, q: p[0] < q[0])   # a plain <
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
    """Which of ``n`` elements that all compare equivalent ``std::nth_element`` at 0 leaves
    first: PyTorch's nanmedian of a slice of nans only (its comparator is false both ways
    between two nans, and no number is left to take the median of)."""
    idx = list(range(n))
    _libstdcxx.nth_element(idx, 0, 0, n, lambda i, j: False)
    return idx[0] if n else 0


# ---------------------------------------------------------------------------- kthvalue
def quickselect(values, k):
    """The index (into ``values``) of the ``k``-th smallest (0-based) element, as PyTorch's
    ``quick_select_template`` finds it (kthvalue on CPU). PyTorch's own algorithm, not
    ``std::nth_element``: its median of three is sorted into place around ``lo`` and the
    pivot swapped in at the end, so ties fall differently."""
    arr = list(values)
    idx = list(range(len(arr)))

    def swap(i, j):
        arr[i], arr[j] = arr[j], arr[i]
        idx[i], idx[j] = idx[j], idx[i]
    gt = greater
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
