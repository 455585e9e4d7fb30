"""``save`` and ``load`` in PyTorch's checkpoint format, without PyTorch.

A ``.pt``/``.pth`` file written by ``torch.save`` (PyTorch >= 1.6) is a zip archive::

    resnet18/data.pkl        the object, pickled; each tensor refers to a storage by key
    resnet18/data/0, 1, ...  each storage's raw bytes (little-endian), 64-byte aligned
    resnet18/byteorder       "little"
    resnet18/version         "3"
    ...

Inside ``data.pkl`` a tensor is the call ``torch._utils._rebuild_tensor_v2(storage, offset,
size, stride, requires_grad, OrderedDict())`` and a storage is a "persistent id"
``("storage", torch.FloatStorage, "0", "cpu", numel)``. :func:`save` writes exactly this, so
``torch.load`` reads our files; :func:`load` reads PyTorch's files (and the older non-zip
format of PyTorch < 1.6, e.g. torchvision's original ``resnet18-5c106cde.pth``).

Loading never runs arbitrary code: the unpickler knows a short list of names
(``_rebuild_tensor_v2``, ``OrderedDict``, the storage types, dtypes...) and maps each to
autograd_lab's own function; any other name in the file is refused. A teacher can therefore
bring pretrained weights on a USB stick and load them safely.
"""
import collections
import hashlib
import io
import os
import pickle
import struct
import sys
import warnings
import zipfile

import numpy as np

from . import _backend, _dtype
from ._size import Size
from ._tensor import _AUTOGRAD_STATE, Tensor, _init

# --------------------------------------------------------------------------- names in files
# (storage class name in the pickle) <-> (numpy dtype of its elements)
_STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}
_STORAGE_NAMES = {np.dtype(v): k for k, v in _STORAGE_DTYPES.items()}
_BFLOAT16 = "BFloat16Storage"        # NumPy has no bfloat16: loaded (widened) as float32

_ALIGNMENT = 64                      # storages start at multiples of 64 bytes, as torch's
_MAGIC_NUMBER = 0x1950A86A20F9469CFC6C    # the pre-1.6 (non-zip) format
_LEGACY_PROTOCOL_VERSION = 1001

UNSAFE_HINT = (
    "autograd_lab.load only rebuilds tensors, parameters, dtypes, devices and the plain Python "
    "containers that hold them (dict, OrderedDict, list, tuple, numbers, strings). A whole "
    "model pickled with torch.save(model) cannot be loaded: in PyTorch, save "
    "model.state_dict() instead, then here build the model and call "
    "model.load_state_dict(autograd_lab.load(path)).")


class _Global:
    """A name written into the pickle as ``module.name`` (e.g. ``torch._utils._rebuild_tensor_v2``)
    even though no such Python object exists here: autograd_lab never imports torch."""

    __slots__ = ("module", "name")

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args):          # pickle insists that a REDUCE target is callable
        raise TypeError(f"{self.module}.{self.name} is a name for the file format only")

    def __repr__(self):
        return f"{self.module}.{self.name}"


_REBUILD_TENSOR = _Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAMETER = _Global("torch._utils", "_rebuild_parameter")
_ORDERED_DICT = _Global("collections", "OrderedDict")
_TORCH_SIZE = _Global("torch", "Size")
_TORCH_DEVICE = _Global("torch", "device")
_STORAGE_GLOBALS = {name: _Global("torch", name) for name in _STORAGE_DTYPES}
_DTYPE_GLOBALS = {d.name: _Global("torch", d.name) for d in _dtype.ALL}


