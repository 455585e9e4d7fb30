"""Adamax: Adam with the second moment replaced by a running maximum of |g| (infinity norm)."""
from .. import _creation
from .._tensor import Tensor
from .optimizer import (Optimizer, _no_grad_step, _run_closure, _scalar_state,
                        _steps_as_tensors, _to_scalar)


class Adamax(Optimizer):
    r"""Adamax, as ``torch.optim.Adamax``.

    For each parameter ``p`` with gradient ``g``, at step ``t`` (1, 2, ...)::

        g = -g if maximize
        g = g + weight_decay * p                        if weight_decay != 0
        m = lerp(m, g, 1 - beta1)                       ("exp_avg")
        u = max(beta2 * u, |g| + eps)                   ("exp_inf")
        p = p - lr / (1 - beta1**t) * m / u

    Parameters
    ----------
    params : iterable
    lr : float, default 2e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
    maximize : bool, default False

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.Adamax([w], lr=0.1)
    >>> (w * w).sum().backward(); opt.step()
    >>> w
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None, *, maximize=False, differentiable=False, capturable=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "capturable": capturable}
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
            state["exp_avg"] = _creation.zeros_like(p)
            state["exp_inf"] = _creation.zeros_like(p)
        return state

    @_no_grad_step
    def step(self, closure=None):
        """One Adamax update of every parameter that has a ``.grad``."""
        loss = _run_closure(closure)
        for group in self.param_groups:
            params, grads = self._grads_of(group)
            beta1, beta2 = group["betas"]
            lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
            for p, grad in zip(params, grads):
                state = self._state_of(p)
                if group["maximize"]:
                    grad = -grad
                exp_avg, exp_inf, step_t = state["exp_avg"], state["exp_inf"], state["step"]
                step_t += 1
                if weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)
                exp_avg.lerp_(grad, 1 - beta1)
                # torch.maximum(exp_inf.mul_(beta2), grad.abs().add_(eps), out=exp_inf)
                exp_inf.copy_(exp_inf.mul_(beta2).maximum(grad.abs().add_(eps)))
                # a tensor lr makes this a float32 tensor, rounded as torch rounds it
                clr = _to_scalar(lr / (1 - beta1 ** step_t.item()))
                p.add_(exp_avg.mul(-clr).div_(exp_inf))   # addcdiv_(exp_avg, exp_inf, -clr)
        return loss
