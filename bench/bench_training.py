"""Training-step speed and memory of autograd_lab next to PyTorch (CPU), in one process.

    python bench/bench_training.py               # prints a markdown table
    python bench/bench_training.py --write       # ... and stores it in bench/results_training.md
    python bench/bench_training.py --threads 0   # each library's default thread count

By default both libraries run on ONE thread (NumPy's OpenBLAS and torch alike): on a shared
or busy machine, multi-threaded BLAS/OpenMP pools that spin while waiting make timings swing by
10x; one thread gives a stable, like-for-like comparison of the work each library does.

Each case builds the same model in both libraries and times one training step; the libraries
alternate round by round (the machine may be shared, so both see the same load) and the median
round is reported. The ratio is autograd_lab's time over torch's: below 1 means faster.

Cases (targets from the project brief):

* seed 000's TinyModel step: batch 16, Linear(1000, 100)-ReLU-Linear(100, 10), loss
  ``(ideal - pred).pow(2).sum()``, backward, SGD step (target ratio <= 0.8);
* an MLP step: batch 256, 784-512-10, ``cross_entropy``, SGD (<= 1.1);
* resnet18 forward + backward on one 3x64x64 image, as in seed 004 (<= 1.5);
* peak memory (tracemalloc: NumPy's allocations) of a resnet18 forward under ``no_grad``
  against the same forward with grad, which keeps the graph's saved tensors (<= 0.6).

A reference row times the TinyModel step written by hand in NumPy, derivatives included, with
no autograd and no tensors: the floor that any engine on NumPy starts from. What autograd_lab
spends above it is the price of the graph (nodes, saved tensors, the engine, the optimizer's
bookkeeping).
"""
import argparse
import gc
import os
import platform
import statistics
import sys
import time
import tracemalloc


def _threads_from_argv():
    # must be known before NumPy or torch start their thread pools
    if "--threads" in sys.argv:
        return int(sys.argv[sys.argv.index("--threads") + 1])
    return 1


THREADS = _threads_from_argv()
if THREADS > 0:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(THREADS)

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import autograd_lab as al  # noqa: E402

try:
    import torch
    if THREADS > 0:
        torch.set_num_threads(THREADS)
except ImportError:        # the memory figure needs no torch
    torch = None


