"""libstdc++'s ``std::sort``, ``std::partial_sort`` and ``std::nth_element``, step for step.

torch's CPU kernels for ``sort`` (``stable=False``), ``topk``, ``mode`` and ``nanmedian``
call these on ``(value, index)`` pairs with a comparator that looks at the value only. None
of them is stable, so among equal values the index torch reports is simply where the
algorithm left it; no NumPy sort can say which, so to report torch's index (and send the
gradient where torch sends it) we rerun the algorithms themselves, as GCC's
``bits/stl_algo.h`` and ``bits/stl_heap.h`` write them (torch's Linux builds use
libstdc++). Which algorithm each kernel calls, with which comparator, is said by the
callers: :mod:`._select` (sort, mode, nanmedian) and :mod:`._topk_order` (topk).

Each function works in place on a Python list ``a`` over the half-open range
``[first, last)`` of positions, with ``comp(x, y)`` true when ``x`` must go before ``y`` (the
C++ iterators and comparator). Function names are libstdc++'s without the leading ``__``:

* ``sort``: ``std::__sort``: ``__introsort_loop`` (quicksort with the median of three as
  pivot, ``__partial_sort`` once ``2 * log2(n)`` levels deep) down to runs of 16
  (``_S_threshold``), then ``__final_insertion_sort`` over the whole range.
* ``partial_sort``: ``std::__partial_sort``: ``__heap_select`` then ``__sort_heap``.
* ``nth_element``: ``std::nth_element`` -> ``__introselect``: the same partitions, keeping
  the part holding ``nth``, down to 3 elements, then ``__insertion_sort``.
"""

_S_THRESHOLD = 16        # runs this short are left to the final insertion sort


def _lg2(n):
    """``std::__lg``: floor(log2(n)) for n > 0."""
    return n.bit_length() - 1


