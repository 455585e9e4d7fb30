"""The chain rule in the Lab panel: the gradient every node saw during backward, the paths
from a leaf to a result with the product of local derivatives along each, values a learner
edits (the forward runs again) with a finite-difference check, and a forward pass built one
operation per click.

:class:`ChainRule` is a mixin of :class:`~autograd_lab.widgets.Lab`; the numbers come from
:mod:`.chain_rule` (the engine's hooks and nodes), the text from :mod:`.i18n`.
"""
import dataclasses
import html

import ipywidgets as w
import numpy as np
import traitlets

from ..viz import dot as _dot
from ..viz import values as _values
from ..viz.names import is_tensor
from . import chain_rule, forward_steps
from .i18n import LANGS, text
from .value_editor import ValueEditor


def _array_text(a):
    """An array as short text: every value when there are a few, else min/mean/max."""
    a = np.asarray(a)
    if a.ndim == 0:
        return _values.fmt(a.item())
    if a.size <= _values.SMALL:
        return _values.list_text(a.tolist())
    return _values.summarize_array(a, str(a.dtype)).text


def _in_lang(summary, lang):
    """A text of :func:`_array_text` with its "mean" said in ``lang`` (min and max are the
    same in both languages); whatever language it was written in."""
    for other in LANGS:
        summary = summary.replace(f" {text('mean', other)} ", f" {text('mean', lang)} ")
    return summary


def _note_text(a, short):
    """A gradient written in a node: a small matrix one row per line, as its values are."""
    if a is None:
        return short
    if a.ndim == 2 and 1 < a.shape[0] and a.size <= _values.SMALL:
        return "\n" + "\n".join(_values.list_text(r) for r in a.tolist())
    return _array_text(a)


def _factor_text(J, lang):
    if J is None:
        return text("vjp_only", lang)
    if J.size == 1:
        return _values.fmt(J.item())
    if J.size <= _values.SMALL:
        return _values.list_text(J.tolist())
    return text("jacobian_shape", lang).format(m=J.shape[0], n=J.shape[1])


def _as_action(impl):
    """Run ``impl`` as the Lab runs its buttons (errors shown in the panel, then a redraw)."""
    def method(self, *args, **kwargs):
        return type(self)._act(impl)(self, *args, **kwargs)
    method.__name__, method.__doc__ = impl.__name__.lstrip("_"), impl.__doc__
    impl.__doc__ = None               # (documented, and doctested, once: on the method)
    return method


