"""Tensor printing, character-identical to PyTorch's ``torch/_tensor_str.py``.

``repr(t)`` is built in three steps, each mirroring PyTorch:

1. pick a :class:`_Formatter` from the values that will actually be shown
   (the summarized data when the tensor has more than ``threshold``
   elements); it fixes one column width, and for floats whether to print
   integers (``1.``), fixed point (``1.2346``) or scientific (``1.2346e+05``);
2. render the nested brackets, wrapping 1-D rows at ``linewidth``;
3. append the suffixes (``device=``, ``size=``, ``dtype=``, ``grad_fn=`` or
   ``requires_grad=True``), moving one onto a new line when it would not fit.
"""
import math

import numpy as np

_DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80}
# Same keys, same order as torch's ``get_printoptions()`` dict.
_OPTS = dict(_DEFAULTS, sci_mode=None)
_PROFILES = {
    "default": _DEFAULTS,
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """Set the options used to print tensors, like ``torch.set_printoptions``.

    Parameters
    ----------
    precision : int, optional
        Digits after the decimal point for floats (default 4).
    threshold : float, optional
        Tensors with more elements than this are summarized with ``...``
        (default 1000).
    edgeitems : int, optional
        Items kept at each end of a summarized dimension (default 3).
    linewidth : int, optional
        Characters per line before a row wraps (default 80).
    profile : {'default', 'short', 'full'}, optional
        A preset applied first; the other arguments override it.
    sci_mode : bool, optional
        Force (True) or forbid (False) scientific notation. ``None`` lets
        the formatter decide. Unlike the other options it is *always*
        assigned, so a call without it switches back to automatic, as in
        torch.
    """
    if profile is not None and profile in _PROFILES:  # torch ignores unknown names
        _OPTS.update(_PROFILES[profile])
    for key, value in (("precision", precision), ("threshold", threshold),
                       ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is not None:
            _OPTS[key] = value
    _OPTS["sci_mode"] = sci_mode


def get_printoptions():
    """Return the current print options as a dict for ``set_printoptions(**d)``."""
    return dict(_OPTS)


class _Formatter:
    """Decide one column width and float style for every value printed.

    Parameters
    ----------
    data : numpy.ndarray
        The values that will be shown (already summarized).
    floating : bool
        Whether the tensor's dtype is a floating-point type.
    """

    def __init__(self, data, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = data.reshape(-1)
        if not floating:
            # Ints and bools print with str(); the longest string is that of
            # the minimum or the maximum, so only those two need measuring.
            if flat.size:
                self.max_width = max(len(str(flat.min().item())), len(str(flat.max().item())), 1)
            return
        # torch looks only at non-zero finite values: zeros, nan and inf never
        # decide the style or the width (so ``tensor([0., nan])`` stays narrow).
        vals = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if vals.size == 0:
            return
        # Exact comparison against ceil, as torch does, in the tensor's dtype.
        self.int_mode = bool(np.all(vals == np.ceil(vals)))
        mags = np.abs(vals)
        lo, hi = mags.min(), mags.max()
        sci = _OPTS["sci_mode"]
        if sci is None:
            with np.errstate(over="ignore"):  # 1e300 / 1e-300 is inf, as in torch
                sci = bool(hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4)
        self.sci_mode = sci
        prec = _OPTS["precision"]
        if self.sci_mode:
            widths = (len(f"{v:.{prec}e}") for v in vals.tolist())
        elif self.int_mode:
            # +1 for the trailing '.' that marks an integer-valued float
            widths = (len(f"{v:.0f}") + 1 for v in vals.tolist())
        else:
            widths = (len(f"{v:.{prec}f}") for v in vals.tolist())
        self.max_width = max(self.max_width, max(widths))

    def format(self, value):
        """Format one Python scalar, right-aligned to the common width."""
        if not self.floating:
            text = f"{value}"
        elif self.sci_mode:
            text = f"{value:{self.max_width}.{_OPTS['precision']}e}"
        elif self.int_mode:
            text = f"{value:.0f}"
            if math.isfinite(value):  # nan/inf get no '.'; -0.0 prints '-0.'
                text += "."
        else:
            text = f"{value:.{_OPTS['precision']}f}"
        return text.rjust(self.max_width)


def _summarized(data):
    """The sub-array that summarized printing will show, used to pick the formatter.

    Along every axis longer than ``2 * edgeitems`` keep only the first and
    last ``edgeitems`` entries, as torch's ``get_summarized_data`` does.
    """
    edge = _OPTS["edgeitems"]
    if data.ndim == 0:
        return data
    if data.ndim == 1 and not edge:
        # torch concatenates t[:0] and t[-0:], and t[-0:] is the whole tensor.
        return data
    if not edge:
        return data[(slice(0, 0),) * data.ndim]
    # slices are views, so only the kept corners are ever copied: a stride-0 or huge view
    # (``zeros(1).expand(10**12)``) is never materialised (``np.take`` would copy it whole)
    for axis, size in enumerate(data.shape):
        if size > 2 * edge:
            head = (slice(None),) * axis + (slice(0, edge),)
            tail = (slice(None),) * axis + (slice(size - edge, size),)
            data = np.concatenate([data[head], data[tail]], axis=axis)
    return data


def _render(data, indent, summarize, fmt):
    """Nested-bracket text of ``data``; ``indent`` is the column of its '['."""
    edge = _OPTS["edgeitems"]
    if data.ndim == 0:
        return fmt.format(data.item())
    if data.ndim == 1:
        # Each element takes its width plus ", "; at least one per line.
        per_line = max(1, math.floor((_OPTS["linewidth"] - indent) / (fmt.max_width + 2)))
        if summarize and not edge:
            items = ["..."]
        elif summarize and data.shape[0] > 2 * edge:
            # The ellipsis is one more "element" (with a leading space), so it
            # takes part in line wrapping like a number would.
            items = ([fmt.format(v) for v in data[:edge].tolist()] + [" ..."]
                     + [fmt.format(v) for v in data[-edge:].tolist()])
        else:
            items = [fmt.format(v) for v in data.tolist()]
        lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    size = data.shape[0]
    if summarize and size > 2 * edge:
        rows = ([_render(data[i], indent + 1, summarize, fmt) for i in range(edge)] + ["..."]
                + [_render(data[i], indent + 1, summarize, fmt) for i in range(size - edge, size)])
    else:
        rows = [_render(data[i], indent + 1, summarize, fmt) for i in range(size)]
    # Sub-blocks of a k-D tensor are separated by k-1 newlines (blank lines
    # between matrices of a 3-D tensor, and so on).
    return "[" + ("," + "\n" * (data.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def _add_suffixes(text, suffixes, indent):
    """Append ``, suffix`` items, breaking to a new line when one would not fit."""
    # torch's measure of the last line is two more than its real length
    # (``len - rfind('\\n') + 1``); keep the quirk so wrapping matches.
    last_len = len(text) - text.rfind("\n") + 1
    parts = [text]
    for suffix in suffixes:
        if last_len + len(suffix) + 2 > _OPTS["linewidth"]:
            parts.append(",\n" + " " * indent + suffix)
            last_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_len += len(suffix) + 2
    return "".join(parts) + ")"


def _to_numpy(arr):
    try:
        from ._backend import to_numpy
    except ImportError:  # loaded outside the package (tests of this file alone)
        return np.asarray(arr)
    return np.asarray(to_numpy(arr))


def _default_dtype_repr():
    try:
        from ._dtype import get_default_dtype
    except ImportError:
        return "torch.float32"
    return repr(get_default_dtype())


def tensor_repr(t, *, tensor_contents=None):
    """Return ``repr(t)`` exactly as PyTorch prints the same tensor.

    Parameters
    ----------
    t : Tensor
        Anything with ``_data`` (NumPy/CuPy array), ``dtype``, ``device``,
        ``_grad_fn`` and ``_requires_grad``.
    tensor_contents : str, optional
        Text used instead of the rendered values (torch's hook of the same name).

    Returns
    -------
    str
    """
    data = _to_numpy(t._data)
    # Plain tensors (and Parameters) print as ``tensor(``; subclasses by name.
    name = type(t).__name__
    prefix = "tensor(" if name in ("Tensor", "Parameter") else name + "("
    indent = len(prefix)
    suffixes = []
    device = str(t.device)
    if device.split(":")[0] != "cpu":
        suffixes.append(f"device='{device}'")
    dtype_text = repr(t.dtype)
    default_dtype = _default_dtype_repr()
    if data.size == 0:
        # Nothing to show, so the shape (unless it is the plain ``(0,)``) and
        # any non-default dtype (even int64: no values hint at it) are spelled out.
        if data.ndim != 1:
            suffixes.append(f"size={tuple(data.shape)}")
        if dtype_text != default_dtype:
            suffixes.append(f"dtype={dtype_text}")
        body = "[]"
    else:
        if not _OPTS["edgeitems"]:
            # With edgeitems=0 the shape cannot be read off the output.
            suffixes.append(f"size={tuple(data.shape)}")
        # int64 and bool are recognisable from their values; the default
        # float dtype is what a bare float literal would produce.
        if dtype_text not in (default_dtype, "torch.int64", "torch.bool"):
            suffixes.append(f"dtype={dtype_text}")
        summarize = data.size > _OPTS["threshold"]
        fmt = _Formatter(_summarized(data) if summarize else data, t.dtype.is_floating_point)
        body = _render(data, indent, summarize, fmt)
    if tensor_contents is not None:
        body = tensor_contents
    if t._grad_fn is not None:
        # torch prints the node's class name: <CopySlices>, not torch::autograd::CopySlices
        suffixes.append(f"grad_fn=<{t._grad_fn.name().rpartition('::')[2]}>")
    elif t._requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)
