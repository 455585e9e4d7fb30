"""``torch.backends.mps``: Apple's Metal backend, which autograd_lab does not have; the answers
are torch's on a machine without MPS."""


def is_available():
    """Whether an MPS device can be used: never here."""
    return False


def is_built():
    """Whether this build supports MPS: it does not."""
    return False
