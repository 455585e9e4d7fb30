"""Benchmarks of the visualizer, against the issue's targets.

1. ``trace`` + DOT for resnet18's full forward graph: under 100 ms.
2. One step of the Lab panel (one backward node) updates the page: under 200 ms, measured in
   headless Chromium from the click to the moment the new SVG is in the page (Python's
   share, the engine step + trace + DOT + inspector, is also timed on its own).
3. What an engine notification costs when no panel is open.
4. The classroom targets, in JupyterLab + headless Chromium: Step backward on lesson 4's
   TinyModel panel under 150 ms median from click to new SVG; on a 10,000-node graph (a
   chain of 10,000 ops) every button answers (a new drawing or a message) within 2 s; the
   Forward replay linear in the node count (its longest frame, and its length, on
   resnet18's panel and on a 1,400-node chain).

Run ``python bench/bench_viz.py`` (``--no-browser`` skips part 2's browser timing). Results
are printed as a table; bench/RESULTS.md keeps the numbers measured on the project's machine.
"""
import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "browser"))

import autograd_lab as torch  # noqa: E402
from autograd_lab import _observe, models  # noqa: E402
from autograd_lab.viz import record_modules, to_dot, trace  # noqa: E402
from autograd_lab.viz import values as _values  # noqa: E402
from autograd_lab.widgets import Lab  # noqa: E402


def timed(fn, repeat):
    fn()                                   # warm up (imports, caches)
    out = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def row(name, ms, target=None):
    med = statistics.median(ms)
    p90 = sorted(ms)[min(len(ms) - 1, int(round(0.9 * (len(ms) - 1))))]
    verdict = "" if target is None else ("  ok" if med < target else "  OVER TARGET")
    print(f"{name:62s} median {med:7.1f} ms  p90 {p90:7.1f}  min {min(ms):7.1f}  "
          f"max {max(ms):7.1f}" + (f"  (target < {target} ms){verdict}" if target else ""))
    return med


def resnet18_loss(size=224):
    torch.manual_seed(0)
    model = models.resnet18()
    x = torch.rand(1, 3, size, size)
    with record_modules(model):
        loss = model(x).sum()
    return model, x, loss


def bench_resnet18_trace(repeat):
    print("\n== trace + DOT, resnet18's full forward graph (1x3x224x224)")
    model, x, loss = resnet18_loss()
    spaces = [{"model": model, "x": x, "loss": loss}]
    g = trace(loss, namespaces=spaces)
    n_nodes = len(g.tensors) + len(g.functions)
    print(f"   {len(g.functions)} backward/AccumulateGrad nodes, {len(g.tensors)} tensors, "
          f"{len(g.edges)} edges, {sum(p.numel() for p in model.parameters()):,} parameter "
          "values summarized")
    results = {}
    results["walk only (values=False)"] = row(
        "walk only (trace, values=False)",
        timed(lambda: trace(loss, namespaces=spaces, values=False), repeat))

    def cold(collapsed):
        _values._cache.clear()              # summarize every weight again: a first trace
        return to_dot(trace(loss, namespaces=spaces), collapsed=collapsed).source
    results["trace + DOT, all modules expanded, cold"] = row(
        "trace + DOT, all modules expanded (first trace)",
        timed(lambda: cold(set()), repeat), 100)
    results["trace + DOT, default view, cold"] = row(
        "trace + DOT, default view, blocks collapsed (first trace)",
        timed(lambda: cold(None), repeat), 100)
    results["trace + DOT, all modules expanded, again"] = row(
        "trace + DOT, all expanded, again (weights' summaries kept)",
        timed(lambda: to_dot(trace(loss, namespaces=spaces), collapsed=set()).source, repeat),
        100)
    loss.backward()
    results["after backward"] = row(
        "trace + DOT, all expanded, after backward (+ 62 .grad, first)",
        timed(lambda: cold(set()), repeat), 100)
    return n_nodes, results


def seed001():
    X = torch.tensor([4., 4., 3., 0.])
    W_1 = torch.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]], requires_grad=True)
    W_2 = torch.tensor([1., 4.], requires_grad=True)
    Z = X.matmul(W_1.T)
    return X.matmul(W_1.T).matmul(W_2), Z


