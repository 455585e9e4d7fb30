"""Tensor creation and basic attributes against torch: values, dtypes, shapes, reprs."""
import math

import numpy as np
import pytest

import autograd_lab as al
from autograd_helpers import check, no_address

FLOAT_DTYPES = ["float16", "float32", "float64"]
ALL_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64"] + FLOAT_DTYPES


# ---------------------------------------------------------------------------- tensor()
DATA = {
    "scalar_int": 3,
    "scalar_float": 2.5,
    "scalar_bool": True,
    "list_int": [1, 2, 3],
    "list_mixed": [1, 2.5, 3],
    "list_bool": [True, False],
    "bool_and_int": [True, 2],
    "nested": [[1., 2.], [3., 4.]],
    "empty": [],
    "empty_nested": [[], []],
    "tuple": (1, 2),
    "deep": [[[1], [2]], [[3], [4]]],
}


@pytest.mark.parametrize("name", sorted(DATA))
def test_tensor_infers_torchs_dtype(oracle, name):
    check(oracle, name, lambda T: [T.tensor(DATA[name]), T.tensor(DATA[name]).dtype,
                                   T.tensor(DATA[name]).shape])


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_tensor_with_an_explicit_dtype(oracle, dtype):
    check(oracle, dtype, lambda T: T.tensor([0, 1, 2], dtype=getattr(T, dtype)))


# values that do not fit the requested dtype: torch refuses them (an unsigned type takes a
# negative integer modulo 2^n, as C++ converts it), and a float beyond float16/32 is inf,
# silently
OUT_OF_RANGE = {
    "uint8_300": lambda T: T.tensor(300, dtype=T.uint8),
    "uint8_list_float": lambda T: T.tensor([1.5, 300], dtype=T.uint8),
    "uint8_negative_int": lambda T: T.tensor([-1, 2], dtype=T.uint8),
    "uint8_negative_scalar": lambda T: T.tensor(-1, dtype=T.uint8),
    "uint8_negative_float": lambda T: T.tensor([-1.5], dtype=T.uint8),
    "uint8_negative_wraps_while_it_fits": lambda T: T.tensor([-255, -1], dtype=T.uint8),
    "uint8_negative_beyond": lambda T: T.tensor([-256], dtype=T.uint8),
    "uint8_nan": lambda T: T.tensor([math.nan], dtype=T.uint8),
    "int32_beyond": lambda T: T.tensor([2 ** 40], dtype=T.int32),
    "int8_200": lambda T: T.tensor([200], dtype=T.int8),
    "int8_floats_truncate": lambda T: T.tensor([1.7, -2.5], dtype=T.int8),
    "int16_nested": lambda T: T.tensor([[1, 70000]], dtype=T.int16),
    "int64_beyond": lambda T: T.tensor(2 ** 63, dtype=T.int64),
    "uint8_beyond_int64": lambda T: T.tensor([2 ** 63], dtype=T.uint8),
    "float16_inf": lambda T: T.tensor([1e7, -1e7], dtype=T.float16),
    "float32_inf": lambda T: T.tensor(1e39, dtype=T.float32),
}


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("name", sorted(OUT_OF_RANGE))
def test_tensor_with_values_out_of_the_dtypes_range(oracle, name):
    check(oracle, f"out_of_range_{name}", OUT_OF_RANGE[name])


def test_tensor_from_numpy_arrays_and_numpy_scalars(oracle):
    def run(T):
        a = T.tensor(np.array([1, 2], dtype=np.int32))
        b = T.tensor(np.float64(2.5))
        c = T.tensor([np.float32(1.5), np.float32(2.5)])
        d = T.tensor(np.array([[1., 2.]], dtype=np.float32))
        return a, b, c, d
    check(oracle, "numpy", run)


def test_tensor_copies_its_data(oracle):
    def run(T):
        arr = np.array([1., 2.])
        t = T.tensor(arr)
        arr[0] = 100
        return t
    check(oracle, "copy", run)


def test_tensor_requires_grad(oracle):
    check(oracle, "rg", lambda T: [T.tensor([1., 2.], requires_grad=True),
                                   T.tensor(1., requires_grad=True).is_leaf])


