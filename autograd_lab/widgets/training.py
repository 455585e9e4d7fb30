"""Training you can watch, for :class:`~autograd_lab.widgets.Lab`: a live loss curve, one
gradient-norm sparkline per parameter, and *Train N steps*.

Two ways in, one record:

* a panel with an optimizer and a forward function trains itself: *Train N steps* (or
  ``lab.train(n)``) runs ``zero_grad``, ``forward``, ``backward``, ``step`` per step, and each
  click on *Step (optimizer)* adds the step it made;
* a loop written by hand calls ``lab.track(loss)`` once per step, after ``backward()``.

Each step adds the loss it computed to ``loss_curve`` and each parameter's ``.grad`` norm (as
it was when the step used it) to ``grad_norms``; the charts (:mod:`.charts`) follow. Clicked,
*Train* runs as a task on the kernel's event loop, one step per turn of the loop, so the
kernel keeps answering (the button turns into *Stop*); an error stops the run and is shown in
the panel.
"""
import asyncio
import math
import time
import weakref

import ipywidgets as w
import traitlets

from ..viz.names import is_tensor
from ..viz.trace import IdMap
from ..viz.values import fmt
from .charts import grad_norms_html, loss_curve_svg
from .i18n import text

REDRAW_EVERY = 0.15     # seconds between two drawings of the charts (and the progress bar)


