"""``lab.save_html(path)`` (issue 10, item 7): the file opens in Debian's Chromium with no
Jupyter and no network, draws the same graph with the same renderer, switches between the
recorded states, shows the loss curve, logs no error, and runs no script smuggled in through
a name."""
import contextlib
import functools
import http.server
import re
import threading

import pytest

import autograd_lab as al
from autograd_lab.widgets import Lab
from autograd_lab.widgets.export import page_html
from test_lab_panel import SETUP as PANEL_SETUP

HOSTILE = "</script><script>window.__agl_pwned = 1</script>"
HOSTILE_IMG = "<img src=x onerror=\"window.__agl_pwned = 2\">"

SVG_NODES = """() => [...document.querySelectorAll('#agl-graph svg g.node')].map(g =>
    [...g.querySelectorAll('text')].map(t => t.textContent.trim()).filter(t => t).join(' '))"""


def moments_of(lab, actions):
    """The panel's recorded states after each action: ``lab.moments()`` where the panel keeps
    a timeline, else the same four fields read off the panel after each click."""
    seen = []
    for action in actions:
        action()
        seen.append({"label": lab.status, "dot": lab.view.dot,
                     "inspector_html": lab.inspector_html.value, "status": lab.status})
    if not callable(getattr(lab, "moments", None)):
        lab.moments = lambda: seen
    return lab.moments()


