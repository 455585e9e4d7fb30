"""The backward pass.

:func:`backward_steps` is a generator that runs one node per step and yields a
:class:`BackwardStep` after each. ``Tensor.backward`` and ``autograd.grad`` simply exhaust it;
the visualizer advances it one ``next()`` at a time, so the step-through panel runs exactly the
code a normal ``backward()`` runs.

Graph walks are iterative (no recursion limit): a 100,000-op chain backpropagates.
"""
import heapq
from dataclasses import dataclass

from .. import _grad_mode
from .graph import AccumulateGrad


@dataclass
class BackwardStep:
    """What one step of the backward pass did: ``node`` received ``grad_outputs`` (the
    gradients flowing in, one per output of the node) and produced ``grad_inputs`` (one per
    entry of ``node.next_functions``)."""
    node: object
    grad_outputs: tuple
    grad_inputs: tuple


def _collect(roots):
    """Count, for each node reachable from ``roots``, how many edges point at it."""
    deps = {}
    seen = set()
    stack = [r for r in roots if r is not None]
    order = []
    for r in stack:
        seen.add(r)
    while stack:
        node = stack.pop()
        order.append(node)
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            deps[nxt] = deps.get(nxt, 0) + 1
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return deps, order


def _needed(order, targets):
    """Nodes from which some target node can be reached (only those need to run)."""
    # ``order`` is a DFS pre-order from the roots; children come after their first parent,
    # but a node shared by several parents can appear before one of them, so iterate to a
    # fixed point in reverse order (cheap: usually one or two sweeps).
    needed = set(targets)
    changed = True
    while changed:
        changed = False
        for node in reversed(order):
            if node in needed:
                continue
            for nxt, _ in node.next_functions:
                if nxt is not None and nxt in needed:
                    needed.add(node)
                    changed = True
                    break
    return needed


def _sum_to(grad, shape):
    """Undo broadcasting: sum ``grad`` down to ``shape`` (the one place this happens)."""
    gshape = grad.shape
    lead = len(gshape) - len(shape)
    dims = list(range(lead))
    for i, n in enumerate(shape):
        if n == 1 and gshape[lead + i] != 1:
            dims.append(lead + i)
    if dims:
        grad = grad.sum(dim=tuple(dims), keepdim=True)
    if lead:
        grad = grad.reshape(shape)
    return grad


def _broadcastable(src, dst):
    if len(src) < len(dst):
        return False
    return all(d == s or d == 1 for s, d in zip(src[len(src) - len(dst):], dst))


def validate_grad(node, i, grad, meta):
    """Check one gradient a node returned against its input, as torch's engine does."""
    shape, np_dtype = meta
    if grad._data.shape != shape:
        if not _broadcastable(grad._data.shape, shape):
            raise RuntimeError(f"Function {node.name()} returned an invalid gradient at index "
                               f"{i} - got {list(grad._data.shape)} but expected shape "
                               f"compatible with {list(shape)}")
        grad = _sum_to(grad, shape)
    if grad._data.dtype != np_dtype:
        grad = grad._cast_np(np_dtype)
    return grad


def _zeros_like_meta(meta, like):
    from .._tensor import Tensor
    shape, np_dtype = meta
    xp = like._xp()
    return Tensor._make(xp.zeros(shape, dtype=np_dtype), False, None, 0)


def _accumulate(acc, grad, create_graph):
    var = acc.variable
    if var._hooks:
        for hook in var._hooks:
            out = hook(grad)
            if out is not None:
                grad = out
    old = var._grad
    if old is None:
        var._grad = grad if create_graph else grad._detached_copy()
    elif create_graph or _grad_mode._enabled:
        var._grad = old + grad
    else:
        old._inplace_accumulate(grad)
    if var._post_acc_hooks:
        for hook in var._post_acc_hooks:
            hook(var)
    var._notify("grad")
    return ()


def _run_prehooks(node, grads):
    """Tensor hooks (registered on non-leaf outputs) and the node's own pre-hooks."""
    hooks = node._pre_hooks
    if not hooks:
        return grads
    for hook in list(hooks):
        out = hook(tuple(grads))
        if out is not None:
            grads = list(out)
    return grads


