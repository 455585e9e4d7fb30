"""NAdam: Adam with Nesterov momentum (the update looks one momentum step ahead)."""
from .. import _creation
from .optimizer import Optimizer, _check_options, _no_grad_step, _run_closure, _scalar_state, \
    _to_scalar


class NAdam(Optimizer):
    r"""NAdam, as ``torch.optim.NAdam``.

    For each parameter ``p`` with gradient ``g``, at step ``t`` (1, 2, ...)::

        g = -g if maximize
        p = p * (1 - lr * weight_decay)                 if decoupled_weight_decay
        g = g + weight_decay * p                        otherwise, if weight_decay != 0
        mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))     momentum schedule
        mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
        P = P * mu_t                                    ("mu_product": a float32 0-d tensor)
        m = lerp(m, g, 1 - beta1)                       ("exp_avg")
        v = beta2 * v + (1 - beta2) * g * g             ("exp_avg_sq")
        denom = sqrt(v / (1 - beta2**t)) + eps
        p = p - lr * (1 - mu_t) / (1 - P) * g / denom
        p = p - lr * mu_next / (1 - P * mu_next) * m / denom

    Parameters
    ----------
    params : iterable
    lr : float, default 2e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
    momentum_decay : float, default 4e-3
    decoupled_weight_decay : bool, default False
        True gives NAdamW (decay applied to the weights, as AdamW).
    maximize : bool, default False

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.NAdam([w], lr=0.1)
    >>> (w * w).sum().backward(); opt.step()
    >>> w
    tensor([ 0.8944, -1.8944], requires_grad=True)
    """

    # (what loading an older state dict fills in: see Optimizer.__setstate__)
    _group_defaults = {"maximize": False, "foreach": None, "capturable": False,
                       "differentiable": False, "decoupled_weight_decay": False}
    _counters = ("step", "mu_product")

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, *, foreach=None,
                 maximize=False, capturable=False, differentiable=False):
        _check_options(lr=lr, epsilon=eps, betas=betas, weight_decay=weight_decay,
                       momentum_decay=momentum_decay)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "momentum_decay": momentum_decay,
                    "decoupled_weight_decay": decoupled_weight_decay, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"step": _scalar_state(0.0), "mu_product": _scalar_state(1.0),
                "exp_avg": _creation.zeros_like(p), "exp_avg_sq": _creation.zeros_like(p)}

    @_no_grad_step
    def step(self, closure=None):
        """One NAdam update of every parameter that has a ``.grad``."""
        loss = _run_closure(closure)
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps, momentum_decay = group["lr"], group["eps"], group["momentum_decay"]
            # (grad: negated if maximize, weight decay applied: Optimizer._params_and_grads)
            for p, grad in self._params_and_grads(group, group["decoupled_weight_decay"]):
                state = self._state_of(p, group)
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                mu_product, step_t = state["mu_product"], state["step"]
                step_t += 1
                step = step_t.item()
                bias_correction2 = 1 - beta2 ** step
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
                mu_product *= mu          # in float32, as torch rounds it
                exp_avg.lerp_(grad, 1 - beta1)
                exp_avg_sq.mul_(beta2).add_(grad.mul(1 - beta2).mul_(grad))
                denom = exp_avg_sq.div(bias_correction2).sqrt()
                mu_product_value = mu_product.item()
                mu_product_next = mu_product_value * mu_next
                denom.add_(eps)
                # (with a tensor lr these factors are float32 tensors, as in torch)
                grad_factor = _to_scalar(-lr * (1.0 - mu) / (1.0 - mu_product_value))
                avg_factor = _to_scalar((-lr * mu_next) / (1.0 - mu_product_next))
                p.add_(grad.mul(grad_factor).div_(denom))         # addcdiv_
                p.add_(exp_avg.mul(avg_factor).div_(denom))       # addcdiv_
        return loss
