"""``dropout``: zero each element with probability ``p`` and scale the rest by 1/(1-p).

A composite, exactly as PyTorch computes it on the CPU: a Bernoulli(1-p) mask drawn from the
shared generator, divided by (1-p), multiplied in (so the graph shows ``MulBackward0``).
"""
from ... import _creation


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def dropout(input, p=0.5, training=True, inplace=False):
    """Randomly zero elements during training; the identity when ``training=False``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.ones(4)
    >>> torch.nn.functional.dropout(x, 0.5, training=False) is x
    True
    """
    _check_p(p)
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        zero = _creation.zeros((), dtype=input.dtype, device=input.device)
        return input.mul_(zero) if inplace else input * zero
    noise = _creation.empty_like(input).bernoulli_(1 - p)
    noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


def _feature_dropout(input, p, training, inplace):
    """Zero whole channels: one Bernoulli draw per (sample, channel), broadcast over the rest
    (torch's ``feature_dropout``: the same draws from the same generator)."""
    if p == 0 or not training or input.numel() == 0:
        return input
    shape = tuple(input.shape[:2]) + (1,) * (input.dim() - 2)
    if p == 1:
        noise = _creation.zeros((), dtype=input.dtype, device=input.device)
    else:
        noise = _creation.empty(shape, dtype=input.dtype, device=input.device).bernoulli_(1 - p)
        noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of an ``(N, C, L)`` (or unbatched ``(C, L)``) input.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> _ = torch.manual_seed(0)
    >>> torch.nn.functional.dropout1d(torch.ones(1, 4, 3), 0.5)
    tensor([[[0., 0., 0.],
             [0., 0., 0.],
             [2., 2., 2.],
             [0., 0., 0.]]])
    """
    _check_p(p)
    if input.dim() not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {input.dim()}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout on "
                           "inputs with 1 spatial dimension, a channel dimension, and an optional "
                           "batch dimension (i.e. 2D or 3D inputs).")
    if input.dim() == 3:
        return _feature_dropout(input, p, training, inplace)
    if inplace:
        # (torch unsqueezes in place and back; writing through a batched view is the same)
        _feature_dropout(input.unsqueeze(0), p, training, True)
        return input
    return _feature_dropout(input.unsqueeze(0), p, training, False).squeeze(0)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels: one Bernoulli draw per (sample, channel) of an (N, C, H, W) input."""
    _check_p(p)
    if p == 0 or not training or input.numel() == 0:
        return input
    if input.dim() not in (3, 4):
        raise ValueError(f"dropout2d: Received a {input.dim()}-D input to dropout2d, which is "
                         "not supported")
    shape = tuple(input.shape[:-2]) + (1, 1)
    if p == 1:
        noise = _creation.zeros(shape, dtype=input.dtype, device=input.device)
    else:
        noise = _creation.empty(shape, dtype=input.dtype, device=input.device).bernoulli_(1 - p)
        noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise
