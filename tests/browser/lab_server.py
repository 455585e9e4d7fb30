"""A JupyterLab (or Notebook 7) server and a headless Chromium for browser tests (and the
benchmark).

Kept apart from conftest.py so that other test modules (the lessons' browser test) and
``bench/bench_viz.py`` can import the same helpers. Everything runs on 127.0.0.1 with a
random token, fresh Jupyter config/settings/workspace directories and a fresh Chromium
profile, so no state leaks in from the machine or between runs.
"""
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("AUTOGRAD_LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def chromium_available():
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLabServer:
    """A running ``jupyter lab`` serving ``root``; ``url(path)`` opens a file in it."""

    def __init__(self, root, port, token, proc, log_path):
        self.root, self.port, self.token = Path(root), port, token
        self.proc, self.log_path = proc, log_path
        self.base = f"http://127.0.0.1:{port}/"

    def url(self, path=""):
        """Open ``path`` in a fresh workspace (``reset``), so that notebooks opened by
        earlier tests of the session are not opened again beside it."""
        return f"{self.base}lab/tree/{path}?reset&token={self.token}"

    def api(self, path):
        with urllib.request.urlopen(f"{self.base}api/{path}?token={self.token}",
                                    timeout=5) as r:
            return json.loads(r.read())

    def log(self):
        return Path(self.log_path).read_text(errors="replace")


def fresh_jupyter_env(home):
    """Environment variables giving Jupyter fresh directories under ``home`` (no news, no
    update checks) and kernels that import this checkout."""
    home = Path(home)
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    return dict(os.environ,
                JUPYTER_CONFIG_DIR=str(home / "config"),
                JUPYTER_RUNTIME_DIR=str(home / "runtime"),
                JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
                JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
                PYTHONPATH=os.pathsep.join(filter(None, [str(REPO),
                                                         os.environ.get("PYTHONPATH")])))


class Notebook7Server(JupyterLabServer):
    """A running Notebook 7 (``jupyter notebook``) serving ``root``."""

    def url(self, path=""):
        return f"{self.base}notebooks/{path}?token={self.token}"


@contextlib.contextmanager
def notebook7(root, timeout=180):
    """Start Notebook 7 on 127.0.0.1 serving ``root``; stop it afterwards."""
    with jupyterlab(root, timeout, app="notebook") as server:
        yield server


@contextlib.contextmanager
def jupyterlab(root, timeout=180, app="jupyterlab"):
    """Start JupyterLab (or, with ``app="notebook"``, Notebook 7) on 127.0.0.1 serving
    ``root``; stop it afterwards."""
    port, token = _free_port(), secrets.token_hex(16)
    home = Path(tempfile.mkdtemp(prefix="agl-jupyter-"))
    env = fresh_jupyter_env(home)
    log_path = home / "jupyter.log"
    cmd = [sys.executable, "-m", app, "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--expose-app-in-browser", "--allow-root"]
    if app == "jupyterlab":
        cmd.append("--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                cwd=str(root))
    server = (JupyterLabServer if app == "jupyterlab" else Notebook7Server)(
        root, port, token, proc, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError("jupyter lab exited:\n" + server.log())
            try:
                server.api("status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("jupyter lab did not start:\n" + server.log())
                time.sleep(0.3)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def chromium(playwright):
    """Debian's Chromium, headless, with a fresh profile (a new --user-data-dir)."""
    profile = tempfile.mkdtemp(prefix="agl-chromium-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


# -- driving a notebook ------------------------------------------------------------------------

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def open_notebook(page, server, path, timeout=60_000):
    """Open ``path`` (relative to the server root) and wait for its kernel to be idle
    (answering JupyterLab's "Select Kernel" dialog if the notebook names no kernel)."""
    page.goto(server.url(path))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=timeout)
    page.wait_for_function(
        """() => {
            if (document.querySelector('.jp-Dialog')) return true;
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session &&
                      w.sessionContext.session.kernel;
            return k && k.status === 'idle';
        }""", timeout=timeout)
    dialog = page.query_selector(".jp-Dialog .jp-mod-accept")
    if dialog is not None:
        dialog.click()
    wait_for_kernel(page, timeout)


def wait_for_kernel(page, timeout=60_000):
    """Wait until the current notebook's kernel exists and is idle."""
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session &&
                      w.sessionContext.session.kernel;
            return k && k.status === 'idle';
        }""", timeout=timeout)


def run_all(page, timeout=120_000):
    """Run every cell (Run > Run All Cells) and wait until they have all finished."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    wait_until_executed(page, timeout)


def wait_until_executed(page, timeout=120_000):
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", timeout=timeout)
    wait_for_kernel(page, timeout)


def run_code_in_new_cell(page, code, timeout=60_000):
    """Add a cell at the end of the notebook, type ``code`` into it and run it."""
    page.evaluate("""() => {
        const app = window.jupyterapp;
        const nb = app.shell.currentWidget.content;
        nb.activeCellIndex = nb.widgets.length - 1;
        return app.commands.execute('notebook:insert-cell-below');
    }""")
    page.evaluate("""(code) => {
        const cell = window.jupyterapp.shell.currentWidget.content.activeCell;
        cell.model.sharedModel.setSource(code);
    }""", code)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-cell')")
    wait_until_executed(page, timeout)


def cell_errors(page):
    """Tracebacks shown in the notebook's outputs (there should be none)."""
    return page.eval_on_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        "els => els.map(e => e.textContent)")
