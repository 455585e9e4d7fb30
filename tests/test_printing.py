"""autograd_lab's tensor repr must be character-identical to PyTorch's.

Three layers of checks:

* golden cases (``tests/golden/printing.json``, made by PyTorch) that run
  without PyTorch installed;
* the same cases, plus Hypothesis property tests, against live PyTorch;
* real ``autograd_lab`` Tensors, once the package exposes ``tensor``.

The printing module is tested through small duck-typed tensors carrying only
the attributes ``tensor_repr`` reads, so it can be checked on its own.
"""
import importlib.util
import json
import math
import os

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


try:
    import autograd_lab
    from autograd_lab import _printing
except Exception:  # the rest of the package may be broken; test this file alone
    autograd_lab = None
    _printing = _load("_printing_standalone", os.path.join(ROOT, "autograd_lab", "_printing.py"))

golden = _load("make_printing_golden", os.path.join(HERE, "golden", "make_printing_golden.py"))

try:
    import torch
except ImportError:
    torch = None
# Only the live comparisons need PyTorch; the golden test must run without it,
# so a module-level importorskip would skip too much.
needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch is not installed")


class _DType:
    def __init__(self, np_dtype):
        self.name = np.dtype(np_dtype).name
        self.is_floating_point = np.dtype(np_dtype).kind == "f"

    def __repr__(self):
        return f"torch.{self.name}"


class _Node:
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


class Tensor:
    """Just the attributes ``tensor_repr`` may use (named Tensor: the prefix depends on it)."""

    def __init__(self, arr, requires_grad=False, grad_fn=None, device="cpu"):
        self._data = np.asarray(arr)
        self.dtype = _DType(self._data.dtype)
        self._requires_grad = requires_grad or grad_fn is not None
        self._grad_fn = _Node(grad_fn) if grad_fn else None
        self.device = device


def ours(arr, options=None, requires_grad=False, grad_fn=None, device="cpu"):
    _printing.set_printoptions(**(options or {}))
    try:
        return _printing.tensor_repr(Tensor(arr, requires_grad, grad_fn, device))
    finally:
        _printing.set_printoptions(profile="default")


@pytest.fixture(autouse=True)
def default_printoptions():
    """Every test starts and ends with default options, on both sides."""
    _printing.set_printoptions(profile="default")
    if torch is not None:
        torch.set_printoptions(profile="default")
    yield
    _printing.set_printoptions(profile="default")
    if torch is not None:
        torch.set_printoptions(profile="default")


# ---------------------------------------------------------------- golden cases

with open(os.path.join(HERE, "golden", "printing.json")) as _f:
    GOLDEN = json.load(_f)


@pytest.mark.parametrize("rec", GOLDEN, ids=[r["name"] for r in GOLDEN])
def test_golden(rec):
    arr = np.array(rec["data"], dtype=rec["dtype"]).reshape(rec["shape"])
    got = ours(arr, rec["options"], rec["requires_grad"], rec["grad_fn"])
    assert got == rec["expected"]


def test_golden_file_is_current():
    """The JSON holds exactly the cases the generator defines."""
    assert [r["name"] for r in GOLDEN] == [c["name"] for c in golden.make_cases()]


# ------------------------------------------------------------ live vs PyTorch

CASES = golden.make_cases()


@needs_torch
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_matches_torch(case):
    expected = golden.torch_repr(case)
    got = ours(case["array"], case["options"], case["requires_grad"], case["grad_fn"])
    assert got == expected


@needs_torch
@pytest.mark.parametrize("kwargs", [
    {}, {"precision": 2}, {"sci_mode": True}, {"threshold": 5, "edgeitems": 2},
    {"linewidth": 40}, {"profile": "full"}, {"profile": "short"}, {"profile": "default"},
    {"profile": "short", "precision": 6}, {"profile": "nonsense"}, {"edgeitems": 0},
])
def test_printoptions_state_matches_torch(kwargs):
    from torch._tensor_str import get_printoptions as torch_get

    assert _printing.get_printoptions() == torch_get()
    _printing.set_printoptions(**kwargs)
    torch.set_printoptions(**kwargs)
    assert _printing.get_printoptions() == torch_get()
    assert list(_printing.get_printoptions()) == list(torch_get())


