"""The optional CuPy ``cuda`` device. Everything here except the first test runs twice
(the ``cuda_backend`` fixture): on a real GPU, skipped cleanly without one (CI has none), and
on the strict CuPy stand-in (tests/standin_cupy.py, not a GPU), which refuses implicit NumPy
conversions as CuPy does, so a code path that bypasses ``_backend`` fails in CI.

torch here is a CPU build, so for GPU behaviour the expected messages are PyTorch's own
strings, written out."""
import numpy as np
import pytest

import autograd_lab as al
from autograd_helpers import check

def test_cuda_tensors_without_a_gpu_fail_like_a_cpu_build_of_torch(oracle):
    if al.cuda.is_available():
        t = al.ones(2, device="cuda")
        assert t.is_cuda and str(t.device) == "cuda:0"
        return
    expected = oracle("no_cuda", lambda T: T.ones(2, device="cuda"))
    assert expected["__error__"] in ("AssertionError", "RuntimeError")
    check(oracle, "no_cuda", lambda T: T.ones(2, device="cuda"))
    assert al.cuda.device_count() == 0


def test_device_attributes(cuda_backend):
    t = al.tensor([1., 2.], device="cuda")
    assert repr(t.device) == "device(type='cuda', index=0)"
    assert t.is_cuda and t.cpu().device == al.device("cpu")
    assert al.cuda.device_count() >= 1


def test_backward_on_the_gpu_matches_the_cpu(cuda_backend):
    def run(device):
        x = al.tensor([[1., 2.], [3., 4.]], device=device, requires_grad=True)
        w = al.tensor([0.5, -1.], device=device, requires_grad=True)
        y = ((x * w).sum(1) ** 2).mean()
        y.backward()
        return y.item(), x.grad.cpu().numpy(), w.grad.cpu().numpy(), x.grad.device
    cpu, gpu = run("cpu"), run("cuda")
    assert cpu[0] == pytest.approx(gpu[0])
    np.testing.assert_allclose(cpu[1], gpu[1], rtol=1e-6)
    np.testing.assert_allclose(cpu[2], gpu[2], rtol=1e-6)
    assert str(gpu[3]) == "cuda:0"


def test_to_and_back_keeps_values_and_history(cuda_backend):
    x = al.tensor([1., 2., 3.], requires_grad=True)
    y = x.to("cuda") * 2
    assert y.is_cuda and y.grad_fn.name() == "MulBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [2., 2., 2.] and not x.grad.is_cuda


def test_mixing_cpu_and_cuda_tensors_fails_like_torch(cuda_backend):
    a = al.ones(2, device="cuda")
    b = al.ones(2)
    with pytest.raises(RuntimeError) as err:
        a + b
    assert str(err.value) == ("Expected all tensors to be on the same device, but found at "
                              "least two devices, cuda:0 and cpu!")


def test_numpy_of_a_cuda_tensor_fails_like_torch(cuda_backend):
    with pytest.raises(TypeError) as err:
        al.ones(2, device="cuda").numpy()
    assert str(err.value) == ("can't convert cuda:0 device type tensor to numpy. Use "
                              "Tensor.cpu() to copy the tensor to host memory first.")
