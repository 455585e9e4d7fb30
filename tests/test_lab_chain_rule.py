"""The chain-rule box of the Lab, through its traits: at each node of each type the lessons
show, the targets are named, the formula is that node type's (in both languages), and the
numbers substituted into the rule give the gradient the engine really produced."""
import re

import numpy as np
import pytest

import autograd_lab as al
import autograd_lab.nn.functional as F
from autograd_lab.widgets import Lab
from autograd_lab.widgets import derivatives


def click(lab, name):
    lab.buttons[name].click()


def steps(lab):
    """Step backward to the end; the step_info of every node, in order."""
    out = []
    for _ in range(200):
        click(lab, "step_backward")
        assert lab.error == "", lab.error
        if not lab.stepping:
            return out
        out.append(dict(lab.step_info))
    raise AssertionError("backward did not finish")


# What the substituted lines call, as NumPy: the panel writes Python, the test runs it.
def _sum_to(x, shape):
    x = np.asarray(x, dtype=float)
    while x.ndim > len(shape):
        x = x.sum(0)
    for i, n in enumerate(shape):
        if n == 1 and x.shape[i] != 1:
            x = x.sum(i, keepdims=True)
    return x


class T(np.ndarray):
    """An array with torch's ``sum(dim, keepdim=True)``, as the lines write it."""
    def sum(self, dim=None, keepdim=False, **kw):
        return np.asarray(self).sum(axis=dim, keepdims=keepdim).view(T)


def _one_hot(target, shape):
    out = np.zeros(shape)
    out[np.arange(shape[0]), np.asarray(target, dtype=int)] = 1
    return out


ENV = {"A": lambda v: np.asarray(v, dtype=float).view(T), "sum_to": _sum_to,
       "unsqueeze": np.expand_dims, "one_hot": _one_hot,
       "expand": lambda x, s: np.broadcast_to(x, s), "reshape": np.reshape,
       "permute_back": lambda x, d: np.transpose(x, np.argsort(d)),
       "sigmoid": lambda x: 1 / (1 + np.exp(-x)), "exp": np.exp, "log": np.log,
       "sqrt": np.sqrt, "tanh": np.tanh, "outer": np.outer}


def _arrays(text):
    """Wrap every outermost [...] of ``text`` in A(...), so Python reads it as an array."""
    out, depth = [], 0
    for ch in text:
        if ch == "[":
            if depth == 0:
                out.append("A(")
            depth += 1
        out.append(ch)
        if ch == "]":
            depth -= 1
            if depth == 0:
                out.append(")")
    return "".join(out)


def evaluate(text):
    return np.asarray(eval(_arrays(text), dict(ENV)), dtype=float)


def check_line(line):
    """The substituted numbers, evaluated, equal the engine's gradient (4 digits shown)."""
    assert line["numbers"], line
    got = evaluate(line["numbers"])
    engine = evaluate(line["value"])
    np.testing.assert_allclose(np.broadcast_to(got, engine.shape), engine, rtol=2e-3,
                               atol=2e-3, err_msg=line["text"])
    assert line["text"].endswith(f"= {line['numbers']} = {line['value']}") or \
        line["numbers"] == line["value"]


# ----------------------------------------------------------------------------- the case
def test_mul_names_its_targets_and_substitutes_the_numbers():
    a = al.tensor(2.0, requires_grad=True)
    b = al.tensor(3.0, requires_grad=True)
    c = a * b
    lab = Lab(c, names={"a": a, "b": b, "c": c})
    click(lab, "step_backward")
    box = lab.inspector_html.value.split('class="agl-chain"', 1)[1]
    assert "MulBackward0: grad_a = grad * b = 1 * 3 = 3" in box
    assert "→ a:" in box and "→ b:" in box and "AccumulateGrad" not in box
    mul = dict(lab.step_info)
    steps(lab)
    assert mul["name"] == "MulBackward0"
    assert [c["text"] for c in mul["chain"]] == [
        "MulBackward0: grad_a = grad * b = 1 * 3 = 3",
        "MulBackward0: grad_b = grad * a = 1 * 2 = 2"]
    # every target is the tensor the gradient ends up in, never the AccumulateGrad node
    assert [o["to"] for o in mul["out"]] == ["a", "b"]
    assert [d["to"] for d in mul["local"]] == ["a", "b"]
    assert a.grad.item() == 3 and b.grad.item() == 2      # what the lines said


