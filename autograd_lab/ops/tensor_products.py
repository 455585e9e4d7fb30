"""Products over several dims, composed from permute, reshape, mul and mm/bmm exactly as
PyTorch composes them (so the graph shows the same nodes): ``tensordot``, ``kron`` and
``einsum``."""
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


# ---------------------------------------------------------------------------- einsum
# PyTorch evaluates einsum without a fused kernel, and so does this module, step by step as
# PyTorch does, so that the graph shows its nodes:
# 1. parse the equation: each operand's labels (an ellipsis "..." stands for the dims it
#    covers), the output's labels (implicit: the ellipsis, then the labels seen once, in
#    alphabetical order, upper case first);
# 2. give every operand the same dims, in one order (output dims, then contracted ones):
#    a label repeated within an operand becomes its diagonal, a missing one a size-1 dim
#    (``unsqueeze``), then one ``permute``;
# 3. combine the operands left to right: a dim is summed as soon as no later operand has
#    it, and each pair is multiplied with one ``bmm`` (dims permuted and folded into
#    batch x rows x cols), or a plain ``mul`` when nothing is summed;
# 4. drop the summed dims (``view``), or, for a single operand, sum them.
_ELLIPSIS = "..."
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"   # PyTorch's label order


def _parse_operand_labels(lhs, num_ops):
    labels, current, i, seen_ellipsis = [[]], 0, 0, False
    while i < len(lhs):
        c = lhs[i]
        if c == " ":
            pass
        elif c == ".":
            if seen_ellipsis:
                raise RuntimeError(f"einsum(): found '.' for operand {current} for which an "
                                   "ellipsis was already found")
            if lhs[i:i + 3] != _ELLIPSIS:
                raise RuntimeError(f"einsum(): found '.' for operand {current} that is not "
                                   "part of any ellipsis")
            labels[current].append(_ELLIPSIS)
            seen_ellipsis = True
            i += 2
        elif c == ",":
            current += 1
            if current >= num_ops:
                raise RuntimeError("einsum(): fewer operands were provided than specified in "
                                   "the equation")
            labels.append([])
            seen_ellipsis = False
        elif c in _LETTERS:
            labels[current].append(c)
        else:
            raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the "
                               "equation string, subscripts must be in [a-zA-Z]")
        i += 1
    if current != num_ops - 1:
        raise RuntimeError("einsum(): more operands were provided than specified in the "
                           "equation")
    return labels


def _output_positions(equation, lhs_len, counts, ell_dims):
    """Each label's position in the common order (output dims first), the ellipsis' first
    position, and how many dims the output has."""
    position, pos, ell_at, ell_out = {}, 0, 0, False
    arrow = equation.find("->")
    if arrow < 0:                                   # implicit output
        pos, ell_out = ell_dims, True
        for label in _LETTERS:
            if counts.get(label) == 1:
                position[label] = pos
                pos += 1
    else:
        rhs = equation[arrow + 2:]
        i = 0
        while i < len(rhs):
            c = rhs[i]
            if c == ".":
                if ell_out:
                    raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) "
                                       "was already found")
                if rhs[i:i + 3] != _ELLIPSIS:
                    raise RuntimeError("einsum(): found '.' for output that is not part of "
                                       "any ellipsis (...)")
                ell_at, ell_out = pos, True
                pos += ell_dims
                i += 2
            elif c in _LETTERS:
                if not counts.get(c) or c in position:
                    why = ("appears more than once in the output" if c in position else
                           "does not appear in the equation for any input operand")
                    raise RuntimeError(f"einsum(): output subscript {c} {why}")
                position[c] = pos
                pos += 1
            elif c != " ":
                raise RuntimeError(f"einsum(): invalid subscript given at index "
                                   f"{lhs_len + 2 + i} in the equation string, subscripts "
                                   "must be in [a-zA-Z]")
            i += 1
    out_dims = pos
    if not ell_out:                                 # the ellipsis dims are summed
        ell_at = pos
        pos += ell_dims
    for label in _LETTERS:                          # then the contracted labels
        if counts.get(label) and label not in position:
            position[label] = pos
            pos += 1
    return position, ell_at, out_dims, pos


