"""``Tensor.sum_to_size``: sum a tensor down to a shape it broadcasts from (the reverse of
``expand``; what the engine does to a gradient of a broadcast input, here as a public,
differentiable method)."""
from ._util import shape_args


def sum_to_size(input, *sizes, size=None):
    """Sum ``input`` down to ``size``, which must be expandable to ``input``'s shape:
    leading dims are summed away, and dims of size 1 in ``size`` summed with keepdim.
    Returns ``input`` itself when the shapes already agree (as PyTorch's ``sum_to``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.ones(2, 3).sum_to_size(1, 3)
    tensor([[2., 2., 2.]])
    """
    shape = tuple(shape_args(sizes if size is None else (size,)))
    have = tuple(input.shape)
    lead = len(have) - len(shape)
    if lead < 0 or any(s != 1 and s != n for s, n in zip(shape, have[lead:])):
        raise RuntimeError(f"size {{{list(shape)}}} is not expandable to size {{{list(have)}}}.")
    if not shape:
        return input.sum()
    dims = list(range(lead)) + [lead + i for i, (s, n) in enumerate(zip(shape, have[lead:]))
                                if s == 1 and n != 1]
    out = input.sum(dims, keepdim=True) if dims else input
    return out.view(shape) if lead > 0 else out