# =========================================================================== saving
def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """Save ``obj`` (usually a ``state_dict``) to ``f`` in PyTorch's zip format.

    ``torch.load`` reads the file, and so does :func:`load`.

    Parameters
    ----------
    obj : object
        Tensors, parameters and plain containers (dict, OrderedDict, list, tuple, numbers,
        strings). Tensors that share memory are saved once and share it again when loaded.
    f : str, os.PathLike or binary file object

    Examples
    --------
    >>> import autograd_lab as torch
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "w.pt")
    >>> torch.save({"w": torch.tensor([1.0, 2.0])}, path)
    >>> torch.load(path)
    {'w': tensor([1., 2.])}
    """
    if pickle_module is not None and pickle_module is not pickle:
        raise ValueError("autograd_lab.save writes its pickle itself; pickle_module must be "
                         "left as None")
    if pickle_protocol != 2:
        raise ValueError("autograd_lab.save writes pickle protocol 2, as torch.save does")
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("autograd_lab.save writes only the zip format (PyTorch >= "
                                  "1.6); load() reads both")
    buffer = io.BytesIO()
    pickler = _TorchPickler(buffer)
    pickler.dump(obj)
    data_pkl = buffer.getvalue()
    if isinstance(f, (str, os.PathLike)):
        archive = os.path.splitext(os.path.basename(os.fspath(f)))[0] or "archive"
        with open(f, "wb") as fh:
            _write_zip(fh, archive, data_pkl, pickler.storages)
    else:
        _write_zip(f, "archive", data_pkl, pickler.storages)


class _TorchPickler(pickle._Pickler):
    """Pickles tensors the way ``torch.save`` does.

    The pure-Python pickler is used because it lets :class:`_Global` names be written as
    ``GLOBAL`` opcodes; only the small object tree goes through it, the tensor bytes do not.
    """

    dispatch = dict(pickle._Pickler.dispatch)

    def __init__(self, file):
        super().__init__(file, protocol=2)
        self.storages = {}          # key -> host array of the storage's bytes
        self._keys = {}             # id(root array) -> (key, root) (root kept alive)

    def _write_global(self, g):
        self.write(pickle.GLOBAL + g.module.encode() + b"\n" + g.name.encode() + b"\n")
        self.memoize(g)

    dispatch[_Global] = _write_global

    def _save_dtype(self, d):
        self._write_global(_DTYPE_GLOBALS[d.name])

    dispatch[_dtype.dtype] = _save_dtype

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            return self._reduce_tensor(obj)
        if isinstance(obj, Size):
            return _TORCH_SIZE, (tuple(obj),)
        if isinstance(obj, _backend.device):
            return _TORCH_DEVICE, ((obj.type,) if obj.index is None else (obj.type, obj.index))
        return NotImplemented

    def persistent_id(self, obj):
        if isinstance(obj, _StorageRef):
            return ("storage", _STORAGE_GLOBALS[obj.type_name], obj.key, obj.location,
                    obj.numel)
        return None

    def _reduce_tensor(self, t):
        from .nn.parameter import Parameter
        hooks = collections.OrderedDict()
        if isinstance(t, Parameter):
            plain = Tensor._make(t._data)
            return _REBUILD_PARAMETER, (plain, t._requires_grad, hooks)
        storage, offset, stride = self._storage_of(t._data)
        return _REBUILD_TENSOR, (storage, offset, tuple(t._data.shape), stride,
                                 t._requires_grad, hooks)

    def _storage_of(self, arr):
        """The storage ``arr`` lives in, and its offset and strides in elements.

        Tensors that view one NumPy array (``w`` and ``w[0]``) share one storage, as in torch.
        """
        root, offset, stride = _root_view(arr)
        if root is None:               # an unusual layout (negative strides...): copy it
            root = _backend.array_module(arr).ascontiguousarray(arr).reshape(-1)
            offset = 0
            stride = _contiguous_strides(arr.shape)
        entry = self._keys.get(id(root))
        if entry is None:
            if root.dtype not in _STORAGE_NAMES:
                raise TypeError(f"autograd_lab.save cannot store arrays of dtype {root.dtype}")
            key = str(len(self._keys))
            self._keys[id(root)] = entry = (key, root)
            self.storages[key] = _backend.to_numpy(root).reshape(-1)
        key = entry[0]
        dev = _backend.device_of(root)
        location = "cpu" if dev.type == "cpu" else f"cuda:{dev.index or 0}"
        return (_StorageRef(_STORAGE_NAMES[root.dtype], key, location, int(root.size)),
                offset, stride)


class _StorageRef:
    __slots__ = ("type_name", "key", "location", "numel")

    def __init__(self, type_name, key, location, numel):
        self.type_name, self.key, self.location, self.numel = type_name, key, location, numel


