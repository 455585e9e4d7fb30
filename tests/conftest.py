import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import oracle as _oracle  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--record-golden", action="store_true",
                     help="write torch's answers to tests/golden/*.json")


def pytest_configure(config):
    if _oracle.REQUIRE_TORCH and not _oracle.torch_available():
        raise pytest.UsageError("AUTOGRAD_LAB_REQUIRE_ORACLE=1 but torch is not importable: "
                                "the oracle tests would not run against torch")


def pytest_sessionfinish(session, exitstatus):
    if session.config.getoption("--record-golden"):
        _oracle.write_golden()


@pytest.fixture
def oracle(request):
    """``oracle(key, lambda torch: ...)``: torch's answer, live or from the golden file."""
    module = Path(request.node.fspath).stem
    return _oracle.Oracle(module, request.node.name, request.config.getoption("--record-golden"))
