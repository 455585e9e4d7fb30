"""The autograd graph: backward nodes (``tensor.grad_fn``), ``AccumulateGrad`` for leaves,
and saved tensors with their version checks.

A node's ``next_functions`` is a tuple of ``(node, output_nr)`` pairs, one per tensor input,
exactly as in PyTorch, so the visualizer and learners can walk it the same way.

Hooks a node can carry, in the order the engine runs them (PyTorch's order):

1. tensor hooks (``y.register_hook(fn)`` on a non-leaf ``y`` whose ``grad_fn`` is this node),
2. the retain-grad hook of ``y.retain_grad()`` (so ``y.grad`` shows the hooked gradient),
3. pre-hooks (``node.register_prehook(fn)``),
4. the node's own backward,
5. post-hooks (``node.register_hook(fn)``).

The hook lists live on the class as ``None`` until a first hook is registered: most nodes never
get one, and a class attribute costs nothing to create.
"""
import itertools
import weakref

from .. import _dtype, _version

_sequence = itertools.count()

# ``t._acc_ref`` of a view made under no_grad from a tensor that requires grad: it says
# requires_grad=True, yet no gradient reaches it or its base (PyTorch's rule).
NO_GRAD_VIEW = object()

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")


class RemovableHandle:
    """What ``register_hook`` returns: ``handle.remove()`` takes the hook out again."""

    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        hooks = self._hooks
        if isinstance(hooks, dict):
            for key, value in list(hooks.items()):
                if value is self._hook:
                    del hooks[key]
        elif self._hook in hooks:
            hooks.remove(self._hook)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def short_name(node):
    """The node name PyTorch prints in the in-place error: ``MulBackward0`` -> ``Mul``,
    ``SumBackward1`` -> ``Sum1``, ``CubeBackward`` -> ``Cube``."""
    name = node.name()
    head, sep, tail = name.rpartition("Backward")
    if not sep or not (tail == "" or tail.isdigit()):
        return name
    return head + ("" if tail in ("", "0") else tail)


class SavedTensor:
    """A tensor kept for backward, with the version it had when it was saved.

    An output saved by its own node (``exp`` saves its result) keeps only the data, not the
    tensor, so that output -> grad_fn -> saved -> output forms no reference cycle; unpacking
    it makes a fresh tensor whose ``grad_fn`` is that node, as PyTorch does.
    """

    __slots__ = ("tensor", "data", "version_counter", "version", "output_nr", "requires_grad")

    def __init__(self, tensor, is_output):
        self.version_counter = _version.shared(tensor)
        self.version = self.version_counter[0]
        if is_output:
            self.tensor, self.data = None, tensor._data
            self.output_nr, self.requires_grad = tensor._output_nr, tensor._requires_grad
        else:
            self.tensor, self.data = tensor, None

    def unpack(self, node):
        if self.version_counter[0] != self.version:
            raise RuntimeError(self._modified_message(node))
        if self.tensor is not None:
            return self.tensor
        from .._tensor import Tensor
        out = Tensor._make(self.data, self.requires_grad, node, self.output_nr)
        out._version_counter = self.version_counter
        return out

    def unpack_data(self, node):
        """The array alone, with the same version check (the engine's array mode)."""
        if self.version_counter[0] != self.version:
            raise RuntimeError(self._modified_message(node))
        return self.data if self.tensor is None else self.tensor._data

    def _modified_message(self, node):
        if self.tensor is not None:
            return modified_message(self.tensor, self.version)
        # an output is named after the node that saved it
        return modified_message(None, self.version, self.data, self.version_counter[0], node,
                                self.output_nr)


def modified_message(t, expected, data=None, current=None, owner=None, nr=None):
    """PyTorch's error for a saved tensor changed in place since it was saved. A tensor is
    named after its *current* grad_fn (the in-place op on it replaced the one it was saved
    with); a leaf gets no "which is output ..." part."""
    if t is not None:
        data, current, owner, nr = t._data, t._version_counter[0], t._grad_fn, t._output_nr
    where = f", which is output {nr} of {short_name(owner)}," if owner is not None else ""
    dt = _dtype.from_numpy_dtype(data.dtype)
    return ("one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [torch.{_dtype.type_name(dt)}Tensor {list(data.shape)}]"
            f"{where} is at version {current}; expected version {expected} instead. Hint: "
            "enable anomaly detection to find the operation that failed to compute its "
            "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")


