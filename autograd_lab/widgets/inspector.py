"""The Lab's inspector: what the selected node is, as a plain dict (synced and tested) and
as HTML. Small tensors are printed exactly as ``print(tensor)`` prints them; big ones are
summarised as the graph summarises them (shape, min/mean/max, a heatmap, the first rows),
never dumped."""
import html

import numpy as np

from ..viz import values as _values
from ..viz.escaping import path_of
from . import derivatives
from .i18n import text


def describe(graph, node_id, history=None):
    """A JSON-ready description of node ``node_id`` of ``graph`` (``{}`` if none)."""
    if not node_id:
        return {}
    if node_id.startswith("M."):
        path = path_of(node_id, "M.")          # (unusual characters are percent-encoded)
        members = [x for x in list(graph.tensors.values()) + list(graph.functions.values())
                   if (x.module or "") == path or (x.module or "").startswith(path + ".")]
        return {"kind": "module", "id": node_id, "name": path, "count": len(members)}
    t = graph.tensors.get(node_id)
    if t is not None:
        obj = graph.objects.get(node_id)          # None for a moment of the timeline
        fn = graph.functions.get(t.grad_fn) if t.grad_fn else None
        grad = None
        if obj is not None:
            grad = getattr(obj, "_grad", None) if hasattr(obj, "_grad_fn") else \
                (obj.grad if obj.is_leaf else None)
        values, values_summary = _shown(obj, t.value)
        if obj is None:
            grad_text, grad_summary = _shown(None, t.grad)
        else:
            grad_text, grad_summary = _shown(grad, t.grad if grad is not None else None)
        return {
            "kind": "tensor", "id": node_id, "name": t.name, "role": t.role,
            "shape": list(t.shape), "dtype": t.dtype, "device": t.device,
            "is_leaf": t.is_leaf, "requires_grad": t.requires_grad,
            "grad_fn": fn.name if fn else None, "version": t.version, "module": t.module,
            "values": values, "values_summary": values_summary,
            "grad": grad_text, "grad_summary": grad_summary,
            "heatmap": list(map(list, t.value.heatmap)) if t.value and t.value.heatmap else None,
            "grad_heatmap": list(map(list, t.grad.heatmap)) if t.grad and t.grad.heatmap
            else None,
            "history": list((history or {}).get(t.name or t.id, [])),
        }
    f = graph.functions.get(node_id)
    if f is None:
        return {}
    node = graph.objects.get(node_id)
    inputs = []
    for e in graph.edges:
        if e.dst == node_id and e.kind in ("flow", "const"):
            src = graph.node(e.src)
            if src is not None and getattr(src, "kind", None) == "accumulate":
                src = graph.tensors.get(src.variable)
            inputs.append(getattr(src, "name", "") or e.src)
    if f.kind == "accumulate":
        var = graph.tensors.get(f.variable)
        return {"kind": "accumulate", "id": node_id, "name": f.name,
                "variable": var.name if var else "", "formula": derivatives.formula(f.name)}
    custom = bool(getattr(node, "_is_custom", False))
    saved = []
    for s in f.saved:
        if s.stale:
            entry = text("stale")
        elif s.is_tensor and s.shape is not None and node is not None:
            try:
                entry = _saved_text(getattr(node, "_saved_" + s.name))
            except RuntimeError as err:         # freed in the meantime
                entry = str(err)
        elif s.is_tensor and s.shape is not None:
            entry = f"{s.dtype} {tuple(s.shape)}"
        else:
            entry = s.text
        saved.append({"name": "_saved_" + s.name, "text": entry,
                      "tensor": s.tensor_id})
    return {"kind": "backward", "id": node_id, "name": f.name, "module": f.module,
            "freed": f.freed, "saved": saved, "inputs": inputs, "custom": custom,
            "formula": derivatives.formula(f.name, "en", custom)}


FIRST_ROWS, FIRST_COLS = 4, 8       # what the inspector writes out of a big tensor


