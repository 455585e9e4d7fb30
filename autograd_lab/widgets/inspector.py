"""The Lab's inspector: what the selected node is, as a plain dict (synced and tested) and
as HTML. Tensor values are printed exactly as ``print(tensor)`` prints them."""
import html

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
        obj = graph.objects[node_id]
        grad = getattr(obj, "_grad", None) if hasattr(obj, "_grad_fn") else \
            (obj.grad if obj.is_leaf else None)
        fn = graph.functions.get(t.grad_fn) if t.grad_fn else None
        return {
            "kind": "tensor", "id": node_id, "name": t.name, "role": t.role,
            "shape": list(t.shape), "dtype": t.dtype, "device": t.device,
            "is_leaf": t.is_leaf, "requires_grad": t.requires_grad,
            "grad_fn": fn.name if fn else None, "version": t.version, "module": t.module,
            "values": repr(obj), "grad": None if grad is None else repr(grad),
            "heatmap": list(map(list, t.value.heatmap)) if t.value and t.value.heatmap else None,
            "grad_heatmap": list(map(list, t.grad.heatmap)) if t.grad and t.grad.heatmap
            else None,
            "history": list((history or {}).get(t.name or t.id, [])),
        }
    f = graph.functions.get(node_id)
    if f is None:
        return {}
    node = graph.objects[node_id]
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
    saved = []
    for s in f.saved:
        if s.stale:
            entry = text("stale")
        elif s.is_tensor and s.shape is not None:
            try:
                entry = repr(getattr(node, "_saved_" + s.name))
            except RuntimeError as err:         # freed in the meantime
                entry = str(err)
        else:
            entry = s.text
        saved.append({"name": "_saved_" + s.name, "text": entry,
                      "tensor": s.tensor_id})
    return {"kind": "backward", "id": node_id, "name": f.name, "module": f.module,
            "freed": f.freed, "saved": saved, "inputs": inputs,
            "formula": derivatives.formula(f.name)}


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
        values = _pre(info["values"]) + (_heat(info["heatmap"]) if info["heatmap"] else "")
        rows.append(_row(text("values", lang), values, raw=True))
        grad = _pre(info["grad"] if info["grad"] is not None else "None")
        if info["grad_heatmap"]:
            grad += _heat(info["grad_heatmap"])
        rows.append(_row(text("grad", lang), grad, raw=True))
        if info["history"]:
            rows.append(_row(text("grad_history", lang), " → ".join(info["history"])))
    elif kind == "backward":
        rows.append(_row(text("grad_fn", lang), info["name"]))
        rows.append(_row(text("role", lang), text("node_backward", lang)))
        if info.get("module"):
            rows.append(_row(text("module", lang), info["module"]))
        if info["formula"]:
            rows.append(_row(text("local_derivative", lang), info["formula"]))
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
    elif kind == "module":
        rows.append(_row(text("module", lang), info["name"]))
        rows.append(_row("", text("n_nodes", lang).format(n=info["count"])))
    parts.append("<table>" + "".join(rows) + "</table>")
    return "".join(parts)


def _step_html(step, lang):
    """grad in × local derivative = grads out, for the node that just ran."""
    lines = [f"<b>{html.escape(text('chain_rule', lang))}: {html.escape(step['name'])}</b>"]
    if step.get("formula"):
        lines.append(html.escape(step["formula"]))
    ins = ", ".join(step["grads_in"])
    lines.append(f"{html.escape(text('grad_flowing_in', lang))}: <code>{html.escape(ins)}"
                 "</code>")
    key = "local_derivative" if step.get("local_exact") else "local_vjp"
    for d in step.get("local", ()):
        lines.append(f"{html.escape(text(key, lang))} → {html.escape(d['to'])}: "
                     f"<code>{html.escape(d['value'])}</code>")
    for o in step.get("out", ()):
        lines.append(f"{html.escape(text('grad_flowing_out', lang))} → "
                     f"{html.escape(o['to'])}: <code>{html.escape(o['value'])}</code>")
    return '<div class="agl-chain">' + "<br>".join(lines) + "</div>"
