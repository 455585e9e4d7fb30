"""Adadelta: steps scaled by the ratio of running RMS of past updates to that of gradients."""
from .. import _creation
from .optimizer import Optimizer, _check_options, _no_grad_step, _run_closure, _scalar_state, \
    _to_scalar


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

    # (what loading an older state dict fills in: see Optimizer.__setstate__)
    _group_defaults = {"foreach": None, "maximize": False, "differentiable": False,
                       "capturable": False}
    _counters = ("step",)

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        _check_options(lr=lr, rho=rho, epsilon=eps, weight_decay=weight_decay)
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "capturable": capturable, "foreach": foreach,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"step": _scalar_state(0.0), "square_avg": _creation.zeros_like(p),
                "acc_delta": _creation.zeros_like(p)}

    @_no_grad_step
    def step(self, closure=None):
        """One Adadelta update of every parameter that has a ``.grad``."""
        loss = _run_closure(closure)
        for group in self.param_groups:
            lr, rho, eps = _to_scalar(group["lr"]), group["rho"], group["eps"]
            # (grad: negated if maximize, weight decay applied: Optimizer._params_and_grads)
            for p, grad in self._params_and_grads(group):
                state = self._state_of(p, group)
                square_avg, acc_delta = state["square_avg"], state["acc_delta"]
                state["step"] += 1
                square_avg.mul_(rho).add_(grad.mul(1 - rho).mul_(grad))
                std = square_avg.add(eps).sqrt_()
                delta = acc_delta.add(eps).sqrt_()
                delta.div_(std).mul_(grad)
                acc_delta.mul_(rho).add_(delta.mul(1 - rho).mul_(delta))
                p.add_(delta, alpha=-lr)
        return loss
