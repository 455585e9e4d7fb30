"""Torch's error for a dtype one of its CPU kernels is not built for."""
from ... import _dtype


def require_dtype(input, kernel, kinds="f", also=()):
    """Raise torch's ``NotImplementedError: "<kernel>" not implemented for '<Type>'`` unless
    ``input`` is of a NumPy kind in ``kinds`` ('f' float, 'i' signed, 'u' unsigned, 'b' bool)
    or one of the dtypes ``also``."""
    if input._data.dtype.kind not in kinds and input.dtype not in also:
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_dtype.type_name(input.dtype)}'")
