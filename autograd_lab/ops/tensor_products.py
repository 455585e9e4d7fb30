"""Products over several dims, composed from permute, reshape, mul and mm exactly as PyTorch
composes them (so the graph shows the same nodes): ``tensordot`` and ``kron``."""
import math

from ._util import wrap_dim


def tensordot(a, b, dims=2):
    """Contract dims ``dims[0]`` of ``a`` with dims ``dims[1]`` of ``b`` (an int ``n``: the
    last ``n`` of ``a`` with the first ``n`` of ``b``). The free dims of ``a`` are permuted
    to the front, the contracted ones to the back (and the other way round for ``b``), and
    one ``mm`` does the rest.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.tensordot(torch.ones(2, 3, 4), torch.ones(3, 4, 5)).shape
    torch.Size([2, 5])
    """
    from .._tensor import Tensor
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, (list, tuple)):
        if len(dims) != 2:
            raise RuntimeError(f"tensordot expects dims to be a pair of lists, got {dims}")
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    else:
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        dims_a, dims_b = list(range(-dims, 0)), list(range(dims))
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype != b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    shown = list(zip(dims_a, dims_b))          # (the message names the dims as given)
    dims_a = [wrap_dim(d, a.ndim) for d in dims_a]
    dims_b = [wrap_dim(d, b.ndim) for d in dims_b]
    t1, t2, csize = a, b, 1
    for (da, db), (sa, sb) in zip(zip(dims_a, dims_b), shown):
        s1, s2 = a.shape[da], b.shape[db]
        if s2 == 1:                   # a broadcast dim is summed right away
            t1 = t1.sum(da, keepdim=True)
        elif s1 == 1:
            t2 = t2.sum(db, keepdim=True)
        elif s1 != s2:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {s1} "
                               f"in dim {sa} and second has size {s2} in dim {sb}")
        else:
            csize *= s1
    free_a = [d for d in range(a.ndim) if d not in dims_a]
    free_b = [d for d in range(b.ndim) if d not in dims_b]
    sizes = [t1.shape[d] for d in free_a] + [t2.shape[d] for d in free_b]
    t1 = t1.permute(*free_a, *dims_a).reshape(math.prod(t1.shape[d] for d in free_a), csize)
    t2 = t2.permute(*dims_b, *free_b).reshape(csize, math.prod(t2.shape[d] for d in free_b))
    return t1.mm(t2).reshape(sizes)


def kron(input, other):
    """The Kronecker product: block ``(i, j)`` is ``input[i, j] * other`` (any ranks; the
    smaller is padded with leading 1s). Composed as PyTorch does: both sides reshaped to
    interleaved dims, ``(a0, 1, a1, 1) * (1, b0, 1, b1)``, and the product folded back.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.kron(torch.eye(2), torch.ones(1, 2))
    tensor([[1., 1., 0., 0.],
            [0., 0., 1., 1.]])
    """
    from .shape import UnsafeView
    n = max(input.ndim, other.ndim)
    pad_a, pad_b = n - input.ndim, n - other.ndim
    a_shape, b_shape, out_shape = [], [], []
    for i in range(n):
        sa = input.shape[i - pad_a] if i >= pad_a else 1
        sb = other.shape[i - pad_b] if i >= pad_b else 1
        a_shape += [sa, 1]
        b_shape += [1, sb]
        out_shape.append(sa * sb)
    a = UnsafeView.apply(input, tuple(a_shape))
    b = UnsafeView.apply(other, tuple(b_shape))
    return UnsafeView.apply(a * b, tuple(out_shape))
