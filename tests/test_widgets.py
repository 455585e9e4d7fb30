"""The widgets' synced state after each button, through traits (no browser here; the page
itself is tested in tests/browser/)."""
import asyncio
import gc
import hashlib
import re
from pathlib import Path

import pytest

import autograd_lab as al
from autograd_lab import _observe
from autograd_lab.widgets import GraphView, Lab
from autograd_lab.widgets.lab import BUTTONS

ROOT = Path(__file__).resolve().parents[1]


def click(lab, name):
    lab.buttons[name].click()


def node_line(dot, node_id):
    m = re.search(rf"^\t{node_id} \[.*$", dot, re.M)
    assert m, f"{node_id} not drawn"
    return m.group(0)


@pytest.fixture
def seed002():
    x = al.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return x, y, z, out


# ----------------------------------------------------------------------------- GraphView
def test_graph_view_bundle_and_traits_agree():
    """The JS reads and writes exactly the traits the Python side declares."""
    src = "\n".join(p.read_text() for p in sorted((ROOT / "js" / "src").glob("*.js")))
    used = set(re.findall(r'model\.(?:get|set)\("(\w+)"', src)) | \
        set(re.findall(r'"change:(\w+)"', src))
    synced = {name for name in GraphView.class_trait_names(sync=True) if not
              name.startswith("_")} - set(w_trait_names())
    assert used <= synced, used - synced
    from autograd_lab.widgets import graph_view
    bundle = graph_view._STATIC / "widget.js"
    assert bundle.exists() and bundle.stat().st_size > 100_000        # wasm Graphviz inside
    text = bundle.read_text()
    for name in used:
        assert f'"{name}"' in text or f"'{name}'" in text, name
    assert '"build"' in (ROOT / "js" / "package.json").read_text()
    # a stale bundle (source edited, `npm run build` forgotten): js/build.mjs writes the
    # hash of the sources it was built from on the bundle's first line
    digest = hashlib.sha256()
    for path in sorted((ROOT / "js" / "src").glob("*.js"), key=lambda p: p.name):
        digest.update(path.read_bytes())
    digest.update((ROOT / "js" / "package-lock.json").read_bytes())
    first_line = text.split("\n", 1)[0]
    assert first_line.endswith("sha256:" + digest.hexdigest()), \
        "rebuild js/ (npm run build): the bundle is not built from these sources"


def w_trait_names():
    import ipywidgets
    return ipywidgets.DOMWidget.class_trait_names(sync=True)


def test_graph_view_counts_the_views_on_the_page():
    """-1 until a browser view reports; then the views alive (each sends alive on render
    and not alive on cleanup), never below 0."""
    view = GraphView(dot="digraph { a -> b }")
    assert view.on_page == -1
    report = lambda alive: view._on_view_message(view, {"event": "view", "alive": alive}, [])  # noqa
    report(True)
    report(True)
    assert view.on_page == 2
    report(False)
    report(False)
    assert view.on_page == 0
    report(False)
    assert view.on_page == 0
    view._on_view_message(view, {"event": "other"}, [])
    assert view.on_page == 0


def test_graph_view_control_texts_follow_lang():
    view = GraphView()
    assert view.texts["fit"].startswith("Fit")
    view.lang = "zh"
    assert view.texts["fit"].startswith("适应") and set(view.texts) == {
        "fit", "zoom_in", "zoom_out", "reset"}


def test_graph_view_replay_bumps_token():
    view = GraphView(dot="digraph { a -> b }")
    view.replay(["a", "b"])
    assert view.reveal == ["a", "b"] and view.reveal_token == 1
    view.replay(["b"])
    assert view.reveal_token == 2


# ----------------------------------------------------------------------------- stepping
def test_step_backward_runs_the_engines_nodes_in_order(seed002):
    x, y, z, out = seed002
    lab = Lab(out)
    assert lab.grad_history == {"x": ["None"]}
    ran, infos = [], []
    for _ in range(10):
        click(lab, "step_backward")
        if not lab.stepping:
            break
        ran.append(lab.graph.functions[lab.executing].name)
        infos.append(dict(lab.step_info))
        # the node now executing is drawn in the executing colours
        line = node_line(lab.view.dot, lab.executing)
        assert 'fillcolor="#ffcdd2"' in line and 'color="#c62828"' in line
    assert ran == ["MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0",
                   "AccumulateGrad"]
    assert lab.error == "" and lab.executing == ""
    assert lab.status == "Backward finished after 5 steps."
    assert x.grad.tolist() == [[4.5, 4.5], [4.5, 4.5]]
    assert lab.grad_history == {"x": ["None", "4.5"]}
    mean, mul_3, mul_yy, add, acc = infos
    # the chain rule at MeanBackward0: 1 flows in, 1/4 is the local derivative, 0.25 flows out
    assert mean["grads_in"] == ["1"]
    assert mean["local"][0]["value"] == "[[0.25, 0.25], [0.25, 0.25]]" and mean["local_exact"]
    assert mean["out"] == [{"edge": ["T1", "B0", 0], "to": "z",
                            "value": "[[0.25, 0.25], [0.25, 0.25]]"}]
    assert mul_yy["local"][0]["value"] == "[[3, 3], [3, 3]]"          # d(y*y)/dy_left = y
    assert [o["value"] for o in mul_yy["out"]] == ["[[2.25, 2.25], [2.25, 2.25]]"] * 2
    assert add["grads_in"] == ["[[4.5, 4.5], [4.5, 4.5]]"]
    assert acc["out"][0]["to"] == "x.grad"
    assert mul_3["formula"].startswith("∂(a·b)/∂a = b")


