"""Run a teaching program under torch and under autograd_lab, and compare what it prints.

``python tests/corpus/harness.py PROGRAM.py [...]`` runs each program twice, in fresh
processes: once with the real torch, once with ``import torch`` (and ``import torch.nn``,
``from torch.profiler import ...``...) answered by autograd_lab. The two outputs are compared
line by line: words exactly, numbers to a relative 1e-4 (training runs sum in another order),
so a difference a learner would notice is reported and rounding noise is not.

The corpus of other people's code (tutorials, textbook chapters, lecture notebooks) stays
outside the repository; ``tests/corpus/pieces/`` holds our own re-statements of what each
exercises, which ``tests/test_corpus.py`` runs in CI.
"""
import argparse
import importlib
import importlib.abc
import importlib.util
import os
import re
import runpy
import subprocess
import sys

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class TorchAsAutogradLab(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``import torch.x.y`` gives ``autograd_lab.x.y``."""

    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return importlib.import_module("autograd_lab" + spec.name[len("torch"):])

    def exec_module(self, module):
        pass


def run_program(path, library, timeout=300):
    """What ``path`` prints (stdout and stderr) when ``torch`` is ``library``."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONHASHSEED="0")
    env.pop("AUTOGRAD_LAB_HIDE_TORCH", None)
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--as", library, path],
                          capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=os.path.dirname(os.path.abspath(path)))
    out = proc.stdout
    if proc.returncode:
        lines = proc.stderr.strip().splitlines()
        out += f"!! exit {proc.returncode}: {lines[-1] if lines else ''}\n"
    return out


def _same_line(a, b, rtol):
    if _NUMBER.sub("#", a) != _NUMBER.sub("#", b):
        return False
    for x, y in zip(_NUMBER.findall(a), _NUMBER.findall(b)):
        fx, fy = float(x), float(y)
        if abs(fx - fy) > rtol * max(abs(fx), abs(fy)) + 1e-7:
            return False
    return True


def differences(ours, theirs, rtol=1e-4):
    """The lines where the two outputs differ, as ``(line number, ours, torch's)``."""
    a = _ADDRESS.sub("0x?", ours).splitlines()
    b = _ADDRESS.sub("0x?", theirs).splitlines()
    diffs = [(i + 1, x, y) for i, (x, y) in enumerate(zip(a, b)) if not _same_line(x, y, rtol)]
    if len(a) != len(b):
        diffs.append((min(len(a), len(b)) + 1, f"<{len(a)} lines>", f"<{len(b)} lines>"))
    return diffs


def _run_as(library, path):
    if library == "autograd_lab":
        sys.meta_path.insert(0, TorchAsAutogradLab())
    sys.argv = [path]
    runpy.run_path(path, run_name="__main__")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as", dest="library", choices=["torch", "autograd_lab"])
    parser.add_argument("programs", nargs="+")
    args = parser.parse_args()
    if args.library:
        _run_as(args.library, args.programs[0])
        return
    failed = 0
    for path in args.programs:
        diffs = differences(run_program(path, "autograd_lab"), run_program(path, "torch"))
        print(f"{'PASS' if not diffs else 'DIFF'}  {os.path.basename(path)}")
        for line, ours, theirs in diffs[:5]:
            print(f"    line {line}\n      ours:  {ours}\n      torch: {theirs}")
        failed += bool(diffs)
    print(f"{len(args.programs) - failed}/{len(args.programs)} programs print what torch prints")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
