"""Panels keep their moment: names fixed when the panel is made, the root of Lab(forward)
named, a timeline of every state the panel showed, and ``lab.moments()``. Checked through
the widget traits, in both languages."""
import autograd_lab as al
from autograd_lab.widgets import Lab


def click(lab, name):
    lab.buttons[name].click()


def notebook():
    """A notebook's namespace: cells are run into it with ``run``."""
    ns = {"al": al, "Lab": Lab}

    def run(code):
        exec(code, ns)
        return ns
    return ns, run


def label_of(lab, node_id):
    return lab.graph.node(node_id).name


# ----------------------------------------------------------------------------- names
def test_a_later_reassignment_does_not_rename_the_panels_nodes():
    ns, run = notebook()
    run("x = al.ones(2, requires_grad=True)\n"
        "y = x * 2\n"
        "out = y.sum()\n"
        "lab = Lab(out)")
    lab = ns["lab"]
    x_id, y_id = lab.graph.by_name("x").id, lab.graph.by_name("y").id
    run("x = al.zeros(3)\n"          # later cells reuse the names
        "y = 'something else'\n"
        "out.backward()")            # a change the panel redraws
    assert label_of(lab, x_id) == "x" and label_of(lab, y_id) == "y"
    assert ">x<" in lab.view.dot or '"x' in lab.view.dot or "x</" in lab.view.dot
    assert "tensor" not in {t.name or "tensor" for t in lab.graph.tensors.values()}


def test_tensors_made_after_the_panel_still_get_names():
    ns, run = notebook()
    run("a = al.tensor(2.0, requires_grad=True)\n"
        "def loss_fn():\n"
        "    return a * k\n"
        "lab = Lab(loss_fn)")
    run("k = al.tensor(3.0, requires_grad=True)")     # a cell after the panel's
    lab = ns["lab"]
    click(lab, "forward")
    assert {t.name for t in lab.graph.tensors.values()} == {"a", "k", "loss_fn()"}


def test_root_of_lab_forward_is_named_after_the_function():
    a = al.tensor(2.0, requires_grad=True)
    b = al.tensor(3.0, requires_grad=True)

    def forward(a, b):
        c = a * b
        return c + a                  # the result has no variable of its own
    lab = Lab(forward, args=(a, b))
    click(lab, "forward")
    root = lab.graph.tensors[lab.graph.roots[0]]
    assert root.name == "forward()"
    assert {t.name for t in lab.graph.tensors.values()} == {"forward()", "c", "a", "b"}
    assert "张量" not in Lab(forward, args=(a, b), lang="zh").view.dot
    lam = Lab(lambda: (a * b).sum(), names={"a": a, "b": b})
    click(lam, "forward")
    assert lam.graph.tensors[lam.graph.roots[0]].name == "forward()"


def test_a_result_returned_under_its_own_name_keeps_it():
    a = al.tensor(2.0, requires_grad=True)

    def compute_loss():
        loss = (a * 3).sum()
        return loss
    lab = Lab(compute_loss)
    click(lab, "forward")
    assert lab.graph.tensors[lab.graph.roots[0]].name == "loss"


# ----------------------------------------------------------------------------- timeline
def seed():
    x = al.ones(2, 2, requires_grad=True)
    out = ((x + 2) * (x + 2) * 3).mean()
    return x, out


def test_every_state_is_recorded_and_can_be_returned_to():
    x, out = seed()
    lab = Lab(out, names={"x": x, "out": out})
    assert "agl-timeline" in lab.timeline._dom_classes and lab.timeline in lab.children
    made = lab.view.dot
    assert lab.timeline.count == 1 and lab.timeline.index == -1
    click(lab, "backward")
    x.sum().backward()                                  # from another cell
    lab.zero_grad_mode = "zeros"
    click(lab, "zero_grad")
    labels = [m["label"] for m in lab.moments()]
    assert labels == ["the panel as it was made",
                      "Backward finished: the leaves' .grad are updated.",
                      "Changed in another cell: x.grad.",
                      "Gradients filled with zeros."]
    live = lab.view.dot
    # back to the moment the panel was made: its drawing, status and no .grad
    lab.timeline.go(0)
    assert lab.view.dot == made and lab.status == "Ready."
    assert "State 1 of 4" in lab.timeline.caption.value
    assert "earlier state" in lab.timeline.caption.value
    assert lab.timeline.back_button.disabled and not lab.timeline.forward_button.disabled
    lab.timeline.forward_button.click()
    assert "grad: <BR/>[4.5, 4.5]" in lab.view.dot and lab.timeline.index == 1
    lab.timeline.slider.value = 2
    assert "[5.5, 5.5]" in lab.view.dot
    # a change while looking back is recorded, but the picture stays where the learner is
    x.sum().backward()
    assert lab.timeline.count == 5 and "[5.5, 5.5]" in lab.view.dot
    lab.timeline.live_button.value = True               # follow live again
    assert lab.timeline.index == -1 and "[1, 1]" in lab.view.dot and lab.view.dot != live


