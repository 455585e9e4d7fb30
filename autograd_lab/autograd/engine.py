"""The backward pass.

:func:`backward_steps` is a generator that runs one node per step and yields a
:class:`BackwardStep` after each. ``Tensor.backward`` and ``autograd.grad`` simply exhaust it;
the visualizer advances it one ``next()`` at a time, so the step-through panel runs exactly the
code a normal ``backward()`` runs.

It follows PyTorch's engine (``torch/csrc/autograd/engine.cpp``):

* count, for every node reachable from the roots, how many edges point at it;
* keep a ready queue of nodes whose count reached zero, highest ``sequence_nr`` first (the
  node created last runs first; ``AccumulateGrad`` runs as soon as it is ready). The queue
  reproduces the binary heap of ``std::priority_queue``, so that even ties (several leaves ready
  at once) come out in PyTorch's order;
* run a node: tensor hooks, retain-grad hooks, pre-hooks, its backward, a check of every
  gradient against its input (shape, broadcasting, dtype: the one place broadcasting is
  undone), post-hooks; then free its saved tensors unless ``retain_graph``;
* add each gradient into the buffer of the node it flows to.

Between nodes a gradient is a Tensor or, when an array-mode node made it (see
``Op.array_backward``), the bare array: it becomes a Tensor only where one is needed (a
hook, a node run on tensors, a leaf's ``.grad``, a step shown to the visualizer), which saves
making a Tensor per gradient on the common path.

Graph walks are iterative (no recursion limit): a 100,000-op chain backpropagates.
"""
import sys
import warnings
from collections import deque

import numpy as np

from .. import _backend, _grad_mode
from .._tensor import Tensor as _Tensor
from .graph import AccumulateGrad

_gm = _grad_mode
_exhaust = deque(maxlen=0).extend
_ERRSTATE, _IGNORE_ALL = _backend.ERRSTATE, _backend.IGNORE_ALL
_ndarray, _np_generic, _asarray = np.ndarray, np.generic, np.asarray
_add_reduce = np.add.reduce


class BackwardStep:
    """What one step of the backward pass did: ``node`` received ``grad_outputs`` (the
    gradients flowing in, one per output of the node, after its hooks) and produced
    ``grad_inputs`` (one per entry of ``node.next_functions``; ``()`` for AccumulateGrad)."""

    __slots__ = ("node", "grad_outputs", "grad_inputs")

    def __init__(self, node, grad_outputs, grad_inputs):
        self.node, self.grad_outputs, self.grad_inputs = node, grad_outputs, grad_inputs

    def __repr__(self):
        return f"BackwardStep(node={self.node.name()}, grad_outputs={self.grad_outputs!r}, " \
               f"grad_inputs={self.grad_inputs!r})"


# ---------------------------------------------------------------------------- the ready queue
# std::priority_queue<NodeTask, vector, CompareNodeTaskTime>: a max-heap on sequence_nr, with
# libstdc++'s push_heap / pop_heap. Python's heapq would order equal keys differently.

def _heap_push(heap, item):
    heap.append(item)
    hole = len(heap) - 1
    seq = item[0]
    while hole > 0:
        parent = (hole - 1) >> 1
        if heap[parent][0] < seq:
            heap[hole] = heap[parent]
            hole = parent
        else:
            break
    heap[hole] = item


def _heap_pop(heap):
    top = heap[0]
    last = heap.pop()
    n = len(heap)
    if n == 0:
        return top
    # __adjust_heap: move the hole at the top down to a leaf, larger child first ...
    hole = child = 0
    while child < (n - 1) >> 1:
        child = 2 * (child + 1)
        if heap[child][0] < heap[child - 1][0]:
            child -= 1
        heap[hole] = heap[child]
        hole = child
    if n & 1 == 0 and child == (n - 2) >> 1:
        child = 2 * (child + 1)
        heap[hole] = heap[child - 1]
        hole = child - 1
    # ... then __push_heap: sift the old last element up from there
    seq = last[0]
    parent = (hole - 1) >> 1
    while hole > 0 and heap[parent][0] < seq:
        heap[hole] = heap[parent]
        hole = parent
        parent = (hole - 1) >> 1
    heap[hole] = last
    return top


