"""Which module made which backward node, recorded with ordinary forward hooks.

Without a record, :func:`~autograd_lab.viz.trace` still places a node in the module whose
parameters it uses (``AddmmBackward0`` in ``layer2``) and parameter-free nodes (``relu``, the
residual ``add``) near their inputs; inside :func:`record_modules` every node is tagged
exactly, in ``grad_fn.metadata["module"]``, the dictionary PyTorch offers for such notes.
"""
from contextlib import contextmanager

from .names import is_tensor

KEY = "module"


def supports_hooks(model):
    return callable(getattr(model, "register_forward_pre_hook", None)) and \
        callable(getattr(model, "register_forward_hook", None))


@contextmanager
def record_modules(model):
    """Tag the backward nodes made inside each submodule's forward with the module's path.

    Examples
    --------
    >>> import autograd_lab as torch                       # doctest: +SKIP
    >>> from autograd_lab.viz import record_modules, draw   # doctest: +SKIP
    >>> with record_modules(model):                        # doctest: +SKIP
    ...     loss = model(x).sum()
    >>> draw(loss)          # clusters: layer1, layer1.0, ...   # doctest: +SKIP
    """
    if not supports_hooks(model):
        raise TypeError(f"{type(model).__name__} has no forward hooks to record modules with")
    handles = []
    entered = {}            # id(module) -> stack of (boundary node ids, first sequence nr)
    for path, module in model.named_modules():
        handles.append(module.register_forward_pre_hook(_enter(entered)))
        handles.append(module.register_forward_hook(_leave(entered, path)))
    try:
        yield model
    finally:
        for h in handles:
            h.remove()


def _tensors(obj, out):
    if is_tensor(obj):
        out.append(obj)
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            _tensors(x, out)
    elif isinstance(obj, dict):
        for x in obj.values():
            _tensors(x, out)
    return out


def _next_sequence_nr():
    """The sequence number the next backward node will get (autograd_lab's engine)."""
    from ..autograd.graph import Node
    return Node()._sequence_nr


def _enter(entered):
    def hook(module, args):
        boundary = {id(t.grad_fn) for t in _tensors(args, []) if t.grad_fn is not None}
        first = _next_sequence_nr() if not _is_torch(args) else None
        entered.setdefault(id(module), []).append((boundary, first))
    return hook


def _is_torch(args):
    ts = _tensors(args, [])
    return bool(ts) and type(ts[0]).__module__.startswith("torch")


def _leave(entered, path):
    def hook(module, args, output):
        boundary, first = entered[id(module)].pop()
        stack = [t.grad_fn for t in _tensors(output, []) if t.grad_fn is not None]
        seen = set()
        while stack:
            fn = stack.pop()
            if id(fn) in seen or id(fn) in boundary or hasattr(fn, "variable"):
                continue
            seen.add(id(fn))
            nr = getattr(fn, "_sequence_nr", None)
            nr = nr() if callable(nr) else nr
            if first is not None and nr is not None and nr < first:
                continue
            fn.metadata.setdefault(KEY, path)        # inner modules tagged theirs first
            stack.extend(n for n, _ in fn.next_functions if n is not None)
    return hook