# ---------------------------------------------------------------------------- sharing
def test_from_numpy_shares_memory(oracle):
    def run(T):
        arr = np.array([1., 2., 3.])
        t = T.from_numpy(arr)
        arr[0] = 100.
        t.mul_(-1)
        return t, arr.tolist(), t.dtype
    check(oracle, "from_numpy", run)


def test_as_tensor_shares_memory_when_it_can(oracle):
    def run(T):
        arr = np.array([1., 2., 3.], dtype=np.float32)
        same = T.as_tensor(arr)
        cast = T.as_tensor(arr, dtype=T.float64)
        arr[0] = 100.
        t = T.tensor([1., 2.])
        return same, cast, T.as_tensor(t) is t, T.as_tensor([1, 2])
    check(oracle, "as_tensor", run)


def test_numpy_shares_memory_both_ways(oracle):
    def run(T):
        t = T.zeros(3)
        a = t.numpy()
        a[0] = 5.
        t.add_(7)
        return t, a.tolist(), np.asarray(t).tolist()
    check(oracle, "numpy_share", run)


# ---------------------------------------------------------------------------- factories
SIZES = {"ints": (2, 3), "tuple": ((2, 3),), "list": ([2, 3],), "empty": ((),), "zero": (0, 2)}


@pytest.mark.parametrize("fn", ["zeros", "ones", "empty"])
@pytest.mark.parametrize("size", sorted(SIZES))
def test_filled_factories(oracle, fn, size):
    def run(T):
        t = getattr(T, fn)(*SIZES[size])
        values = t if fn != "empty" else t.shape      # empty's values are undefined
        return values, t.dtype, t.shape, t.requires_grad
    check(oracle, f"{fn}-{size}", run)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_factories_with_dtypes(oracle, dtype):
    def run(T):
        d = getattr(T, dtype)
        return [T.zeros(2, dtype=d), T.ones(2, 2, dtype=d), T.full((2,), 1, dtype=d),
                T.eye(2, dtype=d)]
    check(oracle, dtype, run)


@pytest.mark.parametrize("value", [7, 2.5, True])
def test_full_infers_dtype_from_the_value(oracle, value):
    check(oracle, str(value), lambda T: T.full((2, 2), value))


def test_eye(oracle):
    check(oracle, "eye", lambda T: [T.eye(3), T.eye(2, 4), T.eye(4, 5, requires_grad=True)])


def test_like_factories(oracle):
    def run(T):
        base = T.tensor([[1, 2], [3, 4]], dtype=T.int32)
        f = T.tensor([1., 2.], requires_grad=True)
        return [T.zeros_like(base), T.ones_like(base), T.full_like(base, 7),
                T.empty_like(base).shape, T.ones_like(base, dtype=T.float64),
                T.zeros_like(f), T.ones_like(f, requires_grad=True), T.rand_like(f).shape,
                T.randn_like(f).dtype, T.randint_like(base, 10).dtype]
    check(oracle, "like", run)


ARANGES = {
    "stop": (5,),
    "start_stop": (2, 7),
    "step": (1, 10, 3),
    "negative_step": (10, 0, -3),
    "float_stop": (2.5,),
    "float_step": (0, 1, 0.1),
    "float_start": (0.5, 3),
    "uneven": (1, 2, 0.3),
    "negative_float": (1.0, -1.0, -0.25),
    "empty": (3, 3),
    "long": (-1.5, 10.25, 0.75),
}


@pytest.mark.parametrize("name", sorted(ARANGES))
def test_arange_values_dtype_and_length(oracle, name):
    def run(T):
        t = T.arange(*ARANGES[name])
        return t.tolist(), t.dtype
    expected = oracle(name, run)
    ours = run(al)
    assert ours[0] == expected[0]                                # bit-exact, same length
    assert repr(ours[1]) == expected[1]["__dtype__"]