# ---------------------------------------------------------------------------- graph walks
def _dependencies(root_nodes):
    """For each node reachable from the roots: how many edges point at it (PyTorch's
    ``compute_dependencies``; a node is visited when first counted)."""
    deps = {}
    stack = list(root_nodes)
    if len(stack) == 1:                # one root (the usual case): no other root to meet
        while stack:
            for nxt, _ in stack.pop().next_functions:
                if nxt is not None:
                    if nxt in deps:
                        deps[nxt] += 1
                    else:
                        deps[nxt] = 1
                        stack.append(nxt)
        return deps
    roots = set(root_nodes)
    while stack:
        for nxt, _ in stack.pop().next_functions:
            if nxt is not None:
                n = deps.get(nxt)
                if n is None:
                    deps[nxt] = 1
                    if nxt not in roots:           # (a root's edges are already stacked)
                        stack.append(nxt)
                else:
                    deps[nxt] = n + 1
    return deps


def _needed_nodes(root_nodes, wanted):
    """Nodes with a path to a node in ``wanted`` (PyTorch's ``init_to_execute``): only these
    run when ``inputs`` restrict the pass. Iterative DFS, each node visited once."""
    needed = set()
    seen = set()
    for root in root_nodes:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(root.next_functions))]
        while stack:
            node, children = stack[-1]
            for child, _ in children:
                if child is None:
                    continue
                if child in seen:
                    if child in needed or child in wanted:
                        needed.add(node)
                    continue
                seen.add(child)
                stack.append((child, iter(child.next_functions)))
                break
            else:
                stack.pop()
                if stack and (node in needed or node in wanted):
                    needed.add(stack[-1][0])
    return needed


# ---------------------------------------------------------------------------- gradients
def _broadcast_dims(gshape, shape):
    """The dims a gradient of shape ``gshape`` must be summed over to undo broadcasting to
    ``shape``: the leading ones it has in excess, and those where ``shape`` has a 1."""
    lead = len(gshape) - len(shape)
    dims = list(range(lead))
    for i, n in enumerate(shape):
        if n == 1 and gshape[lead + i] != 1:
            dims.append(lead + i)
    return tuple(dims), lead


def _sum_to(grad, shape):
    """Undo broadcasting: sum ``grad`` down to ``shape`` (the one place this happens).
    ``grad`` is a Tensor, or an array in the engine's array mode (the same sum, without ops)."""
    if isinstance(grad, _Tensor):
        if not shape:            # torch's at::sum_to: a plain sum (SumBackward0) to a 0-d shape
            return grad.sum()
        dims, lead = _broadcast_dims(grad._data.shape, shape)
        if dims:
            grad = grad.sum(dim=dims, keepdim=True)
        if lead:
            grad = grad.reshape(shape)
        return grad
    dims, lead = _broadcast_dims(grad.shape, shape)
    if not dims:
        return grad.reshape(shape) if lead else grad
    # (what Tensor.sum computes: ndarray.sum is NumPy's add.reduce, called directly on CPU)
    add = _add_reduce if type(grad) is _ndarray else None
    if len(dims) == lead:                   # only leading dims (a bias over a batch): one sum
        grad = add(grad, axis=dims) if add else grad.sum(axis=dims)
        return _asarray(grad) if isinstance(grad, _np_generic) else grad   # (0-d: a scalar)
    grad = add(grad, axis=dims, keepdims=True) if add else grad.sum(axis=dims, keepdims=True)
    return grad.reshape(shape) if lead else grad


def _expandable(shape, to):
    """Can ``shape`` be broadcast to ``to``?"""
    if len(shape) > len(to):
        return False
    for s, t in zip(shape, to[len(to) - len(shape):]):
        if s != t and s != 1:
            return False
    return True


def validate_grad(node, i, grad, meta):
    """Check one gradient a node returned against its input, as torch's engine does: sum a
    broadcast gradient back to the input's shape, cast it to the input's dtype. ``grad`` is
    a Tensor, or an array in array mode."""
    shape, np_dtype = meta
    data = grad._data if isinstance(grad, _Tensor) else grad
    if data.shape != shape:
        if not _expandable(shape, data.shape):
            raise RuntimeError(f"Function {node.name()} returned an invalid gradient at index "
                               f"{i} - got {list(data.shape)} but expected shape "
                               f"compatible with {list(shape)}")
        grad = _sum_to(grad, shape)
        data = grad._data if isinstance(grad, _Tensor) else grad
    if data.dtype != np_dtype:
        # (an array is cast as Tensor.to casts it)
        grad = grad._cast_np(np_dtype) if isinstance(grad, _Tensor) else grad.astype(np_dtype)
    return grad


