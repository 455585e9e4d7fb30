"""``python -m autograd_lab lessons DIR --no-browser --port P`` as a learner runs it: the
lessons are copied, JupyterLab starts on lesson 0 at the URL the launcher prints, and after
Run All a Lab panel draws its graph in Chromium.

The launcher starts its own JupyterLab (not the session's server of conftest.py), with fresh
Jupyter directories; a config file exposes the app to the page, as the other browser tests
need it (``--expose-app-in-browser``).
"""
import json
import os
import re
import signal
import subprocess
import sys
import time

from lab_server import (REPO, _free_port, cell_errors, fresh_jupyter_env, run_all,
                        wait_for_kernel)


def _jupyter_env(home):
    """Fresh Jupyter directories, with a config file that exposes the app to the page."""
    env = fresh_jupyter_env(home)
    config = home / "config"
    config.mkdir()
    (config / "jupyter_server_config.json").write_text(json.dumps({
        "LabApp": {"expose_app_in_browser": True,
                   "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}}))
    env["JUPYTER_DATA_DIR"] = str(home / "data")          # the trust database too
    return env


def _read_until_url(proc, timeout=120):
    """The launcher's output up to the URL it prints, and the URL."""
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        lines.append(line)
        match = re.match(r"\s+(http://\S+/lab/tree/00_introduction\.ipynb\S*)", line)
        if match:
            return "".join(lines), match.group(1)
    raise AssertionError("the launcher printed no URL:\n" + "".join(lines))


def _node_texts(page):
    return page.eval_on_selector_all(".agl-lab .agl-main .agl-graph svg g.node text",
                                     "ts => ts.map(t => t.textContent)")


def test_launcher_serves_lesson_0_and_its_panel_draws(page, tmp_path):
    folder, port = tmp_path / "my lessons", _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograd_lab", "lessons", str(folder), "--no-browser",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=tmp_path,
        env=_jupyter_env(tmp_path), start_new_session=True)
    try:
        output, url = _read_until_url(proc)
        lessons = len(list((REPO / "notebooks").glob("*.ipynb")))
        assert f"{lessons + 1} copied" in output     # every lesson and lesson_tools.py
        assert (folder / "00_introduction.ipynb").exists()
        assert (folder / "lesson_tools.py").exists()
        if os.geteuid() == 0:
            assert "You are root" in output and "--allow-root" in output
        assert f":{port}/" in url and "token=" in url

        page.goto(url)
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook")
        wait_for_kernel(page)
        title = page.evaluate("() => window.jupyterapp.shell.currentWidget.title.label")
        assert title == "00_introduction.ipynb"
        run_all(page)
        assert cell_errors(page) == []
        # lesson 0's panel shows the inputs a and b; its Forward button (in Chinese, the
        # lesson's language) runs forward() and the graph grows its backward nodes
        page.wait_for_selector(".agl-lab .agl-main .agl-graph svg g.node")
        assert {"a", "b"} <= set(_node_texts(page))
        page.click(".agl-lab button:has-text('前向传播')")
        page.wait_for_function("""() => [...document.querySelectorAll(
            '.agl-lab .agl-main .agl-graph svg g.node text')]
            .some(t => t.textContent === 'MulBackward0')""")
        assert {"a", "b", "MulBackward0", "AddBackward0"} <= set(_node_texts(page))
    finally:
        os.kill(proc.pid, signal.SIGTERM)           # stopping the launcher stops JupyterLab
        left = _group_left_after(proc, timeout=60)
        if left:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert not left, "JupyterLab (or its kernel) outlived the launcher"


def _group_left_after(proc, timeout):
    """Whether a process of the launcher's group is still running after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc.poll()
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.5)
    return True
