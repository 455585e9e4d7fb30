"""The Lab's chain-rule views through their traits (no browser): the gradient on every node,
the paths from a leaf with their products, edited values, finite differences and the forward
pass built one operation at a time. The references are the engine's own gradients
(``retain_grad()``, ``.grad``), hand-computed numbers, and a float64 central difference."""
import re
import warnings

import numpy as np
import pytest

import autograd_lab as al
from autograd_lab.widgets import Lab
from autograd_lab.widgets import chain_rule, forward_steps
from test_widgets import seed002  # noqa: F401  (the tutorial's x + 2, y * y * 3, mean)


def values(text):
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def test_every_non_leaf_shows_the_gradient_it_saw_and_keeps_no_grad(seed002):
    x, y, z, out = seed002
    lab = Lab(out, names={"x": x, "y": y, "z": z, "out": out})
    assert lab.node_grads == {}
    lab.backward()
    g = lab.graph
    ids = {t.name: t.id for t in g.tensors.values()}
    assert values(lab.node_grads[ids["out"]]) == [1.0]
    assert values(lab.node_grads[ids["z"]]) == [0.25] * 4
    assert values(lab.node_grads[ids["y"]]) == [4.5] * 4          # 6 * y / 4
    assert ids["x"] not in lab.node_grads                         # a leaf shows its .grad
    # the backward node between y and z has no drawn output: its gradient is shown on it
    inner = [f.id for f in g.functions.values() if f.name == "MulBackward0"]
    assert any(f in lab.node_grads for f in inner)
    # PyTorch's rule stays true: seen during backward, not kept in .grad
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert y.grad is None and z.grad is None
    assert not y.retains_grad
    assert x.grad.tolist() == [[4.5, 4.5], [4.5, 4.5]]
    # every hook was removed: a second graph from the same leaves runs without them
    assert not lab._recorder.watching
    y_line = next(line for line in lab.view.dot.splitlines() if line.startswith(f"\t{ids['y']} "))
    assert re.search(r'COLOR="#ad1457">grad seen in backward:<BR/>\[4.5, 4.5\]<BR/>\[4.5, 4.5\]<',
                     y_line)
    lab.lang = "zh"
    assert "反向传播中流过的梯度" in lab.view.dot


def test_node_gradients_match_retain_grad():
    a = al.tensor([1.0, -2.0, 0.5], requires_grad=True)
    h = a.exp() * a
    loss = (h.tanh() ** 2).sum()
    lab = Lab(loss, names={"a": a, "h": h, "loss": loss})
    lab.backward()
    a2 = al.tensor([1.0, -2.0, 0.5], requires_grad=True)
    h2 = a2.exp() * a2
    h2.retain_grad()
    (h2.tanh() ** 2).sum().backward()
    hid = next(t.id for t in lab.graph.tensors.values() if t.name == "h")
    assert np.allclose(values(lab.node_grads[hid]), h2.grad.tolist(), rtol=1e-3)


def test_gradients_appear_node_by_node_while_stepping(seed002):
    x, y, z, out = seed002
    lab = Lab(out, names={"x": x, "y": y, "z": z, "out": out})
    seen = []
    while True:
        lab.step_backward()
        if not lab.stepping:
            break
        seen.append(len(lab.node_grads))
    assert seen == sorted(seen) and seen[0] >= 1 and seen[-1] > seen[0]
    ids = {t.name: t.id for t in lab.graph.tensors.values()}
    assert values(lab.node_grads[ids["y"]]) == [4.5] * 4


def test_paths_of_a_scalar_sum_to_the_gradient():
    a = al.tensor(2.0, requires_grad=True)
    b = al.tensor(3.0, requires_grad=True)
    f = a * b + a * a                       # df/da = b + 2a = 7: three paths
    lab = Lab(f, names={"a": a, "b": b, "f": f})
    lab.select_path("a")
    assert lab.error == ""
    products = sorted(float(p["product"]) for p in lab.paths)
    assert products == [2.0, 2.0, 3.0]
    for p in lab.paths:
        assert p["labels"][0] == "a" and p["labels"][-1] == "f"
        assert float(p["product"]) == np.prod([float(x["text"]) for x in p["factors"]])
    assert lab.path_sum["count"] == 3 and lab.path_sum["sum"] == "7"
    assert lab.path_sum["reference_source"] == "autograd" and lab.path_sum["max_abs_diff"] == 0
    assert a.grad is None                   # checking the sum accumulated nothing
    # drawn as a path: teal edges from a's box up to f
    assert lab.view.dot.count("#00897b") >= 4
    f.backward()
    assert a.grad.item() == 7.0


