"""Walk the autograd graph of some tensors into a plain model of nodes and edges.

This is the first of the visualizer's three layers (walk -> model -> render): :func:`trace`
returns a :class:`Graph` of dataclasses that the DOT writer and the widgets both read, so a
test can check the graph without drawing anything.

The walk is iterative (a 100,000-op chain does not hit the recursion limit) and visits each
node's ``next_functions`` in order, so the same graph always gets the same node ids:
``T0, T1, ...`` for tensors, ``B0, ...`` for backward nodes, ``A0, ...`` for AccumulateGrad
nodes. It reads autograd_lab tensors, and PyTorch tensors too, so both graphs can be compared.

Which tensors appear: the roots, every leaf that requires grad (through its AccumulateGrad),
named tensors produced by a node of the graph (placed between that node and its users), and
named tensors that do not require grad but were saved by a node that uses them (``X`` in
``X.matmul(W)``): the graph itself keeps no other record of such inputs.
"""
import math
import weakref
from dataclasses import dataclass, field

from . import values as _values
from .names import Names, caller_namespaces


@dataclass
class TensorInfo:
    """One tensor.

    ``role`` is one of ``"param"`` (a leaf that requires grad), ``"frozen"`` (a leaf that
    does not), ``"result"`` (made by an op, has a ``grad_fn``) or ``"detached"`` (was a result
    and has been cut from its graph by ``detach_()``, or is a ``detach()`` of one).
    """
    id: str
    name: str
    role: str
    requires_grad: bool
    is_leaf: bool
    retains_grad: bool
    shape: tuple
    dtype: str
    device: str
    version: int
    value: _values.Summary = None
    grad: _values.Summary = None
    grad_fn: str = None          # id of the node that made it
    module: str = None           # module path ('layer2') for parameters and their results
    is_param: bool = False
    is_root: bool = False


@dataclass
class SavedInfo:
    """One ``_saved_<name>`` of a backward node: a tensor (``tensor_id`` when it is drawn as
    a node of its own, ``shape`` always) or a plain attribute (``text``). ``stale`` marks a
    tensor modified in place since it was saved (backward would fail)."""
    name: str
    is_tensor: bool
    shape: tuple = None
    dtype: str = None
    text: str = None
    tensor_id: str = None
    stale: bool = False


@dataclass
class FunctionInfo:
    """One node of the backward graph: a backward node (``kind="backward"``, named as
    PyTorch names it, e.g. ``MulBackward0``) or an ``AccumulateGrad`` (``kind="accumulate"``,
    ``variable`` is its leaf's id). ``freed`` is true once backward has released its saved
    tensors (without ``retain_graph=True``)."""
    id: str
    name: str
    kind: str
    sequence_nr: float
    saved: list = field(default_factory=list)
    freed: bool = False
    module: str = None
    variable: str = None
    n_inputs: int = 0


@dataclass
class Edge:
    """An edge, drawn in the direction of the forward pass (gradients flow against it).

    ``kind``: ``"flow"`` (a gradient flows back along it), ``"const"`` (an input that needs
    no gradient), ``"saved"`` (a tensor kept for backward) or ``"cut"`` (where a tensor was
    detached). ``input_nr`` is the position in ``dst``'s ``next_functions`` and ``output_nr``
    the output of ``src`` it carries.
    """
    src: str
    dst: str
    kind: str = "flow"
    input_nr: int = None
    output_nr: int = 0


@dataclass
class Graph:
    """The plain model of one autograd graph: ``tensors`` and ``functions`` by id (in the
    order the walk found them), ``edges``, the ``roots`` (tensor ids) and ``build_order``, the
    ids in the order the forward pass created them."""
    tensors: dict = field(default_factory=dict)
    functions: dict = field(default_factory=dict)
    edges: list = field(default_factory=list)
    roots: list = field(default_factory=list)
    build_order: list = field(default_factory=list)
    objects: dict = field(default_factory=dict, repr=False, compare=False)

    def node(self, node_id):
        return self.tensors.get(node_id) or self.functions.get(node_id)

    def by_name(self, name):
        """The tensor or node labelled ``name`` (a tensor's name or a node's grad_fn name)."""
        for t in self.tensors.values():
            if t.name == name:
                return t
        for f in self.functions.values():
            if f.name == name:
                return f
        raise KeyError(name)

    def id_of(self, obj):
        """The id of a tensor or node object of this graph, or ``None``."""
        for key, o in self.objects.items():
            if o is obj:
                return key
        return None

    def edges_into(self, node_id):
        return [e for e in self.edges if e.dst == node_id]

    def edges_from(self, node_id):
        return [e for e in self.edges if e.src == node_id]


