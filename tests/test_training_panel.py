"""Training you can watch (issue 10, item 6), through the panel's traits: the loss curve and
the gradient-norm sparklines of a hand-written loop (``lab.track``), *Train N steps*
(``lab.train`` and the button), the loss redrawn after *Step (optimizer)*, errors and
language. The page itself: tests/browser/test_lab_panel.py::test_train_n_steps_in_jupyterlab.
"""
import asyncio
import math
import re

import pytest

import autograd_lab as al
from autograd_lab.widgets import Lab


class TinyModel(al.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = al.nn.Linear(4, 3)
        self.layer2 = al.nn.Linear(3, 1)

    def forward(self, x):
        return self.layer2(al.tanh(self.layer1(x)))


def setup(seed=0, lr=0.1):
    al.manual_seed(seed)
    model = TinyModel()
    X, Y = al.randn(8, 4), al.randn(8, 1)
    optimizer = al.optim.SGD(model.parameters(), lr=lr)
    return model, X, Y, optimizer


def loss_of(model, X, Y):
    return ((model(X) - Y) ** 2).mean()


def by_hand(steps, seed=0):
    """The same training written out: the losses and every parameter's .grad norm."""
    model, X, Y, optimizer = setup(seed)
    losses, norms = [], {name: [] for name, _ in model.named_parameters()}
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_of(model, X, Y)
        loss.backward()
        losses.append(loss.item())
        for name, p in model.named_parameters():
            norms[name].append(p.grad.norm().item())
        optimizer.step()
    return model, losses, norms


def polyline_points(svg):
    return sum(len(m.split()) for m in re.findall(r'<polyline points="([^"]*)"', svg))


def test_track_draws_the_losses_and_grad_norms_of_a_hand_written_loop():
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of(model, X, Y), model=model, optimizer=optimizer)
    assert lab.loss_curve == [] and lab.charts_row.layout.display == "none"
    losses, norms = [], {name: [] for name, _ in model.named_parameters()}
    for _ in range(6):
        optimizer.zero_grad()
        loss = loss_of(model, X, Y)
        loss.backward()
        optimizer.step()
        lab.track(loss)
        losses.append(loss.item())
        for name, p in model.named_parameters():
            norms[name].append(p.grad.norm().item())
    assert lab.loss_curve == losses
    assert losses[-1] < losses[0]                       # the loop did train
    assert lab.grad_norms == norms                      # named after the model's paths
    assert lab.charts_row.layout.display == ""
    assert polyline_points(lab.curve_html.value) == 6
    assert f"last: {al.viz.values.fmt(losses[-1])}" in lab.curve_html.value
    for name in norms:
        assert f"<th" in lab.norms_html.value and name in lab.norms_html.value
    # the panel follows the loop: the graph drawn is the last loss's, with its value
    assert lab.roots[0] is loss
    assert f"<TD>{al.viz.values.fmt(losses[-1])}</TD>" in lab.view.dot
    lab.close()


def test_track_before_backward_records_no_grad_as_a_gap():
    w = al.tensor([3.0, 4.0], requires_grad=True)
    lab = Lab(names={"w": w})
    loss = (w * w).sum()
    lab.track(loss)                          # .grad is None: nothing to measure
    loss.backward()
    lab.track(loss)
    assert lab.loss_curve == [25.0, 25.0]
    assert math.isnan(lab.grad_norms["w"][0]) and lab.grad_norms["w"][1] == 10.0
    assert "no .grad" not in lab.norms_html.value          # the newest value is a number
    assert ">10<" in lab.norms_html.value
    lab.close()


def test_train_n_steps_matches_the_same_steps_by_hand():
    model_hand, losses, norms = by_hand(7)
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of, args=(model, X, Y), model=model, optimizer=optimizer)
    returned = lab.train(7)
    assert returned == losses and lab.loss_curve == losses
    assert lab.grad_norms == norms
    for (name, p), (_, q) in zip(model.named_parameters(), model_hand.named_parameters()):
        assert al.equal(p.detach(), q.detach()), name
    # the graph drawn afterwards is a new forward: the loss after the 7th step
    after = loss_of(model, X, Y).item()
    fmt = al.viz.values.fmt
    assert lab.status == (f"Trained 7 steps: the loss went from {fmt(losses[0])} to "
                          f"{fmt(losses[-1])}; after the last step it is {fmt(after)} "
                          "(drawn on the graph).")
    assert f"<TD>{al.viz.values.fmt(after)}</TD>" in lab.view.dot
    lab.close()


