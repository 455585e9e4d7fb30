"""``Function``: an op whose forward and backward sit side by side, with PyTorch's contract
(``forward(ctx, ...)``, ``backward(ctx, *grad_outputs)``, ``ctx.save_for_backward``,
``ctx.needs_input_grad``, ``None`` for inputs that need no gradient).

Each subclass gets a backward-node class named as PyTorch names it: ``node_name`` when given
(built-in ops use ``"MulBackward0"`` and friends), else ``<ClassName>Backward``. The node *is*
the ``ctx`` that forward and backward receive, as in PyTorch.

Built-in ops derive from :class:`Op`: their forward receives tensors and returns raw arrays
(NumPy or CuPy), which is the fast path. A lesson's own ``Function`` works on tensors, as in
PyTorch.

Speed notes (``Op.apply`` runs once per op of every forward *and*, through the backward
formulas, once per op of every backward): a node is created with ``object.__new__`` and gets
only the attributes it needs (the rest are class-level defaults); ``save_for_backward`` just
stashes its arguments, and they are packed (with the version each had) only when the graph is
really recorded; with grad mode off nothing of the graph is built at all.
"""
import functools
import warnings

import numpy as np

from .. import _backend, _grad_mode, _version
from .graph import (FREED_MESSAGE, NO_GRAD_VIEW, AccumulateGrad, Node, SavedTensor, _sequence,
                    modified_message, register_view)

_FREED = object()
_new = object.__new__
_mode = _grad_mode._state   # this thread's grad mode; read as ``not _grad_mode._off or
                            # _mode.enabled`` (see _grad_mode: the module flag is cheaper)
_UNCHANGED = _version.UNCHANGED
_NO_GRAD = [()] + [(False,) * n for n in range(1, 9)]   # cached all-False needs_input_grad