def step_times(make_lab):
    """Python's share of each Step backward click: engine step, trace, DOT, inspector."""
    lab = make_lab()
    out = []
    while True:
        t = time.perf_counter()
        lab.step_backward()
        out.append((time.perf_counter() - t) * 1000)
        if not lab.stepping:
            break
    assert lab.error == "", lab.error
    lab.close()
    return out


def bench_lab_step_python():
    print("\n== one Step backward of the Lab, Python side (engine step + trace + DOT + "
          "inspector)")
    results = {}
    results["seed 001"] = row("seed 001 (X, W_1, W_2 -> Y)",
                              step_times(lambda: Lab(seed001()[0])), 200)

    def resnet_lab():
        model, x, loss = resnet18_loss(64)
        return Lab(loss, model=model)
    results["resnet18"] = row("resnet18 (blocks collapsed), every node of backward",
                              step_times(resnet_lab), 200)
    return results


PANEL_NB = '''\
import autograd_lab as torch
from autograd_lab import models
from autograd_lab.viz import record_modules
from autograd_lab.widgets import Lab

X   = torch.tensor([4., 4., 3., 0.])
W_1 = torch.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]], requires_grad=True)
W_2 = torch.tensor([1., 4.], requires_grad=True)
Z = X.matmul(W_1.T)
Y = Z.matmul(W_2)
'''
RESNET_NB = '''\
torch.manual_seed(0)
model = models.resnet18()
data = torch.rand(1, 3, 64, 64)
with record_modules(model):
    loss = model(data).sum()
'''

CLICK_JS = """([panel, label]) => {
    const lab = document.querySelectorAll('.agl-lab')[panel];
    const view = lab.querySelector('.agl-main');
    const button = [...lab.querySelectorAll('button')].find(b => b.textContent === label);
    window.__aglBefore = Number(view.dataset.renderCount);
    window.__aglClick = performance.now();
    button.click();
    return window.__aglBefore;
}"""
DONE_JS = """([panel, before]) => {
    const view = document.querySelectorAll('.agl-lab')[panel].querySelector('.agl-main');
    return Number(view.dataset.renderCount) > before;
}"""
READ_JS = """([panel]) => {
    const view = document.querySelectorAll('.agl-lab')[panel].querySelector('.agl-main');
    return [Number(view.dataset.updatedAt) - window.__aglClick,
            Number(view.dataset.renderedAt) - window.__aglClick,
            document.querySelectorAll('.agl-lab')[panel].querySelector('.agl-status')
                .textContent];
}"""


def bench_lab_step_browser():
    import nbformat
    import tempfile
    from lab_server import (KERNELSPEC, chromium, chromium_available, jupyterlab,
                            open_notebook, run_all)
    from playwright.sync_api import sync_playwright
    if not chromium_available():
        print("\n(no chromium: browser timing skipped)")
        return {}
    print("\n== one Step backward of the Lab, in JupyterLab + headless Chromium "
          "(click -> new SVG in the page; -> end of its 300 ms animation)")
    root = Path(tempfile.mkdtemp(prefix="agl-bench-"))
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(PANEL_NB),
               nbformat.v4.new_code_cell('Lab(Y, lang="en")'),
               nbformat.v4.new_code_cell(RESNET_NB),
               nbformat.v4.new_code_cell('Lab(loss, model=model, lang="en")')],
        metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, root / "bench.ipynb")
    results = {}
    with jupyterlab(root) as server, sync_playwright() as p, chromium(p) as context:
        page = context.new_page()
        page.set_default_timeout(60_000)
        open_notebook(page, server, "bench.ipynb")
        run_all(page, timeout=300_000)
        page.wait_for_function("() => [...document.querySelectorAll('.agl-main')]"
                               ".filter(v => Number(v.dataset.renderCount) > 0).length == 2")
        for panel, name in ((0, "seed 001"), (1, "resnet18 (blocks collapsed)")):
            # JupyterLab skips drawing cells out of view: bring the panel into view
            page.evaluate("(k) => document.querySelectorAll('.agl-lab')[k].scrollIntoView()",
                          panel)
            page.wait_for_timeout(500)
            updated, animated = [], []
            for _ in range(400):
                before = page.evaluate(CLICK_JS, [panel, "Step backward"])
                page.wait_for_function(DONE_JS, arg=[panel, before])
                u, r, status = page.evaluate(READ_JS, [panel])
                updated.append(u)
                animated.append(r)
                if "finished" in status:
                    break
            results[name] = row(f"{name}: click -> page updated ({len(updated)} steps)",
                                updated, 200)
            row(f"{name}: click -> animation finished", animated)
    return results


