"""How a tensor's values are shown: every value when there are a few, otherwise the shape, a
min/mean/max summary and a small heatmap.

Works on autograd_lab tensors and on PyTorch tensors alike (both are read, never changed).
"""
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


def summarize(t):
    """A :class:`Summary` of tensor ``t``'s current values."""
    arr = to_numpy(t)
    dtype = str(t.dtype).replace("torch.", "")
    if arr.size <= SMALL:
        return Summary(tuple(arr.shape), dtype, int(arr.size), _nested_text(arr),
                       values=_nested(arr))
    return summarize_array(arr, dtype)


def summarize_array(arr, dtype):
    """Min/mean/max and a heatmap of a larger array."""
    if arr.dtype.kind == "b":
        arr = arr.astype(np.int8)
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        finite = arr[np.isfinite(arr)]
        lo, hi = (finite.min(), finite.max()) if finite.size else (np.nan, np.nan)
        mean = arr.mean(dtype=np.float64)
    else:
        lo, hi, mean = arr.min(), arr.max(), arr.mean(dtype=np.float64)
    stats = (float(lo), float(mean), float(hi))
    text = f"min {fmt(stats[0])} mean {fmt(stats[1])} max {fmt(stats[2])}"
    return Summary(tuple(arr.shape), dtype, int(arr.size), text, stats=stats,
                   heatmap=heatmap(arr, stats[0], stats[2]))


def heatmap(arr, lo, hi, cells=HEATMAP):
    """At most ``cells`` x ``cells`` values sampled evenly from ``arr`` seen as a matrix
    (rows = first dimension, columns = the rest flattened), scaled to 0..1."""
    m = arr.reshape(arr.shape[0], -1) if arr.ndim >= 2 else arr.reshape(1, -1)
    rows = np.unique(np.linspace(0, m.shape[0] - 1, min(cells, m.shape[0])).astype(np.intp))
    cols = np.unique(np.linspace(0, m.shape[1] - 1, min(cells, m.shape[1])).astype(np.intp))
    sample = m[np.ix_(rows, cols)].astype(np.float64)
    span = hi - lo
    scaled = (sample - lo) / span if span > 0 else np.full(sample.shape, 0.5)
    return tuple(tuple(None if c != c else round(float(min(max(c, 0.0), 1.0)), 3) for c in row)
                 for row in scaled)


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