def test_paths_of_small_tensors_after_a_backward_that_freed_the_graph():
    X = al.tensor([4., 4., 3., 0.])
    W_1 = al.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]], requires_grad=True)
    W_2 = al.tensor([1., 4.], requires_grad=True)
    Z = X.matmul(W_1.T)
    Y = Z.matmul(W_2)
    lab = Lab(Y, names={"X": X, "W_1": W_1, "W_2": W_2, "Z": Z, "Y": Y})
    lab.backward()                          # saved tensors freed, Jacobians kept by hooks
    lab.select_path("W_1")
    assert lab.error == ""
    assert lab.path_sum["count"] == 1 and lab.path_sum["reference_source"] == "recorded"
    path = lab.paths[0]
    assert path["labels"][0] == "W_1" and "Z" in path["labels"] and path["labels"][-1] == "Y"
    assert np.allclose(path["product_values"], W_1.grad.tolist())
    assert lab.path_sum["max_abs_diff"] < 1e-5
    lab.select_path(W_2)
    assert np.allclose(lab.path_sum["sum_values"], W_2.grad.tolist())


def test_paths_after_a_backward_run_in_a_cell_say_why_no_factors():
    a = al.tensor([1.0, 2.0], requires_grad=True)
    y = (a * a).sum()
    lab = Lab(y, names={"a": a, "y": y})
    y.backward()                            # not the panel's: nothing recorded, graph freed
    lab.select_path(a)
    assert lab.path_sum["count"] == 2 and lab.path_sum.get("unavailable")
    assert lab.path_sum["reference_source"] == "grad" and lab.path_sum["reference"] == "[2, 4]"
    assert "retain_graph" in lab.chain_html.value


def test_the_pane_speaks_chinese():
    a = al.tensor(2.0, requires_grad=True)
    b = al.tensor(3.0, requires_grad=True)
    lab = Lab(lambda a, b: a * b, args=(a, b), names={"a": a, "b": b}, lang="zh")
    lab.step_forward()
    assert "前向第 1 步（共 1 步）：MulBackward0" in lab.chain_html.value
    lab.backward()
    lab.selected = next(t.id for t in lab.graph.tensors.values() if t.name == "a")
    lab.finite_difference(a)
    html = lab.chain_html.value
    for words in ("链式法则", "从 a 到", "条路径之和", "有限差分", "最大差值"):
        assert words in html, words
    assert lab.step_forward_button.description == "单步前向"
    assert "修改 a" in lab.editor.title.value
    lab.lang = "en"
    assert "Change a" in lab.editor.title.value and "Paths from a" in lab.chain_html.value


def test_many_paths_are_counted_not_listed():
    x = al.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(6):                      # 2**6 = 64 paths
        y = y + y
    lab = Lab(y, names={"x": x, "y": y})
    lab.select_path(x)
    assert lab.path_sum["count"] == 64 and lab.paths == []
    assert "64 paths" in lab.chain_html.value
    assert len(chain_rule.nodes_on_paths(y.grad_fn, chain_rule.accumulate_node(x, y.grad_fn))) \
        == 7


def test_clicking_a_leaf_selects_its_paths(seed002):
    x, y, z, out = seed002
    lab = Lab(out, names={"x": x, "y": y, "z": z, "out": out})
    leaf = next(t.id for t in lab.graph.tensors.values() if t.name == "x")
    lab.selected = leaf
    assert lab.path_sum["count"] == 2 and np.allclose(values(lab.path_sum["sum"]), [4.5] * 4)
    lab.selected = ""
    assert lab.paths == [] and lab.path_sum == {}


def forward(w, b):
    return ((w * w).sum() + b).tanh()