RANGE_CASES = [(0., 1., 0.01), (-1.5, 100., 0.3), (-7.7, 17., 0.1), (10., 100., 0.7),
               (0.123, 50., 0.37), (2., -3.3, -0.25)]


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64", "int32", "uint8"])
def test_arange_is_bit_exact_over_many_elements(oracle, dtype):
    """The last bit follows PyTorch's kernel (FMA, SIMD blocks): see autograd_lab/_ranges.py."""
    def run(T):
        out = []
        for start, end, step in RANGE_CASES:
            if dtype == "uint8" and (start < 0 or end < 0):
                continue
            try:
                out.append(T.arange(start, end, step, dtype=getattr(T, dtype)).tolist())
            except (RuntimeError, ValueError) as exc:
                out.append(f"{type(exc).__name__}: {exc}")
        return out
    assert run(al) == oracle(dtype, run)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64"])
def test_linspace_is_bit_exact_over_many_elements(oracle, dtype):
    def run(T):
        return [T.linspace(start, end, n, dtype=getattr(T, dtype)).tolist()
                for start, end, _ in RANGE_CASES for n in (7, 100, 1001)]
    assert run(al) == oracle(dtype, run)


@pytest.mark.parametrize("dtype", ["int32", "float64", "float16"])
def test_arange_with_a_dtype(oracle, dtype):
    check(oracle, dtype, lambda T: T.arange(0, 5, 1.5, dtype=getattr(T, dtype)))


LINSPACES = {"basic": (0, 1, 5), "reverse": (10, -10, 7), "one": (3, 5, 1),
             "zero_steps": (0, 1, 0), "many": (-1.0, 1.0, 11), "big": (0, 1, 101),
             "ints": (1, 10, 10)}


@pytest.mark.parametrize("name", sorted(LINSPACES))
def test_linspace_exact_values(oracle, name):
    def run(T):
        t = T.linspace(*LINSPACES[name])
        return t.tolist(), t.dtype
    expected = oracle(name, run)
    ours = run(al)
    assert ours[0] == [float(v) for v in expected[0]]            # bit-exact
    assert repr(ours[1]) == expected[1]["__dtype__"]


@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_linspace_with_a_dtype(oracle, dtype):
    check(oracle, dtype, lambda T: T.linspace(0, 10, 6, dtype=getattr(T, dtype)))


# ---------------------------------------------------------------------------- random shapes
def test_random_factories_shapes_and_dtypes(oracle):
    """Values are the RNG's business (tests/test_random.py); shapes and dtypes are here."""
    def run(T):
        out = [T.rand(2, 3), T.rand((4,)), T.randn(3, 2, dtype=T.float64),
               T.randint(5, (4,)), T.randint(2, 5, (2, 2), dtype=T.int32),
               T.normal(0., 1., (3,)), T.normal(T.zeros(2), T.ones(2)),
               T.rand(2, requires_grad=True), T.randperm(4)]
        return [[t.shape, t.dtype, t.requires_grad] for t in out]
    check(oracle, "random", run)


def test_random_values_are_in_range():
    al.manual_seed(0)
    assert 0 <= al.rand(1000).min().item() and al.rand(1000).max().item() < 1
    r = al.randint(3, 7, (1000,))
    assert r.min().item() >= 3 and r.max().item() <= 6


# ---------------------------------------------------------------------------- legacy types
LEGACY = ["FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor",
          "ByteTensor", "HalfTensor"]


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_constructors_from_data(oracle, name):
    check(oracle, name, lambda T: getattr(T, name)([1, 0, 3]))


@pytest.mark.parametrize("name", ["FloatTensor", "LongTensor"])
def test_legacy_constructors_from_sizes(oracle, name):
    check(oracle, name, lambda T: [getattr(T, name)(2, 3).shape, getattr(T, name)(2, 3).dtype])


def test_tensor_class_constructor(oracle):
    check(oracle, "Tensor", lambda T: [T.Tensor([1, 2]), T.Tensor(2, 3).shape,
                                       T.Tensor([[1., 2.]]).dtype])


# ---------------------------------------------------------------------------- attributes
def test_size_type_and_printing(oracle):
    def run(T):
        t = T.zeros(2, 3, 4)
        s = t.size()
        return [repr(s), str(s), s, t.shape == (2, 3, 4), s[1], repr(s[1:]), t.size(1),
                t.size(-1), s.numel(), list(s), repr(T.Size([5])), repr(T.zeros(()).shape),
                type(s).__name__, isinstance(s, tuple), repr(s + (7,))]
    check(oracle, "size", run)


