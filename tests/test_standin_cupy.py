"""The CuPy stand-in refuses what CuPy refuses; otherwise the device tests run on it would
prove nothing. (It is a test double in host memory, not GPU support.)"""
import numpy as np
import pytest

import autograd_lab as al
import standin_cupy
from autograd_lab import _backend

cp = standin_cupy.installed


def test_no_implicit_conversion_to_numpy():
    with cp(_backend) as xp:
        a = xp.asarray([1.0, 2.0])
        with pytest.raises(TypeError, match="Implicit conversion to a NumPy array"):
            np.asarray(a)
        assert isinstance(a.get(), np.ndarray) and xp.asnumpy(a).tolist() == [1.0, 2.0]


def test_numpy_and_device_arrays_do_not_mix():
    with cp(_backend) as xp:
        a = xp.asarray([1.0, 2.0])
        with pytest.raises(TypeError):
            np.add(a, np.ones(2))
        with pytest.raises(TypeError):
            xp.sum(np.ones(2))


def test_numpy_functions_dispatch_to_the_device_and_zero_d_results_stay_arrays():
    with cp(_backend) as xp:
        a = xp.asarray([1.0, 2.0])
        s = np.sum(a)
        assert isinstance(s, xp.ndarray) and s.shape == ()
        assert isinstance(a.max(), xp.ndarray)
        assert isinstance(np.exp(a), xp.ndarray)


def test_functions_cupy_lacks_are_missing():
    with cp(_backend) as xp:
        a = xp.asarray([1.0, 2.0])
        assert not hasattr(xp, "nanpercentile_of_my_own")
        with pytest.raises(TypeError):
            np.busday_count(a, a)               # NumPy has it, the stand-in (and CuPy) not
        with pytest.raises(NotImplementedError):
            xp.multiply.at(a, [0], 2.0)         # CuPy 13's ufunc.at: add/subtract/max/min only


def test_a_path_that_bypasses_the_backend_fails_on_the_device():
    with cp(_backend):
        t = al.ones(3, device="cuda")
        assert type(t._data).__name__ == "ndarray" and not isinstance(t._data, np.ndarray)
        with pytest.raises(TypeError):
            np.asarray(t._data)                 # what an op reaching for NumPy would do
        with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor"):
            t.numpy()


def test_installing_is_undone():
    before = _backend._cupy
    with cp(_backend):
        assert al.cuda.is_available()
    assert _backend._cupy is before and not al.cuda.is_available()
