"""``torch.backends.cudnn``: cuDNN's switches. autograd_lab has no cuDNN (its GPU path is
CuPy): ``is_available()`` is False and ``version()`` None, as torch answers without cuDNN; the
flags keep what a script sets (``benchmark``, ``deterministic``...) with no effect here."""
import contextlib

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True
benchmark_limit = 10


def is_available():
    """Whether cuDNN can be used: never here."""
    return False


def version():
    """cuDNN's version: None, as torch says without cuDNN."""
    return None


@contextlib.contextmanager
def flags(enabled=False, benchmark=False, benchmark_limit=10, deterministic=False,
          allow_tf32=True):
    """Set the switches for a ``with`` block, then restore them (torch's signature)."""
    module = globals()
    names = ("enabled", "benchmark", "benchmark_limit", "deterministic", "allow_tf32")
    old = {n: module[n] for n in names}
    module.update(zip(names, (enabled, benchmark, benchmark_limit, deterministic, allow_tf32)))
    try:
        yield
    finally:
        module.update(old)
