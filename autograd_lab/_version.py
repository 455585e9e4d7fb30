"""Version counters: how autograd notices that a tensor saved for backward changed in place.

Every tensor has one (``t._version_counter``, read as ``t._version_counter[0]``); views, and
``detach()``, share their base's. Most tensors are never written to in place, so a new one
starts with the shared, read-only ``UNCHANGED`` and gets a counter of its own (a one-element
list) only when first written to in place (:func:`bump`) or when another tensor is to share
it (:func:`shared`). That is one Python object fewer per op, and fewer objects for the cycle
collector to visit again and again during a long forward pass.
"""

UNCHANGED = (0,)


def bump(t):
    """Count one in-place write to ``t`` (and to every tensor sharing its counter)."""
    counter = t._version_counter
    if counter is UNCHANGED:
        t._version_counter = [1]
    else:
        counter[0] += 1


def shared(t):
    """``t``'s counter, made its own first, for another tensor (a view...) to share."""
    counter = t._version_counter
    if counter is UNCHANGED:
        counter = t._version_counter = [0]
    return counter
