"""``autograd-lab lessons``: the lessons ship with the package, are copied without losing a
learner's edits, are trusted, and JupyterLab gets the flags it needs (the browser test
tests/browser/test_launcher.py starts it for real)."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.sign import NotebookNotary

from autograd_lab import lessons

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")) + ["lesson_tools.py"]


@pytest.fixture
def source(tmp_path):
    """A small stand-in for the shipped lessons, so that a test can change one."""
    folder = tmp_path / "shipped"
    folder.mkdir()
    for name in ("00_introduction.ipynb", "01_next.ipynb"):
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]),
                       folder / name)
    (folder / "lesson_tools.py").write_text("def check(): pass\n")
    return folder


def actions(folder, source, ask=None):
    return dict(lessons.copy_lessons(folder, source=source, ask=ask))


def test_the_checkout_ships_every_lesson_and_the_helper_module():
    shipped = lessons.shipped_lessons()
    assert [p.name for p in lessons.lesson_files(shipped)] == SHIPPED
    assert lessons.lesson_files(shipped)[0].name == lessons.FIRST_LESSON


def test_first_copy_then_nothing_to_do(tmp_path, source):
    target = tmp_path / "mine"
    assert actions(target, source) == {"00_introduction.ipynb": "copied",
                                       "01_next.ipynb": "copied", "lesson_tools.py": "copied"}
    assert (target / "lesson_tools.py").read_text() == "def check(): pass\n"
    assert set(actions(target, source).values()) == {"unchanged"}


def test_an_edited_lesson_is_kept_without_a_terminal(tmp_path, source):
    target = tmp_path / "mine"
    actions(target, source)
    (target / "01_next.ipynb").write_text("my notes")
    (source / "01_next.ipynb").write_text("a newer lesson")
    assert actions(target, source)["01_next.ipynb"] == "kept"
    assert (target / "01_next.ipynb").read_text() == "my notes"
    assert actions(target, source)["01_next.ipynb"] == "kept"       # and on the next run


def test_an_edited_lesson_is_replaced_only_after_a_yes_and_backed_up(tmp_path, source):
    target = tmp_path / "mine"
    actions(target, source)
    (target / "01_next.ipynb").write_text("my notes")
    questions = []
    no = actions(target, source, ask=lambda q: questions.append(q) or False)
    assert no["01_next.ipynb"] == "kept" and len(questions) == 1
    assert "01_next.ipynb" in questions[0]
    yes = actions(target, source, ask=lambda q: True)
    assert yes["01_next.ipynb"] == "replaced"
    assert (target / "01_next.ipynb").read_bytes() == (source / "01_next.ipynb").read_bytes()
    assert (target / "01_next.ipynb.bak").read_text() == "my notes"


def test_an_unedited_older_copy_is_updated_without_asking(tmp_path, source):
    target = tmp_path / "mine"
    actions(target, source)
    (source / "lesson_tools.py").write_text("def check(): return 'new'\n")
    asked = []
    assert actions(target, source, ask=asked.append)["lesson_tools.py"] == "updated"
    assert asked == []
    assert "new" in (target / "lesson_tools.py").read_text()


def test_a_file_that_was_there_before_the_launcher_counts_as_the_learners(tmp_path, source):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "00_introduction.ipynb").write_text("somebody else's notebook")
    assert actions(target, source)["00_introduction.ipynb"] == "kept"


def test_the_report_says_what_was_kept(tmp_path, source, capsys):
    target = tmp_path / "mine"
    actions(target, source)
    (target / "01_next.ipynb").write_text("my notes")
    (source / "lesson_tools.py").write_text("# newer\n")
    lessons._report(target, lessons.copy_lessons(target, source=source))
    out = capsys.readouterr().out
    assert "1 unchanged, 1 kept, 1 updated" in out
    assert "kept your edited 01_next.ipynb" in out


def test_copied_notebooks_are_trusted(tmp_path, source, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter_data"))
    target = tmp_path / "mine"
    actions(target, source)
    path = target / "00_introduction.ipynb"
    assert not NotebookNotary().check_signature(nbformat.read(path, as_version=4))
    lessons.trust([path])
    assert NotebookNotary().check_signature(nbformat.read(path, as_version=4))


def test_jupyter_command_passes_the_flags_through():
    assert lessons.jupyter_command() == [sys.executable, "-m", "jupyterlab",
                                         "00_introduction.ipynb"]
    cmd = lessons.jupyter_command(port=8890, no_browser=True, as_root=True)
    assert cmd[4:] == ["--ServerApp.port=8890", "--no-browser", "--allow-root"]


def test_main_parses_the_command_line(monkeypatch):
    calls = []
    monkeypatch.setattr(lessons, "lessons", lambda *a, **k: calls.append((a, k)) or 0)
    assert lessons.main(["lessons", "here", "--no-browser", "--port", "9000"]) == 0
    assert lessons.main(["lessons"]) == 0
    assert calls == [(("here",), {"port": 9000, "no_browser": True}),
                     (("autograd_lab_lessons",), {"port": None, "no_browser": False})]


def test_as_root_the_launcher_says_so_and_allows_root(tmp_path, source, monkeypatch, capsys):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter_data"))
    monkeypatch.setattr(lessons, "shipped_lessons", lambda: source)
    monkeypatch.setattr(lessons, "running_as_root", lambda: True)
    monkeypatch.setattr(lessons, "_server_url", lambda proc, timeout: None)
    started = []

    class FakeJupyter:      # records the command line instead of starting a server
        pid = 0

        def __init__(self, cmd, cwd):
            started.append((cmd, cwd))

        def wait(self):
            return 0

        def poll(self):
            return 0

    monkeypatch.setattr(lessons.subprocess, "Popen", FakeJupyter)
    assert lessons.lessons(tmp_path / "mine", no_browser=True) == 0
    assert "You are root" in capsys.readouterr().out
    (cmd, cwd), = started
    assert "--allow-root" in cmd and "--no-browser" in cmd and cwd == tmp_path / "mine"


def test_python_dash_m_autograd_lab_runs_the_launcher():
    result = subprocess.run([sys.executable, "-m", "autograd_lab", "lessons", "--help"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "--no-browser" in result.stdout and "--port" in result.stdout


def test_the_wheel_carries_the_lessons_and_the_command(tmp_path):
    """Build the wheel from a copy of the checkout (no network: setuptools is installed)."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(
        ".git", "node_modules", "build", "dist", "*.egg-info", "__pycache__", "golden",
        ".venv", "docs", "bench"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(checkout)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    wheel, = (tmp_path / "dist").glob("autograd_lab-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(zf.read(n).decode() for n in names
                            if n.endswith(".dist-info/entry_points.txt"))
        metadata = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    for name in SHIPPED:
        assert f"autograd_lab/_lesson_files/{name}" in names
    assert "autograd-lab = autograd_lab.lessons:main" in entry_points
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    plain = [line for line in requires if "extra ==" not in line]
    for tool in ("pytest", "nbval", "playwright", "torch", "hypothesis"):
        assert not any(tool in line for line in plain), (tool, plain)
