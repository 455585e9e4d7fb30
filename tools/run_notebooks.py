"""Re-execute the lessons and store their outputs, small and without widget state.

Usage::

    python tools/run_notebooks.py                 # every notebooks/*.ipynb
    python tools/run_notebooks.py notebooks/02_*.ipynb

Each notebook runs top to bottom in a fresh kernel started in ``notebooks/`` (as nbval and
JupyterLab do). A cell may raise only if it is tagged ``raises-exception``. The outputs are
then cleaned so that the committed files stay small and diff well:

- ``metadata.widgets`` (the saved widget state) is removed: panels are redrawn when run;
- a widget output keeps only its ``text/plain`` line (nbval ignores the widget view anyway);
- execution timings are dropped and execution counts renumbered 1, 2, 3, ...;
- consecutive prints to the same stream are joined into one output;
- a traceback keeps the notebook's own frames and the error line; the frames inside the
  library are left out (they change with every refactoring and name paths of this machine).

Exits non-zero if a notebook fails or takes longer than ``--max-seconds`` (default 60).
"""
import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ROOT = Path(__file__).resolve().parent.parent


def shorten_traceback(traceback):
    """Keep the header, the frames of notebook cells ('Cell In[5], line 7') and the error."""
    library = [entry for entry in traceback[:-1] if entry.startswith("File ")]
    if not library:
        return traceback
    kept = [entry for entry in traceback[:-1] if not entry.startswith("File ")]
    note = (f"\x1b[2m[{len(library)} frames inside the library left out; "
            "run the cell to see them]\x1b[0m")
    return kept + [note, traceback[-1]]


def join_streams(outputs):
    """One output per run of consecutive prints to the same stream (as nbval compares them)."""
    joined = []
    for out in outputs:
        if (out.output_type == "stream" and joined and joined[-1].output_type == "stream"
                and joined[-1].name == out.name):
            joined[-1].text += out.text
        else:
            joined.append(out)
    return joined


def clean_outputs(nb):
    """Remove saved widget state; keep each widget output's plain-text line only; join
    streams and shorten tracebacks (see the module docstring)."""
    nb.metadata.pop("widgets", None)
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = join_streams(cell.outputs)
        for out in cell.outputs:
            if out.output_type == "error":
                out.traceback = shorten_traceback(out.traceback)
            if "execution_count" in out:
                out.execution_count = count
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                out.data = {"text/plain": data.get("text/plain", "")}
                out.metadata = {}
    return nb


def run(path, timeout):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(clean_outputs(nb), path)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--cell-timeout", type=int, default=300)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    slow = []
    for path in paths:
        seconds = run(path.resolve(), args.cell_timeout)
        print(f"{seconds:6.1f} s  {path.name}")
        if seconds > args.max_seconds:
            slow.append(path.name)
    if slow:
        print(f"slower than {args.max_seconds:g} s: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