def test_printoptions_semantics():
    assert _printing.get_printoptions() == {"precision": 4, "threshold": 1000, "edgeitems": 3,
                                            "linewidth": 80, "sci_mode": None}
    _printing.set_printoptions(sci_mode=True, precision=1)
    _printing.set_printoptions(linewidth=50)  # sci_mode is always reassigned: back to None
    opts = _printing.get_printoptions()
    assert opts["sci_mode"] is None and opts["precision"] == 1 and opts["linewidth"] == 50
    _printing.set_printoptions(profile="full")
    assert _printing.get_printoptions()["threshold"] == math.inf
    _printing.set_printoptions(**{**_printing.get_printoptions(), "precision": 3})
    assert _printing.get_printoptions()["precision"] == 3
    opts = _printing.get_printoptions()
    opts["precision"] = 99  # a copy, not the live state
    assert _printing.get_printoptions()["precision"] == 3


def test_device_suffix():
    # Written from torch's rules (device first, then dtype, then autograd).
    assert ours(np.array([1.0, 2.0], np.float32), device="cuda:0") == "tensor([1., 2.], device='cuda:0')"
    assert (ours(np.array([1.0, 2.0]), device="cuda:0", grad_fn="MulBackward0")
            == "tensor([1., 2.], device='cuda:0', dtype=torch.float64, grad_fn=<MulBackward0>)")
    assert ours(np.zeros((0, 2), np.float32), device="cuda:0") == \
        "tensor([], device='cuda:0', size=(0, 2))"


def test_tensor_contents_and_subclass_prefix():
    t = Tensor(np.arange(3.0), requires_grad=True)
    assert _printing.tensor_repr(t, tensor_contents="[...]") == \
        "tensor([...], dtype=torch.float64, requires_grad=True)"

    class MyTensor(Tensor):
        pass

    assert _printing.tensor_repr(MyTensor(np.array([1, 2]))) == "MyTensor([1, 2])"


# ------------------------------------------------------------- property tests

_OPTION_SETS = [{}, {"precision": 2}, {"sci_mode": False}, {"sci_mode": True},
                {"threshold": 5, "edgeitems": 2}, {"linewidth": 40}, {"edgeitems": 1},
                {"profile": "short"}]


@needs_torch
@settings(max_examples=300, deadline=None)
@given(arr=hnp.arrays(dtype=st.sampled_from([np.float16, np.float32, np.float64]),
                      shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5)),
       options=st.sampled_from(_OPTION_SETS), grad=st.sampled_from([None, "rg", "MulBackward0"]))
def test_property_any_float_values(arr, options, grad):
    """Arbitrary floats: nan, inf, subnormals, -0.0, huge and tiny values."""
    case = {"array": arr, "options": options, "requires_grad": grad == "rg",
            "grad_fn": None if grad == "rg" else grad}
    assert ours(arr, options, grad == "rg", case["grad_fn"]) == golden.torch_repr(case)


@needs_torch
@settings(max_examples=100, deadline=None)
@given(shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=14),
       seed=st.integers(0, 2**32 - 1), log_scale=st.integers(-9, 12),
       kind=st.sampled_from(["normal", "integral", "int64", "int32", "bool", "float64"]),
       options=st.sampled_from(_OPTION_SETS + [{"threshold": 100}, {"profile": "full"}]))