class History:
    """What a tracer remembers between calls (all held weakly): for each result tensor seen,
    the node that made it, so a later ``detach_()`` can be shown as a cut; and the no-grad
    inputs linked to each node through its saved tensors, so they stay in the picture after
    backward has freed those."""

    def __init__(self):
        self._made_by = {}       # id(tensor) -> (weakref tensor, weakref node, output_nr)
        self._consts = {}        # id(node) -> (weakref node, [weakref tensor])

    def remember_const(self, fn, t):
        try:
            entry = self._consts.get(id(fn))
            if entry is None or entry[0]() is not fn:
                entry = self._consts[id(fn)] = (weakref.ref(fn), [])
            if all(r() is not t for r in entry[1]):
                entry[1].append(weakref.ref(t))
        except TypeError:
            pass

    def consts(self, fn):
        entry = self._consts.get(id(fn))
        if entry is None or entry[0]() is not fn:
            return []
        return [t for t in (r() for r in entry[1]) if t is not None]

    def remember(self, t, fn, nr):
        try:
            self._made_by[id(t)] = (weakref.ref(t), weakref.ref(fn), nr)
        except TypeError:        # an object without weak references: nothing to remember
            pass

    def former(self, t):
        """The node that made ``t`` before it was detached, if it is still alive."""
        entry = self._made_by.get(id(t))
        if entry is None or entry[0]() is not t:
            return None
        return entry[1](), entry[2]

    def prune(self):
        for key in [k for k, (t, fn, _) in self._made_by.items() if t() is None or fn() is None]:
            del self._made_by[key]


class IdMap:
    """Ids that outlive one trace: an object keeps its id while it lives, so a panel's
    graph keeps its node ids (and its selection) across a ``detach_()`` or a step of
    backward; new objects get the next free number. ``trace`` without one numbers the walk
    afresh, which is what makes the same graph give the same output."""

    def __init__(self):
        self._keys = {}          # id(obj) -> (reference, key)
        self._counts = {"T": 0, "B": 0, "A": 0}

    def get(self, obj):
        entry = self._keys.get(id(obj))
        if entry is not None and entry[0]() is obj:
            return entry[1]
        return None

    def new(self, obj, prefix):
        key = f"{prefix}{self._counts[prefix]}"
        self._counts[prefix] += 1
        try:
            ref = weakref.ref(obj)
        except TypeError:        # PyTorch's nodes: no weak references, keep the object
            ref = (lambda o: (lambda: o))(obj)
        self._keys[id(obj)] = (ref, key)
        return key


# -- reading tensors and nodes (autograd_lab's or PyTorch's) --------------------------------

def _grad_fn(t):
    return t.grad_fn


def _output_nr(t):
    nr = getattr(t, "_output_nr", None)
    return t.output_nr if nr is None else nr


def _grad(t):
    from .._tensor import Tensor
    if isinstance(t, Tensor):
        return t._grad
    if t.is_leaf or t.retains_grad:       # PyTorch warns on other tensors' .grad
        return t.grad
    return None


def _base(t):
    return getattr(t, "_base", None)


def _is_accumulate(fn):
    return getattr(fn, "_is_accumulate_grad", None) or (
        not hasattr(fn, "_is_accumulate_grad") and hasattr(fn, "variable"))


def _fn_name(fn):
    name = fn.name()
    return name.rpartition("::")[2]        # torch::autograd::AccumulateGrad -> AccumulateGrad


def _sequence_nr(fn):
    nr = getattr(fn, "_sequence_nr", None)
    if callable(nr):                       # PyTorch: a method
        nr = nr()
    if _is_accumulate(fn):
        return math.inf
    return nr if nr is not None else math.inf


def _module_tag(fn):
    if hasattr(fn, "_is_accumulate_grad"):          # ours: don't create an empty dict
        meta = fn._metadata
    else:
        meta = getattr(fn, "metadata", None)
    return meta.get("module") if meta else None


_torch_saved_names = {}


def _saved_names(fn):
    names = getattr(fn, "_saved_names", None)
    if names is not None:
        return [n[7:] for n in names()]
    key = type(fn)
    if key not in _torch_saved_names:
        _torch_saved_names[key] = [a[7:] for a in dir(fn) if a.startswith("_saved_")]
    return _torch_saved_names[key]


