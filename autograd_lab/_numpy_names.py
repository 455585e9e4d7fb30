"""NumPy's argument names where PyTorch accepts them: ``axis=`` for ``dim``, ``keepdims=`` for
``keepdim``.

PyTorch's argument parser (the one in front of every C++-implemented function and method)
takes ``x.sum(axis=1, keepdims=True)`` as ``x.sum(dim=1, keepdim=True)``; the functions
PyTorch writes in Python (``Tensor.norm``, ``Tensor.split``, ``F.softmax``...) do not, and
raise ``TypeError``. :func:`numpy_names` marks the first kind here, so both behave as in torch.

It also names the function in Python's own errors as torch's parser does (``argmax() got an
unexpected keyword argument 'foo'``, not ``ReductionMethods.argmax() ...``).

Examples
--------
>>> import autograd_lab as torch
>>> torch.arange(12.).reshape(3, 4).argmax(axis=1)
tensor([3, 3, 3])
"""
import functools
import inspect

# PyTorch's names for NumPy's (torch/csrc/utils/python_arg_parser.cpp)
ALIASES = {"axis": "dim", "keepdims": "keepdim"}

# The methods of torch.Tensor written in Python (torch/_tensor.py), which errors call
# ``Tensor.<name>()``; torch's argument parser calls the others ``<name>()``.
# (tests/test_numpy_names.py checks this list against torch.)
TORCH_PYTHON_METHODS = frozenset((
    "backward", "norm", "register_hook", "register_post_accumulate_grad_hook", "split",
    "unflatten", "unique", "unique_consecutive"))


def numpy_names(f):
    """Let ``f`` take ``axis=`` / ``keepdims=`` for its ``dim`` / ``keepdim`` parameters.

    A call without one of these keywords pays one dictionary test: the renaming happens only
    when an alias is present. Giving both names (``dim=1, axis=1``) is refused as torch
    refuses it.
    """
    params = inspect.signature(f).parameters
    renames = {alias: name for alias, name in ALIASES.items() if name in params}
    name = f.__name__
    f.__qualname__ = name          # Python's errors then say "sum()", as torch's parser does

    def renamed(kwargs):
        out = {}
        for key, value in kwargs.items():
            real = renames.get(key)
            if real is not None:
                if real in kwargs:
                    raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")
                key = real
            out[key] = value
        return out

    @functools.wraps(f)
    def call(*args, **kwargs):
        if kwargs and ("axis" in kwargs or "keepdims" in kwargs):
            kwargs = renamed(kwargs)
        return f(*args, **kwargs)

    return call


def name_methods_as_torch(cls, python_methods):
    """Name ``cls``'s methods in Python's errors as torch names its own: ``Tensor.norm()`` for
    those torch writes in Python (``python_methods``), plain ``norm()`` for the others (the
    argument parser's way)."""
    for klass in cls.__mro__:
        if klass is object:
            continue
        for attr, value in vars(klass).items():
            f = inspect.unwrap(value) if callable(value) else None
            qualname = getattr(f, "__qualname__", "")
            if attr.startswith("_") or "." not in qualname or not hasattr(f, "__code__"):
                continue
            f.__qualname__ = f"Tensor.{attr}" if attr in python_methods else attr
