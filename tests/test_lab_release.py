"""No stale panels: re-running the cell that made a panel releases the panel it made before
(observers, graph, widgets), and a gradient change redraws only panels on the page."""
import gc
import weakref

import ipywidgets
import pytest
import traitlets

import autograd_lab as al
from autograd_lab import _observe
from autograd_lab.widgets import cells
from autograd_lab.widgets import lab as lab_module
from autograd_lab.widgets.graph_view import GraphView


@pytest.fixture
def running_cell(monkeypatch):
    """Pretend to be JupyterLab: each ``run(cell)`` is a new execute_request of that cell."""
    state = {"n": 0, "now": None}

    def run(cell, deleted=()):
        state["n"] += 1
        state["now"] = (cell, f"request-{state['n']}", list(deleted))
    monkeypatch.setattr(cells, "current_run", lambda: state["now"])
    yield run
    cells._by_cell.clear()


def make_panel():
    """What the cell ``lab = Lab(loss)`` makes: a fresh graph and a panel for it."""
    x = al.ones(3, 3, requires_grad=True)
    loss = ((x * 2).exp() * x).sum()
    panel = lab_module.Lab(loss, names={"x": x, "loss": loss})
    return panel, weakref.ref(loss), weakref.ref(loss.grad_fn)


@pytest.mark.filterwarnings("ignore:Widget.widgets is deprecated")
def test_rerunning_a_cell_releases_the_panel_it_made_before(running_cell):
    n_observers = len(_observe._observers)
    n_widgets = len(ipywidgets.Widget.widgets)
    running_cell("cell-A")
    first, loss_ref, node_ref = make_panel()
    one_panel = len(ipywidgets.Widget.widgets) - n_widgets       # its widgets, layouts...
    first_children = list(first.children)
    kept = [first]                     # Out[n] in a notebook keeps the panel object itself
    for _ in range(10):                # ten re-runs of the same cell
        running_cell("cell-A")
        panel, _, _ = make_panel()
    assert first._closed and not panel._closed
    assert len(_observe._observers) == n_observers + 1           # only the last one watches
    assert all(c.comm is None for c in first_children)           # its widgets are closed
    assert first.graph is None and first.timeline.count == 0
    gc.collect()
    assert loss_ref() is None and node_ref() is None              # its graph is gone
    # ipywidgets' registry holds the live panel's widgets only: re-runs do not grow it
    assert len(ipywidgets.Widget.widgets) - n_widgets == one_panel
    assert kept[0].moments() == []
    panel.close()


def test_panels_of_one_run_and_of_other_cells_are_kept(running_cell):
    running_cell("cell-A")
    a1, _, _ = make_panel()
    a2, _, _ = make_panel()            # two panels made by one run of a cell
    running_cell("cell-B")
    b, _, _ = make_panel()
    assert not (a1._closed or a2._closed or b._closed)
    running_cell("cell-C", deleted=["cell-A"])     # the learner deleted cell A
    c, _, _ = make_panel()
    assert a1._closed and a2._closed and not b._closed and not c._closed
    for p in (b, c):
        p.close()


def test_outside_jupyter_nothing_is_closed():
    assert cells.current_run() is None              # no kernel here
    first, _, _ = make_panel()
    second, _, _ = make_panel()
    assert not first._closed and not second._closed


def test_the_cell_id_is_read_from_the_kernels_parent_request(monkeypatch):
    class Kernel:
        def get_parent(self):
            return {"header": {"msg_id": "m-7"},
                    "metadata": {"cellId": "c-42", "deletedCells": ["c-1"]}}

    class Shell:
        kernel = Kernel()
    import IPython
    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    assert cells.current_run() == ("c-42", "m-7", ["c-1"])
    Kernel.get_parent = lambda self: {"header": {"msg_id": "m-8"}, "metadata": {}}
    assert cells.current_run() is None              # a front end that sends no cell id


# ----------------------------------------------------------------------------- on the page
class PagedView(GraphView):
    """GraphView with the "view" branch's ``on_page`` trait (-1 until a browser reports)."""
    on_page = traitlets.Int(-1).tag(sync=True)


def test_a_gradient_change_redraws_only_panels_on_the_page(monkeypatch):
    monkeypatch.setattr(lab_module, "GraphView", PagedView)
    x = al.ones(2, requires_grad=True)
    out = (x * 3).sum()
    shown = lab_module.Lab(out, names={"x": x}, retain_graph=True)
    hidden = lab_module.Lab(out, names={"x": x}, retain_graph=True)
    shown.view.on_page = 1
    hidden.view.on_page = 0            # its cell was scrolled off or its output cleared
    before = hidden.view.dot
    out.backward(retain_graph=True)    # from another cell
    assert "[3, 3]" in shown.view.dot
    assert hidden.view.dot == before and hidden.timeline.count == 1
    hidden.view.on_page = 1            # back on the page: drawn at once, change recorded
    assert "[3, 3]" in hidden.view.dot and hidden.timeline.count == 2
    assert hidden.status == "Changed in another cell: x.grad, out.backward()."
    for p in (shown, hidden):
        p.close()


def test_without_the_trait_every_change_is_drawn():
    x = al.ones(2, requires_grad=True)
    out = (x * 3).sum()
    panel = lab_module.Lab(out, names={"x": x})
    assert not panel.view.has_trait("on_page") or panel.view.on_page == -1
    out.backward()
    assert "[3, 3]" in panel.view.dot
    panel.close()


def test_a_closed_panel_keeps_none_of_the_tensors_its_chain_rule_parts_saw(running_cell):
    # A teacher uses everything (Step forward, Backward with recorded gradients, a leaf's
    # paths, finite differences, the value editor, Train, Step backward), then re-runs the
    # cell. Out[n] keeps the old panel object: it must hold no tensor and no graph node.
    def made():
        al.manual_seed(0)
        w = al.randn(3, requires_grad=True)
        x = al.randn(3)
        opt = al.optim.SGD([w], lr=0.1)
        panel = lab_module.Lab(lambda w: ((w * x).tanh() ** 2).sum(), args=(w,),
                               optimizer=opt, names={"w": w})
        return panel, w, x

    def use_it():          # in a frame of its own: a panel reads its caller's variables
        running_cell("cell-B")
        first, w, x = made()
        first.forward()
        first.step_forward()
        first.backward()
        first.select_path(w)
        first.selected = next(t.id for t in first.graph.tensors.values() if t.name == "w")
        first.finite_difference(w)
        assert first.paths and first.node_grads and first.editor.layout.display != "none"
        first.train(2)
        first.step_backward()
        return first, [weakref.ref(w), weakref.ref(x)]

    first, refs = use_it()
    running_cell("cell-B")
    panel, _, _ = made()
    assert first._closed
    gc.collect()
    assert [r() for r in refs] == [None, None]
    assert first.paths == [] and first.node_grads == {}
    panel.close()
