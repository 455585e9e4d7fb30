"""The unpickler behind ``load(..., weights_only=True)``: it reads a checkpoint's ``data.pkl``
opcode by opcode and refuses what PyTorch 2.13's weights-only unpickler refuses.

Why not ``pickle.Unpickler`` with a restricted ``find_class``? A pickle is a small program;
besides naming globals it can call what is on its stack (REDUCE, NEWOBJ, INST, OBJ), set an
object's attributes (BUILD) and write into any object (SETITEM, APPEND). Restricting names
alone leaves those open: a BUILD could set a tensor's ``_data`` or ``_hooks``. So, as torch
does, only a fixed set of opcodes is understood, and each risky one is checked:

- GLOBAL: the full name ``module.name`` must be on the allowlist (tensor rebuilders, dtypes,
  storage types, ``torch.Size``, ``torch.device``, ``OrderedDict``, ``set``, ``complex``...) or
  added by the user with :func:`add_safe_globals`. Names are matched as text: a dotted name
  (``torch.serialization.os.system``) is never looked up attribute by attribute. Modules
  ``os``, ``sys``, ``posix`` and ``nt`` are refused even if allowlisted.
- REDUCE / NEWOBJ: only allowlisted callables and classes are called.
- BUILD: on a Parameter only ``requires_grad`` may be set (hooks never); on an OrderedDict its
  ``__dict__`` (``_metadata``); on an allowlisted user class its state; anything else, a plain
  tensor included, is refused.
- SETITEM(S) only on dicts, APPEND(S) only on lists; every other opcode is "Unsupported".

Messages are torch's, word for word, so ``except`` clauses and search engines work alike.
"""
import collections
import pickle
import struct
from _compat_pickle import IMPORT_MAPPING, NAME_MAPPING
from pickle import UnpicklingError

# torch's texts (torch/serialization.py), shown by autograd_lab.load as they are
UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
    "file from a trusted source.")
DOCS_MESSAGE = (
    "\n\nCheck the documentation of torch.load to learn more about types accepted by default "
    "with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.")
_BLOCKED_MODULES = ("sys", "os", "posix", "nt")

# --------------------------------------------------------------------------- user allowlist
_user_globals = set()       # callables, or (callable, "full.path") pairs


def add_safe_globals(safe_globals):
    """Allow ``load(..., weights_only=True)`` to use these classes and functions.

    Each item is a class or function (named in the file as ``{__module__}.{__qualname__}``),
    or a pair ``(obj, "full.name")`` when the file spells the name differently. Only allow
    what you have read: an allowed class may be created and have its state set by any file.

    Parameters
    ----------
    safe_globals : list of callable or (callable, str)

    Examples
    --------
    >>> import autograd_lab as torch
    >>> import collections
    >>> torch.serialization.add_safe_globals([collections.namedtuple])
    >>> collections.namedtuple in torch.serialization.get_safe_globals()
    True
    >>> torch.serialization.clear_safe_globals()
    """
    global _user_globals
    _user_globals = _user_globals.union(set(safe_globals))


def get_safe_globals():
    """The list of globals added with :func:`add_safe_globals` (none by default).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.serialization.get_safe_globals()
    []
    """
    return list(_user_globals)


def clear_safe_globals():
    """Forget every global added with :func:`add_safe_globals`."""
    global _user_globals
    _user_globals = set()


def _remove_safe_globals(safe_globals):
    global _user_globals
    _user_globals = _user_globals - set(safe_globals)


class safe_globals:
    """Context manager: the given globals are allowed inside the ``with`` block only.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> import collections
    >>> with torch.serialization.safe_globals([collections.namedtuple]):
    ...     inside = torch.serialization.get_safe_globals()
    >>> inside == [collections.namedtuple], torch.serialization.get_safe_globals()
    (True, [])
    """

    def __init__(self, safe_globals):
        self.safe_globals = safe_globals

    def __enter__(self):
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc):
        _remove_safe_globals(self.safe_globals)


