"""Render a traced :class:`~autograd_lab.viz.trace.Graph` as Graphviz DOT.

Legend (one meaning per colour and shape, the same in every picture; ``legend()`` draws it):

==========================  ==============================  ==========================
what                        shape                           colours (fill / border)
==========================  ==============================  ==========================
leaf tensor, requires grad  box                             ``#cfe8fc`` / ``#1565c0``
frozen leaf (no grad)       box, dashed                     ``#eceff1`` / ``#90a4ae``
non-leaf result             box                             ``#dcedc8`` / ``#558b2f``
detached or no-grad result  box, dotted                     ``#fff8e1`` / ``#8d6e63``
backward node (grad_fn)     ellipse                         ``#eeeeee`` / ``#616161``
AccumulateGrad              hexagon                         ``#bbdefb`` / ``#1565c0``
saved tensor                note (folded corner)            ``#ffe0b2`` / ``#ef6c00``
collapsed module            3-d box                         ``#e1bee7`` / ``#6a1b9a``
node now executing          (its shape), thick border       ``#ffcdd2`` / ``#c62828``
already run this backward   (its shape), thick border       (its fill) / ``#2e7d32``
==========================  ==============================  ==========================

Shapes are polygons and ellipses, not rounded paths, so that the browser's animated
transitions move them exactly. Edges are drawn in the direction of the forward pass; gradients flow back against them.
Solid dark grey (``#424242``): a gradient flows back along it. Dotted light grey
(``#9e9e9e``): an input that needs no gradient. Dashed orange (``#ef6c00``): a tensor kept
for backward. Dashed red (``#c62828``, labelled ``detach``): the cut made by ``detach_()``.
While stepping through backward, edges carrying the gradient into the executing node are
blue (``#1565c0``) and those carrying its gradients out are red (``#c62828``), labelled with
the values. Modules are dashed clusters labelled with their path (``layer1.0``).
Chain rule (the Lab's ``select_path`` and recorded gradients): edges and borders on a path
from the selected leaf to its target are thick teal (``#00897b``); a row in deep pink
(``#ad1457``) gives the gradient a non-leaf tensor or a backward node saw during the panel's
backward (seen through a hook, not kept in ``.grad``).
"""
from dataclasses import dataclass, field

import graphviz

from . import values as _values
from .escaping import dot_string, dot_text, html_text, node_id
from ..widgets.i18n import text as _t

FONT = "Helvetica,Arial,sans-serif"

#: key -> (shape, style, fill, border, en/zh text key)
LEGEND = {
    "param": ("box", "filled", "#cfe8fc", "#1565c0"),
    "frozen": ("box", "filled,dashed", "#eceff1", "#90a4ae"),
    "result": ("box", "filled", "#dcedc8", "#558b2f"),
    "detached": ("box", "filled,dotted", "#fff8e1", "#8d6e63"),
    "backward": ("ellipse", "filled", "#eeeeee", "#616161"),
    "accumulate": ("hexagon", "filled", "#bbdefb", "#1565c0"),
    "saved": ("note", "filled", "#ffe0b2", "#ef6c00"),
    "module": ("box3d", "filled", "#e1bee7", "#6a1b9a"),
    "executing": (None, None, "#ffcdd2", "#c62828"),
    "done": (None, None, None, "#2e7d32"),
}
EDGES = {
    "flow": {"color": "#424242"},
    "const": {"color": "#9e9e9e", "style": "dotted"},
    "saved": {"color": "#ef6c00", "style": "dashed", "arrowhead": "none"},
    "cut": {"color": "#c62828", "style": "dashed", "arrowhead": "tee", "label": "detach",
            "fontcolor": "#c62828"},
    "grad_in": {"color": "#1565c0", "penwidth": "2.5", "fontcolor": "#1565c0"},
    "grad_out": {"color": "#c62828", "penwidth": "2.5", "fontcolor": "#c62828"},
    "path": {"color": "#00897b", "penwidth": "3.5"},
}
PATH_COLOUR = "#00897b"
NODE_GRAD_COLOUR = "#ad1457"
BIG_GRAPH = 120        # above this many nodes, modules two levels deep start collapsed
# Above this many nodes drawn, a graph is summarised in one box instead: laid out, it
# would take the browser many seconds and show its text too small to read.
MAX_DRAWN = 1500


