"""Every lesson, opened in a real JupyterLab in headless Chromium: run all cells, then check
that every cell ran, that only the cells tagged ``raises-exception`` show an error, and that
every Lab panel drew its graph.

The notebooks are copied into the server's root first, so nothing is written back to
``notebooks/`` (JupyterLab autosaves what it runs).
"""
import shutil
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lab_server import wait_for_kernel

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LESSONS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

# One entry per cell, read from the notebook model JupyterLab holds (the app is exposed to
# the page by --expose-app-in-browser): its type, tags, execution count and output types.
CELLS_JS = """() => {
    const nb = window.jupyterapp.shell.currentWidget.content;
    return nb.widgets.map(cell => {
        const m = cell.model;
        const outputs = m.type === 'code' ? m.outputs.toJSON() : [];
        return {type: m.type,
                tags: m.getMetadata('tags') || [],
                count: m.type === 'code' ? m.executionCount : null,
                errors: outputs.filter(o => o.output_type === 'error')
                               .map(o => o.ename + ': ' + o.evalue)};
    });
}"""

# Nodes drawn by each Lab panel's graph (its main view, not the legend), panel by panel.
PANELS_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .agl-lab')]
    .map(lab => lab.querySelectorAll('.agl-main .agl-graph svg g.node').length)"""


def lab_cells(nb):
    """Indices of the cells whose stored output is a Lab panel."""
    return [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and any(
        str(out.get("data", {}).get("text/plain", "")).startswith("Lab(")
        for out in cell.outputs)]


@pytest.fixture(scope="module")
def lessons_dir(lab_root):
    target = Path(lab_root) / "lessons"
    target.mkdir(exist_ok=True)
    for path in NOTEBOOKS.iterdir():
        if path.suffix in (".ipynb", ".py"):
            shutil.copy(path, target / path.name)
    return target


def open_lesson(page, server, lesson, timeout_ms=60_000):
    """Open ``lessons/<lesson>`` in a workspace of its own (``?reset``: no tabs restored from
    an earlier test) and wait for its kernel."""
    workspace = Path(lesson).stem
    page.goto(f"{server.base}lab/workspaces/{workspace}/tree/lessons/{lesson}"
              f"?reset&token={server.token}")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook",
                           timeout=timeout_ms)
    wait_for_kernel(page, timeout_ms)


# The run is over when the last code cell has its count, or when a cell not tagged
# raises-exception has failed (the cells after it are then aborted), and the kernel is idle.
RUN_OVER_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session.kernel;
    const code = panel.content.widgets.map(c => c.model).filter(m => m.type === 'code');
    const failed = code.some(m => !(m.getMetadata('tags') || []).includes('raises-exception')
        && m.outputs.toJSON().some(o => o.output_type === 'error'));
    const done = code[code.length - 1].executionCount !== null;
    return (done || failed) && kernel.status === 'idle';
}"""


def run_all_cells(page, timeout_ms):
    """Clear the stored outputs, Run > Run All Cells, and wait until the run is over."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(RUN_OVER_JS, timeout=timeout_ms, polling=500)


def wait_for_panels(page, expected, timeout_ms=60_000):
    """Nodes drawn by each panel, once there are ``expected`` panels and each has drawn its
    graph (the layout runs in the browser: Graphviz in WebAssembly), or when time is up."""
    try:
        page.wait_for_function(
            f"() => {{ const n = ({PANELS_JS})(); return n.length === {expected} && "
            "n.every(k => k > 0); }", timeout=timeout_ms)
    except PlaywrightTimeout:    # report what is there rather than a bare timeout
        pass
    return page.evaluate(PANELS_JS)


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_in_jupyterlab(lesson, lessons_dir, jupyter_server, page, screenshot_dir):
    nb = nbformat.read(NOTEBOOKS / lesson, as_version=4)
    open_lesson(page, jupyter_server, lesson)
    try:
        run_all_cells(page, timeout_ms=180_000)
        cells = page.evaluate(CELLS_JS)
        nodes = wait_for_panels(page, len(lab_cells(nb)))
        page.screenshot(path=str(screenshot_dir / f"{Path(lesson).stem}.png"))
    finally:    # one kernel at a time: the machine is small
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")

    assert len(cells) == len(nb.cells)
    unexpected = {i: c["errors"] for i, c in enumerate(cells)
                  if c["errors"] and "raises-exception" not in c["tags"]}
    assert not unexpected, f"errors in cells not tagged raises-exception: {unexpected}"
    not_run = [i for i, c in enumerate(cells) if c["type"] == "code" and c["count"] is None]
    assert not not_run, f"cells that did not run (an earlier cell failed?): {not_run}"
    silent = [i for i, c in enumerate(cells) if "raises-exception" in c["tags"] and not c["errors"]]
    assert not silent, f"cells tagged raises-exception that raised nothing: {silent}"

    expected_panels = len(lab_cells(nb))
    assert len(nodes) == expected_panels, f"{len(nodes)} panels on the page, {expected_panels} expected"
    assert all(n > 0 for n in nodes), f"graph nodes drawn by each panel: {nodes}"