def _shown(obj, summary):
    """``(text, summary dict)`` for a tensor: ``repr`` when it is small (summary ``None``),
    else the graph's one-line summary and a dict with shape, stats and the first rows."""
    if obj is None and summary is None:
        return None, None
    if obj is not None and int(obj.numel()) <= _values.SMALL:
        return repr(obj), None
    if summary is None:
        summary = _values.summarize(obj)
    if summary.stats is None:                     # a small tensor of a recorded moment
        return summary.text, None
    return summary.text, {
        "shape": list(summary.shape), "stats": list(summary.stats),
        "heatmap": [list(r) for r in summary.heatmap] if summary.heatmap else None,
        "first_rows": _first_rows(obj) if obj is not None else None}


def _first_rows(t):
    """The top-left corner of a tensor seen as a matrix (rows = first dimension): at most
    FIRST_ROWS rows of FIRST_COLS numbers, and how many rows and columns were left out."""
    arr = _values.to_numpy(t)
    m = arr.reshape(arr.shape[0], -1) if arr.ndim >= 2 else arr.reshape(1, -1)
    corner = np.asarray(m[:FIRST_ROWS, :FIRST_COLS])
    return {"rows": [[_values.fmt(v) for v in row] for row in corner.tolist()],
            "more_rows": int(m.shape[0] - corner.shape[0]),
            "more_cols": int(m.shape[1] - corner.shape[1])}


def _saved_text(value):
    if hasattr(value, "numel") and int(value.numel()) > _values.SMALL:
        return f"{tuple(value.shape)}  {_values.summarize(value).text}"
    return repr(value)


def _heat(rows):
    cells = "".join("<tr>" + "".join(
        f'<td style="background:{_values.heat_colour(c)}"></td>' for c in row) + "</tr>"
        for row in rows)
    return f'<table class="agl-heat">{cells}</table>'


def _row(label, value, raw=False):
    v = value if raw else html.escape(str(value))
    return f"<tr><th>{html.escape(label)}</th><td>{v}</td></tr>"


def _pre(s):
    return f"<pre>{html.escape(s)}</pre>"


def to_html(info, step, lang="en"):
    """The inspector as HTML, with the chain rule of the node now executing on top."""
    parts = [f"<h4>{html.escape(text('inspector', lang))}</h4>"]
    if step:
        parts.append(_step_html(step, lang))
    if not info:
        parts.append(f"<p>{html.escape(text('nothing_selected', lang))}</p>")
        return "".join(parts)
    rows = []
    kind = info["kind"]
    if kind == "tensor":
        rows.append(_row(text("name", lang), info["name"] or "—"))
        rows.append(_row(text("role", lang), text("role_" + info["role"], lang)))
        rows.append(_row(text("shape", lang), tuple(info["shape"])))
        rows.append(_row(text("dtype", lang), info["dtype"]))
        if info["device"] != "cpu":
            rows.append(_row(text("device", lang), info["device"]))
        rows.append(_row(text("is_leaf", lang), info["is_leaf"]))
        rows.append(_row(text("requires_grad", lang), info["requires_grad"]))
        rows.append(_row(text("grad_fn", lang), info["grad_fn"] or "None"))
        rows.append(_row(text("version", lang), info["version"]))
        if info.get("module"):
            rows.append(_row(text("module", lang), info["module"]))
        rows.append(_row(text("values", lang), _tensor_html(info["values"],
                                                             info.get("values_summary"), lang),
                         raw=True))
        rows.append(_row(text("grad", lang), _tensor_html(info["grad"],
                                                           info.get("grad_summary"), lang),
                         raw=True))
        if info["history"]:
            rows.append(_row(text("grad_history", lang), " → ".join(info["history"])))
    elif kind == "backward":
        rows.append(_row(text("grad_fn", lang), info["name"]))
        rows.append(_row(text("role", lang), text("node_backward", lang)))
        if info.get("module"):
            rows.append(_row(text("module", lang), info["module"]))
        formula = derivatives.formula(info["name"], lang, info.get("custom", False))
        if formula:
            rows.append(_row(text("formula", lang), formula))
        rows.append(_row(text("inputs", lang), ", ".join(info["inputs"]) or "—"))
        if info["freed"]:
            saved = html.escape(text("saved_freed", lang))
        elif not info["saved"]:
            saved = html.escape(text("no_saved", lang))
        else:
            saved = "".join(f"<b>{html.escape(s['name'])}</b>{_pre(s['text'])}"
                            for s in info["saved"])
        rows.append(_row(text("saved", lang), saved, raw=True))
    elif kind == "accumulate":
        rows.append(_row("AccumulateGrad",
                         text("node_accumulate", lang).format(name=info["variable"])))
        rows.append(_row(text("formula", lang), derivatives.formula("AccumulateGrad", lang)))
    elif kind == "module":
        rows.append(_row(text("module", lang), info["name"]))
        rows.append(_row("", text("n_nodes", lang).format(n=info["count"])))
    parts.append("<table>" + "".join(rows) + "</table>")
    return "".join(parts)


