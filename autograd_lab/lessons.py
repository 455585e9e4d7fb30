"""``autograd-lab lessons [DIR]``: copy the lessons into a folder of yours and open lesson 0.

The lessons ship inside the package (``autograd_lab/_lesson_files/``, filled from the
repository's ``notebooks/`` when the wheel is built; an editable install reads ``notebooks/``
itself). The launcher

1. copies them into ``DIR`` (default ``./autograd_lab_lessons``). A lesson you have edited is
   never replaced without asking: the launcher remembers the checksum of each file it copied
   (in ``DIR/.autograd_lab_lessons.json``), so it can tell your edits from an older copy of
   its own, which it updates silently. Asked on a terminal, "y" keeps your version as
   ``NAME.bak``; without a terminal your version is kept. Every action is printed;
2. trusts the copied notebooks, as ``jupyter trust`` does, so that their stored outputs show
   before the cells are run;
3. starts JupyterLab in ``DIR`` on lesson 0 and prints its URL. As root (containers,
   classroom images) JupyterLab refuses to start unless given ``--allow-root``: the launcher
   says so and passes it. ``--no-browser`` and ``--port`` are handed to JupyterLab.

Examples
--------
From a shell::

    autograd-lab lessons                    # or: python -m autograd_lab lessons
    autograd-lab lessons ~/autograd --no-browser --port 8890
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

FIRST_LESSON = "00_introduction.ipynb"
HELPER_MODULE = "lesson_tools.py"
DEFAULT_FOLDER = "autograd_lab_lessons"
MANIFEST = ".autograd_lab_lessons.json"      # file name -> sha256 of the copy we made


def shipped_lessons():
    """The folder holding the lessons this installation ships.

    A wheel carries them in ``autograd_lab/_lesson_files``; an editable install (a checkout)
    has them in the repository's ``notebooks/``.

    Examples
    --------
    >>> from autograd_lab.lessons import shipped_lessons
    >>> (shipped_lessons() / "00_introduction.ipynb").exists()
    True
    """
    package = Path(__file__).resolve().parent
    for folder in (package / "_lesson_files", package.parent / "notebooks"):
        if (folder / FIRST_LESSON).is_file() and (folder / HELPER_MODULE).is_file():
            return folder
    raise FileNotFoundError(
        f"this installation of autograd_lab has no lessons (looked in {package / '_lesson_files'}"
        f" and {package.parent / 'notebooks'}); reinstall it with pip")


def lesson_files(source):
    """The notebooks and their helper module, in teaching order."""
    return sorted(source.glob("*.ipynb")) + [source / HELPER_MODULE]


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def copy_lessons(folder, source=None, ask=None):
    """Copy the shipped lessons into ``folder``, keeping the learner's edits.

    Parameters
    ----------
    folder : path
        Created if missing.
    source : path, optional
        Where the lessons come from (default: :func:`shipped_lessons`).
    ask : callable, optional
        ``ask(question) -> bool``, consulted before replacing a lesson the learner edited;
        ``None`` (no terminal) keeps the learner's version.

    Returns
    -------
    list of (str, str)
        ``(file name, action)`` for each file, the action one of ``"copied"`` (new),
        ``"unchanged"``, ``"updated"`` (an older copy of ours, not edited), ``"kept"`` (the
        learner's edited version stays) or ``"replaced"`` (after a yes; the edited version
        is now ``NAME.bak``).

    Examples
    --------
    >>> import tempfile
    >>> from autograd_lab.lessons import copy_lessons
    >>> actions = dict(copy_lessons(tempfile.mkdtemp()))
    >>> actions["00_introduction.ipynb"]
    'copied'
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    actions = []
    for src in lesson_files(Path(source) if source else shipped_lessons()):
        dst = folder / src.name
        shipped = _sha256(src)
        if not dst.exists():
            action = "copied"
        elif _sha256(dst) == shipped:
            action = "unchanged"
        elif manifest.get(src.name) == _sha256(dst):       # our own older copy, not edited
            action = "updated"
        elif ask is not None and ask(f"You have edited {dst}; the shipped version differs. "
                                     f"Replace it (yours is kept as {dst.name}.bak)? [y/N] "):
            shutil.copy2(dst, dst.with_name(dst.name + ".bak"))
            action = "replaced"
        else:
            action = "kept"
        if action in ("copied", "updated", "replaced"):
            shutil.copyfile(src, dst)
        if action != "kept":
            manifest[src.name] = shipped
        actions.append((src.name, action))
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return actions


