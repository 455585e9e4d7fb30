"""``Function``: an op whose forward and backward sit side by side, with PyTorch's contract
(``forward(ctx, ...)``, ``backward(ctx, *grad_outputs)``, ``ctx.save_for_backward``,
``ctx.needs_input_grad``, ``None`` for inputs that need no gradient).

Each subclass gets a backward-node class named as PyTorch names it: ``node_name`` when given
(built-in ops use ``"MulBackward0"`` and friends), else ``<ClassName>Backward``. The node *is*
the ``ctx`` that forward and backward receive, as in PyTorch.

Built-in ops derive from :class:`Op`: their forward receives tensors and returns raw arrays
(NumPy or CuPy), which is the fast path. A lesson's own ``Function`` works on tensors, as in
PyTorch.
"""
from .. import _grad_mode
from .graph import FREED_MESSAGE, Node, SavedTensor, edge_of

_FREED = object()


class BackwardNode(Node):
    """The ``ctx`` of one call of a :class:`Function`, and its node in the graph."""

    _forward_cls = None
    saved_names = ()          # names of save_for_backward's tensors, for ``_saved_<name>``

    def __init__(self):
        Node.__init__(self)
        self._saved = ()
        self._saved_out = None
        self.needs_input_grad = ()
        self._input_meta = ()
        self._tensor_positions = None
        self._n_outputs = 1
        self._output_meta = None
        self._materialize = True
        self._non_differentiable = None

    # -- the ctx API -------------------------------------------------------------------------
    def save_for_backward(self, *tensors):
        self._saved = tuple(None if t is None else SavedTensor(t, False) for t in tensors)

    @property
    def saved_tensors(self):
        saved = self._saved
        if saved is _FREED:
            raise RuntimeError(FREED_MESSAGE)
        return tuple(None if s is None else s.unpack(self) for s in saved)

    @property
    def saved_result(self):
        """The op's own output, for ops whose derivative is written with it (exp, tanh)."""
        if self._saved is _FREED:
            raise RuntimeError(FREED_MESSAGE)
        return self._saved_out.unpack(self)

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = {id(t) for t in tensors}

    def mark_dirty(self, *tensors):
        """Accepted for compatibility; the tensors returned are treated as outputs."""

    def set_materialize_grads(self, value):
        self._materialize = bool(value)

    # -- inspection, as PyTorch exposes it ---------------------------------------------------
    def __getattr__(self, name):
        # Only reached for attributes not set normally: _saved_self, _saved_other, ...
        if name.startswith("_saved_"):
            key = name[7:]
            if self._saved is _FREED:
                raise RuntimeError(FREED_MESSAGE)
            if key == "result" and self._saved_out is not None:
                return self._saved_out.unpack(self)
            names = type(self).saved_names
            if key in names:
                s = self._saved[names.index(key)] if names.index(key) < len(self._saved) else None
                return None if s is None else s.unpack(self)
            if key in self.__dict__:
                return self.__dict__[key]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def _saved_names(self):
        """The ``_saved_*`` attributes this node offers (for the visualizer)."""
        names = [f"_saved_{n}" for n in type(self).saved_names]
        if self._saved_out is not None:
            names.append("_saved_result")
        names += [f"_saved_{k}" for k in getattr(type(self), "saved_attrs", ())]
        return names

    def _free(self):
        if self._saved is not _FREED and (self._saved or self._saved_out is not None):
            self._saved = _FREED
            self._saved_out = None

    @property
    def _is_freed(self):
        return self._saved is _FREED

    # -- running backward --------------------------------------------------------------------
    def _run(self, grad_outputs):
        grads = self._forward_cls.backward(self, *grad_outputs)
        if not isinstance(grads, tuple):
            grads = (grads,)
        positions = self._tensor_positions
        n_args = len(self.needs_input_grad)
        if len(grads) != n_args:
            if len(grads) > n_args and all(g is None for g in grads[n_args:]):
                grads = grads[:n_args]
            else:
                raise RuntimeError(f"function {self.name()} returned an incorrect number of "
                                   f"gradients (expected {n_args}, got {len(grads)})")
        if positions is not None:
            grads = tuple(grads[i] for i in positions)
        return grads