def _data_ptr(arr):
    iface = getattr(arr, "__array_interface__", None)
    return iface["data"][0] if iface else int(arr.data.ptr)


def _root_view(arr):
    """``(root, offset, strides)`` if ``arr`` is a plain strided view of a contiguous array
    ``root`` of the same dtype; ``(None, 0, ())`` otherwise."""
    xp = _backend.array_module(arr)
    root = arr
    while isinstance(root.base, xp.ndarray):
        root = root.base
    item = arr.itemsize
    if root.dtype != arr.dtype or not root.flags.c_contiguous:
        return None, 0, ()
    offset_bytes = _data_ptr(arr) - _data_ptr(root)
    if offset_bytes % item or any(s < 0 or s % item for s in arr.strides):
        return None, 0, ()
    return root, offset_bytes // item, tuple(s // item for s in arr.strides)


def _contiguous_strides(shape):
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def _write_zip(fh, archive, data_pkl, storages):
    """Write the records in torch's order, each record's data 64-byte aligned."""
    records = [("data.pkl", data_pkl), (".format_version", b"1"),
               (".storage_alignment", str(_ALIGNMENT).encode()),
               ("byteorder", sys.byteorder.encode())]
    records += [(f"data/{key}", arr) for key, arr in storages.items()]
    serial = int.from_bytes(hashlib.sha1(data_pkl).digest()[:16], "little")
    records += [("version", b"3\n"), (".data/serialization_id", f"{serial:040d}"[-40:].encode())]
    with zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as zf:
        for name, payload in records:
            _write_record(zf, f"{archive}/{name}", payload)


def _write_record(zf, name, payload):
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    data = memoryview(payload).cast("B") if isinstance(payload, np.ndarray) else payload
    info.file_size = len(data)
    # torch pads the local header with an extra field ("FB", length, "Z"*length) so the data
    # starts on a 64-byte boundary (mmap-friendly); zipfile writes the same extra field.
    header = 30 + len(name.encode())
    start = zf.fp.tell() + header + 4
    pad = (-start) % _ALIGNMENT
    info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
    with zf.open(info, "w") as dest:
        dest.write(data)


def reduce_tensor(t):
    """``Tensor.__reduce_ex__``: plain ``pickle``/``copy`` of a tensor (not the file format).

    The data travels as a NumPy array; the class (Tensor or Parameter), ``requires_grad`` and
    device are restored.
    """
    # (autograd's own state stays behind, as in torch: views, weak references to nodes)
    state = {k: v for k, v in getattr(t, "__dict__", {}).items()
             if k not in _AUTOGRAD_STATE} or None
    args = (type(t), _backend.to_numpy(t._data), t._requires_grad, str(t.device))
    return (_rebuild_pickled, args) if state is None else (_rebuild_pickled, args, state)


def _rebuild_pickled(cls, array, requires_grad, device):
    data = _backend.to_device(array, _backend.device(device))
    t = Tensor._make(data) if cls is Tensor else Tensor.__new__(cls)
    if cls is not Tensor:
        _init(t, data)
    t._requires_grad = requires_grad
    return t


