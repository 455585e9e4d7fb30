"""``autograd_lab.accelerator``: the device-agnostic questions tutorials ask before choosing
a device, as ``torch.accelerator``.

The only accelerator autograd_lab can drive is a CUDA GPU through CuPy; on a machine without
one every answer is what torch gives there (``is_available()`` is False,
``current_accelerator()`` is None, asking for the device raises torch's RuntimeError).

Examples
--------
>>> import autograd_lab as torch
>>> device = torch.accelerator.current_accelerator() if torch.accelerator.is_available() \\
...     else torch.device("cpu")
"""
from . import _backend, cuda

_NONE_MESSAGE = "Cannot access accelerator device when none is available."


def is_available():
    """True when an accelerator (here: a CUDA GPU usable through CuPy) is present."""
    return cuda.is_available()


def current_accelerator(check_available=False):
    """``device(type='cuda')`` when a GPU is present, else None."""
    return _backend.device("cuda") if cuda.is_available() else None


def device_count():
    """How many accelerators (GPUs) there are: 0 without one."""
    return cuda.device_count()


def _require():
    if not cuda.is_available():
        raise RuntimeError(_NONE_MESSAGE)


def current_device_index():
    """The index of the current GPU; torch's RuntimeError when there is none."""
    _require()
    return cuda.current_device()


current_device_idx = current_device_index


def set_device_index(device):
    _require()
    _backend.cupy_module().cuda.Device(_backend.device(device).index or 0).use()


set_device_idx = set_device_index


def synchronize(device=None):
    """Wait for the GPU's queued work; torch's RuntimeError when there is none."""
    _require()
    cuda.synchronize(device)