def backward_steps(roots, grad_roots, retain_graph=False, create_graph=False,
                   inputs=None, capture=False, allow_unused=False):
    """Run the backward pass from ``roots`` (tensors) with ``grad_roots``, one node a step.

    ``inputs``: tensors to restrict the pass to (``backward(inputs=...)``), or, with
    ``capture=True``, the tensors whose gradients ``autograd.grad`` returns instead of
    accumulating. The generator's return value (``StopIteration.value``) is the list of
    captured gradients.
    """
    buffers = {}
    root_nodes = []
    for t, g in zip(roots, grad_roots):
        fn = t._grad_fn
        node = fn if fn is not None else AccumulateGrad.for_tensor(t)
        nr = t._output_nr if fn is not None else 0
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * node._n_outputs if fn is not None else [None]
        buf[nr] = g if buf[nr] is None else buf[nr] + g
        root_nodes.append(node)
    deps, order = _collect(root_nodes)

    targets = None     # {(node, output_nr): index in inputs}
    captured = None
    if inputs is not None:
        targets = {}
        for k, t in enumerate(inputs):
            fn = t._grad_fn
            if fn is not None:
                targets[(fn, t._output_nr)] = k
            else:
                targets[(AccumulateGrad.for_tensor(t), 0)] = k
        needed = _needed(order, {n for n, _ in targets})
        captured = [None] * len(inputs)
    else:
        needed = None

    ready = []
    counter = 0
    pushed = set()
    for node in dict.fromkeys(root_nodes):
        if deps.get(node, 0) == 0:
            heapq.heappush(ready, (-node._sequence_nr, counter, node))
            counter += 1
            pushed.add(node)

    prev_mode = _grad_mode._enabled
    try:
        while ready:
            _, _, node = heapq.heappop(ready)
            grads = buffers.pop(node)
            _grad_mode._set(create_graph)
            try:
                if node._pre_hooks:
                    grads = _run_prehooks(node, grads)
                if targets is not None:
                    for nr in range(len(grads)):
                        k = targets.get((node, nr))
                        if k is not None:
                            if capture:
                                captured[k] = grads[nr]
                            elif not node._is_accumulate_grad and grads[nr] is not None:
                                inputs[k]._store_retained_grad(grads[nr])
                    if node not in needed or (capture and node._is_accumulate_grad):
                        _grad_mode._set(prev_mode)
                        continue
                if node._is_accumulate_grad:
                    if grads[0] is not None:
                        _accumulate(node, grads[0], create_graph)
                    out = ()
                else:
                    if None in grads:
                        if node._materialize:
                            grads = [g if g is not None else
                                     _zeros_like_meta(node._output_meta[i], _first(grads))
                                     for i, g in enumerate(grads)]
                    out = node._run(grads)
                    metas = node._input_meta
                    out = tuple(None if g is None else validate_grad(node, i, g, metas[i])
                                for i, g in enumerate(out))
                    if node._hooks:
                        for hook in node._hooks:
                            res = hook(out, tuple(grads))
                            if res is not None:
                                out = tuple(res)
                    if not retain_graph:
                        node._free()
            finally:
                _grad_mode._set(prev_mode)

            for (nxt, nr), g in zip(node.next_functions, out):
                if nxt is None:
                    continue
                left = deps[nxt] - 1
                deps[nxt] = left
                if g is not None:
                    buf = buffers.get(nxt)
                    if buf is None:
                        buf = buffers[nxt] = [None] * nxt._n_outputs \
                            if not nxt._is_accumulate_grad else [None]
                    if buf[nr] is None:
                        buf[nr] = g
                    else:
                        _grad_mode._set(create_graph)
                        try:
                            buf[nr] = buf[nr] + g
                        finally:
                            _grad_mode._set(prev_mode)
                if left == 0 and nxt in buffers and nxt not in pushed:
                    heapq.heappush(ready, (-nxt._sequence_nr, counter, nxt))
                    counter += 1
                    pushed.add(nxt)
            yield BackwardStep(node, tuple(grads), out)
    finally:
        _grad_mode._set(prev_mode)
    return captured


def _first(grads):
    for g in grads:
        if g is not None:
            return g
    return None


def run_backward(roots, grad_roots, retain_graph=False, create_graph=False, inputs=None,
                 capture=False, allow_unused=False):
    """Run :func:`backward_steps` to the end and return what it captured."""
    steps = backward_steps(roots, grad_roots, retain_graph, create_graph, inputs, capture,
                           allow_unused)
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value
