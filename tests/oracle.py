"""The PyTorch oracle, with golden files so the suite still checks torch's answers where torch
is absent.

A test asks ``oracle("key", lambda torch: ...)``. With torch installed the lambda runs and its
result (tensors, numbers, nested tuples, or the exception it raised) is returned in a plain
JSON form; with ``pytest --record-golden`` it is also written to ``tests/golden/<module>.json``.
Without torch the recorded answer is read back instead. Either way the test then compares
autograd_lab's result with :func:`assert_tensor_matches` / :func:`assert_error_matches`.
"""
import json
import math
import os
from pathlib import Path

import numpy as np

try:
    import torch as _torch
except ImportError:          # the golden files answer instead
    _torch = None

GOLDEN_DIR = Path(__file__).parent / "golden"
REQUIRE_TORCH = os.environ.get("AUTOGRAD_LAB_REQUIRE_ORACLE") == "1"
_store = {}          # module name -> {key: value}, loaded lazily, written at session end
_dirty = set()


def torch_available():
    return _torch is not None


def _encode(obj):
    if _torch is not None and isinstance(obj, _torch.Tensor):
        t = obj
        fn = t.grad_fn
        vals = t.detach().cpu()
        return {"__tensor__": True, "dtype": str(t.dtype), "shape": list(t.shape),
                "values": _floats(vals.tolist()), "requires_grad": t.requires_grad,
                "is_leaf": t.is_leaf, "grad_fn": fn.name() if fn is not None else None,
                "repr": repr(t)}
    if _torch is not None and isinstance(obj, _torch.Size):
        return {"__size__": list(obj)}
    if _torch is not None and isinstance(obj, _torch.dtype):
        return {"__dtype__": str(obj)}
    if isinstance(obj, (list, tuple)):
        return [_encode(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): _encode(v) for k, v in obj.items()}
    if isinstance(obj, float):
        return _floats(obj)
    if isinstance(obj, (np.floating, np.integer)):
        return _encode(obj.item())
    return obj


def _floats(x):
    """JSON has no nan/inf: spell them as strings."""
    if isinstance(x, list):
        return [_floats(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    return x


def _load(module):
    if module not in _store:
        path = GOLDEN_DIR / f"{module}.json"
        _store[module] = json.loads(path.read_text()) if path.exists() else {}
    return _store[module]


class Oracle:
    def __init__(self, module, test_id, record):
        self.module, self.test_id, self.record = module, test_id, record

    def __call__(self, key, fn):
        full = f"{self.test_id}::{key}"
        if _torch is not None:
            try:
                value = _encode(fn(_torch))
            except Exception as exc:      # the error itself is the expected answer
                value = {"__error__": type(exc).__name__, "message": str(exc)}
            if self.record:
                _load(self.module)[full] = value
                _dirty.add(self.module)
            return value
        golden = _load(self.module)
        if full not in golden:
            import pytest
            pytest.fail(f"no golden answer for {full}; record with torch installed: "
                        f"pytest --record-golden")
        return golden[full]


def write_golden():
    GOLDEN_DIR.mkdir(exist_ok=True)
    for module in _dirty:
        path = GOLDEN_DIR / f"{module}.json"
        path.write_text(json.dumps(_store[module], indent=0, sort_keys=True) + "\n")


# ---------------------------------------------------------------------------- comparisons
def _decode_values(values):
    if isinstance(values, list):
        return [_decode_values(v) for v in values]
    if isinstance(values, str):
        return float(values)
    return values


def assert_tensor_matches(ours, expected, rtol=1e-5, atol=1e-6, check_repr=False,
                          check_graph=True):
    """Values, shape, dtype, and (by default) requires_grad / is_leaf / grad_fn name."""
    assert isinstance(expected, dict) and expected.get("__tensor__"), \
        f"torch gave {expected!r}, not a tensor"
    assert list(ours.shape) == expected["shape"], (list(ours.shape), expected["shape"])
    assert repr(ours.dtype) == expected["dtype"], (repr(ours.dtype), expected["dtype"])
    want = np.array(_decode_values(expected["values"]), dtype=np.float64)
    got = np.array(ours.detach().tolist(), dtype=np.float64)
    np.testing.assert_allclose(got, want.reshape(got.shape), rtol=rtol, atol=atol,
                               equal_nan=True)
    if check_graph:
        assert ours.requires_grad == expected["requires_grad"]
        assert ours.is_leaf == expected["is_leaf"]
        name = ours.grad_fn.name() if ours.grad_fn is not None else None
        assert name == expected["grad_fn"], (name, expected["grad_fn"])
    if check_repr:
        assert repr(ours) == expected["repr"], f"\nours:  {ours!r}\ntorch: {expected['repr']}"


def assert_error_matches(expected, fn):
    """``fn()`` must raise torch's exception class with torch's message."""
    assert isinstance(expected, dict) and "__error__" in expected, \
        f"torch raised nothing; it returned {expected!r}"
    try:
        fn()
    except Exception as exc:
        assert type(exc).__name__ == expected["__error__"], (type(exc).__name__, str(exc))
        assert str(exc) == expected["message"], f"\nours:  {exc}\ntorch: {expected['message']}"
    else:
        raise AssertionError(f"expected {expected['__error__']}: {expected['message']}")
