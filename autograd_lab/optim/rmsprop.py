"""RMSprop: divide each gradient by a running root-mean-square of its recent values."""
from .. import _creation
from .optimizer import Optimizer, _check_options, _no_grad_step, _run_closure, _scalar_state, \
    _to_scalar


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

    # (what loading an older state dict fills in: see Optimizer.__setstate__)
    _group_defaults = {"momentum": 0, "centered": False, "foreach": None, "maximize": False,
                       "differentiable": False, "capturable": False}
    _counters = ("step",)

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        _check_options(lr=lr, epsilon=eps, momentum=momentum, weight_decay=weight_decay,
                       alpha=alpha)
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps,
                    "centered": centered, "weight_decay": weight_decay,
                    "capturable": capturable, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        state = {"step": _scalar_state(0.0), "square_avg": _creation.zeros_like(p)}
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
            lr, alpha, eps = _to_scalar(group["lr"]), group["alpha"], group["eps"]
            momentum = group["momentum"]
            # (grad: negated if maximize, weight decay applied: Optimizer._params_and_grads)
            for p, grad in self._params_and_grads(group):
                state = self._state_of(p, group)
                square_avg = state["square_avg"]
                state["step"] += 1
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