def _read_saved(fn, name):
    """``(value, stale)``; raises RuntimeError('...freed...') after backward freed them."""
    try:
        return getattr(fn, "_saved_" + name), False
    except RuntimeError as err:
        if "freed" in str(err) or "second time" in str(err):
            raise
        return None, True                  # modified in place since it was saved


# -- the walk ---------------------------------------------------------------------------------

def trace(*roots, names=None, namespaces=None, models=(), history=None, values=True,
          ids=None):
    """Walk the autograd graph of ``roots`` into a :class:`Graph`.

    Parameters
    ----------
    *roots : Tensor
        The tensors to start from (usually the loss). Leaves are allowed.
    names : dict, optional
        ``{label: tensor}``, as torchviz's ``params``; without it, labels come from the
        calling code's variables and the notebook's namespace.
    namespaces : list of dict, optional
        Where to look for variable names instead of the caller's frame.
    models : sequence of modules, optional
        Their parameters are labelled with their module paths (``layer2.weight``).
    history : History, optional
        Remembers which node made each result, to show later ``detach_()`` calls as cuts.
    values : bool
        Summarize values and ``.grad`` (turn off to time the walk alone).
    ids : IdMap, optional
        Keep each object's id from earlier traces (a live panel); by default ids follow
        the walk, so the same graph always gets the same ids.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.viz import trace
    >>> x = torch.tensor([1., 2.], requires_grad=True)
    >>> y = (x * x).sum()
    >>> g = trace(y)
    >>> [f.name for f in g.functions.values()]
    ['SumBackward0', 'MulBackward0', 'AccumulateGrad']
    >>> [(t.name, t.role) for t in g.tensors.values()]
    [('y', 'result'), ('x', 'param')]
    """
    if namespaces is None:
        namespaces = caller_namespaces(1)
    table = names if isinstance(names, Names) else Names.from_namespaces(namespaces, names,
                                                                         models)
    return _Walk(table, history, values, ids if ids is not None else IdMap()).run(roots)


