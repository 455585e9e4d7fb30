"""Record torch's answers for seeded random calls into tests/golden/random.json.

    python tests/golden/make_random_golden.py

Each case is a seed and a list of calls made in order on one generator (the default one, or
a ``torch.Generator`` when the case has ``generator_seed``), so the file also pins down how the
calls share state: the normal cache, partial mt19937 blocks, get_rng_state's bytes.
``tests/test_random.py::test_golden`` replays the same calls on autograd_lab._random without
torch. Arrays are stored as dtype, shape, the SHA-256 of their bytes and a few leading values.
"""
import hashlib
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("random.json")


def _cases():
    cases = []

    def add(seed, calls, generator_seed=None):
        case = {"id": len(cases), "seed": seed, "calls": calls}
        if generator_seed is not None:
            case["generator_seed"] = generator_seed
        cases.append(case)

    # the lesson one-liners
    add(0, [{"op": "randint", "low": 0, "high": 5, "shape": [4], "dtype": "int64"}])
    add(0, [{"op": "randn", "shape": [3], "dtype": "float32"}])
    add(0, [{"op": "rand", "shape": [2, 3], "dtype": "float32"}])
    # uniform and normal over sizes below, at and above a 16-block, all float dtypes
    for seed in (0, 1, 1234, 2 ** 32 + 17, -3):
        for dt in ("float32", "float64", "float16"):
            for n in (1, 5, 15, 16, 17, 40, 48, 333):
                add(seed, [{"op": "rand", "shape": [n], "dtype": dt},
                           {"op": "randn", "shape": [n], "dtype": dt},
                           {"op": "randn", "shape": [n], "dtype": dt},
                           {"op": "state"}])
    # normal with mean/std numbers and tensors
    for dt in ("float32", "float64"):
        for n in (3, 16, 19, 100):
            add(7, [{"op": "normal", "mean": 0.5, "std": 2.5, "shape": [n], "dtype": dt},
                    {"op": "normal", "mean": -1.0, "std": 0.1, "shape": [n], "dtype": dt}])
        add(8, [{"op": "normal_t", "mean": [0.0, 1.0, 2.0, 3.0, 4.0], "std": 0.5, "dtype": dt},
                {"op": "normal_t", "mean": 1.0, "std": [0.5] * 20, "dtype": dt},
                {"op": "normal_t", "mean": [[0.0], [10.0]], "std": [1.0, 2.0, 3.0],
                 "dtype": dt}])
    # randint: small and large ranges, negative low, several dtypes
    for lo, hi in ((0, 5), (-10, 10), (3, 2 ** 28 - 1), (0, 2 ** 28), (-7, 2 ** 40),
                   (0, 2), (-(2 ** 62), 2 ** 62)):
        for dt in ("int64", "int32", "float32", "float64"):
            if dt == "int32" and (lo < -2 ** 31 or hi > 2 ** 31):
                continue
            add(5, [{"op": "randint", "low": lo, "high": hi, "shape": [3, 7], "dtype": dt},
                    {"op": "state"}])
    add(9, [{"op": "randint", "low": 0, "high": 200, "shape": [50], "dtype": "uint8"},
            {"op": "randint", "low": -100, "high": 100, "shape": [50], "dtype": "int8"},
            {"op": "randint", "low": -300, "high": 3000, "shape": [50], "dtype": "int16"}])
    # randperm
    for n in (0, 1, 2, 10, 1000):
        add(11, [{"op": "randperm", "n": n, "dtype": "int64"}, {"op": "state"}])
    # bernoulli with probability tensors of each float dtype
    for dt in ("float32", "float64", "float16"):
        p = np.linspace(0, 1, 35).reshape(5, 7).round(3).tolist()
        add(12, [{"op": "bernoulli", "p": p, "dtype": dt}, {"op": "state"}])
    # in-place methods on contiguous and strided tensors
    for dt in ("float32", "float64", "float16"):
        for layout in ("c", "T", "slice"):
            for shape in ([3, 4], [6, 9]):
                add(13, [{"op": "uniform_", "shape": shape, "dtype": dt, "layout": layout,
                          "args": [-0.5, 2.0]},
                         {"op": "normal_", "shape": shape, "dtype": dt, "layout": layout,
                          "args": [1.0, 3.0]},
                         {"op": "bernoulli_", "shape": shape, "dtype": dt, "layout": layout,
                          "args": [0.25]},
                         {"op": "random_", "shape": shape, "dtype": dt, "layout": layout,
                          "args": [-4, 9]},
                         {"op": "random_", "shape": shape, "dtype": dt, "layout": layout,
                          "args": []},
                         {"op": "state"}])
    for dt in ("int64", "int32", "int16", "uint8", "bool"):
        add(14, [{"op": "random_", "shape": [4, 5], "dtype": dt, "layout": "c", "args": []},
                 {"op": "random_", "shape": [4, 5], "dtype": dt, "layout": "T", "args": [2]},
                 {"op": "bernoulli_", "shape": [4, 5], "dtype": dt, "layout": "c",
                  "args": [0.5]}])
    add(15, [{"op": "bernoulli_", "shape": [4, 5], "dtype": "float32", "layout": "T",
              "args": [{"tensor": [0.1, 0.5, 0.9, 0.3, 0.7], "dtype": "float64"}]},
             {"op": "bernoulli_", "shape": [4, 5], "dtype": "float32", "layout": "c",
              "args": [{"tensor": [0.1, 0.5, 0.9, 0.3, 0.7], "dtype": "float32"}]}])
    # nn.init-style: Linear(1000, 100) weight and bias via uniform_ on float32
    bound = 1 / 1000 ** 0.5
    add(0, [{"op": "uniform_", "shape": [100, 1000], "dtype": "float32", "layout": "c",
             "args": [-bound, bound]},
            {"op": "uniform_", "shape": [100], "dtype": "float32", "layout": "c",
             "args": [-bound, bound]}])
    # a private generator leaves the default one alone
    add(21, [{"op": "randn", "shape": [5], "dtype": "float32"},
             {"op": "rand", "shape": [20], "dtype": "float64"},
             {"op": "state"}], generator_seed=99)
    add(21, [{"op": "default_after_generator"}], generator_seed=99)
    # a big one
    add(3, [{"op": "randn", "shape": [100, 1000], "dtype": "float32"},
            {"op": "randn", "shape": [1000, 7], "dtype": "float64"},
            {"op": "state"}])
    return cases