@dataclass
class Overlay:
    """What changes between frames of the same graph while a learner steps through it:
    the node now ``executing``, the nodes already run (``done``) and gradient values written
    on edges (``edge_labels``: ``(src, dst, input_nr) -> text``, ``"in"``/``"out"`` in
    ``edge_kind``). ``note`` ("step 12: MulBackward0") is written in a collapsed module's box
    while the executing node is hidden inside it. ``node_notes`` (``id -> text``) adds a row
    to a node (the gradient it saw during backward); ``path_nodes`` and ``path_edges``
    (``(src, dst)`` pairs) are drawn as a highlighted path."""
    executing: str = None
    done: frozenset = frozenset()
    edge_labels: dict = field(default_factory=dict)
    edge_kind: dict = field(default_factory=dict)
    note: str = ""
    node_notes: dict = field(default_factory=dict)
    path_nodes: frozenset = frozenset()
    path_edges: frozenset = frozenset()


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` that a notebook shows through
    :class:`autograd_lab.widgets.GraphView`, which lays the graph out in the browser with
    Graphviz compiled to WebAssembly: the same picture whether or not the ``dot`` program is
    installed, so a lesson's output does not depend on the machine. ``.pipe("svg")`` and
    ``.render()`` still use ``dot`` where it is installed."""

    model = None          # the traced Graph this drawing shows

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        from ..widgets.graph_view import GraphView
        data, metadata = GraphView(dot=self.source)._repr_mimebundle_(include=include,
                                                                      exclude=exclude)
        data["text/plain"] = self.caption()
        return data, metadata

    def caption(self):
        """The drawing in plain text: each tensor with its values and ``.grad``, then the
        backward nodes. A notebook shows it where the widget cannot be drawn (a stored lesson
        not yet run, a viewer without widgets); nbval compares it.

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.viz import draw
        >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> loss = (w * 3).sum()
        >>> print(draw(loss, names={"w": w, "loss": loss}).caption())
        autograd graph · 计算图
          loss () float32 = 9
          w (2,) float32 = [1, 2] grad: None
          SumBackward0, MulBackward0, AccumulateGrad
        """
        if self.model is None:
            return f"{self.name} · 图例" if self.name == "legend" else self.name
        lines = ["autograd graph · 计算图"]
        for t in self.model.tensors.values():
            line = f"  {t.name or 'tensor'} {_shape_text(t.shape)} {t.dtype}"
            if t.value is not None:
                line += f" = {t.value.text}"
            if t.grad is not None:
                line += f" grad: {t.grad.text}"
            elif t.role == "param":
                line += " grad: None"
            lines.append(line)
        lines.append("  " + ", ".join(f.name for f in self.model.functions.values()))
        return "\n".join(lines)


_esc = html_text            # (short: used in every HTML-like label below)


def _plain(text):
    """A plain (non-HTML) label or tooltip from the learner's text: escaped, always quoted."""
    return dot_string(dot_text(text))


def _value_rows(summary, lang, prefix=""):
    """HTML rows for a value summary: every value, or shape stats and a heatmap."""
    if summary.values is not None:
        text = summary.text
        if len(summary.shape) == 2 and summary.shape[0] > 1:    # one line per row
            text = "<BR/>".join(_esc(_values.list_text(r)) for r in summary.values)
            if prefix:
                text = _esc(prefix) + "<BR/>" + text
            return [f'<TR><TD>{text}</TD></TR>']
        return [f'<TR><TD>{_esc(prefix + text)}</TD></TR>']
    lo, mean, hi = summary.stats
    rows = [f'<TR><TD><FONT POINT-SIZE="9">{_esc(prefix)}min {_esc(_values.fmt(lo))} '
            f'{_esc(_t("mean", lang))} {_esc(_values.fmt(mean))} max {_esc(_values.fmt(hi))}'
            '</FONT></TD></TR>']
    if summary.heatmap:
        cells = "".join(
            "<TR>" + "".join(f'<TD BGCOLOR="{_values.heat_colour(c)}" WIDTH="7" HEIGHT="7">'
                             '</TD>' for c in row) + "</TR>"
            for row in summary.heatmap)
        rows.append('<TR><TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" '
                    f'CELLPADDING="0">{cells}</TABLE></TD></TR>')
    return rows


def tensor_label(t, lang="en", show_values=True):
    """The HTML-like label of a tensor node: name, shape and dtype, values, ``.grad``."""
    title = t.name or _t("tensor", lang)
    rows = [f'<TR><TD><B>{_esc(title)}</B></TD></TR>',
            f'<TR><TD><FONT POINT-SIZE="9">{_esc(_shape_text(t.shape))} {_esc(t.dtype)}'
            + (f' {_esc(t.device)}' if t.device != "cpu" else "")
            + (' requires_grad' if t.requires_grad and t.is_leaf else "")
            + '</FONT></TD></TR>']
    if show_values and t.value is not None:
        rows += _value_rows(t.value, lang)
    if show_values and t.grad is not None:
        rows += _value_rows(t.grad, lang, prefix="grad: ")
    elif show_values and t.role == "param":
        rows.append('<TR><TD><FONT POINT-SIZE="9">grad: None</FONT></TD></TR>')
    return "<" + '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + \
        "".join(rows) + "</TABLE>>"


def _shape_text(shape):
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def function_label(f, lang="en"):
    if f.kind == "accumulate":
        return "AccumulateGrad"
    if f.freed:
        return _stacked(_esc(f.name), '<FONT POINT-SIZE="9" COLOR="#757575">' +
                        _esc(_t("buffers_freed", lang)) + "</FONT>")
    return _plain(f.name)        # (a lesson's own Function is named by the learner)


def _stacked(*lines):
    """HTML-like lines of different sizes, one table row each: Graphviz spaces the lines of
    a ``<BR/>`` label by the size of the lower line only, and a small line under a big one
    is drawn over it (most visibly in Chinese, whose glyphs fill the whole em)."""
    rows = "".join(f"<TR><TD>{line}</TD></TR>" for line in lines)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>'


def _node_attrs(kind):
    shape, style, fill, border = LEGEND[kind]
    attrs = {"shape": shape, "style": style, "color": border}
    if fill:
        attrs["fillcolor"] = fill
    if kind == "frozen":
        attrs["fontcolor"] = "#546e7a"
    return attrs


def _apply_overlay(attrs, node_id, overlay):
    if overlay is None:
        return attrs
    if node_id == overlay.executing:
        attrs = dict(attrs, fillcolor=LEGEND["executing"][2], color=LEGEND["executing"][3],
                     penwidth="3")
        attrs["style"] = "filled"
    elif node_id in overlay.done:
        attrs = dict(attrs, color=LEGEND["done"][3], penwidth="2.5")
    elif node_id in overlay.path_nodes:
        attrs = dict(attrs, color=PATH_COLOUR, penwidth="3")
    return attrs


def _with_note(label, note):
    """``label`` (plain text or HTML-like) with one more row: ``note``, escaped (a newline
    in it starts a new line)."""
    lines = "<BR/>".join(_esc(part) for part in note.split("\n"))
    row = f'<FONT POINT-SIZE="9" COLOR="{NODE_GRAD_COLOUR}">{lines}</FONT>'
    if label.startswith("<") and label.endswith("</TABLE>>"):
        return label[:-len("</TABLE>>")] + f"<TR><TD>{row}</TD></TR></TABLE>>"
    if label.startswith("<") and label.endswith(">"):
        return label[:-1] + "<BR/>" + row + ">"
    return _stacked(_esc(label), row)


def default_collapsed(graph):
    """The modules that start collapsed: those two levels deep, in big graphs."""
    n = len(graph.tensors) + len(graph.functions)
    if n <= BIG_GRAPH:
        return set()
    paths = {_module_path(x) for x in list(graph.tensors.values()) +
             list(graph.functions.values())}
    out = set()
    for p in paths:
        parts = p.split(".") if p else []
        if len(parts) >= 2:
            out.add(".".join(parts[:2]))
    return out


def _module_path(x):
    return x.module or ""


def to_dot(graph, show_saved=False, show_values=True, collapsed=None, overlay=None,
           lang="en", rankdir="TB", revealed=None):
    """The :class:`Drawing` of a traced graph.

    ``collapsed``: module paths drawn as one box each (``None``: :func:`default_collapsed`).
    ``revealed``: draw only these node ids (an animated forward pass shows the graph as it
    was built). See the module docstring for the legend.
    """
    if collapsed is None:
        collapsed = default_collapsed(graph)
    dot = Drawing("autograd", graph_attr={"rankdir": rankdir, "bgcolor": "transparent",
                                           "nodesep": "0.25", "ranksep": "0.25",
                                           "forcelabels": "true"},
                  node_attr={"fontname": FONT, "fontsize": "11", "margin": "0.06,0.03",
                             "height": "0.3"},
                  edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"})
    dot.model = graph

    def owner(path):
        """The collapsed module that hides ``path``, or None."""
        if not collapsed or not path:
            return None
        parts = path.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in collapsed:
                return prefix
        return None

    drawn = _count_drawn(graph, owner, revealed)
    if drawn > MAX_DRAWN:
        dot.node("too_many", _t("too_many_nodes", lang).format(n=drawn), shape="box",
                 style="filled", fillcolor="#fff8e1", color="#8d6e63")
        return dot

    visible = {}                  # node id -> id drawn (itself or its collapsed module)
    members = {}                  # module path -> list of (kind, id, label, attrs)
    hidden_count = {}
    items = list(graph.tensors.values()) + list(graph.functions.values())
    for x in items:
        if revealed is not None and x.id not in revealed:
            continue
        path = _module_path(x)
        box = owner(path)
        if box is not None:
            visible[x.id] = node_id("M.", box)
            hidden_count[box] = hidden_count.get(box, 0) + 1
            continue
        visible[x.id] = x.id
        if x.id in graph.tensors:
            attrs = _node_attrs(x.role)
            label = tensor_label(x, lang, show_values)
        else:
            attrs = _node_attrs(x.kind)
            label = function_label(x, lang)
            if x.kind == "accumulate":
                attrs["fontsize"] = "9"
        attrs = _apply_overlay(attrs, x.id, overlay)
        if overlay is not None and x.id in overlay.node_notes:
            label = _with_note(label, overlay.node_notes[x.id])
        attrs["tooltip"] = _plain(_tooltip(x))
        members.setdefault(path, []).append((x.id, label, attrs))
    running_in = None
    if overlay is not None and overlay.executing and \
            visible.get(overlay.executing, overlay.executing) != overlay.executing:
        x = graph.node(overlay.executing)
        running_in = owner(_module_path(x)) if x is not None else None
    for box, n in hidden_count.items():
        shape, style, fill, border = LEGEND["module"]
        label = f"{dot_text(box)}\\n{dot_text(_t('n_nodes', lang).format(n=n))}"
        attrs = {"shape": shape, "style": style, "fillcolor": fill, "color": border,
                 "tooltip": _plain(box)}
        if box == running_in:                  # the executing node is inside: say which
            label += f"\\n▶ {dot_text(overlay.note)}" if overlay.note else ""
            attrs.update(fillcolor=LEGEND["executing"][2], color=LEGEND["executing"][3],
                         penwidth="3")
        members.setdefault(_parent(box), []).append((node_id("M.", box), dot_string(label),
                                                     attrs))

    _emit_clusters(dot, members, lang)

    seen = set()
    for e in graph.edges:
        if e.kind == "saved" and not show_saved:
            continue
        src, dst = visible.get(e.src), visible.get(e.dst)
        if src is None or dst is None or src == dst:
            continue
        collapsed_edge = src != e.src or dst != e.dst
        if collapsed_edge:
            if (src, dst) in seen:
                continue
            seen.add((src, dst))
        attrs = dict(EDGES[e.kind])
        if overlay is not None and not collapsed_edge and (e.src, e.dst) in overlay.path_edges:
            attrs.update(EDGES["path"])
        if overlay is not None and not collapsed_edge:
            key = (e.src, e.dst, e.input_nr)
            if key in overlay.edge_labels:
                attrs.update(EDGES["grad_out" if overlay.edge_kind.get(key) == "out"
                                   else "grad_in"])
                attrs["xlabel"] = _plain(overlay.edge_labels[key])
        if "label" in attrs and attrs["label"] == "detach":
            attrs["label"] = "✂ detach"
        dot.edge(src, dst, **attrs)
    if show_saved:
        _saved_boxes(dot, graph, visible, lang)
    return dot


def _count_drawn(graph, owner, revealed):
    """How many nodes ``to_dot`` would draw: those outside collapsed modules, and one box
    per collapsed module."""
    boxes, alone = set(), 0
    for x in list(graph.tensors.values()) + list(graph.functions.values()):
        if revealed is not None and x.id not in revealed:
            continue
        box = owner(_module_path(x))
        if box is None:
            alone += 1
        else:
            boxes.add(box)
    return alone + len(boxes)


def _emit_clusters(dot, members, lang):
    """Nest each module's nodes in a dashed cluster labelled with its path."""
    paths = sorted(members, key=lambda p: (p.count(".") if p else -1, p))
    children = {}
    for p in paths:
        if not p:
            continue
        parts = p.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            parent = ".".join(parts[:i - 1])
            children.setdefault(parent, [])
            if prefix not in children[parent]:
                children[parent].append(prefix)

    def emit(g, path):
        for name, label, attrs in members.get(path, ()):
            g.node(name, label, **attrs)
        for child in children.get(path, ()):
            with g.subgraph(name=node_id("cluster_", child)) as sub:
                sub.attr(label=_plain(child), style="dashed", color="#9575cd",
                         fontcolor="#6a1b9a", fontsize="10", fontname=FONT,
                         tooltip=_plain(child))
                emit(sub, child)
    emit(dot, "")


def _parent(path):
    return path.rpartition(".")[0]


def _saved_boxes(dot, graph, visible, lang):
    """Saved tensors as orange notes (or dashed edges from tensors already drawn)."""
    shape, style, fill, border = LEGEND["saved"]
    for f in graph.functions.values():
        dst = visible.get(f.id)
        if dst is None or dst != f.id:
            continue
        for k, s in enumerate(f.saved):
            if not s.is_tensor:
                continue
            if s.tensor_id is not None and visible.get(s.tensor_id) == s.tensor_id:
                dot.edge(s.tensor_id, f.id, **EDGES["saved"])
                continue
            sid = f"{f.id}.s{k}"
            shape_text = _shape_text(s.shape) if s.shape is not None else (s.text or "")
            label = f"{dot_text(s.name)}\\n{dot_text(shape_text)}" + \
                (f"\\n{dot_text(_t('stale', lang))}" if s.stale else "")
            dot.node(sid, dot_string(label), shape=shape, style=style, fillcolor=fill, color=border,
                     fontsize="9")
            dot.edge(sid, f.id, **EDGES["saved"])


def _tooltip(x):
    if hasattr(x, "role"):
        return f"{x.name or 'tensor'} {_shape_text(x.shape)} {x.dtype}"
    return x.name


def legend(lang="en"):
    """A small drawing with one sample of each colour and shape, labelled in ``lang``.

    Examples
    --------
    >>> from autograd_lab.viz import legend
    >>> 'AccumulateGrad' in legend().source
    True
    """
    dot = Drawing("legend", graph_attr={"rankdir": "TB", "bgcolor": "transparent",
                                         "nodesep": "0.3", "ranksep": "0.12"},
                  node_attr={"fontname": FONT, "fontsize": "10", "margin": "0.08,0.03",
                             "height": "0.3"},
                  edge_attr={"fontname": FONT, "fontsize": "9"})
    column = []
    for key in ("param", "frozen", "result", "detached", "backward", "accumulate", "saved",
                "module"):
        label = _t("legend_" + key, lang)
        if key == "accumulate":
            label = "AccumulateGrad\\n" + label
        dot.node("legend_" + key, label, **_node_attrs(key))
        column.append("legend_" + key)
    dot.node("legend_executing", _t("legend_executing", lang),
             **dict(_node_attrs("backward"), fillcolor=LEGEND["executing"][2],
                    color=LEGEND["executing"][3], penwidth="3"))
    dot.node("legend_done", _t("legend_done", lang),
             **dict(_node_attrs("backward"), color=LEGEND["done"][3], penwidth="2.5"))
    dot.node("legend_node_grad", _t("legend_node_grad", lang), shape="plaintext",
             fontcolor=NODE_GRAD_COLOUR)
    column += ["legend_executing", "legend_done", "legend_node_grad"]
    for a, b in zip(column, column[1:]):
        dot.edge(a, b, style="invis")
    rows = []
    for kind in ("flow", "const", "saved", "cut", "grad_in", "grad_out", "path"):
        a, b = f"legend_e_{kind}_a", f"legend_e_{kind}_b"
        with dot.subgraph() as row:
            row.attr(rank="same")
            row.node(a, "", shape="point", width="0.06")
            row.node(b, _t("legend_edge_" + kind, lang), shape="plaintext")
        attrs = dict(EDGES[kind])
        attrs.pop("label", None)
        dot.edge(a, b, minlen="3", **attrs)
        rows.append(a)
    for a, b in zip(rows, rows[1:]):
        dot.edge(a, b, style="invis")
    return dot



_history = None


def draw(*roots, names=None, show_saved=False, show_values=True, collapsed=None, lang="en",
         models=(), rankdir="TB"):
    """Draw the autograd graph of ``roots`` with values, ``.grad`` and leaf flags.

    Returns a ``graphviz.Digraph`` (a :class:`Drawing`): in a notebook it displays through
    the :class:`GraphView` widget (Graphviz in WebAssembly, no ``dot`` program needed).
    ``.source`` is the DOT text; ``.model`` the traced graph.

    Parameters
    ----------
    *roots : Tensor
        Where to start, usually the loss.
    names : dict, optional
        ``{label: tensor}`` as torchviz's ``params`` (``dict(model.named_parameters())``
        works). Without it labels come from the caller's variables.
    show_saved : bool
        Also draw the tensors each backward node saved (orange notes, dashed edges).
    show_values : bool
        Write values and ``.grad`` in the tensor boxes (a summary and heatmap for big ones).
    collapsed : set of str, optional
        Module paths drawn as a single box; by default big graphs collapse the modules two
        levels deep (``layer1.0``).
    lang : {"en", "zh"}
        Language of the labels.
    models : sequence of modules
        Label their parameters with module paths (modules in the caller's variables are
        found without this).

    Legend: leaf tensors that require grad are light blue boxes (``#cfe8fc``),
    frozen leaves grey dashed (``#eceff1``), non-leaf results green (``#dcedc8``), detached or
    no-grad results cream dotted (``#fff8e1``), backward nodes grey ellipses (``#eeeeee``),
    AccumulateGrad blue hexagons (``#bbdefb``), saved tensors orange notes (``#ffe0b2``),
    collapsed modules purple 3-d boxes (``#e1bee7``) and the node now executing has a red
    border on pink (``#ffcdd2``). :func:`legend` draws it; the module docstring has it all.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.viz import draw
    >>> x = torch.tensor(2.0, requires_grad=True)
    >>> y = x * x
    >>> dot = draw(y)
    >>> "MulBackward0" in dot.source and "x" in dot.source
    True
    """
    from .names import caller_namespaces
    from .trace import History, trace
    global _history
    if _history is None:
        _history = History()
    graph = trace(*roots, names=names, namespaces=caller_namespaces(1), models=models,
                  history=_history)
    return to_dot(graph, show_saved=show_saved, show_values=show_values, collapsed=collapsed,
                  lang=lang, rankdir=rankdir)
