"""Type promotion as torch does it, checked over a dtype matrix: dimensioned tensors win over
zero-dim tensors, which win over Python numbers, unless the lower group is of a higher
category (int tensor + 2.5 -> float32; int32 + int64 -> int64; float16 + float32 -> float32;
float16 tensor + float64 zero-dim -> float16)."""
import numpy as np
import pytest

import autograd_lab as al
from ops_helper import In, check_case, check_error

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
VALUES = {"bool": [True, False], "uint8": [1, 2], "int8": [1, -2], "int16": [3, -2],
          "int32": [1, 3], "int64": [2, -1], "float16": [0.5, -1.5], "float32": [1.25, -2.0],
          "float64": [1.5, 2.5]}


def operands(T):
    """Every left operand kind: a dimensioned tensor of each dtype."""
    return [T.tensor(VALUES[d], dtype=getattr(T, d)) for d in DTYPES]


def right_operands(T):
    """Every right operand kind: dimensioned and zero-dim tensors of each dtype, and numbers."""
    dim = [T.tensor(VALUES[d][::-1], dtype=getattr(T, d)) for d in DTYPES]
    zero = [T.tensor(VALUES[d][1], dtype=getattr(T, d)) for d in DTYPES]
    return dim + zero + [3, -2, 2.5, True]


def grid(T, op):
    """``op(a, b)`` for every pair: [dtype, values] or the error message."""
    out = []
    for a in operands(T):
        for b in right_operands(T):
            try:
                r = op(T, a, b)
                out.append([str(r.dtype), r.tolist()])
            except Exception as exc:           # an error is part of the answer
                out.append(f"{type(exc).__name__}: {exc}")
    return out


OPS = {
    "add": lambda T, a, b: a + b,
    "radd": lambda T, a, b: b + a,
    "sub": lambda T, a, b: a - b,
    "rsub": lambda T, a, b: b - a,
    "mul": lambda T, a, b: a * b,
    "div": lambda T, a, b: a / b,
    "rdiv": lambda T, a, b: b / a,
    "maximum": lambda T, a, b: T.maximum(a, b if isinstance(b, T.Tensor) else T.tensor(b)),
    "where": lambda T, a, b: T.where(T.tensor([True, False]), a, b),
    "eq": lambda T, a, b: a == b,
    "lt": lambda T, a, b: a < b,
    "pow": lambda T, a, b: a.abs() ** b if a.dtype != T.bool else a ** b,
    "floordiv": lambda T, a, b: a // b,
    "remainder": lambda T, a, b: a % b,
    "clamp": lambda T, a, b: T.clamp(a, b),
    "clamp_max": lambda T, a, b: T.clamp(a, max=b),
    "clamp_both": lambda T, a, b: T.clamp(a, b, b),
    "clamp_": lambda T, a, b: a.clone().clamp_(b),
}


def _same(ours, torch_):
    if isinstance(torch_, str):
        return ours == torch_
    if isinstance(ours, str) or ours[0] != torch_[0]:
        return False
    return np.allclose(np.array(ours[1], dtype=float), np.array(torch_[1], dtype=float),
                       rtol=1e-3, atol=1e-3, equal_nan=True)


@pytest.mark.parametrize("name", sorted(OPS))
def test_promotion_matrix(oracle, name):
    op = OPS[name]
    expected = oracle(name, lambda T: grid(T, op))
    ours = grid(al, op)
    lefts, rights = DTYPES, [f"{d}[]" for d in DTYPES] + [f"{d}()" for d in DTYPES] + \
        ["3", "-2", "2.5", "True"]
    bad = [f"{lefts[i // len(rights)]} {name} {rights[i % len(rights)]}: ours {o!r}, "
           f"torch {e!r}" for i, (o, e) in enumerate(zip(ours, expected)) if not _same(o, e)]
    assert len(ours) == len(expected)
    assert not bad, "\n".join(bad[:10]) + f"\n({len(bad)} pairs differ)"


def test_result_type_and_promote_types(oracle):
    def run(T):
        a = T.tensor([1, 2], dtype=T.int32)
        return [T.result_type(a, 2.5), T.result_type(a, T.tensor(1, dtype=T.int64)),
                T.result_type(a, T.tensor([1], dtype=T.int64)), T.result_type(a, True),
                T.promote_types(T.uint8, T.int8), T.promote_types(T.float16, T.int64),
                T.promote_types(T.bool, T.uint8)]
    expected = oracle("types", run)
    assert [{"__dtype__": repr(d)} for d in run(al)] == expected


