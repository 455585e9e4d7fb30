"""The lessons as committed: outputs stored (so they read well unrun and nbval compares every
cell), no widget state (small files), errors only where a cell is tagged raises-exception.
``tools/run_notebooks.py`` writes them this way."""
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import clean_outputs, shorten_traceback  # noqa: E402


def test_there_is_an_introduction_a_lesson_per_original_tutorial_and_two_beyond():
    names = [p.name for p in LESSONS]
    assert names[0] == "00_introduction.ipynb"
    assert len(names) == 8 and [n[:2] for n in names] == [f"{i:02d}" for i in range(8)]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_stored_lesson_is_executed_small_and_fails_only_on_purpose(path):
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, "widget state stored: run tools/run_notebooks.py"
    code = [c for c in nb.cells if c.cell_type == "code"]
    # nbval compares a cell's outputs only when it has an execution count
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        outputs = cell.outputs
        assert all("application/vnd.jupyter.widget-view+json" not in o.get("data", {})
                   for o in outputs), "widget views stored: run tools/run_notebooks.py"
        errors = [o for o in outputs if o.output_type == "error"]
        tagged = "raises-exception" in cell.metadata.get("tags", [])
        assert bool(errors) == tagged, cell.source[:80]
    assert path.stat().st_size < 64_000


def test_clean_outputs_keeps_a_widgets_text_only_and_the_cells_own_frames():
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}})
    cell = nbformat.v4.new_code_cell("Lab(y)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={
            "text/plain": "Lab(children=...)",
            "application/vnd.jupyter.widget-view+json": {"model_id": "abc"}}),
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("error", ename="RuntimeError", evalue="boom", traceback=[
            "----", "RuntimeError   Traceback (most recent call last)",
            "Cell In[3], line 1", "File /x/autograd_lab/engine.py:4", "RuntimeError: boom"]),
    ]
    nb.cells = [cell]
    out = clean_outputs(nb).cells[0].outputs
    assert "widgets" not in nb.metadata
    assert out[0].data == {"text/plain": "Lab(children=...)"}
    assert out[1].text == "a\nb\n" and len(out) == 3
    assert out[2].traceback[:3] == ["----", "RuntimeError   Traceback (most recent call last)",
                                    "Cell In[3], line 1"]
    assert "1 frames inside the library" in out[2].traceback[3]
    assert out[2].traceback[-1] == "RuntimeError: boom"
    assert shorten_traceback(["Cell In[1], line 1", "E: x"]) == ["Cell In[1], line 1", "E: x"]
