"""``autograd_lab.autograd``: ``backward``, ``grad``, ``Function``, ``gradcheck``.

Everything here is plain Python you can read: the graph (:mod:`.graph`), the op base class
(:mod:`.function`) and the backward pass (:mod:`.engine`)."""
from .. import _grad_mode
from .._grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled
from .engine import BackwardStep, backward_steps, run_backward
from .function import Function
from .gradcheck import gradcheck, gradgradcheck
from .graph import AccumulateGrad, Node

__all__ = ["backward", "grad", "Function", "gradcheck", "gradgradcheck", "no_grad",
           "enable_grad", "set_grad_enabled", "inference_mode", "Node", "AccumulateGrad",
           "BackwardStep", "backward_steps"]


def _tensors(x):
    from .._tensor import Tensor
    if x is None:
        return None
    if isinstance(x, Tensor):
        return [x]
    return list(x)


def make_grads(outputs, grad_outputs):
    """The gradients to start from: ones for scalar outputs, checked shapes otherwise."""
    from .. import _creation
    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if g is None:
            if out._requires_grad and out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if out._data.dtype.kind != "f" and out._requires_grad:
                raise RuntimeError("grad can be implicitly created only for real scalar "
                                   "outputs but got " + repr(out.dtype))
            g = _creation.ones_like(out)
        else:
            if g.shape != out.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                                   f"{g.shape} and output[{i}] has a shape of {out.shape}.")
        grads.append(g)
    return grads


def _check_roots(outputs):
    for i, out in enumerate(outputs):
        if not out._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not "
                               "have a grad_fn")


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             inputs=None):
    """Accumulate gradients of ``tensors`` into the ``.grad`` of the graph's leaves."""
    outputs = _tensors(tensors)
    grads = _tensors(grad_tensors) if grad_tensors is not None else [None] * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(f"grad_tensors should have the same length as tensors ({len(outputs)}"
                           f"), but got {len(grads)}")
    _check_roots(outputs)
    grads = make_grads(outputs, grads)
    if retain_graph is None:
        retain_graph = create_graph
    inputs = _tensors(inputs)
    if inputs is not None and len(inputs) == 0:
        raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs)
    _notify_done(outputs)


def _notify_done(outputs):
    from .. import _observe
    if _observe._observers:
        for out in outputs:
            _observe.notify(out, "backward")


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of ``outputs`` with respect to ``inputs``, returned, not accumulated."""
    outs = _tensors(outputs)
    ins = _tensors(inputs)
    if allow_unused is None:
        allow_unused = materialize_grads
    gos = _tensors(grad_outputs) if grad_outputs is not None else [None] * len(outs)
    _check_roots(outs)
    for t in ins:
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    gos = make_grads(outs, gos)
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
        elif not create_graph:
            g = g.detach()
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
