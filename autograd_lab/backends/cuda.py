"""``torch.backends.cuda``: CUDA's switches. ``is_built()`` says whether a GPU path exists
(CuPy with a usable device); ``matmul.allow_tf32`` and its friends keep what a script sets
with no effect (CuPy's float32 matmul does not use TF32 unless told to)."""
from .. import _backend


class _MatmulSwitches:
    """``torch.backends.cuda.matmul``: the reduced-precision switches of matrix products."""

    def __init__(self):
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True


matmul = _MatmulSwitches()


def is_built():
    """Whether this autograd_lab can run on a CUDA GPU (CuPy and a device)."""
    return _backend.cuda_is_available()