class TrainingMixin(traitlets.HasTraits):
    """The training part of :class:`~autograd_lab.widgets.Lab` (traits, widgets, methods).

    Traits
    ------
    loss_curve : list of float
        One loss per step, oldest first (``nan`` where the loss was not a single number).
    grad_norms : dict
        ``{parameter name: [norm of its .grad at each step]}`` (``nan`` while ``.grad`` is None).
    """

    loss_curve = traitlets.List()          # of float (no per-element check: it grows every step)
    grad_norms = traitlets.Dict()

    # ---------------------------------------------------------------- widgets
    def _init_training(self, lang):
        """Build the training widgets (call before the panel's layout); returns their box."""
        self._param_labels = {}           # id(param) -> (weakref param, label)
        self._charts_at = 0.0
        self._charts_pending = False
        self._progress_at = 0.0
        self._training_task = None
        self._training_now = False         # a run under way (clicked, or train() in a cell)
        self._stop_training = False
        self.train_button = w.Button(layout=w.Layout(width="auto"))
        self.train_steps = w.BoundedIntText(value=20, min=1, max=100_000,
                                            layout=w.Layout(width="80px"))
        self.train_steps_label = w.Label()
        self.train_progress = w.IntProgress(value=0, min=0, max=1,
                                            layout=w.Layout(width="220px"))
        self.train_progress_text = w.Label()
        self.curve_html = w.HTML()
        self.norms_html = w.HTML()
        self.curve_html.add_class("agl-curve")
        self.norms_html.add_class("agl-norms")
        self.train_row = w.HBox([self.train_button, self.train_steps, self.train_steps_label,
                                 self.train_progress, self.train_progress_text],
                                layout=w.Layout(align_items="center", flex_flow="row wrap"))
        self.charts_row = w.HBox([self.curve_html, self.norms_html],
                                 layout=w.Layout(flex_flow="row wrap", align_items="flex-start",
                                                 display="none"))
        self.train_row.add_class("agl-train")
        self.train_button.on_click(lambda _b: self._on_train_click())
        return w.VBox([self.train_row, self.charts_row])

    def _start_training_ui(self, lang):
        """After the panel is built: labels in ``lang``, the row shown only with an optimizer."""
        has_optimizer = self._optimizer is not None
        self.train_row.layout.display = "" if has_optimizer else "none"
        self.train_progress.layout.visibility = "hidden"
        self.observe(lambda _c: self._training_texts(), "lang")
        self.observe(lambda _c: self._charts_changed(), ["loss_curve", "grad_norms"])
        self._training_texts()

    def _training_texts(self):
        lang = self.lang
        running = self._training_task is not None
        self.train_button.description = text("train_stop" if running else "train", lang)
        self.train_steps_label.value = text("train_steps", lang)
        can = self._optimizer is not None and self._forward is not None
        self.train_button.disabled = not can
        self.train_button.tooltip = "" if can else text("train_needs_forward", lang)
        if self.loss_curve or self.grad_norms:
            self._draw_charts()

    # ---------------------------------------------------------------- the record
    def track(self, loss):
        """Add one step of a hand-written loop: the value of ``loss`` and each parameter's
        ``.grad`` norm now. Call it once per step, after ``backward()``.

        Parameters are the optimizer's, else the model's, else the leaves ``loss`` was
        computed from. A panel without a forward function also shows ``loss``'s graph.

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.widgets import Lab
        >>> w = torch.tensor([2.0], requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> lab = Lab(optimizer=opt, names={"w": w})
        >>> for _ in range(3):
        ...     opt.zero_grad()
        ...     loss = (w ** 2).sum()
        ...     loss.backward()
        ...     opt.step()
        ...     lab.track(loss)
        >>> [round(v, 4) for v in lab.loss_curve]
        [4.0, 2.56, 1.6384]
        >>> [round(v, 3) for v in lab.grad_norms["w"]]
        [4.0, 3.2, 2.56]
        """
        if not is_tensor(loss):
            raise TypeError(f"track() takes the loss tensor, not {type(loss).__name__}")
        self._add_point(_loss_value(loss), self._measure_grad_norms(loss))
        if self._forward is None and all(loss is not r for r in self._roots):
            self._roots = [loss]          # follow the loop: draw the newest loss's graph
            self._ids = IdMap()           # numbered afresh: the same graph keeps its ids
            self._schedule()

    def _add_point(self, loss_value, norms):
        """One step: its loss and the norms, the lists kept the same length."""
        n = len(self.loss_curve)
        merged = {}
        for name, values in self.grad_norms.items():
            merged[name] = list(values) + [norms.pop(name, math.nan)]
        for name, value in norms.items():          # a parameter seen for the first time
            merged[name] = [math.nan] * n + [value]
        with self.hold_trait_notifications():
            self.grad_norms = merged
            self.loss_curve = list(self.loss_curve) + [loss_value]

    def _watched_params(self, loss=None):
        if self._optimizer is not None:
            return [p for group in self._optimizer.param_groups for p in group["params"]]
        if self._model is not None:
            return [p for _, p in self._model.named_parameters()]
        if loss is not None:
            return _leaves_of(loss)
        return [self._graph.objects[t.id] for t in self._graph.tensors.values()
                if t.role == "param"] if self._graph is not None else []

    def _measure_grad_norms(self, loss=None):
        out, names = {}, []
        for p in self._watched_params(loss):
            grad = getattr(p, "grad", None)
            out[self._param_label(p, names)] = math.nan if grad is None else \
                float(grad.detach().norm().item())
        return out

    def _param_label(self, p, names):
        """A parameter's name, fixed the first time it is seen (the panel's names, else
        ``param{k}``), never the same as another parameter's. ``names`` caches the panel's
        name table for one measurement (reading the namespaces once, not per parameter)."""
        entry = self._param_labels.get(id(p))
        if entry is not None and entry[0]() is p:
            return entry[1]
        if not names:
            names.append(self._names())
        label = names[0].label(p) or f"param{len(self._param_labels)}"
        taken = {e[1] for e in self._param_labels.values()}
        base, k = label, 2
        while label in taken:
            label, k = f"{base} ({k})", k + 1
        self._param_labels[id(p)] = (weakref.ref(p), label)
        return label

    # ---------------------------------------------------------------- training
    def train(self, n):
        """Train ``n`` steps: ``zero_grad``, ``forward``, ``backward``, ``step`` each, as the
        *Train N steps* button does; the curve and sparklines get one point per step.

        Needs ``forward`` and ``optimizer``. An error stops the run and shows in the panel.
        Returns the ``n`` losses (fewer if stopped).

        Examples
        --------
        >>> import autograd_lab as torch
        >>> from autograd_lab.widgets import Lab
        >>> v = torch.tensor([1.0, -1.0], requires_grad=True)
        >>> lab = Lab(lambda: (v ** 2).sum(), optimizer=torch.optim.SGD([v], lr=0.25))
        >>> lab.train(3)
        [2.0, 0.5, 0.125]
        """
        start = len(self.loss_curve)
        for _ in self._training_run(n):
            pass
        return self.loss_curve[start:]

    def _on_train_click(self):
        if self._training_task is not None:        # the button says Stop
            self._stop_training = True
            return
        n = self.train_steps.value
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:                            # plain Python: run it at once
            self.train(n)
            return
        self._stop_training = False
        waiting = [(b, b.disabled) for b in list(self.buttons.values()) + [self.train_steps]]
        for b, _ in waiting:
            b.disabled = True
        self._training_task = loop.create_task(self._train_in_turns(n, waiting))
        self._training_texts()                      # the button says Stop at once

    async def _train_in_turns(self, n, waiting):
        """One step per turn of the event loop: clicks (Stop) and other messages get in.
        The panel's other buttons (``waiting``: each with its state before) wait meanwhile:
        a Backward between two steps would run on a graph the next step frees."""
        run = self._training_run(n)
        try:
            for _ in run:
                if self._stop_training or getattr(self, "_closed", False):
                    break
                await asyncio.sleep(0)
        finally:
            self._training_task = None
            run.close()                 # its finally: the final drawing and the status
            for b, disabled in waiting:
                b.disabled = disabled
            self._training_texts()

    def _training_run(self, n):
        """The training loop as a generator: yields after each step."""
        self.error, self.error_html.value = "", ""
        if self._optimizer is None or self._forward is None:
            self._set_status("train_needs_forward")
            return
        n = int(n)
        if n < 1 or self._training_now:
            self._set_status("train_busy" if self._training_now else "train_bad_n")
            return
        self._training_now = True
        self.timeline.go_live()             # a learner looking back watches the training too
        recorded = self.timeline.count      # the moment this run records is named after it
        self._stop_stepping()
        self.train_progress.max, self.train_progress.value = n, 0
        self.train_progress.layout.visibility = "visible"
        self._training_texts()
        done, first, error = 0, None, None
        try:
            for _ in range(n):
                self._acting = True         # the panel redraws once at the end, not per step
                try:
                    value, norms = self._train_one_step()
                finally:
                    self._acting = False
                first = value if first is None else first
                done += 1
                self._add_point(value, norms)
                self._show_progress(done, n)
                yield done
        except Exception as err:            # shown in the panel; the kernel keeps going
            error = err
        finally:
            self._training_now = False
            self._show_progress(done, n, final=True)
            self._draw_charts()             # every point on the page when train() returns
            now = None
            try:
                now = self._show_new_loss()
            except Exception as err:        # forward fails after the last step: say so
                error = error or err
            if error is not None:
                self._show_error(error)
                self._set_status("train_failed", k=done + 1, n=n)
            elif done < n:
                self._set_status("train_stopped", k=done, n=n)
            else:
                last = self.loss_curve[-1] if self.loss_curve else math.nan
                self._set_status("train_done", n=n, first=fmt(first), last=fmt(last),
                                 now=fmt(math.nan if now is None else now))
            if self.timeline.count > recorded:      # drawn before the status was known
                self.timeline.relabel_last(self._status_entry)

    def _train_one_step(self):
        opt = self._optimizer
        opt.zero_grad(set_to_none=self.zero_grad_mode == "none")
        loss = _first_tensor(self._forward(*self._args))
        loss.backward(self._gradient)
        value = _loss_value(loss)
        norms = self._measure_grad_norms()
        opt.step()
        return value, norms

    def _show_progress(self, done, n, final=False):
        now = time.monotonic()
        if not final and now - self._progress_at < REDRAW_EVERY:
            return
        self._progress_at = now
        self.train_progress.value = done
        self.train_progress_text.value = f"{done} / {n}"

    # ---------------------------------------------------------------- after a Step
    def _record_optimizer_step(self):
        """Before ``optimizer.step()``: the loss whose gradient this step uses, and the norms."""
        root = self._roots[0] if self._roots else None
        value = _loss_value(root) if root is not None else math.nan
        self._add_point(value, self._measure_grad_norms())

    def _after_optimizer_step(self):
        """After *Step (optimizer)*: the new loss drawn, and the status says old and new."""
        old = self.loss_curve[-1]
        new = self._show_new_loss()
        if new is None:
            self._set_status("step_old_loss")
        else:
            self._set_status("step_new_loss", old=fmt(old), new=fmt(new))

    def _show_new_loss(self):
        """After a step: run forward again (when there is one) so the loss drawn is the new
        one, on a graph numbered afresh; returns the new loss value (or None)."""
        if self._forward is None:
            return None
        roots = [t for t in _tensors(self._run_forward())]
        if not roots:
            return None
        self._roots = roots
        self._ids = IdMap()
        self._done, self._edge_grads, self.executing, self.step_info = [], {}, "", {}
        self.refresh()
        return _loss_value(roots[0])

    # ---------------------------------------------------------------- charts
    def _charts_changed(self):
        """Redraw now if the last drawing is old enough, else once the loop is free again."""
        if time.monotonic() - self._charts_at >= REDRAW_EVERY:
            self._draw_charts()
            return
        if self._charts_pending:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            self._draw_charts()
            return
        self._charts_pending = True
        loop.call_later(REDRAW_EVERY, self._draw_charts)

    def _draw_charts(self):
        self._charts_pending = False
        self._charts_at = time.monotonic()
        lang = self.lang
        has = bool(self.loss_curve) or bool(self.grad_norms)
        self.charts_row.layout.display = "" if has else "none"
        if not has:
            self.curve_html.value = self.norms_html.value = ""
            return
        self.curve_html.value = self.curve_svg()
        self.norms_html.value = grad_norms_html(self.grad_norms, text("grad_norms", lang),
                                                text("no_grad_yet", lang)) \
            if self.grad_norms else ""

    def curve_svg(self):
        """The loss curve as SVG text, in the panel's language ("" before the first step)."""
        if not self.loss_curve:
            return ""
        lang = self.lang
        return loss_curve_svg(self.loss_curve, text("loss_curve", lang), text("curve_step", lang),
                              text("curve_last", lang))


def _tensors(out):
    from .lab import _tensors_in        # lab imports this module: look it up when called
    return _tensors_in(out)


def _first_tensor(out):
    found = _tensors(out)
    if not found:
        raise TypeError("forward() returned no tensor")
    return found[0]


def _loss_value(loss):
    """The loss as a float; ``nan`` when it is not a single number (nothing to plot)."""
    if loss.numel() != 1:
        return math.nan
    return float(loss.detach().item())


def _leaves_of(loss):
    """The leaves whose ``.grad`` a backward from ``loss`` writes, in graph order."""
    out, seen, stack = [], set(), [loss.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        variable = getattr(node, "variable", None)
        if getattr(node, "_is_accumulate_grad", False) and variable is not None:
            out.append(variable)
        stack.extend(reversed([n for n, _ in node.next_functions]))
    return out
