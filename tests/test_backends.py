"""``torch.backends``, ``torch.accelerator`` and the default device: what tutorials ask before
choosing a device, answered as torch answers on a machine without CUDA, cuDNN or MPS."""
import pytest

import autograd_lab as al
from autograd_helpers import check

CUDA = al.cuda.is_available()
no_gpu = pytest.mark.skipif(CUDA, reason="the oracle machine's torch has no CUDA")

QUESTIONS = {
    "cudnn_flags": lambda t: [t.backends.cudnn.enabled, t.backends.cudnn.benchmark,
                              t.backends.cudnn.deterministic, t.backends.cudnn.allow_tf32],
    "cudnn_available": lambda t: [t.backends.cudnn.is_available(), t.backends.cudnn.version()],
    "mps": lambda t: [t.backends.mps.is_available(), t.backends.mps.is_built()],
    "cuda_matmul": lambda t: [t.backends.cuda.matmul.allow_tf32,
                              t.backends.cuda.matmul.allow_fp16_reduced_precision_reduction,
                              t.backends.cuda.is_built()],
    "accelerator": lambda t: [t.accelerator.is_available(), t.accelerator.current_accelerator(),
                              t.accelerator.device_count()],
    "accelerator_index": lambda t: t.accelerator.current_device_index(),
    "accelerator_sync": lambda t: t.accelerator.synchronize(),
    "the_tutorial_line": lambda t: str(
        t.accelerator.current_accelerator().type if t.accelerator.is_available() else "cpu"),
    "default_device": lambda t: repr(t.get_default_device()),
}


@no_gpu
@pytest.mark.parametrize("key", sorted(QUESTIONS))
def test_questions(oracle, key):
    check(oracle, key, QUESTIONS[key])


def _with_default(device, make):
    def run(t):
        t.set_default_device(device)
        try:
            return make(t)
        finally:
            t.set_default_device(None)
    return run


DEFAULTS = {
    "cpu": _with_default("cpu", lambda t: [repr(t.get_default_device()), str(t.ones(2).device),
                                           str(t.randn(2).device), str(t.zeros(1).device)]),
    "cpu_index": _with_default("cpu:0", lambda t: repr(t.get_default_device())),
    "cuda_factory": _with_default("cuda", lambda t: t.ones(1)),
    "cuda_get": _with_default("cuda", lambda t: t.get_default_device()),
    "unknown": _with_default("foo", lambda t: None),
    "reset": lambda t: (t.set_default_device(None), repr(t.get_default_device()))[1],
}


@no_gpu
@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_default_device(oracle, key):
    check(oracle, key, DEFAULTS[key])
    assert al.get_default_device() == al.device("cpu")


def test_cudnn_flags_context_restores(oracle):
    def run(t):
        t.backends.cudnn.benchmark = True
        inside = []
        with t.backends.cudnn.flags(enabled=False, deterministic=True):
            inside = [t.backends.cudnn.enabled, t.backends.cudnn.benchmark,
                      t.backends.cudnn.deterministic]
        after = [t.backends.cudnn.enabled, t.backends.cudnn.benchmark,
                 t.backends.cudnn.deterministic]
        t.backends.cudnn.benchmark = False
        return inside + after

    check(oracle, "flags", run)
