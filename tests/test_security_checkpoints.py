"""Hostile and corrupt checkpoints: ``autograd_lab.load`` refuses what ``torch.load`` refuses,
with torch's exception class and message, on the very same bytes.

Each file is made here from a good checkpoint written by ``autograd_lab.save`` (torch's
format), with its ``data.pkl`` edited the way an attacker or a broken download would: names of
functions to call, BUILD opcodes that set a tensor's internals, opcodes torch does not read,
sizes that do not match the archive. torch's answer is recorded in the golden file, so the
comparison also runs without torch.
"""
import io
import os
import pickle
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest

import autograd_lab as al
from autograd_helpers import match


# ---------------------------------------------------------------------------- making files
def _string(text):
    data = text.encode()
    return b"X" + struct.pack("<I", len(data)) + data


def saved(obj):
    buf = io.BytesIO()
    al.save(obj, buf)
    return buf.getvalue()


def edited(raw, edit):
    """The archive ``raw`` with its data.pkl replaced by ``edit(data.pkl)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, edit(data) if name.endswith("data.pkl") else data)
    return out.getvalue()


def archive(data_pkl):
    """A minimal checkpoint holding only ``data_pkl``."""
    return edited(saved({}), lambda _: data_pkl)


def before_stop(raw, ops):
    """Insert pickle opcodes just before the final STOP (they act on the loaded object)."""
    return edited(raw, lambda d: d[:-1] + ops + b".")


P2 = b"\x80\x02"
TENSOR = saved(al.tensor([1.0, 2.0]))
PARAM = saved(al.nn.Parameter(al.tensor([1.0, 2.0])))
STATE = saved({"w": al.ones(3)})

HOSTILE = {
    # names of code to run
    "os.system": archive(P2 + b"cos\nsystem\n" + _string("true") + b"\x85R."),
    "posix.system": archive(P2 + b"cposix\nsystem\n" + _string("true") + b"\x85R."),
    "eval": archive(P2 + b"cbuiltins\neval\n" + _string("1") + b"\x85R."),
    "getattr": archive(P2 + b"c__builtin__\ngetattr\nctorch\nSize\n" + _string("mro")
                       + b"\x86R."),
    "print": archive(P2 + b"c__builtin__\nprint\n."),
    "frozenset": archive(P2 + b"c__builtin__\nfrozenset\n]\x85R."),
    "slice": archive(P2 + b"c__builtin__\nslice\nK\x01\x85R."),
    "main_class": archive(P2 + b"c__main__\nEvil\n."),
    # dotted names are text, never looked up attribute by attribute
    "dotted_ours": archive(P2 + b"cautograd_lab.serialization\nos.system\n" + _string("true")
                           + b"\x85R."),
    "dotted_torch": archive(P2 + b"ctorch.serialization\nos.system\n" + _string("true")
                            + b"\x85R."),
    "dotted_save": archive(P2 + b"cautograd_lab\nserialization.save\n."),
    "unknown_storage": edited(STATE, lambda d: d.replace(b"FloatStorage", b"QuackStorage")),
    # opcodes torch's reader does not understand
    "stack_global": archive(b"\x80\x02\x8c\x02os\x8c\x06system\x93."),
    "inst": archive(P2 + b"(" + _string("1") + b"ios\nsystem\n."),
    "pop": archive(P2 + b"K\x010."),
    # calling or writing into what is not allowed
    "reduce_int": archive(P2 + b"K\x01)R."),
    "setitem_tensor": before_stop(TENSOR, b"K\x00K\x05s"),
    "append_tensor": before_stop(TENSOR, b"K\x05a"),
    "persistent_module": archive(P2 + _string("module") + b"\x85Q."),
    "persistent_string": archive(P2 + _string("module") + b"Q."),
    # BUILD on parameters (torch's Tensor.__setstate__ rules) and other objects
    "build_param_dict": before_stop(PARAM, b"}" + _string("_hooks") + b"K\x01sb"),
    "build_param_data": before_stop(PARAM, b"}" + _string("_data") + b"K\x01sb"),
    "build_param_pair": before_stop(PARAM, b"K\x01K\x02\x86b"),
    "build_set": archive(P2 + b"c__builtin__\nset\n)R}" + _string("a") + b"K\x01sb."),
    "empty_pickle": archive(b""),
}

CORRUPT = {
    "truncated_half": STATE[:len(STATE) // 2],
    "truncated_end": STATE[:-10],
    "garbage_after_magic": b"PK\x03\x04" + b"\x00" * 100,
    "empty_file": b"",
    "text_file": b"hello",
    "storage_larger_than_record": edited(STATE, lambda d: d.replace(b"K\x03t", b"K\x04t", 1)),
    "storage_smaller_than_record": edited(STATE, lambda d: d.replace(b"K\x03t", b"K\x02t", 1)),
    "storage_of_16_GiB": edited(STATE, lambda d: d.replace(b"K\x03t",
                                                           b"J\x00\x00\x00\x40t", 1)),
    "missing_record": edited(STATE, lambda d: d.replace(_string("0"), _string("7"), 1)),
    "view_past_storage": edited(STATE, lambda d: d.replace(b"K\x03\x85", b"K\x28\x85", 1)),
    "huge_view": edited(STATE, lambda d: d.replace(
        b"K\x03\x85", b"\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x10\x85", 1)),
    "offset_past_storage": edited(STATE, lambda d: d.replace(b"QK\x00", b"QK\x05", 1)),
    "negative_offset": edited(STATE, lambda d: d.replace(b"QK\x00", b"QJ\xff\xff\xff\xff", 1)),
    "negative_size": edited(STATE, lambda d: d.replace(b"K\x03\x85", b"J\xff\xff\xff\xff\x85",
                                                       1)),
    "negative_stride": edited(STATE, lambda d: d.replace(b"K\x01\x85",
                                                         b"J\xff\xff\xff\xff\x85", 1)),
    "stride_length": edited(STATE, lambda d: d.replace(b"K\x01\x85", b"K\x01K\x01\x86", 1)),
}

# torch answers these with its C++ argument parser's list of set_() overloads; the class is
# compared, and that the tensor is refused (ours names what was refused instead)
CLASS_ONLY = {
    "build_tensor_dict": before_stop(TENSOR, b"}" + _string("_data") + b"K\x01sb"),
    "build_tensor_hooks": before_stop(TENSOR, b"}" + _string("_hooks") + b"K\x01sb"),
    "build_tensor_none": before_stop(TENSOR, b"Nb"),
    "build_param_legacy": before_stop(PARAM, b"(K\x01K\x02K\x03K\x04tb"),
}


def _torch_load(data, **kw):
    def run(torch):
        return torch.load(io.BytesIO(data), **kw)
    return run


def _compare(oracle, key, data, class_only=False, **kw):
    expected = oracle(key, _torch_load(data, **kw))
    if not (isinstance(expected, dict) and "__error__" in expected):
        match(al.load(io.BytesIO(data), **kw), expected)
        return None
    with pytest.raises(Exception) as info:
        al.load(io.BytesIO(data), **kw)
    assert type(info.value).__name__ == expected["__error__"], (info.value, expected)
    if not class_only:
        assert str(info.value) == expected["message"], \
            f"\nours:  {info.value}\ntorch: {expected['message']}"
    return info.value


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pickles_fail_as_in_torch(oracle, name):
    assert _compare(oracle, name, HOSTILE[name]) is not None, "a hostile file was loaded"


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_corrupt_archives_fail_as_in_torch(oracle, name):
    assert _compare(oracle, name, CORRUPT[name]) is not None


@pytest.mark.parametrize("name", sorted(CLASS_ONLY))
def test_build_on_a_tensor_is_refused_as_in_torch(oracle, name):
    before = al.tensor([1.0, 2.0])
    error = _compare(oracle, name, CLASS_ONLY[name], class_only=True)
    assert error is not None
    assert before.tolist() == [1.0, 2.0]


def test_nothing_runs_and_nothing_is_written(tmp_path, monkeypatch):
    """The classic payloads: a shell command and a REDUCE of save() that would overwrite a
    file. Refused before anything happens."""
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    ran = []
    monkeypatch.setattr(os, "system", lambda cmd: ran.append(cmd))
    overwrite = archive(P2 + b"cautograd_lab\nsave\n(}" + _string(str(target)) + b"tR.")
    for data in (HOSTILE["os.system"], HOSTILE["dotted_ours"], overwrite):
        with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
            al.load(io.BytesIO(data))
    assert ran == [] and target.read_text() == "keep me"


def test_build_on_a_parameter_sets_requires_grad_only(oracle):
    """torch's Parameter state is (requires_grad, unused, hooks): requires_grad is honoured,
    hooks from a file are refused (torch would install them)."""
    data = before_stop(PARAM, b"\x89N)\x87b")          # (False, None, ())
    _compare(oracle, "build_param_requires_grad", data)
    p = al.load(io.BytesIO(data))
    assert type(p) is al.nn.Parameter and not p.requires_grad and p.tolist() == [1.0, 2.0]
    hooks = before_stop(PARAM, b"\x88N]K\x01a\x87b")   # (True, None, [1])
    with pytest.raises(pickle.UnpicklingError, match="backward hooks"):
        al.load(io.BytesIO(hooks))


def test_hooks_and_internal_attributes_in_rebuild_calls_are_refused():
    """Stricter than torch, which sets them: a file may neither register backward hooks on a
    tensor nor set a Parameter attribute that autograd_lab uses internally."""
    hooks = edited(TENSOR, lambda d: d.replace(b"collections\nOrderedDict\nq\x08)R",
                                               b"collections\nOrderedDict\nq\x08)RK\x00K\x01s"))
    assert hooks != TENSOR
    with pytest.raises(pickle.UnpicklingError, match="backward hooks"):
        al.load(io.BytesIO(hooks))
    for name in ("_data", "_hooks", "grad", "requires_grad"):
        state = (P2 + b"ctorch._utils\n_rebuild_parameter_with_state\n(ctorch\nTensor\n)\x81"
                 b"\x88ccollections\nOrderedDict\n)R}" + _string(name) + b"K\x01stR.")
        with pytest.raises(pickle.UnpicklingError, match=f"refused to set the attribute '{name}'"):
            al.load(io.BytesIO(archive(state)))


def test_declared_storage_size_is_checked_before_allocating():
    """A 16 GiB storage declared over a 12-byte record: refused with next to no memory."""
    tracemalloc.start()
    try:
        with pytest.raises(RuntimeError, match="does not match expected size"):
            al.load(io.BytesIO(CORRUPT["storage_of_16_GiB"]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, peak


def test_legacy_format_refuses_as_torch(oracle):
    magic = pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2)
    header = magic + pickle.dumps(1001, protocol=2) + pickle.dumps({}, protocol=2)
    evil = P2 + b"cposix\nsystem\n" + _string("true") + b"\x85R."
    _compare(oracle, "legacy_posix", header + evil)
    _compare(oracle, "legacy_eval", header + P2 + b"cbuiltins\neval\n" + _string("1")
             + b"\x85R.")


# ---------------------------------------------------------------------------- allowlists
class Point:
    """A user's class, saved inside a checkpoint (NEWOBJ + BUILD)."""

    def __init__(self, x, w):
        self.x, self.w = x, w