LESSON4_NB = '''\
torch.manual_seed(0)

class TinyModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = torch.nn.Linear(1000, 100)
        self.relu = torch.nn.ReLU()
        self.layer2 = torch.nn.Linear(100, 10)

    def forward(self, x):
        return self.layer2(self.relu(self.layer1(x)))

tiny = TinyModel()
some_input = torch.randn(16, 1000)
ideal_output = torch.randn(16, 10)
tiny_loss = (ideal_output - tiny(some_input)).pow(2).sum()
'''
CHAIN_NB = '''\
def chain(n):
    def forward(x):
        y = x
        for _ in range(n):
            y = y * 1.0001
        return y
    return forward

start = torch.tensor(1.0, requires_grad=True)
'''

# Where the time of the last click went: kernel round trip, layout, drawing.
PARTS_JS = """([panel]) => {
    const d = document.querySelectorAll('.agl-lab')[panel].querySelector('.agl-main').dataset;
    return [Number(d.dotAt) - window.__aglClick, Number(d.layoutEndAt) - Number(d.dotAt),
            Number(d.updatedAt) - Number(d.layoutEndAt)];
}"""

# Installed before a click: the first moment panel k's page changes (a new drawing, or new
# words in its status or error line), whatever the button does.
WATCH_JS = """([panel, label]) => {
    const lab = document.querySelectorAll('.agl-lab')[panel];
    const view = lab.querySelector('.agl-main');
    const words = () => [...lab.querySelectorAll('.agl-status, .agl-error, .agl-graph-message')]
        .map(e => e.textContent).join('|');
    const before = [view.dataset.renderCount, words()];
    window.__aglAnswer = null;
    const observer = new MutationObserver(() => {
        if (window.__aglAnswer === null &&
            (view.dataset.renderCount !== before[0] || words() !== before[1])) {
            window.__aglAnswer = performance.now() - window.__aglClick;
            observer.disconnect();
        }
    });
    observer.observe(lab, {subtree: true, childList: true, characterData: true,
                           attributes: true, attributeFilter: ['data-render-count']});
    const button = [...lab.querySelectorAll('button')].find(b => b.textContent === label);
    window.__aglClick = performance.now();
    button.click();
}"""

# The longest gap between two frames while panel k replays its forward pass, and how long
# the replay lasts (click -> data-reveal-done).
REPLAY_JS = """async (panel) => {
    const lab = document.querySelectorAll('.agl-lab')[panel];
    const view = lab.querySelector('.agl-main');
    const button = [...lab.querySelectorAll('button')].find(b => b.textContent === 'Forward');
    const before = Number(view.dataset.renderCount);
    const click = performance.now();
    button.click();
    let last = performance.now(), longest = 0;
    while (!(Number(view.dataset.renderCount) > before && view.dataset.revealDone === '1')) {
        await new Promise(r => requestAnimationFrame(r));
        const now = performance.now();
        if (Number(view.dataset.renderCount) > before) longest = Math.max(longest, now - last);
        last = now;
    }
    return [performance.now() - click, longest,
            view.querySelectorAll('svg g.node').length];
}"""


def _panel_notebook(root, cells):
    import nbformat
    from lab_server import KERNELSPEC
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells],
                                  metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, root / "classroom.ipynb")