class ChainRule(traitlets.HasTraits):
    """What the Lab adds to teach the chain rule (see ``docs/visualization.md``).

    Traits: ``node_grads`` (``{node id: text}``, the gradient each non-leaf tensor or
    backward node saw in the panel's last backward), ``paths`` and ``path_sum`` (after
    :meth:`select_path`), ``finite_diff`` (after :meth:`finite_difference`), ``build_step``
    and ``build_info`` (after :meth:`step_forward`).
    """

    node_grads = traitlets.Dict()
    paths = traitlets.List()
    path_sum = traitlets.Dict()
    finite_diff = traitlets.Dict()
    build_step = traitlets.Int(-1)
    build_info = traitlets.Dict()

    # ------------------------------------------------------------------ set-up
    def _init_chain(self):
        self._recorder = chain_rule.GradientRecorder()
        self._recorded_graph = None       # the Graph whose backward the recorder saw
        self._path_leaf = self._path_target = None
        self._path_drawn = (frozenset(), frozenset())
        self._build_ops = []
        self.step_forward_button = w.Button(layout=w.Layout(width="auto"))
        self.step_forward_button.on_click(lambda _b: self.step_forward())
        self.fd_button = w.Button(layout=w.Layout(width="auto", display="none"))
        self.fd_button.on_click(lambda _b: self._fd_selected())
        self.editor = ValueEditor(self.set_value)
        self.chain_html = w.HTML()
        self.chain_html.add_class("agl-chain-pane")
        self.chain_box = w.VBox([w.HBox([self.step_forward_button, self.fd_button]),
                                 self.editor, self.chain_html])
        self.chain_box.add_class("agl-chain-box")
        self.observe(self._chain_on_select, "selected")
        self.observe(lambda _c: (self._chain_texts(), self._show_editor()), "lang")

    # ------------------------------------------------------------------ 1. gradients on nodes
    def _start_recording(self):
        """Hook the graph now shown, for the backward that is about to run."""
        self._end_build()
        if self._built_by_torch():    # PyTorch's own graph: its hooks see PyTorch tensors
            return
        self._recorder.watch(self._graph)
        self._recorded_graph = self._graph

    def _stop_recording(self):
        if not self._recorder.watching:
            return
        self._recorder.remove()
        if self._path_leaf is not None:
            self._compute_paths()

    def _chain_reset(self):
        """A new graph (Forward, an edited value): what was recorded belongs to the old one."""
        self._recorder.remove()
        self._recorder = chain_rule.GradientRecorder()
        self._recorded_graph = None
        self.finite_diff = {}
        self._end_build()

    def _close_chain(self):
        """Let go of every tensor and node the chain-rule parts hold (the panel is closed;
        ``Out[n]`` may keep the panel object)."""
        self._chain_reset()
        self._recorder = chain_rule.GradientRecorder()
        self._path_leaf = self._path_target = None
        self._path_drawn = (frozenset(), frozenset())
        self.editor.show(None, "")
        with self.hold_trait_notifications():
            self.node_grads, self.paths, self.path_sum, self.build_info = {}, [], {}, {}

    def _end_build(self):
        self.build_step = -1
        self._build_ops = []

    def _node_grad_texts(self):
        g = self._graph
        if g is None or self._recorded_graph is None:
            return {}
        out = {}
        for key, grad in self._recorder.grads.items():
            t = g.tensors.get(key)
            if t is not None and t.is_leaf:
                continue                   # a leaf shows its .grad itself
            if key in g.tensors or key in g.functions:
                out[key] = grad if isinstance(grad, str) else _array_text(grad)
        return out

    def _chain_overlay(self, overlay):
        """The Lab's overlay plus recorded gradients, the selected path and the build step."""
        grads = self._node_grad_texts()
        if grads != self.node_grads:
            self.node_grads = grads
        row = text("node_grad_row", self.lang)
        notes = {k: row.format(v=_in_lang(_note_text(self._recorder.array(k), v), self.lang))
                 .replace(" \n", "\n") for k, v in grads.items()}
        nodes, edges = self._path_drawn
        if not notes and not nodes:
            return overlay
        base = overlay if overlay is not None else _dot.Overlay()
        return dataclasses.replace(base, node_notes=notes, path_nodes=nodes, path_edges=edges)

    @staticmethod
    def _notes_in(overlay, lang):
        """``overlay`` with its recorded-gradient rows said in ``lang``: a moment keeps the
        rows in the language of its time, and a past moment is drawn in today's."""
        if overlay is None or not overlay.node_notes:
            return overlay
        prefixes = [text("node_grad_row", other).split("{v}")[0].rstrip() for other in LANGS]
        notes = {}
        for key, note in overlay.node_notes.items():
            for prefix in prefixes:
                if note.startswith(prefix):
                    value = _in_lang(note[len(prefix):].lstrip(" "), lang)
                    note = text("node_grad_row", lang).format(v=value).replace(" \n", "\n")
                    break
            notes[key] = note
        return dataclasses.replace(overlay, node_notes=notes)

    # ------------------------------------------------------------------ 2. paths
    def _find_tensor(self, tensor_or_name):
        g = self._graph
        if is_tensor(tensor_or_name):
            return tensor_or_name
        info = g.by_name(tensor_or_name)
        return g.objects[info.id]

    def _select_path(self, leaf, target=None):
        """Highlight every path from ``leaf`` to ``target`` (by default the result backward
        starts from) and list the product of local derivatives along each.

        ``leaf`` and ``target`` are tensors or their names in the drawing. Fills ``paths``
        (one dict per path: ``nodes`` (drawn ids, leaf first), ``labels``, ``factors``
        (each local derivative as text), ``product``) and ``path_sum`` (``count``,
        ``sum``, ``reference``, ``max_abs_diff``...).

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.widgets import Lab
        >>> x = torch.tensor(3., requires_grad=True)
        >>> y = x * x
        >>> lab = Lab(y)
        >>> lab.select_path(x); [p["product"] for p in lab.paths], lab.path_sum["sum"]
        (['3', '3'], '6')
        """
        leaf = self._find_tensor(leaf)
        if leaf.grad_fn is not None or not leaf.requires_grad:
            raise ValueError(text("not_a_leaf", self.lang).format(name=self._label_of(leaf)))
        self._path_leaf = leaf
        self._path_target = self._find_tensor(target) if target is not None else None
        self._compute_paths()

    select_path = _as_action(_select_path)

    def clear_path(self):
        """Take the path highlight away."""
        self._path_leaf = self._path_target = None
        self._path_drawn = (frozenset(), frozenset())
        self.paths, self.path_sum = [], {}
        if not self._acting:          # an action redraws once it is over
            self._render()
            self._chain_texts()

    def _label_of(self, t):
        g = self._graph
        key = g.id_of(t) if g is not None else None
        info = g.tensors.get(key) if key else None
        return (info.name or info.id) if info is not None else "tensor"

    def _compute_paths(self):
        g, leaf = self._graph, self._path_leaf
        target = self._path_target if self._path_target is not None else self._root()
        ids = {id(o): k for k, o in g.objects.items()}
        leaf_name, target_name = self._label_of(leaf), self._label_of(target)
        summary = {"leaf": leaf_name, "target": target_name, "count": 0, "listed": 0}
        start = target.grad_fn
        goal = chain_rule.accumulate_node(leaf, start) if start is not None else None
        if goal is None:
            self.paths, self.path_sum = [], summary
            self._path_drawn = (frozenset({ids.get(id(leaf))}) - {None}, frozenset())
            self._chain_texts()
            return
        metas = chain_rule.output_metas(target)
        seed = self._seed(target)
        count, paths = chain_rule.find_paths(start, target._output_nr, goal)
        summary["count"] = count
        self._path_drawn = self._drawn_paths(start, goal, leaf, target, ids)
        rows, total = [], None
        try:
            for steps in paths:
                product, factors = chain_rule.path_product(steps, seed, metas, self._recorder)
                total = product if total is None else total + product
                rows.append(self._path_row(steps, factors, product, leaf, target, ids))
        except chain_rule.Unavailable:
            rows, total = [], None
            summary["unavailable"] = True
        summary["listed"] = len(rows)
        shape = tuple(leaf.shape)
        if total is not None:
            summary["sum"] = _array_text(total.reshape(shape))
            summary["sum_values"] = total.reshape(shape).tolist()
        ref, source = self._reference(leaf, target, seed)
        if ref is not None:
            summary["reference"] = _array_text(ref.reshape(shape))
            summary["reference_source"] = source
            if total is not None:
                summary["max_abs_diff"] = float(np.max(np.abs(total - ref.reshape(-1)),
                                                       initial=0.0))
        self.paths, self.path_sum = rows, summary
        self._chain_texts()

    def _seed(self, target):
        """The gradient backward starts with at ``target``: the panel's, else ones."""
        if target is self._root() and self._gradient is not None:
            return np.asarray(_values.to_numpy(self._gradient), dtype=np.float64)
        return np.ones(tuple(target.shape))

    def _reference(self, leaf, target, seed):
        """The leaf's gradient from the engine itself, to check the sum of the paths."""
        from .. import autograd
        g = self._graph
        key = g.id_of(leaf)
        if target is self._root() and self._recorded_graph is not None and \
                self._recorder.array(key) is not None:
            return self._recorder.array(key).reshape(-1), "recorded"
        try:
            seed_t = _tensor_like(seed, target)
            got, = autograd.grad(target, leaf, seed_t, retain_graph=True, allow_unused=True)
            if got is not None:
                return np.asarray(_values.to_numpy(got), dtype=np.float64).reshape(-1), \
                    "autograd"
        except RuntimeError:          # freed by a backward run outside the panel
            pass
        grad = getattr(leaf, "_grad", None)
        if target is self._root() and grad is not None:
            return np.asarray(_values.to_numpy(grad), dtype=np.float64).reshape(-1), "grad"
        return None, None

    def _drawn_paths(self, start, goal, leaf, target, ids):
        """The drawn ids on some path, and the flow edges between them."""
        g = self._graph
        nodes = {ids[id(n)] for n in chain_rule.nodes_on_paths(start, goal) if id(n) in ids}
        nodes |= {ids.get(id(leaf)), ids.get(id(target))} - {None}
        for t in g.tensors.values():            # named results between two path nodes
            if t.grad_fn in nodes and any(e.src == t.id and e.dst in nodes and e.kind == "flow"
                                          for e in g.edges):
                nodes.add(t.id)
        edges = {(e.src, e.dst) for e in g.edges
                 if e.kind == "flow" and e.src in nodes and e.dst in nodes}
        return frozenset(nodes), frozenset(edges)

    def _path_row(self, steps, factors, product, leaf, target, ids):
        """One path, leaf first: the drawn ids, names and the local derivative per node."""
        g = self._graph
        into = {(e.dst, e.input_nr): e.src for e in g.edges if e.kind == "flow"}
        nodes = [ids.get(id(target))]
        for node, _nr, i in steps:
            nid = ids.get(id(node))
            nodes.append(nid)
            src = into.get((nid, i))
            if src in g.tensors and src != ids.get(id(leaf)):
                nodes.append(src)                  # a named result on the way
        acc = ids.get(id(steps[-1][0].next_functions[steps[-1][2]][0])) if steps else None
        nodes += [acc, ids.get(id(leaf))]
        nodes = [n for n in reversed(nodes) if n is not None]
        labels = [(g.node(n).name or n) if g.node(n) is not None else n for n in nodes]
        factor_rows = []
        for (node, _nr, i), J in zip(reversed(steps), reversed(factors)):
            nid = ids.get(id(node))
            twice = sum(1 for n in node.next_functions if n == node.next_functions[i]) > 1
            symbol = f"∂{self._made_by(nid)}/∂{self._input_name(into.get((nid, i)))}"
            if twice:                  # d = a * a: which of the two a's
                symbol += f" ({text('via_input', self.lang).format(i=i)})"
            factor_rows.append({"node": nid, "name": node.name(), "input": i,
                                "symbol": symbol, "text": _factor_text(J, self.lang),
                                "values": None if J is None or J.size > _values.SMALL
                                else J.tolist()})
        shape = tuple(leaf.shape)
        return {"nodes": nodes, "labels": labels, "factors": factor_rows,
                "product": _array_text(product.reshape(shape)),
                "product_values": product.reshape(shape).tolist()}

    def _has_result(self):
        """Is there a result to draw paths to (not before the first Forward)?"""
        return any(getattr(t, "grad_fn", None) is not None for t in self._roots)

    def _made_by(self, nid):
        """The name of what node ``nid`` computed: its drawn result, else the node."""
        g = self._graph
        for t in g.tensors.values():
            if t.grad_fn == nid and t.name:
                return t.name
        f = g.functions.get(nid)
        return f.name if f is not None else "?"

    def _input_name(self, src):
        g = self._graph
        x = g.node(src) if src else None
        if x is None:
            return "?"
        if hasattr(x, "role"):
            return x.name or x.id
        if x.kind == "accumulate":
            return self._input_name(x.variable)
        return self._made_by(src)

    def _chain_on_select(self, change):
        g, key = self._graph, change["new"]
        if g is None:
            return
        t = g.tensors.get(key)
        if t is not None and t.is_leaf and t.requires_grad and self._has_result():
            self.select_path(g.objects[key])
        elif not key and self._path_leaf is not None:
            self.clear_path()
        self._show_editor()

    # ------------------------------------------------------------------ 3. edited values
    def _set_value(self, tensor_or_name, index, value):
        """Write ``value`` at ``index`` of a leaf (under ``no_grad``, as a learner would),
        run ``forward`` again so that every value follows, and keep the panel's selection.

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.widgets import Lab
        >>> w = torch.tensor([1., 2.], requires_grad=True)
        >>> lab = Lab(lambda w: (w * w).sum(), args=(w,))
        >>> lab.set_value(w, 1, 3.0); lab.graph.tensors[lab.graph.roots[0]].value.text
        '10'
        """
        from .. import _grad_mode
        leaf = self._find_tensor(tensor_or_name)
        name = self._label_of(leaf)
        if self._forward is None:
            raise RuntimeError(text("edit_needs_forward", self.lang))
        if leaf.grad_fn is not None:
            raise ValueError(text("not_a_leaf", self.lang).format(name=name))
        index = tuple(index) if isinstance(index, (list, tuple)) else index
        self._leave_backward()        # a backward being stepped belongs to the old graph
        with _grad_mode.no_grad():
            leaf[index] = float(value)
        selected = self.selected
        self._new_forward_graph()
        self._chain_reset()
        self._retrace()
        key = self._graph.id_of(leaf)
        if selected and key and key != selected:
            self.selected = key
        if self._path_leaf is not None:
            self._compute_paths()
        shown = "" if leaf.dim() == 0 else str(list(index) if isinstance(index, tuple)
                                                else [index])
        self._set_status("value_set", name=name, index=shown, value=_values.fmt(value))
        self._show_editor()

    set_value = _as_action(_set_value)

    def _finite_difference(self, tensor_or_name):
        """A central-difference estimate of the leaf's gradient in float64, from the forward
        function alone, beside its ``.grad``: ``{"estimate", "grad", "max_abs_diff", ...}``
        (also in the ``finite_diff`` trait).

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.widgets import Lab
        >>> w = torch.tensor([1., 2.], requires_grad=True)
        >>> lab = Lab(lambda w: (w * w).sum(), args=(w,)); lab.forward(); lab.backward()
        >>> fd = lab.finite_difference(w); fd["max_abs_diff"] < 1e-6
        True
        """
        leaf = self._find_tensor(tensor_or_name)
        name = self._label_of(leaf)
        position = next((i for i, a in enumerate(self._args) if a is leaf), None)
        if self._forward is None or position is None:
            raise RuntimeError(text("fd_needs_forward", self.lang).format(name=name))
        args = [_float64(a) for a in self._args]
        seed = self._seed(self._root()) if self._roots else None

        def f(x):
            from .. import _grad_mode, tensor
            args[position] = tensor(x, dtype=_float64_dtype())
            with _grad_mode.no_grad():
                out = forward_steps.first_tensor(self._forward(*args))
            y = np.asarray(_values.to_numpy(out), dtype=np.float64)
            return float((y * (seed if seed is not None and seed.shape == y.shape
                               else 1.0)).sum())

        x = np.asarray(_values.to_numpy(leaf), dtype=np.float64)
        estimate = chain_rule.central_difference(f, x)
        grad = getattr(leaf, "_grad", None)
        result = {"tensor": name, "step": chain_rule.FD_STEP, "estimate": estimate.tolist(),
                  "estimate_text": _array_text(estimate), "grad": None, "grad_text": "None",
                  "max_abs_diff": None}
        if grad is not None:
            g = np.asarray(_values.to_numpy(grad), dtype=np.float64)
            result.update(grad=g.tolist(), grad_text=_array_text(g),
                          max_abs_diff=float(np.max(np.abs(g - estimate), initial=0.0)))
            self._set_status("fd_done", name=name, d=_values.fmt(result["max_abs_diff"]))
        else:
            self._set_status("fd_no_grad", name=name)
        self.finite_diff = result
        self._chain_texts()
        return result

    finite_difference = _as_action(_finite_difference)

    def _fd_selected(self):
        obj = self._graph.objects.get(self.selected) if self._graph else None
        if obj is not None:
            self.finite_difference(obj)

    def _show_editor(self):
        g = self._graph
        t = g.tensors.get(self.selected) if g is not None else None
        obj = g.objects.get(self.selected) if t is not None else None
        editable = (t is not None and t.is_leaf and t.requires_grad and self._forward
                    is not None and obj is not None and obj.numel() <= _values.SMALL)
        self.editor.show(obj if editable else None, t.name if t is not None else "",
                         self.lang)
        in_args = obj is not None and any(a is obj for a in self._args)
        self.fd_button.layout.display = "" if editable and in_args else "none"

    # ------------------------------------------------------------------ 4. step forward
    def _step_forward(self):
        """Build the graph one operation per call: the first call runs ``forward`` (or takes
        the graph shown) and shows its first operation; each next call adds one, with its
        formula and result (``build_info``); after the last the whole graph is shown.

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.widgets import Lab
        >>> a = torch.tensor(2., requires_grad=True); b = torch.tensor(3., requires_grad=True)
        >>> lab = Lab(lambda a, b: a * b * a, args=(a, b))
        >>> lab.step_forward(); lab.build_info["name"], lab.build_info["result"]
        ('MulBackward0', '6')
        """
        if self.build_step < 0 or self.build_step >= len(self._build_ops):
            self._stop_stepping()
            self._done, self._edge_grads = [], {}
            self.executing, self.step_info = "", {}
            if self._forward is not None:
                self._new_forward_graph()
                self._chain_reset()
                self.selected = ""
            self._retrace()
            self._build_ops = forward_steps.operations(self._graph)
            self.build_step = 0
        k = self.build_step + 1
        self.build_step = k
        n = len(self._build_ops)
        if n == 0:
            self.build_step = -1
            return
        self.build_info = forward_steps.describe(self._graph, self._build_ops, k)
        if k >= n:
            self._set_status("build_done", n=n)
        else:
            self._set_status("build_status", k=k, n=n)
        self._retrace()      # the drawing shows the operations built so far

    step_forward = _as_action(_step_forward)

    def _revealed(self):
        """The ids drawn while building step by step (None: the whole graph)."""
        if self.build_step < 0 or self.build_step >= len(self._build_ops) or \
                self._graph is None:
            return None
        return forward_steps.revealed(self._graph, self._build_ops, self.build_step)

    # ------------------------------------------------------------------ text
    def _chain_texts(self):
        lang = self.lang
        self.step_forward_button.description = text("step_forward", lang)
        self.fd_button.description = text("fd_button", lang)
        if self._graph is None:
            return
        parts = [f"<h4>{html.escape(text('chain_title', lang))}</h4>"]
        if self.build_info and 0 <= self.build_step:
            parts.append(forward_steps.to_html(self.build_info, lang))
        selected = self._graph.node(self.selected) if self.selected else None
        if selected is not None and self.selected in self.node_grads:
            name = selected.name or self.selected
            parts.append(
                f'<p><b>{html.escape(text("node_grad_row", lang).format(v=""))}</b>'
                f'<code>{html.escape(self.node_grads[self.selected])}</code><br>'
                f'<i>{html.escape(text("node_grad_note", lang))}.</i> '
                + (html.escape(text("node_grad_explain", lang).format(name=name))
                   if self.selected in self._graph.tensors else "") + "</p>")
        if self.finite_diff:
            parts.append(_fd_html(self.finite_diff, lang))
        parts.append(_paths_html(self.paths, self.path_sum, lang))
        self.chain_html.value = _compact("".join(parts))


