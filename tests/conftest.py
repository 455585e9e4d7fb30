import os
import sys
from pathlib import Path

import pytest

# AUTOGRAD_LAB_HIDE_TORCH=1: run as on a machine without torch, so every oracle answer comes
# from tests/golden/ (CI does this too, so a stale golden file cannot go unnoticed)
if os.environ.get("AUTOGRAD_LAB_HIDE_TORCH") == "1":
    sys.modules["torch"] = None                 # ``import torch`` raises ImportError

sys.path.insert(0, str(Path(__file__).parent))
import oracle as _oracle  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--record-golden", action="store_true",
                     help="write torch's answers to tests/golden/*.json")


def pytest_configure(config):
    import device_under_test
    if device_under_test.DEVICE == "standin":
        device_under_test.install_for_session()
    if _oracle.REQUIRE_TORCH and not _oracle.torch_available():
        raise pytest.UsageError("AUTOGRAD_LAB_REQUIRE_ORACLE=1 but torch is not importable: "
                                "the oracle tests would not run against torch")


def pytest_collection_modifyitems(config, items):
    """Browser tests run last. Playwright's sync API keeps an asyncio loop running in this
    thread until the session ends; tests after it would see a "running" loop that never
    runs their callbacks (the panels' throttled refreshes)."""
    items.sort(key=lambda item: Path(str(item.fspath)).parent.name == "browser")


STRICT_SKIPS = os.environ.get("AUTOGRAD_LAB_STRICT_SKIPS") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skip is a failure: the oracle, browser and nbval tests must really run.
    Only GPU tests may skip (CI never has a GPU)."""
    outcome = yield
    report = outcome.get_result()
    if STRICT_SKIPS and report.skipped and item.get_closest_marker("gpu") is None \
            and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped in CI (AUTOGRAD_LAB_STRICT_SKIPS=1): {reason}"


def pytest_sessionfinish(session, exitstatus):
    if session.config.getoption("--record-golden"):
        _oracle.write_golden()


@pytest.fixture
def oracle(request):
    """``oracle(key, lambda torch: ...)``: torch's answer, live or from the golden file."""
    module = Path(request.node.fspath).stem
    return _oracle.Oracle(module, request.node.name, request.config.getoption("--record-golden"))


@pytest.fixture(params=["gpu", "standin"])
def cuda_backend(request):
    """The ``cuda`` device for device tests, twice: on a real GPU (CuPy; skipped without
    one) and on the strict CuPy stand-in of tests/standin_cupy.py, which is NOT a GPU: it
    only refuses what CuPy refuses, so CI catches code that bypasses ``_backend``."""
    import autograd_lab as al
    from autograd_lab import _backend
    if request.param == "gpu":
        request.applymarker(pytest.mark.gpu)
        if not al.cuda.is_available():
            pytest.skip("no CUDA device (CuPy)")
        yield "gpu"
        return
    if al.cuda.is_available():                  # a real GPU is there: leave it alone
        pytest.skip("a real CUDA device is present; the stand-in runs only without one")
    import standin_cupy
    with standin_cupy.installed(_backend):
        yield "standin"


@pytest.fixture(autouse=True)
def _close_panels_made_by_the_test():
    """A panel lives until closed (ipywidgets keeps every widget) and watches every tensor:
    one left open by a test would go on reacting to the tensors of the tests after it."""
    from ipywidgets.widgets.widget import _instances as registry   # every open widget

    from autograd_lab.widgets.lab import Lab
    before = set(registry)
    yield
    for key in [k for k in list(registry) if k not in before]:
        widget = registry.get(key)
        if isinstance(widget, Lab):
            widget.close()