# ---------------------------------------------------------------------------- the cases
def tiny_model_step(lib):
    """Seed 000: TinyModel, one SGD step on a batch of 16."""
    lib.manual_seed(0)

    class TinyModel(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.layer1 = lib.nn.Linear(1000, 100)
            self.relu = lib.nn.ReLU()
            self.layer2 = lib.nn.Linear(100, 10)

        def forward(self, x):
            return self.layer2(self.relu(self.layer1(x)))

    model = TinyModel()
    some_input = lib.randn(16, 1000)
    ideal_output = lib.randn(16, 10)
    optimizer = lib.optim.SGD(model.parameters(), lr=0.001)

    def step():
        optimizer.zero_grad()
        prediction = model(some_input)
        loss = (ideal_output - prediction).pow(2).sum()
        loss.backward()
        optimizer.step()
    return step


def tiny_model_step_numpy(weights):
    """Seed 000's step by hand in NumPy: the same products, ReLU mask and SGD update that the
    graph runs, with the derivatives written out and nothing recorded. ``weights`` are the
    arrays of a TinyModel (layer1.weight, layer1.bias, layer2.weight, layer2.bias), updated in
    place as SGD would."""
    w1, b1, w2, b2 = weights
    rng = np.random.default_rng(0)
    some_input = rng.standard_normal((16, 1000), dtype=np.float32)
    ideal_output = rng.standard_normal((16, 10), dtype=np.float32)
    lr = np.float32(0.001)

    def step():
        hidden = some_input @ w1.T
        hidden += b1
        active = hidden > 0
        relu = hidden * active
        prediction = relu @ w2.T
        prediction += b2
        diff = ideal_output - prediction
        (diff * diff).sum()                       # the loss (its value is not needed)
        grad_pred = -2 * diff                     # d loss / d prediction
        grad_hidden = (grad_pred @ w2) * active
        grads = (grad_hidden.T @ some_input, grad_hidden.sum(0),
                 grad_pred.T @ relu, grad_pred.sum(0))
        for w, g in zip(weights, grads):
            w -= lr * g
    return step


def mlp_step(lib):
    """A 784-512-10 classifier, batch 256, cross-entropy, SGD with momentum."""
    lib.manual_seed(0)
    model = lib.nn.Sequential(lib.nn.Linear(784, 512), lib.nn.ReLU(), lib.nn.Linear(512, 10))
    x = lib.randn(256, 784)
    y = lib.randint(0, 10, (256,))
    optimizer = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        optimizer.zero_grad()
        loss = lib.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    return step


def _resnet18(lib):
    if lib is al:
        return al.models.resnet18()
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from test_models import _torch_resnet       # torchvision's ResNet, built with torch.nn
    return _torch_resnet(lib, [2, 2, 2, 2])


def resnet18_forward_backward(lib):
    """Seed 004: resnet18 forward and backward on one 3x64x64 image."""
    lib.manual_seed(0)
    model = _resnet18(lib)
    data = lib.rand(1, 3, 64, 64)
    labels = lib.rand(1, 1000)

    def step():
        model.zero_grad()
        prediction = model(data)
        loss = (prediction - labels).sum()
        loss.backward()
    return step


CASES = [("TinyModel step (seed 000, batch 16, 1000-100-10, SGD)", tiny_model_step, 0.8),
         ("MLP step (batch 256, 784-512-10, cross_entropy, SGD)", mlp_step, 1.1),
         ("resnet18 forward+backward (1x3x64x64)", resnet18_forward_backward, 1.5)]


# ---------------------------------------------------------------------------- timing
def _time(step, iters):
    start = time.perf_counter()
    for _ in range(iters):
        step()
    return (time.perf_counter() - start) / iters


def compare(make, rounds=15, budget=0.1):
    """Median seconds per step of each library, and the median of the per-round ratios.

    The two libraries run back to back in each short round, so a change of machine load
    between rounds moves both; the median ratio is the figure to trust on a busy machine.
    """
    ours, theirs = make(al), make(torch)
    for step in (ours, theirs):          # warm up (first-call costs, caches)
        for _ in range(3):
            step()
    iters = max(1, int(budget / max(_time(ours, 1), 1e-6)))
    a, b = [], []
    for _ in range(rounds):
        a.append(_time(ours, iters))
        b.append(_time(theirs, iters))
    ratio = statistics.median(x / y for x, y in zip(a, b))
    return statistics.median(a), statistics.median(b), ratio


def _numpy_or_torch_tiny_step(lib):
    """For :func:`compare`: the hand-written NumPy step in place of autograd_lab's."""
    if lib is al:
        al.manual_seed(0)
        model = al.nn.Sequential(al.nn.Linear(1000, 100), al.nn.ReLU(), al.nn.Linear(100, 10))
        return tiny_model_step_numpy([p.detach().numpy() for p in model.parameters()])
    return tiny_model_step(lib)


# ---------------------------------------------------------------------------- memory
def resnet18_forward_peak(grad):
    """Peak NumPy memory (bytes) of one resnet18 forward, the output kept alive as a training
    loop would keep it until backward."""
    al.manual_seed(0)
    model = al.models.resnet18()
    data = al.rand(1, 3, 64, 64)
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    with al.set_grad_enabled(grad):
        out = model(data)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del out
    return peak


# ---------------------------------------------------------------------------- report
def _fmt_time(s):
    return f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s"


def run():
    rows = []
    if torch is not None:
        for label, make, target in CASES:
            ours, theirs, ratio = compare(make)
            rows.append(f"| {label} | {_fmt_time(ours)} | {_fmt_time(theirs)} | {ratio:.2f} | "
                        f"<= {target} | {'yes' if ratio <= target else 'NO'} |")
        floor, theirs, ratio = compare(_numpy_or_torch_tiny_step)
        rows.append(f"| (reference) the same TinyModel step by hand in NumPy, no autograd | "
                    f"{_fmt_time(floor)} | {_fmt_time(theirs)} | {ratio:.2f} | | |")
    with_grad = resnet18_forward_peak(True)
    no_grad = resnet18_forward_peak(False)
    ratio = no_grad / with_grad
    rows.append(f"| resnet18 forward peak memory, no_grad / with grad | "
                f"{no_grad / 2**20:.1f} MiB | {with_grad / 2**20:.1f} MiB (with grad) | "
                f"{ratio:.2f} | <= 0.6 | {'yes' if ratio <= 0.6 else 'NO'} |")
    threads = f"torch {torch.__version__}" if torch else "torch not installed"
    threads += f", {THREADS if THREADS > 0 else 'default'} thread(s) for BLAS/OpenMP"
    header = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, NumPy {np.__version__}, {threads}.",
        "",
        "Times are medians over 15 alternating rounds; the ratio (autograd_lab / torch) is the "
        "median of the per-round ratios.",
        "",
        "| case | autograd_lab | torch (CPU) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    return "\n".join(header + rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true",
                        help="store the table in bench/results_training.md")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for both libraries (0: their defaults)")
    args = parser.parse_args()
    table = run()
    print(table)
    if args.write:
        path = os.path.join(ROOT, "bench", "results_training.md")
        with open(path, "w") as f:
            f.write("# Training benchmark (latest run of bench/bench_training.py)\n\n")
            f.write(time.strftime("%Y-%m-%d %H:%M") + "\n\n" + table + "\n")


if __name__ == "__main__":
    main()