def test_set_value_runs_forward_again_and_finite_differences_agree():
    w = al.tensor([0.3, -0.2], requires_grad=True)
    b = al.tensor(0.1, requires_grad=True)
    lab = Lab(forward, args=(w, b), names={"w": w, "b": b})
    lab.forward()
    lab.set_value(w, 1, 0.5)
    assert lab.error == "" and w.tolist() == [0.30000001192092896, 0.5]
    root = lab.graph.tensors[lab.graph.roots[0]]
    assert values(root.value.text) == pytest.approx([np.tanh(0.09 + 0.25 + 0.1)], abs=1e-4)
    assert "forward ran again" in lab.status
    lab.backward()
    fd = lab.finite_difference(w)
    expected = (1 - np.tanh(0.44) ** 2) * 2 * np.array([0.3, 0.5])
    assert np.allclose(fd["estimate"], expected, atol=1e-8)
    assert np.allclose(fd["grad"], w.grad.tolist()) and fd["max_abs_diff"] < 1e-6
    assert "Finite differences" in lab.chain_html.value
    # a wrong .grad is caught
    w.grad = al.tensor([1.0, 1.0])
    assert lab.finite_difference(w)["max_abs_diff"] > 0.1


def test_set_value_needs_a_forward_function(seed002):
    x, y, z, out = seed002
    lab = Lab(out, names={"x": x})
    lab.set_value(x, (0, 0), 5.0)
    assert "Lab(forward" in lab.error and x[0, 0].item() == 1.0


def test_the_editor_shows_boxes_for_a_small_selected_leaf():
    w = al.tensor([0.3, -0.2], requires_grad=True)
    b = al.tensor(0.1, requires_grad=True)
    lab = Lab(forward, args=(w, b), names={"w": w, "b": b})
    lab.forward()
    lab.selected = next(t.id for t in lab.graph.tensors.values() if t.name == "w")
    boxes = lab.editor.grid.children
    assert [box.description for box in boxes] == ["w[0]", "w[1]"]
    boxes[0].value = 1.5                     # as a learner types it
    assert w.tolist()[0] == 1.5
    assert lab.graph.tensors[lab.selected].name == "w"


def test_step_forward_builds_one_operation_per_click():
    a = al.tensor(2.0, requires_grad=True)
    b = al.tensor(3.0, requires_grad=True)
    lab = Lab(lambda a, b: (a * b * a).sin(), args=(a, b), names={"a": a, "b": b})
    drawn = []
    infos = []
    for _ in range(3):
        lab.step_forward()
        infos.append(dict(lab.build_info))
        drawn.append(len(re.findall(r"^\t(?:T|B|A)\d+ \[", lab.view.dot, re.M)))
    assert [i["name"] for i in infos] == ["MulBackward0", "MulBackward0", "SinBackward0"]
    assert infos[0]["formula"].endswith("= a * b") and infos[0]["values"] == "2 * 3"
    assert infos[0]["result"] == "6" and infos[1]["result"] == "12"    # kept by the nodes
    assert infos[2]["k"] == infos[2]["n"] == 3
    assert drawn[0] < drawn[1] < drawn[2]
    assert "Forward step 1 of 3" not in lab.chain_html.value
    assert "Forward step 3 of 3" in lab.chain_html.value
    lab.step_forward()                       # after the last: built again from the start
    assert lab.build_info["k"] == 1


def test_step_forward_writes_the_numbers_a_python_number_gave():
    # Lesson 7's u = x ** 2 and v = 3 * x: the 2 and the 3 are no tensors of the graph, but
    # the nodes saved them; the learner reads them, not a placeholder
    def forward(x):
        u = x ** 2
        v = 3 * x
        return u * v
    lab = Lab(forward, args=(al.tensor(2.0, requires_grad=True),))
    infos = []
    for _ in range(2):
        lab.step_forward()
        infos.append(dict(lab.build_info))
    assert [(i["formula"], i["values"], i["result"]) for i in infos] == [
        ("u = x ** 2", "2 ** 2", "4"), ("v = x * 3", "2 * 3", "6")]


def test_forward_steps_reveal_follows_the_build_order():
    x = al.tensor([1., 2.], requires_grad=True)
    y = (x * 2).sum()
    from autograd_lab.viz import trace
    g = trace(y, names={"x": x, "y": y})
    ops = forward_steps.operations(g)
    assert [g.functions[o].name for o in ops] == ["MulBackward0", "SumBackward0"]
    first = forward_steps.revealed(g, ops, 1)
    assert ops[0] in first and ops[1] not in first and g.roots[0] not in first
    assert g.roots[0] in forward_steps.revealed(g, ops, 2)


