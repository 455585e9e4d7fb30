"""``autograd_lab.cuda``: the optional CuPy device, as ``torch.cuda``."""
from . import _backend


def is_available():
    return _backend.cuda_is_available()


def device_count():
    if not is_available():
        return 0
    return _backend.cupy_module().cuda.runtime.getDeviceCount()


def current_device():
    return _backend.cupy_module().cuda.runtime.getDevice()


def synchronize(device=None):
    if is_available():
        _backend.cupy_module().cuda.runtime.deviceSynchronize()


def manual_seed(seed):
    if is_available():
        _backend.cupy_module().random.seed(seed)


manual_seed_all = manual_seed