# Inline styles: the pane is compact and left-aligned whatever the page's stylesheet says
# about tables (the notebook's centres and spreads them).
_STYLES = {
    "<h4>": '<h4 style="margin:6px 0 2px">',
    "<p>": '<p style="margin:3px 0">',
    "<table ": '<table style="border-collapse:collapse;margin:2px 0;width:auto" ',
    "<th>": '<th style="text-align:left;vertical-align:top;padding:2px 12px 2px 0;'
            'white-space:nowrap;font-weight:600">',
    "<td>": '<td style="text-align:left;padding:2px 0">',
}


def _compact(markup):
    for plain, styled in _STYLES.items():
        markup = markup.replace(plain, styled)
    return markup


def _float64(a):
    if is_tensor(a) and a.dtype.is_floating_point:
        from .. import tensor
        return tensor(np.asarray(_values.to_numpy(a), dtype=np.float64),
                      dtype=_float64_dtype())
    return a


def _float64_dtype():
    from .. import float64
    return float64


def _tensor_like(seed, target):
    from .. import tensor
    return tensor(np.asarray(seed).reshape(tuple(target.shape)), dtype=target.dtype)


def _paths_html(paths, summary, lang):
    esc = html.escape
    if not summary:
        return f"<p>{esc(text('paths_hint', lang))}</p>"
    leaf, target = summary["leaf"], summary["target"]
    out = [f"<p><b>{esc(text('paths_title', lang).format(leaf=leaf, target=target))}</b></p>"]
    if summary["count"] == 0:
        out.append(f"<p>{esc(text('path_none', lang).format(leaf=leaf, target=target))}</p>")
        return "".join(out)
    if summary.get("unavailable"):
        out.append(f"<p>{esc(text('path_unavailable', lang))}</p>")
    elif not paths:
        out.append(f"<p>{esc(text('path_count_only', lang).format(n=summary['count']))}</p>")
    rows = []
    for k, p in enumerate(paths, 1):
        route = " → ".join(p["labels"])
        chain = list(reversed(p["factors"]))       # ∂f/∂c · ∂c/∂a: from the target down
        symbols = " · ".join(f["symbol"] for f in chain)
        numbers = " × ".join(f["text"] for f in chain)
        rows.append(f'<tr><th>{esc(text("path_n", lang).format(k=k))}</th>'
                    f'<td>{esc(route)}<br><span class="agl-factors">{esc(symbols)} = '
                    f'{esc(numbers)} = <b>{esc(_in_lang(p["product"], lang))}</b></span></td></tr>')
    if "sum" in summary:
        rows.append(f'<tr><th>{esc(text("path_sum", lang).format(n=summary["count"]))}</th>'
                    f'<td><b>{esc(_in_lang(summary["sum"], lang))}</b></td></tr>')
    if "reference" in summary:
        source = text("ref_" + summary["reference_source"], lang).format(leaf=leaf,
                                                                           target=target)
        reference = _in_lang(summary["reference"], lang)
        rows.append(f"<tr><th>{esc(source)}</th><td><b>{esc(reference)}</b>"
                    "</td></tr>")
    if summary.get("max_abs_diff") is not None:
        rows.append(f'<tr><th>{esc(text("largest_diff", lang))}</th>'
                    f'<td>{esc(_values.fmt(summary["max_abs_diff"]))}</td></tr>')
    out.append('<table class="agl-paths">' + "".join(rows) + "</table>")
    return "".join(out)


def _fd_html(fd, lang):
    esc = html.escape
    rows = [f'<tr><th>{esc(text("fd_estimate", lang))}</th>'
            f'<td>{esc(_in_lang(fd["estimate_text"], lang))}</td></tr>',
            f'<tr><th>{esc(fd["tensor"])}.grad</th>'
            f'<td>{esc(_in_lang(fd["grad_text"], lang))}</td></tr>']
    if fd["max_abs_diff"] is not None:
        rows.append(f'<tr><th>{esc(text("largest_diff", lang))}</th>'
                    f'<td>{esc(_values.fmt(fd["max_abs_diff"]))}</td></tr>')
    else:
        rows.append(f'<tr><td colspan="2">{esc(text("fd_no_grad", lang).format(name=fd["tensor"]))}'
                    "</td></tr>")
    title = text("fd_title", lang).format(h=_values.fmt(fd["step"]))
    return f'<p><b>{esc(title)}</b></p><table class="agl-fd">{"".join(rows)}</table>'
