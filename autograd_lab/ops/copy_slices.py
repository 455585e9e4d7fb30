"""In-place changes of views: ``CopySlices`` and ``AsStridedBackward0``, as in PyTorch.

A view (``y[0]``, ``y[1:]``, ``y.t()``...) shares memory and a version counter with its
base, ``v._base``: the tensor at the root of the views. Changing the view in place changes
the base too, so when autograd records the change, it is the *base's* history that moves on::

    >>> import autograd_lab as torch
    >>> x = torch.tensor([1., 2., 3.], requires_grad=True)
    >>> y = x * 2
    >>> v = y[1:]
    >>> _ = v.mul_(10)
    >>> y.grad_fn.name(), y.grad_fn.next_functions[0][0].name()
    ('torch::autograd::CopySlices', 'MulBackward0')
    >>> v.grad_fn.name(), v.grad_fn.next_functions[0][0] is y.grad_fn
    ('AsStridedBackward0', True)
    >>> y.sum().backward(); x.grad
    tensor([ 2., 20., 20.])

``CopySlices`` wraps the node of the in-place op (here ``MulBackward0``, whose input 0 is the
old value of the view). Its backward takes the base's gradient, hands the view's region of it
to the wrapped node, and puts what comes back (the gradient of the old view values) into that
region; the wrapped node's other inputs get their gradients as usual. Its
``next_functions`` are the base's old history, then the wrapped node's other inputs.

Every view of that base now looks into a tensor with a new history, so each gets a new
``grad_fn``: an ``AsStridedBackward0`` that picks its elements out of the base (by size,
stride and storage offset, whatever chain of view ops made it). PyTorch builds it lazily, the
first time ``grad_fn`` is read after the version counter moved; here the live views are
updated at the write itself (each view made with grad mode on is listed weakly on its base),
which gives the same graph.

Views that may not take part (PyTorch's ``CreationMeta``) are refused with PyTorch's messages:
outputs of an op returning several views (``unbind``, ``split``, ``chunk``), views made
under ``no_grad`` and views returned by a custom ``Function``. When such a view is changed
*indirectly* (through its base or another view), reading its ``grad_fn`` raises instead.
"""
from .. import _backend, _grad_mode
from ..autograd.function import Op
from ..autograd.graph import Node, edge_of, short_name
from .._tensor import Tensor

MULTI_OUTPUT, NO_GRAD, CUSTOM_FUNCTION = "multi_output", "no_grad", "custom_function"

OVERLAP_MESSAGE = ("unsupported operation: more than one element of the written-to tensor "
                   "refers to a single memory location. Please clone() the tensor before "
                   "performing the operation.")


# ---------------------------------------------------------------------------- memory layout
# Positions are counted in elements from the lowest address an array spans (its "storage"),
# as PyTorch's size/stride/storage_offset are; the arrays of a root tensor and its views all
# lie in one such storage.

def _ptr(arr):
    iface = getattr(arr, "__array_interface__", None)      # NumPy; else a CuPy array
    return iface["data"][0] if iface is not None else int(arr.data.ptr)