def bench_classroom_browser(steps=40):
    import tempfile
    from lab_server import chromium, chromium_available, jupyterlab, open_notebook, run_all
    from playwright.sync_api import sync_playwright
    if not chromium_available():
        print("\n(no chromium: classroom timings skipped)")
        return {}
    print("\n== classroom targets, JupyterLab + headless Chromium")
    root = Path(tempfile.mkdtemp(prefix="agl-bench-"))
    _panel_notebook(root, [PANEL_NB, LESSON4_NB, 'Lab(tiny_loss, model=tiny, lang="en")',
                           CHAIN_NB, 'Lab(chain(10_000), args=(start,), lang="en")',
                           'Lab(chain(1_400), args=(start,), lang="en")', RESNET_NB,
                           'Lab(lambda: model(data).sum(), model=model, lang="en")'])
    results = {}
    with jupyterlab(root) as server, sync_playwright() as p, chromium(p) as context:
        page = context.new_page()
        page.set_default_timeout(120_000)
        open_notebook(page, server, "classroom.ipynb")
        run_all(page, timeout=600_000)

        def show(panel):
            page.evaluate("(k) => document.querySelectorAll('.agl-lab')[k].scrollIntoView()",
                          panel)
            page.wait_for_function("""(k) => {
                const view = document.querySelectorAll('.agl-lab')[k].querySelector('.agl-main');
                return view && Number(view.dataset.renderCount) > 0;
            }""", arg=panel, timeout=300_000)
            page.wait_for_timeout(800)

        def answer(panel, label):
            page.evaluate(WATCH_JS, [panel, label])
            page.wait_for_function("() => window.__aglAnswer !== null", timeout=120_000)
            answered = page.evaluate("() => window.__aglAnswer")
            page.wait_for_function("() => window.jupyterapp.shell.currentWidget"
                                   ".sessionContext.session.kernel.status === 'idle'")
            page.wait_for_timeout(300)
            return answered

        # lesson 4's TinyModel panel: Step backward, click -> new SVG
        show(0)
        times, parts = [], []
        for _ in range(steps):
            before = page.evaluate(CLICK_JS, [0, "Step backward"])
            page.wait_for_function(DONE_JS, arg=[0, before])
            u, _r, status = page.evaluate(READ_JS, [0])
            times.append(u)
            parts.append(page.evaluate(PARTS_JS, [0]))
            if "finished" in status:
                break
        results["tinymodel step"] = row(
            f"lesson 4 TinyModel: Step backward, click -> new SVG ({len(times)} steps)",
            times, 150)
        for k, name in enumerate(("  of which: click -> DOT in the browser (kernel)",
                                  "  of which: DOT -> layout done (measure + Graphviz)",
                                  "  of which: layout done -> SVG in the page (d3)")):
            row(name, [p[k] for p in parts])

        # a 10,000-node graph: every button answers within 2 s
        show(1)
        for label in ("Forward", "Step backward", "Step backward", "Backward", "zero_grad",
                      "detach", "Forward"):
            ms = answer(1, label)
            results[f"10k {label}"] = row(f"10,003-node chain: {label}, click -> answer",
                                          [ms], 2000)

        # the Forward replay: linear in the node count
        for panel, name in ((2, "1,400-node chain"), (3, "resnet18 (blocks collapsed)")):
            show(panel)
            total, longest, nodes = page.evaluate(REPLAY_JS, panel)
            print(f"   Forward replay, {name}: {nodes} nodes drawn, replay {total:.0f} ms, "
                  f"longest frame {longest:.1f} ms")
            results[f"replay {name}"] = (total, longest, nodes)
    return results


def bench_notify_overhead():
    print("\n== engine notifications with no panel open")
    x = torch.ones(3, requires_grad=True)
    assert not _observe._observers
    n = 200_000
    t = time.perf_counter()
    for _ in range(n):
        x._notify("grad")
    per_notify = (time.perf_counter() - t) / n * 1e9
    a, b = torch.ones(3, requires_grad=True), torch.ones(3)
    t = time.perf_counter()
    for _ in range(20_000):
        a * b
    per_op = (time.perf_counter() - t) / 20_000 * 1e9
    print(f"   one notification: {per_notify:.0f} ns; one small op (a * b): {per_op:.0f} ns "
          f"({100 * per_notify / per_op:.1f}% of an op, paid only by in-place updates and "
          ".grad changes)")
    return per_notify, per_op


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only-classroom", action="store_true",
                        help="only part 4 (the classroom targets, in the browser)")
    args = parser.parse_args()
    if args.only_classroom:
        bench_classroom_browser()
        return
    bench_resnet18_trace(args.repeat)
    bench_lab_step_python()
    if not args.no_browser:
        bench_lab_step_browser()
        bench_classroom_browser()
    bench_notify_overhead()


if __name__ == "__main__":
    main()