def encode_array(a):
    a = np.ascontiguousarray(a)
    head = a.reshape(-1)[:6].tolist()
    return {"dtype": a.dtype.name, "shape": list(a.shape),
            "sha256": hashlib.sha256(a.tobytes()).hexdigest(),
            "head": [float(v) if isinstance(v, float) else v for v in head]}


def _torch_run(torch, case):
    dtypes = {"float16": torch.float16, "float32": torch.float32, "float64": torch.float64,
              "int64": torch.int64, "int32": torch.int32, "int16": torch.int16,
              "int8": torch.int8, "uint8": torch.uint8, "bool": torch.bool}
    torch.manual_seed(case["seed"])
    gen = None
    if "generator_seed" in case:
        gen = torch.Generator().manual_seed(case["generator_seed"])

    def blank(call):
        shape, dt = call["shape"], dtypes[call["dtype"]]
        if call["layout"] == "T":
            return torch.zeros(shape[::-1], dtype=dt).permute(*reversed(range(len(shape))))
        if call["layout"] == "slice":
            return torch.zeros(shape[:-1] + [2 * shape[-1]], dtype=dt)[..., ::2]
        return torch.zeros(shape, dtype=dt)

    out = []
    for call in case["calls"]:
        op = call["op"]
        if op == "state":
            state = (gen.get_state() if gen is not None else torch.get_rng_state()).numpy()
            out.append({"sha256": hashlib.sha256(state.tobytes()).hexdigest()})
            continue
        if op == "default_after_generator":
            torch.rand(3, generator=gen)
            out.append(encode_array(torch.rand(3).numpy()))
            continue
        dt = dtypes[call["dtype"]]
        if op == "rand":
            r = torch.rand(call["shape"], dtype=dt, generator=gen)
        elif op == "randn":
            r = torch.randn(call["shape"], dtype=dt, generator=gen)
        elif op == "normal":
            r = torch.normal(call["mean"], call["std"], call["shape"], dtype=dt,
                             generator=gen)
        elif op == "normal_t":
            mean, std = call["mean"], call["std"]
            mean = torch.tensor(mean, dtype=dt) if isinstance(mean, list) else mean
            std = torch.tensor(std, dtype=dt) if isinstance(std, list) else std
            r = torch.normal(mean, std, generator=gen)
        elif op == "randint":
            r = torch.randint(call["low"], call["high"], call["shape"], dtype=dt,
                              generator=gen)
        elif op == "randperm":
            r = torch.randperm(call["n"], dtype=dt, generator=gen)
        elif op == "bernoulli":
            r = torch.bernoulli(torch.tensor(call["p"], dtype=dt), generator=gen)
        else:
            r = blank(call)
            args = [torch.tensor(a["tensor"], dtype=dtypes[a["dtype"]])
                    if isinstance(a, dict) else a for a in call["args"]]
            getattr(r, op)(*args, generator=gen)
        out.append(encode_array(r.numpy()))
    return out


def main():
    import torch
    cases = _cases()
    for case in cases:
        case["expected"] = _torch_run(torch, case)
    doc = {"torch_version": torch.__version__,
           "cpu_capability": torch.backends.cpu.get_cpu_capability(),
           "cases": cases}
    OUT.write_text(json.dumps(doc, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
