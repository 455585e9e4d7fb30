"""The autograd graph: backward nodes (``tensor.grad_fn``), ``AccumulateGrad`` for leaves,
and saved tensors with their version checks.

A node's ``next_functions`` is a tuple of ``(node, output_nr)`` pairs, one per tensor input,
exactly as in PyTorch, so the visualizer and learners can walk it the same way.
"""
import itertools
import weakref

from .. import _dtype

_sequence = itertools.count()

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
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


class SavedTensor:
    """A tensor kept for backward, with the version it had when it was saved.

    An output saved by its own node (``exp`` saves its result) keeps only the data, not the
    tensor, so that output -> grad_fn -> saved -> output forms no reference cycle.
    """

    __slots__ = ("tensor", "data", "version_counter", "version", "output_nr", "requires_grad")

    def __init__(self, tensor, is_output):
        self.version_counter = tensor._version_counter
        self.version = self.version_counter[0]
        if is_output:
            self.tensor, self.data = None, tensor._data
            self.output_nr, self.requires_grad = tensor._output_nr, tensor._requires_grad
        else:
            self.tensor, self.data = tensor, None

    def unpack(self, node):
        if self.version_counter[0] != self.version:
            t = self.tensor
            owner = node if t is None else t._grad_fn
            where = f"output {self.output_nr if t is None else t._output_nr} of {owner.name()}" \
                if owner is not None else "a leaf Variable"
            shape = list(self.data.shape if t is None else t._data.shape)
            dt = _dtype.from_numpy_dtype((self.data if t is None else t._data).dtype)
            raise RuntimeError(
                "one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: [torch.{_dtype.type_name(dt)}Tensor {shape}], which is "
                f"{where}, is at version {self.version_counter[0]}; expected version "
                f"{self.version} instead. Hint: enable anomaly detection to find the operation "
                "that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).")
        if self.tensor is not None:
            return self.tensor
        from .._tensor import Tensor
        out = Tensor._make(self.data, self.requires_grad, node, self.output_nr)
        out._version_counter = self.version_counter
        return out


class Node:
    """Base of every backward node. Subclasses are named as PyTorch names them."""

    _is_accumulate_grad = False
    _n_outputs = 1
    _materialize = True

    def _free(self):
        pass

    def __init__(self):
        self._sequence_nr = next(_sequence)
        self.next_functions = ()
        self._pre_hooks = None
        self._hooks = None
        self._metadata = None

    torch_name = None      # PyTorch's C++ name where it differs from the class name

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
        """``fn(grad_inputs, grad_outputs)`` runs after this node; it may return new grad_inputs."""
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(fn)
        return RemovableHandle(self._hooks, fn)

    def register_prehook(self, fn):
        """``fn(grad_outputs)`` runs before this node; it may return new grad_outputs."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._pre_hooks.append(fn)
        return RemovableHandle(self._pre_hooks, fn)

    def __call__(self, *grad_outputs):
        return self._run(grad_outputs)


class AccumulateGrad(Node):
    """The sink of a leaf tensor that requires grad: adds incoming gradients into ``.grad``."""

    _is_accumulate_grad = True
    torch_name = "torch::autograd::AccumulateGrad"

    def __init__(self, variable):
        super().__init__()
        self.variable = variable
        self._sequence_nr = float("inf")   # torch runs these as soon as they are ready

    @staticmethod
    def for_tensor(t):
        """One AccumulateGrad per leaf, shared by every use of it (held weakly by the leaf)."""
        ref = t._acc_ref
        acc = ref() if ref is not None else None
        if acc is None:
            acc = AccumulateGrad(t)
            t._acc_ref = weakref.ref(acc)
        return acc

    def _run(self, grad_outputs):
        return ()


def edge_of(t):
    """The graph edge a tensor contributes as an input: ``(grad_fn, output_nr)``,
    ``(AccumulateGrad, 0)`` for a leaf that requires grad, ``(None, 0)`` otherwise."""
    fn = t._grad_fn
    if fn is not None:
        return (fn, t._output_nr)
    if t._requires_grad:
        return (AccumulateGrad.for_tensor(t), 0)
    return (None, 0)