def user_allowed_globals():
    """``{full name: object}`` of the user's allowlist (validated as torch does)."""
    names = {}
    for item in _user_globals:
        if isinstance(item, tuple):
            if len(item) != 2:
                raise ValueError(f"Expected tuple of length 2 (global, str of callable full "
                                 f"path), but got tuple of length: {len(item)}")
            if type(item[1]) is not str:
                raise TypeError(f"Expected second item in tuple to be str of callable full "
                                f"path, but got: {type(item[1])}")
            names[item[1]] = item[0]
        else:
            names[f"{item.__module__}.{item.__qualname__}"] = item
    return names


def weights_only_message(message):
    """torch.load's text around an error of the weights-only unpickler."""
    if "was not an allowed global by default." in message:
        text = ("Weights only load failed. This file can still be loaded, to do so you have two "
                "options, \033[1mdo those steps only if you trust the source of the "
                "checkpoint\033[0m. "
                f"\n\t(1) {UNSAFE_MESSAGE}\n\t(2) Alternatively, to load with `weights_only=True` "
                "please check the recommended steps in the following error message.\n\t"
                "WeightsUnpickler error: " + message)
    else:
        text = f"Weights only load failed. {UNSAFE_MESSAGE}\n"
        if "is blocked" not in message:
            text += ("Please file an issue with the following so that we can make "
                     "`weights_only=True` compatible with your use case: WeightsUnpickler "
                     "error: ")
        text += "\n\n" + message
    return text + DOCS_MESSAGE


def _type_text(cls):
    """``<class 'torch.Tensor'>`` for autograd_lab's stand-ins of torch's classes (the type
    as torch would print it in the same message), ``<class '...'>`` for anything else."""
    torch_name = getattr(cls, "_torch_name", None) or _TORCH_NAMES.get(cls.__name__)
    if torch_name and cls.__module__.startswith("autograd_lab"):
        return f"<class '{torch_name}'>"
    return str(cls)


_TORCH_NAMES = {"Tensor": "torch.Tensor", "Parameter": "torch.nn.parameter.Parameter",
                "Size": "torch.Size", "device": "torch.device", "dtype": "torch.dtype"}


# --------------------------------------------------------------------------- the unpickler
class WeightsOnlyUnpickler:
    """Reads one pickle with the allowlist ``allowed`` (``{full name: object}``).

    Parameters
    ----------
    file : binary file
    allowed : dict
        The built-in allowlist (autograd_lab's rebuilders under torch's names).
    persistent_load : callable or None
        Turns a storage's persistent id into a storage.
    build : callable
        ``build(inst, state)`` for Parameters and tensors (serialization.py knows them).
    encoding : str
        How SHORT_BINSTRING bytes are decoded (``"bytes"`` keeps them).
    """

    def __init__(self, file, allowed, persistent_load, build, encoding="utf-8"):
        self.read, self.readline = file.read, file.readline
        self.allowed, self.persistent, self.build = allowed, persistent_load, build
        self.encoding = encoding
        self.memo = {}

    def load(self):
        self.metastack, self.stack = [], []
        handlers = _HANDLERS
        while True:
            key = self.read(1)
            if not key:
                raise EOFError
            handler = handlers.get(key[0])
            if handler is None:
                raise UnpicklingError(f"Unsupported operand {key[0]}")
            if handler is _stop:
                return self.stack.pop()
            handler(self)

    # -- helpers
    def pop_mark(self):
        items = self.stack
        self.stack = self.metastack.pop()
        return items

    def user(self):
        return user_allowed_globals()

    def is_allowed(self, obj):
        return _contains(self.allowed.values(), obj) or _contains(self.user().values(), obj)


def _contains(values, obj):
    # by identity: the allowlist holds functions, classes and dtype singletons, and ``==``
    # with a tensor from the file would compare elementwise
    return any(v is obj for v in values)


