"""``Lab``: the panel learners drive. The autograd graph of real tensors, an inspector for the
selected node, and buttons for forward, backward (at once or one node at a time), zero_grad,
detach and the optimizer's step.

Every button runs the library's own code: *Step backward* advances the engine's own
:func:`~autograd_lab.autograd.backward_stepwise` generator one node per click, exactly the
pass ``loss.backward()`` runs. The panel also watches tensors (through
:mod:`autograd_lab._observe`), so a ``backward()``, ``zero_()`` or ``detach_()`` typed in any
cell shows in every open panel without re-running its cell.

A panel keeps its moment: names are fixed when it first sees a tensor, every state it shows
is recorded on its timeline (:mod:`.timeline`; ``lab.moments()``), and re-running the cell
that made it closes it (:mod:`.cells`). Every text is in :mod:`.i18n`, said again at once by
the zh/en button.
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
from ..viz.names import NameMemory, Names, caller_namespaces, ipython_namespace, is_tensor
from ..viz.trace import History, IdMap, trace
from . import cells, derivatives
from .chain_panel import ChainRule
from .graph_view import GraphView
from .i18n import STRINGS, explain, text
from .inspector import describe, to_html
from .step import describe_step, label as _label
from .timeline import Moment, Say, Timeline, frozen, say
from .training import TrainingMixin

BUTTONS = ("forward", "backward", "step_backward", "zero_grad", "detach", "step")


class Lab(ChainRule, TrainingMixin, w.VBox):
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

    Notes
    -----
    Widgets others may build on: ``view`` (the graph), ``buttons`` (by key of ``BUTTONS``),
    ``toolbar``, ``hint_html`` (why a button is off), ``inspector_html``, ``timeline``
    (:class:`~autograd_lab.widgets.timeline.Timeline`: ``index``, ``count``, ``go``,
    ``moments``), ``status_html``, ``error_html``, ``lang_button``, ``legend_view``. Traits:
    ``status`` and ``error`` (text in the panel's language), ``inspector`` and ``step_info``
    (``step_info["chain"]``: the substituted chain-rule lines), ``grad_history``, ``lang``.
    :meth:`moments` lists every recorded state.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.widgets import Lab
    >>> x = torch.ones(2, 2, requires_grad=True)
    >>> out = ((x + 2) * (x + 2) * 3).mean()
    >>> lab = Lab(out, names={"x": x})     # in a notebook, names come from its variables
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
        self._memory = NameMemory()   # names fixed when first seen (a later `x = ...` renames
        self._history = History()     # nothing this panel has shown)
        self._ids = IdMap()           # node ids stay put while the panel shows one graph
        self._graph = None
        self._drawing = None
        self._show_saved = show_saved
        self._collapsed_set = False
        self._steps = None            # autograd.backward_stepwise's generator while stepping
        self._step_hooks = []
        self._local = {}              # id(node) -> local derivative, computed before it runs
        self._captured = {}           # id(node) -> saved values its chain-rule line needs
        self._done = []               # ids of nodes already run in this backward
        self._edge_grads = {}         # (src, dst, input_nr) -> text of the gradient it carried
        self._step_count = 0
        self._acting = False
        self._pending = False
        self._dirty = False           # a change arrived while no view of the panel was on page
        self._changed = {}            # id(tensor) -> (weakref, what) changed from other cells
        self._traced_in_action = self._published_in_action = False
        self._last_refresh = 0.0
        self._hist = {}               # id(leaf) -> (weakref leaf, label, [texts])
        self._status_entry = ("", {})  # (i18n key, kwargs): re-said in the panel's language
        self._error_message = ""
        self._moment_label = None     # what the action under way changed, for the timeline

        self._build_widgets(height, retain_graph, zero_grad, lang)
        super().__init__(self._assemble())
        self.add_class("agl-lab")
        self._wire(retain_graph, zero_grad)

        self.lang = lang
        self._on_lang(None)
        self._observer = _observe.add_observer(self._on_tensor_change)
        self._closed = False
        self._moment_label = ("moment_created", {})
        # a real PyTorch graph can be drawn, not stepped through (autograd_lab's engine); a
        # Lab(forward) with nothing to draw yet shows an empty box: say what fills it
        self._set_status("torch_graph" if self._built_by_torch() else
                         "ready" if self._shown_tensors() else "ready_click_forward")
        self._start_training_ui(lang)
        self.refresh()
        self.buttons["step_backward"].disabled = self._built_by_torch()
        self._chain_texts()
        cells.adopt(self)             # re-running this cell closes the panel it made before

    # ---------------------------------------------------------------- the UI, in one place
    def _build_widgets(self, height, retain_graph, zero_grad, lang):
        """Every widget of the panel. Other features add theirs here and in _assemble."""
        # the graph gets the cell's full width; the inspector goes below it
        self.view = GraphView(height=height, layout=w.Layout(width="100%"))
        self.buttons = {k: w.Button(layout=w.Layout(width="auto")) for k in BUTTONS}
        self.retain_box = w.Checkbox(value=retain_graph, indent=False,
                                     layout=w.Layout(width="auto"))
        self.zero_mode = w.Dropdown(options=[(text("set_to_none", lang), "none"),
                                             (text("set_to_zeros", lang), "zeros")],
                                    value=zero_grad, layout=w.Layout(width="150px"))
        self.legend_button = w.ToggleButton(value=False, layout=w.Layout(width="auto"))
        self.lang_button = w.Button(layout=w.Layout(width="auto"))
        self.lang_button.add_class("agl-lang")
        self.legend_view = GraphView(height=330, transition_ms=0,
                                     layout=w.Layout(display="none"))
        self.legend_view.add_class("agl-legend")
        self.inspector_html = w.HTML(layout=w.Layout(width="100%", overflow="auto",
                                                     max_height=f"{height}px"))
        self.inspector_html.add_class("agl-inspector")
        self.hint_html = w.HTML()         # why a button is disabled and how to enable it
        self.hint_html.add_class("agl-hint")
        self.status_html = w.HTML()
        self.error_html = w.HTML()
        self.timeline = Timeline(lang)
        self.view.add_class("agl-main")
        self._init_chain()
        self.training_box = self._init_training(lang)   # Train N steps, loss curve, sparklines

    def _assemble(self):
        """Toolbar, hints, graph and inspector, timeline, status, error, legend."""
        self.toolbar = w.HBox(list(self.buttons.values()) +
                              [self.zero_mode, self.retain_box, self.legend_button,
                               self.lang_button],
                              layout=w.Layout(flex_flow="row wrap", align_items="center"))
        return [self.toolbar, self.hint_html,
                w.HBox([self.view, self.inspector_html], layout=w.Layout(flex_flow="row wrap")),
                self.chain_box, self.timeline, self.status_html, self.error_html,
                self.training_box, self.legend_view]

    def _wire(self, retain_graph, zero_grad):
        handlers = {"forward": self.forward, "backward": self.backward,
                    "step_backward": self.step_backward, "zero_grad": self.zero_grad,
                    "detach": self.detach, "step": self.optimizer_step}
        for key, fn in handlers.items():
            self.buttons[key].on_click(lambda _b, fn=fn: fn())
        self.buttons["step"].disabled = self._optimizer is None
        self.retain_graph, self.zero_grad_mode = retain_graph, zero_grad
        self._links = [traitlets.link((self.retain_box, "value"), (self, "retain_graph")),
                       traitlets.link((self.zero_mode, "value"), (self, "zero_grad_mode")),
                       traitlets.link((self.view, "selected"), (self, "selected")),
                       traitlets.dlink((self, "lang"), (self.timeline, "lang")),
                       # the node now executing stays in view while stepping
                       traitlets.dlink((self, "executing"), (self.view, "focus")),
                       traitlets.dlink((self, "lang"), (self.view, "lang"))]
        self.legend_button.observe(self._toggle_legend, "value")
        self.lang_button.on_click(lambda _b: self.set_trait(
            "lang", "en" if self.lang == "zh" else "zh"))
        self.view.observe(lambda _c: self._render(), "collapsed")
        if self.view.has_trait("on_page"):         # GraphView reports live browser views
            self.view.observe(self._on_page_change, "on_page")
        self.timeline.observe(lambda _c: self._show_moment(), "index")
        self.observe(lambda _c: self._update_inspector(), "selected")
        self.observe(self._on_lang, "lang")

    # ---------------------------------------------------------------- what is shown
    @property
    def graph(self):
        """The traced graph now shown (a :class:`~autograd_lab.viz.Graph`)."""
        return self._graph

    @property
    def roots(self):
        return list(self._roots)

    def _names(self):
        """Names as the panel first saw them; tensors new since then are looked up."""
        spaces = ([self._forward_locals] if self._forward_locals else []) + self._spaces
        user_ns = ipython_namespace()
        if user_ns is not None and all(user_ns is not s for s in spaces):
            spaces.append(user_ns)
        models = [self._model] if self._model is not None else []
        table = Names.from_namespaces(spaces, self._explicit_names, models)
        if self._forward is not None:       # what forward returned, named after it
            for i, root in enumerate(self._roots):
                table.setdefault(root, self._root_label(i))
        return self._memory.apply(table)

    def _root_label(self, i):
        name = getattr(self._forward, "__name__", "")
        name = name if name.isidentifier() else "forward"     # a lambda: "forward()"
        return f"{name}()" if i == 0 else f"{name}()[{i}]"

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
        """Send what the last trace found: the .grad history, the drawing, the inspector;
        and record it on the timeline."""
        self._published_in_action = True
        self._record_history()
        self._render()
        self._update_inspector()
        self._chain_texts()
        self._record_moment()

    def _render(self):
        moment = self.timeline.shown()
        if moment is not None:                  # the learner is looking at an earlier state
            self.view.dot = self._moment_dot(moment, self.lang)
            return
        if self._graph is None:
            return
        overlay = self._overlay()
        self._drawing = _dot.to_dot(self._graph, show_saved=self._show_saved,
                                    collapsed=set(self.view.collapsed), overlay=overlay,
                                    lang=self.lang, revealed=self._revealed())
        self.view.dot = self._drawing.source

    # ---------------------------------------------------------------- the timeline
    def _record_moment(self):
        label = self._moment_label or self._status_entry
        self._moment_label = None
        inspector = self.inspector if self.timeline.shown() is None else \
            describe(self._graph, self.selected, self.grad_history)   # not drawn: looking back
        self.timeline.record(Moment(
            label=label, status=self._status_entry, graph=frozen(self._graph),
            overlay=self._overlay(), selected=self.selected, inspector=dict(inspector),
            step_info=dict(self.step_info), error=self.error, digest=hash(self.view.dot)),
            unless_same=label[0].endswith("elsewhere"))

    def _moment_dot(self, moment, lang):
        return _dot.to_dot(moment.graph, show_saved=self._show_saved,
                           collapsed=set(self.view.collapsed),
                           overlay=self._notes_in(moment.overlay, lang), lang=lang).source

    def _moment_inspector(self, moment):
        if self.selected == moment.selected:
            return moment.inspector
        return describe(moment.graph, self.selected)        # from the recorded summaries

    def _show_moment(self):
        """Draw the moment the timeline points at (or the live state again)."""
        if self._graph is None:
            return
        self._render()
        self._update_inspector()
        moment = self.timeline.shown()
        self._show_status(moment.status if moment is not None else self._status_entry)

    def moments(self):
        """Every state this panel has shown, oldest first, in the panel's language.

        Returns a list of dicts: ``label`` (what changed), ``dot`` (the drawing's DOT
        source), ``inspector_html``, ``status`` (the status line) and ``error``.

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.widgets import Lab
        >>> x = torch.tensor(2.0, requires_grad=True)
        >>> lab = Lab(x * x)
        >>> lab.backward()
        >>> [m["label"] for m in lab.moments()]
        ['the panel as it was made', "Backward finished: the leaves' .grad are updated."]
        """
        lang, out = self.lang, []
        for m in self.timeline.moments:
            out.append({"label": say(m.label, lang), "dot": self._moment_dot(m, lang),
                        "inspector_html": to_html(m.inspector, m.step_info, lang),
                        "status": say(m.status, lang), "error": m.error})
        return out

    def _overlay(self):
        return self._chain_overlay(self._step_overlay())

    def _step_overlay(self):
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
            self._error_message = ""
            self.error_html.value = ""
            self.timeline.go_live()             # a button acts on the live state
            try:
                return fn(self, *a, **k)
            except Exception as err:            # shown in the panel; the kernel keeps going
                self._show_error(err)
                self._set_status("moment_error", action=Say(_action_key(fn.__name__)))
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
        self._leave_backward()
        if self._forward is None:
            self._retrace_and_replay()
            self._set_status("no_forward")
            return
        self._new_forward_graph()
        self._chain_reset()
        self.selected = ""
        self._retrace_and_replay()
        n = sum(1 for f in self._graph.functions.values() if f.kind == "backward")
        self._set_status("forward_done", n=n)

    def _leave_backward(self):
        """A new forward is coming: stop a backward being stepped and forget its marks."""
        self._stop_stepping()
        self._done, self._edge_grads = [], {}
        self.executing, self.step_info = "", {}

    def _new_forward_graph(self):
        """Call forward; its result becomes the root of a graph numbered afresh."""
        roots = _tensors_in(self._run_forward())
        if not roots:
            raise TypeError("forward() returned no tensor")
        self._roots = roots
        self._ids = IdMap()           # a new graph: number it afresh, in walk order

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
        order, seen = [], set()       # (a set: membership in the list made this quadratic)
        for nid in self._graph.build_order:
            v = visible.get(nid)
            if v is not None and v not in seen:
                seen.add(v)
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
        if self.stepping:             # the rest of the pass at once: drawn once, at the end
            while self._advance(show=False):
                pass
            return
        root = self._root()
        self._done, self._edge_grads, self.executing, self.step_info = [], {}, "", {}
        self._start_recording()
        try:
            root.backward(self._gradient, retain_graph=self.retain_graph)
        finally:
            self._stop_recording()
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
        self._done, self._edge_grads, self._local, self._captured = [], {}, {}, {}
        self._step_count = 0
        self._register_local_hooks(root)
        self._start_recording()
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
                    self._captured[id(node)] = derivatives.capture(node, grads)
                    if derivatives.worth_computing(node.name(), grads):
                        self._local[id(node)] = derivatives.local_derivative(node, grads)
                self._step_hooks.append(node.register_prehook(pre))
            stack.extend(n for n, _ in node.next_functions)

    def _advance(self, show=True):
        """One ``next()`` of the engine's generator; False once the pass is over. ``show``:
        trace and describe the node that ran (each retrace walks the whole graph: finishing
        a 10,000-node pass showing every step took most of an hour)."""
        try:
            step = next(self._steps)
        except StopIteration:
            self._finish_stepping()
            return False
        except Exception:
            self._stop_stepping()
            raise
        self._step_count += 1
        if show:
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
        self._stop_recording()
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
        self.step_info = describe_step(
            g, nid, step, root_id=g.id_of(self._step_root), number=self._step_count,
            edge_grads=self._edge_grads, local=self._local.get(id(step.node)),
            captured=self._captured.get(id(step.node)))
        self._set_status("step_ran", name=self.step_info["name"], k=self._step_count,
                         n=len(g.functions))

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
        self._record_optimizer_step()             # the loss curve gets this step's point
        self._optimizer.step()
        self._after_optimizer_step()              # forward again: the drawn loss is the new one

    def save_html(self, path, title=None):
        """Write the panel as one standalone HTML file (its timeline, the same drawing).

        See :func:`autograd_lab.widgets.export.save_html`.

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.widgets import Lab
        >>> x = torch.tensor(3.0, requires_grad=True)
        >>> Lab(x * x).save_html("square.html")      # doctest: +SKIP
        """
        from .export import save_html
        return save_html(self, path, title=title)

    # ---------------------------------------------------------------- live updates
    def _on_tensor_change(self, tensor, what):
        if what == "grad":
            self._record_one(tensor)
        if self._acting:
            return
        if len(self._changed) < 64:       # weakly: a panel off the page keeps no tensor alive
            try:
                self._changed[id(tensor)] = (weakref.ref(tensor), what)
            except TypeError:
                pass
        self._schedule()

    def _on_page(self):
        """Whether a browser view of this panel is on the page (-1: none has reported yet,
        which counts as shown: outside a browser every change is drawn)."""
        return getattr(self.view, "on_page", -1) != 0

    def _schedule(self):
        if self._pending:
            return
        if not self._on_page():           # redrawn when a view comes back (_on_page_change)
            self._dirty = True
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:              # plain Python: no event loop to defer to
            self._refresh_after_change()
            return
        self._pending = True
        delay = max(0.0, self.live_interval - (time.monotonic() - self._last_refresh))
        loop.call_later(delay, self._flush)

    def _on_page_change(self, change):
        if change["new"] != 0 and self._dirty and not self._closed:
            self._refresh_after_change()

    def _flush(self):
        if self._pending and not self._closed:
            try:
                self._refresh_after_change()
            except Exception as err:          # never let a redraw break the kernel's loop
                self._show_error(err)

    def _refresh_after_change(self):
        """Redraw after changes made from other cells, saying which tensors changed."""
        self._dirty = False
        changed, self._changed = list(self._changed.values()), {}
        self._retrace()
        names = []
        for ref, what in changed:
            key = self._graph.id_of(ref())
            if key is None:
                continue
            label = _label(self._graph, key) + _WHAT_CHANGED.get(what, "")
            if label not in names:
                names.append(label)
        if names:
            entry = ("changed_elsewhere",
                     {"names": ", ".join(names[:6]) + (", …" if len(names) > 6 else "")})
            self._set_status(entry[0], **entry[1])
        else:       # none of the panel's tensors was touched: a moment only if the drawing
            entry = ("graph_changed_elsewhere", {})     # changed (the status stays)
        self._moment_label = entry
        self._publish()

    def close(self):
        """Stop watching tensors, let go of the graph, and close every widget inside.

        A panel made again by re-running its cell closes the old one this way (see
        :mod:`~autograd_lab.widgets.cells`), so nothing of it stays in memory even while
        ``Out[n]`` still holds the panel object."""
        if getattr(self, "_closed", True):      # twice (ipywidgets' __del__), or half-built
            return
        self._closed = True
        _observe.remove_observer(self._observer)
        self._stop_stepping()
        self._close_chain()                 # removes the recorder's hooks too
        cells.forget(self)
        for link in self._links:
            link.unlink()
        self.view.unobserve_all()         # anywidget may keep a closed view alive: let go of it
        self.legend_button.unobserve_all()
        self.timeline.unobserve_all()
        self.timeline.clear()
        for view in (self.view, self.legend_view):    # Out[n] may keep the panel object:
            view.dot, view.reveal = "", []              # keep no drawing in it either
        self.inspector_html.value = self.status_html.value = self.error_html.value = ""
        stack = list(self.children)
        while stack:            # every widget inside, with the layout and style widgets
            child = stack.pop()  # ipywidgets keeps beside each one until closed too
            stack.extend(getattr(child, "children", ()))
            for part in (getattr(child, "layout", None), getattr(child, "style", None)):
                if isinstance(part, w.Widget):
                    part.close()
            child.close()
        self.layout.close()
        # what holds the graph, the model and the notebook's tensors
        self._roots, self._args, self._graph, self._drawing = [], (), None, None
        self._forward = self._model = self._optimizer = self._gradient = None
        self._spaces, self._forward_locals, self._explicit_names = [], {}, {}
        self._history, self._ids, self._memory = History(), IdMap(), NameMemory()
        self._local, self._captured, self._hist, self._changed = {}, {}, {}, {}
        self._step_root = None
        with self.hold_trait_notifications():
            self.inspector, self.step_info, self.grad_history = {}, {}, {}
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
        """Set the status line; kept as a key so a language switch says it again."""
        self._status_entry = (key, kw)
        if self.timeline.shown() is None:       # looking back: that moment's status stays
            self._show_status(self._status_entry)

    def _show_status(self, entry):
        self.status = say(entry, self.lang)
        self.status_html.value = f'<div class="agl-status">{html.escape(self.status)}</div>'

    def _show_error(self, err):
        self._error_message = f"{type(err).__name__}: {err}"
        self.error = self._error_message
        self._render_error()

    def _render_error(self):
        message = self._error_message
        if not message:
            self.error_html.value = ""
            return
        advice = explain(message, self.lang, can_rebuild=self._forward is not None)
        self.error_html.value = (
            f'<div class="agl-error"><b>{html.escape(text("error", self.lang))}</b>'
            f"<pre>{html.escape(message)}</pre>{html.escape(advice)}</div>")

    def _on_lang(self, _change):
        """Say every text again in the new language: buttons, hints, status, error,
        legend, graph labels, inspector and timeline."""
        lang = self.lang
        for key, b in self.buttons.items():
            b.description = text(key, lang)
            b.tooltip = text(self._tip_key(key), lang)
        self.retain_box.description = text("retain_graph", lang)
        mode = self.zero_grad_mode
        self.zero_mode.options = [(text("set_to_none", lang), "none"),
                                  (text("set_to_zeros", lang), "zeros")]
        self.zero_mode.value = mode
        self.legend_button.description = text("legend", lang)
        self.lang_button.description = text("lang_switch", lang)
        self.lang_button.tooltip = text("lang_tip", lang)
        self.legend_view.dot = _dot.legend(lang).source
        self.hint_html.value = self._hints(lang)
        moment = self.timeline.shown()
        self._show_status(moment.status if moment is not None else self._status_entry)
        self._render_error()
        if self._graph is not None:
            self._render()
            self._update_inspector()

    def _tip_key(self, key):
        if key == "step" and self.buttons["step"].disabled:
            return "step_disabled"
        if key == "forward" and self._forward is None:
            return "tip_forward_replay"
        return "tip_" + key

    def _hints(self, lang):
        """A visible line for each disabled button: why, and how to switch it on."""
        lines = [text(self._tip_key(k), lang) for k, b in self.buttons.items() if b.disabled]
        return "".join(f'<div class="agl-hint">ⓘ {html.escape(s)}</div>' for s in lines)

    def _toggle_legend(self, change):
        self.legend_view.layout.display = "" if change["new"] else "none"

    def _update_inspector(self):
        g = self._graph
        if g is None:
            return
        moment = self.timeline.shown()
        if moment is not None:
            info, step = self._moment_inspector(moment), moment.step_info
        else:
            info = describe(g, self.selected, self.grad_history)
            step = self.step_info
            self.inspector = info
        self.inspector_html.value = to_html(info, step, self.lang)


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


# what the engine reported (autograd_lab._observe) -> how the change is written: x.grad
_WHAT_CHANGED = {"grad": ".grad", "backward": ".backward()", "detach": ".detach_()",
                 "requires_grad": ".requires_grad", "data": ".data", "inplace": "._version"}

_ACTION_KEYS = {"forward": "forward", "backward": "backward", "step_backward": "step_backward",
                "zero_grad": "zero_grad", "detach": "detach", "optimizer_step": "step"}


def _action_key(name):
    """The i18n key naming an action (a button's label, or the method's own name)."""
    name = name.lstrip("_")
    return _ACTION_KEYS.get(name, name if name in STRINGS else "action")
def _history_text(grad):
    """One entry of the .grad history: the value when every element is the same."""
    summary = _values.summarize(grad)
    same = _values.all_equal_value(summary)
    return _values.fmt(same) if same is not None else summary.text