def trust(paths):
    """Sign notebooks as trusted, as ``jupyter trust`` does (same signature database)."""
    import nbformat
    from nbformat.sign import NotebookNotary
    notary = NotebookNotary()
    for path in paths:
        notary.sign(nbformat.read(str(path), as_version=4))


def running_as_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def jupyter_command(port=None, no_browser=False, as_root=False):
    """The JupyterLab command line the launcher runs (in the lessons' folder)."""
    cmd = [sys.executable, "-m", "jupyterlab", FIRST_LESSON]
    if port is not None:
        cmd.append(f"--ServerApp.port={port}")
    if no_browser:
        cmd.append("--no-browser")
    if as_root:
        cmd.append("--allow-root")
    return cmd


def _server_url(proc, timeout):
    """The URL of lesson 0 on the server running as ``proc``, with its token, read from the
    server's own information file (the port may differ from the one asked for when that one
    is taken). ``None`` if the server stops or does not say within ``timeout`` seconds."""
    from jupyter_server.serverapp import list_running_servers
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        for info in list_running_servers():
            if info.get("pid") == proc.pid:
                token = f"?token={info['token']}" if info.get("token") else ""
                return f"{info['url']}lab/tree/{FIRST_LESSON}{token}"
        time.sleep(0.3)
    return None


def _ask_on_terminal(question):
    if not sys.stdin.isatty():
        return False
    return input(question).strip().lower() in ("y", "yes")


def _report(folder, actions):
    counts = {}
    for _, action in actions:
        counts[action] = counts.get(action, 0) + 1
    print(f"Lessons in {folder.resolve()}: " +
          ", ".join(f"{n} {action}" for action, n in counts.items()))
    for name, action in actions:
        if action == "kept":
            print(f"  kept your edited {name} (the shipped version differs: rename or delete "
                  "yours to get it)")
        elif action == "replaced":
            print(f"  replaced your edited {name} with the shipped version; yours is "
                  f"{name}.bak")
        elif action == "updated":
            print(f"  updated {name} to the shipped version (you had not edited it)")


def lessons(folder, port=None, no_browser=False, ask=_ask_on_terminal):
    """Copy and trust the lessons in ``folder``, then run JupyterLab there on lesson 0
    until it stops (Ctrl+C). Returns JupyterLab's exit status."""
    folder = Path(folder).expanduser()
    actions = copy_lessons(folder, ask=ask)
    _report(folder, actions)
    trust([folder / name for name, action in actions
           if action != "kept" and name.endswith(".ipynb")])
    as_root = running_as_root()
    if as_root:
        print("You are root: JupyterLab refuses to run as root unless told to, so it is "
              "started with --allow-root.")
    sys.stdout.flush()              # before JupyterLab's own output
    proc = subprocess.Popen(jupyter_command(port, no_browser, as_root), cwd=folder)
    signal.signal(signal.SIGTERM, _stop)
    try:
        url = _server_url(proc, timeout=120)
        if url:
            print(f"\nLesson 0 is open at:\n\n    {url}\n\nCtrl+C stops JupyterLab.\n",
                  flush=True)
        return proc.wait()
    except KeyboardInterrupt:       # JupyterLab got the same Ctrl+C from the terminal
        return proc.wait()
    finally:                        # the launcher is stopped: JupyterLab must not outlive it
        if proc.poll() is None:
            proc.terminate()
            proc.wait()


def _stop(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    """The ``autograd-lab`` command (``python -m autograd_lab``)."""
    parser = argparse.ArgumentParser(prog="autograd-lab",
                                     description="autograd_lab's lessons in JupyterLab")
    commands = parser.add_subparsers(dest="command", required=True)
    sub = commands.add_parser(
        "lessons", help="copy the lessons into a folder and open lesson 0 in JupyterLab")
    sub.add_argument("folder", nargs="?", default=DEFAULT_FOLDER,
                     help=f"where the lessons go (default: ./{DEFAULT_FOLDER})")
    sub.add_argument("--port", type=int, help="JupyterLab's port (default: 8888 or the "
                     "next free one)")
    sub.add_argument("--no-browser", action="store_true",
                     help="do not open a browser; just print the URL")
    args = parser.parse_args(argv)
    return lessons(args.folder, port=args.port, no_browser=args.no_browser)


if __name__ == "__main__":
    sys.exit(main())