def _global(u):
    module = u.readline()[:-1].decode("utf-8")
    name = u.readline()[:-1].decode("utf-8")
    # protocol 2 (torch.save's) spells Python 3 names the Python 2 way: __builtin__.set
    if (module, name) in NAME_MAPPING:
        module, name = NAME_MAPPING[(module, name)]
    elif module in IMPORT_MAPPING:
        module = IMPORT_MAPPING[module]
    full = f"{module}.{name}"
    if module in _BLOCKED_MODULES:
        raise UnpicklingError(f"Trying to load unsupported GLOBAL {full} whose module {module} "
                              f"is blocked.")
    if full in u.allowed:
        u.stack.append(u.allowed[full])
        return
    user = u.user()
    if full in user:
        u.stack.append(user[full])
        return
    if full.startswith("builtins"):        # torch names builtins without their module
        rest = full[len("builtins"):]
        full = rest[1:] if rest.startswith(".") else "builtins" + rest
    raise UnpicklingError(
        f"Unsupported global: GLOBAL {full} was not an allowed global by default. Please use "
        f"`torch.serialization.add_safe_globals([{full}])` or the "
        f"`torch.serialization.safe_globals([{full}])` context manager to allowlist this "
        "global if you trust this class/function.")


def _newobj(u):
    args = u.stack.pop()
    cls = u.stack.pop()
    from .nn.parameter import Parameter
    if cls is Parameter:
        u.stack.append(Parameter(*args))
    elif u.is_allowed(cls):
        # autograd_lab's own classes are built by calling them (their __new__ alone would
        # leave a tensor without data); Python's by __new__, as pickle does
        own = isinstance(cls, type) and cls.__module__.startswith("autograd_lab")
        u.stack.append(cls(*args) if own else cls.__new__(cls, *args))
    else:
        raise UnpicklingError("Can only create new object for nn.Parameter or classes "
                              f"allowlisted via `add_safe_globals` but got {cls}")


def _reduce(u):
    args = u.stack.pop()
    func = u.stack[-1]
    if not u.is_allowed(func):
        message = f"Trying to call reduce for unrecognized function {func}"
        if hasattr(func, "__self__"):
            message += f" which belongs to {func.__self__}"
        raise UnpicklingError(message)
    u.stack[-1] = func(*args)


def _build(u):
    state = u.stack.pop()
    inst = u.stack[-1]
    if u.build(inst, state):               # a tensor or a Parameter: serialization.py's rules
        return
    if type(inst) is collections.OrderedDict:
        inst.__dict__.update(state)
    elif type(inst) in u.user().values() or _contains(u.allowed.values(), type(inst)):
        if hasattr(inst, "__setstate__"):
            inst.__setstate__(state)
        else:                              # as pickle's own BUILD does
            slots = None
            if isinstance(state, tuple) and len(state) == 2:
                state, slots = state
            if state:
                inst.__dict__.update(state)
            for k, v in (slots or {}).items():
                setattr(inst, k, v)
    else:
        raise UnpicklingError("Can only build Tensor, Parameter, OrderedDict or types "
                              f"allowlisted via `add_safe_globals`, but got "
                              f"{_type_text(type(inst))}")


def _append(u):
    item = u.stack.pop()
    target = u.stack[-1]
    if type(target) is not list:
        raise UnpicklingError(f"Can only append to lists, but got {_type_text(type(target))}")
    target.append(item)


def _appends(u):
    items = u.pop_mark()
    target = u.stack[-1]
    if type(target) is not list:
        raise UnpicklingError(f"Can only extend lists, but got {_type_text(type(target))}")
    target.extend(items)


def _check_dict(u, opcode):
    if type(u.stack[-1]) not in (dict, collections.OrderedDict, collections.Counter):
        raise UnpicklingError(f"Can only {opcode} for dict, collections.OrderedDict, "
                              f"collections.Counter, but got {_type_text(type(u.stack[-1]))}")


def _setitem(u):
    value, key = u.stack.pop(), u.stack.pop()
    _check_dict(u, "SETITEM")
    u.stack[-1][key] = value


def _setitems(u):
    items = u.pop_mark()
    _check_dict(u, "SETITEMS")
    for i in range(0, len(items), 2):
        u.stack[-1][items[i]] = items[i + 1]


def _mark(u):
    u.metastack.append(u.stack)
    u.stack = []


def _tuple(u):
    items = tuple(u.pop_mark())          # (before naming u.stack: pop_mark rebinds it)
    u.stack.append(items)


