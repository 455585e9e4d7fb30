"""The array side of ``ops/_formula.py``: the helpers a backward formula uses on raw arrays
must give exactly what PyTorch's ``where``-based derivatives give (the Tensor side is
checked against torch through every op's gradient tests)."""
import numpy as np
import pytest

import autograd_lab as al
from autograd_lab.ops import _formula as F

VALUES = [1.5, np.inf, -np.inf, np.nan, -2.0, 0.0, -0.0, 3.0e-41, 7.0]
MASK = [True, True, False, True, False, False, True, True, False]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("strided", [False, True], ids=["contiguous", "strided"])
def test_zero_where_and_keep_where_are_where_bit_for_bit(dtype, strided):
    x = np.array(VALUES * 2, dtype=dtype)
    cond = np.array(MASK * 2)
    if strided:
        x, cond = x[::2], cond[::2]
    zero = np.zeros((), dtype)
    for got, want in [(F.zero_where(cond, x), np.where(cond, zero, x)),
                      (F.keep_where(cond, x), np.where(cond, x, zero))]:
        assert got.dtype == x.dtype and got.shape == x.shape
        # the same bits: nan where nan, inf kept, -0.0 kept as -0.0, zeros written as +0.0
        assert got.view(f"u{x.itemsize}").tolist() == want.view(f"u{x.itemsize}").tolist()


def test_zero_where_leaves_its_input_alone_and_broadcasts_like_where():
    x = np.array([[1.0, np.inf], [np.nan, -3.0]], dtype=np.float32)
    before = x.copy()
    row = np.array([True, False])                      # broadcast: NumPy's where does it
    assert np.array_equal(F.zero_where(row, x), np.where(row, np.float32(0), x),
                          equal_nan=True)
    assert np.array_equal(x, before, equal_nan=True)


def test_helpers_on_tensors_record_torchs_ops():
    x = al.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = x * 1.0
    assert F.zero_where(y < 0, y).grad_fn.name() == "MaskedFillBackward0"
    assert F.keep_where(y < 0, y).grad_fn.name() == "WhereBackward0"
