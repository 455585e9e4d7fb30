"""``set_default_device`` / ``get_default_device``: where factories (``zeros``, ``randn``,
``tensor``...) put a tensor when no ``device=`` is given.

The state is ``_backend.default_device``, which :func:`_backend.as_device` hands out for
``None``. ``"cuda"`` is accepted as torch accepts it (the check comes when it is used): on a
machine without CUDA (no CuPy, or no GPU), creating a tensor there raises torch's
``AssertionError: Torch not compiled with CUDA enabled``.
"""
from . import _backend


def set_default_device(device):
    """Make ``device`` the default for tensor factories; ``None`` goes back to the CPU.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.set_default_device("cpu")
    >>> torch.zeros(2).device
    device(type='cpu')
    >>> torch.set_default_device(None)
    """
    _backend.default_device = _backend.CPU if device is None else _backend.device(device)


def get_default_device():
    """The device factories use when given none (``device(type='cpu')`` unless set).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.get_default_device()
    device(type='cpu')
    """
    dev = _backend.default_device
    if dev.type == "cuda" and dev.index is None:    # torch names the current GPU
        from . import cuda
        return _backend.device("cuda", cuda.current_device())
    return dev
