"""Per-op overhead of autograd_lab against torch, side by side in one process.

A chain of 2,000 small ops on a 4-element tensor that requires grad (tiny tensors, so the
time is the framework's bookkeeping, not arithmetic): forward builds the graph, backward
walks it. Each library runs the same code; the best of ``--repeats`` runs is kept
(``time.perf_counter``), and the ratio autograd_lab / torch is printed (below 1: faster).

Usage::

    python bench/bench_overhead.py [--ops 2000] [--repeats 30] [--runs 5] [--write]
"""
import argparse
import gc
import os
import platform
import statistics
import sys
import time

import numpy as np

# this checkout's autograd_lab, whatever else is installed (as bench_training.py does)
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import autograd_lab  # noqa: E402

try:
    import torch
except ImportError:            # the bench still runs, without the comparison
    torch = None


def chain(lib, n_ops):
    """Build the chain (timed), then backpropagate through it (timed)."""
    x = lib.tensor([0.5, -0.25, 1.0, 2.0], requires_grad=True)
    w = lib.tensor([1.0001, 0.9999, 1.0002, 0.9998], requires_grad=True)
    b = lib.tensor([0.001, -0.001, 0.002, -0.002], requires_grad=True)
    t0 = time.perf_counter()
    y = x
    for i in range(n_ops // 4):        # four op kinds, in turn
        y = y * 1.0001                 # tensor * python number
        y = y + 0.001                  # tensor + python number
        y = y * w                      # tensor * leaf (its gradient accumulates)
        y = y - b                      # tensor - leaf
    out = y.sum()
    t1 = time.perf_counter()
    out.backward()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, [x.grad.tolist(), w.grad.tolist(), b.grad.tolist()]


def best_of(lib, n_ops, repeats):
    fwd = bwd = tot = float("inf")
    grads = None
    gc.collect()
    for _ in range(repeats):
        f, b, grads = chain(lib, n_ops)
        fwd, bwd, tot = min(fwd, f), min(bwd, b), min(tot, f + b)
    return fwd, bwd, tot, grads


def measure(libs, n_ops, repeats):
    """Per-op microseconds (forward, backward, total) of each library, and their gradients."""
    results = {}
    for _ in range(2):                 # interleave the libraries: same machine conditions
        for name, lib in libs:
            r = best_of(lib, n_ops, repeats)
            old = results.get(name)
            results[name] = r if old is None else tuple(min(a, b) for a, b in
                                                        zip(r[:3], old[:3])) + (r[3],)
    if "torch" in results:
        # the same numbers, or the comparison means nothing
        for a, b in zip(results["autograd_lab"][3], results["torch"][3]):
            assert all(abs(p - q) <= 1e-4 * max(1.0, abs(q)) for p, q in zip(a, b)), (a, b)
    return {name: [v / n_ops * 1e6 for v in r[:3]] for name, r in results.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--runs", type=int, default=1,
                        help="measure this many times (the machine may be shared)")
    parser.add_argument("--write", action="store_true",
                        help="store the table in bench/results_overhead.md")
    args = parser.parse_args()

    libs = [("autograd_lab", autograd_lab)] + ([("torch", torch)] if torch else [])
    lines = [f"{args.ops} ops on a 4-element tensor, best of {2 * args.repeats} runs, "
             f"microseconds per op; {args.runs} measurement(s)", "",
             "| run | autograd_lab fwd / bwd / total | torch fwd / bwd / total "
             "| ratio fwd / bwd / total |", "|---|---|---|---|"]
    totals = []
    for run in range(1, args.runs + 1):
        r = measure(libs, args.ops, args.repeats)
        ours = " / ".join(f"{v:.2f}" for v in r["autograd_lab"])
        if torch:
            theirs = " / ".join(f"{v:.2f}" for v in r["torch"])
            ratios = [o / t for o, t in zip(r["autograd_lab"], r["torch"])]
            totals.append(ratios[2])
            lines.append(f"| {run} | {ours} | {theirs} | "
                         + " / ".join(f"{v:.2f}" for v in ratios) + " |")
        else:
            lines.append(f"| {run} | {ours} | (torch not installed) | |")
        print(lines[-1], flush=True)
    if totals:
        lines += ["", f"Total ratio: median {statistics.median(totals):.2f}, "
                      f"range {min(totals):.2f}-{max(totals):.2f} (target <= 1.0)."]
        print(lines[-1])
    if args.write:
        machine = (f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
                   f"{platform.python_version()}, NumPy {np.__version__}, "
                   f"torch {torch.__version__ if torch else 'not installed'}.")
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results_overhead.md")
        with open(path, "w") as f:
            f.write("# Overhead benchmark (latest run of bench/bench_overhead.py)\n\n"
                    + time.strftime("%Y-%m-%d %H:%M") + "\n\n" + machine + "\n\n"
                    + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