def test_train_button_uses_the_number_in_the_box_and_the_progress_bar():
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of, args=(model, X, Y), model=model, optimizer=optimizer)
    assert lab.train_row.layout.display == "" and not lab.train_button.disabled
    assert lab.train_button.description == "Train"
    lab.train_steps.value = 4
    lab.train_button.click()
    assert len(lab.loss_curve) == 4
    assert lab.train_progress.value == 4 and lab.train_progress.max == 4
    assert lab.train_progress_text.value == "4 / 4"
    lab.train_button.click()                           # a second run adds to the curve
    assert len(lab.loss_curve) == 8 and lab.loss_curve == by_hand(8)[1]
    lab.close()


def test_step_button_adds_a_point_and_redraws_the_new_loss():
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of, args=(model, X, Y), model=model, optimizer=optimizer)
    lab.buttons["forward"].click()
    lab.buttons["backward"].click()
    before = loss_of(model, X, Y).item()
    lab.buttons["step"].click()
    after = loss_of(model, X, Y).item()
    assert after != before
    assert lab.loss_curve == [before]
    fmt = al.viz.values.fmt
    assert f"<TD>{fmt(after)}</TD>" in lab.view.dot         # the loss drawn is the new one
    assert f"<TD>{fmt(before)}</TD>" not in lab.view.dot
    assert lab.status == (f"optimizer.step() updated the parameters; forward ran again: "
                          f"the loss is now {fmt(after)} (was {fmt(before)}).")
    lab.buttons["backward"].click()                      # the new graph can go back at once
    assert lab.error == ""
    lab.close()


def test_an_error_stops_training_with_a_message():
    model, X, Y, optimizer = setup()
    calls = []

    def forward():
        calls.append(1)
        if len(calls) == 3:
            raise ValueError("bad batch")
        return loss_of(model, X, Y)

    lab = Lab(forward, model=model, optimizer=optimizer)
    lab.train(5)
    assert len(lab.loss_curve) == 2
    assert lab.error == "ValueError: bad batch"
    assert "bad batch" in lab.error_html.value
    assert lab.status == "Training stopped at step 3 of 5: the error is below."
    lab.close()


def test_train_needs_forward_and_optimizer_and_says_so():
    model, X, Y, optimizer = setup()
    plain = Lab(loss_of(model, X, Y))
    assert plain.train_row.layout.display == "none"          # no optimizer: no Train row
    lab = Lab(loss_of(model, X, Y), optimizer=optimizer)
    assert lab.train_row.layout.display == "" and lab.train_button.disabled
    assert "forward function" in lab.train_button.tooltip
    lab.train(3)
    assert lab.loss_curve == [] and lab.status.startswith("Training needs a forward")
    plain.close()
    lab.close()


def test_names_from_the_users_world_are_escaped_in_the_charts():
    w = al.tensor([1.0], requires_grad=True)
    lab = Lab(names={"<img src=x onerror=alert(1)>": w})
    loss = (w * 2).sum()
    loss.backward()
    lab.track(loss)
    assert "<img" not in lab.norms_html.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in lab.norms_html.value
    lab.close()


def test_training_texts_in_chinese():
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of, args=(model, X, Y), model=model, optimizer=optimizer, lang="zh")
    assert lab.train_button.description == "训练" and lab.train_steps_label.value == "步"
    lab.train(2)
    assert lab.status.startswith("训练了 2 步")
    assert "每步的损失" in lab.curve_html.value and "梯度范数" in lab.norms_html.value
    lab.lang = "en"
    assert lab.train_button.description == "Train" and "loss per step" in lab.curve_html.value
    lab.close()