class BackwardNode(Node):
    """The ``ctx`` of one call of a :class:`Function`, and its node in the graph."""

    _forward_cls = None
    saved_names = ()          # names of save_for_backward's tensors, for ``_saved_<name>``
    saved_attrs = ()
    # per-node state, as class defaults: a node only stores what differs
    _to_save = None           # what forward passed to save_for_backward, not yet packed
    _saved = ()               # the saved tensors (or _FREED once backward released them):
    _saved_versions = ()      # ... each with its version when saved; an output of this node
    #                           itself is kept as a SavedTensor instead (no reference cycle)
    _saved_out = None         # SavedTensor of the op's own output (``save_result``)
    _input_meta = ()          # (shape, dtype) per tensor input: the engine checks grads on it
    _tensor_positions = None  # indices of the tensor args, when some args are not tensors
    _output_meta = None       # (shape, dtype) per output, to materialize missing gradients
    _non_differentiable = None
    _dirty = None
    _save_result = False
    _is_custom = False        # a lesson's own Function (not a built-in Op)
    needs_input_grad = ()
    # Array mode (see ``Op.array_backward``): ``_array_dtype`` is the one floating dtype of
    # the op's output and tensor inputs, set when the node may run its formula on raw arrays;
    # ``_arrays`` is true while the engine runs it so: saved tensors then come as arrays, and
    # a wrapped Python number of another dtype (an int next to floats) as that number, so
    # that NumPy promotes it as torch promotes a wrapped number (a 0-d array is not "weak":
    # float32 * an int64 0-d array is float64).
    _array_dtype = None
    _arrays = False

    def __init__(self):
        Node.__init__(self)

    # -- the ctx API -------------------------------------------------------------------------
    def save_for_backward(self, *tensors):
        """Keep ``tensors`` for backward (checked for in-place changes when unpacked)."""
        self._to_save = tensors

    def save_for_forward(self, *tensors):
        pass

    @property
    def saved_tensors(self):
        """The tensors given to ``save_for_backward``, checked for in-place changes."""
        saved = self._saved
        if saved is _FREED:
            raise RuntimeError(FREED_MESSAGE)
        if self._to_save is not None:         # asked for inside forward: nothing packed yet
            return self._to_save
        out = []
        if self._arrays:     # the engine's array mode: arrays (see _array_dtype)
            dt = self._array_dtype
            for t, version in zip(saved, self._saved_versions):
                kind = type(t)
                if kind is _ndarray:     # a Python number, as a 0-d array (record_binary)
                    out.append(t if t.dtype is dt else t.item())
                    continue
                if t is None:
                    out.append(None)
                    continue
                if kind is SavedTensor or t._version_counter[0] != version:
                    t = self._unpack(len(out))
                d = t._data
                if d.dtype is not dt and t._wrapped_number:
                    d = d.item()         # (a 0-d array of the node's dtype is cheaper to use)
                out.append(d)
            return tuple(out)
        for t, version in zip(saved, self._saved_versions):
            # the usual case inline (a tensor not changed since); else the full check
            kind = type(t)
            if t is None or kind is not SavedTensor and kind is not _ndarray and \
                    t._version_counter[0] == version:
                out.append(t)
            else:
                out.append(self._unpack(len(out)))
        return tuple(out)

    def _unpack(self, i):
        t = self._saved[i]
        if t is None:
            return None
        if type(t) is SavedTensor:
            return t.unpack(self)
        if type(t) is _ndarray:               # a Python number kept as a 0-d array
            from .._tensor import Tensor
            w = Tensor._make(t)
            w._wrapped_number = True
            return w
        version = self._saved_versions[i]
        if t._version_counter[0] != version:
            raise RuntimeError(modified_message(t, version))
        return t

    @property
    def saved_result(self):
        """The op's own output, for ops whose derivative is written with it (exp, tanh)."""
        if self._saved is _FREED:
            raise RuntimeError(FREED_MESSAGE)
        st = self._saved_out
        if self._arrays:
            if st.tensor is None and st.version_counter[0] == st.version:
                return st.data                # (unpack_data's usual case, inline)
            return st.unpack_data(self)
        return st.unpack(self)

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = {id(t) for t in tensors}

    def mark_dirty(self, *tensors):
        """Declare inputs that forward modified in place: they become the outputs."""
        self._dirty = {id(t) for t in tensors}

    def set_materialize_grads(self, value):
        self._materialize = bool(value)

    # -- inspection, as PyTorch exposes it ---------------------------------------------------
    # ``grad_fn._saved_self``, ``_saved_result``, ``_saved_dim``...: one descriptor per saved
    # field on each node class (see _SavedField), not a ``__getattr__``: a class with one
    # gets no specialized attribute reads from CPython, and the engine reads node attributes
    # all the time.
    def _saved_field(self, key, index):
        if index is not None:                 # a tensor given to save_for_backward
            if self._saved is _FREED:
                raise RuntimeError(FREED_MESSAGE)
            return self._unpack(index) if index < len(self._saved) else None
        if key == "result":                   # the op's own output (save_result)
            if self._saved is _FREED:
                raise RuntimeError(FREED_MESSAGE)
            if self._saved_out is not None:
                return self._saved_out.unpack(self)
        elif key in self.__dict__:            # plain values (dims, sizes) outlive backward
            return self.__dict__[key]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '_saved_{key}'")

    def _saved_names(self):
        """The ``_saved_*`` attributes this node offers (for the visualizer)."""
        names = [f"_saved_{n}" for n in type(self).saved_names]
        if self._saved_out is not None or type(self)._save_result:
            names.append("_saved_result")
        names += [f"_saved_{k}" for k in type(self).saved_attrs]
        return names

    def _free(self):
        # Only tensors are released; a node that saved none can run again, as in PyTorch.
        if self._saved is not _FREED and (self._saved or self._saved_out is not None):
            self._saved = _FREED
            self._saved_out = None

    @property
    def _is_freed(self):
        return self._saved is _FREED

    # -- running backward --------------------------------------------------------------------
    def _run(self, grad_outputs):
        """Call the Function's backward; one gradient per *tensor* input comes back."""
        return self._per_input(self._forward_cls.backward(self, *grad_outputs))

    def _per_input(self, grads):
        """What backward returned (one gradient per forward argument), as one gradient per
        *tensor* argument, checked."""
        if type(grads) is not tuple:
            # (a lesson's own backward: anything but a tuple is one gradient, a list too)
            grads = (grads,) if self._is_custom or not isinstance(grads, list) else tuple(grads)
        n_args = len(self.needs_input_grad)
        if len(grads) != n_args:
            if len(grads) > n_args and all(g is None for g in grads[n_args:]):
                grads = grads[:n_args]
            else:
                raise RuntimeError(f"function {self.name()} returned an incorrect number of "
                                   f"gradients (expected {n_args}, got {len(grads)})")
        positions = self._tensor_positions
        if self._is_custom:                   # (torch's order: position first, then type)
            if positions is not None:
                _check_non_tensor_grads(self, grads, positions)
            _check_gradient_types(grads)
        if positions is None:                 # every argument was a tensor
            return grads
        if type(positions) is int:            # the tensors came first (a + b, alpha): a slice
            return grads[:positions]
        return tuple([grads[i] for i in positions])