def _point_file():
    return saved({"p": Point(3, al.tensor([1.0, 2.0]))})


def _point_fields(loaded):
    p = loaded["p"]
    return [type(p).__name__, p.x, p.w]


def test_a_users_class_is_refused_until_allowed(oracle):
    data = _point_file()
    _compare(oracle, "point_refused", data)

    def allowed(lib, items):
        # (torch lists a few of its own by default: compared as "what changed")
        before = {id(g) for g in lib.serialization.get_safe_globals()}
        with lib.serialization.safe_globals(items):
            inside = _point_fields(lib.load(io.BytesIO(data)))
            added = [g for g in lib.serialization.get_safe_globals() if id(g) not in before]
        after = {id(g) for g in lib.serialization.get_safe_globals()}
        return [inside, added == items, after == before]
    name = f"{Point.__module__}.{Point.__qualname__}"
    for key, items in (("class", [Point]), ("pair", [(Point, name)])):
        match(allowed(al, items), oracle(f"point_{key}", lambda torch: allowed(torch, items)))
    _compare(oracle, "point_refused_again", data)


def test_add_get_clear_safe_globals(oracle):
    data = _point_file()

    def run(lib):
        s = lib.serialization
        defaults = s.get_safe_globals()
        s.clear_safe_globals()
        try:
            s.add_safe_globals([Point])
            listed = s.get_safe_globals() == [Point]
            fields = _point_fields(lib.load(io.BytesIO(data)))
            s.clear_safe_globals()
            return [listed, fields, s.get_safe_globals()]
        finally:
            s.add_safe_globals(defaults)
    match(run(al), oracle("add_get_clear", run))


