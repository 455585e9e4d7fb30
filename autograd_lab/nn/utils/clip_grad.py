"""Gradient clipping: rescale (or clamp) ``.grad`` in place before the optimizer step."""
import math

from ... import _creation, _grad_mode
from ..._tensor import Tensor


def _params(parameters):
    if isinstance(parameters, Tensor):
        return [parameters]
    return list(parameters)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False,
                    foreach=None):
    """Scale all gradients together so that their joint norm is at most ``max_norm``.

    The joint norm is the ``norm_type`` norm of the per-parameter gradient norms (what one
    long vector of all gradients would have). Returns that norm, measured before clipping.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> p = torch.nn.Parameter(torch.ones(2))
    >>> p.grad = torch.tensor([3.0, 4.0])
    >>> torch.nn.utils.clip_grad_norm_([p], 1.0)
    tensor(5.)
    >>> p.grad
    tensor([0.6000, 0.8000])
    """
    grads = [p.grad for p in _params(parameters) if p.grad is not None]
    norm_type = float(norm_type)
    if not grads:
        return _creation.tensor(0.0)
    with _grad_mode.no_grad():
        if math.isinf(norm_type):
            norms = [g.abs().max() for g in grads]
            total = norms[0] if len(norms) == 1 else _stack(norms).max()
        else:
            norms = [g.norm(norm_type) for g in grads]
            total = _stack(norms).norm(norm_type)
        if error_if_nonfinite and not bool(total.isfinite()):
            raise RuntimeError(f"The total norm of order {norm_type} for gradients from "
                               "`parameters` is non-finite, so it cannot be clipped. To disable "
                               "this error and scale the gradients by the non-finite norm "
                               "anyway, set `error_if_nonfinite=False`")
        # 1e-6 keeps a zero norm from dividing by zero; the factor never exceeds 1
        coef = (max_norm / (total + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(coef.to(g.dtype))
    return total


def _stack(tensors):
    from ...ops import stack
    return stack(tensors)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element into ``[-clip_value, clip_value]`` in place."""
    clip_value = float(clip_value)
    with _grad_mode.no_grad():
        for p in _params(parameters):
            if p.grad is not None:
                p.grad.clamp_(min=-clip_value, max=clip_value)
