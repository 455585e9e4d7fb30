"""Helpers for the autograd engine's tests: run one function on torch (the oracle) and on
autograd_lab, and compare whatever it returns (tensors, numbers, strings, nested lists), or
the error it raises."""
import math
import re
import warnings

import autograd_lab as al
from oracle import assert_error_matches, assert_tensor_matches

ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def match(ours, expected, path="result", **kw):
    """Assert that autograd_lab's ``ours`` equals torch's encoded ``expected``."""
    if isinstance(expected, dict):
        if expected.get("__tensor__"):
            assert isinstance(ours, al.Tensor), f"{path}: torch gave a tensor, ours {ours!r}"
            assert_tensor_matches(ours, expected, **kw)
            return
        if "__error__" in expected:
            raise AssertionError(f"{path}: torch raised {expected['__error__']}: "
                                 f"{expected['message']}")
        if "__size__" in expected:
            assert type(ours).__name__ == "Size" and list(ours) == expected["__size__"], \
                (path, ours, expected)
            return
        if "__dtype__" in expected:
            assert repr(ours) == expected["__dtype__"], (path, ours, expected)
            return
        assert isinstance(ours, dict) and set(map(str, ours)) == set(expected), (path, ours)
        for k, v in ours.items():
            match(v, expected[str(k)], f"{path}[{k!r}]", **kw)
        return
    if isinstance(expected, list):
        assert isinstance(ours, (list, tuple)), f"{path}: expected a sequence, got {ours!r}"
        assert len(ours) == len(expected), f"{path}: length {len(ours)} != {len(expected)}"
        for i, (o, e) in enumerate(zip(ours, expected)):
            match(o, e, f"{path}[{i}]", **kw)
        return
    if isinstance(expected, float) or isinstance(expected, str) and expected in (
            "nan", "inf", "-inf"):
        e = float(expected)
        assert isinstance(ours, (int, float)), f"{path}: {ours!r} is not a number"
        assert math.isclose(ours, e, rel_tol=1e-5, abs_tol=1e-6) or (
            math.isnan(e) and math.isnan(ours)), f"{path}: {ours!r} != {e!r}"
        return
    assert ours == expected, f"{path}: ours {ours!r} != torch {expected!r}"


def check(oracle, key, fn, **kw):
    """``fn(lib)`` on torch and on autograd_lab must give the same result (or error)."""
    expected = oracle(key, fn)
    if isinstance(expected, dict) and "__error__" in expected:
        assert_error_matches(expected, lambda: fn(al))
        return
    match(fn(al), expected, **kw)


def names(nodes):
    """Node names, with ``None`` for missing nodes."""
    return [None if n is None else n.name() for n in nodes]


def next_names(node):
    """``[name or None, output_nr]`` for each edge of ``node``."""
    return [[None if fn is None else fn.name(), nr] for fn, nr in node.next_functions]


def graph_nodes(*roots):
    """Every node reachable from ``roots`` in a fixed order (depth-first over
    ``next_functions``), the same for torch and autograd_lab graphs of the same code."""
    order, seen = [], set()
    stack = [t.grad_fn for t in reversed(roots) if t.grad_fn is not None]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        for nxt, _ in reversed(node.next_functions):
            if nxt is not None and nxt not in seen:
                stack.append(nxt)
    return order


def execution_order(lib, roots, run):
    """Indices (in :func:`graph_nodes` order) of the nodes in the order ``run()`` executes
    them, recorded with a pre-hook on every node (works on torch and on autograd_lab)."""
    nodes = graph_nodes(*roots)
    order = []
    handles = [n.register_prehook(lambda grads, i=i: order.append(i))
               for i, n in enumerate(nodes)]
    run()
    for h in handles:
        h.remove()
    return order


def no_address(text):
    return ADDRESS.sub("0x?", text)


def warning_texts(fn):
    """Run ``fn()``; the messages of the warnings it raised (always recorded)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in caught]