@pytest.mark.parametrize("item", [("one",), (Point, 3)], ids=["short_tuple", "name_not_str"])
def test_malformed_allowlist_entries_fail_as_in_torch(oracle, item):
    data = _point_file()

    def run(lib):
        with lib.serialization.safe_globals([item]):
            return lib.load(io.BytesIO(data))
    expected = oracle("malformed", run)
    with pytest.raises(Exception) as info:
        run(al)
    assert [type(info.value).__name__, str(info.value)] == [expected["__error__"],
                                                            expected["message"]]


def test_weights_only_false_runs_the_files_code(oracle):
    """What the docstring says: with weights_only=False the pickle's code runs, as in torch
    (here a harmless function the file chose: os.path.join)."""
    data = archive(P2 + b"cposixpath\njoin\n" + _string("a") + _string("b") + b"\x86R.")
    _compare(oracle, "join_refused", data)
    _compare(oracle, "join_runs", data, weights_only=False)
    assert al.load(io.BytesIO(data), weights_only=False) == os.path.join("a", "b")


def test_whole_model_needs_weights_only_false(tmp_path):
    model = al.nn.Linear(3, 2)
    path = tmp_path / "model.pt"
    al.save(model, path)
    with pytest.raises(pickle.UnpicklingError,
                       match=r"GLOBAL autograd_lab\.nn\.linear\.Linear was not an allowed"):
        al.load(path)
    back = al.load(path, weights_only=False)
    assert isinstance(back, al.nn.Linear) and al.equal(back.weight, model.weight)


def test_good_files_still_load():
    d = al.load(io.BytesIO(STATE))
    assert list(d) == ["w"] and d["w"].tolist() == [1.0] * 3
    p = al.load(io.BytesIO(PARAM))
    assert type(p) is al.nn.Parameter and p.requires_grad
    assert np.array_equal(al.load(io.BytesIO(TENSOR)).numpy(), [1.0, 2.0])
