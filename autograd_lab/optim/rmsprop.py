"""RMSprop: divide each gradient by a running root-mean-square of its recent values."""
from .. import _creation
from .._tensor import Tensor
from .optimizer import (Optimizer, _no_grad_step, _run_closure, _scalar_state,
                        _steps_as_tensors, _to_scalar)


class RMSprop(Optimizer):
    r"""RMSprop, as ``torch.optim.RMSprop``.

    For each parameter ``p`` with gradient ``g`` (torch's order of operations)::

        g = -g if maximize
        g = g + weight_decay * p                        if weight_decay != 0
        v = alpha * v + (1 - alpha) * g * g             running mean of g**2 ("square_avg")
        if centered:                                    subtract the squared running mean
            m = lerp(m, g, 1 - alpha)                   ("grad_avg")
            avg = sqrt(v - m * m) + eps
        else:
            avg = sqrt(v) + eps
        if momentum > 0:
            buf = momentum * buf + g / avg              ("momentum_buffer")
            p = p - lr * buf
        else:
            p = p - lr * g / avg

    State per parameter: ``step`` (a 0-d float32 tensor), ``square_avg``, and
    ``momentum_buffer`` / ``grad_avg`` when used: torch's keys.

    Parameters
    ----------
    params : iterable
    lr : float, default 1e-2
    alpha : float, default 0.99
        Smoothing constant of the running averages.
    eps : float, default 1e-8
    weight_decay : float, default 0
    momentum : float, default 0
    centered : bool, default False
        Normalize by an estimate of the gradient's variance instead of its second moment.
    maximize : bool, default False

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.RMSprop([w], lr=0.01)
    >>> (w * w).sum().backward(); opt.step()
    >>> w            # the first step is lr / sqrt(1 - alpha) = 0.1 per weight
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps,
                    "centered": centered, "weight_decay": weight_decay,
                    "capturable": capturable, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("momentum", 0)
            group.setdefault("centered", False)
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
        _steps_as_tensors(self)

    def _state_of(self, p, group):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _scalar_state(0.0)
            state["square_avg"] = _creation.zeros_like(p)
            if group["momentum"] > 0:
                state["momentum_buffer"] = _creation.zeros_like(p)
            if group["centered"]:
                state["grad_avg"] = _creation.zeros_like(p)
        return state

    @_no_grad_step
    def step(self, closure=None):
        """One RMSprop update of every parameter that has a ``.grad``."""
        loss = _run_closure(closure)
        for group in self.param_groups:
            params, grads = self._grads_of(group)
            lr, alpha, eps = _to_scalar(group["lr"]), group["alpha"], group["eps"]
            weight_decay, momentum = group["weight_decay"], group["momentum"]
            for p, grad in zip(params, grads):
                state = self._state_of(p, group)
                if group["maximize"]:
                    grad = -grad
                square_avg = state["square_avg"]
                state["step"] += 1
                if weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)
                # square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
                square_avg.mul_(alpha).add_(grad.mul(1 - alpha).mul_(grad))
                if group["centered"]:
                    grad_avg = state["grad_avg"]
                    grad_avg.lerp_(grad, 1 - alpha)
                    # square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
                    avg = square_avg.add(grad_avg.neg().mul_(grad_avg)).sqrt_()
                else:
                    avg = square_avg.sqrt()
                avg = avg.add_(eps)
                if momentum > 0:
                    buf = state["momentum_buffer"]
                    buf.mul_(momentum).add_(grad / avg)          # addcdiv_(grad, avg)
                    p.add_(buf, alpha=-lr)
                else:
                    p.add_(grad.mul(-lr).div_(avg))              # addcdiv_(..., value=-lr)
        return loss
