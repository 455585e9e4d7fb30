"""``pad`` with ``mode='reflect'``, ``'replicate'`` or ``'circular'``: borders copied from the
input itself.

Each padded axis is a gather: position ``j`` of the result (``-left <= j < n + right`` in
input coordinates) reads input ``reflect(j)`` (``-j`` left of the input, ``2(n-1) - j`` right
of it: the edge itself is not repeated) or ``clip(j, 0, n-1)`` (the edge repeated). The
gathers are those of ``interpolate`` (``resample.py``), and so is the backward: each
gradient added back to the input it was read from (border inputs collect several).
"""
from ...autograd.function import Op
from ._kernels import require_dtype
from .resample import _resample, _spread


def _index(mode, n, left, right):
    import numpy as np
    j = np.arange(-left, n + right)
    if mode == "reflect":
        j = np.abs(j)                         # left of the input: mirror at 0
        return np.where(j > n - 1, 2 * (n - 1) - j, j)
    return np.clip(j, 0, n - 1)


class _PadBackward(Op):
    """The adjoint of the gather: gradients added back where they were read."""

    @staticmethod
    def forward(ctx, grad, fwd):
        ctx.fwd = fwd
        return _spread(grad._xp(), grad._data, fwd.plans, fwd.in_shape)

    @staticmethod
    def backward(ctx, gg):
        f = ctx.fwd        # the adjoint of the adjoint is the padding itself
        return f._forward_cls.apply(gg, f.padding), None


class _Pad(Op):
    saved_names = ("self",)
    saved_attrs = ("padding",)
    mode = None
    backward_op = None

    @classmethod
    def forward(cls, ctx, a, padding):
        x = a._data
        k = len(padding) // 2
        # padding lists the last dim first: (left, right, top, bottom, front, back)
        ctx.plans = [(x.ndim - 1 - i, (_index(cls.mode, x.shape[-1 - i], padding[2 * i],
                                              padding[2 * i + 1]), None)) for i in range(k)]
        ctx.in_shape, ctx.padding = x.shape, tuple(padding)
        ctx.save_for_backward(a)
        return _resample(a._xp(), x, ctx.plans)

    @classmethod
    def backward(cls, ctx, grad):
        return cls.backward_op.apply(grad, ctx), None


def _pad_op(mode, name):
    """The op of one torch padding kernel (``name``, e.g. ``"ReflectionPad2D"``): ``_Pad`` and
    its backward under torch's node names; only the names and ``mode`` differ between them."""
    backward = type(f"{name}Backward", (_PadBackward,),
                    {"node_name": f"{name}BackwardBackward0"})
    return type(name, (_Pad,), {"node_name": f"{name}Backward0", "mode": mode,
                                "backward_op": backward,
                                "__doc__": f"``pad(mode={mode!r})`` of the last {name[-2]} "
                                           "dim(s)."})


# torch names one node per mode and number of padded dims
_OPS = {(mode, k): _pad_op(mode, f"{kernel}Pad{k}D")
        for mode, kernel in (("reflect", "Reflection"), ("replicate", "Replication"))
        for k in (1, 2, 3)}

_COMBINATIONS = ("Supported combinations for non-constant padding:\n"
                 "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
                 "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
                 "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


def pad_from_input(input, pad, mode, value):
    """The non-constant modes of :func:`padding.pad` (``pad`` already checked for length)."""
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    k = len(pad) // 2
    if k not in (1, 2, 3) or input.dim() not in (k + 1, k + 2):
        raise NotImplementedError(f"Padding size {len(pad)} is not supported for "
                                  f"{input.dim()}D input tensor.\n{_COMBINATIONS}")
    if mode == "circular":
        return _pad_circular(input, pad)
    if mode == "reflect":
        for i in range(k):
            dim = input.dim() - 1 - i
            left, right = pad[2 * i], pad[2 * i + 1]
            if left >= input.shape[dim] or right >= input.shape[dim]:
                raise RuntimeError(
                    f"Argument #{4 + 2 * i}: Padding size should be less than the "
                    f"corresponding input dimension, but got: padding ({left}, {right}) at "
                    f"dimension {dim} of input {list(input.shape)}")
    kernel = "reflection" if mode == "reflect" else "replication"
    require_dtype(input, f"{kernel}_pad{k}d", "fiu")
    return _OPS[(mode, k)].apply(input, pad)


def _pad_circular(input, pad):
    """``mode='circular'``: the input wraps around (the left border is the right edge). As
    torch computes it, and so with torch's graph: copies into slices of an empty result
    (``CopySlices`` nodes), the middle first, then each side from the opposite edge of what
    is already there (corners get written twice)."""
    k = len(pad) // 2
    dims = [input.dim() - 1 - i for i in range(k)]      # pad lists the last dim first
    in_shape = list(input.shape)
    out_shape = list(input.shape)
    for i, dim in enumerate(dims):
        left, right = pad[2 * i], pad[2 * i + 1]
        if left > in_shape[dim] or right > in_shape[dim]:
            raise RuntimeError("Padding value causes wrapping around more than once.")
        out_shape[dim] = in_shape[dim] + left + right
        if out_shape[dim] < 0:
            raise RuntimeError("Negative padding value is resulting in an empty dimension")
    out = input.new_empty(out_shape)
    out_part, in_part = out, input
    for i, dim in enumerate(dims):
        lo, hi = max(pad[2 * i], 0), max(pad[2 * i + 1], 0)            # room for borders
        cut_lo, cut_hi = max(-pad[2 * i], 0), max(-pad[2 * i + 1], 0)  # negative: cropped
        out_part = out_part.narrow(dim, lo, out_shape[dim] - lo - hi)
        in_part = in_part.narrow(dim, cut_lo, in_shape[dim] - cut_lo - cut_hi)
    out_part.copy_(in_part)
    for i, dim in enumerate(dims):
        left, right, n = pad[2 * i], pad[2 * i + 1], out_shape[dim]
        if left > 0:
            out.narrow(dim, 0, left).copy_(out.narrow(dim, n - left - max(right, 0), left))
        if right > 0:
            out.narrow(dim, n - right, right).copy_(out.narrow(dim, max(left, 0), right))
    return out
