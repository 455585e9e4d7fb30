"""Adadelta: steps scaled by the ratio of running RMS of past updates to that of gradients."""
from .. import _creation
from .._tensor import Tensor
from .optimizer import (Optimizer, _no_grad_step, _run_closure, _scalar_state,
                        _steps_as_tensors, _to_scalar)


class Adadelta(Optimizer):
    r"""Adadelta, as ``torch.optim.Adadelta``.

    For each parameter ``p`` with gradient ``g``::

        g = -g if maximize
        g = g + weight_decay * p                        if weight_decay != 0
        v = rho * v + (1 - rho) * g * g                 ("square_avg")
        delta = sqrt(u + eps) / sqrt(v + eps) * g       u: running mean of delta**2
        u = rho * u + (1 - rho) * delta * delta         ("acc_delta")
        p = p - lr * delta

    The ratio of the two RMS values makes the step carry the units of ``p``, which is why
    the default ``lr`` is 1.0.

    Parameters
    ----------
    params : iterable
    lr : float, default 1.0
    rho : float, default 0.9
    eps : float, default 1e-6
    weight_decay : float, default 0
    maximize : bool, default False

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.Adadelta([w])
    >>> (w * w).sum().backward(); opt.step()
    >>> w            # the first steps are tiny: u starts at zero
    tensor([ 0.9968, -1.9968], requires_grad=True)
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "capturable": capturable, "foreach": foreach,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
        _steps_as_tensors(self)

    def _state_of(self, p):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _scalar_state(0.0)
            state["square_avg"] = _creation.zeros_like(p)
            state["acc_delta"] = _creation.zeros_like(p)
        return state

    @_no_grad_step
    def step(self, closure=None):
        """One Adadelta update of every parameter that has a ``.grad``."""
        loss = _run_closure(closure)
        for group in self.param_groups:
            params, grads = self._grads_of(group)
            lr, rho, eps = _to_scalar(group["lr"]), group["rho"], group["eps"]
            weight_decay = group["weight_decay"]
            for p, grad in zip(params, grads):
                state = self._state_of(p)
                square_avg, acc_delta = state["square_avg"], state["acc_delta"]
                state["step"] += 1
                if group["maximize"]:
                    grad = -grad
                if weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)
                square_avg.mul_(rho).add_(grad.mul(1 - rho).mul_(grad))
                std = square_avg.add(eps).sqrt_()
                delta = acc_delta.add(eps).sqrt_()
                delta.div_(std).mul_(grad)
                acc_delta.mul_(rho).add_(delta.mul(1 - rho).mul_(delta))
                p.add_(delta, alpha=-lr)
        return loss