def test_grad_values_appear_when_accumulate_grad_runs(seed002):
    x, y, z, out = seed002
    lab = Lab(out)
    for _ in range(4):
        click(lab, "step_backward")
    assert "grad: None" in node_line(lab.view.dot, "T3")     # AccumulateGrad not run yet
    assert x.grad is None
    click(lab, "step_backward")
    assert lab.graph.functions[lab.executing].kind == "accumulate"
    assert "grad: <BR/>[4.5, 4.5]<BR/>[4.5, 4.5]" in node_line(lab.view.dot, "T3")
    # the edge into the leaf is labelled with the gradient written into x.grad
    assert re.search(r'T3 -> A0 \[.*xlabel="\[\[4.5, 4.5\], \[4.5, 4.5\]\]"', lab.view.dot)


def test_stepping_uses_the_engines_generator(seed002, monkeypatch):
    # Step backward runs autograd.backward_stepwise, which drives the engine's generator
    import autograd_lab.autograd as autograd
    calls = []
    real = autograd.backward_steps

    def spy(*a, **k):
        calls.append(a)
        return real(*a, **k)
    monkeypatch.setattr(autograd, "backward_steps", spy)
    lab = Lab(seed002[3])
    click(lab, "step_backward")
    assert len(calls) == 1


def test_backward_button_finishes_a_pass_under_way(seed002):
    x, y, z, out = seed002
    lab = Lab(out)
    click(lab, "step_backward")
    click(lab, "step_backward")
    click(lab, "backward")
    assert not lab.stepping and x.grad.tolist() == [[4.5, 4.5], [4.5, 4.5]]
    assert lab.grad_history["x"] == ["None", "4.5"]


# ----------------------------------------------------------------------------- errors
def test_second_backward_without_retain_graph_shows_torchs_error(seed002):
    x, y, z, out = seed002
    lab = Lab(out)
    click(lab, "backward")
    click(lab, "backward")
    assert lab.error.startswith("RuntimeError: Trying to backward through the graph a second "
                                "time")
    assert "retain_graph" in lab.error_html.value and "agl-error" in lab.error_html.value
    # the panel keeps working: the next action clears the error
    click(lab, "zero_grad")
    assert lab.error == "" and x.grad is None


def test_retain_graph_accumulates_twice(seed002):
    x, y, z, out = seed002
    lab = Lab(out, retain_graph=True)
    assert lab.retain_box.value is True
    click(lab, "backward")
    click(lab, "backward")
    assert lab.error == ""
    assert lab.grad_history["x"] == ["None", "4.5", "9"]
    lab.retain_box.value = False              # the checkbox drives the trait
    assert lab.retain_graph is False


def test_backward_from_a_tensor_without_grad_explains():
    a = al.ones(3)
    b = (a * 2).sum()
    lab = Lab(b, lang="zh")
    click(lab, "backward")
    assert "does not require grad" in lab.error
    assert "不需要梯度" in lab.error_html.value


# ----------------------------------------------------------------------------- zero_grad, history
def test_grad_history_accumulate_zero_and_again(seed002):
    """The issue's example: 4.5 -> 5.5 -> 0 -> 1, with one step made from a code cell."""
    x, y, z, out = seed002
    lab = Lab(out)
    click(lab, "backward")
    x.sum().backward()                   # typed in another cell: the panel sees it
    lab.zero_grad_mode = "zeros"
    click(lab, "zero_grad")
    assert x.grad.tolist() == [[0, 0], [0, 0]]
    x.sum().backward()
    assert lab.grad_history["x"] == ["None", "4.5", "5.5", "0", "1"]
    assert "grad: <BR/>[1, 1]<BR/>[1, 1]" in node_line(lab.view.dot, "T3")
    lab.zero_mode.value = "none"         # the dropdown drives the trait
    click(lab, "zero_grad")
    assert x.grad is None and lab.grad_history["x"][-1] == "None"
    assert lab.status == "Gradients set to None."


