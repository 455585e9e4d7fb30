"""The lessons' 'predict, then run' checker: the verdict a learner reads for a guess."""
import sys
from pathlib import Path

import pytest

import autograd_lab as torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "notebooks"))
from lesson_tools import check  # noqa: E402

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


def test_no_guess_yet_asks_for_one_and_shows_the_result_as_printed(capsys):
    out = verdict(capsys, ..., torch.tensor([2., .2]))
    assert out.startswith(NO_GUESS)
    assert "tensor([2.0000, 0.2000])" in out


def test_the_explanation_follows_the_verdict(capsys):
    check(4, torch.tensor(4.), why="b + 1 = 4")
    assert capsys.readouterr().out.splitlines()[-1] == "💡 b + 1 = 4"
