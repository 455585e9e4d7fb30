"""RAdam: Adam whose adaptive step is switched on gradually, once its variance is reliable."""
from .. import _creation
from .optimizer import Optimizer, _check_options, _no_grad_step, _run_closure, _scalar_state, \
    _to_scalar


class RAdam(Optimizer):
    r"""RAdam (rectified Adam), as ``torch.optim.RAdam``.

    For each parameter ``p`` with gradient ``g``, at step ``t`` (1, 2, ...)::

        g = -g if maximize
        p = p * (1 - lr * weight_decay)                 if decoupled_weight_decay
        g = g + weight_decay * p                        otherwise, if weight_decay != 0
        m = lerp(m, g, 1 - beta1);  v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)   length of the approximate SMA
        if rho_t > 5:    p = p - lr * m_hat * sqrt(1 - beta2**t) / (sqrt(v) + eps) * r_t
                         with r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf
                                         / ((rho_inf - 4)(rho_inf - 2) rho_t))
        else:            p = p - lr * m_hat          (plain momentum SGD for the first steps)

    Parameters
    ----------
    params : iterable
    lr : float, default 1e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
    decoupled_weight_decay : bool, default False
    maximize : bool, default False

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.RAdam([w], lr=0.1)
    >>> (w * w).sum().backward(); opt.step()
    >>> w            # early steps are momentum SGD: p - lr * g
    tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    # (what loading an older state dict fills in: see Optimizer.__setstate__)
    _group_defaults = {"foreach": None, "maximize": False, "differentiable": False,
                       "decoupled_weight_decay": False, "capturable": False}
    _counters = ("step",)

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False,
                 capturable=False, differentiable=False):
        _check_options(lr=lr, epsilon=eps, betas=betas, weight_decay=weight_decay)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "foreach": foreach, "capturable": capturable,
                    "decoupled_weight_decay": decoupled_weight_decay,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"step": _scalar_state(0.0), "exp_avg": _creation.zeros_like(p),
                "exp_avg_sq": _creation.zeros_like(p)}

    @_no_grad_step
    def step(self, closure=None):
        """One RAdam update of every parameter that has a ``.grad``."""
        loss = _run_closure(closure)
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps = group["lr"], group["eps"]
            # (grad: negated if maximize, weight decay applied: Optimizer._params_and_grads)
            for p, grad in self._params_and_grads(group, group["decoupled_weight_decay"]):
                state = self._state_of(p, group)
                exp_avg, exp_avg_sq, step_t = state["exp_avg"], state["exp_avg_sq"], state["step"]
                step_t += 1
                step = step_t.item()
                exp_avg.lerp_(grad, 1 - beta1)
                exp_avg_sq.mul_(beta2).add_(grad.mul(1 - beta2).mul_(grad))
                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                bias_corrected_exp_avg = exp_avg / bias_correction1
                rho_inf = 2 / (1 - beta2) - 1
                rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
                if rho_t > 5.0:
                    rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                            / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                    adaptive_lr = (bias_correction2 ** 0.5) / exp_avg_sq.sqrt().add_(eps)
                    p.add_(bias_corrected_exp_avg * _to_scalar(lr) * adaptive_lr * rect,
                           alpha=-1.0)
                else:
                    p.add_(bias_corrected_exp_avg * _to_scalar(lr), alpha=-1.0)
        return loss