def test_property_large_arrays(shape, seed, log_scale, kind, options):
    """Bigger random arrays, so summarization and row wrapping get exercised."""
    rng = np.random.default_rng(seed)
    values = rng.standard_normal(shape) * 10.0 ** log_scale
    arr = {"normal": values.astype(np.float32),
           "integral": np.round(values).astype(np.float32),
           "int64": np.clip(values, -2**62, 2**62).astype(np.int64),
           "int32": np.clip(values, -2**31, 2**31 - 1).astype(np.int32),
           "bool": values > 0,
           "float64": values}[kind]
    case = {"array": arr, "options": options, "requires_grad": False, "grad_fn": None}
    assert ours(arr, options) == golden.torch_repr(case)


# ---------------------------------------------------- real autograd_lab Tensors

needs_lab = pytest.mark.skipif(autograd_lab is None or not hasattr(autograd_lab, "tensor"),
                               reason="autograd_lab.tensor is not importable yet")
_LAB_VALUES = [[1.0, 2.5, -3.0], [[1, 2], [3, 4]], [True, False], 3.5, 7, [],
               [[1e-6, 1.0], [2.0, 1e6]], [float("nan"), float("inf"), -0.0],
               list(range(1500)), [[0.1] * 30] * 2]


@needs_torch
@needs_lab
@pytest.mark.parametrize("values", _LAB_VALUES, ids=range(len(_LAB_VALUES)))
def test_real_tensor(values):
    t, ref = autograd_lab.tensor(values), torch.tensor(values)
    assert repr(t) == repr(ref)
    assert str(t) == str(ref)


@needs_torch
@needs_lab
def test_real_tensor_autograd_and_dtype():
    lab = autograd_lab
    x, tx = lab.tensor([1.0, 2.0], requires_grad=True), torch.tensor([1.0, 2.0], requires_grad=True)
    assert repr(x) == repr(tx)
    assert repr(x * 2) == repr(tx * 2)
    assert repr((x * 2).sum()) == repr((tx * 2).sum())
    for name in ["float64", "float16", "int32", "uint8", "int8", "int64", "bool"]:
        a = lab.tensor([[1, 0], [2, 3]], dtype=getattr(lab, name))
        assert repr(a) == repr(torch.tensor([[1, 0], [2, 3]], dtype=getattr(torch, name)))


@needs_torch
@needs_lab
def test_real_tensor_set_printoptions():
    if not hasattr(autograd_lab, "set_printoptions"):
        pytest.skip("autograd_lab does not export set_printoptions yet")
    autograd_lab.set_printoptions(precision=2, threshold=5, edgeitems=2)
    torch.set_printoptions(precision=2, threshold=5, edgeitems=2)
    values = [[0.123456 * i for i in range(8)]] * 3
    assert repr(autograd_lab.tensor(values)) == repr(torch.tensor(values))


# ---------------------------------------------------------------------------- huge views
HUGE_VIEWS = {
    "expand_2d": "zeros(1, 1).expand(20000, 20000)",
    "expand_1e12": "zeros(1).expand(10**12)",
    "expand_middle": "arange(6.).reshape(2, 3)[:, None, :].expand(2, 10**6, 3)",
    "expand_values": "tensor([[1.5, -2.], [3., 4e-5]]).expand(10**5, 2, 2)",
    "expand_int": "ones(1, dtype=torch.int32).expand(10**9)",
}


@pytest.mark.parametrize("name", sorted(HUGE_VIEWS))
def test_huge_and_stride_0_views_print_as_torch_without_copying(oracle, name):
    """repr of an expanded view shows its corners with next to no memory (it used to take
    seconds and gigabytes, or raise MemoryError inside __repr__): the peak of traced memory
    shows whether the view was copied, without timing anything."""
    import tracemalloc
    expr = HUGE_VIEWS[name]
    expected = oracle(name, lambda torch: repr(eval("torch." + expr, {"torch": torch})))
    t = eval("torch." + expr, {"torch": autograd_lab})
    tracemalloc.start()
    try:
        text = repr(t)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text == expected
    assert peak < 20_000_000, peak
