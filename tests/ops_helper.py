"""Shared machinery of the ``test_ops_*`` files: one lambda, run by torch and by autograd_lab.

A case is ``fn(lib, *inputs)`` plus input specs (:class:`In`). :func:`run_case` builds the
same inputs in either library, runs ``fn``, backpropagates fixed, non-uniform output
gradients and returns what a learner could see: every output, every input's ``.grad`` and a
signature of the graph (node names and edges, as ``next_functions`` shows them).
:func:`check_case` compares that with torch's answer (live or golden) and :func:`check_gradcheck`
runs autograd_lab's float64 finite-difference gradcheck on the same lambda.
"""
import warnings

import numpy as np

import autograd_lab as al
from device_under_test import on_device
from oracle import assert_error_matches, assert_tensor_matches


class In:
    """One input: a shape (values drawn from a fixed seed) or explicit nested-list values.

    ``dtype`` is a dtype name ("float32", "int64", "bool"...); ``grad`` asks for
    ``requires_grad=True`` (only honoured for floating dtypes); ``low``/``high`` bound the
    drawn values; ``distinct`` draws a permutation so no two values tie.
    """

    def __init__(self, shape_or_values, dtype="float32", grad=True, low=-2.0, high=2.0,
                 seed=0, distinct=False):
        self.spec = shape_or_values
        self.dtype, self.grad = dtype, grad
        self.low, self.high, self.seed, self.distinct = low, high, seed, distinct

    def values(self, k):
        if not isinstance(self.spec, tuple):
            return self.spec
        rng = np.random.RandomState(1234 + 17 * k + self.seed)
        n = int(np.prod(self.spec))
        if self.dtype == "bool":
            arr = rng.rand(n) > 0.5
        elif self.dtype.startswith(("int", "uint")):
            arr = rng.randint(int(self.low), int(self.high) + 1, size=n)
        elif self.distinct:
            arr = self.low + (self.high - self.low) * (rng.permutation(n) + 0.5) / n
            arr = np.round(arr, 3)
        else:
            arr = np.round(rng.uniform(self.low, self.high, size=n), 2)
            arr[np.abs(arr) < 0.02] = 0.13      # keep drawn values off the kinks at 0
        return arr.reshape(self.spec).tolist()

    def make(self, lib, k, dtype=None):
        dt = getattr(lib, dtype or self.dtype)
        t = lib.tensor(self.values(k), dtype=dt)
        if self.grad and t.is_floating_point():
            t.requires_grad_(True)
        return t


def as_inputs(specs):
    return [s if isinstance(s, In) else In(s) for s in specs]


def flatten(out):
    """Outputs as a flat list (tuples, lists and torch.return_types namedtuples opened)."""
    if isinstance(out, (tuple, list)):
        items = []
        for o in out:
            items += flatten(o)
        return items
    return [out]


def output_grad(lib, t):
    """A fixed gradient for output ``t``: 0.5, 0.75, ... 1.5, repeating (not all ones, so
    a backward that ignores its incoming gradient is caught)."""
    n = t.numel()
    vals = (0.5 + 0.25 * (np.arange(n) % 5)).tolist()
    # (reshaped after: nested lists cannot say the shape of an empty output, (2, 0, 4))
    return lib.tensor(vals, dtype=t.dtype).reshape(tuple(t.shape))


def node_sig(fn, depth=6):
    """``MmBackward0(None, PermuteBackward0(Acc))``: names and edges of a graph."""
    if fn is None:
        return "None"
    name = fn.name()
    if name.endswith("AccumulateGrad"):
        return "Acc"
    if depth == 0:
        return name
    kids = []
    for nxt, nr in fn.next_functions:
        s = node_sig(nxt, depth - 1)
        kids.append(s if nr == 0 else f"{s}:{nr}")
    return f"{name}({', '.join(kids)})"


def run_case(lib, fn, specs, backward=True, dtype=None):
    """Build the inputs in ``lib``, run ``fn``, backpropagate; see the module docstring."""
    lib = on_device(lib)
    xs = [s.make(lib, k, dtype) for k, s in enumerate(as_inputs(specs))]
    out = fn(lib, *xs)
    outs = flatten(out)
    graph = " | ".join(node_sig(o.grad_fn) for o in outs if isinstance(o, lib.Tensor))
    result = list(outs)
    if backward:
        diff = [o for o in outs if isinstance(o, lib.Tensor) and o.requires_grad]
        if diff:
            lib.autograd.backward(diff, [output_grad(lib, o) for o in diff])
        result += [x.grad for x in xs if x.requires_grad]
    result.append(graph)
    return result


