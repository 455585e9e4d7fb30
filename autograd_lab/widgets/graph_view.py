"""``GraphView``: draws DOT in the browser with Graphviz compiled to WebAssembly.

No ``dot`` program is needed on the machine: the bundled ``static/widget.js`` (built from
``js/src/widget.js`` by ``npm run build``) lays the graph out with @hpcc-js/wasm and animates
changes with d3-graphviz. All state lives in the synced traits below; the browser only draws
it and reports clicks.
"""
from pathlib import Path

import anywidget
import traitlets

_STATIC = Path(__file__).parent / "static"


class GraphView(anywidget.AnyWidget):
    """A graph drawn from DOT text, animated when it changes; clicking a node selects it.

    Traits (synced with the browser)
    --------------------------------
    dot : str
        The DOT text (``draw(...).source``).
    selected : str
        Id of the selected node (``T0``, ``B2``...); set by a click in the browser.
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

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.viz import draw
    >>> from autograd_lab.widgets import GraphView
    >>> x = torch.tensor(3.0, requires_grad=True)
    >>> view = GraphView(dot=draw(x * x).source)
    >>> view.selected
    ''
    """

    _esm = _STATIC / "widget.js"
    _css = _STATIC / "widget.css"

    dot = traitlets.Unicode("").tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    collapsed = traitlets.List(traitlets.Unicode()).tag(sync=True)
    reveal = traitlets.List(traitlets.Unicode()).tag(sync=True)
    reveal_token = traitlets.Int(0).tag(sync=True)
    transition_ms = traitlets.Int(300).tag(sync=True)
    height = traitlets.Int(460).tag(sync=True)

    def replay(self, order):
        """Show the graph being built: nodes appear in ``order``, one after another."""
        with self.hold_sync():
            self.reveal = list(order)
            self.reveal_token += 1
