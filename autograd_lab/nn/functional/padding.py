"""``pad``: add (or, with negative amounts, cut) borders of a tensor. Constant mode here;
``'reflect'``, ``'replicate'`` and ``'circular'`` in ``padding_modes.py``."""
from ...autograd.function import Op


class ConstantPadNd(Op):
    node_name = "ConstantPadNdBackward0"
    saved_attrs = ("pad",)

    @staticmethod
    def forward(ctx, a, pad, value):
        ctx.pad = pad
        x = a._data
        xp = a._xp()
        n = len(pad) // 2
        crop = [slice(None)] * x.ndim
        widths = [(0, 0)] * x.ndim
        for i in range(n):              # pad lists the LAST dim first: (left, right, top, ...)
            dim = x.ndim - 1 - i
            lo, hi = pad[2 * i], pad[2 * i + 1]
            size = x.shape[dim]
            start, stop = max(-lo, 0), size - max(-hi, 0)
            if stop < start:
                raise RuntimeError("narrow(): length must be non-negative.")
            crop[dim] = slice(start, stop)
            widths[dim] = (max(lo, 0), max(hi, 0))
        x = x[tuple(crop)]
        return xp.pad(x, widths, constant_values=value)

    @staticmethod
    def backward(ctx, grad):
        # the gradient of padding is cropping: pad again with every amount negated
        return ConstantPadNd.apply(grad, tuple(-p for p in ctx.pad), 0), None, None


def pad(input, pad, mode="constant", value=None):
    """Pad the last ``len(pad)//2`` dims: ``pad=(left, right, top, bottom, ...)``.

    ``mode`` is ``'constant'`` (with ``value``, default 0), ``'reflect'``, ``'replicate'`` or
    ``'circular'``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.pad(torch.ones(1, 2), (1, 1))
    tensor([[0., 1., 1., 0.]])
    """
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2 != 0:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.dim():
        raise RuntimeError("Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(pad)} and input of dimension "
                           f"{input.dim()}")
    if mode != "constant":
        from .padding_modes import pad_from_input
        return pad_from_input(input, pad, mode, value)
    return ConstantPadNd.apply(input, pad, 0 if value is None else value)
