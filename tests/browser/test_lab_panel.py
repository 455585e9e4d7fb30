"""The Lab panel in a real JupyterLab, in headless Chromium: run a notebook, click Forward,
Step backward until done, Backward again (an error), zero_grad and detach, then change a
tensor from another cell; check the SVG on the page after each click."""
import re
import time

import nbformat
import pytest

import autograd_lab as al
from autograd_lab.widgets import Lab
from lab_server import KERNELSPEC, cell_errors, open_notebook, run_all, run_code_in_new_cell

SETUP = '''\
import autograd_lab as torch
from autograd_lab.widgets import Lab

X   = torch.tensor([4., 4., 3., 0.])
W_1 = torch.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]], requires_grad=True)
W_2 = torch.tensor([1., 4.], requires_grad=True)

def forward(X, W_1, W_2):
    Z = X.matmul(W_1.T)
    Y = Z.matmul(W_2)
    return Y
'''
PANEL = 'lab = Lab(forward, args=(X, W_1, W_2), lang="en")\nlab'

# what the page shows of each node: its id (the SVG <title>), its text and its colours
# (as #rrggbb: an animated transition leaves colours written as rgb(r, g, b))
NODES_JS = """() => [...document.querySelectorAll('.agl-main .agl-graph svg g.node')].map(g => {
    const shape = g.querySelector('path, polygon, ellipse');
    const hex = (c) => {
        const m = /rgb\\((\\d+),\\s*(\\d+),\\s*(\\d+)\\)/.exec(c || '');
        return m ? '#' + m.slice(1).map(v => Number(v).toString(16).padStart(2, '0')).join('')
                 : c;
    };
    return {id: g.querySelector('title').textContent,
            text: [...g.querySelectorAll('text')].map(t => t.textContent.trim())
                  .filter(t => t).join(' '),
            fill: shape ? hex(shape.getAttribute('fill')) : null,
            stroke: shape ? hex(shape.getAttribute('stroke')) : null};
})"""
EDGES_JS = """() => [...document.querySelectorAll('.agl-main .agl-graph svg g.edge')].map(g => ({
    id: g.querySelector('title').textContent,
    text: [...g.querySelectorAll('text')].map(t => t.textContent.trim()).join(' ')}))"""


def expected_steps():
    """The nodes the engine runs, in order, for this graph (same code, run here)."""
    X = al.tensor([4., 4., 3., 0.])
    W_1 = al.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]], requires_grad=True)
    W_2 = al.tensor([1., 4.], requires_grad=True)
    lab = Lab(X.matmul(W_1.T).matmul(W_2))
    names = []
    while True:
        lab.step_backward()
        if not lab.stepping:
            break
        names.append(lab.graph.functions[lab.executing].name)
    lab.close()
    return names


class Panel:
    def __init__(self, page):
        self.page = page

    def nodes(self):
        return self.page.evaluate(NODES_JS)

    def node(self, pattern):
        found = [n for n in self.nodes() if re.match(pattern, n["text"])]
        assert len(found) == 1, (pattern, [n["text"] for n in self.nodes()])
        return found[0]

    def renders(self):
        return int(self.page.get_attribute(".agl-main", "data-render-count") or 0)

    def click(self, label, reveal=False):
        """Click a button and wait until the graph has been drawn again."""
        before = self.renders()
        self.page.get_by_role("button", name=label, exact=True).click()
        self.wait_render(before, reveal)

    def wait_render(self, before, reveal=False):
        self.page.wait_for_function(
            """([before, reveal]) => {
                const el = document.querySelector('.agl-main');
                return Number(el.dataset.renderCount) > before &&
                       (!reveal || el.dataset.revealDone === '1');
            }""", arg=[before, reveal])

    def status(self):
        return self.page.inner_text(".agl-status")

    def executing(self):
        return [n for n in self.nodes() if n["fill"] == "#ffcdd2"]


@pytest.fixture
def panel(page, jupyter_server, lab_root):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP),
                                         nbformat.v4.new_code_cell(PANEL)],
                                  metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, lab_root / "panel.ipynb")
    open_notebook(page, jupyter_server, "panel.ipynb")
    run_all(page)
    try:
        page.wait_for_selector(".agl-main .agl-graph svg g.node", timeout=30_000)
    except Exception:
        state = page.evaluate("""() => [...document.querySelectorAll('.agl-graph-view')]
            .map(e => [e.className, JSON.stringify(e.dataset), e.innerHTML.slice(0, 500)])""")
        outputs = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-OutputArea-output')].map(e => e.innerText.slice(0, 300))""")
        raise AssertionError(f"no graph on the page\nviews: {state}\noutputs: {outputs}\n"
                             "console:\n" + "\n".join(page.console_log))
    return Panel(page)


