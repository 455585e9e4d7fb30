"""A panel's timeline: every state the panel has shown, so a learner can go back to it.

A :class:`Moment` is recorded at the panel's creation, after each button and after each
change made from another cell. It keeps the traced graph model (values, ``.grad`` and
saved-tensor summaries as they were; no tensor is held), what the inspector and the
chain-rule box said (as data), and the status line as a translation key, so a moment is
drawn again in whichever language the panel speaks now.

:class:`Timeline` is the widget row (class ``agl-timeline``): back, a slider, forward, and a
*Live* button. ``index == -1`` means "follow live", the default; any other value shows that
moment until the learner goes live again or presses a button of the panel.
"""
import dataclasses
import html

import ipywidgets as w
import traitlets

from .i18n import text

MAX_MOMENTS = 300       # the first moment (the panel as it was made) is always kept


@dataclasses.dataclass
class Moment:
    """One state the panel showed. ``label`` and ``status`` are ``(key, kwargs)`` of
    :mod:`~autograd_lab.widgets.i18n`; ``graph`` is the traced model without its objects."""
    label: tuple
    status: tuple
    graph: object
    overlay: object
    selected: str
    inspector: dict
    step_info: dict
    error: str = ""
    digest: int = 0           # hash of the drawing: a change that drew nothing new is no moment


def say(entry, lang):
    """``(key, kwargs)`` as text in ``lang``; a kwarg given as ``Say(key)`` is translated
    too (the name of a button)."""
    key, kw = entry
    if not key:
        return ""
    kw = {k: text(v.key, lang) if isinstance(v, Say) else v for k, v in kw.items()}
    return text(key, lang).format(**kw)


@dataclasses.dataclass(frozen=True)
class Say:
    """A word of the panel inside a message, said in the panel's language when shown."""
    key: str


def frozen(graph):
    """The graph model without references to live tensors and nodes."""
    return dataclasses.replace(graph, objects={})


class Timeline(w.HBox):
    """Back / slider / forward / Live over a panel's recorded moments.

    Traits
    ------
    index : int
        The moment shown, ``-1`` to follow the live state (default).
    count : int
        How many moments are recorded.
    lang : str
        Language of the buttons and the description.

    Examples
    --------
    >>> t = Timeline()
    >>> t.record(Moment(("moment_created", {}), ("ready", {}), None, None, "", {}, {}))
    >>> t.count, t.index
    (1, -1)
    """

    index = traitlets.Int(-1)
    count = traitlets.Int(0)
    lang = traitlets.Unicode("en")

    def __init__(self, lang="en"):
        self.moments = []
        self.back_button = w.Button(description="◀", layout=w.Layout(width="36px"))
        self.forward_button = w.Button(description="▶", layout=w.Layout(width="36px"))
        self.slider = w.IntSlider(min=0, max=0, value=0, readout=False, continuous_update=True,
                                  layout=w.Layout(width="220px"))
        self.live_button = w.ToggleButton(value=True, layout=w.Layout(width="auto"))
        self.caption = w.HTML(layout=w.Layout(flex="1 1 auto"))
        super().__init__([self.back_button, self.slider, self.forward_button,
                          self.live_button, self.caption],
                         layout=w.Layout(align_items="center", flex_flow="row wrap"))
        self.add_class("agl-timeline")
        self.back_button.on_click(lambda _b: self.go(self._shown() - 1))
        self.forward_button.on_click(lambda _b: self.go(self._shown() + 1))
        self.slider.observe(lambda c: self.go(c["new"]), "value")
        self.live_button.observe(self._on_live, "value")
        self.observe(lambda _c: self._update(), ["index", "count", "lang"])
        self.lang = lang
        self._update()

    def record(self, moment, unless_same=False):
        """Append a moment (the oldest but the first are dropped past ``MAX_MOMENTS``);
        with ``unless_same``, not when it draws what the last moment drew."""
        if unless_same and self.moments and self.moments[-1].digest == moment.digest:
            return
        if len(self.moments) >= MAX_MOMENTS:
            del self.moments[1]
            if self.index > 1:
                self.index -= 1
        self.moments.append(moment)
        self.count = len(self.moments)

    def relabel_last(self, entry):
        """Say ``entry`` (``(key, kwargs)``) for the last moment: its label and status, for
        an action whose words are known only after its drawing was recorded (training)."""
        if self.moments:
            self.moments[-1].label = self.moments[-1].status = entry
            self._update()

    def go(self, i):
        """Show moment ``i`` (the last one means: follow live again)."""
        if not self.moments:
            return
        i = max(0, min(int(i), len(self.moments) - 1))
        self.index = -1 if i == len(self.moments) - 1 else i

    def go_live(self):
        self.index = -1

    def shown(self):
        """The :class:`Moment` shown, or ``None`` while following live."""
        return None if self.index < 0 else self.moments[self.index]

    def clear(self):
        self.moments = []
        self.count = 0
        self.index = -1

    def _shown(self):
        return len(self.moments) - 1 if self.index < 0 else self.index

    def _on_live(self, change):
        if change["new"]:
            self.index = -1
        elif self.index < 0 and len(self.moments) > 1:
            self.index = len(self.moments) - 2          # un-ticking Live: one step back

    def _update(self):
        lang, n, i = self.lang, len(self.moments), self._shown()
        with self.hold_trait_notifications():
            self.slider.max = max(0, n - 1)
            self.slider.value = max(0, i)
        self.back_button.disabled = i <= 0
        self.forward_button.disabled = i >= n - 1
        self.back_button.tooltip = text("timeline_back", lang)
        self.forward_button.tooltip = text("timeline_forward", lang)
        self.live_button.value = self.index < 0
        self.live_button.description = text("timeline_live", lang)
        self.live_button.tooltip = text("timeline_live_tip", lang)
        if not n:
            self.caption.value = ""
            return
        where = text("timeline_at", lang).format(k=i + 1, n=n)
        what = say(self.moments[i].label, lang)
        past = "" if self.index < 0 else " " + text("timeline_past", lang)
        self.caption.value = (f'<span class="agl-timeline-where">{html.escape(where)}</span> '
                              f'{html.escape(what)}<i>{html.escape(past)}</i>')