# ----------------------------------------------------------------------------- detach
def seed001():
    X = al.tensor([4., 4., 3., 0.])
    W_1 = al.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]], requires_grad=True)
    Z = X.matmul(W_1.T)
    W_2 = al.tensor([1., 4.], requires_grad=True)
    Y = Z.matmul(W_2)
    return X, W_1, Z, W_2, Y


def test_detach_the_selected_tensor_shows_the_cut():
    X, W_1, Z, W_2, Y = seed001()
    lab = Lab(Y)
    click(lab, "detach")
    assert lab.status == "Select a tensor first (click it in the graph)."
    lab.view.selected = lab.graph.by_name("Z").id          # a click in the browser
    assert lab.inspector["name"] == "Z" and lab.inspector["grad_fn"] == "SqueezeBackward4"
    click(lab, "detach")
    assert Z.is_leaf and not Z.requires_grad
    z = lab.graph.by_name("Z")
    assert z.role == "detached"
    assert any(e.kind == "cut" and e.dst == z.id for e in lab.graph.edges)
    assert "✂ detach" in lab.view.dot
    assert lab.status.startswith("Z detached")
    # Z keeps its node id in this panel, so the selection still shows it
    assert lab.selected == z.id and lab.inspector["name"] == "Z"
    assert lab.inspector["role"] == "detached" and lab.inspector["grad_fn"] is None


def test_detach_a_view_shows_the_error():
    a = al.ones(4, requires_grad=True)
    v = (a * 2)[1:]
    out = v.sum()
    lab = Lab(out, names={"v": v})
    lab.selected = lab.graph.by_name("v").id
    click(lab, "detach")
    assert "Can't detach views in-place" in lab.error


# ----------------------------------------------------------------------------- forward
def test_forward_function_reveals_the_graph_in_build_order():
    X, W_1, _, W_2, _ = seed001()

    def forward(X, W_1, W_2):
        Z = X.matmul(W_1.T)
        Y = Z.matmul(W_2)
        return Y
    lab = Lab(forward, args=(X, W_1, W_2))
    assert {t.name for t in lab.graph.tensors.values()} == {"X", "W_1", "W_2"}
    assert not lab.graph.functions
    click(lab, "forward")
    g = lab.graph
    names = {t.name: t.role for t in g.tensors.values()}
    assert names == {"X": "frozen", "W_1": "param", "W_2": "param", "Z": "result",
                     "Y": "result"}        # Z and Y: forward's own local names
    assert lab.view.reveal_token == 1
    order = [g.node(i).name for i in lab.view.reveal]
    assert order == ["W_1", "AccumulateGrad", "PermuteBackward0", "X", "MmBackward0",
                     "SqueezeBackward4", "Z", "W_2", "AccumulateGrad", "DotBackward0", "Y"]
    assert lab.status == "Forward pass built 4 backward nodes."
    click(lab, "backward")
    assert W_2.grad.tolist() == [34., 23.]
    click(lab, "forward")                 # a fresh graph: backward works again
    click(lab, "backward")
    assert W_2.grad.tolist() == [68., 46.] and lab.error == ""


def test_forward_without_function_replays_the_existing_graph(seed002):
    lab = Lab(seed002[3])
    click(lab, "forward")
    assert lab.view.reveal_token == 1 and len(lab.view.reveal) == 9
    assert lab.status.startswith("No forward function given")