# =========================================================================== loading
def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None,
         **pickle_load_args):
    """Load an object saved by ``torch.save`` or :func:`save`.

    Parameters
    ----------
    f : str, os.PathLike or binary file object
    map_location : None, str, device, dict or callable
        Where tensors go: ``None`` keeps the device they were saved from; ``"cpu"`` (or
        ``"cuda"``) moves them; a dict maps saved locations (``{"cuda:0": "cpu"}``); a
        callable ``fn(storage, location)`` may return a tensor to use instead.
    weights_only : bool, default True
        The file is never allowed to run code. With ``False``, classes defined in
        autograd_lab itself (e.g. a module saved with ``save(model)``) may also be rebuilt.

    Examples
    --------
    Weights for a model, e.g. pretrained ones brought on a USB stick (there, the model is
    ``torch.models.resnet18()`` and the file ``resnet18.pth``):

    >>> import autograd_lab as torch
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "linear.pth")
    >>> torch.save(torch.nn.Linear(2, 1).state_dict(), path)
    >>> model = torch.nn.Linear(2, 1)
    >>> model.load_state_dict(torch.load(path))
    <All keys matched successfully>
    """
    if pickle_module is not None and pickle_module is not pickle:
        raise ValueError("autograd_lab.load reads the pickle itself; pickle_module must be "
                         "left as None")
    if mmap:
        raise NotImplementedError("autograd_lab.load does not memory-map files (mmap=True)")
    encoding = pickle_load_args.pop("encoding", "utf-8")
    if pickle_load_args:
        raise TypeError(f"unexpected arguments: {', '.join(pickle_load_args)}")
    restore = _location_fn(map_location)
    opened = isinstance(f, (str, os.PathLike))
    fh = open(f, "rb") if opened else f
    try:
        start = fh.tell()
        head = fh.read(4)
        fh.seek(start)
        if head == b"PK\x03\x04":
            with zipfile.ZipFile(fh) as zf:
                return _load_zip(zf, restore, weights_only, encoding)
        return _load_legacy(fh, restore, weights_only, encoding)
    finally:
        if opened:
            fh.close()


def _load_zip(zf, restore, weights_only, encoding):
    names = zf.namelist()
    pkl = next((n for n in names if n.endswith("data.pkl") and n.count("/") == 1), None)
    if pkl is None:
        raise RuntimeError("this zip file is not a PyTorch checkpoint: it has no data.pkl "
                           "(a TorchScript archive made by torch.jit.save cannot be loaded)")
    prefix = pkl[:-len("data.pkl")]
    byteorder = "little"
    if prefix + "byteorder" in names:
        byteorder = zf.read(prefix + "byteorder").decode()
    storages = {}

    def load_storage(dtype, widen, key, numel, location):
        if key not in storages:
            arr = np.empty(numel, dtype=dtype)
            nbytes = arr.nbytes
            with zf.open(f"{prefix}data/{key}") as rec:
                got = rec.readinto(memoryview(arr).cast("B")) if nbytes else 0
            if got != nbytes:
                raise RuntimeError(f"storage {key} is truncated: expected {nbytes} bytes, "
                                   f"found {got}")
            if byteorder != sys.byteorder:
                arr.byteswap(inplace=True)
            if widen:          # bfloat16 is the top half of a float32
                arr = (arr.astype(np.uint32) << 16).view(np.float32)
            storages[key] = _Storage(arr, location)
        return storages[key]

    unpickler = _SafeUnpickler(io.BytesIO(zf.read(pkl)), weights_only, encoding, restore,
                               lambda saved: _zip_storage(saved, load_storage))
    return unpickler.load()


def _zip_storage(saved_id, load_storage):
    typename, storage_type, key, location, numel = saved_id[:5]
    if _ascii(typename) != "storage":
        raise pickle.UnpicklingError(f"unknown persistent id {typename!r}")
    dtype, widen = _storage_dtype(storage_type)
    return load_storage(dtype, widen, key, numel, _ascii(location))


