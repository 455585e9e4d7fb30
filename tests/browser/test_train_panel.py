"""Training you can watch, in a real JupyterLab (issue 10, item 6): click *Train* with a
number of steps, see the loss curve and the sparklines draw, the progress bar fill and the
graph's loss become the new one; start a long run and stop it from the page, which only
works if the kernel keeps answering while it trains."""
import re

import nbformat

from autograd_lab.widgets.charts import MAX_POINTS

from lab_server import KERNELSPEC, cell_errors, open_notebook, run_all, run_code_in_new_cell

SETUP = '''\
import autograd_lab as torch
from autograd_lab.widgets import Lab

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
X, Y = torch.randn(16, 3), torch.randn(16, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.2)

def forward():
    loss = ((model(X) - Y) ** 2).mean()
    return loss
'''
PANEL = 'lab = Lab(forward, model=model, optimizer=optimizer, lang="en")\nlab'

HAND_LOOP = """\
for step in range(10):
    optimizer.zero_grad()
    loss = ((model(X) - Y) ** 2).mean()
    loss.backward()
    optimizer.step()
    lab.track(loss)
print(len(lab.loss_curve))"""
CURVE_POINTS = """() => {
    const p = document.querySelector('.agl-curve svg.agl-loss-curve polyline');
    return p ? p.getAttribute('points').trim().split(/\\s+/).length : 0;
}"""
LOSS_NODE = """() => [...document.querySelectorAll('.agl-main .agl-graph svg g.node')]
    .map(g => [...g.querySelectorAll('text')].map(t => t.textContent.trim()).join(' '))
    .filter(t => /^loss /.test(t))"""


def last_output(page):
    return page.eval_on_selector_all(
        ".jp-CodeCell .jp-OutputArea-output", "els => els.map(e => e.innerText)")[-1].strip()


def test_train_n_steps_draws_the_curve_and_can_be_stopped(page, jupyter_server, lab_root,
                                                          screenshot_dir):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP),
                                         nbformat.v4.new_code_cell(PANEL)],
                                  metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, lab_root / "train.ipynb")
    open_notebook(page, jupyter_server, "train.ipynb")
    run_all(page)
    page.wait_for_selector(".agl-main .agl-graph svg g.node", timeout=30_000)
    assert cell_errors(page) == []
    assert page.is_hidden(".agl-curve")                     # no step yet: no curve

    steps = page.locator(".agl-train input[type=number]")
    steps.fill("25")
    steps.press("Tab")                                      # IntText syncs on change
    page.get_by_role("button", name="Train", exact=True).click()
    page.wait_for_function(
        "() => /^Trained 25 steps/.test(document.querySelector('.agl-status').innerText)",
        timeout=60_000)
    page.wait_for_function(f"() => ({CURVE_POINTS})() === 25", timeout=10_000)
    assert len(page.query_selector_all(".agl-norms svg.agl-sparkline")) == 4
    norms_text = page.inner_text(".agl-norms")
    for name in ("0.weight", "0.bias", "2.weight", "2.bias"):
        assert name in norms_text
    assert page.inner_text(".agl-train").replace("\n", " ").strip().endswith("25 / 25")
    status = page.inner_text(".agl-status")
    first, last, drawn = re.match(r"Trained 25 steps: the loss went from (\S+) to (\S+); "
                                  r"after the last step it is (\S+) \(drawn", status).groups()
    assert float(drawn) < float(last) < float(first)
    assert f"last: {last}" in page.text_content(".agl-curve svg")
    # the loss drawn on the graph is the one after the 25th step, as the kernel computes it
    page.wait_for_function(f"() => ({LOSS_NODE})().length === 1")
    run_code_in_new_cell(page, "from autograd_lab.viz.values import fmt\n"
                               "print(fmt(forward().item()), len(lab.loss_curve))")
    now, count = last_output(page).split()
    assert count == "25" and now == drawn
    page.wait_for_function(f"(v) => ({LOSS_NODE})()[0].endsWith(' ' + v)", arg=now)
    page.locator(".agl-lab").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "train_01_curve.png"))

    # a long run: the button turns into Stop, and a click on it is heard mid-run
    steps.fill("100000")
    steps.press("Tab")
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_role("button", name="Stop", exact=True).wait_for(timeout=10_000)
    page.wait_for_function(f"() => ({CURVE_POINTS})() > 60", timeout=60_000)
    page.get_by_role("button", name="Stop", exact=True).click()
    page.wait_for_function(
        "() => /^Stopped after \\d+ of 100000 steps/.test("
        "document.querySelector('.agl-status').innerText)", timeout=30_000)
    page.get_by_role("button", name="Train", exact=True).wait_for(timeout=10_000)
    k = int(re.match(r"Stopped after (\d+)", page.inner_text(".agl-status")).group(1))
    assert 25 < k + 25 < 100_025 and k < 100_000
    run_code_in_new_cell(page, "print(len(lab.loss_curve))")
    assert last_output(page) == str(25 + k)
    page.locator(".agl-lab").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "train_02_stopped.png"))

    # a loop written by hand in a cell: lab.track(loss) adds its points, the last one
    # included once the cell is over
    run_code_in_new_cell(page, HAND_LOOP)
    page.wait_for_function(f"(n) => ({CURVE_POINTS})() === n",
                           arg=min(25 + k + 10, MAX_POINTS))      # long curves are sampled
    assert last_output(page) == str(25 + k + 10)
    assert cell_errors(page) == []
    errors = [m for m in page.console_log if m.startswith("pageerror")]
    assert errors == [], errors
