"""Every message of the Lab true and in the chosen language: the zh/en button, the status
line said again on a switch, disabled buttons that say why, advice that fits the panel, and
an inspector that summarises big tensors. Through the widget traits."""
import re

import autograd_lab as al
from autograd_lab.widgets import Lab
from autograd_lab.widgets.lab import BUTTONS


def click(lab, name):
    lab.buttons[name].click()


def seed():
    x = al.ones(2, 2, requires_grad=True)
    out = ((x + 2) * (x + 2) * 3).mean()
    return x, out


# ----------------------------------------------------------------------------- language
def test_the_language_button_switches_every_text_at_once():
    x, out = seed()
    lab = Lab(out, names={"x": x})
    assert "agl-lang" in lab.lang_button._dom_classes and lab.lang_button.description == "中文"
    click(lab, "step_backward")
    english = (lab.status, lab.inspector_html.value, lab.legend_view.dot,
               lab.timeline.caption.value, lab.buttons["backward"].tooltip)
    assert lab.status.startswith("Ran MeanBackward0")
    lab.lang_button.click()
    assert lab.lang == "zh" and lab.lang_button.description == "English"
    assert [lab.buttons[k].description for k in BUTTONS] == [
        "前向传播", "反向传播", "单步反向", "梯度清零", "detach", "优化器 step"]
    assert lab.status.startswith("执行了 MeanBackward0")            # the status line too
    assert "本节点的链式法则" in lab.inspector_html.value
    assert "叶子张量" in lab.legend_view.dot                        # and the legend
    assert "状态 2/2" in lab.timeline.caption.value
    assert "更新每个叶子的 .grad" in lab.buttons["backward"].tooltip
    assert lab.retain_box.description == "retain_graph"
    assert lab.zero_mode.options[0][0] == "设为 None"
    lab.lang_button.click()
    assert (lab.status, lab.inspector_html.value, lab.legend_view.dot,
            lab.timeline.caption.value, lab.buttons["backward"].tooltip) == english


def test_setting_lang_retranslates_the_status_line_and_the_error():
    x, out = seed()
    lab = Lab(out, names={"x": x}, lang="zh")
    assert lab.status == "就绪。"
    click(lab, "backward")
    click(lab, "backward")                       # the graph was freed
    assert "第一次反向传播已释放" in lab.error_html.value
    assert lab.status == "“反向传播”引发了错误：见下方的说明。"
    lab.lang = "en"
    assert lab.status == "Backward raised an error: see the message below."
    assert "The first backward freed" in lab.error_html.value
    assert "第一次" not in lab.error_html.value


# ----------------------------------------------------------------------------- advice
def test_freed_graph_advice_without_a_forward_function_says_rerun_the_cell():
    x, out = seed()
    lab = Lab(out, names={"x": x})
    click(lab, "backward")
    click(lab, "backward")
    advice = lab.error_html.value
    assert "Re-run the cell that built the graph" in advice
    assert "tick retain_graph" in advice and "Click Forward" not in advice
    lab.lang = "zh"
    assert "请重新运行建立计算图的单元格" in lab.error_html.value
    assert "勾选 retain_graph" in lab.error_html.value and "点击“前向传播”" not in \
        lab.error_html.value


def test_freed_graph_advice_with_a_forward_function_says_click_forward():
    a = al.tensor([1., 2.], requires_grad=True)
    lab = Lab(lambda: (a * a).sum(), names={"a": a})
    click(lab, "forward")
    click(lab, "backward")
    click(lab, "backward")
    assert "Click Forward to build a new graph" in lab.error_html.value
    assert "tick retain_graph" in lab.error_html.value
    click(lab, "forward")                      # and the advice is true: it works again
    click(lab, "backward")
    assert lab.error == ""