def test_accumulate_grad_line_and_formula_in_both_languages():
    a = al.tensor([1., 2.], requires_grad=True)
    lab = Lab((a * a).sum(), names={"a": a})
    acc = steps(lab)[-1]
    assert acc["name"] == "AccumulateGrad"
    assert acc["chain"][0]["text"] == "AccumulateGrad: a.grad += grad (grad = [2, 4]) → " \
                                      "a.grad = [2, 4]"
    lab.selected = lab.graph.by_name("AccumulateGrad").id
    assert ".grad += the incoming gradient" in lab.inspector_html.value
    lab.lang = "zh"
    assert ".grad += 流入的梯度" in lab.inspector_html.value
    lab.timeline.go(lab.timeline.count - 2)       # the moment AccumulateGrad ran
    assert "本节点的链式法则" in lab.inspector_html.value
    assert "AccumulateGrad: a.grad += grad" in lab.inspector_html.value


# ----------------------------------------------------------------------------- every node type
def _cases():
    al.manual_seed(0)
    a = al.tensor([1.5, -2.0], requires_grad=True)
    b = al.tensor([3.0, 0.5], requires_grad=True)
    s = al.tensor(2.0, requires_grad=True)
    M = al.tensor([[1., 2.], [3., -1.]], requires_grad=True)
    X = al.tensor([[1., 0.5], [2., -1.], [0., 3.]])
    W = al.tensor([[0.5, -1.], [2., 1.]], requires_grad=True)
    bias = al.tensor([0.1, -0.2], requires_grad=True)
    y = al.tensor([[1., 0.], [0., 1.], [1., 1.]])
    return {
        "MulBackward0": (lambda: (a * b).sum(), {"a": a, "b": b}),
        "MulBackward0 broadcast": (lambda: (M * s).sum(), {"M": M, "s": s}),
        "AddBackward0": (lambda: (a + b * 2).sum(), {"a": a, "b": b}),
        "SubBackward0": (lambda: (a - b).sum(), {"a": a, "b": b}),
        "DivBackward0": (lambda: (a / b).sum(), {"a": a, "b": b}),
        "PowBackward0": (lambda: (a ** 3).sum(), {"a": a}),
        "PowBackward1": (lambda: (b ** a).sum(), {"a": a, "b": b}),
        "MeanBackward0": (lambda: (M * M).mean(), {"M": M}),
        "SumBackward0": (lambda: (M * 2).sum(), {"M": M}),
        "ViewBackward0": (lambda: (M.view(4) * al.tensor([1., 2., 3., 4.])).sum(), {"M": M}),
        "ExpBackward0": (lambda: a.exp().sum(), {"a": a}),
        "LogBackward0": (lambda: b.log().sum(), {"b": b}),
        "SqrtBackward0": (lambda: b.sqrt().sum(), {"b": b}),
        "NegBackward0": (lambda: (-a * b).sum(), {"a": a, "b": b}),
        "ReluBackward0": (lambda: (a.relu() * b).sum(), {"a": a, "b": b}),
        "SigmoidBackward0": (lambda: a.sigmoid().sum(), {"a": a}),
        "TanhBackward0": (lambda: a.tanh().sum(), {"a": a}),
        "AddmmBackward0 TBackward0": (lambda: F.linear(X, W, bias).sum(),
                                      {"X": X, "W": W, "bias": bias}),
        "MmBackward0": (lambda: (X.mm(W) * 1.5).sum(), {"X": X, "W": W}),
        "MmBackward0 both": (lambda: M.mm(W).sum(), {"M": M, "W": W}),
        "DotBackward0 SqueezeBackward4 PermuteBackward0": (
            lambda: X[0].matmul(W.T).matmul(a), {"W": W, "a": a}),
        "MvBackward0": (lambda: M.mv(a).sum(), {"M": M, "a": a}),
        "BinaryCrossEntropyWithLogitsBackward0": (
            lambda: F.binary_cross_entropy_with_logits(X.mm(W), y), {"X": X, "W": W}),
        "MseLossBackward0": (lambda: F.mse_loss(a * 2, b), {"a": a, "b": b}),
        "ExpandBackward0 UnsqueezeBackward0": (
            lambda: (a.unsqueeze(0).expand(3, 2) * al.tensor([[1.], [2.], [3.]])).sum(),
            {"a": a}),
        "CloneBackward0": (lambda: (a.clone() * b).sum(), {"a": a, "b": b}),
        "SumBackward1": (lambda: (M.sum(1) * a).sum(), {"M": M, "a": a}),
        "SumBackward1 keepdim": (lambda: (M.sum(0, keepdim=True) * a).sum(), {"M": M, "a": a}),
        "MeanBackward1": (lambda: (M.mean(0) * a).sum(), {"M": M, "a": a}),
        "LogSoftmaxBackward0 NllLossBackward0": (
            lambda: F.cross_entropy(X.mm(W), al.tensor([0, 1, 1])), {"X": X, "W": W}),
        "SoftmaxBackward0": (lambda: (F.softmax(M, 1) * M.detach()).sum(), {"M": M}),
        "MseLossBackward0 sum": (lambda: F.mse_loss(a * 2, b, reduction="sum"),
                                 {"a": a, "b": b}),
    }


