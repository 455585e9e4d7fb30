"""``Lab``: the panel learners drive. The autograd graph of real tensors, an inspector for the
selected node, and buttons for forward, backward (at once or one node at a time), zero_grad,
detach and the optimizer's step.

Every button runs the library's own code: *Step backward* advances the engine's own
:func:`~autograd_lab.autograd.backward_stepwise` generator one node per click, exactly the
pass ``loss.backward()`` runs. The panel also watches tensors (through
:mod:`autograd_lab._observe`), so a ``backward()``, ``zero_()`` or ``detach_()`` typed in any
cell shows in every open panel without re-running its cell.
"""
import asyncio
import html
import sys
import time
import weakref

import ipywidgets as w
import traitlets

from .. import _observe
from ..viz import dot as _dot
from ..viz import values as _values
from ..viz.escaping import node_id
from ..viz.modules import record_modules, supports_hooks
from ..viz.names import Names, caller_namespaces, ipython_namespace, is_tensor
from ..viz.trace import History, IdMap, trace
from . import derivatives
from .graph_view import GraphView
from .i18n import explain, text

BUTTONS = ("forward", "backward", "step_backward", "zero_grad", "detach", "step")


class Lab(w.VBox):
    """The autograd lab panel.

    Parameters
    ----------
    *tensors : Tensor
        Results whose graph to show (``Y`` or ``loss``). Optional when ``forward`` is given;
        a callable in first place is taken as ``forward`` (``Lab(forward)``).
    forward : callable, optional
        Builds the graph: ``forward(*args)`` returns the loss (or a tuple whose first tensor
        is where backward starts). The *Forward* button calls it and replays the graph node
        by node in the order it was built; without it *Forward* replays the existing graph.
    args : tuple
        Arguments for ``forward`` (``(X, W_1, W_2)``); drawn before the first forward.
    model : module, optional
        Its parameters are labelled ``layer2.weight`` and the graph is grouped by module.
    optimizer : optional
        Enables *Step* (``optimizer.step()``); *zero_grad* then calls
        ``optimizer.zero_grad(set_to_none=...)``.
    names : dict, optional
        ``{label: tensor}`` labels, on top of the notebook's variable names.
    gradient : Tensor, optional
        The gradient to start backward with, for a root that is not a single number.
    lang : {"en", "zh"}
        Language of every label and message.
    retain_graph : bool
        Initial state of the *retain_graph* box (keep saved tensors after backward).
    zero_grad : {"none", "zeros"}
        What *zero_grad* does: set ``.grad`` to None, or fill it with zeros.
    show_saved : bool
        Draw the tensors each backward node saved.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.widgets import Lab
    >>> x = torch.ones(2, 2, requires_grad=True)
    >>> out = ((x + 2) * (x + 2) * 3).mean()
    >>> lab = Lab(out)
    >>> lab.step_backward(); lab.graph.functions[lab.executing].name
    'MeanBackward0'
    >>> lab.backward(); lab.grad_history["x"]
    ['None', '4.5']
    """

    selected = traitlets.Unicode("")
    executing = traitlets.Unicode("")
    status = traitlets.Unicode("")
    error = traitlets.Unicode("")
    inspector = traitlets.Dict()
    step_info = traitlets.Dict()
    grad_history = traitlets.Dict()
    lang = traitlets.Unicode("en")
    retain_graph = traitlets.Bool(False)
    zero_grad_mode = traitlets.Unicode("none")
    stepping = traitlets.Bool(False)
    live_interval = traitlets.Float(0.15)

    def __init__(self, *tensors, forward=None, args=(), model=None, optimizer=None,
                 names=None, gradient=None, lang="en", retain_graph=False, zero_grad="none",
                 show_saved=False, height=460):
        if tensors and forward is None and callable(tensors[0]) and not is_tensor(tensors[0]):
            forward, tensors = tensors[0], tensors[1:]      # Lab(forward) as well
        self._roots = [t for t in tensors if is_tensor(t)]
        self._forward, self._args = forward, tuple(args)
        self._model, self._optimizer = model, optimizer
        self._explicit_names = dict(names or {})
        self._gradient = gradient
        self._spaces = caller_namespaces(1)
        self._forward_locals = {}
        self._history = History()
        self._ids = IdMap()           # node ids stay put while the panel shows one graph
        self._graph = None
        self._drawing = None
        self._show_saved = show_saved
        self._collapsed_set = False
        self._steps = None            # autograd.backward_stepwise's generator while stepping
        self._step_hooks = []
        self._local = {}              # id(node) -> local derivative, computed before it runs
        self._done = []               # ids of nodes already run in this backward
        self._edge_grads = {}         # (src, dst, input_nr) -> text of the gradient it carried
        self._step_count = 0
        self._acting = False
        self._pending = False
        self._traced_in_action = self._published_in_action = False
        self._last_refresh = 0.0
        self._hist = {}               # id(leaf) -> (weakref leaf, label, [texts])

        self.view = GraphView(height=height)
        self.buttons = {k: w.Button(layout=w.Layout(width="auto")) for k in BUTTONS}
        self.retain_box = w.Checkbox(value=retain_graph, indent=False,
                                     layout=w.Layout(width="auto"))
        self.zero_mode = w.Dropdown(options=[(text("set_to_none", lang), "none"),
                                             (text("set_to_zeros", lang), "zeros")],
                                    value=zero_grad, layout=w.Layout(width="150px"))
        self.legend_button = w.ToggleButton(value=False, layout=w.Layout(width="auto"))
        self.legend_view = GraphView(height=330, transition_ms=0,
                                     layout=w.Layout(display="none"))
        self.inspector_html = w.HTML(layout=w.Layout(width="36%", overflow="auto",
                                                     max_height=f"{height}px"))
        self.inspector_html.add_class("agl-inspector")
        self.status_html = w.HTML()
        self.error_html = w.HTML()
        toolbar = w.HBox(list(self.buttons.values()) +
                         [self.zero_mode, self.retain_box, self.legend_button],
                         layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.view.layout = w.Layout(width="64%")
        self.view.add_class("agl-main")
        self.legend_view.add_class("agl-legend")
        super().__init__([toolbar, w.HBox([self.view, self.inspector_html]),
                          self.status_html, self.error_html, self.legend_view])
        self.add_class("agl-lab")

        handlers = {"forward": self.forward, "backward": self.backward,
                    "step_backward": self.step_backward, "zero_grad": self.zero_grad,
                    "detach": self.detach, "step": self.optimizer_step}
        for key, fn in handlers.items():
            self.buttons[key].on_click(lambda _b, fn=fn: fn())
        self.buttons["step"].disabled = optimizer is None
        self.retain_graph, self.zero_grad_mode = retain_graph, zero_grad
        self._links = [traitlets.link((self.retain_box, "value"), (self, "retain_graph")),
                       traitlets.link((self.zero_mode, "value"), (self, "zero_grad_mode")),
                       traitlets.link((self.view, "selected"), (self, "selected"))]
        self.legend_button.observe(self._toggle_legend, "value")
        self.view.observe(lambda _c: self._render(), "collapsed")
        self.observe(lambda _c: self._update_inspector(), "selected")
        self.observe(self._on_lang, "lang")

        self.lang = lang
        self._on_lang(None)
        self._observer = _observe.add_observer(self._on_tensor_change)
        self._closed = False
        self.refresh()
        # a real PyTorch graph can be drawn, not stepped through (autograd_lab's engine)
        self.buttons["step_backward"].disabled = self._built_by_torch()
        self._set_status("torch_graph" if self._built_by_torch() else "ready")

    # ---------------------------------------------------------------- what is shown
    @property
    def graph(self):
        """The traced graph now shown (a :class:`~autograd_lab.viz.Graph`)."""
        return self._graph

    @property
    def roots(self):
        return list(self._roots)

    def _names(self):
        spaces = ([self._forward_locals] if self._forward_locals else []) + self._spaces
        user_ns = ipython_namespace()
        if user_ns is not None and all(user_ns is not s for s in spaces):
            spaces.append(user_ns)
        models = [self._model] if self._model is not None else []
        return Names.from_namespaces(spaces, self._explicit_names, models)

    def _shown_tensors(self):
        if self._roots:
            return self._roots
        shown = [a for a in self._args if is_tensor(a)]
        if self._model is not None:
            shown += [p for _, p in self._model.named_parameters()]
        return shown

    def refresh(self):
        """Trace the graph again and redraw it (the panel does this after every change)."""
        self._retrace()
        self._publish()

    def _retrace(self):
        self._pending = False
        self._last_refresh = time.monotonic()
        self._graph = trace(*self._shown_tensors(), names=self._names(), history=self._history,
                            ids=self._ids)
        self._traced_in_action = True
        if not self._collapsed_set:
            self.view.collapsed = sorted(_dot.default_collapsed(self._graph))
            self._collapsed_set = True

    def _publish(self):
        """Send what the last trace found: the .grad history, the drawing, the inspector."""
        self._published_in_action = True
        self._record_history()
        self._render()
        self._update_inspector()

    def _render(self):
        if self._graph is None:
            return
        overlay = self._overlay()
        self._drawing = _dot.to_dot(self._graph, show_saved=self._show_saved,
                                    collapsed=set(self.view.collapsed), overlay=overlay,
                                    lang=self.lang)
        self.view.dot = self._drawing.source

    def _overlay(self):
        if not self.stepping and not self._done:
            return None
        labels, kinds = {}, {}
        info = self.step_info
        for item in info.get("in", ()):
            key = tuple(item["edge"])
            labels[key], kinds[key] = item["value"], "in"
        for item in info.get("out", ()):
            key = tuple(item["edge"])
            labels[key], kinds[key] = item["value"], "out"
        note = f"{info['step']}: {info['name']}" if info else ""
        return _dot.Overlay(executing=self.executing or None, done=frozenset(self._done),
                            edge_labels=labels, edge_kind=kinds, note=note)

    # ---------------------------------------------------------------- actions
    def _act(fn):
        """Run an action: show torch's error and an explanation instead of raising."""
        def action(self, *a, **k):
            self._acting = True
            self._traced_in_action = self._published_in_action = False
            self.error = ""
            self.error_html.value = ""
            try:
                return fn(self, *a, **k)
            except Exception as err:            # shown in the panel; the kernel keeps going
                self._show_error(err)
            finally:
                self._acting = False
                try:
                    if not self._traced_in_action:
                        self._retrace()
                    if not self._published_in_action:
                        self._publish()
                except Exception as err:        # a graph that cannot be drawn: say so
                    self._show_error(err)
        action.__name__, action.__doc__ = fn.__name__, fn.__doc__
        return action

    @_act
    def forward(self):
        """Run ``forward`` (or replay the existing graph) and reveal it node by node."""
        self._stop_stepping()
        self._done, self._edge_grads = [], {}
        self.executing, self.step_info = "", {}
        if self._forward is None:
            self._retrace_and_replay()
            self._set_status("no_forward")
            return
        out = self._run_forward()
        roots = _tensors_in(out)
        if not roots:
            raise TypeError("forward() returned no tensor")
        self._roots = roots
        self._ids = IdMap()           # a new graph: number it afresh, in walk order
        self.selected = ""
        self._retrace_and_replay()
        n = sum(1 for f in self._graph.functions.values() if f.kind == "backward")
        self._set_status("forward_done", n=n)

    def _run_forward(self):
        """Call forward, keeping its local variables' names (``Z`` inside ``def forward``)."""
        code = getattr(self._forward, "__code__", None)
        captured = {}

        def profile(frame, event, arg):
            if event == "return" and frame.f_code is code:
                captured.update(frame.f_locals)
        old = sys.getprofile()
        sys.setprofile(profile if code is not None else old)
        try:
            if self._model is not None and supports_hooks(self._model):
                with record_modules(self._model):
                    out = self._forward(*self._args)
            else:
                out = self._forward(*self._args)
        finally:
            sys.setprofile(old)
        self._forward_locals = {k: v for k, v in captured.items() if not k.startswith("_")}
        return out

    def _retrace_and_replay(self):
        """The new drawing and its replay order reach the browser in one message, so the
        page never shows the finished graph before the replay starts."""
        self._retrace()
        with self.view.hold_sync():
            self._publish()
            self._replay()

    def _replay(self):
        visible = self._visible_ids()
        order = []
        for nid in self._graph.build_order:
            v = visible.get(nid)
            if v is not None and v not in order:
                order.append(v)
        self.view.replay(order)

    def _visible_ids(self):
        collapsed = set(self.view.collapsed)
        out = {}
        for x in list(self._graph.tensors.values()) + list(self._graph.functions.values()):
            box = _owner(x.module or "", collapsed)
            out[x.id] = x.id if box is None else node_id("M.", box)
        return out

    def _root(self):
        for t in self._roots:
            if t.requires_grad:
                return t
        if self._roots:
            return self._roots[0]
        raise RuntimeError(text("no_root", self.lang))

    @_act
    def backward(self):
        """``loss.backward()`` (or finish the step-by-step pass already under way)."""
        if self.stepping:
            while self._advance():
                pass
            return
        root = self._root()
        self._done, self._edge_grads, self.executing, self.step_info = [], {}, "", {}
        root.backward(self._gradient, retain_graph=self.retain_graph)
        self._set_status("backward_done")

    def _built_by_torch(self):
        from .._tensor import Tensor
        return any(not isinstance(t, Tensor) for t in self._roots)

    @_act
    def step_backward(self):
        """Run the next node of the backward pass (``autograd.backward_stepwise``)."""
        if self._built_by_torch():
            raise RuntimeError(text("torch_graph_no_step", self.lang))
        if not self.stepping:
            self._start_stepping()
        self._advance()

    def _start_stepping(self):
        from .. import autograd
        root = self._root()
        steps = autograd.backward_stepwise(root, self._gradient, self.retain_graph)
        self._done, self._edge_grads, self._local = [], {}, {}
        self._step_count = 0
        self._register_local_hooks(root)
        self._steps = steps
        self._step_root = root
        self.stepping = True

    def _register_local_hooks(self, root):
        """Before each node runs, record its local derivative (saved tensors still there)."""
        stack, seen = [root.grad_fn], set()
        while stack:
            node = stack.pop()
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            if not getattr(node, "_is_accumulate_grad", False):
                def pre(grads, node=node):
                    if derivatives.worth_computing(node.name(), grads):
                        self._local[id(node)] = derivatives.local_derivative(node, grads)
                self._step_hooks.append(node.register_prehook(pre))
            stack.extend(n for n, _ in node.next_functions)

    def _advance(self):
        """One ``next()`` of the engine's generator; False once the pass is over."""
        try:
            step = next(self._steps)
        except StopIteration:
            self._finish_stepping()
            return False
        except Exception:
            self._stop_stepping()
            raise
        self._step_count += 1
        self._show_step(step)
        return True

    def _finish_stepping(self):
        self._stop_stepping()
        self.executing = ""
        self.step_info = {}
        self._set_status("step_finished", k=self._step_count)

    def _stop_stepping(self):
        for h in self._step_hooks:
            h.remove()
        self._step_hooks = []
        if self._steps is not None:
            self._steps.close()
        self._steps = None
        self.stepping = False

    def _show_step(self, step):
        """Trace again and describe the chain rule at the node that just ran."""
        self._retrace()
        g = self._graph
        nid = g.id_of(step.node)
        if nid is None:
            return
        self.executing = nid
        self._done.append(nid)
        f = g.functions[nid]
        incoming, outgoing = [], []
        root_id = g.id_of(self._step_root)
        for e in g.edges:
            if e.kind != "flow":
                continue
            if e.src == nid:                  # the gradient arriving from this edge's end
                key = (e.src, e.dst, e.input_nr)
                if e.dst == root_id or e.dst in g.tensors:
                    value = step.grad_outputs[e.output_nr] \
                        if e.output_nr < len(step.grad_outputs) else None
                    txt = _short(value)
                else:
                    txt = self._edge_grads.get(key, "")
                incoming.append({"edge": list(key), "from": _label(g, e.dst), "value": txt})
            elif e.dst == nid and f.kind == "backward" and e.input_nr is not None:
                g_in = step.grad_inputs[e.input_nr] if e.input_nr < len(step.grad_inputs) \
                    else None
                txt = _short(g_in)
                key = (e.src, e.dst, e.input_nr)
                self._edge_grads[key] = txt
                outgoing.append({"edge": list(key), "to": _label(g, e.src), "value": txt})
        if f.kind == "accumulate" and f.variable:
            for e in g.edges:
                if e.dst == nid and e.src == f.variable:
                    value = _short(step.grad_outputs[0])
                    outgoing.append({"edge": [e.src, e.dst, e.input_nr],
                                     "to": _label(g, f.variable) + ".grad", "value": value})
        local = []
        derivs = self._local.get(id(step.node))
        out_numel = 1
        for gout in step.grad_outputs:
            if gout is not None:
                out_numel = int(gout.numel())
                break
        exact = derivatives.is_exact(f.name, out_numel)
        if derivs:
            for i, d in enumerate(derivs):
                if d is None or i >= len(step.node.next_functions):
                    continue
                nxt = step.node.next_functions[i][0]
                to = _label(g, g.id_of(nxt)) if nxt is not None else "—"
                local.append({"input": i, "to": to, "value": _short(d)})
        self.step_info = {
            "node": nid, "name": f.name, "step": self._step_count,
            "grads_in": [_short(x) for x in step.grad_outputs],
            "in": incoming, "out": outgoing, "local": local, "local_exact": exact,
            "formula": derivatives.formula(f.name),
        }
        n = sum(1 for x in g.functions.values())
        self._set_status("step_ran", name=f.name, k=self._step_count, n=n)

    @_act
    def zero_grad(self):
        """Clear the leaves' ``.grad``: set to None or fill with zeros (the dropdown)."""
        to_none = self.zero_grad_mode == "none"
        if self._optimizer is not None:
            self._optimizer.zero_grad(set_to_none=to_none)
        else:
            for t in self._leaves():
                if to_none:
                    t.grad = None
                elif t.grad is not None:
                    t.grad.zero_()
        if self._model is not None and self._optimizer is None:
            for _, p in self._model.named_parameters():
                if to_none:
                    p.grad = None
                elif p.grad is not None:
                    p.grad.zero_()
        self._set_status("zeroed_none" if to_none else "zeroed_zeros")

    def _leaves(self):
        g = self._graph
        out = []
        for t in g.tensors.values():
            if t.is_leaf:
                obj = g.objects[t.id]
                if obj.requires_grad or getattr(obj, "_grad", None) is not None:
                    out.append(obj)
        return out

    @_act
    def detach(self):
        """``detach_()`` the selected tensor and show where the graph is cut."""
        obj = self._graph.objects.get(self.selected) if self._graph else None
        if obj is None or not is_tensor(obj):
            self._set_status("select_tensor")
            return
        label = _label(self._graph, self.selected)
        self._stop_stepping()
        obj.detach_()
        self._set_status("detached", name=label)

    @_act
    def optimizer_step(self):
        """``optimizer.step()``."""
        if self._optimizer is None:
            self._set_status("no_optimizer")
            return
        self._optimizer.step()
        self._set_status("optimizer_step")

    # ---------------------------------------------------------------- live updates
    def _on_tensor_change(self, tensor, what):
        if what == "grad":
            self._record_one(tensor)
        if self._acting:
            return
        self._schedule()

    def _schedule(self):
        if self._pending:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:              # plain Python: no event loop to defer to
            self.refresh()
            return
        self._pending = True
        delay = max(0.0, self.live_interval - (time.monotonic() - self._last_refresh))
        loop.call_later(delay, self._flush)

    def _flush(self):
        if self._pending:
            try:
                self.refresh()
            except Exception as err:          # never let a redraw break the kernel's loop
                self._show_error(err)

    def close(self):
        """Stop watching tensors and close the panel with every widget inside it."""
        if getattr(self, "_closed", True):      # twice (ipywidgets' __del__), or half-built
            return
        self._closed = True
        _observe.remove_observer(self._observer)
        self._stop_stepping()
        for link in self._links:
            link.unlink()
        self.view.unobserve_all()         # anywidget may keep a closed view alive: let go of it
        self.legend_button.unobserve_all()
        stack = list(self.children)
        while stack:
            child = stack.pop()
            stack.extend(getattr(child, "children", ()))
            child.close()
        super().close()

    # ---------------------------------------------------------------- .grad history
    def _record_history(self):
        g = self._graph
        for t in g.tensors.values():
            if t.role == "param" or (t.is_leaf and t.grad is not None):
                obj = g.objects[t.id]
                entry = self._hist.get(id(obj))
                if entry is None or entry[0]() is not obj:
                    self._hist[id(obj)] = (weakref.ref(obj), t.name or t.id, [])
                self._record_one(obj)
        hist = {}
        for ref, label, texts in self._hist.values():
            if ref() is not None:
                hist[label] = list(texts)
        self.grad_history = hist

    def _record_one(self, t):
        entry = self._hist.get(id(t))
        if entry is None or entry[0]() is not t:
            return
        grad = getattr(t, "_grad", None)
        txt = "None" if grad is None else _history_text(grad)
        if not entry[2] or entry[2][-1] != txt:
            entry[2].append(txt)

    # ---------------------------------------------------------------- text
    def _set_status(self, key, **kw):
        self.status = text(key, self.lang).format(**kw)
        self.status_html.value = f'<div class="agl-status">{html.escape(self.status)}</div>'

    def _show_error(self, err):
        message = f"{type(err).__name__}: {err}"
        self.error = message
        self.error_html.value = (
            f'<div class="agl-error"><b>{html.escape(text("error", self.lang))}</b>'
            f"<pre>{html.escape(message)}</pre>{html.escape(explain(str(err), self.lang))}"
            "</div>")

    def _on_lang(self, _change):
        lang = self.lang
        for key, b in self.buttons.items():
            b.description = text(key, lang)
        self.retain_box.description = text("retain_graph", lang)
        mode = self.zero_grad_mode
        self.zero_mode.options = [(text("set_to_none", lang), "none"),
                                  (text("set_to_zeros", lang), "zeros")]
        self.zero_mode.value = mode
        self.legend_button.description = text("legend", lang)
        self.legend_view.dot = _dot.legend(lang).source
        if self._graph is not None:
            self._render()
            self._update_inspector()

    def _toggle_legend(self, change):
        self.legend_view.layout.display = "" if change["new"] else "none"

    def _update_inspector(self):
        from .inspector import describe, to_html
        g = self._graph
        if g is None:
            return
        self.inspector = describe(g, self.selected, self.grad_history)
        self.inspector_html.value = to_html(self.inspector, self.step_info, self.lang)


def _tensors_in(out):
    if is_tensor(out):
        return [out]
    if isinstance(out, dict):
        out = list(out.values())
    if isinstance(out, (list, tuple)):
        return [t for t in out if is_tensor(t)]
    return []


def _owner(path, collapsed):
    if not collapsed or not path:
        return None
    parts = path.split(".")
    for i in range(1, len(parts) + 1):
        prefix = ".".join(parts[:i])
        if prefix in collapsed:
            return prefix
    return None


def _label(g, node_id):
    x = g.node(node_id) if node_id else None
    if x is None:
        return "?"
    return x.name if x.name else x.id


def _short(t):
    """A gradient as short text: every value for a few, else min/mean/max."""
    if t is None:
        return "None"
    return _values.summarize(t).text


def _history_text(grad):
    """One entry of the .grad history: the value when every element is the same."""
    summary = _values.summarize(grad)
    same = _values.all_equal_value(summary)
    return _values.fmt(same) if same is not None else summary.text
