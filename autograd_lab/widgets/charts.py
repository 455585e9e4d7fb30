"""Small SVG charts drawn in Python: the loss curve and the gradient-norm sparklines of the
training panel (:mod:`autograd_lab.widgets.training`) and of the exported page.

Plain inline SVG in an ``ipywidgets.HTML``: no JavaScript, so the same text shows in
JupyterLab, Notebook 7 and a saved HTML file. Sizes are fixed in CSS pixels (no viewBox
scaling) so the text stays at 12 px or more on a projector. Every name is escaped here.

Points that are not finite (``nan``: no ``.grad`` at that moment, ``inf``: a diverging loss)
break the line instead of being drawn at a made-up height.
"""
import html
import math

import numpy as np

from ..viz.values import fmt

LINE = "#1565c0"        # the loss curve and the sparklines
LAST = "#c62828"        # the newest point
AXIS = "#90a4ae"
TEXT = "#37474f"
FONT = 'font-family="Helvetica, Arial, \'Noto Sans CJK SC\', sans-serif"'
CELL = 'style="padding:1px 6px;text-align:left;vertical-align:middle;'
MAX_POINTS = 400        # a polyline of more points looks the same and costs more to send


def _sample(values):
    """``(index, value)`` pairs, at most ``MAX_POINTS`` of them, the first and last kept."""
    n = len(values)
    picks = np.unique(np.rint(np.linspace(0, n - 1, min(n, MAX_POINTS))).astype(int))
    return list(zip(picks.tolist(), values[picks].tolist()))


def _range(values):
    """The lowest and highest finite value (0, 1 when there is none)."""
    finite = values[np.isfinite(values)]
    return (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)


def _paths(points, n, lo, hi, x0, y0, width, height):
    """Polyline point lists, one per run of finite values, mapped into the plot box."""
    span = hi - lo if hi > lo else 1.0
    step = width / max(1, n - 1)
    runs, run = [], []
    for i, v in points:
        if not math.isfinite(v):
            if run:
                runs.append(run)
            run = []
            continue
        x = x0 + i * step if n > 1 else x0 + width / 2
        y = y0 + height - (v - lo) / span * height if hi > lo else y0 + height / 2
        run.append((x, y))
    if run:
        runs.append(run)
    return runs


def _polylines(runs, colour, stroke):
    out = []
    for run in runs:
        if len(run) == 1:
            (x, y), = run
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{colour}"/>')
        else:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" '
                       f'stroke-width="{stroke}" stroke-linejoin="round"/>')
    return out


def loss_curve_svg(values, title="loss", step_label="step {k}", last_word="last", width=380,
                   height=170):
    """The loss curve as SVG text: one point per step, the y axis from the lowest loss to
    the highest, the newest value written beside its point.

    Parameters
    ----------
    values : list of float
        The losses, oldest first.
    title, step_label, last_word : str
        The words drawn (already in the panel's language; escaped here); ``step_label``
        has ``{k}`` where the step number goes.

    Examples
    --------
    >>> svg = loss_curve_svg([1.0, 0.5, 0.25])
    >>> svg.startswith("<svg") and "0.25" in svg
    True
    """
    values = np.asarray(values, dtype=np.float64)     # numpy: 50,000 points in a blink
    left, right, top, bottom = 58, 16, 26, 30
    pw, ph = width - left - right, height - top - bottom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'class="agl-loss-curve" role="img" {FONT} font-size="12">',
             f'<text x="{left}" y="16" fill="{TEXT}" font-weight="bold" font-size="13">'
             f'{html.escape(title)}</text>']
    lo, hi = _range(values)
    parts.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fafafa" '
                 f'stroke="{AXIS}"/>')
    parts.append(f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" fill="{TEXT}">'
                 f'{html.escape(fmt(hi))}</text>')
    parts.append(f'<text x="{left - 6}" y="{top + ph}" text-anchor="end" fill="{TEXT}">'
                 f'{html.escape(fmt(lo))}</text>')
    n = len(values)
    parts.append(f'<text x="{left}" y="{height - 10}" fill="{TEXT}">'
                 f'{html.escape(step_label.format(k=1))}</text>')
    parts.append(f'<text x="{left + pw}" y="{height - 10}" text-anchor="end" fill="{TEXT}">'
                 f'{html.escape(step_label.format(k=n))}</text>')
    runs = _paths(_sample(values), n, lo, hi, left, top, pw, ph)
    parts += _polylines(runs, LINE, 2)
    if n and math.isfinite(values[-1]) and runs:
        x, y = runs[-1][-1]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LAST}"/>')
        parts.append(f'<text x="{left + pw}" y="16" text-anchor="end" fill="{LAST}">'
                     f'{html.escape(last_word)}: {html.escape(fmt(values[-1]))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sparkline_svg(values, width=150, height=26):
    """One small line without axes (the trend of one parameter's gradient norm).

    Examples
    --------
    >>> "polyline" in sparkline_svg([3.0, 2.0, 1.0])
    True
    """
    values = np.asarray(values, dtype=np.float64)
    lo, hi = _range(values)
    runs = _paths(_sample(values), len(values), lo, hi, 2, 3, width - 6, height - 6)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             'class="agl-sparkline">']
    parts += _polylines(runs, LINE, 1.5)
    if len(values) and math.isfinite(values[-1]) and runs:
        x, y = runs[-1][-1]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{LAST}"/>')
    parts.append("</svg>")
    return "".join(parts)


def grad_norms_html(norms, title="gradient norm", none_word="no .grad"):
    """A table: each parameter's name, the sparkline of its ``.grad`` norm, the newest value.

    Examples
    --------
    >>> "W&lt;1&gt;" in grad_norms_html({"W<1>": [2.0, 1.0]})
    True
    """
    rows = []
    for name, values in norms.items():
        last = values[-1] if values else float("nan")
        shown = fmt(last) if math.isfinite(last) else none_word
        rows.append(f'<tr><th {CELL} font-weight:normal">{html.escape(str(name))}</th>'
                    f'<td {CELL}">{sparkline_svg(values)}</td>'
                    f'<td {CELL} font-family:monospace">{html.escape(shown)}</td></tr>')
    # inline styles: the page's CSS (widget.css) is not needed to read it, in Jupyter or saved
    return (f'<div class="agl-grad-norms" style="font-size:13px;color:{TEXT}">'
            f'<div style="font-weight:bold">{html.escape(title)}</div>'
            f'<table style="border-collapse:collapse">{"".join(rows)}</table></div>')