@pytest.mark.parametrize("case", list(_cases()))
def test_substituted_numbers_give_the_engines_gradient(case):
    build, names = _cases()[case]
    for leaf in names.values():
        leaf.grad = None
    lab = Lab(build(), names=names)
    infos = steps(lab)
    seen = {i["name"] for i in infos}
    for name in [w for w in case.split() if w.endswith(("0", "1"))]:
        assert name in seen, (name, seen)
    lines = [c for i in infos if i["name"] != "AccumulateGrad" for c in i["chain"]]
    assert lines, infos
    for line in lines:
        check_line(line)
    for info in infos:                  # every input that got a gradient has its line
        if info["name"] in derivatives.RULES:
            assert len(info["chain"]) == len(info["out"]), info
    # a leaf fed by one line: that line's value is its .grad
    for label, leaf in names.items():
        if not leaf.requires_grad:
            continue
        feeding = [c for c in lines if c["to"] == label]
        if len(feeding) == 1 and leaf.grad is not None:
            np.testing.assert_allclose(evaluate(feeding[0]["value"]),
                                       leaf.grad.numpy(), rtol=2e-3, atol=2e-3)


def test_targets_of_a_linear_layer_are_named():
    X = al.tensor([[1., 0.5], [2., -1.]])
    W_1 = al.tensor([[0.5, -1.], [2., 1.]], requires_grad=True)
    b_1 = al.tensor([0.1, -0.2], requires_grad=True)
    lab = Lab(F.linear(X, W_1, b_1).sum(), names={"X": X, "W_1": W_1, "b_1": b_1})
    infos = {i["name"]: i for i in steps(lab)}
    addmm = infos["AddmmBackward0"]
    texts = [c["text"] for c in addmm["chain"]]
    assert texts[0].startswith("AddmmBackward0: grad_b_1 = sum_to(grad, b_1.shape)")
    assert texts[1].startswith("AddmmBackward0: grad_mat2 = X.T @ grad")
    assert infos["TBackward0"]["chain"][0]["text"].startswith("TBackward0: grad_W_1 = grad.T")
    assert all(o["to"] != "AccumulateGrad" for i in infos.values() for o in i["out"])
    assert all(d["to"] != "AccumulateGrad" for i in infos.values() for d in i["local"])


# ----------------------------------------------------------------------------- formulas
def test_matrix_products_are_not_called_element_wise():
    for name in ("AddmmBackward0", "MmBackward0", "MvBackward0"):
        assert not derivatives.is_exact(name, 6)
        assert "not element-wise" in derivatives.formula(name, "en")
        assert "不是逐元素" in derivatives.formula(name, "zh")
    assert derivatives.is_exact("AddBackward0", 6) and derivatives.is_exact("TBackward0", 6)


def test_every_lesson_node_type_has_a_formula_in_both_languages():
    lesson_nodes = ["AccumulateGrad", "AddBackward0", "AddmmBackward0",
                    "BinaryCrossEntropyWithLogitsBackward0", "ConvolutionBackward0",
                    "DotBackward0", "MaxPool2DWithIndicesBackward0", "MeanBackward0",
                    "MeanBackward1", "MmBackward0", "MulBackward0", "NativeBatchNormBackward0",
                    "PermuteBackward0", "PowBackward0", "ReluBackward0", "SigmoidBackward0",
                    "SqueezeBackward4", "SubBackward0", "SumBackward0", "TBackward0",
                    "ViewBackward0", "DivBackward0", "ExpBackward0", "MseLossBackward0"]
    for name in lesson_nodes:
        en, zh = derivatives.formula(name, "en"), derivatives.formula(name, "zh")
        assert en and zh, name
        if re.search(r"[a-z]{4,}", en.replace("grad", "").replace("sum", "")):
            assert en != zh and re.search(r"[\u4e00-\u9fff]", zh), name   # words translated
    # a lesson's own Function: its backward is the learner's
    assert "your own backward" in derivatives.formula("MyExpBackward", "en", custom=True)
    assert "你自己写的" in derivatives.formula("MyExpBackward", "zh", custom=True)


def test_custom_function_node_says_the_backward_is_yours():
    class MyExp(al.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            r = x.exp()
            ctx.save_for_backward(r)
            return r

        @staticmethod
        def backward(ctx, grad):
            r, = ctx.saved_tensors
            return grad * r
    x = al.tensor([0.0, 1.0], requires_grad=True)
    lab = Lab(MyExp.apply(x).sum(), names={"x": x}, lang="zh")
    infos = steps(lab)
    mine = [i for i in infos if i["name"] == "MyExpBackward"][0]
    assert mine["custom"] and [o["to"] for o in mine["out"]] == ["x"]
    lab.selected = lab.graph.by_name("MyExpBackward").id
    assert "你自己写的 backward" in lab.inspector_html.value
