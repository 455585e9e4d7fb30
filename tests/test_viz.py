"""The visualizer's graph model and DOT text, for the seed graphs.

The model (``trace``) is checked against the same walk over PyTorch's own graph (the oracle),
and the DOT text for what a learner sees: labels, values, ``.grad``, colours, the cut that
``detach_()`` makes.
"""
import os
import re
import sys

import numpy as np

import autograd_lab as al
from autograd_lab.viz import History, draw, legend, to_dot, trace
from autograd_lab.viz import dot as dot_module
from autograd_lab.viz.names import Names
from autograd_lab.widgets import i18n


def model_summary(g):
    """The parts of a traced graph that must be the same for torch and autograd_lab."""
    return {
        "tensors": [[t.id, t.name, t.role, list(t.shape), t.value.text,
                     t.grad.text if t.grad else None, t.grad_fn]
                    for t in g.tensors.values()],
        "functions": [[f.id, f.name, f.kind, f.freed] for f in g.functions.values()],
        "edges": [[e.src, e.dst, e.kind, e.input_nr] for e in g.edges],
        "build_order": g.build_order,
    }


def seed001(lib):
    """Seed 001: X, W_1, W_2 leaves; Z and Y results (the values its torch output shows)."""
    X = lib.tensor([4., 4., 3., 0.]).requires_grad_(False)
    W_1 = lib.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]]).requires_grad_(True)
    Z = X.matmul(W_1.T)
    W_2 = lib.tensor([1., 4.]).requires_grad_(True)
    Y = Z.matmul(W_2)
    return dict(X=X, W_1=W_1, Z=Z, W_2=W_2, Y=Y)


def traced(lib, build, root, after=None):
    space = build(lib)
    if after is not None:
        after(space)
    return model_summary(trace(space[root], namespaces=[space]))


# ----------------------------------------------------------------------------- the model
def test_seed001_model_matches_torch(oracle):
    ours = traced(al, seed001, "Y")
    assert ours == oracle("model", lambda torch: traced(torch, seed001, "Y"))
    roles = {name: role for _, name, role, *_ in ours["tensors"]}
    assert roles == {"Y": "result", "Z": "result", "W_1": "param", "W_2": "param",
                     "X": "frozen"}
    names = [f[1] for f in ours["functions"]]
    assert names == ["DotBackward0", "SqueezeBackward4", "AccumulateGrad", "MmBackward0",
                     "PermuteBackward0", "AccumulateGrad"]
    # X needs no gradient: it joins the graph through the tensor MmBackward0 saved
    assert ["T4", "B2", "const", None] in ours["edges"]
    # Z sits between the node that made it and the node that uses it
    assert ["B1", "T1", "flow", None] in ours["edges"]
    assert ["T1", "B0", "flow", 0] in ours["edges"]


def test_seed001_grads_after_backward(oracle):
    def after(s):
        s["Y"].backward()
    ours = traced(al, seed001, "Y", after)
    assert ours == oracle("model", lambda torch: traced(torch, seed001, "Y", after))
    grads = {t[1]: t[5] for t in ours["tensors"]}
    assert grads["W_1"] == "[[4, 4, 3, 0], [16, 16, 12, 0]]"
    assert grads["W_2"] == "[34, 23]"
    assert grads["Z"] is None
    # backward released the saved tensors, and with them the only trace of X in the graph
    assert "X" not in grads
    freed = {f[1]: f[3] for f in ours["functions"] if f[2] == "backward"}
    assert freed["DotBackward0"] and freed["MmBackward0"]


def test_history_keeps_no_grad_inputs_after_backward():
    s = seed001(al)
    history = History()
    trace(s["Y"], namespaces=[s], history=history)
    s["Y"].backward()
    g = trace(s["Y"], namespaces=[s], history=history)
    assert g.by_name("X").role == "frozen"
    assert any(e.kind == "const" and e.dst == g.by_name("MmBackward0").id for e in g.edges)