def _tensor(g):
    """A gradient as a Tensor (it may be a bare array: see the module's docstring)."""
    if g is None or isinstance(g, _Tensor):
        return g
    return _Tensor._make(g)


def _tensors(grads):
    return [_tensor(g) for g in grads]


def _sole_owner_array(a, refs):
    """Is the array ``a`` referenced ``refs`` times (counting the caller's), writeable, and
    owning its memory -- or a C-contiguous view of all of an array that only it holds (the
    weight gradient of ``linear`` comes out of ``TBackward0`` so)? Then nothing else can see
    it change: it may be added into in place, or become ``.grad`` (see :func:`_sole_owner`)."""
    # + 2: this function's parameter and getrefcount's argument (CuPy arrays: never reused)
    if not _REFCOUNTS or type(a) is not _ndarray or _refcount(a) != refs + 2 \
            or not a.flags.writeable:
        return False
    base = getattr(a, "base", True)
    if base is None:
        return True
    # the view's reference, ``base`` here, getrefcount's argument
    return (type(base) is _ndarray and base.base is None and _refcount(base) == 3
            and a.flags.c_contiguous and a.size == base.size)


def _array_sum(a, b):
    s = a + b
    return _asarray(s) if isinstance(s, _np_generic) else s   # (0-d: NumPy makes a scalar)


def _materialize(node, grads):
    """Zeros for the outputs that received no gradient (``node._output_meta`` holds each
    output's ``(shape, dtype, array module)``)."""
    from .._tensor import Tensor
    metas = node._output_meta
    return [Tensor._make(metas[i][2].zeros(metas[i][0], dtype=metas[i][1]))
            if g is None and metas is not None and metas[i] is not None else g
            for i, g in enumerate(grads)]


def _sole_owner(t, refs):
    """Is ``t`` referenced ``refs`` times (counting the caller's own references), its array
    only by ``t``, and, when that array is a view, each array under it only by the one
    above? Then nothing else can see it change: the engine may reuse it in place, as PyTorch
    does when a gradient's ``use_count()`` is 1."""
    d = t._data
    if not _REFCOUNTS or type(d) is not _ndarray:     # (CuPy: always a new array, no reuse)
        return False
    # + 2: this function's parameter and getrefcount's argument; the array: t, d, argument
    if _refcount(t) != refs + 2 or _refcount(d) != 3 or t._grad_fn is not None:
        return False
    if not d.flags.writeable:          # (a broadcast view, a shared read-only constant)
        return False
    base = getattr(d, "base", True)
    if base is None:
        return True
    if not d.flags.c_contiguous:       # (a strided view would make an odd-strided .grad)
        return False
    # A view tensor also holds the tensor it looks into (``_base``), which holds the array
    # at the bottom of the chain; that tensor must be held by ``t`` alone.
    root = t._base
    if root is not None and _refcount(root) != 3:          # t, ``root``, argument
        return False
    while base is not None:            # referenced by the view above, ``base``, argument
        held = 4 if root is not None and root._data is base else 3
        if _refcount(base) != held:
            return False
        base = base.base
    return True


_refcount = getattr(sys, "getrefcount", None)
_REFCOUNTS = _refcount is not None and sys.implementation.name == "cpython"


def _accumulate(var, grad, create_graph, steal=False):
    """AccumulateGrad: the first gradient becomes ``.grad`` (taken as is when the engine
    holds the only reference to it, ``steal``; else a copy: it must not alias anything the
    user holds); later ones are added *into that same tensor* in place, so
    ``x.grad.data.zero_()`` keeps working, unless ``create_graph``, where ``.grad`` becomes a
    new tensor with a history."""
    old = var._grad
    if old is None:
        if create_graph:
            from .. import _creation
            new = _creation.empty_like(grad)   # PyTorch: new_empty_strided(...).copy_(grad)
            var._grad = new.copy_(grad)
        else:
            if not steal:
                var._grad = grad._detached_copy()
            else:      # its memory, without the view bookkeeping of the tensor it came in
                var._grad = grad if grad._base is None else type(grad)._make(grad._data)
    elif create_graph:
        var._grad = old + grad
    else:
        old._inplace_accumulate(grad)
    if var._post_acc_hooks:
        for hook in list(var._post_acc_hooks):
            hook(var)
    var._notify("grad")