def test_a_disabled_button_says_why_and_how_to_enable_it():
    x, out = seed()
    lab = Lab(out, names={"x": x})
    step = lab.buttons["step"]
    assert step.disabled
    assert "no optimizer" in step.tooltip and "optimizer=..." in step.tooltip
    assert "pass optimizer=... to lab" in lab.hint_html.value.lower()     # visible, not a tooltip
    assert lab.hint_html in lab.children
    lab.lang = "zh"
    assert "没有优化器" in lab.buttons["step"].tooltip
    assert "给 Lab 传入 optimizer=..." in lab.hint_html.value
    # with an optimizer the button works and no hint is shown
    w = al.ones(2, requires_grad=True)
    opt = al.optim.SGD([w], lr=0.1)
    lab2 = Lab((w * w).sum(), names={"w": w}, optimizer=opt)
    assert not lab2.buttons["step"].disabled and lab2.hint_html.value == ""
    assert lab2.buttons["step"].tooltip.startswith("optimizer.step()")


def test_forward_tooltip_is_true_for_a_panel_without_forward_function():
    x, out = seed()
    lab = Lab(out, names={"x": x})
    assert "Replay" in lab.buttons["forward"].tooltip
    assert "forward=" in lab.buttons["forward"].tooltip
    a = al.tensor(1.0, requires_grad=True)
    assert "Run the forward function" in Lab(lambda: a * 2).buttons["forward"].tooltip


# ----------------------------------------------------------------------------- inspector
def test_inspector_summarises_a_big_tensor_instead_of_dumping_it():
    al.manual_seed(0)
    W = al.randn(10, 100, requires_grad=True)
    out = (W * 2).sum()
    lab = Lab(out, names={"W": W, "out": out})
    click(lab, "backward")
    lab.selected = lab.graph.by_name("W").id
    info = lab.inspector
    summary = info["values_summary"]
    assert summary["shape"] == [10, 100]
    lo, mean, hi = summary["stats"]
    assert abs(lo - W.min().item()) < 1e-6 and abs(hi - W.max().item()) < 1e-6
    assert abs(mean - W.mean().item()) < 1e-6
    corner = summary["first_rows"]
    assert len(corner["rows"]) == 4 and len(corner["rows"][0]) == 8
    assert corner["more_rows"] == 6 and corner["more_cols"] == 92
    assert float(corner["rows"][1][2]) == float(f"{W[1, 2].item():.4g}")
    assert len(summary["heatmap"]) == 8
    html = lab.inspector_html.value
    assert "tensor([[" not in html                            # never the wrapped dump
    assert "agl-heat" in html and "… 6 more rows" in html and "… 92 more columns" in html
    assert info["grad_summary"]["stats"] == [2.0, 2.0, 2.0]
    lab.lang = "zh"
    assert "还有 6 行" in lab.inspector_html.value and "最小 / 平均 / 最大" in \
        lab.inspector_html.value


def test_inspector_still_prints_a_small_tensor_exactly():
    x, out = seed()
    lab = Lab(out, names={"x": x})
    lab.selected = lab.graph.by_name("x").id
    assert lab.inspector["values"] == repr(x) and lab.inspector["values_summary"] is None
    assert re.search(r"<pre>tensor\(\[\[1\., 1\.\]", lab.inspector_html.value)


def test_a_forward_panel_with_nothing_to_draw_yet_says_how_to_fill_it():
    # Lab(g) with no args and no model draws an empty box until Forward: "Ready." alone left
    # a teacher looking at a blank panel.
    w = al.tensor([1.0, 2.0], requires_grad=True)
    lab = Lab(lambda: (w * w).sum(), lang="zh")
    assert lab.status == "还没有图：点击“前向传播”（或“单步前向”）建立计算图。"
    lab.lang = "en"
    assert lab.status.startswith("Nothing drawn yet: click Forward")
    lab.forward()
    assert lab.status.startswith("Forward pass built")
    lab.close()
    with_args = Lab(lambda w: (w * w).sum(), args=(w,))
    assert with_args.status == "Ready."
    with_args.close()