def test_a_button_returns_to_the_live_state():
    x, out = seed()
    lab = Lab(out, names={"x": x})
    click(lab, "backward")
    lab.timeline.go(0)
    click(lab, "zero_grad")
    assert lab.timeline.index == -1 and lab.timeline.count == 3
    assert lab.status == "Gradients set to None."


def test_after_run_all_the_panel_made_before_detach_can_be_shown_again():
    X = al.tensor([4., 4., 3., 0.])
    W_1 = al.tensor([[3., 4., 2., 3.], [2., 3., 1., 1.]], requires_grad=True)
    Z = X.matmul(W_1.T)
    Y = Z.matmul(al.tensor([1., 4.], requires_grad=True))
    lab = Lab(Y, names={"X": X, "W_1": W_1, "Z": Z, "Y": Y})
    made = lab.view.dot
    Z.detach_()                                        # a later cell of the lesson
    assert "✂ detach" in lab.view.dot                  # live: the cut shows
    lab.timeline.go(0)
    assert lab.view.dot == made and "✂ detach" not in lab.view.dot
    lab.selected = lab.graph.by_name("Z").id            # inspect Z as it was
    assert lab.inspector_html.value.count("SqueezeBackward4") >= 1


def test_stepping_is_recorded_step_by_step_and_moments_are_in_the_panels_language():
    x, out = seed()
    lab = Lab(out, names={"x": x}, lang="zh")
    for _ in range(6):
        click(lab, "step_backward")
    moments = lab.moments()
    assert [m["label"] for m in moments][:2] == ["面板创建时的状态",
                                                 "执行了 MeanBackward0（第 1 步，共约 6 步）。"]
    assert moments[2]["status"].startswith("执行了 MulBackward0")
    assert "本节点的链式法则" in moments[2]["inspector_html"]
    assert moments[2]["dot"].startswith("digraph") and 'fillcolor="#ffcdd2"' in moments[2]["dot"]
    lab.lang = "en"
    assert lab.moments()[1]["label"] == "Ran MeanBackward0 (1 of about 6)."
    assert "chain rule at this node" in lab.moments()[2]["inspector_html"]
    assert set(moments[0]) >= {"label", "dot", "inspector_html", "status"}
    assert "Live" == lab.timeline.live_button.description


def test_an_error_is_a_moment_too():
    x, out = seed()
    lab = Lab(out, names={"x": x})
    click(lab, "backward")
    click(lab, "backward")
    last = lab.moments()[-1]
    assert last["label"] == "Backward raised an error: see the message below."
    assert last["error"].startswith("RuntimeError: Trying to backward")


def test_a_past_moment_is_drawn_in_the_language_chosen_now():
    # The recorded gradient rows ("grad seen in backward: ...") of a moment were written in
    # the language of its time; after the zh/en button the past is drawn in the new one.
    a = al.tensor(2.0, requires_grad=True)
    b = al.tensor(3.0, requires_grad=True)
    lab = Lab(lambda: (a * b + a).tanh(), lang="zh")
    lab.forward()
    lab.backward()
    lab.zero_grad()
    assert "反向传播中流过的梯度" in lab.view.dot
    lab.timeline.go(lab.timeline.count - 2)      # back to just after Backward
    lab.lang = "en"
    assert lab.timeline.shown() is not None
    assert "grad seen in backward" in lab.view.dot
    assert "反向传播中流过的梯度" not in lab.view.dot
    lab.close()