def _call_tensor_pre_hooks(node, grads):
    """``register_hook`` on the tensors this node produced, then their retain-grad hooks."""
    if node._is_accumulate_grad:
        hooks = node.variable._hooks
        if hooks:
            g = grads[0]
            for hook in list(hooks):
                out = hook(g)
                if out is not None:
                    g = out
            grads = [g]
        return grads
    hooks = node._tensor_pre_hooks
    if hooks:
        grads = list(grads)
        for nr, hook in list(hooks):
            out = hook(grads[nr])
            if out is not None:
                grads[nr] = out
    retains = node._retains_grad_hooks
    if retains:
        for nr, hook in list(retains.items()):
            hook(grads[nr])
    return grads


def _call_pre_hooks(node, grads):
    for hook in list(node._pre_hooks):
        out = hook(tuple(grads))
        if out is not None:
            grads = list(out)
    return grads


_warned_create_graph = False


def _warn_create_graph():
    global _warned_create_graph
    if not _warned_create_graph:
        _warned_create_graph = True
        warnings.warn(
            "Using backward() with create_graph=True will create a reference cycle between the "
            "parameter and its gradient which can cause a memory leak. We recommend using "
            "autograd.grad when creating the graph to avoid this. If you have to use this "
            "function, make sure to reset the .grad fields of your parameters to None after "
            "use to break the cycle and avoid the leak. (Triggered internally at "
            "/__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)", UserWarning,
            stacklevel=5)


