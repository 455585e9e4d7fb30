"""Memory of a Jupyter kernel while a learner re-runs a resnet18 panel cell.

A real ipykernel is started (jupyter_client) and sent the cells a notebook front end sends:
one setup cell, then the same panel cell ``--runs`` times with the same cell id in the
request's metadata, as JupyterLab and Notebook 7 do (``{"cellId": ...}``). After each run the
kernel collects garbage and reports its resident memory (VmRSS). The panel cell is lesson 5's
kind, with a batch of 8::

    loss = model(data).sum()
    lab = Lab(loss, model=model)
    lab

``lab`` is the cell's last expression, so ``Out[n]`` keeps every panel object, as in a
notebook. With ``--no-cell-id`` the requests carry no cell id (a front end that sends none,
or the panels before they were released on re-run): every panel then stays alive.

Usage::

    python bench/bench_panel_memory.py                # --runs 11 --batch 8
    python bench/bench_panel_memory.py --no-cell-id   # the same without the release
    python bench/bench_panel_memory.py --no-panel     # control: the graph, no panel
"""
import argparse
import os
import queue
import time

from jupyter_client import KernelManager

SETUP = """
import gc
import autograd_lab as torch
from autograd_lab import models
from autograd_lab.widgets import Lab
torch.manual_seed(0)
model = models.resnet18()
data = torch.rand({batch}, 3, 64, 64)

def rss_mb():
    gc.collect()
    with open("/proc/self/status") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return kb / 1024
print("RSS", rss_mb())
"""

PANEL_CELL = """
loss = model(data).sum()
lab = Lab(loss, model=model)
lab
"""

CONTROL_CELL = """
loss = model(data).sum()
"""

MEASURE = 'from autograd_lab import _observe; print("RSS", rss_mb(), len(_observe._observers))'


def run_cell(kc, code, cell_id, timeout=900):
    """Send one execute_request as a notebook front end does; return its printed text."""
    content = dict(code=code, silent=False, store_history=True, user_expressions={},
                   allow_stdin=False, stop_on_error=True)
    metadata = {"cellId": cell_id} if cell_id else {}
    msg = kc.session.msg("execute_request", content, metadata=metadata)
    kc.shell_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    out, deadline = [], time.monotonic() + timeout
    while True:
        try:
            m = kc.get_iopub_msg(timeout=max(1.0, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(f"no answer to {code!r}")
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        kind = m["header"]["msg_type"]
        if kind == "stream":
            out.append(m["content"]["text"])
        elif kind == "error":
            raise RuntimeError("\n".join(m["content"]["traceback"]))
        elif kind == "status" and m["content"]["execution_state"] == "idle":
            return "".join(out)


def rss(text):
    return float(text.split("RSS", 1)[1].split()[0])


def watching(text):
    """How many panels still watch tensors (each live panel has one observer)."""
    return int(text.split("RSS", 1)[1].split()[1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=11, help="runs of the panel cell (first = level)")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--no-cell-id", action="store_true",
                    help="send no cell id: old panels are never released")
    ap.add_argument("--no-panel", action="store_true",
                    help="control: the same cell without the panel (the graph alone)")
    args = ap.parse_args()
    km = KernelManager(kernel_name="python3")
    km.start_kernel(env=dict(os.environ))
    kc = km.blocking_client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        print(f"setup: RSS {rss(run_cell(kc, SETUP.format(batch=args.batch), 'setup')):.0f} MB")
        panel_cell = None if args.no_cell_id else "panel-cell"
        sizes = []
        for i in range(args.runs):
            start = time.perf_counter()
            run_cell(kc, CONTROL_CELL if args.no_panel else PANEL_CELL, panel_cell)
            took = time.perf_counter() - start
            report = run_cell(kc, MEASURE, "measure")
            sizes.append(rss(report))
            print(f"run {i + 1:2d}: RSS {sizes[-1]:7.0f} MB, panels watching: "
                  f"{watching(report):2d}   (cell took {took:.1f} s)", flush=True)
        level = sizes[0]
        print(f"\nafter run 1 (the level): {level:.0f} MB; after {args.runs - 1} re-runs: "
              f"{sizes[-1]:.0f} MB ({sizes[-1] - level:+.0f} MB); highest "
              f"{max(sizes):.0f} MB; cell id sent: {not args.no_cell_id}; "
              f"panel: {not args.no_panel}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