def _tuple_n(n):
    def handler(u):
        items = tuple([u.stack[i] for i in range(-n, 0)])    # (IndexError when too few)
        u.stack[-n:] = [items]
    return handler


def _const(value_fn):
    def handler(u):
        u.stack.append(value_fn())
    return handler


def _unpack(fmt, size):
    def handler(u):
        u.stack.append(struct.unpack(fmt, u.read(size))[0])
    return handler


def _binunicode(u):
    (n,) = struct.unpack("<I", u.read(4))
    u.stack.append(str(u.read(n), "utf-8", "surrogatepass"))


def _short_binstring(u):
    data = u.read(u.read(1)[0])
    u.stack.append(data if u.encoding == "bytes" else data.decode(u.encoding, "strict"))


def _binpersid(u):
    pid = u.stack.pop()
    if type(pid) is not tuple and type(pid) is not int:
        raise UnpicklingError(f"persistent_load id must be tuple or int, but got {type(pid)}")
    if type(pid) is tuple and pid and _ascii(pid[0]) != "storage":
        raise UnpicklingError(f"Only persistent_load of storage is allowed, but got "
                              f"{type(pid[0])}")
    if u.persistent is None:
        raise UnpicklingError("unsupported persistent id encountered")
    u.stack.append(u.persistent(pid))


def _ascii(value):
    return value.decode("ascii") if isinstance(value, bytes) else value


def _get(size):
    def handler(u):
        index = u.read(1)[0] if size == 1 else struct.unpack("<I", u.read(4))[0]
        u.stack.append(u.memo[index])
    return handler


def _put(size):
    def handler(u):
        index = u.read(1)[0] if size == 1 else struct.unpack("<I", u.read(4))[0]
        u.memo[index] = u.stack[-1]
    return handler


def _long1(u):
    n = u.read(1)[0]
    u.stack.append(pickle.decode_long(u.read(n)))


def _proto(u):
    u.proto = u.read(1)[0]
    if u.proto != 2:
        import warnings
        warnings.warn(f"Detected pickle protocol {u.proto} in the checkpoint, which was not the "
                      "default pickle protocol used by `torch.load` (2). The weights_only "
                      "Unpickler might not support all instructions implemented by this "
                      "protocol, please file an issue for adding support if you encounter this.",
                      stacklevel=4)


def _stop(u):
    pass                                   # (recognised by load itself)


# the opcodes torch's weights-only unpickler understands, and no other
_HANDLERS = {op[0]: fn for op, fn in [
    (pickle.GLOBAL, _global), (pickle.NEWOBJ, _newobj), (pickle.REDUCE, _reduce),
    (pickle.BUILD, _build), (pickle.APPEND, _append), (pickle.APPENDS, _appends),
    (pickle.SETITEM, _setitem), (pickle.SETITEMS, _setitems), (pickle.MARK, _mark),
    (pickle.TUPLE, _tuple), (pickle.TUPLE1, _tuple_n(1)), (pickle.TUPLE2, _tuple_n(2)),
    (pickle.TUPLE3, _tuple_n(3)), (pickle.NONE, _const(lambda: None)),
    (pickle.NEWFALSE, _const(lambda: False)), (pickle.NEWTRUE, _const(lambda: True)),
    (pickle.EMPTY_TUPLE, _const(tuple)), (pickle.EMPTY_LIST, _const(list)),
    (pickle.EMPTY_DICT, _const(dict)), (pickle.EMPTY_SET, _const(set)),
    (pickle.BININT, _unpack("<i", 4)), (pickle.BININT1, _unpack("<B", 1)),
    (pickle.BININT2, _unpack("<H", 2)), (pickle.BINFLOAT, _unpack(">d", 8)),
    (pickle.BINUNICODE, _binunicode), (pickle.SHORT_BINSTRING, _short_binstring),
    (pickle.BINPERSID, _binpersid), (pickle.BINGET, _get(1)), (pickle.LONG_BINGET, _get(4)),
    (pickle.BINPUT, _put(1)), (pickle.LONG_BINPUT, _put(4)), (pickle.LONG1, _long1),
    (pickle.PROTO, _proto), (pickle.STOP, _stop),
]}