# ---------------------------------------------------------------------------- the pass
def backward_steps(roots, grad_roots, retain_graph=False, create_graph=False,
                   inputs=None, capture=False, allow_unused=False, _steps=True, _sink=None):
    """Run the backward pass from ``roots`` (tensors) with ``grad_roots``, one node a step.

    ``inputs``: tensors to restrict the pass to (``backward(inputs=...)``), or, with
    ``capture=True``, the tensors whose gradients ``autograd.grad`` returns instead of
    accumulating. The generator's return value (``StopIteration.value``) is the list of
    captured gradients (also appended to ``_sink`` when given). Each step yields a
    :class:`BackwardStep`; with ``_steps`` false (what ``run_backward`` uses) the pass runs
    to the end in one go, yielding nothing, without building records nobody reads.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.autograd.engine import backward_steps
    >>> x = torch.tensor([1., 2.], requires_grad=True)
    >>> y = (x * x).sum()
    >>> [step.node.name() for step in backward_steps([y], [torch.tensor(1.)])]
    ['SumBackward0', 'MulBackward0', 'torch::autograd::AccumulateGrad']
    """
    # -- the roots and their starting gradients
    buffers = {}
    root_nodes = []
    for t, g in zip(roots, grad_roots):
        fn = t._grad_fn
        node = fn if fn is not None else AccumulateGrad.for_tensor(t)
        if node is None:                   # a view made under no_grad: no gradient flows
            continue
        nr = t._output_nr if fn is not None else 0
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * node._n_outputs
        buf[nr] = g if buf[nr] is None else buf[nr] + g
        if node not in root_nodes:
            root_nodes.append(node)
    deps = _dependencies(root_nodes)

    # -- restricted to ``inputs``: which nodes run, which gradients are captured
    needed = captures = captured = None
    if inputs is not None:
        captures = {}       # node -> [(output_nr, index in inputs)]
        wanted = set()
        for k, t in enumerate(inputs):
            fn = t._grad_fn
            node = fn if fn is not None else AccumulateGrad.for_tensor(t)
            wanted.add(node)
            if capture:
                captures.setdefault(node, []).append((t._output_nr if fn else 0, k))
            else:
                t.retain_grad()            # backward(inputs=[non-leaf]) fills its .grad
        # (a root runs only if it leads to a wanted node, like any other: grad(y, y) does not
        # run y's node, and leaves its saved tensors alone)
        needed = _needed_nodes(root_nodes, wanted)
        if not capture:
            needed |= wanted
        captured = [None] * len(inputs)

    # -- the ready queue: roots no other root points at
    ready = []
    for node in root_nodes:
        if node not in deps:
            _heap_push(ready, (node._sequence_nr, node))

    pop_buffer, get_buffer = buffers.pop, buffers.get      # (bound once: the loop is hot)
    # a node that became ready while no other was waiting runs next without queueing (a
    # chain's usual case); once another becomes ready too, both go into the queue
    following = None
    while ready or following is not None:
        # The grad mode of whoever calls next(), and NumPy's error state, are restored
        # before each yield, so code run between steps is never affected: within a step,
        # backward formulas record a graph only if asked (create_graph), and NumPy stays quiet
        # about inf/nan as torch does (formulas on arrays, gradients summed in place). Without
        # steps to yield (``run_backward``) the whole pass is one step: one switch in all.
        prev_mode = _gm.is_grad_enabled()     # (this thread's: others keep theirs)
        _gm._set(create_graph)
        token = _ERRSTATE.set(_IGNORE_ALL)
        step = None
        try:
            while ready or following is not None:
                if following is not None:
                    node = following
                    following = None
                else:
                    node = ready.pop()[1] if len(ready) == 1 else _heap_pop(ready)[1]
                grads = pop_buffer(node)
                if needed is not None:
                    is_needed = node in needed
                    if captures and node in captures:
                        # a node that will not run shows its gradient after its tensor hooks;
                        # one that runs shows it as it arrives (PyTorch's quirk, kept)
                        grads = _tensors(grads)
                        seen = grads if is_needed else _call_tensor_pre_hooks(node, grads)
                        for nr, k in captures[node]:
                            captured[k] = seen[nr]
                    if not is_needed:
                        continue
                if node._is_accumulate_grad:
                    if node.variable._hooks or node._pre_hooks:
                        grads = _tensors(grads)
                        if node.variable._hooks:
                            grads = _call_tensor_pre_hooks(node, grads)   # the leaf's hooks
                        if node._pre_hooks:
                            grads = _call_pre_hooks(node, grads)
                    g = grads[0]
                    if g is None:
                        pass
                    elif isinstance(g, _Tensor):
                        # held by ``grads`` and ``g`` only? then it can become .grad as it is
                        steal = not create_graph and _sole_owner(g, 2)
                        _accumulate(node.variable, g, create_graph, steal)
                    else:                 # an array (never with create_graph): likewise
                        steal = _sole_owner_array(g, 2)
                        _accumulate(node.variable, _tensor(g), False, steal)
                    out = ()
                else:
                    if node._has_hooks:
                        grads = _call_tensor_pre_hooks(node, _tensors(grads))
                        if node._pre_hooks:
                            grads = _call_pre_hooks(node, grads)
                    out = None
                    if node._array_dtype is not None and not create_graph:
                        out = _run_arrays(node, grads)      # the formula on arrays (or None)
                    if out is None:
                        out = _run_node(node, grads)
                    if not retain_graph and (node._saved or node._saved_out is not None):
                        node._free()
                if node._has_hooks and node._hooks:
                    out = tuple(_tensors(out))
                    for hook in list(node._hooks):
                        res = hook(out, tuple(grads))
                        if res is not None:
                            out = tuple(res)

                # -- pass each gradient on; a node is ready once all its edges have reported
                for (nxt, nr), g in zip(node.next_functions, out):
                    if nxt is None:
                        continue
                    left = deps[nxt] - 1
                    deps[nxt] = left
                    if needed is not None and nxt not in needed and nxt not in captures:
                        continue
                    buf = get_buffer(nxt)
                    if buf is None:
                        if nxt._n_outputs == 1:
                            buffers[nxt] = [g]
                        else:
                            buf = buffers[nxt] = [None] * nxt._n_outputs
                            buf[nr] = g
                    elif g is not None:
                        old = buf[nr]
                        if old is None:
                            buf[nr] = g
                        elif create_graph:
                            buf[nr] = old + g
                        else:
                            # (no graph to record: the sum of the arrays)
                            d = g._data if isinstance(g, _Tensor) else g
                            if isinstance(old, _Tensor):
                                # only this buffer holds ``old`` (references: buf, old)? add
                                # in place
                                if _sole_owner(old, 2):
                                    old._data += d
                                else:
                                    buf[nr] = _array_sum(old._data, d)
                            elif _sole_owner_array(old, 2):
                                old += d
                            else:
                                buf[nr] = _array_sum(old, d)
                    if left == 0:
                        if following is None and not ready:
                            following = nxt
                        else:
                            if following is not None:
                                _heap_push(ready, (following._sequence_nr, following))
                                following = None
                            _heap_push(ready, (nxt._sequence_nr, nxt))
                if _steps:
                    step = BackwardStep(node, tuple(_tensors(grads)), tuple(_tensors(out)))
                    break
                # drop this node's references to the gradients it passed on: the node
                # receiving one may then take it over instead of copying it (_sole_owner)
                out = g = old = grads = None
        finally:
            _ERRSTATE.reset(token)
            _gm._set(prev_mode)
        if step is not None:
            yield step
    if _sink is not None:
        _sink.append(captured)
    return captured


