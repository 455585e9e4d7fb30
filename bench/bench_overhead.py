"""Per-op overhead of autograd_lab against torch, side by side in one process.

A chain of 2,000 small ops on a 4-element tensor that requires grad (tiny tensors, so the
time is the framework's bookkeeping, not arithmetic): forward builds the graph, backward
walks it. Each library runs the same code; the best of ``--repeats`` runs is kept
(``time.perf_counter``), and the ratio autograd_lab / torch is printed (below 1: faster).

Usage::

    python bench/bench_overhead.py [--ops 2000] [--repeats 30]
"""
import argparse
import gc
import time

import autograd_lab

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()

    libs = [("autograd_lab", autograd_lab)] + ([("torch", torch)] if torch else [])
    results = {}
    for _ in range(2):                 # interleave the libraries: same machine conditions
        for name, lib in libs:
            r = best_of(lib, args.ops, args.repeats)
            old = results.get(name)
            results[name] = r if old is None else tuple(min(a, b) for a, b in
                                                        zip(r[:3], old[:3])) + (r[3],)

    print(f"{args.ops} ops on a 4-element tensor, best of {2 * args.repeats} runs "
          f"(per op in microseconds)")
    print(f"{'':14}{'forward':>10}{'backward':>10}{'total':>10}")
    for name, _ in libs:
        f, b, t, _ = results[name]
        print(f"{name:14}" + "".join(f"{v / args.ops * 1e6:10.2f}" for v in (f, b, t)))
    if torch:
        ours, theirs = results["autograd_lab"], results["torch"]
        print(f"{'ratio':14}" + "".join(f"{o / t:10.2f}" for o, t in zip(ours[:3], theirs[:3])))
        # the same numbers, or the comparison means nothing
        for a, b in zip(ours[3], theirs[3]):
            assert all(abs(p - q) <= 1e-4 * max(1.0, abs(q)) for p, q in zip(a, b)), (a, b)


if __name__ == "__main__":
    main()