def compare(ours, expected, rtol=1e-5, atol=1e-6, path="result"):
    """Compare one value of :func:`run_case` (tensor, None, number, string, nested list)."""
    if isinstance(expected, dict) and expected.get("__tensor__"):
        assert isinstance(ours, al.Tensor), f"{path}: expected a tensor, got {ours!r}"
        try:
            assert_tensor_matches(ours, expected, rtol=rtol, atol=atol)
        except AssertionError as exc:
            raise AssertionError(f"{path}: {exc}") from None
    elif isinstance(expected, dict) and "__size__" in expected:
        assert list(ours) == expected["__size__"], (path, ours, expected)
    elif isinstance(expected, dict) and "__dtype__" in expected:
        assert repr(ours) == expected["__dtype__"], (path, ours, expected)
    elif isinstance(expected, list):
        ours = list(ours) if isinstance(ours, tuple) else ours
        assert isinstance(ours, list) and len(ours) == len(expected), (path, ours, expected)
        for i, (o, e) in enumerate(zip(ours, expected)):
            compare(o, e, rtol, atol, f"{path}[{i}]")
    elif isinstance(expected, float) or isinstance(expected, str) and \
            expected in ("nan", "inf", "-inf"):
        assert np.isclose(float(ours), float(expected), rtol=rtol, atol=atol,
                          equal_nan=True), (path, ours, expected)
    else:
        assert ours == expected, f"{path}:\nours:  {ours!r}\ntorch: {expected!r}"


def check_case(oracle, key, fn, specs, rtol=1e-5, atol=1e-6, backward=True, dtype=None):
    """Run ``fn`` in both libraries and compare everything :func:`run_case` returns.
    If torch raised, autograd_lab must raise the same exception with the same message."""
    expected = oracle(key, lambda torch: run_case(torch, fn, specs, backward, dtype))
    if isinstance(expected, dict) and "__error__" in expected:
        assert_error_matches(expected, lambda: run_case(al, fn, specs, backward, dtype))
        return
    ours = run_case(al, fn, specs, backward, dtype)
    compare(ours, expected, rtol, atol)


def check_error(oracle, key, fn):
    """``fn(lib)`` raises in torch; autograd_lab raises the same class and message."""
    assert_error_matches(oracle(key, fn), lambda: fn(al))


def check_view(oracle, key, fn):
    """``fn(lib, base)`` of a fresh ``base`` shares memory and the version counter with it as
    in torch: after ``base.add_(1)`` the same ``_base``, version, change seen through the
    result, contiguity and strides (a copy sees no change)."""
    def run(lib):
        base = lib.arange(24.0).reshape(2, 3, 4)
        v = fn(lib, base)
        before = v.clone()
        base.add_(1)
        return [v._base is not None, v._version, (v - before).abs().sum(), v.is_contiguous(),
                v.stride()]
    compare(run(al), oracle(key, run))


def check_gradcheck(fn, specs, outputs=None):
    """float64 central differences against autograd_lab's own backward."""
    xs = [s.make(al, k, "float64" if s.dtype.startswith("float") else None)
          for k, s in enumerate(as_inputs(specs))]

    def f(*args):
        outs = [o for o in flatten(fn(al, *args)) if isinstance(o, al.Tensor) and o.requires_grad]
        return tuple(outs) if outputs is None else tuple(outs[i] for i in outputs)
    assert any(x.requires_grad for x in xs), "nothing to gradcheck"
    assert al.autograd.gradcheck(f, tuple(xs))


# ------------------------------------------------------------------- nan inputs, inf gradients
NAN, INF = float("nan"), float("inf")
# a nan, a tie at 0, the clamp bounds +-1, both infinities
NAN_VALUES = [NAN, -2.0, 2.0, 0.0, -0.5, 1.0, -1.0, INF, -INF]
# incoming gradients with inf and nan both where an op passes the gradient and where it
# passes nothing there (inf * 0 = nan would leak a product with a 0/1 mask)
NAN_GRADS = ([1.0, INF, 3.0, NAN, -INF, -INF, INF, 2.0, 5.0],
             [INF, 1.0, NAN, -INF, 2.0, NAN, -INF, INF, 1.0])


def run_nan_case(lib, fn, inputs, create_graph=False):
    """``fn(lib, *xs)`` on float32 tensors of ``inputs`` (nested lists; all require grad),
    backpropagated once for each gradient of :data:`NAN_GRADS` (its first ``numel`` values,
    cycled). Returns, for each pass, the outputs and every input's ``.grad``.
    ``create_graph=True`` runs the derivative formulas on tensors (recording a graph)
    instead of the engine's raw-array shortcut."""
    result = []
    for values in NAN_GRADS:
        xs = [lib.tensor(v, requires_grad=True) for v in inputs]
        outs = [o for o in flatten(fn(lib, *xs)) if isinstance(o, lib.Tensor)]
        diff = [o for o in outs if o.requires_grad]
        grads = []
        for o in diff:
            flat = [values[i % len(values)] for i in range(o.numel())]
            grads.append(lib.tensor(flat, dtype=o.dtype).reshape(tuple(o.shape)))
        with warnings.catch_warnings():     # (torch: backward with create_graph, a cycle)
            warnings.simplefilter("ignore", UserWarning)
            lib.autograd.backward(diff, grads, create_graph=create_graph)
        result.append([o.detach() for o in outs] + [x.grad for x in xs])
    return result


def check_nan_case(oracle, key, fn, inputs, create_graph=False):
    """:func:`run_nan_case` in both libraries, compared value by value (nan where torch has
    nan), with the grad_fn names of the gradients when ``create_graph``."""
    expected = oracle(key, lambda torch: run_nan_case(torch, fn, inputs, create_graph))
    compare(run_nan_case(al, fn, inputs, create_graph), expected)
