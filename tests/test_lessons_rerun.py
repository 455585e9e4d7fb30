"""The lessons as a learner really runs them: a 🔮 cell is run once without a guess, the
guess is written in, and the same cell is run again; a lesson is run from the top a second
time in the same kernel (Run All after Run All). Both must work: the right guess is praised
on the second run too, and nothing raises except cells tagged ``raises-exception``.

The right answer is never written here: it is what the cell's own check compared on its
first run (``lesson_tools.answer()``), typed back into ``guess`` as a learner would type it.
"""
import copy
import re
from pathlib import Path

import nbformat
import pytest

nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
NO_GUESS_LINE = re.compile(r"^guess = \.\.\.", re.M)
CORRECT, WRONG, ASKED = "✅", "❌", "✍️"
ANSWER_SHOWN = "实际结果 / actual result"


class Kernel:
    """One kernel started in notebooks/ (as nbval and JupyterLab start it), running cells one
    at a time; a cell that raises fails the test unless it is tagged raises-exception."""

    def __init__(self, nb):
        # a copy: nbclient stores every cell it runs into its notebook, probes included
        self.client = nbclient.NotebookClient(
            copy.deepcopy(nb), timeout=300, kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}})

    def run(self, cell, index):
        """Run (a copy of) ``cell``; what it printed."""
        cell = nbformat.from_dict(dict(cell, outputs=[]))
        self.client.execute_cell(cell, index)
        return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")

    def answer(self, index):
        """The last 🔮 cell's answer, as the Python literal a learner would write."""
        probe = nbformat.v4.new_code_cell("import lesson_tools; print(repr(lesson_tools.answer()))")
        return self.run(probe, index).strip()


def predict_cells(nb):
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and NO_GUESS_LINE.search(c.source)]


def with_guess(cell, literal):
    return dict(cell, source=NO_GUESS_LINE.sub(lambda _m: f"guess = {literal}", cell.source,
                                               count=1))


def read(path):
    return nbformat.read(path, as_version=4)


def test_every_lesson_has_predict_cells_the_test_can_fill_in():
    assert all(predict_cells(read(path)) for path in LESSONS)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_predict_cell_run_again_with_the_right_guess_says_correct(path):
    nb = read(path)
    kernel = Kernel(nb)
    predicts = set(predict_cells(nb))
    with kernel.client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            first = kernel.run(cell, index)
            if index not in predicts:
                continue
            where = f"{path.name}, cell {index}"
            assert ASKED in first and ANSWER_SHOWN not in first, where
            literal = kernel.answer(index)
            again = kernel.run(with_guess(cell, literal), index)
            assert CORRECT in again and WRONG not in again, f"{where}, guess = {literal}: {again}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_run_twice_in_one_kernel_works_the_second_time(path):
    nb = read(path)
    kernel = Kernel(nb)
    predicts = set(predict_cells(nb))
    answers = {}
    with kernel.client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                kernel.run(cell, index)
                if index in predicts:
                    answers[index] = kernel.answer(index)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if index in predicts:
                cell = with_guess(cell, answers[index])
            out = kernel.run(cell, index)
            if index in predicts:
                assert CORRECT in out and WRONG not in out, f"{path.name}, cell {index}: {out}"


# Every panel that has a forward function, after Run All, as a teacher then uses it: scroll
# back up, click Forward, then Backward. A forward function that reads a notebook variable a
# later cell reuses (lesson 7 once had `a = h.relu()` far below `def g(): ... W @ a`) fails
# here with the error the panel would show.
PANELS_WITH_FORWARD = """
import gc
from autograd_lab.widgets import Lab
for lab in [o for o in gc.get_objects() if isinstance(o, Lab)]:
    if lab._forward is None or getattr(lab, "_closed", False):
        continue
    lab.forward()
    lab.backward()
    print(repr(lab.error or "ok"))
"""


def _makes_a_forward_panel(path):
    """Whether a lesson opens a ``Lab(forward=...)`` or ``Lab(fn, args=...)`` panel."""
    return bool(re.search(r"Lab\((forward=\w+|\w+, args=)", "".join(
        c.source for c in read(path).cells if c.cell_type == "code")))


FORWARD_LESSONS = [p for p in LESSONS if _makes_a_forward_panel(p)]


@pytest.mark.parametrize("path", FORWARD_LESSONS, ids=lambda p: p.stem)
def test_after_run_all_every_forward_panel_runs_forward_and_backward(path):
    nb = read(path)
    kernel = Kernel(nb)
    with kernel.client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                kernel.run(cell, index)
        probe = nbformat.v4.new_code_cell(PANELS_WITH_FORWARD)
        said = kernel.run(probe, len(nb.cells) - 1).splitlines()
    assert said and all(s == "'ok'" for s in said), (path.name, said)