def _tensor_positions(args, Tensor):
    """Where the tensor arguments are: ``k`` when they are the first ``k`` (the usual case,
    sliced cheaply), else their indices."""
    positions = tuple([i for i, a in enumerate(args) if isinstance(a, Tensor)])
    return len(positions) if positions == tuple(range(len(positions))) else positions


def _check_gradient_types(grads):
    """A custom backward must return tensors or None, as torch checks (an int or a NumPy
    array would otherwise fail later, far from the mistake)."""
    Tensor = _Tensor or _tensor_cls()
    for g in grads:
        if g is not None and not isinstance(g, Tensor):
            raise RuntimeError(f"expected Variable or None (got {_c_type_name(type(g))})")


def _c_type_name(cls):
    """The type's name as CPython's ``tp_name`` spells it in torch's C++ messages: a class
    defined in Python by its name alone, a C type with its module (``numpy.ndarray``)."""
    if cls.__flags__ & (1 << 9) or cls.__module__ == "builtins":     # Py_TPFLAGS_HEAPTYPE
        return cls.__name__
    return f"{cls.__module__}.{cls.__name__}"


def _check_non_tensor_grads(node, grads, positions):
    tensor_at = range(positions) if type(positions) is int else positions
    for i, g in enumerate(grads):
        if g is not None and i not in tensor_at:
            raise RuntimeError(f"function {node.name()} returned a gradient different than "
                               f"None at position {i + 1}, but the corresponding forward input "
                               "was not a Variable")


def _custom_repr(self):
    # PyTorch shows the node of a lesson's own Function as a Python class
    return f"<torch.autograd.function.{type(self).__name__} object at {hex(id(self))}>"


class _SavedField:
    """``node._saved_<key>``: the saved tensor at ``index`` (save_for_backward's order), or,
    with ``index`` None, the op's result or the plain value forward kept as ``ctx.<key>``."""

    __slots__ = ("key", "index")

    def __init__(self, key, index=None):
        self.key, self.index = key, index

    def __get__(self, node, owner=None):
        if node is None:
            return self
        return node._saved_field(self.key, self.index)


# internal node attributes a saved field must not shadow (``_saved_out``, ...)
_RESERVED_FIELDS = frozenset(("out", "versions", "names", "field"))


def _saved_fields(cls, saved_names, save_result):
    """The ``_saved_<name>`` descriptors of ``cls``'s node class: its saved tensors, its
    result, and the plain values named by ``saved_attrs`` along its bases."""
    fields = {}
    for i, key in enumerate(saved_names):
        fields[key] = _SavedField(key, i)
    if save_result:
        fields.setdefault("result", _SavedField("result"))
    for klass in cls.__mro__:
        for key in vars(klass).get("saved_attrs", ()):
            fields.setdefault(key, _SavedField(key))
    bad = _RESERVED_FIELDS.intersection(fields)
    if bad:
        raise TypeError(f"{cls.__name__}: saved field name(s) {sorted(bad)} clash with the "
                        "node's own attributes")
    return {"_saved_" + key: field for key, field in fields.items()}


