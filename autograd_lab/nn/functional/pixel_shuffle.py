"""``pixel_shuffle`` and ``pixel_unshuffle``: trade channels for resolution (sub-pixel
convolution) and back. Pure rearrangements, each the other's backward."""
from ...autograd.function import Op


def _shuffle(xp, x, r):
    """``(*, C*r*r, H, W) -> (*, C, H*r, W*r)``."""
    *lead, c, h, w = x.shape
    oc = c // (r * r)
    n = len(lead)
    y = x.reshape(tuple(lead) + (oc, r, r, h, w))
    # (*, C, r1, r2, H, W) -> (*, C, H, r1, W, r2): row h*r + r1, column w*r + r2
    axes = tuple(range(n)) + (n, n + 3, n + 1, n + 4, n + 2)
    return xp.ascontiguousarray(y.transpose(axes)).reshape(tuple(lead) + (oc, h * r, w * r))


def _unshuffle(xp, x, r):
    """``(*, C, H*r, W*r) -> (*, C*r*r, H, W)``."""
    *lead, c, h, w = x.shape
    n = len(lead)
    y = x.reshape(tuple(lead) + (c, h // r, r, w // r, r))
    axes = tuple(range(n)) + (n, n + 2, n + 4, n + 1, n + 3)
    return xp.ascontiguousarray(y.transpose(axes)).reshape(
        tuple(lead) + (c * r * r, h // r, w // r))


class PixelShuffle(Op):
    node_name = "PixelShuffleBackward0"
    saved_attrs = ("upscale_factor",)

    @staticmethod
    def forward(ctx, a, r):
        ctx.upscale_factor = r
        return _shuffle(a._xp(), a._data, r)

    @staticmethod
    def backward(ctx, grad):
        return PixelUnshuffle.apply(grad, ctx.upscale_factor), None


class PixelUnshuffle(Op):
    node_name = "PixelUnshuffleBackward0"
    saved_attrs = ("downscale_factor",)

    @staticmethod
    def forward(ctx, a, r):
        ctx.downscale_factor = r
        return _unshuffle(a._xp(), a._data, r)

    @staticmethod
    def backward(ctx, grad):
        return PixelShuffle.apply(grad, ctx.downscale_factor), None


def pixel_shuffle(input, upscale_factor):
    """Rearrange ``(*, C*r^2, H, W)`` into ``(*, C, H*r, W*r)`` (``r = upscale_factor``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.functional.pixel_shuffle(torch.arange(4.).reshape(1, 4, 1, 1), 2)
    tensor([[[[0., 1.],
              [2., 3.]]]])
    """
    if input.dim() < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got "
                           f"input with {input.dim()} dimension(s)")
    if upscale_factor <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got "
                           f"{upscale_factor}")
    c = input.shape[-3]
    if c % (upscale_factor * upscale_factor) != 0:
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be "
                           "divisible by the square of upscale_factor, but input.size(-3)="
                           f"{c} is not divisible by {upscale_factor * upscale_factor}")
    return PixelShuffle.apply(input, int(upscale_factor))


def pixel_unshuffle(input, downscale_factor):
    """Rearrange ``(*, C, H*r, W*r)`` into ``(*, C*r^2, H, W)``: the inverse of
    :func:`pixel_shuffle`."""
    if input.dim() < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but "
                           f"got input with {input.dim()} dimension(s)")
    if downscale_factor <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got "
                           f"{downscale_factor}")
    for name, dim in (("height", -2), ("width", -1)):
        if input.shape[dim] % downscale_factor != 0:
            raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by "
                               f"downscale_factor, but input.size({dim})={input.shape[dim]} is "
                               f"not divisible by {downscale_factor}")
    return PixelUnshuffle.apply(input, int(downscale_factor))