def seed001_detach(lib):
    """Seed 001's 'gradient accumulation' cell, traced before and after its backward."""
    s = seed001(lib)
    s["Y"].backward()
    s["Z"].detach_()
    s["W_2"].detach_().requires_grad_(True)
    s["Z_2"] = s["Z"].matmul(s["W_2"])
    history = History()
    before = model_summary(trace(s["Z_2"], namespaces=[s], history=history))
    s["Z_2"].backward()
    return before, model_summary(trace(s["Z_2"], namespaces=[s], history=history))


def test_seed001_detach_accumulation(oracle):
    before, after = seed001_detach(al)
    torch_before, torch_after = oracle("models", seed001_detach)
    assert before == torch_before
    assert after["tensors"][:2] == torch_after["tensors"]     # Z_2, W_2 with its .grad
    # torch's nodes take no weak references, so only our History keeps Z (a no-grad input
    # known through the saved tensors backward just freed) in the picture
    tensors = {t[1]: t for t in after["tensors"]}
    # W_2.grad kept its first value and the second backward added to it: 34+34, 23+23
    assert tensors["W_2"][5] == "[68, 46]"
    assert tensors["Z"][2] == "frozen" and tensors["Z"][5] is None   # a leaf now
    assert [f[1] for f in after["functions"]] == ["DotBackward0", "AccumulateGrad"]
    assert ["T2", "B0", "const", None] in after["edges"]         # Z, saved by DotBackward0


def test_detach_is_drawn_as_a_cut():
    s = seed001(al)
    history = History()
    before = trace(s["Y"], namespaces=[s], history=history)
    z_id = before.by_name("Z").id
    s["Z"].detach_()
    after = trace(s["Y"], namespaces=[s], history=history)
    z = after.by_name("Z")
    assert z.role == "detached" and z.is_leaf and not z.requires_grad
    cut = [e for e in after.edges if e.kind == "cut"]
    assert [(e.src, e.dst) for e in cut] == [(before.by_name("SqueezeBackward4").id, z.id)]
    # the graph already built still goes through: SqueezeBackward4 feeds DotBackward0 directly
    assert any(e.src == "B1" and e.dst == "B0" and e.kind == "flow" for e in after.edges)
    text = to_dot(after).source
    assert re.search(rf'B1 -> {z.id} \[label="✂ detach" arrowhead=tee color="#c62828"', text)
    assert before.tensors[z_id].role == "result"


def seed002(lib):
    x = lib.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return dict(x=x, y=y, z=z, out=out)


def test_seed002_model_matches_torch(oracle):
    ours = traced(al, seed002, "out")
    assert ours == oracle("model", lambda torch: traced(torch, seed002, "out"))
    assert [f[1] for f in ours["functions"]] == ["MeanBackward0", "MulBackward0",
                                                 "MulBackward0", "AddBackward0",
                                                 "AccumulateGrad"]
    # x * x style reuse: y feeds MulBackward0 twice, as two edges
    assert ["T2", "B2", "flow", 0] in ours["edges"] and ["T2", "B2", "flow", 1] in ours["edges"]
    assert ours["build_order"] == ["T3", "A0", "B3", "T2", "B2", "B1", "T1", "B0", "T0"]


def seed003(lib):
    x = lib.ones(5)
    y = lib.zeros(3)
    w = lib.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9], [1.0, -1.1, 1.2],
                    [0.3, 0.2, 0.1]], requires_grad=True)
    b = lib.tensor([0.1, 0.2, 0.3], requires_grad=True)
    z = lib.matmul(x, w) + b
    loss = lib.nn.functional.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    return dict(x=x, y=y, w=w, b=b, z=z, loss=loss)


def test_seed003_model_matches_torch(oracle):
    ours = traced(al, seed003, "loss")
    assert ours == oracle("model", lambda torch: traced(torch, seed003, "loss"))
    names = [f[1] for f in ours["functions"]]
    assert names[0] == "BinaryCrossEntropyWithLogitsBackward0"
    grads = {t[1]: t[5] for t in ours["tensors"]}
    assert grads["b"] is not None and grads["w"] is not None


def test_same_graph_same_output():
    s = seed002(al)
    a = to_dot(trace(s["out"], namespaces=[s])).source
    b = to_dot(trace(s["out"], namespaces=[s])).source
    assert a == b
    s2 = seed002(al)                      # a new graph of the same shape: the same text
    assert to_dot(trace(s2["out"], namespaces=[s2])).source == a