GRAD_FLAGS = [
    ("int_times_float_grad", lambda T, i, x: i * x),
    ("float_grad_plus_int", lambda T, i, x: x + i),
    ("int_plus_scalar", lambda T, i, x: i + 2.5),
    ("int_pow_float_grad", lambda T, i, x: i.abs() ** x),
    ("int_div_grad", lambda T, i, x: x / (i.abs() + 1)),
    ("half_grad_plus_double_zero_dim", lambda T, i, x: x.half() + T.tensor(2.0, dtype=T.float64)),
    ("float_plus_double_dim", lambda T, i, x: x + T.ones(3, dtype=T.float64)),
    ("cast_to_long", lambda T, i, x: x.long()),
    ("argmax_of_grad", lambda T, i, x: x.argmax()),
    ("compare_grad", lambda T, i, x: x > 0),
]


@pytest.mark.parametrize("name,fn", GRAD_FLAGS, ids=[c[0] for c in GRAD_FLAGS])
def test_mixed_dtypes_gradients(oracle, name, fn):
    """Gradients come back in each input's own dtype; integer results never require grad."""
    check_case(oracle, name, fn, [In((3,), dtype="int64", low=-3, high=3), In((3,))])


INT_GRAD_ERRORS = [
    ("requires_grad_", lambda T: T.tensor([1, 2]).requires_grad_()),
    ("setter", lambda T: setattr(T.tensor([True]), "requires_grad", True)),
    ("factory", lambda T: T.tensor([1, 2], requires_grad=True)),
    ("zeros", lambda T: T.zeros(2, dtype=T.int64, requires_grad=True)),
]


@pytest.mark.parametrize("name,fn", INT_GRAD_ERRORS, ids=[c[0] for c in INT_GRAD_ERRORS])
def test_integer_tensor_cannot_require_grad(oracle, name, fn):
    check_error(oracle, name, fn)


# ------------------------------------------------------------------- conversions
CONVERSIONS = [
    ("long", lambda T, x: x.long()), ("int", lambda T, x: x.int()),
    ("double", lambda T, x: x.double()), ("half", lambda T, x: x.half()),
    ("float_same", lambda T, x: x.float()), ("bool", lambda T, x: x.bool()),
    ("to_same", lambda T, x: x.to(T.float32)), ("to_double", lambda T, x: x.to(T.float64)),
    pytest.param("to_cpu", lambda T, x: x.to("cpu"), marks=pytest.mark.cpu_only), ("to_copy", lambda T, x: x.to(T.float32, copy=True)),
    ("to_kw", lambda T, x: x.to(dtype=T.float16)),
    ("to_device_dtype", lambda T, x: x.to("cpu", T.float64)),
    ("to_like", lambda T, x: x.to(T.ones(1, dtype=T.int32))),
    ("type", lambda T, x: x.type(T.float64)), ("type_str", lambda T, x: x.type("torch.DoubleTensor")),
    pytest.param("type_name", lambda T, x: x.type(), marks=pytest.mark.cpu_only), ("type_as", lambda T, x: x.type_as(T.ones(1, dtype=T.float64))),
    ("double_then_math", lambda T, x: (x.double() * 2).exp()),
    ("half_roundtrip", lambda T, x: x.half().float() * 3),
]


@pytest.mark.parametrize("name,fn", CONVERSIONS,
                         ids=[getattr(c, "values", c)[0] for c in CONVERSIONS])
def test_conversions(oracle, name, fn):
    """Float casts are ToCopyBackward0 (gradient cast back); integer casts leave the graph;
    a cast to the same dtype returns the tensor itself."""
    check_case(oracle, name, fn, [In([1.5, -2.5, 0.25])], rtol=1e-3, atol=1e-3)


def test_same_dtype_cast_is_the_same_tensor(oracle):
    def run(T):
        x = T.tensor([1.0, 2.0], requires_grad=True)
        return [x.float() is x, x.to(T.float32) is x, x.to("cpu") is x,
                x.to(T.float32, copy=True) is x, x.double() is x]
    assert run(al) == oracle("same", run)
