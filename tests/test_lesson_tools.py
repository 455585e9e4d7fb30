"""The lessons' 'predict, then run' checker: the verdict a learner reads for a guess."""
import sys
from pathlib import Path

import pytest

import autograd_lab as torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "notebooks"))
from lesson_tools import answer, check, reveal  # noqa: E402

CORRECT, WRONG, NO_GUESS = "✅", "❌", "✍️"


def verdict(capsys, guess, actual):
    check(guess, actual)
    return capsys.readouterr().out


@pytest.mark.parametrize("guess, actual", [
    (5.5, torch.tensor(5.5)),                                       # a number vs a 0-d tensor
    ([2.0, 0.2, 0.02, 0.002], torch.tensor([2., .2, .02, .002])),   # float32 rounding tolerated
    ([[8, 4], [4, 8]], torch.tensor([[8., 4.], [4., 8.]])),         # ints for floats
    (None, None),
    ([True, False], [True, False]),
    ("mulbackward0", (torch.ones(2, requires_grad=True) * 2).grad_fn),  # a node by its name
    (["MulBackward0", None], [(torch.ones(1, requires_grad=True) * 3).grad_fn, None]),
])
def test_a_right_guess_is_praised(capsys, guess, actual):
    assert verdict(capsys, guess, actual).startswith(CORRECT)


@pytest.mark.parametrize("guess, actual", [
    (6, torch.tensor(5.5)),
    ([2.0, 0.2, 0.02], torch.tensor([2., .2, .02, .002])),          # wrong length
    (0, None),                                                       # zero is not None
    (False, True),
    ("AddBackward0", (torch.ones(2, requires_grad=True) * 2).grad_fn),
])
def test_a_wrong_guess_is_shown_with_the_answer(capsys, guess, actual):
    out = verdict(capsys, guess, actual)
    assert out.startswith(WRONG)
    assert "actual result" in out


def test_no_guess_yet_asks_for_one_and_keeps_the_answer_hidden(capsys):
    check(..., torch.tensor([2., .2]), why="2v: the answer")
    out = capsys.readouterr().out
    assert out.startswith(NO_GUESS)
    assert "0.2000" not in out and "2v" not in out and "actual result" not in out
    assert "reveal()" in out


def test_reveal_shows_the_last_answer_as_printed_with_its_explanation(capsys):
    check(..., torch.tensor([2., .2]), why="2v: the answer")
    capsys.readouterr()
    reveal()
    out = capsys.readouterr().out
    assert "tensor([2.0000, 0.2000])" in out and out.splitlines()[-1] == "💡 2v: the answer"


def test_show_answer_reveals_without_a_guess(capsys):
    check(..., 5.5, why="4.5 + 1", show_answer=True)
    out = capsys.readouterr().out
    assert out.startswith(NO_GUESS) and "actual result: 5.5" in out and "💡 4.5 + 1" in out


def test_answer_is_what_a_learner_would_type(capsys):
    check(..., [(torch.ones(1, requires_grad=True) * 3).grad_fn, torch.tensor([1., 2.]), None])
    assert answer() == ["MulBackward0", [1.0, 2.0], None]
    check(answer(), [(torch.ones(1, requires_grad=True) * 3).grad_fn,
                     torch.tensor([1., 2.]), None])
    assert capsys.readouterr().out.splitlines()[-1].startswith(CORRECT)


def test_the_explanation_follows_the_verdict(capsys):
    check(4, torch.tensor(4.), why="b + 1 = 4")
    assert capsys.readouterr().out.splitlines()[-1] == "💡 b + 1 = 4"