def test_dtype_and_device_attributes_and_reprs(oracle):
    def run(T):
        t = T.ones(2)
        return [repr(t.dtype), str(t.dtype), repr(t.device), str(t.device), t.device.type,
                t.is_cuda, repr(T.device("cpu")), t.dtype.is_floating_point,
                T.int64.is_floating_point, T.float == T.float32, T.long, T.double,
                repr(T.get_default_dtype()), t.dtype.itemsize, T.float16.itemsize,
                T.int32.is_signed, T.uint8.is_signed, T.device("cpu") == t.device,
                t.device == "cpu"]
    check(oracle, "attrs", run)


def test_shape_attributes(oracle):
    def run(T):
        t = T.arange(24.).reshape(2, 3, 4)
        m = T.arange(6.).reshape(2, 3)           # (.T of a 3-d tensor warns once per process)
        return [t.ndim, t.dim(), t.numel(), m.T.shape, m.T, t.mT.shape, len(t),
                T.tensor(5.).ndim, T.tensor(5.).numel(), t.is_contiguous(),
                t.transpose(0, 1).is_contiguous(), t.stride(), t.element_size(), t.nelement()]
    check(oracle, "shape", run)


# torch 2.13's own Tensor.__array__ takes no ``copy`` keyword, so NumPy 2 warns when the oracle
# runs np.asarray on a torch tensor (autograd_lab's __array__ takes it: no warning from ours)
@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword"
                            ":DeprecationWarning")
def test_conversions(oracle):
    def run(T):
        t = T.tensor([[1.5, -2.25], [3., 4.]])
        i = T.tensor([1, 2])
        return [t.tolist(), T.tensor(3.5).item(), T.tensor([7]).item(), i.tolist(),
                T.tensor(True).item(), float(T.tensor(2.5)), int(T.tensor(3.9)),
                t.float().dtype, t.double(), t.long(), t.int(), t.half().dtype, t.bool(),
                i.float(), t.to(T.float64), t.to("cpu") is t, t.cpu() is t,
                t.to(T.float32) is t, t.type(T.int64), t.type(), i.type(),
                np.asarray(t).dtype.name, np.array(i).tolist(), t.numpy().dtype.name,
                t.to(dtype=T.int32), t.to(i), t.type_as(i)]
    check(oracle, "conv", run)


def test_conversion_keeps_the_graph(oracle):
    def run(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x.double() * 2
        y.sum().backward()
        return y, x.grad, x.to(T.float32) is x
    check(oracle, "graph", run)


def test_version_counter_attribute(oracle):
    def run(T):
        t = T.zeros(2)
        v0 = t._version
        t.add_(1)
        t += 1
        return v0, t._version
    check(oracle, "version", run)


def test_set_default_dtype(oracle):
    def run(T):
        before = T.get_default_dtype()
        T.set_default_dtype(T.float64)
        try:
            out = [T.get_default_dtype(), T.tensor([1.5]).dtype, T.zeros(1).dtype,
                   T.arange(0., 1.).dtype, T.linspace(0, 1, 2).dtype, T.tensor(1).dtype,
                   T.full((1,), 2.5).dtype, T.rand(1).dtype, T.tensor([1, 2.]).dtype]
        finally:
            T.set_default_dtype(before)
        return out + [T.get_default_dtype()]
    check(oracle, "default", run)


def test_set_default_dtype_rejects_integers(oracle):
    check(oracle, "int", lambda T: T.set_default_dtype(T.int64))


def test_is_tensor_and_numel(oracle):
    check(oracle, "misc", lambda T: [T.is_tensor(T.ones(1)), T.is_tensor([1]),
                                     T.numel(T.ones(2, 3)), T.is_floating_point(T.ones(1)),
                                     T.is_floating_point(T.ones(1, dtype=T.int64))])


def test_repr_of_created_tensors(oracle):
    """Reprs come from the printing module; here only creation-specific cases."""
    def run(T):
        return [repr(T.zeros(2, dtype=T.int32)), repr(T.tensor([], dtype=T.float64)),
                repr(T.ones(2, requires_grad=True)), repr(T.tensor(3)), repr(T.eye(2)),
                no_address(repr(T.tensor([1., 2.]).device))]
    check(oracle, "reprs", run)