def _load_legacy(fh, restore, weights_only, encoding):
    """PyTorch < 1.6 (``_use_new_zipfile_serialization=False``): four pickles then the raw
    storages, each preceded by its element count."""
    def small_pickle():
        return _SafeUnpickler(fh, True, encoding, restore, None).load()

    try:
        magic = small_pickle()
    except Exception as exc:
        raise RuntimeError("not a PyTorch checkpoint (neither a zip archive nor the legacy "
                           "pickle format)") from exc
    if magic != _MAGIC_NUMBER:
        raise RuntimeError("Invalid magic number; corrupt file?")
    version = small_pickle()
    if version != _LEGACY_PROTOCOL_VERSION:
        raise RuntimeError(f"Invalid protocol version: {version}")
    sys_info = small_pickle()
    little = sys_info.get("little_endian", True) if isinstance(sys_info, dict) else True
    storages = {}                 # key -> array, allocated now, filled after the pickle

    def persistent_load(saved_id):
        typename = _ascii(saved_id[0])
        if typename == "module":
            raise pickle.UnpicklingError("this file holds a whole model pickled by torch. "
                                         + UNSAFE_HINT)
        if typename != "storage":
            raise pickle.UnpicklingError(f"unknown persistent id {typename!r}")
        storage_type, key, location, numel, view = saved_id[1:6]
        dtype, widen = _storage_dtype(storage_type)
        if widen:
            raise RuntimeError("bfloat16 storages in the legacy format are not supported")
        if key not in storages:
            storages[key] = np.empty(numel, dtype=dtype)
        arr = storages[key]
        if view is not None:
            _, offset, size = view
            arr = arr[offset:offset + size]
        return _Storage(arr, _ascii(location))

    result = _SafeUnpickler(fh, weights_only, encoding, restore, persistent_load).load()
    keys = small_pickle()
    for key in keys:
        arr = storages[key]
        (count,) = struct.unpack("<q", fh.read(8))
        if count != arr.size:
            raise RuntimeError(f"storage {key} has {count} elements in the file, expected "
                               f"{arr.size}")
        got = fh.readinto(memoryview(arr).cast("B")) if arr.nbytes else 0
        if got != arr.nbytes:
            raise RuntimeError(f"storage {key} is truncated")
        if little != (sys.byteorder == "little"):
            arr.byteswap(inplace=True)
    return result


def _ascii(value):
    return value.decode("ascii") if isinstance(value, bytes) else value


def _storage_dtype(storage_type):
    name = storage_type.name if isinstance(storage_type, _Global) else str(storage_type)
    if name == _BFLOAT16:
        warnings.warn("autograd_lab has no bfloat16: a bfloat16 tensor was loaded as float32",
                      stacklevel=4)
        return np.dtype(np.uint16), True
    if name not in _STORAGE_DTYPES:
        raise pickle.UnpicklingError(f"autograd_lab cannot load storages of type torch.{name}")
    return np.dtype(_STORAGE_DTYPES[name]), False


class _Storage:
    """A loaded storage: its elements (a 1-D host array) and the location saved with it."""

    __slots__ = ("array", "location")

    def __init__(self, array, location):
        self.array, self.location = array, location


# --------------------------------------------------------------------------- map_location
def _location_fn(map_location):
    """A function ``(array, saved location) -> array on the device the tensor should use``."""
    def to(arr, location):
        dev = _backend.device(location)
        if dev.type == "cuda" and not _backend.cuda_is_available():
            raise RuntimeError(
                "Attempting to deserialize object on a CUDA device but "
                "autograd_lab.cuda.is_available() is False. If you are running on a CPU-only "
                "machine, please use autograd_lab.load with map_location=torch.device('cpu') "
                "to map your storages to the CPU.")
        return _backend.to_device(arr, dev)

    if map_location is None:
        return to
    if isinstance(map_location, dict):
        return lambda arr, location: to(arr, str(map_location.get(location, location)))
    if isinstance(map_location, (str, _backend.device)):
        target = str(map_location)
        return lambda arr, location: to(arr, target)
    if callable(map_location):
        def call(arr, location):
            result = map_location(Tensor._make(arr), location)
            if result is None:
                return to(arr, location)
            return result._data if isinstance(result, Tensor) else to(arr, str(result))
        return call
    raise ValueError(f"map_location should be None, a string, a device, a dict or a callable, "
                     f"not {type(map_location).__name__}")


# --------------------------------------------------------------------------- rebuilding
def _tensor_from_storage(storage, offset, size, stride, restore):
    """A tensor viewing ``storage`` (checked: a file must not make us read outside it)."""
    arr = storage.array
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride) or offset < 0 or any(s < 0 for s in size + stride):
        raise pickle.UnpicklingError("corrupt tensor: bad size, stride or offset")
    if 0 in size:
        view = np.empty(size, dtype=arr.dtype)
    else:
        last = offset + sum((n - 1) * s for n, s in zip(size, stride))
        if last >= arr.size:
            raise pickle.UnpicklingError(f"corrupt tensor: it reaches element {last} of a "
                                         f"storage of {arr.size}")
        view = np.lib.stride_tricks.as_strided(arr[offset:], size,
                                               tuple(s * arr.itemsize for s in stride))
    return restore(view, storage.location)