# ---------------------------------------------------------------------------- heaps (stl_heap.h)
def _adjust_heap(a, first, hole, length, value, comp):
    """``__adjust_heap``: sift the hole at ``hole`` down to a leaf, always to the child that
    goes later, then ``__push_heap`` ``value`` back up from there."""
    top = child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if comp(a[first + child], a[first + child - 1]):
            child -= 1
        a[first + hole] = a[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:      # a last parent with one child
        child = 2 * (child + 1)
        a[first + hole] = a[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2                                  # __push_heap
    while hole > top and comp(a[first + parent], value):
        a[first + hole] = a[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    a[first + hole] = value


def _pop_heap(a, first, last, result, comp):
    """``__pop_heap``: the top of the heap ``[first, last)`` goes to ``result``, whose old
    element is sifted into the heap."""
    value = a[result]
    a[result] = a[first]
    _adjust_heap(a, first, 0, last - first, value, comp)


def _make_heap(a, first, last, comp):
    """``__make_heap``: sift down every parent, the last one first."""
    length = last - first
    if length < 2:
        return
    for parent in range((length - 2) // 2, -1, -1):
        _adjust_heap(a, first, parent, length, a[first + parent], comp)


def _heap_select(a, first, middle, last, comp):
    """``__heap_select``: a heap of ``[first, middle)`` that each later element goes before
    the top of replaces it: ``[first, middle)`` ends up holding the ones that go first."""
    _make_heap(a, first, middle, comp)
    for i in range(middle, last):
        if comp(a[i], a[first]):
            _pop_heap(a, first, middle, i, comp)


def _sort_heap(a, first, last, comp):
    """``__sort_heap``: pop the top to the end, one place earlier each time."""
    while last - first > 1:
        last -= 1
        _pop_heap(a, first, last, last, comp)


def partial_sort(a, first, middle, last, comp):
    """``std::partial_sort``: the elements that go first, sorted, in ``[first, middle)``."""
    _heap_select(a, first, middle, last, comp)
    _sort_heap(a, first, middle, comp)


# ---------------------------------------------------------------------------- stl_algo.h
def _move_median_to_first(a, result, x, y, z, comp):
    """``__move_median_to_first``: swap the median of ``a[x], a[y], a[z]`` to ``result``."""
    if comp(a[x], a[y]):
        if comp(a[y], a[z]):
            m = y
        elif comp(a[x], a[z]):
            m = z
        else:
            m = x
    elif comp(a[x], a[z]):
        m = x
    elif comp(a[y], a[z]):
        m = z
    else:
        m = y
    a[result], a[m] = a[m], a[result]


def _unguarded_partition_pivot(a, first, last, comp):
    """``__unguarded_partition_pivot``: the median of (first + 1, middle, last - 1) moved to
    ``first`` as the pivot, then ``__unguarded_partition`` of ``[first + 1, last)`` around it
    (Hoare's: elements equal to the pivot are swapped too, from both ends inwards). Returns
    the cut: everything before it goes no later than the pivot, everything from it no
    earlier."""
    _move_median_to_first(a, first, first + 1, first + (last - first) // 2, last - 1, comp)
    pivot = a[first]                 # (position ``first`` is outside the range partitioned)
    lo, hi = first + 1, last
    while True:
        while comp(a[lo], pivot):
            lo += 1
        hi -= 1
        while comp(pivot, a[hi]):
            hi -= 1
        if not lo < hi:
            return lo
        a[lo], a[hi] = a[hi], a[lo]
        lo += 1


def _unguarded_linear_insert(a, last, comp):
    """``__unguarded_linear_insert``: move ``a[last]`` back past every element it goes
    before; something earlier is known to stop it, so no bound is checked."""
    value = a[last]
    nxt = last - 1
    while comp(value, a[nxt]):
        a[last] = a[nxt]
        last = nxt
        nxt -= 1
    a[last] = value


def _insertion_sort(a, first, last, comp):
    """``__insertion_sort``: an element going before the first one is moved to the front
    directly; any other is inserted unguarded."""
    for i in range(first + 1, last):
        if comp(a[i], a[first]):
            value = a[i]
            a[first + 1:i + 1] = a[first:i]
            a[first] = value
        else:
            _unguarded_linear_insert(a, i, comp)


def _final_insertion_sort(a, first, last, comp):
    """``__final_insertion_sort``: after the introsort loop each element is at most 16 places
    from home and the first 16 hold the smallest of all, so past them no guard is needed."""
    if last - first > _S_THRESHOLD:
        _insertion_sort(a, first, first + _S_THRESHOLD, comp)
        for i in range(first + _S_THRESHOLD, last):          # __unguarded_insertion_sort
            _unguarded_linear_insert(a, i, comp)
    else:
        _insertion_sort(a, first, last, comp)


def _introsort_loop(a, first, last, depth_limit, comp):
    """``__introsort_loop``: partition, sort the right part, loop on the left one; a heap
    sort once ``depth_limit`` partitions deep; runs of 16 or fewer are left alone."""
    while last - first > _S_THRESHOLD:
        if depth_limit == 0:
            partial_sort(a, first, last, last, comp)
            return
        depth_limit -= 1
        cut = _unguarded_partition_pivot(a, first, last, comp)
        _introsort_loop(a, cut, last, depth_limit, comp)
        last = cut


def sort(a, first, last, comp):
    """``std::sort``: introsort, then one insertion sort over the whole range. Equal
    elements end up in this algorithm's order, not the input's.

    >>> a = [(0.0, i) for i in range(17)]           # 17 equal values, by index
    >>> sort(a, 0, 17, lambda p, q: p[0] < q[0])
    >>> [i for _, i in a]
    [8, 16, 15, 14, 13, 12, 11, 10, 9, 0, 7, 6, 5, 4, 3, 2, 1]
    """
    if first != last:
        _introsort_loop(a, first, last, 2 * _lg2(last - first), comp)
        _final_insertion_sort(a, first, last, comp)


def nth_element(a, first, nth, last, comp):
    """``std::nth_element``: ``a[nth]`` becomes the element a sort would put there, nothing
    before it goes after it and nothing after it goes before it (``__introselect``)."""
    if first == last or nth == last:
        return
    depth_limit = 2 * _lg2(last - first)
    while last - first > 3:
        if depth_limit == 0:
            _heap_select(a, first, nth + 1, last, comp)
            a[first], a[nth] = a[nth], a[first]     # the nth best sat on top of the heap
            return
        depth_limit -= 1
        cut = _unguarded_partition_pivot(a, first, last, comp)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(a, first, last, comp)
