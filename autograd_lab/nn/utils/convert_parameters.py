"""All parameters as one flat vector, and back (used by second-order optimisers)."""
from ... import _grad_mode


def parameters_to_vector(parameters):
    """Concatenate the flattened parameters (a differentiable ``cat``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> lin = torch.nn.Linear(2, 1)
    >>> torch.nn.utils.parameters_to_vector(lin.parameters()).shape
    torch.Size([3])
    """
    from ...ops import cat
    return cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of ``vec`` into the parameters' ``.data``."""
    from ..._tensor import Tensor
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    pointer = 0
    with _grad_mode.no_grad():
        for p in parameters:
            n = p.numel()
            p.data = vec[pointer:pointer + n].view_as(p).data
            pointer += n