def _run_node(node, grads):
    """Call one node's backward and check what it returns (PyTorch's ``call_function`` and
    ``validate_outputs``)."""
    for g in grads:
        if g is None:                     # (``None in grads`` would compare arrays)
            if not any(g is not None for g in grads):
                if not node._runs_without_grads:
                    # a built-in node that received nothing passes nothing on
                    return (None,) * len(node.next_functions)
            if node._materialize:
                grads = _materialize(node, grads)
            break
    out = node._run(_tensors(grads))
    edges = node.next_functions
    metas = node._input_meta
    checked = None                        # a copy of ``out`` only if something changes
    for i, g in enumerate(out):
        if g is None:
            continue
        if edges[i][0] is None:           # nothing flows along an edge to nowhere
            g = None
        else:
            d = g._data
            meta = metas[i]
            if d.shape == meta[0] and d.dtype == meta[1]:
                continue
            g = validate_grad(node, i, g, meta)
        if checked is None:
            checked = list(out)
        checked[i] = g
    return out if checked is None else tuple(checked)


def _run_arrays(node, grads):
    """Array mode (see ``Op.array_backward``): run the node's own formula on the gradients'
    arrays, check each result against its input as :func:`validate_grad` does, and hand the
    resulting arrays on. Equivalent to the tensor formula without create_graph: the same
    NumPy operations, minus an op (node, promotion, tensor) around each. Returns None, for
    :func:`_run_node` to handle, when a gradient is missing or is not of the node's dtype
    (a hook changed it)."""
    dt = node._array_dtype
    if len(grads) == 1:                   # (most nodes have one output)
        d = grads[0]
        if d is None:
            return None
        if isinstance(d, _Tensor):
            d = d._data
        if d.dtype is not dt and d.dtype != dt:
            return None
        node._arrays = True              # (NumPy's warnings are off for the whole step)
        try:
            out = node._forward_cls.backward(node, d)
        finally:
            node._arrays = False
    else:
        arrays = []
        for d in grads:
            if d is None:
                return None
            if isinstance(d, _Tensor):
                d = d._data
            if d.dtype != dt:
                return None
            arrays.append(d)
        node._arrays = True
        try:
            out = node._forward_cls.backward(node, *arrays)
        finally:
            node._arrays = False
    if type(out) is not tuple or len(out) != len(node.needs_input_grad):
        out = node._per_input(out)        # (as BackwardNode._run: one per tensor input)
    else:
        positions = node._tensor_positions
        if positions is not None:         # (_per_input's usual case: tensors first, sliced)
            out = out[:positions] if type(positions) is int else node._per_input(out)
    results = []               # (arrays: a Tensor is made only where one is needed)
    for a, (fn, _), meta in zip(out, node.next_functions, node._input_meta):
        if a is None or fn is None:               # (nothing flows along an edge to nowhere)
            results.append(None)
            continue
        if type(a) is not _ndarray and isinstance(a, _np_generic):
            a = _asarray(a)                       # NumPy turns 0-d results into scalars
        if a.shape != meta[0] or a.dtype is not meta[1] and a.dtype != meta[1]:
            a = validate_grad(node, len(results), a, meta)
        results.append(a)
    return results


def run_backward(roots, grad_roots, retain_graph=False, create_graph=False, inputs=None,
                 capture=False, allow_unused=False):
    """Run :func:`backward_steps` to the end and return what it captured."""
    sink = []
    steps = backward_steps(roots, grad_roots, retain_graph, create_graph, inputs, capture,
                           allow_unused, _steps=False, _sink=sink)
    _exhaust(steps)              # (runs the whole pass: it yields no steps)
    return sink[0]
