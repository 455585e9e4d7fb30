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

What ``load`` trusts (see the README's "Security" section):

- ``weights_only=True`` (the default, as in torch >= 2.6): the pickle is read by
  :mod:`autograd_lab._weights_only_unpickler`, which understands only the opcodes and names a
  checkpoint of weights needs (tensor rebuilders, dtypes, storages, ``torch.Size``,
  ``OrderedDict``...) and refuses the rest with torch's messages. A file cannot name any other
  function or class, set a tensor's internals or register hooks. Classes of your own can be
  allowed with :func:`add_safe_globals` / :func:`safe_globals`. Sizes are checked against the
  archive before memory is allocated, and views against their storage.
- ``weights_only=False``: Python's own unpickler. The file may import and call anything:
  loading it runs its code, as ``torch.load(..., weights_only=False)`` does. Use it only for
  files you made or trust (e.g. a whole module saved with ``save(model)``).
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
from ._weights_only_unpickler import (WeightsOnlyUnpickler, add_safe_globals,  # noqa: F401
                                      clear_safe_globals, get_safe_globals, safe_globals,
                                      weights_only_message)

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
_MINIZ_NOTE = (" This is an internal miniz error. If you are seeing this error, there is a high "
               "likelihood that your checkpoint file is corrupted. This can happen if the "
               "checkpoint was not saved properly, was transferred incorrectly, or the file was "
               "modified after saving.")


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
        ``True``: only tensors, parameters, dtypes, devices, sizes and plain containers
        (dict, OrderedDict, list, tuple, set, numbers, strings, bytes) are rebuilt, plus the
        classes allowed with :func:`add_safe_globals`; anything else is refused with torch's
        ``UnpicklingError``, before it can run. ``False``: the file is unpickled by Python's
        ``pickle`` and **its code runs** (any function it names is called), exactly as with
        ``torch.load(..., weights_only=False)``; use it only for files you trust, e.g. a whole
        model you saved yourself with ``save(model)``.

    Raises
    ------
    pickle.UnpicklingError
        The file asks for something ``weights_only=True`` does not allow.
    RuntimeError
        A corrupt archive, a storage whose size does not match its record, a tensor reaching
        outside its storage (torch's messages).

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
    weights_only = weights_only is not False
    restore = _location_fn(map_location)
    opened = isinstance(f, (str, os.PathLike))
    fh = open(f, "rb") if opened else f
    try:
        start = fh.tell()
        head = fh.read(4)
        fh.seek(start)
        try:
            if head == b"PK\x03\x04":
                with _open_zip(fh) as zf:
                    return _load_zip(zf, restore, weights_only, encoding)
            return _load_legacy(fh, restore, weights_only, encoding)
        except pickle.UnpicklingError as exc:
            if not weights_only:
                raise
            raise pickle.UnpicklingError(weights_only_message(str(exc))) from None
    finally:
        if opened:
            fh.close()


def _open_zip(fh):
    try:
        return zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, EOFError, OSError):
        # torch's reader (miniz) says the same of a truncated or damaged archive
        raise RuntimeError("PytorchStreamReader failed reading zip archive: failed finding "
                           "central directory." + _MINIZ_NOTE) from None


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
            name = f"{prefix}data/{key}"
            try:
                info = zf.getinfo(name)
            except KeyError:
                raise RuntimeError(f"PytorchStreamReader failed locating file data/{key}: "
                                   f"file not found." + _MINIZ_NOTE) from None
            # the size the pickle declares, checked against the record before allocating it
            nbytes = int(numel) * dtype.itemsize
            if info.file_size != nbytes:
                raise RuntimeError(f"record size ({info.file_size} bytes) does not match "
                                   f"expected size ({nbytes} bytes = {nbytes} elements * 1 "
                                   f"bytes/element) for dtype Byte")
            arr = np.empty(int(numel), dtype=dtype)
            with zf.open(name) as rec:
                got = rec.readinto(memoryview(arr).cast("B")) if nbytes else 0
            if got != nbytes:
                raise RuntimeError(f"PytorchStreamReader failed reading file data/{key}: file "
                                   f"read failed." + _MINIZ_NOTE)
            if byteorder != sys.byteorder:
                arr.byteswap(inplace=True)
            if widen:          # bfloat16 is the top half of a float32
                arr = (arr.astype(np.uint32) << 16).view(np.float32)
            storages[key] = _Storage(arr, location)
        return storages[key]

    data = io.BytesIO(zf.read(pkl))
    return _unpickler(data, weights_only, encoding, restore,
                      lambda saved: _zip_storage(saved, load_storage)).load()


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
        return _unpickler(fh, weights_only, encoding, restore, None).load()

    magic = small_pickle()
    if magic != _MAGIC_NUMBER:
        raise RuntimeError("Invalid magic number; corrupt file?")
    version = small_pickle()
    if version != _LEGACY_PROTOCOL_VERSION:
        raise RuntimeError(f"Invalid protocol version: {version}")
    sys_info = small_pickle()
    little = sys_info.get("little_endian", True) if isinstance(sys_info, dict) else True
    # what the file can still hold: no storage may declare more (checked before allocating)
    here = fh.tell()
    fh.seek(0, io.SEEK_END)
    room = fh.tell() - here
    fh.seek(here)
    storages = {}                 # key -> array, allocated now, filled after the pickle

    def persistent_load(saved_id):
        typename = _ascii(saved_id[0])
        if typename != "storage":
            raise pickle.UnpicklingError(f"unknown persistent id {typename!r}")
        storage_type, key, location, numel, view = saved_id[1:6]
        dtype, widen = _storage_dtype(storage_type)
        if widen:
            raise RuntimeError("bfloat16 storages in the legacy format are not supported")
        if key not in storages:
            if int(numel) < 0 or int(numel) * dtype.itemsize > room:
                raise RuntimeError(f"storage {key} declares {numel} elements, more than the "
                                   f"file holds: corrupt file?")
            storages[key] = np.empty(int(numel), dtype=dtype)
        arr = storages[key]
        if view is not None:
            _, offset, size = view
            arr = arr[offset:offset + size]
        return _Storage(arr, _ascii(location))

    result = _unpickler(fh, weights_only, encoding, restore, persistent_load).load()
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
    """A tensor viewing ``storage``, checked as torch's ``set_`` checks it (a file must not
    make us read outside a storage); torch's messages."""
    arr = storage.array
    size, stride, offset = tuple(int(s) for s in size), tuple(int(s) for s in stride), int(offset)
    if len(size) != len(stride):
        raise RuntimeError(f"unequal size length ({len(size)}) and stride length "
                           f"({len(stride)})")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise RuntimeError("numel: integer multiplication overflow")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and "
                           f"strides={list(stride)}")
    if 0 in size:
        view = np.empty(size, dtype=arr.dtype)
    else:
        last = offset + sum((n - 1) * s for n, s in zip(size, stride))
        if last >= arr.size:
            raise RuntimeError("Trying to resize storage that is not resizable")
        view = np.lib.stride_tricks.as_strided(arr[offset:], size,
                                               tuple(s * arr.itemsize for s in stride))
    return restore(view, storage.location)


