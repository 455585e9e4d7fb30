"""Regenerate ``printing.json``: PyTorch's repr for every case in :func:`make_cases`.

Run from the repository root with PyTorch installed::

    python tests/golden/make_printing_golden.py

``tests/test_printing.py`` checks autograd_lab against the JSON without
PyTorch, and against live PyTorch (using these same cases) when it is present.
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "printing.json")


def make_cases():
    """Return the cases as dicts: name, array, options, requires_grad, grad_fn."""
    rng = np.random.default_rng(1234)
    nan, inf = math.nan, math.inf
    cases = []

    def add(name, arr, options=None, requires_grad=False, grad_fn=None):
        cases.append({"name": name, "array": np.asarray(arr), "options": options or {},
                      "requires_grad": requires_grad, "grad_fn": grad_fn})

    def normal(*shape, dtype=np.float32, scale=1.0):
        return (rng.standard_normal(shape) * scale).astype(dtype)

    for shape in [(), (1,), (5,), (3, 4), (2, 3, 4), (2, 2, 2, 2), (1001,), (40, 40),
                  (10, 10, 10), (7, 7, 7, 7), (3, 100), (100,), (6, 1), (1, 1, 1)]:
        add(f"normal{shape}", normal(*shape))
    add("float64", normal(4, 5, dtype=np.float64))
    add("float64_long", normal(3, 50, dtype=np.float64, scale=1000))
    add("float16", normal(3, 4, dtype=np.float16))
    add("float16_big", normal(2000, dtype=np.float16, scale=100))
    # Integer-valued floats print as ``1.``; the width counts that dot.
    add("int_valued", np.arange(20.0, dtype=np.float32))
    add("int_valued_neg", np.array([1.0, -2.0, 300.0], dtype=np.float32))
    add("int_valued_sci", np.array([1e9, 1.0], dtype=np.float32))
    add("int_valued_2d", np.arange(-6.0, 6.0, dtype=np.float32).reshape(3, 4))
    # Scientific notation triggers: ratio > 1000, max > 1e8, min < 1e-4.
    add("sci_ratio", np.array([1e-5, 1.0, 1e5], dtype=np.float32))
    add("sci_tiny", np.array([1e-8, 2.5e-8], dtype=np.float32))
    add("sci_huge", np.array([1.5e10, 2.25e10], dtype=np.float32))
    add("sci_just_ratio", np.array([0.001, 2.0], dtype=np.float32))
    add("no_sci_ratio_1000", np.array([0.01, 10.0], dtype=np.float32))
    add("sci_f64_exp3", np.array([1e-300, 1.0, 1e300], dtype=np.float64))
    add("sci_random", normal(4, 6, scale=1e6))
    # Non-finite values and zeros never set the width or the style.
    add("nan_inf", np.array([nan, inf, -inf, 1.5], dtype=np.float32))
    add("nan_only", np.array([nan], dtype=np.float32))
    add("inf_int_mode", np.array([inf, 1.0, 2.0], dtype=np.float32))
    add("nan_zero", np.array([nan, 0.0], dtype=np.float32))
    add("nan_sci", np.array([nan, 1e-7, 3.0], dtype=np.float32))
    add("zeros", np.zeros((2, 3), dtype=np.float32))
    add("neg_zero", np.array([-0.0, 0.0], dtype=np.float32))
    add("neg_zero_frac", np.array([-0.0, 1.5], dtype=np.float32))
    add("neg_zero_scalar", np.array(-0.0, dtype=np.float32))
    add("neg_small", np.array([-0.00001, 0.5], dtype=np.float32))
    # Integers and bools.
    add("int64", np.arange(10))
    add("int64_neg", np.array([[-100, 5], [3, 12345]]))
    add("int64_big", np.arange(2000).reshape(40, 50))
    add("int64_scalar", np.array(7))
    add("int32", np.array([1, -2, 3], dtype=np.int32))
    add("int16", np.array([[1, 2], [300, -4]], dtype=np.int16))
    add("int8", np.array([-128, 0, 127], dtype=np.int8))
    add("uint8", np.arange(0, 256, 5, dtype=np.uint8))
    add("bool", np.array([True, False]))
    add("bool_all_true", np.array([True, True]))
    add("bool_2d", np.array([[True, False, True], [False, False, True]]))
    add("bool_scalar", np.array(True))
    # Empty tensors spell out size and (non-default) dtype.
    add("empty", np.zeros((0,), dtype=np.float32))
    add("empty_0x3", np.zeros((0, 3), dtype=np.float32))
    add("empty_2x0x4", np.zeros((2, 0, 4), dtype=np.float32))
    add("empty_int64", np.zeros((0,), dtype=np.int64))
    add("empty_float64", np.zeros((0, 2), dtype=np.float64))
    add("empty_bool", np.zeros((0,), dtype=bool))
    add("scalar_nan", np.array(nan, dtype=np.float32))
    add("scalar_f64", np.array(3.25, dtype=np.float64))
    # Autograd suffixes, including ones that must wrap onto a new line.
    add("rg_vector", normal(5), requires_grad=True)
    add("rg_scalar", normal(), requires_grad=True)
    add("rg_matrix", normal(3, 3), requires_grad=True)
    add("rg_empty", np.zeros((0, 2), dtype=np.float32), requires_grad=True)
    add("gf_vector", normal(4), grad_fn="MulBackward0")
    add("gf_scalar", np.array(2.0, dtype=np.float32), grad_fn="MulBackward0")
    add("gf_clone", normal(2, 3), grad_fn="CloneBackward0")
    add("gf_float64", normal(2, 2, dtype=np.float64), grad_fn="MulBackward0")
    add("gf_wrap", normal(9, dtype=np.float64), grad_fn="MulBackward0")
    add("rg_wrap", normal(10, dtype=np.float64), requires_grad=True)
    add("gf_big", normal(1200), grad_fn="MulBackward0")
    # Print options.
    add("precision2", normal(3, 4), {"precision": 2})
    add("precision0", normal(5), {"precision": 0})
    add("precision8_f64", normal(4, dtype=np.float64), {"precision": 8})
    add("precision2_sci", np.array([1e-5, 1.0, 1e5], dtype=np.float32), {"precision": 2})
    add("sci_off_ratio", np.array([1e-5, 1.0, 1e5], dtype=np.float32), {"sci_mode": False})
    add("sci_off_huge", np.array([1.5e10, 2.0], dtype=np.float32), {"sci_mode": False})
    add("sci_off_int", np.array([1e9, 1.0], dtype=np.float32), {"sci_mode": False})
    add("sci_on", normal(3, 3), {"sci_mode": True})
    add("sci_on_int", np.arange(4.0, dtype=np.float32), {"sci_mode": True})
    add("threshold5", np.arange(10), {"threshold": 5, "edgeitems": 2})
    add("threshold5_2d", normal(6, 7), {"threshold": 5, "edgeitems": 2})
    add("threshold5_3d", normal(5, 5, 5), {"threshold": 5, "edgeitems": 2})
    add("threshold5_small", normal(4), {"threshold": 5, "edgeitems": 2})
    add("threshold0", normal(3, 3), {"threshold": 0})
    add("edgeitems0", normal(10), {"edgeitems": 0})
    add("edgeitems0_2d", normal(2, 3), {"edgeitems": 0})
    add("edgeitems0_summarized", normal(2000), {"edgeitems": 0})
    add("edgeitems0_summarized_2d", normal(50, 50), {"edgeitems": 0})
    add("edgeitems1", normal(10, 10, 12), {"edgeitems": 1})
    add("linewidth40", normal(20), {"linewidth": 40})
    add("linewidth40_2d", normal(3, 12), {"linewidth": 40})
    add("linewidth40_suffix", normal(6, dtype=np.float64), {"linewidth": 40},
        grad_fn="MulBackward0")
    add("linewidth10", normal(4), {"linewidth": 10})
    add("linewidth200", normal(60), {"linewidth": 200})
    add("full_1001", normal(1001), {"profile": "full"})
    add("full_40x40", np.arange(1600).reshape(40, 40), {"profile": "full"})
    add("short", normal(10, 10), {"profile": "short"})
    add("short_big", normal(2000), {"profile": "short"})
    add("default_profile", normal(3), {"profile": "default"})
    return cases


def torch_tensor(case):
    """Build the PyTorch tensor a case describes."""
    import torch

    t = torch.from_numpy(np.array(case["array"]))
    if case["grad_fn"] or case["requires_grad"]:
        t.requires_grad_()
    if case["grad_fn"] == "MulBackward0":
        t = t * 1
    elif case["grad_fn"] == "CloneBackward0":
        t = t.clone()
    elif case["grad_fn"] is not None:
        raise ValueError(f"no recipe for grad_fn {case['grad_fn']}")
    return t


def torch_repr(case):
    """PyTorch's repr of a case, under the case's print options."""
    import torch

    try:
        torch.set_printoptions(**case["options"])
        return repr(torch_tensor(case))
    finally:
        torch.set_printoptions(profile="default")


def _as_list(arr):
    """Flat list of values; floats in their dtype's shortest form, to keep the file small."""
    if arr.dtype.kind != "f":
        return arr.reshape(-1).tolist()
    data = [float(str(v)) for v in arr.reshape(-1)]
    # The short decimals must read back to the very same bits.
    assert np.array(data, dtype=arr.dtype).tobytes() == arr.tobytes(), "lossy golden data"
    return data


def main():
    records = []
    for case in make_cases():
        arr = case["array"]
        records.append({"name": case["name"], "dtype": arr.dtype.name, "shape": list(arr.shape),
                        "data": _as_list(arr), "options": case["options"],
                        "requires_grad": case["requires_grad"], "grad_fn": case["grad_fn"],
                        "expected": torch_repr(case)})
    with open(GOLDEN, "w") as f:
        # One record per line: readable diffs without one line per number.
        f.write("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n")
    print(f"wrote {len(records)} cases to {GOLDEN}")


if __name__ == "__main__":
    main()
