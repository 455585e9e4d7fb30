"""The multivariable chain rule on a real graph, as plain functions the Lab panel calls (and
tests call without any widget).

* :class:`GradientRecorder` watches one backward pass through hooks (``register_hook`` on
  the graph's non-leaf tensors and leaves, ``register_prehook`` on backward nodes whose
  output is not drawn) and keeps the gradient each of them saw. The tensors' ``.grad`` is not
  touched: PyTorch's rule (a non-leaf's ``.grad`` stays None unless ``retain_grad()``) holds.
* :func:`jacobians` asks a backward node for its local derivative: the engine runs the
  node's own backward on one-hot gradients (one row of the Jacobian per output element).
* :func:`find_paths` lists the paths from a target tensor down to a leaf, and
  :func:`path_product` multiplies the local derivatives along one of them; summed over all
  paths they give the leaf's gradient.
* :func:`central_difference` estimates a gradient in float64 from the forward function alone.

Nothing here knows a derivative formula: every number comes from the engine.
"""
import math

import numpy as np

JACOBIAN_LIMIT = 64      # output elements: above this a node's Jacobian is not built row by row
MAX_PATHS = 24           # paths listed one by one; beyond, only their number and the check
RECORD_NODES = 200       # graphs up to this many nodes keep Jacobians during backward...
RECORD_LIMIT = 16        # ...of nodes with up to this many output elements (one run each)
FD_LIMIT = 64            # elements a finite-difference check perturbs (2 forwards each)
FD_STEP = 1e-6
KEEP_LIMIT = 4096        # recorded gradients up to this many elements are kept whole


class Unavailable(Exception):
    """A local derivative that cannot be had: backward freed the node's saved tensors."""


# ------------------------------------------------------------------------ the engine's nodes
def _engine():
    from ..autograd import engine
    return engine


def _is_acc(node):
    return bool(getattr(node, "_is_accumulate_grad", False))


def output_metas(target):
    """``{id(node): {output_nr: (shape, dtype)}}`` for every node under ``target``'s
    ``grad_fn``: what each node's output looks like, read from the ``_input_meta`` of the
    node that consumes it (a node with a single output does not record its own).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.ones(2, 3, requires_grad=True); y = (x * 2).sum()
    >>> metas = output_metas(y); metas[id(y.grad_fn.next_functions[0][0])]
    {0: ((2, 3), dtype('float32'))}
    """
    start = target.grad_fn
    out = {id(start): {target._output_nr: (tuple(target.shape), target._data.dtype)}}
    stack, seen = [start], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen or _is_acc(node):
            continue
        seen.add(id(node))
        for (nxt, nr), meta in zip(node.next_functions, node._input_meta):
            if nxt is not None:
                out.setdefault(id(nxt), {})[nr] = (tuple(meta[0]), meta[1])
                stack.append(nxt)
    return out


def _run(node, grads):
    """The node's own backward through the engine (broadcasting undone, dtypes checked)."""
    from .. import _grad_mode
    if getattr(node, "_is_freed", False):
        raise Unavailable(node.name())
    try:
        with _grad_mode.no_grad():
            return _engine()._run_node(node, list(grads))
    except RuntimeError as err:
        if "freed" in str(err) or "second time" in str(err):
            raise Unavailable(node.name()) from err
        raise


def _tensor(array):
    from .._tensor import Tensor
    return Tensor._make(np.ascontiguousarray(array))


def jacobians(node, metas, limit=JACOBIAN_LIMIT):
    """The local derivative of a backward node, input by input: ``{(output_nr, input_nr):
    array of shape (output numel, input numel)}``, each row the node's own backward applied
    to a one-hot gradient. ``metas`` is ``{output_nr: (shape, dtype)}`` (see
    :func:`output_metas`). ``None`` for a node with more than ``limit`` output elements.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> a = torch.tensor(2., requires_grad=True); b = torch.tensor(3., requires_grad=True)
    >>> y = a * b
    >>> J = jacobians(y.grad_fn, output_metas(y)[id(y.grad_fn)])
    >>> float(J[(0, 0)][0, 0]), float(J[(0, 1)][0, 0])
    (3.0, 2.0)
    """
    if not metas or sum(math.prod(m[0]) for m in metas.values()) > limit:
        return None
    own = getattr(node, "_output_meta", None)
    n_out = len(own) if own else max(metas) + 1
    out = {}
    for nr, (shape, dtype) in metas.items():
        m = math.prod(shape)
        rows = {}
        for k in range(m):
            one_hot = np.zeros(m, dtype=dtype)
            one_hot[k] = 1
            grads = [None] * n_out
            grads[nr] = _tensor(one_hot.reshape(shape))
            for i, g in enumerate(_run(node, grads)):
                if g is None:
                    continue
                rows.setdefault(i, [None] * m)[k] = np.asarray(_data(g), dtype=np.float64)
        for i, row_list in rows.items():
            n = next(r.size for r in row_list if r is not None)
            out[(nr, i)] = np.stack([np.zeros(n) if r is None else r.reshape(-1)
                                     for r in row_list])
    return out


