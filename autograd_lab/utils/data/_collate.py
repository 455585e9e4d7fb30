"""How a list of samples becomes a batch: :func:`default_collate` and :func:`default_convert`.

``default_collate`` turns ``[sample_0, sample_1, ...]`` into one batch with the structure of
a single sample: tensors are stacked along a new first dimension, Python numbers become
tensors (``float`` -> float64, ``int`` -> int64, ``bool`` -> bool, as in torch), NumPy arrays
and scalars become tensors, strings stay a list, and tuples, lists, dicts and namedtuples are
collated field by field. ``collate`` does the walking; ``COLLATE_FN_MAP`` says what to do with
each leaf type, in the order torch checks them (``torch/utils/data/_utils/collate.py``).
"""
import collections
import copy
import re

import numpy as np

from ..._creation import as_tensor, tensor
from ..._dtype import float64
from ..._tensor import Tensor
from ...ops import stack

__all__ = ["collate", "default_collate", "default_convert"]

# NumPy dtypes that cannot become tensors: bytes, strings, unicode, objects
_NP_STR_OBJ_ARRAY = re.compile(r"[SaUO]")

_ERR_FORMAT = ("default_collate: batch must contain tensors, numpy arrays, numbers, "
               "dicts or lists; found {}")


def default_convert(data):
    """Turn NumPy arrays and scalars inside ``data`` into tensors, leaving the rest alone.

    The DataLoader's ``collate_fn`` when automatic batching is off (``batch_size=None``).
    Tuples come back as lists, as in torch.

    Examples
    --------
    >>> import numpy as np
    >>> default_convert((np.array([1, 2]), "a"))
    [tensor([1, 2]), 'a']
    """
    elem_type = type(data)
    if isinstance(data, Tensor):
        return data
    if elem_type.__module__ == "numpy" and elem_type.__name__ not in ("str_", "string_"):
        if elem_type.__name__ == "ndarray" and _NP_STR_OBJ_ARRAY.search(data.dtype.str):
            return data
        return as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _rebuild_mapping(data, {key: default_convert(data[key]) for key in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):          # namedtuple
        return elem_type(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild_sequence(data, [default_convert(d) for d in data])
    return data


def _rebuild_mapping(like, items):
    """A mapping of ``like``'s type holding ``items`` (a plain dict if the type refuses)."""
    try:
        if isinstance(like, collections.abc.MutableMapping):
            clone = copy.copy(like)          # keeps a subclass's extra attributes
            clone.update(items)
            return clone
        return type(like)(items)
    except TypeError:
        return items


def _rebuild_sequence(like, items):
    """A sequence of ``like``'s type holding ``items`` (a plain list if the type refuses)."""
    try:
        if isinstance(like, collections.abc.MutableSequence):
            clone = copy.copy(like)
            for i, item in enumerate(items):
                clone[i] = item
            return clone
        return type(like)(items)
    except TypeError:
        return items


# ---------------------------------------------------------------------------- leaves
def _collate_tensors(batch, *, collate_fn_map=None):
    return stack(batch, 0)


def _collate_numpy_arrays(batch, *, collate_fn_map=None):
    if _NP_STR_OBJ_ARRAY.search(batch[0].dtype.str) is not None:
        raise TypeError(_ERR_FORMAT.format(batch[0].dtype))
    return collate([as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def _collate_numpy_scalars(batch, *, collate_fn_map=None):
    return as_tensor(batch)           # keeps the scalars' dtype: float32 stays float32


def _collate_floats(batch, *, collate_fn_map=None):
    return tensor(batch, dtype=float64)         # a Python float is a double


def _collate_ints(batch, *, collate_fn_map=None):
    return tensor(batch)                        # int64, or bool for bools


def _collate_strings(batch, *, collate_fn_map=None):
    return batch


# checked in this order (after an exact type match), so a NumPy float64 (a subclass of
# float) is collated as a NumPy scalar, as in torch
COLLATE_FN_MAP = {
    Tensor: _collate_tensors,
    np.ndarray: _collate_numpy_arrays,
    (np.bool_, np.number, np.object_): _collate_numpy_scalars,
    float: _collate_floats,
    int: _collate_ints,
    str: _collate_strings,
    bytes: _collate_strings,
}


def collate(batch, *, collate_fn_map=None):
    """Collate ``batch`` (a list of samples) by structure, leaves by ``collate_fn_map``.

    ``collate_fn_map`` maps a type (or tuple of types) to ``fn(batch, *, collate_fn_map)``;
    pass an extended copy of ``COLLATE_FN_MAP`` to batch a type of your own.
    """
    elem = batch[0]
    elem_type = type(elem)
    if collate_fn_map is not None:
        if elem_type in collate_fn_map:
            return collate_fn_map[elem_type](batch, collate_fn_map=collate_fn_map)
        for collate_type in collate_fn_map:
            if isinstance(elem, collate_type):
                return collate_fn_map[collate_type](batch, collate_fn_map=collate_fn_map)

    if isinstance(elem, collections.abc.Mapping):
        return _rebuild_mapping(elem, {key: collate([d[key] for d in batch],
                                                    collate_fn_map=collate_fn_map)
                                       for key in elem})
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):          # namedtuple
        return elem_type(*(collate(samples, collate_fn_map=collate_fn_map)
                           for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(e) == elem_size for e in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)]
        if isinstance(elem, tuple):
            return fields              # a tuple sample gives a list batch, as in torch
        return _rebuild_sequence(elem, fields)

    raise TypeError(_ERR_FORMAT.format(elem_type))


def default_collate(batch):
    """Merge a list of samples into a batch: the DataLoader's default ``collate_fn``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> default_collate([(torch.tensor([1., 2.]), 0), (torch.tensor([3., 4.]), 1)])
    [tensor([[1., 2.],
            [3., 4.]]), tensor([0, 1])]
    >>> default_collate([{"x": 0.5, "name": "a"}, {"x": 1.5, "name": "b"}])
    {'x': tensor([0.5000, 1.5000], dtype=torch.float64), 'name': ['a', 'b']}
    """
    return collate(batch, collate_fn_map=COLLATE_FN_MAP)
