"""``autograd_lab.autograd``: ``backward``, ``grad``, ``Function``, ``gradcheck``.

Everything here is plain Python you can read: the graph (:mod:`.graph`), the op base class
(:mod:`.function`) and the backward pass (:mod:`.engine`)."""
from .. import _backend, _observe
from .._grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled
from .._tensor import Tensor
from . import function, functional, graph, profiler
from .engine import BackwardStep, backward_steps, run_backward
from .function import Function, once_differentiable
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .graph import AccumulateGrad, Node

__all__ = ["backward", "grad", "Function", "gradcheck", "gradgradcheck", "GradcheckError",
           "no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "Node",
           "AccumulateGrad", "BackwardStep", "backward_steps", "backward_stepwise",
           "once_differentiable",
           "function", "functional", "graph", "profiler"]


def _tensors(x, name=None):
    """A tensor, or a sequence of tensors, as a list (PyTorch's ``_tensor_or_tensors_to_tuple``)."""
    if x is None:
        return None
    if isinstance(x, Tensor):
        return [x]
    return list(x)


def make_grads(outputs, grad_outputs):
    """The gradients to start from: ones for scalar outputs, checked shapes otherwise
    (PyTorch's ``_make_grads``)."""
    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if isinstance(g, Tensor):
            if g._data.shape != out._data.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                                   f"{g.shape} and output[{i}] has a shape of {out.shape}.")
            if g._data.dtype != out._data.dtype:
                g = g.detach()._cast_np(out._data.dtype)   # the engine casts root grads too
        elif g is None:
            if out._requires_grad:
                if out._data.size != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                if out._data.dtype.kind != "f":
                    raise RuntimeError("grad can be implicitly created only for real scalar "
                                       f"outputs but got {out.dtype}")
                d = out._data             # (torch.ones_like(out), made directly)
                ones = _backend.array_module(d).empty(d.shape, d.dtype)
                ones.fill(1)
                g = Tensor._make(ones)
        else:
            raise TypeError("gradients can be either Tensors or None, but got "
                            f"{type(g).__name__}")
        grads.append(g)
    return grads


def _check_roots(outputs, grads):
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    for i, out in enumerate(outputs):
        if not out._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not "
                               "have a grad_fn")


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             inputs=None):
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the graph's leaves.

    ``grad_tensors`` weights each output (needed for non-scalar outputs: the result is a
    vector-Jacobian product); ``retain_graph`` keeps the saved tensors for another pass
    (default: ``create_graph``); ``create_graph`` records the backward pass itself, for
    higher derivatives; ``inputs`` restricts accumulation to those tensors.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([1., 2.], requires_grad=True)
    >>> torch.autograd.backward((x * x).sum())
    >>> x.grad
    tensor([2., 4.])
    """
    outputs, grads = _roots(tensors, grad_tensors)
    if inputs is not None:
        inputs = _tensors(inputs)
        if len(inputs) == 0:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    if retain_graph is None:
        retain_graph = create_graph
    if create_graph:
        from .engine import _warn_create_graph
        _warn_create_graph()
    run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs)
    _notify_done(outputs)


def backward_stepwise(tensors, grad_tensors=None, retain_graph=None):
    """The pass :func:`backward` runs, one node per ``next()``: a generator that yields a
    :class:`BackwardStep` (the node, the gradients it received, those it passed on) after
    each node, and accumulates into the leaves' ``.grad`` as it goes. Exhausted, it has done
    exactly what ``backward(tensors, grad_tensors, retain_graph)`` does; the arguments are
    checked at the call, as ``backward`` checks them. The visualizer's "Step backward" button
    is one ``next()`` of it.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([1., 2.], requires_grad=True)
    >>> steps = torch.autograd.backward_stepwise((x * x).sum())
    >>> [step.node.name() for step in steps]
    ['SumBackward0', 'MulBackward0', 'torch::autograd::AccumulateGrad']
    >>> x.grad
    tensor([2., 4.])
    """
    outputs, grads = _roots(tensors, grad_tensors)
    return _stepwise(outputs, grads, bool(retain_graph))


def _stepwise(outputs, grads, retain_graph):
    yield from backward_steps(outputs, grads, retain_graph=retain_graph)
    _notify_done(outputs)


def _roots(tensors, grad_tensors):
    """The outputs to backpropagate from and their starting gradients, checked."""
    outputs = _tensors(tensors)
    grads = _tensors(grad_tensors) if grad_tensors is not None else [None] * len(outputs)
    grads = make_grads(outputs, grads)
    _check_roots(outputs, grads)
    return outputs, grads


def _notify_done(outputs):
    if _observe._observers:
        for out in outputs:
            _observe.notify(out, "backward")


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned, not accumulated.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor(3., requires_grad=True)
    >>> dy, = torch.autograd.grad(x ** 3, x, create_graph=True)
    >>> dy
    tensor(27., grad_fn=<MulBackward0>)
    >>> torch.autograd.grad(dy, x)
    (tensor(18.),)
    """
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when "
                         "materialize_grads=True, but got: allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    if is_grads_batched:
        raise NotImplementedError("autograd_lab does not implement is_grads_batched=True")
    outs = _tensors(outputs)
    ins = _tensors(inputs)
    if len(ins) == 0:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    gos = _tensors(grad_outputs) if grad_outputs is not None else [None] * len(outs)
    gos = make_grads(outs, gos)
    _check_roots(outs, gos)
    for t in ins:
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if retain_graph is None:
        retain_graph = create_graph
    captured = run_backward(outs, gos, retain_graph, create_graph, inputs=ins, capture=True)
    result = []
    for k, (t, g) in enumerate(zip(ins, captured)):
        if g is None:
            if materialize_grads:
                from .. import _creation
                g = _creation.zeros_like(t)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {k} appears to not have "
                                   "been used in the graph. Set allow_unused=True if this is "
                                   "the desired behavior.")
        result.append(g)
    return tuple(result)


class set_detect_anomaly:
    """Accepted for compatibility: autograd_lab's errors already name the failing node."""

    def __init__(self, mode=True, check_nan=True):
        self.mode = mode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


detect_anomaly = set_detect_anomaly
