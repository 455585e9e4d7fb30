"""Stochastic gradient descent, with PyTorch's momentum, dampening, Nesterov and weight decay."""
import numpy as np

from .._tensor import Tensor
from .optimizer import Optimizer, _no_grad_step, _run_closure, _to_scalar, _update_


class SGD(Optimizer):
    r"""Stochastic gradient descent (optionally with momentum), as ``torch.optim.SGD``.

    For each parameter ``p`` with gradient ``g`` (torch's exact order of operations)::

        g = -g if maximize
        g = g + weight_decay * p                       if weight_decay != 0
        buf = g  (first step)   or   buf = momentum * buf + (1 - dampening) * g
        g = g + momentum * buf  if nesterov   else   g = buf      (if momentum != 0)
        p = p - lr * g                                 (in place)

    Note that the first step copies the gradient into the momentum buffer without applying
    ``dampening``: this is PyTorch's rule.

    Parameters
    ----------
    params : iterable
        Tensors or parameter-group dicts.
    lr : float, default 1e-3
    momentum : float, default 0
    dampening : float, default 0
    weight_decay : float, default 0
        L2 penalty added to the gradient.
    nesterov : bool, default False
    maximize : bool, default False
        Ascend the objective instead of descending.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     opt.zero_grad()
    ...     (w * w).sum().backward()
    ...     opt.step()
    >>> w
    tensor([ 0.4600, -0.9200], requires_grad=True)
    """

    # (what loading an older state dict fills in: see Optimizer.__setstate__)
    _group_defaults = {"nesterov": False, "maximize": False, "foreach": None,
                       "differentiable": False, "fused": False}

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        # (not _check_options: torch's SGD tests `lr < 0.0`, which lets a NaN lr through)
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    @_no_grad_step
    def step(self, closure=None):
        """One update of every parameter that has a ``.grad``.

        Parameters
        ----------
        closure : callable, optional
            Re-evaluates the model and returns the loss (run with gradients enabled).
        """
        loss = _run_closure(closure)
        for group in self.param_groups:
            # a tensor lr acts through its value, as torch's alpha=-lr does
            lr, momentum = _to_scalar(group["lr"]), group["momentum"]
            dampening = group["dampening"]
            # (grad: negated if maximize, weight decay applied: Optimizer._params_and_grads)
            for p, grad in self._params_and_grads(group):
                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = grad.detach().clone()
                        state["momentum_buffer"] = buf
                    else:
                        # buf.mul_(momentum).add_(grad, alpha=1 - dampening)
                        _update_(_update_(buf, np.multiply, momentum), np.add, grad,
                                 1 - dampening)
                    grad = grad.add(buf, alpha=momentum) if group["nesterov"] else buf
                _update_(p, np.add, grad, -lr)                 # p.add_(grad, alpha=-lr)
        return loss