class TinyModel(al.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = al.nn.Linear(8, 5)
        self.relu = al.nn.ReLU()
        self.layer2 = al.nn.Linear(5, 3)

    def forward(self, x):
        return self.layer2(self.relu(self.layer1(x)))


def test_model_and_optimizer_panel():
    al.manual_seed(0)
    model = TinyModel()
    some_input = al.randn(4, 8)
    ideal_output = al.randn(4, 3)
    optimizer = al.optim.SGD(model.parameters(), lr=0.1)
    lab = Lab(lambda: (ideal_output - model(some_input)).pow(2).sum(), model=model,
              optimizer=optimizer)
    assert not lab.buttons["step"].disabled
    assert "layer2.weight" in {t.name for t in lab.graph.tensors.values()}
    click(lab, "forward")
    g = lab.graph
    assert g.by_name("AddmmBackward0").module in ("layer1", "layer2")
    assert g.by_name("ReluBackward0").module == "relu"          # recorded with forward hooks
    assert "subgraph cluster_layer2 {" in lab.view.dot
    before = model.layer2.weight.detach().clone()
    click(lab, "backward")
    click(lab, "step")
    assert lab.status.startswith("optimizer.step() updated the parameters; forward ran again")
    expected = before - 0.1 * model.layer2.weight.grad
    assert al.allclose(model.layer2.weight.detach(), expected)
    lab.zero_grad_mode = "zeros"
    click(lab, "zero_grad")              # optimizer.zero_grad(set_to_none=False)
    assert model.layer2.weight.grad.abs().sum().item() == 0
    hist = lab.grad_history["layer2.weight"]
    assert hist[0] == "None" and hist[-1] == "0" and len(hist) == 3


def test_collapsing_a_module_from_the_browser():
    model = TinyModel()
    loss = model(al.ones(2, 8)).sum()
    lab = Lab(loss, model=model)
    lab.view.collapsed = ["layer1"]              # what a click on the cluster sends
    assert '"M.layer1"' in lab.view.dot and "layer1.weight" not in lab.view.dot
    lab.selected = "M.layer1"
    assert lab.inspector["kind"] == "module" and lab.inspector["count"] >= 4
    # stepping through a collapsed module: its box is highlighted and says which node runs
    frames, steps = set(), 0
    while True:
        click(lab, "step_backward")
        if not lab.stepping:
            break
        steps += 1
        frames.add(lab.view.dot)
        node = lab.graph.functions[lab.executing]
        if node.module == "layer1":
            line = node_line(lab.view.dot, '"M.layer1"')
            assert 'fillcolor="#ffcdd2"' in line and f": {node.name}" in line
    assert len(frames) == steps          # every step changes the picture, hidden or not


# ----------------------------------------------------------------------------- inspector
def test_inspector_for_tensor_and_node(seed002):
    x, y, z, out = seed002
    lab = Lab(out)
    lab.selected = lab.graph.by_name("y").id
    info = lab.inspector
    assert info["values"] == repr(y)              # printed exactly as print(y) prints
    assert info["is_leaf"] is False and info["grad_fn"] == "AddBackward0"
    assert info["version"] == 0
    lab.selected = lab.graph.by_name("MulBackward0").id
    info = lab.inspector
    assert info["kind"] == "backward" and not info["freed"]
    assert [s["name"] for s in info["saved"]] == ["_saved_self", "_saved_other"]
    click(lab, "backward")
    assert lab.inspector["freed"] is True
    assert "retain_graph=True" in lab.inspector_html.value


# ----------------------------------------------------------------------------- live updates
def test_changes_from_code_cells_show_without_rerunning(seed002):
    x, y, z, out = seed002
    lab = Lab(out)
    before = lab.view.dot
    out.backward()                         # no event loop here: the panel redraws at once
    assert lab.view.dot != before and "[4.5, 4.5]" in node_line(lab.view.dot, "T3")
    x.requires_grad_(False)
    assert lab.graph.by_name("x").role == "frozen"
    with al.no_grad():
        x.mul_(2)                          # an in-place update bumps _version
    assert lab.graph.by_name("x").version == 1
    assert "[2, 2]<BR/>[2, 2]" in node_line(lab.view.dot, "T3")


def test_live_updates_are_throttled_inside_an_event_loop(seed002):
    x, y, z, out = seed002

    async def notebook():
        lab = Lab(out)
        start = lab.view.dot
        for _ in range(3):
            x.grad = None
            out.backward(retain_graph=True)
        assert lab.view.dot == start           # nothing redrawn while the "cell" runs
        await asyncio.sleep(0.5)               # the kernel is idle again
        assert "[4.5, 4.5]" in node_line(lab.view.dot, lab.graph.by_name("x").id)
        return lab
    lab = asyncio.run(notebook())
    assert lab.grad_history["x"] == ["None", "4.5", "None", "4.5", "None", "4.5"]


def test_observer_is_weak_and_removed_on_close(seed002):
    import weakref
    n = len(_observe._observers)
    lab = Lab(seed002[3])
    assert len(_observe._observers) == n + 1
    assert isinstance(_observe._observers[-1], weakref.WeakMethod)   # no strong reference
    lab.close()
    assert len(_observe._observers) == n
    ref = weakref.ref(lab)
    del lab
    gc.collect()
    assert ref() is None                    # closed panels are not kept alive by the engine


# ----------------------------------------------------------------------------- language
def test_buttons_and_messages_in_chinese(seed002):
    lab = Lab(seed002[3], lang="zh")
    assert [lab.buttons[k].description for k in BUTTONS] == [
        "前向传播", "反向传播", "单步反向", "梯度清零", "detach", "优化器 step"]
    assert "图例" == lab.legend_button.description
    click(lab, "step_backward")
    assert lab.status.startswith("执行了 MeanBackward0")
    assert "本节点的链式法则" in lab.inspector_html.value
    lab.lang = "en"
    assert lab.buttons["backward"].description == "Backward"
    assert "leaf tensor, requires_grad=True" in lab.legend_view.dot