class Node:
    """Base of every backward node. Subclasses are named as PyTorch names them."""

    _is_accumulate_grad = False
    _saved = ()                   # (BackwardNode keeps its saved tensors here)
    _saved_out = None
    _n_outputs = 1
    _materialize = True
    _runs_without_grads = False   # a lesson's Function still runs when no gradient arrived
    next_functions = ()
    torch_name = None             # PyTorch's C++ name where it differs from the class name
    # hook containers, created on first registration (see the module docstring); the engine
    # looks at them only for a node whose ``_has_hooks`` is set
    _has_hooks = False
    _tensor_pre_hooks = None
    _retains_grad_hooks = None
    _pre_hooks = None
    _hooks = None
    _metadata = None
    _view_error = None          # set on the node of a view that may no longer be used
    #                             (see ops/copy_slices.py): reading grad_fn raises it

    def __init__(self):
        self._sequence_nr = next(_sequence)

    def _free(self):
        pass

    def name(self):
        return self.torch_name or type(self).__name__

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    @property
    def metadata(self):
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def register_hook(self, fn):
        """``fn(grad_inputs, grad_outputs)`` runs after this node; it may return new
        grad_inputs."""
        if self._hooks is None:
            self._hooks = []
        self._has_hooks = True
        self._hooks.append(fn)
        return RemovableHandle(self._hooks, fn)

    def register_prehook(self, fn):
        """``fn(grad_outputs)`` runs before this node; it may return new grad_outputs."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._has_hooks = True
        self._pre_hooks.append(fn)
        return RemovableHandle(self._pre_hooks, fn)

    def _add_tensor_pre_hook(self, output_nr, fn):
        """``fn(grad)`` for output ``output_nr`` (what ``Tensor.register_hook`` adds)."""
        if self._tensor_pre_hooks is None:
            self._tensor_pre_hooks = []
        self._has_hooks = True
        entry = (output_nr, fn)
        self._tensor_pre_hooks.append(entry)
        return RemovableHandle(self._tensor_pre_hooks, entry)

    def _set_retains_grad_hook(self, output_nr, fn):
        if self._retains_grad_hooks is None:
            self._retains_grad_hooks = {}
        self._has_hooks = True
        self._retains_grad_hooks[output_nr] = fn

    def __call__(self, *grad_outputs):
        return self._run(list(grad_outputs))


class AccumulateGrad(Node):
    """The sink of a leaf tensor that requires grad: adds incoming gradients into ``.grad``.

    Its tensor hooks are the leaf's own (``leaf.register_hook``), kept on the tensor because
    the node itself is held only weakly by the leaf (PyTorch does the same: a leaf does not
    keep its graph alive).
    """

    _is_accumulate_grad = True
    torch_name = "torch::autograd::AccumulateGrad"

    def __init__(self, variable):
        self.variable = variable
        self._sequence_nr = float("inf")   # PyTorch's UINT64_MAX: run as soon as ready

    @staticmethod
    def for_tensor(t):
        """One AccumulateGrad per leaf, shared by every use of it (held weakly by the leaf)."""
        ref = t._acc_ref
        if ref is NO_GRAD_VIEW:
            return None
        acc = ref() if ref is not None else None
        if acc is None:
            acc = AccumulateGrad(t)
            t._acc_ref = weakref.ref(acc)
        return acc

    def _run(self, grad_outputs):
        return ()


class _ViewRefs(list):
    """Weak references to the views of one root tensor (``root._views``), for in-place
    changes of views (see ops/copy_slices.py); ``sweep_at``: the length at which the dead
    ones are next dropped (twice the live ones after a sweep, so appending stays O(1))."""

    __slots__ = ("sweep_at",)


def register_view(root, view):
    """List ``view`` (weakly) on ``root``."""
    views = root._views
    if views is None:
        views = root._views = _ViewRefs()
        views.sweep_at = 16
    views.append(weakref.ref(view))
    if len(views) >= views.sweep_at:
        views[:] = [r for r in views if r() is not None]
        views.sweep_at = 2 * len(views) + 16


def edge_of(t):
    """The graph edge a tensor contributes as an input: ``(grad_fn, output_nr)``,
    ``(AccumulateGrad, 0)`` for a leaf that requires grad, ``(None, 0)`` otherwise."""
    fn = t._grad_fn
    if fn is not None:
        return (fn, t._output_nr)
    if t._requires_grad:
        return (AccumulateGrad.for_tensor(t), 0)      # (None, 0) for a no-grad view
    return (None, 0)