def _kept(grad):
    """A copy of a small gradient (float64), the summary text of a big one: a big model's
    activations are not worth keeping twice."""
    a = _data(grad)
    if a.size > KEEP_LIMIT:
        from ..viz.values import summarize_array
        return summarize_array(a, str(a.dtype)).text
    return np.array(a, dtype=np.float64)


def _data(g):
    from ..viz.values import to_numpy
    return to_numpy(g) if hasattr(g, "_data") else np.asarray(g)


# ------------------------------------------------------------------------ recording backward
class GradientRecorder:
    """Keeps, for one backward pass, the gradient every watched tensor and node saw.

    ``watch(graph)`` registers the hooks; ``remove()`` takes them all out again. Gradients
    are copies (``grads``: drawn id -> float64 array, or the summary text of a big one): the
    engine's own tensors are neither kept nor changed. ``jacobians`` holds each small node's local derivative, taken by a
    pre-hook just before the node runs (its saved tensors are still there then), so paths
    can be shown after a backward that freed them.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.viz import trace
    >>> x = torch.tensor(3., requires_grad=True); y = x * x; z = y + 1
    >>> rec = GradientRecorder(); rec.watch(trace(z, names={"x": x, "y": y, "z": z}))
    >>> z.backward(); rec.remove()
    >>> sorted(float(v) for v in rec.grads.values())
    [1.0, 1.0, 6.0]
    >>> y.retains_grad            # so y.grad stays None: seen in backward, not kept
    False
    """

    def __init__(self):
        self.grads = {}          # drawn id -> float64 array
        self.jacobians = {}      # id(node) -> (node, jacobians(node, ...))
        self._handles = []

    def watch(self, graph, node_limit=RECORD_NODES):
        """Hook the non-leaf tensors and leaves of ``graph``, and its backward nodes."""
        self.remove()
        self.grads = {}
        drawn_outputs = set()
        for tid, info in graph.tensors.items():
            t = graph.objects.get(tid)
            if t is None or not info.requires_grad:
                continue
            if info.grad_fn is not None:
                drawn_outputs.add(info.grad_fn)
            self._handles.append(t.register_hook(self._keep(tid)))
        small = len(graph.functions) <= node_limit
        for fid, f in graph.functions.items():
            node = graph.objects.get(fid)
            if node is None or f.kind != "backward":
                continue
            show = small and fid not in drawn_outputs   # its output is not drawn: show it here
            if show or small:
                self._handles.append(node.register_prehook(self._pre(fid, node, show, small)))

    def _keep(self, key):
        def hook(grad):
            self.grads[key] = _kept(grad)
        return hook

    def _pre(self, key, node, show, small):
        def hook(grads):
            if show:
                g = next((g for g in grads if g is not None), None)
                if g is not None:
                    self.grads[key] = _kept(g)
            if small and id(node) not in self.jacobians:
                metas = {nr: (tuple(g.shape), g._data.dtype) for nr, g in enumerate(grads)
                         if g is not None}
                try:
                    self.jacobians[id(node)] = (node, jacobians(node, metas, RECORD_LIMIT))
                except Exception:        # a lesson's own Function that cannot run twice
                    self.jacobians[id(node)] = (node, None)
        return hook

    @property
    def watching(self):
        return bool(self._handles)

    def array(self, key):
        """The recorded gradient of ``key`` as a float64 array (None if only summarized)."""
        g = self.grads.get(key)
        return g if isinstance(g, np.ndarray) else None

    def remove(self):
        for h in self._handles:
            h.remove()
        self._handles = []

    def jacobians_of(self, node):
        entry = self.jacobians.get(id(node))
        return entry[1] if entry is not None and entry[0] is node else None


# ------------------------------------------------------------------------ paths
def accumulate_node(leaf, start):
    """The AccumulateGrad node of ``leaf`` reachable from node ``start``, or None."""
    stack, seen = [start], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if _is_acc(node):
            if node.variable is leaf:
                return node
            continue
        stack.extend(n for n, _ in node.next_functions)
    return None


