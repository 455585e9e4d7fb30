"""draw() in a notebook with and without Graphviz's dot program, module clusters that
collapse and expand on a click, and two open panels following one change made in a cell."""
import time

import nbformat

from lab_server import KERNELSPEC, cell_errors, open_notebook, run_all, run_code_in_new_cell

SETUP = '''\
import os
import autograd_lab as torch
from autograd_lab.viz import draw
from autograd_lab.widgets import Lab

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
out = (y * y * 3).mean()

class TinyModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = torch.nn.Linear(6, 4)
        self.relu = torch.nn.ReLU()
        self.layer2 = torch.nn.Linear(4, 2)

    def forward(self, x):
        return self.layer2(self.relu(self.layer1(x)))

model = TinyModel()
loss = model(torch.ones(3, 6)).sum()
'''
WITH_DOT = 'draw(out)'
WITHOUT_DOT = 'os.environ["PATH"] = "/nonexistent"   # no dot program any more\ndraw(out)'
PANELS = ('first = Lab(out)\nsecond = Lab(out, lang="zh")\n'
          'display(first, second)\nLab(loss, model=model)')


def node_texts(page, scope):
    return page.eval_on_selector_all(
        f"{scope} svg g.node",
        "gs => gs.map(g => [...g.querySelectorAll('text')].map(t => t.textContent.trim())"
        ".filter(t => t).join(' '))")


def test_draw_clusters_and_two_live_panels(page, jupyter_server, lab_root, screenshot_dir):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in (SETUP, WITH_DOT, WITHOUT_DOT, PANELS)],
        metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, lab_root / "draw.ipynb")
    open_notebook(page, jupyter_server, "draw.ipynb")
    run_all(page)
    assert cell_errors(page) == []
    cells = page.query_selector_all(".jp-CodeCell")

    # with and without dot alike: the GraphView widget draws it in the browser
    for cell in (cells[1], cells[2]):
        cell.wait_for_selector(".agl-graph svg g.node")
        texts = " ".join(node_texts(cell, ".agl-graph"))
        for label in ("x", "y", "out", "MeanBackward0", "AccumulateGrad"):
            assert label in texts
        assert cell.query_selector(".jp-OutputArea-output pre") is None   # no traceback

    # a module cluster collapses when clicked, and its box expands again
    panels = page.query_selector_all(".agl-lab")
    assert len(panels) == 3
    tiny = panels[2]
    tiny.scroll_into_view_if_needed()
    tiny.wait_for_selector(".agl-main svg g.cluster")
    # the box is there (or gone) and the nodes it replaces (or shows) are gone (or back),
    # once the animated transition is over
    has_box = """([el, want]) => [...el.querySelectorAll('svg g.node > title')]
        .some(t => t.textContent === 'M.layer1') === want &&
        [...el.querySelectorAll('svg g.node')].some(g => g.textContent.includes(
            'layer1.weight')) === !want"""
    # (on the cluster's label: a click in its middle could land on a node inside it)
    tiny.wait_for_selector(".agl-main svg g.cluster:has(> title:text-is('cluster_layer1')) "
                           "text").click()
    page.wait_for_function(has_box, arg=[tiny.query_selector(".agl-main"), True])
    assert not any("layer1.weight" in t for t in node_texts(tiny, ".agl-main"))
    page.screenshot(path=str(screenshot_dir / "07_collapsed_module.png"))
    tiny.wait_for_selector(".agl-main svg g.node:has(title:text-is('M.layer1'))").click()
    page.wait_for_function(has_box, arg=[tiny.query_selector(".agl-main"), False])
    assert any(t.startswith("layer1.weight") for t in node_texts(tiny, ".agl-main"))

    # one backward() typed in a cell: both open panels on `out` show x.grad
    # (JupyterLab may draw an output again when it scrolls back into view: query afresh)
    run_code_in_new_cell(page, "out.backward()")
    start = time.monotonic()
    for k in (0, 1):
        while True:
            panel = page.query_selector_all(".agl-lab")[k]
            if any(t.startswith("x ") and "grad: [4.5, 4.5]" in t
                   for t in node_texts(panel, ".agl-main")):
                break
            assert time.monotonic() - start < 5, (k, panel.eval_on_selector(".agl-main", "e => JSON.stringify(e.dataset) + e.innerHTML.slice(0, 600)"), page.console_log[-10:])
            time.sleep(0.02)
    assert time.monotonic() - start < 1.0
    panels = page.query_selector_all(".agl-lab")
    assert "单步反向" in panels[1].inner_text()     # the Chinese panel
    panels[0].scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "08_two_panels_live.png"))