def _tensor_html(shown, summary, lang):
    """A tensor's values (or .grad): the exact print when small, else shape, min/mean/max,
    a heatmap and the first rows, in a box that scrolls instead of wrapping."""
    if shown is None:
        return _pre("None")
    if summary is None:
        return _pre(shown)
    lo, mean, hi = summary["stats"]
    parts = [f'<div>{html.escape(text("shape", lang))} {html.escape(str(tuple(summary["shape"])))}'
             f' · {html.escape(text("stats", lang))}: <code>{_values.fmt(lo)} / '
             f'{_values.fmt(mean)} / {_values.fmt(hi)}</code></div>']
    if summary.get("heatmap"):
        parts.append(_heat(summary["heatmap"]))
    corner = summary.get("first_rows")
    if corner:
        width = max((len(v) for row in corner["rows"] for v in row), default=1)
        lines = ["  ".join(v.rjust(width) for v in row) +
                 ("  …" if corner["more_cols"] else "") for row in corner["rows"]]
        if corner["more_rows"]:
            lines.append(text("more_rows", lang).format(n=corner["more_rows"]))
        if corner["more_cols"]:
            lines.append(text("more_cols", lang).format(n=corner["more_cols"]))
        parts.append(f'<div>{html.escape(text("first_rows", lang))}:</div>'
                     f'<pre class="agl-rows" style="white-space:pre;overflow-x:auto">'
                     f'{html.escape(chr(10).join(lines))}</pre>')
    return "".join(parts)


def _step_html(step, lang):
    """grad in × local derivative = grads out, for the node that just ran."""
    lines = [f"<b>{html.escape(text('chain_rule', lang))}: {html.escape(step['name'])}</b>"]
    formula = derivatives.formula(step["name"], lang, step.get("custom", False))
    if formula:
        lines.append(html.escape(formula))
    ins = ", ".join(step["grads_in"])
    lines.append(f"{html.escape(text('grad_flowing_in', lang))}: <code>{html.escape(ins)}"
                 "</code>")
    chained = {c["input"] for c in step.get("chain", ())}
    for c in step.get("chain", ()):
        lines.append(f'<code class="agl-chain-line">{html.escape(c["text"])}</code>')
    key = "local_derivative" if step.get("local_exact") else "local_vjp"
    for d in step.get("local", ()):
        if d["input"] in chained:
            continue
        lines.append(f"{html.escape(text(key, lang))} → {html.escape(d['to'])}: "
                     f"<code>{html.escape(d['value'])}</code>")
    for o in step.get("out", ()):
        lines.append(f"{html.escape(text('grad_flowing_out', lang))} → "
                     f"{html.escape(o['to'])}: <code>{html.escape(o['value'])}</code>")
    return '<div class="agl-chain">' + "<br>".join(lines) + "</div>"
