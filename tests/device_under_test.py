"""Run the oracle op tests on the ``cuda`` device of the CuPy stand-in (not a GPU).

With ``AUTOGRAD_LAB_TEST_DEVICE=standin`` the test session installs tests/standin_cupy.py as
autograd_lab's CuPy, and :func:`on_device` hands the op cases a view of ``autograd_lab`` whose
factories (``tensor``, ``zeros``, ``arange``...) default to ``device="cuda"``, as
``torch.set_default_device("cuda")`` does. The cases then compare with torch's CPU answers
as usual (values reach the comparison through ``tolist()``, an explicit copy to the host).
"""
import functools
import os

DEVICE = os.environ.get("AUTOGRAD_LAB_TEST_DEVICE", "")

_FACTORIES = frozenset("""tensor as_tensor zeros ones empty full arange range linspace logspace
eye rand randn randint randperm normal zeros_like ones_like empty_like full_like rand_like
randn_like randint_like""".split()) - frozenset(
    "zeros_like ones_like empty_like full_like rand_like randn_like randint_like".split())


class OnDevice:
    """``autograd_lab`` with device-defaulting factories; everything else passes through."""

    def __init__(self, lib, device):
        self._lib, self._device = lib, device

    def __getattr__(self, name):
        obj = getattr(self._lib, name)
        if name in _FACTORIES:
            @functools.wraps(obj)
            def factory(*args, **kwargs):
                kwargs.setdefault("device", self._device)
                return obj(*args, **kwargs)
            return factory
        return obj


def install_for_session():
    """Called once from conftest when ``AUTOGRAD_LAB_TEST_DEVICE=standin``."""
    from autograd_lab import _backend
    import standin_cupy
    global _installed                           # kept: a collected context would undo it
    _installed = standin_cupy.installed(_backend)
    _installed.__enter__()


def on_device(lib):
    import autograd_lab
    return OnDevice(lib, "cuda") if DEVICE == "standin" and lib is autograd_lab else lib