class _FunctionMeta(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        node_name = ns.get("node_name") or f"{name}Backward"
        attrs = {"_forward_cls": cls, "__module__": cls.__module__,
                 "saved_names": ns.get("saved_names", getattr(cls, "saved_names", ())),
                 "saved_attrs": ns.get("saved_attrs", ())}
        if not ns.get("node_name"):
            # a lesson's own Function: PyTorch shows its node as a Python class
            attrs["__repr__"] = lambda self: (f"<torch.autograd.function.{type(self).__name__} "
                                              f"object at {hex(id(self))}>")
        cls._backward_cls = type(node_name, (BackwardNode,), attrs)


def _tensor_cls():
    from .._tensor import Tensor
    return Tensor


class Function(metaclass=_FunctionMeta):
    """Write a differentiable op, as with ``torch.autograd.Function``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> class Cube(torch.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x ** 3
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         x, = ctx.saved_tensors
    ...         return grad * 3 * x ** 2
    >>> x = torch.tensor(2.0, requires_grad=True)
    >>> Cube.apply(x).backward(); x.grad
    tensor(12.)
    """

    node_name = None
    saved_names = ()

    def __init__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is "
                           "deprecated. Please use new-style autograd function with static "
                           "forward method. (Example: https://pytorch.org/docs/stable/autograd."
                           "html#torch.autograd.Function)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode AD.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError

    @classmethod
    def apply(cls, *args, **kwargs):
        Tensor = _tensor_cls()
        ctx = cls._backward_cls()
        needs = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        track = _grad_mode._enabled and any(needs)
        ctx.needs_input_grad = needs
        with _grad_mode.no_grad():
            if cls.setup_context is not Function.setup_context:
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
            else:
                out = cls.forward(ctx, *args, **kwargs)
        if not track:
            return out
        is_tuple = isinstance(out, tuple)
        outs = out if is_tuple else (out,)
        input_ids = {id(a) for a in args if isinstance(a, Tensor)}
        nd = ctx._non_differentiable or ()
        results = []
        for i, o in enumerate(outs):
            if not isinstance(o, Tensor):
                results.append(o)
                continue
            if id(o) in input_ids:          # an input returned as is: give it a fresh alias
                o = o.detach()
            o._grad_fn, o._output_nr = ctx, i
            o._requires_grad = o.dtype.is_floating_point and id(o) not in nd
            results.append(o)
        # outputs saved by forward must not keep themselves alive through their own node
        out_ids = {id(o): o for o in results if isinstance(o, Tensor)}
        if ctx._saved and ctx._saved is not _FREED:
            ctx._saved = tuple(SavedTensor(s.tensor, True) if s is not None and
                               id(s.tensor) in out_ids else s for s in ctx._saved)
        _connect(ctx, args, results, Tensor)
        return tuple(results) if is_tuple else results[0]


def _connect(ctx, args, outputs, Tensor):
    """Give ``ctx`` its edges and the metadata the engine checks gradients against."""
    tensors = [a for a in args if isinstance(a, Tensor)]
    if len(tensors) != len(args):
        ctx._tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
    ctx.next_functions = tuple(edge_of(t) for t in tensors)
    ctx._input_meta = tuple((t._data.shape, t._data.dtype) for t in tensors)
    ctx._n_outputs = len(outputs)
    if len(outputs) > 1:
        ctx._output_meta = tuple((o._data.shape, o._data.dtype) if isinstance(o, Tensor)
                                 else None for o in outputs)


class Op(Function):
    """A built-in op: ``forward(ctx, *args)`` returns arrays; ``backward`` works on tensors
    (so that ``create_graph=True`` can differentiate it again).

    Class attributes a subclass may set:
    ``node_name`` (PyTorch's name), ``saved_names`` (names of the saved tensors),
    ``saved_attrs`` (other values kept on ctx, shown as ``_saved_<attr>``),
    ``is_view`` (the output shares the input's memory and version counter),
    ``save_result`` (keep the output for backward), ``differentiable_outputs`` (indices).
    """

    is_view = False
    save_result = False
    differentiable_outputs = None

    @classmethod
    def apply(cls, *args):
        Tensor = _tensor_cls()
        track = False
        if _grad_mode._enabled:
            for a in args:
                if isinstance(a, Tensor) and a._requires_grad:
                    track = True
                    break
        ctx = cls._backward_cls()
        if track:
            ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        else:
            ctx.needs_input_grad = (False,) * len(args)
        out = cls.forward(ctx, *args)
        if type(out) is tuple:
            diff = cls.differentiable_outputs
            results = tuple(Tensor._make(o, track and (diff is None or i in diff)
                                         and o.dtype.kind == "f", ctx if track else None, i)
                            for i, o in enumerate(out))
        else:
            r = Tensor._make(out, track, ctx if track else None, 0)
            if cls.is_view:
                base = args[0]
                r._base = base if base._base is None else base._base
                r._version_counter = base._version_counter
            if not track:
                return r
            if cls.save_result:
                ctx._saved_out = SavedTensor(r, True)
            _connect(ctx, args, (r,), Tensor)
            return r
        if cls.is_view:
            base = args[0]
            for r in results:
                r._base = base if base._base is None else base._base
                r._version_counter = base._version_counter
        if track:
            _connect(ctx, args, results, Tensor)
        return results