def test_walk_is_iterative():
    n = sys.getrecursionlimit() * 5
    x = al.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(n):
        y = y * 1.0
    g = trace(y, namespaces=[{}], values=False)
    assert len(g.functions) == n + 1
    assert g.build_order[0] == g.tensors[g.functions["A0"].variable].id


# ----------------------------------------------------------------------------- names
def test_names_from_caller_and_explicit():
    q = al.tensor([1., 2.], requires_grad=True)
    loss = (q * 2).sum()
    g = trace(loss)                          # names from this function's variables
    assert {t.name for t in g.tensors.values()} == {"q", "loss"}
    g = trace(loss, names={"weights": q})    # explicit names win, as torchviz's params
    assert g.by_name("weights").role == "param"


def test_names_for_containers_and_modules():
    w = al.tensor([1.0], requires_grad=True)
    table = Names.from_namespaces([{"params": [w]}])
    assert table.label(w) == "params[0]"
    model = al.nn.Sequential(al.nn.Linear(3, 2), al.nn.ReLU(), al.nn.Linear(2, 1))
    out = model(al.ones(4, 3)).sum()
    g = trace(out, namespaces=[{"model": model, "out": out}])
    names = {t.name for t in g.tensors.values()}
    assert {"0.weight", "0.bias", "2.weight", "2.bias", "out"} <= names
    assert g.by_name("2.weight").module == "2"
    assert g.by_name("AddmmBackward0").module == "2"      # the first found: the last layer


class TinyModel(al.nn.Module):
    """Seed 000's model, smaller."""

    def __init__(self):
        super().__init__()
        self.layer1 = al.nn.Linear(6, 4)
        self.relu = al.nn.ReLU()
        self.layer2 = al.nn.Linear(4, 3)

    def forward(self, x):
        return self.layer2(self.relu(self.layer1(x)))


def test_tinymodel_module_paths_and_clusters():
    al.manual_seed(0)
    model = TinyModel()
    some_input = al.randn(5, 6)
    ideal_output = al.randn(5, 3)
    loss = (ideal_output - model(some_input)).pow(2).sum()
    dot = draw(loss)
    g = dot.model
    assert g.by_name("layer2.weight").module == "layer2"
    assert g.by_name("layer1.bias").role == "param"
    text = dot.source
    assert "subgraph cluster_layer1 {" in text and "subgraph cluster_layer2 {" in text
    assert "<B>layer2.weight</B>" in text and "<B>loss</B>" in text
    # collapsing a module draws one box in its place, edges rerouted to it
    collapsed = to_dot(g, collapsed={"layer1"}).source
    assert '"M.layer1"' in collapsed and "cluster_layer1" not in collapsed
    assert "layer1.weight" not in collapsed


def test_record_modules_tags_parameter_free_nodes():
    from autograd_lab.viz import record_modules
    model = TinyModel()
    with record_modules(model):
        loss = model(al.ones(2, 6)).sum()
    g = trace(loss, namespaces=[{"model": model}])
    assert g.by_name("ReluBackward0").module == "relu"
    assert not g.by_name("SumBackward0").module           # outside the model: no cluster
    assert not model._forward_hooks and not model._forward_pre_hooks   # hooks removed


# ----------------------------------------------------------------------------- the DOT text
def test_seed001_dot_text():
    s = seed001(al)
    history = History()          # what draw() keeps: X stays drawn after backward
    trace(s["Y"], namespaces=[s], history=history)
    s["Y"].backward()
    text = to_dot(trace(s["Y"], namespaces=[s], history=history)).source
    line = {m.group(1): m.group(0) for m in re.finditer(r"^\t(\w+) \[.*$", text, re.M)}
    assert "<B>W_1</B>" in line["T2"] and 'fillcolor="#cfe8fc"' in line["T2"]
    assert "[3, 4, 2, 3]<BR/>[2, 3, 1, 1]" in line["T2"]
    assert "grad: <BR/>[4, 4, 3, 0]<BR/>[16, 16, 12, 0]" in line["T2"]
    assert "grad: [34, 23]" in line["T3"]
    assert "<B>X</B>" in line["T4"] and 'style="filled,dashed"' in line["T4"]
    assert "<B>Z</B>" in line["T1"] and 'fillcolor="#dcedc8"' in line["T1"]
    assert "<B>Y</B>" in line["T0"] and "<TD>126</TD>" in line["T0"]
    assert "<TR><TD>DotBackward0</TD></TR>" in line["B0"]              # freed by backward
    assert "saved tensors freed" in line["B0"]
    assert line["A0"].startswith("\tA0 [label=AccumulateGrad")
    assert 'shape=hexagon' in line["A0"]
    assert '\tT4 -> B2 [color="#9e9e9e" style=dotted]' in text
    assert "\tT2 -> A1 [color=\"#424242\"]" in text


