"""Take a panel out of Jupyter: :func:`save_html` writes one standalone HTML file (slides,
course pages) that draws the panel's graph with the same renderer as the notebook.

The file holds everything: the bundled ``static/widget.js`` (Graphviz in WebAssembly and
d3-graphviz, an ES module whose default export has ``render({model, el})``), ``widget.css``,
and the panel's recorded states. A few lines of page script stand in for anywidget's model
(``get``/``set``/``on``/``off``/``save_changes``), so ``render`` lays out the same DOT as in
the notebook; a timeline (back / next / slider, arrow keys) switches between the states.

Safety: the states and the bundle travel as JSON inside ``<script type="application/json">``
with ``<``, ``>`` and ``&`` written as ``\\u003c``... so no text (a tensor named
``</script>``) can close the tag; the page reads them with ``JSON.parse`` and puts names on the
page as text or as the panel's already-escaped HTML.
"""
import html
import json
import re
from pathlib import Path

from .charts import grad_norms_html
from .graph_view import _STATIC
from .i18n import text

EXPORT_HEIGHT = 700      # px: a page has room for a taller drawing than a notebook cell

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value):
    """``value`` as JSON that is safe inside a ``<script>`` element (nothing in it can end
    the element or start a comment), still valid JSON for ``JSON.parse``.

    Examples
    --------
    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    raw = json.dumps(value, ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], raw)


def panel_moments(lab):
    """The states to put in the file: ``lab.moments()`` (the panel's timeline) when the panel
    records one, else the state it shows now. Each is ``{"label", "dot", "inspector_html",
    "status"}``."""
    moments = list(lab.moments()) if callable(getattr(lab, "moments", None)) else []
    if not moments:
        moments = [{"label": text("export_now", lab.lang), "dot": lab.view.dot,
                    "inspector_html": lab.inspector_html.value, "status": lab.status}]
    return [{"label": str(m.get("label", "")), "dot": str(m.get("dot", "")),
             "inspector_html": str(m.get("inspector_html", "")),
             "status": str(m.get("status", ""))} for m in moments]


def page_html(lab, title=None):
    """The standalone page for ``lab``, as text (what :func:`save_html` writes)."""
    lang = lab.lang
    title = title or text("export_title", lang)
    data = {
        "moments": panel_moments(lab),
        "height": max(int(lab.view.height), EXPORT_HEIGHT),
        "legend": lab.legend_view.dot,
        "words": {k: text(k, lang) for k in ("export_back", "export_next", "export_moment")},
    }
    bundle = (_STATIC / "widget.js").read_text(encoding="utf-8")
    css = (_STATIC / "widget.css").read_text(encoding="utf-8")
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)      # cannot end the <style>
    charts = ""
    if getattr(lab, "loss_curve", None):      # drawn from the record, not from the widget
        norms = grad_norms_html(lab.grad_norms, text("grad_norms", lang),
                                text("no_grad_yet", lang)) if lab.grad_norms else ""
        charts = f'<div class="agl-export-charts">{lab.curve_svg()}{norms}</div>'
    return _TEMPLATE.format(
        lang="zh-Hans" if lang == "zh" else "en", title=html.escape(title),
        css=css, page_css=_PAGE_CSS, charts=charts,
        back=html.escape(text("export_back", lang)), next=html.escape(text("export_next", lang)),
        timeline=html.escape(text("export_timeline", lang)),
        legend=html.escape(text("legend", lang)),
        noscript=html.escape(text("export_noscript", lang)),
        data=script_json(data), bundle=script_json(bundle), script=_PAGE_SCRIPT)


def save_html(lab, path, title=None):
    """Write ``lab`` as one HTML file that opens in any browser, without Jupyter.

    The file draws the graph as the panel does (the same ``widget.js``), with the
    inspector and status line of each recorded state, a timeline to move between them, and
    the loss curve when the panel has one.

    Parameters
    ----------
    lab : Lab
        The panel.
    path : str or Path
        Where to write (``.html``).
    title : str, optional
        The page's title (default: "autograd_lab panel", in the panel's language).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.widgets import Lab
    >>> x = torch.tensor(3.0, requires_grad=True)
    >>> lab = Lab(x * x)
    >>> lab.save_html("square.html")          # doctest: +SKIP
    PosixPath('square.html')
    """
    path = Path(path)
    path.write_text(page_html(lab, title), encoding="utf-8")
    return path


_PAGE_CSS = """
body.agl-export { margin: 16px; font-family: "Helvetica", "Arial", "Noto Sans CJK SC",
                  sans-serif; color: #263238; }
.agl-export h1 { font-size: 18px; font-weight: normal; margin: 0 0 8px; }
.agl-timeline { display: flex; align-items: center; gap: 8px; margin: 6px 0 10px;
                font-size: 14px; flex-wrap: wrap; }
.agl-timeline button { font-size: 14px; padding: 4px 10px; cursor: pointer; }
.agl-timeline input[type=range] { flex: 1 1 240px; }
.agl-moment-label { min-width: 220px; }
.agl-export-body { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.agl-export-body .agl-main { flex: 1 1 640px; min-width: 320px; }
.agl-export-body .agl-inspector { flex: 0 1 380px; overflow: auto; }
.agl-export .agl-status { margin: 8px 0; font-size: 14px; }
.agl-legend-box summary { cursor: pointer; font-size: 14px; margin: 4px 0; }
.agl-export-charts { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 8px; }
"""

# The page script: read the JSON, load the bundle as a module from a blob (an inline module
# cannot import itself; a blob works from file:// too), and feed render() a stand-in model.
_PAGE_SCRIPT = """
const data = JSON.parse(document.getElementById("agl-data").textContent);
const bundle = JSON.parse(document.getElementById("agl-widget-js").textContent);
const url = URL.createObjectURL(new Blob([bundle], { type: "text/javascript" }));
const widget = (await import(url)).default;

// anywidget's model, as much of it as render() uses
function standInModel(state) {
  const handlers = new Map();
  return {
    get: (key) => state[key],
    set(key, value) {
      state[key] = value;
      for (const fn of handlers.get(`change:${key}`) || []) fn(this, value);
      for (const fn of handlers.get("change") || []) fn(this);
    },
    on(event, fn) { handlers.set(event, [...(handlers.get(event) || []), fn]); },
    off(event, fn) { handlers.set(event, (handlers.get(event) || []).filter((f) => f !== fn)); },
    save_changes() {},
    send() {},                    // no kernel to send to
  };
}

const moments = data.moments;
const last = moments.length - 1;
const model = standInModel({
  dot: moments[last].dot, selected: "", collapsed: [], reveal: [], reveal_token: 0,
  transition_ms: 300, height: data.height,
});
const graph = document.getElementById("agl-graph");
widget.render({ model, el: graph });

const slider = document.getElementById("agl-slider");
const back = document.getElementById("agl-back");
const next = document.getElementById("agl-next");
const label = document.getElementById("agl-moment-label");
const inspector = document.getElementById("agl-inspector");
const status = document.getElementById("agl-status");
slider.max = String(last);
if (moments.length < 2) document.getElementById("agl-timeline").style.display = "none";

function show(k) {
  k = Math.max(0, Math.min(last, k));
  const m = moments[k];
  document.body.dataset.moment = String(k);
  slider.value = String(k);
  back.disabled = k === 0;
  next.disabled = k === last;
  const where = data.words.export_moment.replace("{k}", k + 1).replace("{n}", last + 1);
  label.textContent = m.label ? `${where}: ${m.label}` : where;
  inspector.innerHTML = m.inspector_html;     // made by the panel, names already escaped
  status.textContent = m.status;
  if (model.get("dot") !== m.dot) model.set("dot", m.dot);
}
slider.addEventListener("input", () => show(Number(slider.value)));
back.addEventListener("click", () => show(Number(slider.value) - 1));
next.addEventListener("click", () => show(Number(slider.value) + 1));
document.addEventListener("keydown", (ev) => {
  if (ev.target instanceof HTMLInputElement && ev.target.type !== "range") return;
  if (ev.key === "ArrowLeft") { show(Number(slider.value) - 1); ev.preventDefault(); }
  if (ev.key === "ArrowRight") { show(Number(slider.value) + 1); ev.preventDefault(); }
});
show(last);

// the legend is laid out the first time it is opened (a closed box has no size to fit)
const legendBox = document.getElementById("agl-legend-box");
if (!data.legend) legendBox.style.display = "none";
legendBox.addEventListener("toggle", () => {
  if (!legendBox.open || legendBox.dataset.drawn) return;
  legendBox.dataset.drawn = "1";
  const legend = standInModel({
    dot: data.legend, selected: "", collapsed: [], reveal: [], reveal_token: 0,
    transition_ms: 0, height: 330,
  });
  widget.render({ model: legend, el: document.getElementById("agl-legend") });
});
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="autograd_lab">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>{css}</style>
<style>{page_css}</style>
</head>
<body class="agl-export">
<div class="agl-lab">
<h1>{title}</h1>
<noscript>{noscript}</noscript>
<div class="agl-timeline" id="agl-timeline" role="group" aria-label="{timeline}">
<button id="agl-back" type="button">{back}</button>
<input id="agl-slider" type="range" min="0" max="0" step="1" value="0" aria-label="{timeline}">
<button id="agl-next" type="button">{next}</button>
<span class="agl-moment-label" id="agl-moment-label"></span>
</div>
<div class="agl-export-body">
<div id="agl-graph" class="agl-main"></div>
<div id="agl-inspector" class="agl-inspector"></div>
</div>
<div id="agl-status" class="agl-status"></div>
<details id="agl-legend-box" class="agl-legend-box"><summary>{legend}</summary>
<div id="agl-legend" class="agl-legend"></div></details>
{charts}
</div>
<script type="application/json" id="agl-data">{data}</script>
<script type="application/json" id="agl-widget-js">{bundle}</script>
<script type="module">{script}</script>
</body>
</html>
"""