def _post_order(start):
    """Nodes reachable from ``start``, each after every node it leads to (no recursion)."""
    order, seen, stack = [], set(), [(start, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        if not _is_acc(node):
            stack.extend((n, False) for n, _ in node.next_functions
                         if n is not None and id(n) not in seen)
    return order


def count_paths(start, goal):
    """``{id(node): number of paths from node to goal}`` over nodes reachable from start."""
    counts = {}
    for node in _post_order(start):
        if node is goal:
            counts[id(node)] = 1
        elif _is_acc(node):
            counts[id(node)] = 0
        else:
            counts[id(node)] = sum(counts[id(n)] for n, _ in node.next_functions
                                   if n is not None)
    return counts


def find_paths(start, start_nr, goal, limit=MAX_PATHS):
    """The paths from node ``start`` (receiving the gradient at output ``start_nr``) to the
    node ``goal``: ``(count, paths)`` where each path is a list of steps ``(node,
    output_nr, input_nr)`` (the gradient enters ``node`` at ``output_nr`` and leaves by
    ``input_nr``) and ``paths`` is empty when there are more than ``limit``."""
    counts = count_paths(start, goal)
    total = counts.get(id(start), 0)
    if total == 0 or total > limit:
        return total, []
    paths = []
    stack = [(start, start_nr, [])]
    while stack:
        node, nr, steps = stack.pop()
        if node is goal:
            paths.append(steps)
            continue
        children = []
        for i, (nxt, nxt_nr) in enumerate(node.next_functions):
            if nxt is not None and counts.get(id(nxt), 0):
                children.append((nxt, nxt_nr, steps + [(node, nr, i)]))
        stack.extend(reversed(children))
    return total, paths


def nodes_on_paths(start, goal):
    """Every node lying on some path from ``start`` to ``goal`` (no enumeration)."""
    counts = count_paths(start, goal)
    out, stack, seen = [], [start], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen or not counts.get(id(node), 0):
            continue
        seen.add(id(node))
        out.append(node)
        if not _is_acc(node):
            stack.extend(n for n, _ in node.next_functions)
    return out


def local_factor(node, out_nr, in_nr, metas, recorder=None):
    """The Jacobian of one step (output ``out_nr`` -> input ``in_nr``; ``metas`` from
    :func:`output_metas`), or None where the node is too big to build it."""
    jac = recorder.jacobians_of(node) if recorder is not None else None
    if jac is None and not getattr(node, "_is_freed", False):
        jac = jacobians(node, metas.get(id(node), {}))
    if jac is None:
        return None
    n_in = math.prod(node._input_meta[in_nr][0])
    m = math.prod(metas[id(node)][out_nr][0])
    return jac.get((out_nr, in_nr), np.zeros((m, n_in)))


def path_product(steps, seed, metas, recorder=None):
    """Multiply ``seed`` (the gradient at the start, an array) by the local derivative of
    each step: ``(product, [Jacobian or None per step])``, the product flat, one number per
    element of the leaf. A step whose Jacobian is too big applies the node's backward to
    the vector itself (the same product, without the matrix).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor(3., requires_grad=True); y = x * x
    >>> count, paths = find_paths(y.grad_fn, 0, accumulate_node(x, y.grad_fn))
    >>> count, [path_product(p, [1.0], output_metas(y))[0].tolist() for p in paths]
    (2, [[3.0], [3.0]])
    """
    v = np.asarray(seed, dtype=np.float64).reshape(-1)
    factors = []
    for node, out_nr, in_nr in steps:
        J = local_factor(node, out_nr, in_nr, metas, recorder)
        factors.append(J)
        if J is not None:
            v = v @ J
            continue
        own = getattr(node, "_output_meta", None)
        grads = [None] * (len(own) if own else out_nr + 1)
        shape, dtype = metas[id(node)][out_nr]
        grads[out_nr] = _tensor(v.reshape(shape).astype(dtype))
        g = _run(node, grads)[in_nr]
        v = np.zeros(math.prod(node._input_meta[in_nr][0])) if g is None else \
            np.asarray(_data(g), dtype=np.float64).reshape(-1)
    return v, factors


# ------------------------------------------------------------------------ finite differences
def central_difference(fn, x, step=FD_STEP, limit=FD_LIMIT):
    """``(f(x + h e_i) - f(x - h e_i)) / 2h`` for each element of ``x`` (a float64 array),
    where ``fn(array) -> float``. Raises ValueError above ``limit`` elements.

    Examples
    --------
    >>> import numpy as np
    >>> central_difference(lambda a: float((a ** 2).sum()), np.array([1.0, -2.0])).round(6)
    array([ 2., -4.])
    """
    x = np.array(x, dtype=np.float64)
    if x.size > limit:
        raise ValueError(f"{x.size} elements: a finite-difference check perturbs at most "
                         f"{limit}")
    out = np.zeros(x.size)
    flat = x.reshape(-1)
    for i in range(x.size):
        old = flat[i]
        flat[i] = old + step
        up = fn(x.copy())
        flat[i] = old - step
        down = fn(x.copy())
        flat[i] = old
        out[i] = (up - down) / (2 * step)
    return out.reshape(x.shape)