def test_show_saved_draws_saved_tensors():
    s = seed002(al)
    text = to_dot(trace(s["out"], namespaces=[s]), show_saved=True).source
    # MulBackward0 saved y twice (y * y): dashed orange edges from the y box
    assert text.count('T2 -> B2 [arrowhead=none color="#ef6c00" style=dashed]') == 2
    s["out"].backward()                   # frees them: nothing saved is drawn any more
    text = to_dot(trace(s["out"], namespaces=[s]), show_saved=True).source
    assert "#ef6c00" not in text and "saved tensors freed" in text


def test_large_tensors_show_summary_and_heatmap():
    w = al.arange(0., 30.).reshape(5, 6).requires_grad_()
    loss = (w * 2).sum()
    loss.backward()
    g = trace(loss, namespaces=[{"w": w, "loss": loss}])
    t = g.by_name("w")
    assert t.value.values is None and t.value.stats == (0.0, 14.5, 29.0)
    assert len(t.value.heatmap) == 5 and len(t.value.heatmap[0]) == 6
    assert t.value.heatmap[0][0] == 0.0 and t.value.heatmap[-1][-1] == 1.0
    text = to_dot(g).source
    assert "min 0 mean 14.5 max 29" in text and 'BGCOLOR="#2166ac"' in text
    assert "grad: min 2 mean 2 max 2" in text
    big = al.zeros(300, 200)
    rows = trace(big, namespaces=[{}]).tensors["T0"].value.heatmap
    assert len(rows) == 8 and len(rows[0]) == 8


def test_big_summaries_follow_every_kind_of_write():
    """Summaries of big tensors are kept between traces; any change must still show."""
    from autograd_lab.viz.values import summarize
    w = al.ones(100, 100, requires_grad=True)
    assert summarize(w).stats == (1.0, 1.0, 1.0)
    assert summarize(w) is summarize(w)                 # kept while nothing changes
    with al.no_grad():
        w.mul_(2)                                       # in place: the version moves
    assert summarize(w).stats == (2.0, 2.0, 2.0)
    (w * 3).sum().backward()
    assert summarize(w.grad).stats == (3.0, 3.0, 3.0)
    w.grad.data.zero_()                                 # through .data: its own counter
    assert summarize(w.grad).stats == (0.0, 0.0, 0.0)
    w.data = al.full((100, 100), 5.0)                   # a new buffer
    assert summarize(w).stats == (5.0, 5.0, 5.0)


def test_torch_and_autograd_lab_draw_the_same_text(oracle):
    def dot_text(lib):
        s = seed002(lib)
        s["out"].backward(retain_graph=True)
        return to_dot(trace(s["out"], namespaces=[s])).source
    assert dot_text(al) == oracle("dot", dot_text)


# ----------------------------------------------------------------------------- display
def test_display_is_the_same_with_and_without_dot(monkeypatch, tmp_path):
    """A notebook shows the GraphView widget either way, so stored lesson outputs do not
    depend on whether Graphviz's program is installed."""
    import shutil
    s = seed002(al)
    drawing = draw(s["out"])
    assert isinstance(drawing, __import__("graphviz").Digraph)
    bundles = []
    for path in (os.environ["PATH"], str(tmp_path)):   # as it is; then no dot anywhere
        monkeypatch.setenv("PATH", path)
        data, _metadata = drawing._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in data
        assert "image/svg+xml" not in data
        assert "MeanBackward0" in data["text/plain"]     # the caption, for nbval and viewers
        bundles.append(data["text/plain"])
    assert shutil.which("dot") is None
    assert bundles[0] == bundles[1]