def test_lab_panel_forward_step_zero_grad_detach_live(panel, page, screenshot_dir):
    shot = lambda name: page.screenshot(path=str(screenshot_dir / f"{name}.png"))  # noqa
    assert cell_errors(page) == []
    # before Forward: only the leaves the forward function receives
    texts = sorted(n["text"].split(" ")[0] for n in panel.nodes())
    assert texts == ["W_1", "W_2", "X"], texts

    # Forward: the graph appears node by node, in the order it was built, each new node
    # glowing for a moment (its outline, computed style: widget.css .agl-just-made)
    before = panel.renders()
    page.get_by_role("button", name="Forward", exact=True).click()
    glow = page.wait_for_function("""() => {
        const shape = document.querySelector('.agl-main g.node.agl-just-made .agl-shape');
        if (!shape) return null;
        const s = getComputedStyle(shape);
        return [s.stroke, s.strokeWidth];
    }""", polling=20).json_value()
    assert glow == ["rgb(255, 179, 0)", "4px"], glow
    panel.wait_render(before, reveal=True)
    texts = " ".join(n["text"] for n in panel.nodes())
    for name in ("Z", "Y", "MmBackward0", "SqueezeBackward4", "DotBackward0",
                 "PermuteBackward0", "AccumulateGrad"):
        assert name in texts
    assert panel.node(r"^Y ")["text"].endswith("126")
    assert panel.status() == "Forward pass built 4 backward nodes."
    shot("01_forward")

    # Step backward until done: one highlighted node per click, in the engine's order
    expected = expected_steps()
    seen = []
    for k in range(len(expected) + 1):
        panel.click("Step backward")
        executing = panel.executing()
        if k == len(expected):
            assert executing == [] and "Backward finished after 6 steps" in panel.status()
            break
        assert len(executing) == 1, executing
        seen.append(executing[0]["text"].split(" ")[0])
        assert executing[0]["stroke"] == "#c62828"
        if k == 1:
            # W_2's AccumulateGrad ran: its .grad appears, the chain rule is in the inspector
            assert "grad: [34, 23]" in panel.node(r"^W_2 ")["text"]
            assert "grad: None" in panel.node(r"^W_1 ")["text"]
            chain = page.inner_text(".agl-chain")
            assert "AccumulateGrad" in chain and "W_2.grad" in chain
            shot("02_step_backward")
    assert seen == expected
    w1 = panel.node(r"^W_1 ")["text"]
    assert "grad: [4, 4, 3, 0] [16, 16, 12, 0]" in w1, w1
    shot("03_backward_done")

    # Backward again without retain_graph: torch's error, explained, in the panel
    page.get_by_role("button", name="Backward", exact=True).click()
    page.wait_for_selector(".agl-error")
    error = page.inner_text(".agl-error")
    assert "Trying to backward through the graph a second time" in error
    assert "retain_graph" in error
    shot("04_error")

    # zero_grad (set to None): the leaves' .grad is gone from the picture
    panel.click("zero_grad")
    # the drawing that the Backward click above asked for may be the one that ended first
    page.wait_for_function("""() => [...document.querySelectorAll('.agl-main svg g.node')]
        .filter(g => /grad: None/.test(g.textContent)).length >= 2""", timeout=10_000)
    assert "grad: None" in panel.node(r"^W_1 ")["text"]
    assert "grad: None" in panel.node(r"^W_2 ")["text"]
    assert page.query_selector(".agl-error") is None

    # detach: click Z in the graph to select it, then detach it; the cut is drawn
    z = panel.node(r"^Z ")
    page.click(f".agl-main .agl-graph svg g.node:has(title:text-is('{z['id']}'))")
    page.wait_for_function("() => document.querySelector('.agl-inspector').innerText"
                           ".includes('SqueezeBackward4')")
    panel.click("detach")
    assert panel.node(r"^Z ")["fill"] == "#fff8e1"            # detached
    cut = [e for e in page.evaluate(EDGES_JS) if "detach" in e["text"]]
    assert len(cut) == 1 and cut[0]["id"].endswith("->" + panel.node(r"^Z ")["id"])
    assert panel.status().startswith("Z detached")
    shot("05_detach")

    # live: a change typed in another cell shows in the open panel within a second
    before = panel.renders()
    run_code_in_new_cell(page, "W_1.requires_grad_(False)")
    start = time.monotonic()
    panel.wait_render(before)
    while panel.node(r"^W_1 ")["fill"] != "#eceff1":         # now a frozen leaf
        assert time.monotonic() - start < 5, panel.node(r"^W_1 ")
        time.sleep(0.02)
    assert time.monotonic() - start < 1.0
    shot("06_live_update")
    assert cell_errors(page) == []