def _align(op, labels, i, position, ell_at, ell_dims, total, sizes, ell_sizes, counts_at):
    """Operand ``op`` with the common dims in the common order (see step 2)."""
    perm = [-1] * total
    dim = 0
    for label in labels:
        if label == _ELLIPSIS:
            covered = op.ndim - (len(labels) - 1)
            for j in range(ell_dims - covered, ell_dims):
                size = op.shape[dim]
                if size != 1:
                    if ell_sizes[j] not in (1, size):
                        raise RuntimeError(
                            f"einsum(): dimension {dim} covered by ellipsis in operand {i}has "
                            f"size {size} which does not broadcast with previously seen "
                            f"ellipsis with size {ell_sizes[j]} for the respective dimension")
                    ell_sizes[j] = size
                    counts_at[ell_at + j] += 1
                perm[ell_at + j] = dim
                dim += 1
        elif perm[position[label]] == -1:
            size = op.shape[dim]
            if size != 1:
                if sizes.get(label, 1) not in (1, size):
                    raise RuntimeError(f"einsum(): subscript {label} has size {size} for "
                                       f"operand {i} which does not broadcast with previously "
                                       f"seen size {sizes[label]}")
                sizes[label] = size
                counts_at[position[label]] += 1
            perm[position[label]] = dim
            dim += 1
        else:                                       # a repeated label: its diagonal
            prev = perm[position[label]]
            if op.shape[dim] != op.shape[prev]:
                raise RuntimeError(f"einsum(): subscript {label} is repeated for operand {i} "
                                   f"but the sizes don't match, {op.shape[dim]} != "
                                   f"{op.shape[prev]}")
            op = op.diagonal(0, prev, dim).movedim(-1, prev)
    for k, p in enumerate(perm):                    # missing labels: size-1 dims
        if p == -1:
            op = op.unsqueeze(dim)
            perm[k] = dim
            dim += 1
    return op.permute(*perm)


def _sumproduct_pair(left, right, sum_dims):
    """``(left * right).sum(sum_dims, keepdim=True)`` with one ``bmm``: the dims of both
    (``lro``), of only the left (``lo``) or right (``ro``) and the summed ones are permuted
    together and folded into batch, rows and columns."""
    if not sum_dims:
        return left * right
    lro, lo, ro = [], [], []
    lro_size = lo_size = ro_size = sum_size = 1
    for d in range(left.ndim):
        in_left, in_right = left.shape[d] != 1, right.shape[d] != 1
        if d in sum_dims:
            if in_left and in_right:
                if left.shape[d] != right.shape[d]:
                    raise RuntimeError("non-broadcast dimensions must match")
                sum_size *= left.shape[d]
            elif in_left:
                left = left.sum(d, keepdim=True)
            elif in_right:
                right = right.sum(d, keepdim=True)
        elif in_left and in_right:
            if left.shape[d] != right.shape[d]:
                raise RuntimeError("non-broadcast dimensions must match")
            lro.append(d)
            lro_size *= left.shape[d]
        elif in_left:
            lo.append(d)
            lo_size *= left.shape[d]
        else:
            ro.append(d)
            ro_size *= right.shape[d]
    if lo and ro and lo[0] > ro[-1]:
        # PyTorch multiplies the other way round when all the right side's own dims come
        # before the left side's (the product then needs less permuting back); found by
        # comparing graphs with PyTorch 2.13 over random equations, not from its source
        left, right, lo, ro = right, left, ro, lo
        lo_size, ro_size = ro_size, lo_size
    out_size = ([left.shape[d] for d in lro] + [left.shape[d] for d in lo] +
                [1] * len(sum_dims) + [right.shape[d] for d in ro])
    order = lro + lo + list(sum_dims) + ro
    back = [0] * len(order)
    for k, d in enumerate(order):
        back[d] = k
    left = left.permute(*order).reshape(lro_size, lo_size, sum_size)
    right = right.permute(*(lro + list(sum_dims) + ro + lo)).reshape(lro_size, sum_size,
                                                                       ro_size)
    return left.bmm(right).view(*out_size).permute(*back)


