"""Helpers shared by the distributions: parameter broadcasting, probs <-> logits, lazily
computed attributes."""
from numbers import Number

import autograd_lab as _al

__all__ = ["broadcast_all", "clamp_probs", "lazy_property", "logits_to_probs",
           "probs_to_logits"]


def broadcast_all(*values):
    """Turn numbers into tensors and broadcast everything to one shape.

    Numbers take the dtype and device of the first tensor argument (the default dtype when
    there is none), so ``Normal(x64, 1.0)`` stays float64.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> [v.shape for v in broadcast_all(torch.zeros(2, 1), 3.0)]
    [torch.Size([2, 1]), torch.Size([2, 1])]
    """
    for v in values:
        if not isinstance(v, (_al.Tensor, Number)):
            raise ValueError("Input arguments must all be instances of Number, torch.Tensor "
                             "or objects implementing __torch_function__.")
    first = next((v for v in values if isinstance(v, _al.Tensor)), None)
    if first is None:
        options = dict(dtype=_al.get_default_dtype())
    else:
        options = dict(dtype=first.dtype, device=first.device)
    tensors = [v if isinstance(v, _al.Tensor) else _al.tensor(v, **options) for v in values]
    return _al.broadcast_tensors(*tensors)


def clamp_probs(probs):
    """Keep probabilities inside ``[eps, 1 - eps]`` so that their logs stay finite."""
    eps = _al.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    """Log-odds ``log p - log(1 - p)`` (binary) or log-probabilities (categorical)."""
    clamped = clamp_probs(probs)
    if is_binary:
        return _al.log(clamped) - _al.log1p(-clamped)
    return _al.log(clamped)


def logits_to_probs(logits, is_binary=False):
    """The inverse: ``sigmoid`` of log-odds, or ``softmax`` of unnormalised log-probs."""
    if is_binary:
        return _al.sigmoid(logits)
    return _al.nn.functional.softmax(logits, dim=-1)


def given_parameter(probs, logits):
    """``(name, value)`` of whichever of ``probs`` / ``logits`` was passed; exactly one
    must be."""
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")
    return ("probs", probs) if logits is None else ("logits", logits)


def enumerate_outcomes(count, dtype, device, batch_shape, expand):
    """The outcomes ``0 .. count-1`` along a new leading dim, broadcastable against (or,
    with ``expand``, expanded to) ``batch_shape``."""
    values = _al.arange(count, dtype=dtype, device=device)
    values = values.reshape((count,) + (1,) * len(batch_shape))
    return values.expand((count,) + tuple(batch_shape)) if expand else values


def expand_given(dist, shape):
    """Expanded views of whichever of ``probs`` / ``logits`` ``dist`` holds (given or
    already derived), plus ``_param``: the one ``expand`` should treat as the parameter."""
    held = {name: dist.__dict__[name].expand(shape) for name in ("probs", "logits")
            if name in dist.__dict__}
    held["_param"] = held["logits"] if "logits" in held else held["probs"]
    return held


def sum_rightmost(value, dim):
    """Sum the ``dim`` rightmost dims (flattened into one, then summed once)."""
    if dim == 0:
        return value
    return value.reshape(value.shape[:-dim] + (-1,)).sum(-1)


class lazy_property:
    """An attribute computed on first access and then stored on the instance.

    Bernoulli and Categorical keep whichever of ``probs`` / ``logits`` they were given and
    derive the other only when asked; storing it in ``__dict__`` makes the next access free
    (and is how ``expand`` and ``repr`` tell which parameter was given).
    """

    def __init__(self, fn):
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with _al.enable_grad():
            value = self.fn(instance)
        instance.__dict__[self.fn.__name__] = value
        return value