def layout(arr):
    """``(shape, stride, offset, span)`` of ``arr``: strides in elements, the offset of its
    first element from its lowest address, and how many elements it spans."""
    item = arr.itemsize
    low = 0
    span = 1
    for n, s in zip(arr.shape, arr.strides):
        if n == 0:
            return tuple(arr.shape), tuple(s // item for s in arr.strides), 0, 0
        if s < 0:
            low += (n - 1) * s
        span += (n - 1) * abs(s) // item
    return tuple(arr.shape), tuple(s // item for s in arr.strides), -low // item, span


def geometry(view, root):
    """``(size, stride, storage_offset)`` of array ``view`` within the storage of ``root``."""
    item = root.itemsize
    shape, strides, first, _ = layout(root)
    offset = (_ptr(view) - _ptr(root)) // item + first
    return tuple(view.shape), tuple(s // item for s in view.strides), offset


def _storage(arr):
    """A 1-D array over the memory ``arr`` spans, from its lowest address."""
    shape, strides, _, span = layout(arr)
    xp = _backend.array_module(arr)
    if span == 0:
        return xp.empty(0, arr.dtype)
    lowest = arr[tuple(n - 1 if s < 0 else 0 for n, s in zip(shape, strides)) + (Ellipsis,)]
    return xp.lib.stride_tricks.as_strided(lowest, (span,), (arr.itemsize,))


def _strided(storage, offset, size, stride):
    """The array of ``size`` at ``stride`` from ``offset`` in a 1-D ``storage``."""
    xp = _backend.array_module(storage)
    item = storage.itemsize
    return xp.lib.stride_tricks.as_strided(storage[offset:], tuple(size),
                                           tuple(s * item for s in stride))


def _c_layout(lay):
    """Is ``lay`` plain C order (the usual layout of a root tensor)?"""
    shape, stride, first, span = lay
    expected = 1
    for n, s in zip(reversed(shape), reversed(stride)):
        if n != 1 and s != expected:
            return False
        expected *= n
    return first == 0 and span == expected


def _zeros_laid_out(lay, dtype, xp):
    """Zeros with the exact memory layout ``lay`` (what ``new_empty_strided`` gives torch)."""
    shape, stride, first, span = lay
    if span == 0 or _c_layout(lay):
        return xp.zeros(shape, dtype)
    return _strided(xp.zeros(span, dtype), first, shape, stride)


def _in_layout(t, lay):
    """A new tensor with ``t``'s values and the memory layout ``lay`` (recorded as a
    ``copy_``, so that a backward with ``create_graph=True`` can go through it)."""
    out = Tensor._make(_zeros_laid_out(lay, t._data.dtype, t._xp()))
    from .inplace import copy_
    return copy_(out, t)


def writable(t):
    """``t``'s array, for writing into: an expanded view (which NumPy makes read-only) is
    rebuilt from its root's memory, when that memory may be written."""
    d = t._data
    root = t._base
    if root is None or getattr(d.flags, "writeable", True) or \
            not root._data.flags.writeable:
        return d
    size, stride, offset = geometry(d, root._data)
    return _strided(_storage(root._data), offset, size, stride)


def internal_overlap(arr):
    """PyTorch's ``has_internal_overlap``: a dim of stride 0 holding several elements (an
    ``expand``-ed tensor). Writing into such a tensor is refused. (An empty array has no
    elements to share, though NumPy gives it zero strides.)"""
    return arr.size != 0 and any(s == 0 and n > 1 for n, s in zip(arr.shape, arr.strides))


PARTIAL_OVERLAP_MESSAGE = ("unsupported operation: some elements of the input tensor and the "
                           "written-to tensor refer to a single memory location. Please clone() "
                           "the tensor before performing the operation.")


def check_partial_overlap(t, inputs):
    """PyTorch's ``assert_no_partial_overlap``: an in-place op may not read an input that
    covers only part of what it writes, or the same memory in another order (``v.add_(v.t())``,
    ``y[1:].add_(y[:-1])``); the very same elements in the same order are fine
    (``y.add_(y)``). Checked, as in PyTorch, only between dense tensors; only a view can be
    caught here (two tensors that are not views share memory only whole)."""
    for a in inputs:
        if isinstance(a, Tensor) and a is not t and (a._base is not None or t._base is not None) \
                and _partial_overlap(t._data, a._data):
            raise RuntimeError(PARTIAL_OVERLAP_MESSAGE)


def _partial_overlap(out, inp):
    if out.size == 0 or inp.size == 0 or not (_dense(out) and _dense(inp)):
        return False
    ob, ib = _ptr(out), _ptr(inp)
    oe, ie = ob + out.size * out.itemsize, ib + inp.size * inp.itemsize
    if ob == ib and oe == ie:
        return out.strides != inp.strides
    return ob < ie and ib < oe


def _dense(arr):
    """PyTorch's ``is_non_overlapping_and_dense``: some order of the dims lays the elements
    out one after the other (dims of size 1 aside)."""
    expected = arr.itemsize
    for s, n in sorted((s, n) for n, s in zip(arr.shape, arr.strides) if n != 1):
        if s != expected:
            return False
        expected *= n
    return True


# ---------------------------------------------------------------------------- as_strided
class AsStrided(Op):
    """``input.as_strided(size, stride, storage_offset)``: the elements at those places of
    the input's memory, as a view. Its node is the ``grad_fn`` a view gets once its base has
    been changed in place."""
    node_name = "AsStridedBackward0"
    saved_attrs = ("size", "stride", "storage_offset")
    is_view = True

    @staticmethod
    def forward(ctx, a, size, stride, storage_offset):
        x = a._data
        ctx.size, ctx.stride, ctx.storage_offset = size, stride, storage_offset
        ctx.layout = layout(x)
        return _strided(_storage(x), storage_offset, size, stride)

    @staticmethod
    def backward(ctx, grad):
        return (AsStridedScatter.apply(grad, ctx.layout, ctx.size, ctx.stride,
                                       ctx.storage_offset), None, None, None)


class AsStridedScatter(Op):
    """AsStrided's gradient: ``grad`` put at the view's places in zeros laid out like the
    input (places a view holds more than once, as an ``expand`` does, add up; an input that
    holds one place several times shares that place's gradient out evenly, as in PyTorch)."""
    node_name = "AsStridedScatterBackward0"

    @staticmethod
    def forward(ctx, grad, lay, size, stride, storage_offset):
        ctx.layout, ctx.size, ctx.stride, ctx.storage_offset = lay, size, stride, storage_offset
        shape, base_stride, first, span = lay
        xp = grad._xp()
        storage = xp.zeros(span, grad._data.dtype)
        if _may_overlap(size, stride):
            from .gather_scatter import _add_at
            places = _strided(xp.arange(span), storage_offset, size, stride)
            _add_at(xp, storage, places, grad._data)
        else:
            _strided(storage, storage_offset, size, stride)[...] = grad._data
        if _may_overlap(shape, base_stride):
            from .gather_scatter import _add_at
            count = xp.zeros(span, grad._data.dtype)
            _add_at(xp, count, _strided(xp.arange(span), first, shape, base_stride), 1)
            storage = storage / xp.where(count == 0, 1, count)
        if span == 0:
            return xp.zeros(shape, grad._data.dtype)
        return storage.reshape(shape) if _c_layout(lay) else \
            _strided(storage, first, shape, base_stride)

    @staticmethod
    def backward(ctx, gg):
        gg = _in_layout(gg, ctx.layout)
        return AsStrided.apply(gg, ctx.size, ctx.stride, ctx.storage_offset), None, None, \
            None, None


def _may_overlap(size, stride):
    """Can two elements of a view of ``size`` at ``stride`` share a place (an ``expand``, or
    ``as_strided((3, 3), (1, 1))``)? No when, dims taken by growing stride, each stride
    steps over everything the smaller ones span."""
    spanned = 0
    for s, n in sorted((abs(s), n) for n, s in zip(size, stride) if n > 1):
        if s <= spanned:
            return True
        spanned += (n - 1) * s
    return False


# ---------------------------------------------------------------------------- CopySlices
class CopySlices(Node):
    """The base's node after one of its views was changed in place by the op whose node is
    ``fn`` (PyTorch's ``torch::autograd::CopySlices``)."""

    torch_name = "torch::autograd::CopySlices"
    _array_dtype = None       # (the engine runs it on tensors: see Op.array_backward)

    def __init__(self, base, view, fn):
        Node.__init__(self)
        self.fn = fn
        d = base._data
        self._layout = layout(d)
        self._geometry = geometry(view._data, d)
        # input 0 of fn is the old view: the base stands in for it; the others stay
        self.next_functions = (edge_of(base),) + tuple(fn.next_functions[1:])
        self._input_meta = ((d.shape, d.dtype),) + tuple(fn._input_meta[1:])

    # the wrapped node's saved tensors are this node's: freed after backward, checked when used
    @property
    def _saved(self):
        return self.fn._saved

    @property
    def _saved_out(self):
        return self.fn._saved_out

    def _free(self):
        self.fn._free()

    def _run(self, grads):
        # (PyTorch's CopySlices::apply.) Built from tensor ops, so that a backward with
        # create_graph=True records its own graph.
        result = _in_layout(grads[0], self._layout)
        grad_slice = AsStrided.apply(result, *self._geometry)
        res = self.fn._run([grad_slice.clone()])
        first = None
        if res[0] is not None:
            grad_slice.copy_(res[0])          # a view of result: result changes with it
            first = result
        return (first,) + tuple(res[1:])


class _InvalidView(Node):
    """What a view that may not be rebased (see the module docstring) points at once its
    base changed in place: reading its ``grad_fn``, or running backward through it, raises
    PyTorch's error."""

    _array_dtype = None
    torch_name = "Invalid"            # (what torch prints: ``tensor(..., grad_fn=<Invalid>)``)

    def __init__(self, message, old_fn, old_nr):
        Node.__init__(self)
        self._view_error = message
        self.old_fn, self.old_nr = old_fn, old_nr

    def _run(self, grads):
        raise RuntimeError(self._view_error)


def view_error(t, meta, indirect):
    """PyTorch's message (``handle_view_on_rebase``) for view ``t`` of kind ``meta``
    changed in place directly or, ``indirect``, through its base or another view."""
    fn, nr = t._grad_fn, t._output_nr
    if fn is not None and fn._view_error is not None:
        fn, nr = fn.old_fn, fn.old_nr
    modified = "its base or another view of its base has been" if indirect else "is being"
    if meta == NO_GRAD or fn is None:
        prefix = (f"Output {nr} of {short_name(fn)} is a view of a view which was created in"
                  if fn is not None else "A view was created in")
        msg = f"{prefix} no_grad mode and {modified} modified inplace with grad mode enabled."
    else:
        msg = f"Output {nr} of {short_name(fn)} is a view and {modified} modified inplace."
    if meta == MULTI_OUTPUT:
        msg += (" This view is the output of a function that returns multiple views. Such "
                "functions do not allow the output views to be modified inplace. You should "
                "replace the inplace operation by an out-of-place one.")
    elif meta == NO_GRAD:
        msg += (" Given that this use case is ambiguous and error-prone, it is forbidden. You "
                "can clarify your code by moving both the view and the inplace either both "
                "inside the no_grad block (if you don't want the inplace to be tracked) or both "
                "outside (if you want the inplace to be tracked).")
    else:
        msg += (" This view was created inside a custom Function (or because an input was "
                "returned as-is) and the autograd logic to handle view+inplace would override "
                "the custom backward associated with the custom Function, leading to incorrect "
                "gradients. This behavior is forbidden. You can fix this by cloning the output "
                "of the custom Function.")
    return msg


# ---------------------------------------------------------------------------- rebasing
def rebase_view(t, out):
    """After view ``t`` was overwritten with ``out`` (computed by the op from t's old
    values): the base's history moves onto a CopySlices wrapping out's node, and every live
    view of the base gets a fresh grad_fn."""
    fn = out._grad_fn
    if fn is None:                    # e.g. an integer result: nothing to record
        return
    root = t._base
    node = CopySlices(root, t, fn)
    old_fn, old_nr = root._grad_fn, root._output_nr
    root._grad_fn, root._output_nr, root._requires_grad = node, 0, True
    move_retains_grad(root, old_fn, old_nr, node, 0)
    refresh_views(root, t)


def check_dirty_view(t, n_outputs):
    """The refusals for view ``t`` changed in place by a custom Function (``mark_dirty``).
    (Its forward changed it under no_grad, which may have given it an error node already:
    the leaf check looks at the node it had.)"""
    fn = t._grad_fn
    if fn is not None and fn._view_error is not None:
        fn = fn.old_fn
    if fn is None and t._requires_grad:
        raise RuntimeError("a leaf Variable that requires grad has been used in an in-place "
                           "operation.")
    if t._creation_meta is not None:
        raise RuntimeError(view_error(t, t._creation_meta, indirect=False))
    root = t._base
    if t._requires_grad and root._grad_fn is None:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")
    if n_outputs != 1:
        raise RuntimeError("Functions which modify views in-place must return a single "
                           "Variable")


def rebase_dirty_view(t, node):
    """A custom Function changed view ``t`` in place: its node is wrapped as an op's is."""
    out = Tensor._make(t._data, True, node, 0)
    rebase_view(t, out)


def move_retains_grad(t, old_fn, old_nr, node, nr):
    """``t.retain_grad()`` keeps working on t's new node (PyTorch moves that hook, and only
    that one: other hooks stay with the old value's node)."""
    if t._retains_grad and old_fn is not None and old_fn._retains_grad_hooks:
        hook = old_fn._retains_grad_hooks.pop(old_nr, None)
        if hook is not None:
            node._set_retains_grad_hook(nr, hook)


def refresh_views(root, modified=None):
    """Give every live view of ``root`` (and ``modified``, a view just written) the grad_fn
    PyTorch would build on reading it now: an AsStridedBackward0 on root's history, or an
    error for the views that may not be rebased. Nothing when root needs no gradient."""
    views = root._views
    if not root._requires_grad:
        return
    # (the written view first: PyTorch builds its node at the write, the others' later, on
    # reading them; node order decides the order backward runs ready nodes in)
    if modified is not None:
        _regenerate(modified, root)
    live = []
    for ref in list(views) if views else ():
        v = ref()
        if v is not None and v._base is root:
            live.append(ref)
            if v is not modified:
                _regenerate(v, root)
    if views is not None:
        views[:] = live               # (dropping the dead ones, and the ones made above)


def _regenerate(v, root):
    meta = v._creation_meta
    if meta is not None:
        fn = v._grad_fn
        if fn is None or fn._view_error is None:
            v._grad_fn = _InvalidView(view_error(v, meta, True), fn, v._output_nr)
            v._output_nr = 0
            v._requires_grad = True
        return
    with _grad_mode.enable_grad():
        node = AsStrided.apply(root, *geometry(v._data, root._data))._grad_fn
    old_fn, old_nr = v._grad_fn, v._output_nr
    v._grad_fn, v._output_nr, v._requires_grad = node, 0, True
    move_retains_grad(v, old_fn, old_nr, node, 0)

