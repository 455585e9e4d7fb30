"""The Lab's chain-rule views in a real JupyterLab: Step forward builds the graph one
operation per click, Backward writes the gradient each non-leaf saw on its node, clicking a
leaf highlights its paths and lists their products, a value typed into the inspector runs
the forward again, and the finite-difference check sits beside .grad."""
import nbformat
import pytest

from lab_server import KERNELSPEC, cell_errors, open_notebook, run_all
from test_lab_panel import EDGES_JS, Panel

SETUP = '''\
import autograd_lab as torch
from autograd_lab.widgets import Lab

a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)

def forward(a, b):
    c = a * b
    d = a * a
    f = c + d
    return f
'''
PANEL = 'lab = Lab(forward, args=(a, b), lang="en")\nlab'

EDGE_STROKES_JS = """() => [...document.querySelectorAll('.agl-main .agl-graph svg g.edge path')]
    .map(p => p.getAttribute('stroke'))"""


@pytest.fixture
def chain(page, jupyter_server, lab_root):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP),
                                         nbformat.v4.new_code_cell(PANEL)],
                                  metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, lab_root / "chain.ipynb")
    open_notebook(page, jupyter_server, "chain.ipynb")
    run_all(page)
    page.wait_for_selector(".agl-main .agl-graph svg g.node", timeout=30_000)
    return Panel(page)


def pane(page):
    return page.inner_text(".agl-chain-pane")


def test_step_forward_gradients_paths_and_edited_values(chain, page, screenshot_dir):
    shot = lambda name: page.locator(".agl-lab").screenshot(  # noqa: E731  (the whole panel)
        path=str(screenshot_dir / f"{name}.png"))
    assert cell_errors(page) == []
    page.set_viewport_size({"width": 1400, "height": 1700})    # the whole panel in a shot

    # Step forward: one operation per click, with its formula, numbers and result
    counts = []
    for k in (1, 2, 3):
        chain.click("Step forward")
        page.wait_for_function(
            "k => document.querySelector('.agl-chain-pane').innerText"
            ".includes(`Forward step ${k} of 3`)", arg=k)
        counts.append(len(chain.nodes()))
        if k == 1:
            text = pane(page)
            assert "c = a * b = 2 * 3" in text and "result: 6" in text, text
            assert not any(n["text"].startswith("f ") for n in chain.nodes())
            shot("chain_step_forward")
    assert counts[0] < counts[1] < counts[2]
    assert "f = c + d = 6 + 4" in pane(page) and "result: 10" in pane(page)

    # Backward: every non-leaf shows the gradient it saw, marked as not kept in .grad
    chain.click("Backward")
    for name, grad in (("c", "1"), ("d", "1"), ("f", "1")):
        assert f"grad seen in backward: {grad}" in chain.node(rf"^{name} ")["text"]
    assert "grad: 7" in chain.node(r"^a ")["text"]
    shot("chain_node_grads")

    # click the leaf a: its three paths are drawn in teal and listed with their products
    before = chain.renders()
    a_id = chain.node(r"^a ")["id"]
    page.click(f".agl-main .agl-graph svg g.node:has(title:text-is('{a_id}'))")
    chain.wait_render(before)
    page.wait_for_function("() => document.querySelector('.agl-chain-pane').innerText"
                           ".includes('Paths from a to f')")
    text = pane(page)
    assert "a → AccumulateGrad → MulBackward0 → c → AddBackward0 → f" in text, text
    assert "∂f/∂c · ∂c/∂a = 1 × 3 = 3" in text, text
    assert "∂f/∂d · ∂d/∂a (input 0) = 1 × 2 = 2" in text
    assert "∂f/∂d · ∂d/∂a (input 1) = 1 × 2 = 2" in text
    assert "sum over the 3 paths\t7" in text and "largest difference\t0" in text, text
    teal = [s for s in page.evaluate(EDGE_STROKES_JS)      # (as rgb() after a transition)
            if s in ("#00897b", "rgb(0, 137, 123)")]
    assert len(teal) >= 6, page.evaluate(EDGE_STROKES_JS)
    shot("chain_paths")

    # type a new value for a: the forward runs again and f follows (1.5 * 3 + 1.5²)
    box = page.locator(".agl-value-editor input").first
    before = chain.renders()
    box.fill("1.5")
    box.press("Enter")
    chain.wait_render(before)
    page.wait_for_function("() => document.querySelector('.agl-status').innerText"
                           ".includes('forward ran again')")
    assert chain.node(r"^f ")["text"].split(" ")[-1] == "6.75"
    shot("chain_edit_value")

    # new gradients, then finite differences beside .grad
    chain.click("zero_grad")
    chain.click("Backward")
    assert "grad: 6" in chain.node(r"^a ")["text"]
    page.get_by_role("button", name="Check with finite differences").click()   # no redraw
    page.wait_for_function("() => document.querySelector('.agl-chain-pane').innerText"
                           ".includes('Finite differences')")
    text = pane(page)
    assert "estimate\t6" in text and "a.grad\t6" in text, text
    diff = float(text.split("largest difference\t")[-1].split("\n")[0])
    assert diff < 1e-5
    shot("chain_finite_differences")
    assert cell_errors(page) == []
    assert not [e for e in page.evaluate(EDGES_JS) if "undefined" in e["text"]]
