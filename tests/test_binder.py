"""The Binder configuration (binder/) builds the environment the lessons need.

``repo2docker --no-build`` turns the configuration into the Dockerfile Binder would build,
without Docker; we check that file installs what the lessons use.
"""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

try:
    import tomllib                      # Python 3.11+
except ImportError:                     # Python 3.10: the same parser, from PyPI (test extra)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def _name(requirement):
    """'numpy>=1.26' -> 'numpy' (normalised as pip does: case, '-' and '_' alike)."""
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _requirement_lines():
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def dockerfile():
    exe = shutil.which("repo2docker") or pytest.skip("jupyter-repo2docker is not installed")
    result = subprocess.run([exe, "--no-build", "--debug", str(ROOT)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_binder_installs_the_project_with_pinned_dependencies():
    lines = _requirement_lines()
    assert "-e ." in lines, "Binder must install the checked-out project itself"
    pinned = {_name(line): line for line in lines if line != "-e ."}
    unpinned = [line for line in pinned.values() if "==" not in line]
    assert not unpinned, f"unpinned requirements: {unpinned}"
    missing = [dep for dep in _project()["dependencies"] if _name(dep) not in pinned]
    assert not missing, f"dependencies of the project not pinned for Binder: {missing}"


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _ci_other_pythons():
    """OTHER_PYTHONS of .ci/run: the versions CI tests besides its main one."""
    other = re.search(r'OTHER_PYTHONS=\$\{OTHER_PYTHONS-"([^"]*)"\}',
                      (ROOT / ".ci" / "run").read_text())
    assert other, ".ci/run names no OTHER_PYTHONS"
    return other.group(1).split()


def _version(text):
    return tuple(int(part) for part in text.split("."))


def test_ci_runs_the_lowest_and_highest_python_the_project_claims():
    """requires-python says ">=3.X,<3.Y": CI must run the suite on 3.X and 3.(Y-1)."""
    specs = {spec.operator: spec.version for spec in SpecifierSet(
        _project()["requires-python"])}
    major, minor = _version(specs["<"])
    assert specs[">="] in _ci_other_pythons()
    assert f"{major}.{minor - 1}" in _ci_other_pythons()


def test_binder_python_is_claimed_and_within_what_ci_tests():
    runtime = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    assert runtime in SpecifierSet(_project()["requires-python"]), runtime
    tested = sorted(_ci_other_pythons(), key=_version)
    assert _version(tested[0]) <= _version(runtime) <= _version(tested[-1]), runtime


def test_the_package_needs_nothing_for_tests_and_no_torch():
    plain = " ".join(_project()["dependencies"]).lower()
    for tool in ("pytest", "nbval", "playwright", "torch", "hypothesis", "repo2docker"):
        assert tool not in plain, tool
    assert "torch==2.13.0" in _project()["optional-dependencies"]["oracle"]


def test_repo2docker_builds_graphviz_python_and_the_requirements(dockerfile):
    runtime = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    assert f"python={runtime}" in dockerfile
    apt_line = next(line for line in dockerfile.splitlines() if "apt-get install" in line)
    assert "graphviz" in apt_line.split()
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile


def test_binder_trusts_the_lessons_so_their_stored_pictures_show(dockerfile):
    post_build = (BINDER / "postBuild").read_text()
    assert "jupyter trust notebooks/*.ipynb" in post_build
    assert "./binder/postBuild" in dockerfile


def test_readme_badges_open_the_introduction_in_jupyterlab():
    for readme in (ROOT / "README.md", ROOT / "notebooks" / "README.md"):
        badge = re.search(r"\(https://mybinder\.org/v2/gh/[^)\s]+\)", readme.read_text())
        assert badge, f"{readme.relative_to(ROOT)} needs a Binder badge"
        url = badge.group(0)
        assert "urlpath=lab/tree/notebooks/00_introduction.ipynb" in url, url
    assert (ROOT / "notebooks" / "00_introduction.ipynb").exists()


def test_pip_installs_the_package_after_the_repository_is_copied(dockerfile):
    """``-e .`` in requirements.txt needs the whole repository in the image first."""
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    assert dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/") < install
