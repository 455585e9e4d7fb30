"""The learner's names for tensors: variable names from the calling code (or the notebook's
namespace) and module paths for parameters (``layer2.weight``).

Nothing here changes a tensor or a module; names are found by looking, the way a learner
would read their own notebook.
"""
import sys
import weakref

_SKIP = {"In", "Out", "exit", "quit", "get_ipython"}
_CONTAINER_LIMIT = 64


def is_tensor(obj):
    """An autograd_lab tensor, or a PyTorch tensor when PyTorch is already imported."""
    from .._tensor import Tensor
    if isinstance(obj, Tensor):
        return True
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(obj, getattr(torch, "Tensor", ()))


def is_module(obj):
    """Anything shaped like ``nn.Module`` (ours or PyTorch's)."""
    if isinstance(obj, type):
        return False
    try:
        return callable(getattr(obj, "named_parameters", None)) and \
            callable(getattr(obj, "named_modules", None))
    except Exception:         # a notebook object whose attributes raise: not a module
        return False


def caller_namespaces(depth=1):
    """The ``(locals, globals)`` of the first frame outside autograd_lab, then the IPython
    user namespace when running in a notebook. ``depth`` frames are skipped first."""
    frame = sys._getframe(depth + 1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("autograd_lab"):
        frame = frame.f_back
    spaces = []
    if frame is not None:
        if frame.f_locals is not frame.f_globals:
            spaces.append(dict(frame.f_locals))
        spaces.append(frame.f_globals)
    user_ns = ipython_namespace()
    if user_ns is not None and all(user_ns is not s for s in spaces):
        spaces.append(user_ns)
    return spaces


def ipython_namespace():
    """The notebook's namespace, or ``None`` outside IPython."""
    ipy = sys.modules.get("IPython")
    if ipy is None:
        return None
    shell = ipy.get_ipython()
    return None if shell is None else shell.user_ns


class Names:
    """Labels for tensors, looked up by identity.

    Priority: the explicit ``names`` mapping (label -> tensor, as torchviz's ``params``), then
    the module path of a parameter, then a variable name (innermost namespace first), then an
    element of a list, tuple or dict variable (``params[0]``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.viz.names import Names
    >>> w = torch.ones(2, requires_grad=True)
    >>> Names.from_namespaces([{"w": w}]).label(w)
    'w'
    """

    def __init__(self):
        self._label = {}        # id(tensor) -> label
        self._param = {}        # id(tensor) -> module path of its module ('layer2')
        self.objects = {}       # id(tensor) -> tensor, every tensor that has a label
        self._explicit = set()  # ids named by the caller's ``names`` mapping

    def _add(self, obj, label, force=False):
        key = id(obj)
        if force or key not in self._label:
            self._label[key] = label
            self.objects[key] = obj

    def label(self, t):
        return self._label.get(id(t))

    def setdefault(self, obj, label):
        """Label ``obj`` unless it has a label already (a root nothing else names)."""
        self._add(obj, label)

    def module_of(self, t):
        """The module path a parameter belongs to (``'layer2'``; ``''`` for the top)."""
        return self._param.get(id(t))

    def is_param(self, t):
        return id(t) in self._param

    @classmethod
    def from_namespaces(cls, spaces, names=None, models=()):
        table = cls()
        for label, t in (names or {}).items():
            if is_tensor(t):
                table._add(t, str(label), force=True)
                table._explicit.add(id(t))
        for model in models:
            table.add_module(model)
        for space in spaces:
            for name, obj in list(space.items()):
                if name.startswith("_") or name in _SKIP:
                    continue
                if is_module(obj):
                    table.add_module(obj)
        direct, nested = [], []
        for space in spaces:
            for name, obj in list(space.items()):
                if name.startswith("_") or name in _SKIP:
                    continue
                if is_tensor(obj):
                    direct.append((obj, name))
                elif isinstance(obj, (list, tuple)) and 0 < len(obj) <= _CONTAINER_LIMIT:
                    nested += [(x, f"{name}[{i}]") for i, x in enumerate(obj) if is_tensor(x)]
                elif isinstance(obj, dict) and 0 < len(obj) <= _CONTAINER_LIMIT:
                    nested += [(x, f"{name}[{k!r}]") for k, x in obj.items()
                               if isinstance(k, str) and is_tensor(x)]
        for obj, name in direct + nested:
            table._add(obj, name)
        return table

    def add_module(self, model):
        """Label each parameter of ``model`` with its path (``layer2.weight``)."""
        try:
            params = list(model.named_parameters())
        except Exception:       # a half-built module in a notebook: no paths from it
            return
        for path, p in params:
            if id(p) in self._param:
                continue
            self._param[id(p)] = path.rpartition(".")[0]
            self._add(p, path, force=id(p) not in self._explicit)


class NameMemory:
    """Labels that stick: each tensor keeps the first label a panel saw it with.

    A panel looks names up again at every trace (new tensors get names), but a learner who
    reassigns ``x`` in a later cell has not renamed the tensor the panel showed as ``x``.
    Tensors are held weakly: remembering a name never keeps a graph alive.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.viz.names import Names, NameMemory
    >>> memory = NameMemory()
    >>> x = torch.ones(2)
    >>> memory.apply(Names.from_namespaces([{"x": x}])).label(x)
    'x'
    >>> memory.apply(Names.from_namespaces([{"x": torch.zeros(2), "y": x}])).label(x)
    'x'
    """

    def __init__(self):
        self._seen = {}          # id(tensor) -> (weakref tensor, label)

    def apply(self, table):
        """Give ``table`` the remembered labels (the caller's explicit ``names`` still win),
        then remember the labels of tensors seen for the first time. Returns ``table``."""
        for key, (ref, label) in list(self._seen.items()):
            obj = ref()
            if obj is None:
                del self._seen[key]
            elif key not in table._explicit:
                table._add(obj, label, force=True)
        for key, obj in list(table.objects.items()):
            entry = self._seen.get(key)
            if entry is None or entry[0]() is not obj:
                try:
                    self._seen[key] = (weakref.ref(obj), table._label[key])
                except TypeError:      # a tensor without weak references: looked up live
                    pass
        return table

    def clear(self):
        self._seen.clear()