def test_central_difference_refuses_big_tensors():
    with pytest.raises(ValueError):
        chain_rule.central_difference(lambda a: 0.0, np.zeros(chain_rule.FD_LIMIT + 1))


def test_summaries_of_bigger_gradients_say_mean_in_the_panels_language():
    # Gradients too big to list are summarised "min .. mean .. max" in the nodes, the paths
    # and the finite-difference table; a Chinese panel says 均值 there as its leaves do.
    x = al.linspace(-1.0, 1.0, 40, requires_grad=True)
    w = al.linspace(0.5, 2.0, 40)
    lab = Lab(lambda x: ((x * w).tanh() * x).sum(), args=(x,), names={"x": x}, lang="zh")
    lab.forward()
    lab.backward()
    lab.select_path(x)
    lab.selected = next(t.id for t in lab.graph.tensors.values() if t.name == "x")
    lab.finite_difference(x)
    assert "反向传播中流过的梯度：min" in lab.view.dot
    for shown in (lab.view.dot, lab.chain_html.value):
        assert " 均值 " in shown and " mean " not in shown
    lab.lang = "en"
    for shown in (lab.view.dot, lab.chain_html.value):
        assert " mean " in shown and "均值" not in shown
    lab.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lines_of_a_backward_node_do_not_overlap(lang):
    # After Backward a node says its name (14 pt), "saved tensors freed" (9 pt) and the
    # gradient it saw (9 pt). Laid out by Graphviz, each line's baseline must sit below the
    # one above by at least its own ascent (0.9 em: a Chinese glyph fills the em) plus the
    # descent of the line above (0.2 em), or the small line is drawn over the name
    # (lesson 5's AddmmBackward0 in Chinese).
    import shutil
    import subprocess
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    x = al.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    w = al.tensor([[0.5], [-1.0]], requires_grad=True)
    lab = Lab(lambda x, w: (x @ w).tanh().sum(), args=(x, w), names={"x": x, "w": w},
              lang=lang)
    lab.forward()
    lab.backward()
    svg = subprocess.run(["dot", "-Tsvg"], input=lab.view.dot, capture_output=True,
                         text=True, check=True).stdout
    checked = 0
    for node in re.findall(r'<g id="node\d+" class="node">(.*?)</g>', svg, re.S):
        if "<ellipse" not in node:
            continue
        lines = sorted((float(y), float(size)) for y, size in re.findall(
            r'<text[^>]* y="([-\d.]+)"[^>]* font-size="([\d.]+)"', node))
        for (y1, size1), (y2, size2) in zip(lines, lines[1:]):
            if y2 == y1:
                continue                    # pieces of one line
            assert y2 - y1 >= 0.9 * size2 + 0.2 * size1, (node, y1, y2)
            checked += 1
    assert checked >= 4
    lab.close()


def test_editing_a_value_while_stepping_backward_starts_afresh():
    # Halfway through Step backward a learner edits a leaf: the forward runs again on the new
    # value, so the half-done backward (on the old graph) is over; the next Step backward
    # starts at the new root and Backward gives the new value's gradient.
    a = al.tensor(2.0, requires_grad=True)
    b = al.tensor(3.0, requires_grad=True)
    lab = Lab(lambda a, b: (a * b + a).tanh(), args=(a, b), names={"a": a, "b": b})
    lab.forward()
    lab.step_backward()
    lab.select_path(a)                      # its paths are computed when stepping ends
    assert lab.stepping and lab.executing
    lab.set_value(a, (), 0.5)
    assert lab.error == "" and lab.status.startswith("a = 0.5")
    assert not lab.stepping and lab.executing == "" and lab.step_info == {}
    lab.step_backward()
    assert lab.error == "" and lab.step_info["chain"][0]["text"].startswith("TanhBackward0")
    lab.backward()
    assert lab.error == ""
    expected = (1 - np.tanh(0.5 * 3 + 0.5) ** 2) * (3 + 1)
    assert abs(a.grad.item() - expected) < 1e-5
    lab.close()