def _unpickler(file, weights_only, encoding, restore, persistent_load):
    names = _allowed_globals(restore)
    if weights_only:
        return WeightsOnlyUnpickler(file, names, persistent_load, _build, encoding)
    return _TrustedUnpickler(file, names, persistent_load, encoding)


class _TrustedUnpickler(pickle.Unpickler):
    """``weights_only=False``: Python's unpickler, which imports and calls whatever the file
    names (so the file's code runs). torch's names are mapped to autograd_lab's rebuilders;
    any other name is imported as pickle always does."""

    def __init__(self, file, names, persistent_load, encoding):
        super().__init__(file, encoding=encoding)
        self._names, self._persistent = names, persistent_load

    def persistent_load(self, pid):
        if self._persistent is None:
            raise pickle.UnpicklingError("unexpected persistent id in the file header")
        return self._persistent(pid)

    def find_class(self, module, name):
        found = self._names.get(f"{module}.{name}")
        return found if found is not None else super().find_class(module, name)


def _build(inst, state):
    """BUILD (set an object's state) on a tensor under ``weights_only``: what torch allows,
    minus anything that reaches autograd_lab's internals. True when ``inst`` was handled."""
    from .nn.parameter import Parameter
    if type(inst) is Tensor:
        # torch calls inst.set_(*state) (legacy files): storage, offset, size, stride. No file
        # torch writes does this; refused, as torch refuses any other state with a TypeError
        raise TypeError("autograd_lab.load refused BUILD on a tensor: a checkpoint may not "
                        "replace a tensor's data or internals (torch would call set_ with it)")
    if type(inst) is not Parameter:
        return False
    if isinstance(state, tuple) and len(state) in (4, 5):
        raise TypeError("autograd_lab.load refused BUILD on a Parameter with legacy state: a "
                        "checkpoint may not replace a parameter's data")
    requires_grad, _, hooks = state        # (torch's Tensor.__setstate__: the same ValueError)
    _check_hooks(hooks)
    if not isinstance(requires_grad, bool):
        raise TypeError(f"requires_grad must be a bool, not {type(requires_grad).__name__}")
    inst.requires_grad_(requires_grad)
    return True


