"""finfo / iinfo against torch: every attribute, the printed form, equality and the errors."""
import pytest

import autograd_lab as al
from oracle import assert_error_matches

FLOATS = ["float16", "float32", "float64"]
INTS = ["uint8", "int8", "int16", "int32", "int64"]
F_ATTRS = ["bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"]
I_ATTRS = ["bits", "max", "min", "dtype"]


def _describe(info, attrs):
    out = {name: getattr(info, name) for name in attrs}
    out["types"] = [type(getattr(info, name)).__name__ for name in attrs]
    out["repr"], out["str"] = repr(info), str(info)
    return out


@pytest.mark.parametrize("name", FLOATS)
def test_finfo(oracle, name):
    def run(lib):
        return _describe(lib.finfo(getattr(lib, name)), F_ATTRS)
    assert run(al) == oracle("finfo", run)


def test_finfo_default_dtype_and_keyword(oracle):
    def run(lib):
        old = lib.get_default_dtype()
        lib.set_default_dtype(lib.float64)
        try:
            default64 = repr(lib.finfo())
        finally:
            lib.set_default_dtype(old)
        return [repr(lib.finfo()), default64, repr(lib.finfo(type=lib.half)),
                lib.finfo(lib.float32) == lib.finfo(lib.float), lib.finfo(lib.float32) ==
                lib.finfo(lib.float64), lib.finfo(lib.double).eps]
    assert run(al) == oracle("default", run)


@pytest.mark.parametrize("name", INTS)
def test_iinfo(oracle, name):
    def run(lib):
        return _describe(lib.iinfo(getattr(lib, name)), I_ATTRS)
    assert run(al) == oracle("iinfo", run)


def test_iinfo_aliases_and_equality(oracle):
    def run(lib):
        return [repr(lib.iinfo(type=lib.long)), lib.iinfo(lib.int) == lib.iinfo(lib.int32),
                lib.iinfo(lib.int8) == lib.iinfo(lib.uint8), lib.iinfo(lib.short).max]
    assert run(al) == oracle("aliases", run)


ERRORS = [
    ("finfo_int", lambda L: L.finfo(L.int32)),
    ("finfo_bool", lambda L: L.finfo(L.bool)),
    ("iinfo_float", lambda L: L.iinfo(L.float32)),
    ("iinfo_bool", lambda L: L.iinfo(L.bool)),
    ("finfo_not_dtype", lambda L: L.finfo(1)),
    ("finfo_none", lambda L: L.finfo(None)),
    ("finfo_str", lambda L: L.finfo("float32")),
    ("finfo_kw_not_dtype", lambda L: L.finfo(type=1)),
    ("finfo_two_args", lambda L: L.finfo(L.float32, 1)),
    ("finfo_arg_and_kw", lambda L: L.finfo(L.float32, type=L.float32)),
    ("finfo_unknown_kw", lambda L: L.finfo(x=1)),
    ("iinfo_not_dtype", lambda L: L.iinfo(1)),
    ("iinfo_kw_not_dtype", lambda L: L.iinfo(type=1.5)),
    ("iinfo_missing", lambda L: L.iinfo()),
    ("iinfo_two_args", lambda L: L.iinfo(L.int32, 1)),
    ("iinfo_twice", lambda L: L.iinfo(L.int32, type=L.int32)),
    ("iinfo_unknown_kw", lambda L: L.iinfo(type=L.int32, x=1)),
    ("finfo_unhashable", lambda L: hash(L.finfo(L.float32))),
    ("iinfo_no_eps", lambda L: L.iinfo(L.int32).eps),
]


@pytest.mark.parametrize("key,fn", ERRORS, ids=[k for k, _ in ERRORS])
def test_errors(oracle, key, fn):
    assert_error_matches(oracle(key, fn), lambda: fn(al))