class _FunctionMeta(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        node_name = ns.get("node_name") or f"{name}Backward"
        saved_names = ns.get("saved_names", getattr(cls, "saved_names", ()))
        save_result = bool(getattr(cls, "save_result", False))
        attrs = {"_forward_cls": cls, "__module__": cls.__module__,
                 "saved_names": saved_names,
                 "saved_attrs": ns.get("saved_attrs", ()),
                 "_save_result": save_result,
                 "torch_name": ns.get("torch_name")}
        attrs.update(_saved_fields(cls, saved_names, save_result))
        if not ns.get("node_name"):
            attrs["__repr__"] = _custom_repr
            attrs["_runs_without_grads"] = True
            attrs["_is_custom"] = True
        cls._backward_cls = type(node_name, (BackwardNode,), attrs)


_Tensor = None


def _tensor_cls():
    """The Tensor class (imported late: _tensor.py imports this module's users)."""
    global _Tensor
    from .._tensor import Tensor
    _Tensor = Tensor
    return Tensor


class Function(metaclass=_FunctionMeta):
    """Write a differentiable op, as with ``torch.autograd.Function``.

    ``forward(ctx, *args)`` computes the result from tensors (it runs with grad mode off);
    ``backward(ctx, *grad_outputs)`` returns one gradient per input of forward (``None`` for
    inputs that are not tensors or need no gradient). Instead of taking ``ctx``, forward may
    take only the inputs, with a separate ``setup_context(ctx, inputs, output)``.

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
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions "
                      "are all static, so you should invoke them on the class itself. "
                      "Instantiating an autograd function will raise an error in a future "
                      "version of PyTorch.", DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
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

    vjp = backward

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @classmethod
    def apply(cls, *args, **kwargs):
        Tensor = _tensor_cls()
        ctx = cls._backward_cls()
        needs = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        track = (not _grad_mode._off or _mode.enabled) and any(needs)
        ctx.needs_input_grad = needs
        with _grad_mode.no_grad():
            if cls.setup_context is not Function.setup_context:
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
            else:
                out = cls.forward(ctx, *args, **kwargs)
        if not track:
            ctx._to_save = None
            return out
        is_tuple = isinstance(out, tuple)
        outs = out if is_tuple else (out,)
        _connect(ctx, args, Tensor)        # before outputs are rebased: a dirty input is one
        input_ids = {id(a) for a in args if isinstance(a, Tensor)}
        nd = ctx._non_differentiable or ()
        dirty = ctx._dirty or ()
        results = []
        for i, o in enumerate(outs):
            if not isinstance(o, Tensor):
                results.append(o)
                continue
            if id(o) in dirty:             # modified in place: the input itself is rebased
                if o._base is not None:    # ... a view: its base is (ops/copy_slices.py)
                    from ..ops.copy_slices import check_dirty_view
                    check_dirty_view(o, len(outs))
                _check_dirty_leaf(o)
                _version.bump(o)     # (PyTorch counts mark_dirty as a write too)
            elif id(o) in input_ids:       # returned as is: a view of it carries the history
                from ..ops.shape import view
                with _grad_mode.no_grad():
                    o = view(o, o.shape)
            differentiable = o._data.dtype.kind in "fc" and id(o) not in nd
            o._grad_fn, o._output_nr = (ctx, i) if differentiable else (None, 0)
            o._requires_grad = differentiable
            if differentiable and o._base is not None:
                if id(o) in dirty:
                    from ..ops.copy_slices import rebase_dirty_view
                    rebase_dirty_view(o, ctx)
                else:                      # not to be changed in place
                    o._creation_meta = "custom_function"
            results.append(o)
        _pack_saved(ctx, [o for o in results if isinstance(o, Tensor)])
        ctx._n_outputs = len(results)
        ctx._output_meta = tuple(_output_meta(o) if isinstance(o, Tensor) else None
                                 for o in results)
        return tuple(results) if is_tuple else results[0]


def _output_meta(t):
    """What the engine needs to make zeros for an output that gets no gradient."""
    from .._backend import array_module
    return (t._data.shape, t._data.dtype, array_module(t._data))


def _check_dirty_leaf(t):
    if t._grad_fn is None and t._requires_grad:
        raise RuntimeError("a leaf Variable that requires grad has been used in an in-place "
                           "operation.")


def _pack_saved(ctx, outputs):
    """Keep what forward stashed with save_for_backward, with each tensor's version. An output
    of this very node is packed without its tensor (see :class:`SavedTensor`)."""
    tensors = ctx._to_save
    ctx._to_save = None
    if not tensors:
        return
    out_ids = {id(o) for o in outputs}
    ctx._saved = tuple(SavedTensor(t, True) if t is not None and id(t) in out_ids else t
                       for t in tensors)
    ctx._saved_versions = tuple(None if t is None else t._version_counter[0] for t in tensors)


def _connect(ctx, args, Tensor):
    """Give ``ctx`` its edges and the metadata the engine checks gradients against: one
    ``(node, output_nr)`` edge per tensor argument, as PyTorch records them."""
    edges = []
    metas = []
    for a in args:
        if isinstance(a, Tensor):
            fn = a._grad_fn
            if fn is not None:
                edges.append((fn, a._output_nr))
            elif a._requires_grad:
                edges.append((AccumulateGrad.for_tensor(a), 0))   # None for a no-grad view
            else:
                edges.append(_NO_EDGE)
            d = a._data
            metas.append((d.shape, d.dtype))
    if len(edges) != len(args):
        ctx._tensor_positions = _tensor_positions(args, Tensor)
    ctx.next_functions = tuple(edges)
    ctx._input_meta = tuple(metas)


class Op(Function):
    """A built-in op: ``forward(ctx, *args)`` returns arrays; ``backward`` works on tensors
    (so that ``create_graph=True`` can differentiate it again).

    Class attributes a subclass may set:
    ``node_name`` (PyTorch's name), ``saved_names`` (names of the saved tensors),
    ``saved_attrs`` (other values kept on ctx, shown as ``_saved_<attr>``),
    ``is_view`` (the output shares the input's memory and version counter),
    ``save_result`` (keep the output for backward), ``differentiable_outputs`` (indices),
    ``array_backward`` (see below).

    ``array_backward = True`` declares that ``backward`` uses only what Tensors and NumPy/CuPy
    arrays both have, with the same meaning: arithmetic operators and comparisons between the
    gradient, saved values and Python numbers, and the helpers of
    :mod:`autograd_lab.ops._formula` (``mm``, ``t``, ``expand``...). When no graph of the
    backward pass is wanted (``create_graph=False``, the usual case) the engine then runs the
    very same formula on the raw arrays (``ctx.saved_tensors`` and ``ctx.saved_result`` hand
    out arrays, gradients come in as arrays), skipping a whole op (node, tensor, promotion)
    per arithmetic step; with ``create_graph=True`` it runs on tensors and records a graph.
    The engine does this only for a node whose output and tensor inputs share one floating
    dtype (wrapped Python numbers aside), where NumPy's promotion and torch's agree.
    """

    is_view = False
    save_result = False
    differentiable_outputs = None
    array_backward = False

    @classmethod
    def apply(cls, *args):
        # The hot path of the whole library (every op of every forward, and of every backward
        # formula run on tensors), hence written flat: plain loops rather than comprehensions
        # (each of which is a function call in Python 3.11), no helper calls that are not
        # needed, class-level defaults for what most nodes do not need.
        Tensor = _Tensor or _tensor_cls()
        ctx = _new(cls._backward_cls)
        track = False
        if not _grad_mode._off or _mode.enabled:
            n = len(args)
            a = args[0] if n else None
            single = isinstance(a, Tensor)
            if single and n > 1:
                for b in args[1:]:
                    if isinstance(b, Tensor):
                        single = False
                        break
            if single and not a._requires_grad:
                pass                  # one tensor, that needs no gradient: nothing to record
            elif single:
                # the usual shape of an op, short: one tensor (that requires grad) first,
                # plain values after (relu(x), x.sum(dim), x.pow(2), x.t(), x.view(shape))
                track = True
                needs = _FIRST_NEEDS[n] if n < 9 else (True,) + (False,) * (n - 1)
                fn = a._grad_fn
                if fn is not None:
                    edges = ((fn, a._output_nr),)
                else:
                    ref = a._acc_ref                    # the leaf's AccumulateGrad, if alive
                    acc = ref() if ref is not None and ref is not NO_GRAD_VIEW else None
                    edges = ((acc or AccumulateGrad.for_tensor(a), 0),)
                d = a._data
                key = (d.shape, d.dtype)
                metas = (_META.setdefault(key, key),)
                prefix = True
                others = n > 1
            else:
                # One pass over the arguments: needs_input_grad, the edges (one (node,
                # output_nr) per tensor argument, as PyTorch records them) and each input's
                # (shape, dtype), which the engine checks gradients against. Wasted if nothing
                # requires grad.
                needs = []
                edges = []
                metas = []
                prefix = True         # are the tensors the leading arguments (a, b, alpha)?
                others = False
                for a in args:
                    if isinstance(a, Tensor):
                        rg = a._requires_grad
                        needs.append(rg)
                        fn = a._grad_fn
                        if fn is not None:
                            edges.append((fn, a._output_nr))
                            track = True
                        elif rg:
                            ref = a._acc_ref            # the leaf's AccumulateGrad, if alive
                            acc = ref() if ref is not None and ref is not NO_GRAD_VIEW \
                                else None
                            edges.append((acc or AccumulateGrad.for_tensor(a), 0))
                            track = True
                        else:
                            edges.append(_NO_EDGE)
                        d = a._data
                        key = (d.shape, d.dtype)
                        metas.append(_META.setdefault(key, key))     # (shared: see _META)
                        if others:
                            prefix = False
                    else:
                        needs.append(False)
                        others = True
                if track:
                    needs = tuple(needs)
                    needs = _NEEDS.setdefault(needs, needs)
                    edges = tuple(edges)
                    metas = tuple(metas)
        if track:
            ctx.needs_input_grad = needs
            ctx._sequence_nr = seq = next(_sequence)     # the order the engine runs nodes in
            if not seq & 0xFFF:
                _trim_shared()
        else:
            n = len(args)
            ctx.needs_input_grad = _NO_GRAD[n] if n < 9 else (False,) * n
        if cls.is_view:               # (a view computes nothing: no inf/nan to silence)
            out = cls.forward(ctx, *args)
        else:
            # PyTorch returns inf/nan silently; NumPy would warn (see _backend.ERRSTATE)
            token = _ERRSTATE.set(_IGNORE_ALL)
            try:
                out = cls.forward(ctx, *args)
            finally:
                _ERRSTATE.reset(token)

        if not track:
            if type(out) is tuple:
                results = tuple([Tensor._make(o) for o in out])
                if cls.is_view:
                    for r in results:
                        _share_view(r, args[0], "multi_output")
                return results
            if type(out) is not _ndarray and isinstance(out, _np_generic):
                out = _asarray(out)               # NumPy turns 0-d results into scalars
            r = _new(Tensor)                      # (Tensor._make, inlined: it is hot)
            r._data = out
            r._requires_grad = False
            r._grad_fn = None
            r._output_nr = 0
            r._version_counter = _UNCHANGED
            if cls.is_view:
                _share_view(r, args[0])
            return r

        # -- recording
        if type(out) is tuple:
            r, results = _multi_output(cls, ctx, out, Tensor, args)
        else:
            dt = out.dtype
            if dt.kind not in "fc":             # integer/bool results carry no gradient
                r = Tensor._make(out)
                if cls.is_view:
                    _share_view(r, args[0])
                ctx._to_save = None
                return r
            if type(out) is not _ndarray and isinstance(out, _np_generic):
                out = _asarray(out)
            r = results = _new(Tensor)            # (Tensor._make, inlined)
            r._data = out
            r._requires_grad = True
            r._grad_fn = ctx
            r._output_nr = 0
            r._version_counter = _UNCHANGED
            if cls.is_view:
                _share_view(r, args[0])
            if cls.array_backward and prefix:
                # array mode only where NumPy's promotion agrees with torch's: one dtype for
                # the output and every tensor input (a wrapped Python number, handed to the
                # formula as a Python number, may differ)
                i = 0
                for m in metas:
                    if m[1] is not dt and m[1] != dt and not args[i]._wrapped_number:
                        break
                    i += 1
                else:
                    ctx._array_dtype = dt

        # -- what backward will need: the saved inputs with their versions, the result
        saved = ctx._to_save
        if saved is not None:
            versions = []
            for t in saved:
                versions.append(None if t is None else t._version_counter[0])
            versions = tuple(versions)
            ctx._saved = saved
            ctx._saved_versions = _VERSIONS.setdefault(versions, versions)
            ctx._to_save = None
        if cls.save_result:
            st = ctx._saved_out = _new(SavedTensor)     # (SavedTensor(r, True), inlined)
            st.version_counter = vc = r._version_counter = [0]     # (its own: see _version)
            st.version = vc[0]
            st.tensor = None
            st.data = r._data
            st.output_nr = r._output_nr
            st.requires_grad = r._requires_grad
        if others:
            ctx._tensor_positions = len(edges) if prefix else _tensor_positions(args, Tensor)
        ctx.next_functions = edges
        ctx._input_meta = metas
        return results


# needs_input_grad of an op whose first argument alone is a tensor (requiring grad)
_FIRST_NEEDS = [None] + [(True,) + (False,) * (n - 1) for n in range(1, 9)]


def _multi_output(cls, ctx, out, Tensor, args):
    """Tensors for an op with several outputs; only floating ones listed in
    ``differentiable_outputs`` get a history."""
    diff = cls.differentiable_outputs
    results = tuple([Tensor._make(o, True, ctx, i)
                     if (diff is None or i in diff) and o.dtype.kind in "fc"
                     else Tensor._make(o) for i, o in enumerate(out)])
    ctx._n_outputs = len(results)
    ctx._output_meta = tuple([_output_meta(o) for o in results])
    if cls.is_view:
        for o in results:
            _share_view(o, args[0], "multi_output")
    return results[0], results


_NO_EDGE = (None, 0)
# Small immutable tuples every recorded op makes, shared instead of kept once per node: the
# (shape, dtype) of inputs, needs_input_grad, the versions of saved tensors (mostly zeros).
# Fewer objects per node is less work for Python's cycle collector, which otherwise visits
# them all again and again. Bounded: cleared when large (programs use a handful of shapes).
_META, _NEEDS, _VERSIONS = {}, {}, {}
_META_PAIRS = {}          # (shape a, shape b, dtype a, dtype b) -> both inputs' metadata


def _trim_shared():
    for table in (_META, _NEEDS, _VERSIONS, _META_PAIRS):
        if len(table) > 1024:
            table.clear()
_ndarray, _np_generic, _asarray = np.ndarray, np.generic, np.asarray
_ERRSTATE = _backend.ERRSTATE
_IGNORE_ALL = _backend.IGNORE_ALL


# ---------------------------------------------------------------------------- binary fast path
# needs_input_grad of a binary op, indexed by needs_a + 2 * needs_b: without and with a
# trailing plain argument (add's and sub's alpha)
_PAIR_NEEDS = [(False, False), (True, False), (False, True), (True, True)]
_PAIR_NEEDS_ALPHA = [n + (False,) for n in _PAIR_NEEDS]
_UNCHANGED_PAIR = (0, 0)            # the versions of two saved tensors never written to


def record_binary(cls, a, b, out, save, alpha=None):
    """The result of ``cls.apply(a, b)`` (``cls.apply(a, b, alpha)`` when ``alpha`` is
    given), whose forward the caller has already computed: ``out``, from tensor ``a`` and
    ``b`` whose arrays share one floating dtype (so ``out`` has it too). ``b`` may also be
    the read-only 0-d array of a Python number (``x * 0.5``): saved, it stays that array
    (a wrapped-number tensor is made only when unpacked as a tensor: see ``_unpack``).

    The fast path of ``+ - * /`` (see ``ops/arithmetic.py``): the same node as
    :meth:`Op.apply` builds -- ``needs_input_grad``, edges, input metadata, ``a`` and ``b``
    saved with their versions when ``save``, ``ctx.alpha``, array mode -- without the
    general loops, promotion and forward call. Must stay equivalent to ``Op.apply``.
    """
    if type(out) is not _ndarray and isinstance(out, _np_generic):
        out = _asarray(out)                   # NumPy turns 0-d results into scalars
    Tensor = _Tensor or _tensor_cls()
    r = _new(Tensor)
    r._data = out
    r._output_nr = 0
    r._version_counter = _UNCHANGED
    ra = a._requires_grad
    number = not isinstance(b, Tensor)
    rb = False if number else b._requires_grad
    if not ((ra or rb) and (not _grad_mode._off or _mode.enabled)):
        r._requires_grad = False
        r._grad_fn = None
        return r
    ctx = _new(cls._backward_cls)
    if alpha is None:
        ctx.needs_input_grad = _PAIR_NEEDS[ra + 2 * rb]
    else:
        ctx.needs_input_grad = _PAIR_NEEDS_ALPHA[ra + 2 * rb]
        ctx._tensor_positions = 2            # (the tensors come first: see BackwardNode._run)
        ctx.alpha = alpha
    ctx._sequence_nr = seq = next(_sequence)
    if not seq & 0xFFF:
        _trim_shared()
    x = a._data
    fn = a._grad_fn
    edge_a = (fn, a._output_nr) if fn is not None else (_leaf_node(a), 0) if ra else _NO_EDGE
    if number:
        y = b                 # (saved as it is, a 0-d array: see BackwardNode._unpack)
        edge_b = _NO_EDGE
    else:
        y = b._data
        fn = b._grad_fn
        edge_b = (fn, b._output_nr) if fn is not None else (_leaf_node(b), 0) if rb else \
            _NO_EDGE
    ctx.next_functions = (edge_a, edge_b)
    dt = x.dtype                              # (out's too: no promotion on this path)
    key = (x.shape, y.shape, dt, y.dtype)
    metas = _META_PAIRS.get(key)
    if metas is None:
        metas = _META_PAIRS[key] = ((x.shape, dt), (y.shape, y.dtype))
    ctx._input_meta = metas
    if save:
        ctx._saved = (a, b)
        if a._version_counter is _UNCHANGED and (number or b._version_counter is _UNCHANGED):
            ctx._saved_versions = _UNCHANGED_PAIR
        else:
            versions = (a._version_counter[0], 0 if number else b._version_counter[0])
            ctx._saved_versions = _VERSIONS.setdefault(versions, versions)
    if cls.array_backward:
        ctx._array_dtype = dt
    r._requires_grad = True
    r._grad_fn = ctx
    return r


def _leaf_node(t):
    """The AccumulateGrad of a leaf that requires grad (None for a view made under no_grad)."""
    ref = t._acc_ref
    acc = ref() if ref is not None and ref is not NO_GRAD_VIEW else None
    return acc or AccumulateGrad.for_tensor(t)


def _share_view(r, base, creation_meta=None):
    """A view shares memory and the version counter with its base (the root of views).
    Made under no_grad from a tensor that requires grad, it still says requires_grad=True
    but carries no gradient (PyTorch's rule, marked with ``NO_GRAD_VIEW``).

    For in-place changes of views (ops/copy_slices.py): a view made with grad mode on is
    listed, weakly, on its root; one that may not be changed in place with autograd
    recording keeps why (``creation_meta``: an output of a multi-view op such as unbind,
    made under no_grad, or a view of such a view), as PyTorch's ``CreationMeta``."""
    root = base._base
    if root is None:
        root = base
    r._base = root
    r._version_counter = _version.shared(base)
    if not _grad_mode._off or _mode.enabled:
        meta = creation_meta or base._creation_meta
        if meta is not None:
            r._creation_meta = meta
        register_view(root, r)
    else:
        r._creation_meta = "no_grad"
        if base._requires_grad and r._grad_fn is None:
            r._requires_grad = True
            r._acc_ref = NO_GRAD_VIEW
            register_view(root, r)      # (its grad_fn will raise once root changes)


def once_differentiable(fn):
    """Decorate a Function's ``backward`` that cannot itself be differentiated: it runs with
    grad mode off, so ``create_graph=True`` records nothing through it."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with _grad_mode.no_grad():
            return fn(ctx, *args)
    return wrapper


class FunctionCtx(BackwardNode):
    """The type of ``ctx`` (for annotations)."""