def _check_hooks(hooks):
    if hooks:
        raise pickle.UnpicklingError("autograd_lab.load refused backward hooks stored in the "
                                     "checkpoint: a file may not register code to run")


def _check_state_names(state):
    """Attributes a checkpoint may give a Parameter: new names only, never the tensor's own
    (``data``, ``grad``, ``_data``, ``_hooks``, ``requires_grad``...)."""
    from .nn.parameter import Parameter
    for name in state:
        if not isinstance(name, str) or name.startswith("_") or hasattr(Parameter, name):
            raise pickle.UnpicklingError(f"autograd_lab.load refused to set the attribute "
                                         f"{name!r} of a Parameter from a checkpoint")


def _refuse(what):
    def rebuild(*args, **kwargs):
        raise RuntimeError(f"autograd_lab cannot load {what} (only dense CPU/CUDA tensors)")
    return rebuild


def _allowed_globals(restore):
    """torch's allowlist of names (torch/_weights_only_unpickler.py), each mapped to what
    autograd_lab rebuilds for it."""
    from collections import Counter

    from .nn.parameter import Parameter

    def rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False,
                          backward_hooks=None, metadata=None):
        _check_hooks(backward_hooks)
        data = _tensor_from_storage(storage, storage_offset, size, stride, restore)
        t = Tensor._make(data)
        if requires_grad:
            t.requires_grad_(True)
        return t

    def rebuild_tensor(storage, storage_offset, size, stride):
        return rebuild_tensor_v2(storage, storage_offset, size, stride)

    def rebuild_parameter(data, requires_grad, backward_hooks=None, state=None):
        _check_hooks(backward_hooks)
        if not isinstance(data, Tensor):
            raise TypeError(f"_rebuild_parameter expects a tensor, not {type(data).__name__}")
        p = Parameter(data, bool(requires_grad))
        if state:
            _check_state_names(state)
            for k, v in state.items():
                setattr(p, k, v)
        return p

    def encode(text, encoding="latin1"):
        # protocol-2 pickles spell bytes as _codecs.encode(str, "latin1")
        return text.encode(encoding)

    names = {
        "collections.OrderedDict": collections.OrderedDict,
        "collections.Counter": Counter,
        "torch.nn.parameter.Parameter": Parameter,
        "torch.Tensor": Tensor,
        "torch._utils._rebuild_tensor_v2": rebuild_tensor_v2,
        "torch._utils._rebuild_tensor": rebuild_tensor,
        "torch._utils._rebuild_parameter": rebuild_parameter,
        "torch._utils._rebuild_parameter_with_state": rebuild_parameter,
        "torch.Size": Size,
        "torch.device": _backend.device,
        "_codecs.encode": encode,
        "builtins.bytearray": bytearray,
        "builtins.set": set,
        "builtins.complex": complex,
    }
    for what, fns in (("quantized tensors", ("_rebuild_qtensor",)),
                      ("sparse or nested tensors", ("_rebuild_sparse_tensor",
                                                    "_rebuild_nested_tensor")),
                      ("meta or subclass tensors", ("_rebuild_meta_tensor_no_storage",
                                                    "_rebuild_wrapper_subclass",
                                                    "_rebuild_tensor_v3",
                                                    "_rebuild_device_tensor_from_numpy",
                                                    "_rebuild_device_tensor_from_cpu_tensor"))):
        names.update({f"torch._utils.{fn}": _refuse(what) for fn in fns})
    names["torch._tensor._rebuild_from_type_v2"] = _refuse("tensor subclasses")
    names.update({f"torch.{d.name}": d for d in _dtype.ALL})
    # storage types are markers only; "torch.cuda.FloatStorage" comes from old GPU files
    for name in list(_STORAGE_DTYPES) + [_BFLOAT16]:
        names[f"torch.{name}"] = _STORAGE_GLOBALS.get(name) or _Global("torch", name)
        names[f"torch.cuda.{name}"] = _Global("torch", name)
    return names