def _sublist_equation(args):
    """The sublist form: operands, each followed by its dims as integers (0-25: A-Z, 26-51:
    a-z; ``...`` as Ellipsis), and optionally the output's dims last."""
    def label(n):
        if n is Ellipsis:
            return _ELLIPSIS
        if not 0 <= n < 52:
            raise ValueError("einsum(): subscript in subscript list is not within the valid "
                             "range [0, 52)")
        return _LETTERS[n]
    equation = ",".join("".join(label(n) for n in dims) for dims in args[1::2])
    if len(args) % 2 == 1:
        equation += "->" + "".join(label(n) for n in args[-1])
        return equation, args[:-1:2]
    return equation, args[::2]


def einsum(equation, *operands):
    """Einstein summation: ``einsum("ij,jk->ik", a, b)`` is ``a @ b``; labels repeated across
    operands are multiplied, labels missing from the output summed; ``...`` stands for any
    number of (broadcast) dims; without ``->`` the output is the ellipsis, then the labels
    seen once, in alphabetical order.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.einsum("ii", torch.tensor([[1., 2.], [3., 4.]]))
    tensor(5.)
    >>> torch.einsum("i,j->ij", torch.ones(2), torch.arange(3.)).shape
    torch.Size([2, 3])
    """
    if not isinstance(equation, str):       # einsum(a, [0, 1], b, [1, 2], [0, 2])
        equation, operands = _sublist_equation((equation,) + operands)
    elif len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not operands:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    arrow = equation.find("->")
    lhs = equation if arrow < 0 else equation[:arrow]
    labels = _parse_operand_labels(lhs, len(operands))
    counts, ell_dims = {}, 0
    for i, (op, op_labels) in enumerate(zip(operands, labels)):
        named = [lb for lb in op_labels if lb != _ELLIPSIS]
        has_ellipsis = len(named) != len(op_labels)
        for lb in named:
            counts[lb] = counts.get(lb, 0) + 1
        if has_ellipsis:
            ell_dims = max(ell_dims, op.ndim - len(named))
        if (len(named) > op.ndim) if has_ellipsis else (len(named) != op.ndim):
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({len(named)}) "
                + ("is more than" if has_ellipsis else "does not match")
                + f" the number of dimensions ({op.ndim}) for operand {i}"
                + ("" if has_ellipsis else " and no ellipsis was given"))
    position, ell_at, out_dims, total = _output_positions(equation, len(lhs), counts, ell_dims)
    sizes, ell_sizes, counts_at = {}, [1] * ell_dims, [0] * total
    ops = [_align(op, op_labels, i, position, ell_at, ell_dims, total, sizes, ell_sizes,
                  counts_at) for i, (op, op_labels) in enumerate(zip(operands, labels))]
    while len(ops) > 1:
        a, b = ops.pop(0), ops.pop(0)
        sum_dims, a_sum, b_sum = [], [], []
        for d in range(out_dims, total):
            if a.shape[d] != 1 and b.shape[d] != 1:
                counts_at[d] -= 1
                if counts_at[d] == 1:          # no later operand has d: sum it now
                    sum_dims.append(d)
                    counts_at[d] = 0
            elif counts_at[d] == 1:
                if a.shape[d] != 1:
                    a_sum.append(d)
                    counts_at[d] = 0
                elif b.shape[d] != 1:
                    b_sum.append(d)
                    counts_at[d] = 0
        if a_sum:
            a = a.sum(a_sum, keepdim=True)
        if b_sum:
            b = b.sum(b_sum, keepdim=True)
        ops.insert(0, _sumproduct_pair(a, b, sum_dims))
    result = ops[0]
    if total > out_dims:
        if len(operands) > 1:                  # the summed dims are all 1 by now
            return result.view(tuple(result.shape[:out_dims]))
        return result.sum(list(range(out_dims, total)))
    return result