# ----------------------------------------------------------------------------- legend
def test_one_legend_in_docstrings_and_drawing():
    for key, (shape, style, fill, border) in dot_module.LEGEND.items():
        for colour in (fill, border):
            if colour:
                assert colour in dot_module.__doc__, (key, colour)
    for key in ("param", "frozen", "result", "detached", "backward", "accumulate", "saved"):
        assert dot_module.LEGEND[key][2] in dot_module.draw.__doc__, key
    fills = [v[2] for v in dot_module.LEGEND.values() if v[2]]
    assert len(fills) == len(set(fills)), "a colour with two meanings"
    text = legend().source
    assert text.count("legend_") >= 2 * len(dot_module.LEGEND)
    assert "leaf tensor, requires_grad=True" in text
    assert "叶子张量" in legend("zh").source


def test_every_ui_string_in_both_languages():
    for key, (en, zh) in i18n.STRINGS.items():
        assert en and zh, key
        assert i18n.text(key, "zh") == zh and i18n.text(key, "en") == en
    assert "retain_graph" in i18n.explain("Trying to backward through the graph a second time")
    assert i18n.explain("something else") == i18n.text("explain_other")


def test_labels_in_chinese():
    s = seed002(al)
    s["out"].backward()
    text = to_dot(trace(s["out"], namespaces=[s]), lang="zh").source
    assert "保存的张量已释放" in text


def test_drawing_changes_no_tensor():
    s = seed002(al)
    before = [t._version for t in s.values()]
    draw(s["out"], show_saved=True)
    assert [t._version for t in s.values()] == before
    assert np.all(s["x"].detach().numpy() == 1)
    s["out"].backward()                   # and the graph still works afterwards
    assert s["x"].grad.tolist() == [[4.5, 4.5], [4.5, 4.5]]


# ----------------------------------------------------------------------------- resnet18
def test_resnet18_clusters_collapse_and_frozen_parameters_look_frozen():
    from autograd_lab import models
    from autograd_lab.viz import record_modules
    al.manual_seed(0)
    model = models.resnet18()
    for p in model.layer4.parameters():          # freeze the last stage, as in fine-tuning
        p.requires_grad_(False)
    data = al.rand(1, 3, 64, 64)
    with record_modules(model):
        loss = model(data).sum()
    dot = draw(loss)
    g, text = dot.model, dot.source
    # a big graph starts with the blocks collapsed, inside their stage's cluster
    assert dot_module.default_collapsed(g) == {f"layer{i}.{j}" for i in (1, 2, 3, 4)
                                               for j in (0, 1)}
    assert "subgraph cluster_layer1 {" in text and '"M.layer1.0"' in text
    assert "layer1.0.conv1.weight" not in text
    # the frozen weights are drawn, grey and dashed, where they enter the graph
    w = g.by_name("layer4.0.conv1.weight")
    assert w.role == "frozen" and w.module == "layer4.0.conv1"
    assert any(e.src == w.id and e.kind == "const" for e in g.edges)
    assert g.by_name("conv1.weight").role == "param"
    # expanded, a big weight shows its shape and a summary, not its 2.4 million values
    full = to_dot(g, collapsed=set()).source
    line = re.search(rf"^\s+{w.id} \[.*$", full, re.M).group(0)
    assert "(512, 256, 3, 3) float32" in line and "min " in line and "BGCOLOR" in line
    assert 'style="filled,dashed"' in line


def test_a_graph_too_big_to_draw_legibly_is_summarised_in_one_box():
    """Above MAX_DRAWN nodes the drawing is one box saying how many nodes there are (laid out,
    the graph would take the browser seconds and its text would be unreadable)."""
    x = al.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(dot_module.MAX_DRAWN + 10):
        y = y * 1.0001
    graph = trace(y)
    n = len(graph.tensors) + len(graph.functions)
    for lang in ("en", "zh"):
        source = to_dot(graph, lang=lang).source
        assert "MulBackward0" not in source
        assert f"{n:,}" in source and i18n.text("too_many_nodes", lang).split("{")[0] in source
    small = to_dot(trace(x * 2)).source
    assert "MulBackward0" in small and "too_many" not in small