_PY2_MODULES = {"__builtin__": "builtins", "copy_reg": "copyreg"}


class _SafeUnpickler(pickle._Unpickler):
    """An unpickler that knows a fixed list of names and nothing else.

    ``find_class`` returns autograd_lab's own rebuilders for PyTorch's names; ``BUILD``
    (setting an object's attributes) is allowed only on OrderedDicts (``_metadata``) and
    tensors. The pure-Python unpickler is used so that ``BUILD`` can be restricted; it only
    sees the small object tree, never the tensor bytes.
    """

    dispatch = dict(pickle._Unpickler.dispatch)

    def __init__(self, file, weights_only, encoding, restore, persistent_load):
        super().__init__(file, encoding=encoding)
        self._weights_only = weights_only is not False
        self._persistent = persistent_load
        self._globals = _allowed_globals(restore)

    def persistent_load(self, pid):
        if self._persistent is None:
            raise pickle.UnpicklingError("unexpected persistent id in the file header")
        return self._persistent(pid)

    def find_class(self, module, name):
        module = _PY2_MODULES.get(module, module)    # protocol 2 spells builtins __builtin__
        key = f"{module}.{name}"
        found = self._globals.get(key)
        if found is not None:
            return found
        # storage types are only markers; "torch.cuda.FloatStorage" comes from old GPU files
        if module in ("torch", "torch.cuda") and (name in _STORAGE_DTYPES or name == _BFLOAT16):
            return _Global("torch", name)
        if not self._weights_only and (module == "autograd_lab" or
                                       module.startswith("autograd_lab.")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"autograd_lab.load refused the global '{key}' in this "
                                     f"file. " + UNSAFE_HINT)

    def load_build(self):
        state = self.stack.pop()
        inst = self.stack[-1]
        allowed = isinstance(inst, (collections.OrderedDict, Tensor)) or (
            not self._weights_only and type(inst).__module__.startswith("autograd_lab"))
        if not allowed or not isinstance(state, dict):
            raise pickle.UnpicklingError(f"autograd_lab.load refused to set attributes of a "
                                         f"{type(inst).__name__}. " + UNSAFE_HINT)
        if hasattr(inst, "__setstate__") and not isinstance(inst, (collections.OrderedDict,
                                                                   Tensor)):
            inst.__setstate__(state)
        else:
            for k, v in state.items():
                setattr(inst, k, v)

    dispatch[pickle.BUILD[0]] = load_build


def _allowed_globals(restore):
    from .nn.parameter import Parameter

    def rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False,
                          backward_hooks=None, metadata=None):
        data = _tensor_from_storage(storage, storage_offset, size, stride, restore)
        t = Tensor._make(data)
        if requires_grad:
            t.requires_grad_(True)
        return t

    def rebuild_tensor(storage, storage_offset, size, stride):
        return rebuild_tensor_v2(storage, storage_offset, size, stride)

    def rebuild_parameter(data, requires_grad, backward_hooks=None, state=None):
        p = Parameter(data, requires_grad)
        for k, v in (state or {}).items():
            setattr(p, k, v)
        return p

    def encode(text, encoding="latin1"):
        # protocol-2 pickles spell bytes as _codecs.encode(str, "latin1")
        if encoding not in ("latin1", "latin-1"):
            raise pickle.UnpicklingError(f"unexpected encoding {encoding!r}")
        return text.encode("latin1")

    names = {
        "collections.OrderedDict": collections.OrderedDict,
        "torch._utils._rebuild_tensor_v2": rebuild_tensor_v2,
        "torch._utils._rebuild_tensor": rebuild_tensor,
        "torch._utils._rebuild_parameter": rebuild_parameter,
        "torch._utils._rebuild_parameter_with_state": rebuild_parameter,
        "torch.Size": Size,
        "torch.device": _backend.device,
        "_codecs.encode": encode,
        "builtins.set": set,
        "builtins.frozenset": frozenset,
        "builtins.complex": complex,
        "builtins.slice": slice,
    }
    names.update({f"torch.{d.name}": d for d in _dtype.ALL})
    return names
