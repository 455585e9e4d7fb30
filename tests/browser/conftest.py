"""Fixtures for browser tests: a JupyterLab server on 127.0.0.1 and Debian's Chromium.

Reusable by any browser test (the lessons' too):

* ``lab_root``   a fresh directory the server serves; copy or write notebooks into it;
* ``jupyter_server``   the running server (``.url(path)``, ``.log()``), one per session;
* ``browser``    a Chromium context with a fresh profile, one per session;
* ``page``       a new tab for each test (closed afterwards).

``lab_server.py`` holds the helpers that drive a notebook (``open_notebook``, ``run_all``,
``run_code_in_new_cell``). Screenshots go to ``$AUTOGRAD_LAB_SCREENSHOTS`` when set (the
ones kept in docs/screenshots/ were made that way), else to the test's tmp directory.
"""
import os
from pathlib import Path

import pytest

from lab_server import chromium, chromium_available, jupyterlab

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory):
    return tmp_path_factory.mktemp("lab_root")


@pytest.fixture(scope="session")
def jupyter_server(lab_root):
    with jupyterlab(lab_root) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p, chromium(p) as context:
        yield context


@pytest.fixture
def page(browser):
    """A new tab; its console messages are kept in ``page.console_log`` for diagnostics."""
    page = browser.new_page()
    page.console_log = []
    page.on("console", lambda m: page.console_log.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.console_log.append(f"pageerror: {e}"))
    page.set_default_timeout(60_000)
    yield page
    page.close()


@pytest.fixture
def screenshot_dir(tmp_path):
    target = os.environ.get("AUTOGRAD_LAB_SCREENSHOTS")
    path = Path(target) if target else tmp_path / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
