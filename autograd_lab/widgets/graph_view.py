"""``GraphView``: draws DOT in the browser with Graphviz compiled to WebAssembly.

No ``dot`` program is needed on the machine: the bundled ``static/widget.js`` (built from
``js/src/*.js`` by ``npm run build``) lays the graph out with @hpcc-js/wasm and animates
changes with d3-graphviz. All state lives in the synced traits below; the browser only draws
it and reports clicks, and tells how many of its views are on the page.

The drawing is never shrunk to fit its box: it starts at a scale where the text of every
node is at least 11 CSS px on screen (what a projector shows) and the learner pans, zooms
(wheel or the controls drawn in its corner: fit, +, -, back to start) but not below that.
"""
from pathlib import Path

import anywidget
import traitlets

from .i18n import text

_STATIC = Path(__file__).parent / "static"
_TEXTS = ("fit", "zoom_in", "zoom_out", "reset")


class GraphView(anywidget.AnyWidget):
    """A graph drawn from DOT text, animated when it changes; clicking a node selects it.

    Traits (synced with the browser)
    --------------------------------
    dot : str
        The DOT text (``draw(...).source``).
    selected : str
        Id of the selected node (``T0``, ``B2``...); set by a click in the browser.
    focus : str
        Id of a node kept in view (the Lab sets it to the node now executing): when it is
        outside the visible part of the drawing, the drawing moves to show it.
    collapsed : list of str
        Module paths drawn as one box: a click on a module cluster collapses it, a click on
        the box expands it again.
    reveal : list of str
        Node ids in the order the forward pass made them, replayed one by one each time
        ``reveal_token`` changes (see :meth:`replay`).
    transition_ms : int
        Length of the animated transition between two graphs (0: none).
    height : int
        Height of the drawing, in pixels.
    lang : {"en", "zh"}
        Language of the view's own words (its controls' tooltips).
    on_page : int
        How many views of this widget are on the page now (-1 until a browser has shown
        one): a panel need not redraw a graph that no one sees.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.viz import draw
    >>> from autograd_lab.widgets import GraphView
    >>> x = torch.tensor(3.0, requires_grad=True)
    >>> view = GraphView(dot=draw(x * x).source)
    >>> view.selected, view.on_page
    ('', -1)
    """

    _esm = _STATIC / "widget.js"
    _css = _STATIC / "widget.css"

    dot = traitlets.Unicode("").tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    focus = traitlets.Unicode("").tag(sync=True)
    collapsed = traitlets.List(traitlets.Unicode()).tag(sync=True)
    reveal = traitlets.List(traitlets.Unicode()).tag(sync=True)
    reveal_token = traitlets.Int(0).tag(sync=True)
    transition_ms = traitlets.Int(300).tag(sync=True)
    height = traitlets.Int(460).tag(sync=True)
    lang = traitlets.Unicode("en").tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)
    on_page = traitlets.Int(-1).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._set_texts()
        self.observe(lambda _c: self._set_texts(), "lang")
        self.on_msg(self._on_view_message)

    def _set_texts(self):
        self.texts = {key: text("view_" + key, self.lang) for key in _TEXTS}

    def _on_view_message(self, _widget, content, _buffers):
        """A browser view appeared (``alive``) or went away: count the views on the page."""
        if not isinstance(content, dict) or content.get("event") != "view":
            return
        now = max(self.on_page, 0) + (1 if content.get("alive") else -1)
        self.on_page = max(now, 0)

    def replay(self, order):
        """Show the graph being built: nodes appear in ``order``, one after another."""
        with self.hold_sync():
            self.reveal = list(order)
            self.reveal_token += 1