class _Walk:
    def __init__(self, table, history, values, idmap):
        self.table, self.history, self.values = table, history, values
        self.g = Graph()
        self.ids = {}            # id(obj) -> model id, for this walk
        self.idmap = idmap
        self.edge_keys = set()
        self.produced = {}       # (id(node), output_nr) -> named tensor it made
        for t in table.objects.values():
            fn = _grad_fn(t)
            if fn is not None:
                self.produced[(id(fn), _output_nr(t))] = t

    def _new_id(self, obj, prefix):
        key = self.idmap.get(obj) or self.idmap.new(obj, prefix)
        self.ids[id(obj)] = key
        self.g.objects[key] = obj
        return key

    def tensor(self, t, is_root=False):
        key = self.ids.get(id(t))
        if key is not None:
            if is_root:
                self.g.tensors[key].is_root = True
            return key
        key = self._new_id(t, "T")
        fn = _grad_fn(t)
        requires = bool(t.requires_grad)
        role = "result" if fn is not None else ("param" if requires else "frozen")
        if role == "frozen" and self._was_detached(t):
            role = "detached"
        grad = _grad(t) if self.values else None
        is_param = self.table.is_param(t)
        info = TensorInfo(
            id=key, name=self.table.label(t) or "", role=role, requires_grad=requires,
            is_leaf=fn is None, retains_grad=bool(getattr(t, "retains_grad", False)),
            shape=tuple(t.shape), dtype=str(t.dtype).replace("torch.", ""),
            device=str(t.device), version=int(t._version),
            value=_values.summarize(t) if self.values else None,
            grad=_values.summarize(grad) if grad is not None else None,
            module=self.table.module_of(t), is_param=is_param, is_root=is_root)
        self.g.tensors[key] = info
        if fn is not None and self.history is not None:
            self.history.remember(t, fn, _output_nr(t))
        return key

    def _was_detached(self, t):
        if self.history is not None and self.history.former(t) is not None:
            return True
        base = _base(t)
        return base is not None and bool(base.requires_grad)

    def function(self, fn):
        key = self.ids.get(id(fn))
        if key is not None:
            return key, False
        acc = _is_accumulate(fn)
        key = self._new_id(fn, "A" if acc else "B")
        info = FunctionInfo(id=key, name=_fn_name(fn), kind="accumulate" if acc else "backward",
                            sequence_nr=_sequence_nr(fn), module=_module_tag(fn),
                            n_inputs=len(fn.next_functions))
        self.g.functions[key] = info
        return key, True

    def run(self, roots):
        g = self.g
        stack = []
        for r in roots:
            tid = self.tensor(r, is_root=True)
            g.roots.append(tid)
            fn = _grad_fn(r)
            if fn is not None:
                fid, new = self.function(fn)
                g.tensors[tid].grad_fn = fid
                self._edge(fid, tid, "flow", None, _output_nr(r))
                if new:
                    stack.append(fn)
        visited = []
        stack.reverse()
        while stack:
            fn = stack.pop()
            visited.append(fn)
            fid = self.ids[id(fn)]
            if _is_accumulate(fn):
                leaf = fn.variable
                tid = self.tensor(leaf)
                g.functions[fid].variable = tid
                self._edge(tid, fid, "flow", None, 0)
                continue
            children = []
            for i, (nxt, nr) in enumerate(fn.next_functions):
                if nxt is None:
                    continue
                nid, new = self.function(nxt)
                made = self.produced.get((id(nxt), nr))
                if made is not None and not _is_accumulate(nxt):
                    tid = self.ids.get(id(made))
                    if tid is None:
                        tid = self.tensor(made)
                        g.tensors[tid].grad_fn = nid
                        self._edge(nid, tid, "flow", None, nr)
                    self._edge(tid, fid, "flow", i, nr)
                else:
                    self._edge(nid, fid, "flow", i, nr)
                if new:
                    children.append(nxt)
            stack.extend(reversed(children))
        for fn in visited:
            self._saved(fn)
        self._cuts()
        self._modules()
        g.build_order = self._build_order()
        return g

    def _edge(self, src, dst, kind, input_nr, output_nr):
        self.edge_keys.add((src, dst, kind))
        self.g.edges.append(Edge(src, dst, kind, input_nr, output_nr))

    def _saved(self, fn):
        """Saved tensors and attributes; link named no-grad inputs through them."""
        info = self.g.functions[self.ids[id(fn)]]
        if info.kind == "accumulate":
            return
        has_const_input = any(nxt is None for nxt, _ in fn.next_functions)
        freed_flag = getattr(fn, "_is_freed", None)
        if freed_flag:
            self._freed(fn, info)
            return
        for name in _saved_names(fn):
            try:
                value, stale = _read_saved(fn, name)
            except RuntimeError:
                info.saved = []
                self._freed(fn, info)
                return
            if stale:
                info.saved.append(SavedInfo(name, True, stale=True))
            elif _is_tensor_like(value):
                linked = self._known(value)
                tid = self.ids.get(id(linked)) if linked is not None else None
                if tid is None and linked is not None and has_const_input and \
                        not linked.requires_grad:
                    tid = self.tensor(linked)
                    self._edge(tid, info.id, "const", None, 0)
                    if self.history is not None:
                        self.history.remember_const(fn, linked)
                elif tid is not None and has_const_input and \
                        self.g.tensors[tid].role in ("frozen", "detached") and \
                        (tid, info.id, "const") not in self.edge_keys:
                    self._edge(tid, info.id, "const", None, 0)
                info.saved.append(SavedInfo(name, True, tuple(value.shape),
                                            str(value.dtype).replace("torch.", ""),
                                            tensor_id=tid))
            elif isinstance(value, (tuple, list)) and value and _is_tensor_like(value[0]):
                info.saved.append(SavedInfo(name, True, text=f"{len(value)} tensors"))
            else:
                info.saved.append(SavedInfo(name, False, text=_attr_text(value)))

    def _freed(self, fn, info):
        """Backward released the saved tensors: keep the no-grad inputs seen before."""
        info.freed = True
        if self.history is None:
            return
        for t in self.history.consts(fn):
            if id(t) not in self.table.objects or t.requires_grad:
                continue
            tid = self.ids.get(id(t)) or self.tensor(t)
            if (tid, info.id, "const") not in self.edge_keys:
                self._edge(tid, info.id, "const", None, 0)

    def _known(self, t):
        """The named (or already drawn) tensor that ``t`` is, or is a view of."""
        seen = 0
        while t is not None and seen < 8:
            if id(t) in self.table.objects or id(t) in self.ids:
                return t
            t = _base(t)
            seen += 1
        return None

    def _cuts(self):
        """A named tensor detached from a node still in this graph: draw the cut."""
        if self.history is None:
            return
        for t in list(self.table.objects.values()):
            if _grad_fn(t) is not None:
                continue
            former = self.history.former(t)
            if former is None:
                continue
            fn, nr = former
            fid = self.ids.get(id(fn))
            if fid is None:
                continue
            tid = self.tensor(t)
            self.g.tensors[tid].role = "detached"
            self._edge(fid, tid, "cut", None, nr)

    def _modules(self):
        """Give backward nodes a module path: a tag recorded during forward
        (:func:`record_modules`), else the module of the parameters they use, else the
        deepest module shared by their neighbours."""
        g = self.g
        params_of = {}
        for e in g.edges:
            src = g.tensors.get(e.src) or g.functions.get(e.src)
            dst = g.functions.get(e.dst)
            if dst is None:
                continue
            if isinstance(src, FunctionInfo) and src.kind == "accumulate":
                src = g.tensors.get(src.variable)
            if isinstance(src, TensorInfo) and src.module is not None:
                params_of.setdefault(e.dst, []).append(src.module)
        for fid, mods in params_of.items():
            f = g.functions[fid]
            if f.module is None and f.kind == "backward":
                f.module = _common(mods)
        for f in g.functions.values():
            if f.kind == "accumulate":
                f.module = g.tensors[f.variable].module if f.variable else None
        # parameter-free nodes (relu, add...): the module around the parametrized modules
        # feeding them (a residual add sits in its block), else their inputs' module
        order = sorted((f for f in g.functions.values() if f.kind == "backward"),
                       key=lambda f: f.sequence_nr)
        inputs = {}
        for e in g.edges:
            if e.dst in g.functions and e.kind == "flow":
                inputs.setdefault(e.dst, []).append(e.src)
        for f in order:
            if f.module is not None:
                continue
            outer, plain = [], []
            for src in inputs.get(f.id, ()):
                s = g.functions.get(src)
                if s is None:
                    t = g.tensors[src]
                    s = g.functions.get(t.grad_fn) if t.grad_fn else None
                if s is None or s.module is None or s.kind == "accumulate":
                    continue
                if s.id in params_of:
                    outer.append(_parent(s.module))
                else:
                    plain.append(s.module)
            if outer or plain:
                f.module = _common(outer or plain)
        for t in g.tensors.values():
            if t.module is None and t.grad_fn is not None:
                t.module = g.functions[t.grad_fn].module

    def _build_order(self):
        """Ids in the order the forward pass made them: each backward node (by sequence
        number) preceded by the inputs not shown yet and followed by its outputs."""
        g = self.g
        incoming, outgoing = {}, {}
        for e in g.edges:
            if e.kind == "cut":
                continue
            incoming.setdefault(e.dst, []).append(e.src)
            outgoing.setdefault(e.src, []).append(e.dst)
        order, shown = [], set()

        def show(nid):
            if nid not in shown:
                shown.add(nid)
                order.append(nid)

        def show_inputs(nid):
            stack = [nid]
            pending = []
            while stack:          # leaves and their AccumulateGrad, before first use
                cur = stack.pop()
                for src in incoming.get(cur, ()):
                    if src in shown or src in pending:
                        continue
                    f = g.functions.get(src)
                    if (f is not None and f.kind == "accumulate") or src in g.tensors and \
                            g.tensors[src].grad_fn is None:
                        pending.append(src)
                        stack.append(src)
            for src in reversed(pending):
                show(src)

        for t in g.tensors.values():
            if t.grad_fn is None and not incoming.get(t.id) and not outgoing.get(t.id):
                show(t.id)
        for f in sorted((f for f in g.functions.values() if f.kind == "backward"),
                        key=lambda f: f.sequence_nr):
            show_inputs(f.id)
            show(f.id)
            for dst in outgoing.get(f.id, ()):
                if dst in g.tensors:
                    show(dst)
        for nid in list(g.tensors) + list(g.functions):
            show(nid)
        return order


def _is_tensor_like(v):
    return hasattr(v, "shape") and hasattr(v, "requires_grad") and hasattr(v, "grad_fn")


def _attr_text(v):
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _parent(path):
    return path.rpartition(".")[0]


def _common(paths):
    """The deepest module path shared by all ``paths`` (``''`` for the top level)."""
    parts = [p.split(".") if p else [] for p in paths]
    out = []
    for level in zip(*parts):
        if any(x != level[0] for x in level):
            break
        out.append(level[0])
    return ".".join(out)
