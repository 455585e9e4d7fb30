"""How a tensor's values are shown: every value when there are a few, otherwise the shape, a
min/mean/max summary and a small heatmap.

Works on autograd_lab tensors and on PyTorch tensors alike (both are read, never changed).
"""
import weakref
from dataclasses import dataclass

import numpy as np

SMALL = 16          # up to this many elements, a label shows every value
HEATMAP = 8         # a heatmap has at most HEATMAP x HEATMAP cells


@dataclass(frozen=True)
class Summary:
    """The values of one tensor, ready for a label or an inspector.

    ``text`` is what a graph label shows: every value (``[1, 2.5]``) for small tensors, else
    ``min -1.2 mean 0.03 max 2.4``. ``values`` is the nested list for small tensors, ``stats``
    the (min, mean, max) of larger ones and ``heatmap`` their rows of cells scaled to 0..1
    (``None`` where a cell is NaN). Integer tensors report their mean as a float.
    """
    shape: tuple
    dtype: str
    numel: int
    text: str
    values: object = None
    stats: tuple = None
    heatmap: tuple = None

    @property
    def shape_text(self):
        return "(" + ", ".join(str(n) for n in self.shape) + ")"


def to_numpy(t):
    """A NumPy view of a tensor's values (copied off the GPU when it lives there)."""
    data = getattr(t, "_data", None)
    if data is None:                                   # a PyTorch tensor
        return t.detach().cpu().numpy()
    if isinstance(data, np.ndarray):
        return data
    return data.get()                                  # CuPy: the backend's only GPU type


def fmt(v):
    """One number, short: ``4.5``, ``126``, ``-0.1235``, ``1e-05``, ``True``."""
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    if v != v:
        return "nan"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return format(v, ".4g")


def _nested(a):
    if a.ndim == 0:
        return a.item()
    return [_nested(x) for x in a]


def _nested_text(a):
    if a.ndim == 0:
        return fmt(a.item())
    return "[" + ", ".join(_nested_text(x) for x in a) + "]"


def list_text(v):
    """Nested Python lists of numbers as short text: ``[[1, 2], [3, 4.5]]``."""
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(list_text(x) for x in v) + "]"
    return fmt(v)


CACHE_ABOVE = 4096     # summaries of tensors bigger than this are kept between traces
_cache = {}            # id(tensor) -> (weakref, key, Summary)


def summarize(t):
    """A :class:`Summary` of tensor ``t``'s current values.

    Big tensors (a resnet's weights) are summarized once per change: the summary is kept
    with the tensor's version counter, its buffer and a sample of its values, so a later
    trace reuses it unless one of them moved (the sample catches writes made through
    ``.data``, whose version counter is separate)."""
    arr = to_numpy(t)
    dtype = str(t.dtype).replace("torch.", "")
    if arr.size <= SMALL:
        return Summary(tuple(arr.shape), dtype, int(arr.size), _nested_text(arr),
                       values=_nested(arr))
    if arr.size <= CACHE_ABOVE:
        return summarize_array(arr, dtype)
    key = (int(t._version), id(getattr(t, "_data", None)) or arr.ctypes.data, arr.shape,
           _spread_sample(arr, 256).tobytes())
    entry = _cache.get(id(t))
    if entry is not None and entry[0]() is t and entry[1] == key:
        return entry[2]
    summary = summarize_array(arr, dtype)
    if len(_cache) > 4096:
        for k in [k for k, e in _cache.items() if e[0]() is None]:
            del _cache[k]
    try:
        _cache[id(t)] = (weakref.ref(t), key, summary)
    except TypeError:
        pass
    return summary


def _spread_sample(arr, n):
    """About ``n`` values spread evenly over ``arr`` in row-major order, gathered one by one
    (``arr.reshape(-1)`` would copy a non-contiguous view whole)."""
    idx = np.arange(0, arr.size, max(1, arr.size // n))
    return arr[np.unravel_index(idx, arr.shape)]


def distinct_elements(arr):
    """``arr`` without its broadcast axes (stride 0: every index shows the same values), a
    view. Min, max and mean are the same on it, since each element is repeated equally often;
    ``zeros(1).expand(10**12)`` is summarised from its one element."""
    index = tuple(slice(0, 1) if stride == 0 and n > 1 else slice(None)
                  for n, stride in zip(arr.shape, arr.strides))
    return arr[index]


def summarize_array(arr, dtype):
    """Min/mean/max and a heatmap of a larger array."""
    shape, numel = tuple(arr.shape), int(arr.size)
    heat_source = arr
    arr = distinct_elements(arr)
    if arr.dtype.kind == "b":
        arr = arr.astype(np.int8)
    lo, hi = arr.min(), arr.max()
    if arr.dtype.kind == "f" and not (np.isfinite(lo) and np.isfinite(hi)):
        finite = arr[np.isfinite(arr)]           # rare: only then pay for the mask
        lo, hi = (finite.min(), finite.max()) if finite.size else (np.nan, np.nan)
    stats = (float(lo), float(arr.mean()), float(hi))
    text = f"min {fmt(stats[0])} mean {fmt(stats[1])} max {fmt(stats[2])}"
    return Summary(shape, dtype, numel, text, stats=stats,
                   heatmap=heatmap(heat_source, stats[0], stats[2]))


def heatmap(arr, lo, hi, cells=HEATMAP):
    """At most ``cells`` x ``cells`` values sampled evenly from ``arr`` seen as a matrix
    (rows = first dimension, columns = the rest flattened), scaled to 0..1."""
    if arr.ndim < 2:
        arr = arr.reshape(1, -1)                   # (a view: 0-d and 1-D arrays)
    n_rows, n_cols = arr.shape[0], int(np.prod(arr.shape[1:]))
    rows = np.linspace(0, n_rows - 1, min(cells, n_rows)).astype(np.intp)
    cols = np.linspace(0, n_cols - 1, min(cells, n_cols)).astype(np.intp)
    # the cells are gathered by index: the rest of the array is never copied (a stride-0 view
    # reshaped to a matrix would be materialised)
    col_index = np.unravel_index(cols, arr.shape[1:])
    sample = arr[(rows[:, None],) + tuple(c[None, :] for c in col_index)].astype(np.float64)
    span = hi - lo
    scaled = (sample - lo) / span if span > 0 else np.full(sample.shape, 0.5)
    scaled = np.round(np.clip(scaled, 0.0, 1.0), 3)
    return tuple(tuple(None if c != c else c for c in row) for row in scaled.tolist())


def all_equal_value(summary):
    """The one value every element has, or ``None`` (from the summary: no new pass)."""
    if summary.values is not None:
        flat = _flatten(summary.values)
        return flat[0] if flat and all(v == flat[0] for v in flat) else None
    lo, _mean, hi = summary.stats
    return lo if lo == hi else None


def _flatten(v):
    if isinstance(v, list):
        return [x for item in v for x in _flatten(item)]
    return [v]


def heat_colour(c):
    """A cell's colour: blue for low, white for the middle, red for high; grey for NaN."""
    if c is None:
        return "#9e9e9e"
    if c < 0.5:
        k = c / 0.5                       # 0 -> blue, 1 -> white
        r, g, b = 33 + (255 - 33) * k, 102 + (255 - 102) * k, 172 + (255 - 172) * k
    else:
        k = (c - 0.5) / 0.5               # 0 -> white, 1 -> red
        r, g, b = 255 - (255 - 178) * k, 255 - (255 - 24) * k, 255 - (255 - 43) * k
    return "#%02x%02x%02x" % (int(r), int(g), int(b))