@contextlib.contextmanager
def serve(directory):
    """A static HTTP server on 127.0.0.1 for ``directory`` (stopped afterwards)."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def wait_drawn(page, count):
    page.wait_for_function(
        "(n) => Number(document.getElementById('agl-graph').dataset.renderCount || 0) >= n",
        arg=count, timeout=30_000)


def no_network(page):
    """Fail on any request that leaves the file (the page must be self-contained)."""
    asked = []
    page.on("request", lambda r: asked.append(r.url)
            if not r.url.startswith(("file:", "blob:", "data:", "http://127.0.0.1")) else None)
    return asked


@pytest.fixture
def lab_with_states():
    """The panel of test_lab_panel.py (X, W_1, W_2 -> Z -> Y), made here in Python."""
    space = {}
    exec(PANEL_SETUP + "lab = Lab(forward, args=(X, W_1, W_2))\n", space)
    lab = space["lab"]
    moments = moments_of(lab, [lab.forward, lab.backward, lab.zero_grad])
    yield lab, moments
    lab.close()


@pytest.mark.parametrize("how", ["file", "http"])
def test_saved_page_draws_the_graph_and_its_timeline(lab_with_states, tmp_path, page, how,
                                                     screenshot_dir):
    lab, moments = lab_with_states
    path = lab.save_html(tmp_path / "panel.html")
    asked = no_network(page)
    if how == "file":
        page.goto(path.as_uri())
        _check_page(page, moments, screenshot_dir)
    else:
        with serve(tmp_path) as base:
            page.goto(base + "panel.html")
            _check_page(page, moments, screenshot_dir=None)
    assert [u for u in asked if not u.startswith(("file:", "blob:", "data:"))
            and "127.0.0.1" not in u] == []
    errors = [m for m in page.console_log if m.startswith(("error", "pageerror"))]
    assert errors == [], errors


def _check_page(page, moments, screenshot_dir):
    wait_drawn(page, 1)
    # the state when saved (the last one): Y after zero_grad, grads cleared
    assert page.get_attribute("body", "data-moment") == str(len(moments) - 1)
    texts = page.evaluate(SVG_NODES)
    joined = " ".join(texts)
    for name in ("X", "W_1", "W_2", "Z", "Y", "MmBackward0", "DotBackward0", "AccumulateGrad"):
        assert name in joined, (name, texts)
    # Y = 126, then (since the chain-rule panel) the gradient its backward saw
    assert any(re.match(r"^Y .*\b126( grad seen in backward: 1)?$", t) for t in texts), texts
    assert page.inner_text("#agl-status") == moments[-1]["status"]
    assert page.inner_text("#agl-moment-label").startswith(f"{len(moments)} of {len(moments)}")
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / "export_01_saved_state.png"))

    # back to "after Backward": the graph is drawn again, W_1's grad on the page
    before = int(page.get_attribute("#agl-graph", "data-render-count"))
    page.click("#agl-back")
    wait_drawn(page, before + 1)
    assert page.get_attribute("body", "data-moment") == str(len(moments) - 2)
    assert page.inner_text("#agl-status") == moments[-2]["status"]
    assert "Backward finished" in moments[-2]["status"]
    texts_after_backward = page.evaluate(SVG_NODES)
    assert texts_after_backward != texts
    w1 = [t for t in texts_after_backward if t.startswith("W_1")]
    assert w1 and "grad" in w1[0], w1
    # the slider to the first state (after Forward) and the keyboard back to the last
    before = int(page.get_attribute("#agl-graph", "data-render-count"))
    page.fill("#agl-slider", "0")
    wait_drawn(page, before + 1)
    assert page.get_attribute("body", "data-moment") == "0"
    assert page.is_disabled("#agl-back") and not page.is_disabled("#agl-next")
    if screenshot_dir:
        page.screenshot(path=str(screenshot_dir / "export_02_timeline_first.png"))
    # the legend, drawn by the same renderer when opened
    page.click("#agl-legend-box summary")
    page.wait_for_selector("#agl-legend svg g.node", timeout=30_000)
    assert "leaf tensor, requires_grad=True" in page.text_content("#agl-legend svg")
    page.keyboard.press("End")           # not a timeline key: nothing moves
    for _ in range(len(moments) - 1):
        page.keyboard.press("ArrowRight")
    assert page.get_attribute("body", "data-moment") == str(len(moments) - 1)


def test_hostile_names_stay_text(tmp_path, page):
    a = al.tensor([1.0, 2.0], requires_grad=True)
    b = al.tensor([3.0, 4.0], requires_grad=True)
    out = (a * b).sum()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    lab = Lab(out, names={HOSTILE: a, HOSTILE_IMG: b})
    lab.selected = lab.graph.id_of(a)               # the inspector shows the name too
    lab.backward()
    lab.save_html(tmp_path / "hostile.html", title=HOSTILE)
    text = (tmp_path / "hostile.html").read_text()
    assert text.count("</script>") == 3            # the page's own three script elements
    page.goto((tmp_path / "hostile.html").as_uri())
    wait_drawn(page, 1)
    assert page.evaluate("() => window.__agl_pwned") is None
    assert dialogs == []
    joined = " ".join(page.evaluate(SVG_NODES))
    assert HOSTILE in joined and HOSTILE_IMG in joined     # drawn as the name it is
    assert page.title() == HOSTILE
    assert HOSTILE in page.inner_text("#agl-inspector")
    assert page.query_selector("#agl-inspector img") is None
    errors = [m for m in page.console_log if m.startswith(("error", "pageerror"))]
    assert errors == [], errors
    lab.close()


def test_saved_page_in_chinese_shows_the_loss_curve(tmp_path, page, screenshot_dir):
    al.manual_seed(0)
    model = al.nn.Sequential(al.nn.Linear(3, 4), al.nn.Tanh(), al.nn.Linear(4, 1))
    X, Y = al.randn(16, 3), al.randn(16, 1)
    optimizer = al.optim.SGD(model.parameters(), lr=0.2)

    def forward():
        loss = ((model(X) - Y) ** 2).mean()
        return loss

    lab = Lab(forward, model=model, optimizer=optimizer, lang="zh")
    lab.train(30)
    html_text = page_html(lab)
    assert '<html lang="zh-Hans">' in html_text
    lab.save_html(tmp_path / "trained.html")
    page.goto((tmp_path / "trained.html").as_uri())
    wait_drawn(page, 1)
    assert page.inner_text("#agl-status").startswith("训练了 30 步")
    curve = page.query_selector(".agl-export-charts svg.agl-loss-curve")
    assert curve is not None and "每步的损失" in curve.text_content()
    points = curve.eval_on_selector("polyline", "p => p.getAttribute('points').split(' ')")
    assert len(points) == 30 and "第 30 步" in curve.text_content()
    assert len(page.query_selector_all(".agl-export-charts svg.agl-sparkline")) == 4
    # two states: the panel as made, and after training (named after what training did)
    assert page.is_visible("#agl-timeline")
    assert "训练了 30 步" in page.inner_text("#agl-moment-label")
    page.screenshot(path=str(screenshot_dir / "export_03_trained_zh.png"), full_page=True)
    errors = [m for m in page.console_log if m.startswith(("error", "pageerror"))]
    assert errors == [], errors
    lab.close()