def test_clicked_training_leaves_the_event_loop_free_and_can_be_stopped():
    """In the kernel, Train runs one step per turn of the loop: other work (a click on Stop)
    gets in between steps."""
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of, args=(model, X, Y), model=model, optimizer=optimizer)
    lab.train_steps.value = 1000
    turns = []

    async def scenario():
        lab.train_button.click()
        assert lab.train_button.description == "Stop"
        assert lab.buttons["backward"].disabled and lab.train_steps.disabled
        for _ in range(5):
            turns.append(len(lab.loss_curve))
            await asyncio.sleep(0)
        lab.train_button.click()                          # Stop
        while lab._training_task is not None:
            await asyncio.sleep(0)

    asyncio.run(scenario())
    assert turns == sorted(turns) and 0 < turns[-1] < 1000     # steps ran between our turns
    k = len(lab.loss_curve)
    assert k < 1000 and lab.status == f"Stopped after {k} of 1000 steps."
    assert lab.train_button.description == "Train"
    assert not lab.buttons["backward"].disabled and not lab.train_steps.disabled
    assert lab.loss_curve == by_hand(k)[1]
    lab.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_curve_svg_text_is_large_enough_for_a_projector(lang):
    lab = Lab(names={}, lang=lang)
    lab.loss_curve = [3.0, 2.0, 1.0]
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', lab.curve_html.value)]
    assert sizes and min(sizes) >= 12
    lab.close()


def test_train_called_in_a_notebook_cell_draws_every_point():
    """A cell runs inside the kernel's event loop, which is busy until the cell ends: the
    charts must not wait for it to show the last steps."""
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of, args=(model, X, Y), model=model, optimizer=optimizer)

    async def cell():
        lab.train(12)
    asyncio.run(cell())
    assert polyline_points(lab.curve_html.value) == 12
    assert f"last: {al.viz.values.fmt(lab.loss_curve[-1])}" in lab.curve_html.value
    lab.close()


def test_zero_steps_or_a_second_run_at_once_are_refused_with_a_reason():
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of, args=(model, X, Y), model=model, optimizer=optimizer)
    assert lab.train(0) == [] and lab.status == "Enter a number of steps of 1 or more."
    lab.train_steps.value = 1000

    async def cell():
        lab.train_button.click()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert lab.train(5) == []                   # from a cell while the click trains
        assert lab.status == "Already training: click Stop first."
        lab.train_button.click()
        while lab._training_task is not None:
            await asyncio.sleep(0)
    asyncio.run(cell())
    assert lab.status.startswith("Stopped after")
    assert lab.loss_curve == by_hand(len(lab.loss_curve))[1]
    lab.close()


def test_step_without_forward_says_the_drawn_loss_is_from_before():
    model, X, Y, optimizer = setup()
    loss = loss_of(model, X, Y)
    lab = Lab(loss, model=model, optimizer=optimizer)
    lab.buttons["backward"].click()
    lab.buttons["step"].click()
    assert lab.loss_curve == [loss.item()]
    assert f"<TD>{al.viz.values.fmt(loss.item())}</TD>" in lab.view.dot
    assert lab.status.startswith("optimizer.step() updated the parameters. The loss drawn is "
                                 "still the one from before the step")
    lab.close()


def test_train_while_looking_back_follows_live_and_names_its_moment():
    # A teacher steps the timeline back to the panel as it was made, then clicks Train: the
    # training is watched (the panel follows live again), and the timeline's last moment
    # says what training did, not the message of the action before it.
    model, X, Y, optimizer = setup()
    lab = Lab(loss_of, args=(model, X, Y), model=model, optimizer=optimizer, lang="zh")
    lab.forward()
    lab.backward()
    lab.optimizer_step()
    before = lab.timeline.count
    lab.timeline.go(0)
    assert lab.timeline.shown() is not None
    lab.train(3)
    assert lab.timeline.index == -1 and lab.timeline.live_button.value
    assert lab.timeline.count == before + 1
    last = lab.moments()[-1]
    assert last["label"] == lab.status and last["label"].startswith("训练了 3 步")
    assert "训练了 3 步" in lab.timeline.caption.value
    lab.lang = "en"
    assert lab.moments()[-1]["label"].startswith("Trained 3 steps")
    lab.close()
