"""Adam (and, with ``decoupled_weight_decay=True``, AdamW), following PyTorch's update."""
from .. import _creation, _grad_mode
from .._tensor import Tensor
from .optimizer import Optimizer, _no_grad_step, _scalar_state, _to_scalar


class Adam(Optimizer):
    r"""Adam, as ``torch.optim.Adam``.

    For each parameter ``p`` with gradient ``g``, at step ``t`` (1, 2, ...)::

        g = -g if maximize
        p = p * (1 - lr * weight_decay)          if decoupled (AdamW)
        g = g + weight_decay * p                 otherwise, if weight_decay != 0
        m = lerp(m, g, 1 - beta1)                first moment: running mean of g
        v = beta2 * v + (1 - beta2) * g * g      second moment: running mean of g**2
        v_used = max(v_max, v) if amsgrad else v
        p = p - lr / (1 - beta1**t) * m / (sqrt(v_used) / sqrt(1 - beta2**t) + eps)

    State per parameter: ``step`` (a 0-d tensor, float32 unless float64 is the default dtype), ``exp_avg`` (m), ``exp_avg_sq`` (v)
    and, with amsgrad, ``max_exp_avg_sq``: the same keys as torch, so state dicts interchange.

    Parameters
    ----------
    params : iterable
    lr : float, default 1e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
    amsgrad : bool, default False
    maximize : bool, default False
    decoupled_weight_decay : bool, default False
        True gives AdamW.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.Adam([w], lr=0.1)
    >>> (w * w).sum().backward(); opt.step()
    >>> w            # the first Adam step moves each weight by about lr
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
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
        if not ((isinstance(betas[0], float) and isinstance(betas[1], float))
                or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))):
            raise ValueError("betas must be either both floats or both Tensors")
        betas = tuple(b.item() if isinstance(b, Tensor) else b for b in betas)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize, "foreach": foreach,
                    "capturable": capturable, "differentiable": differentiable,
                    "fused": fused, "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
            group.setdefault("fused", None)
            for p in group["params"]:
                p_state = self.state.get(p, [])
                if len(p_state) != 0 and not isinstance(p_state["step"], Tensor):
                    p_state["step"] = _scalar_state(p_state["step"])

    def _state_of(self, p, amsgrad):
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _scalar_state(0.0)
            state["exp_avg"] = _creation.zeros_like(p)
            state["exp_avg_sq"] = _creation.zeros_like(p)
            if amsgrad:
                state["max_exp_avg_sq"] = _creation.zeros_like(p)
        return state

    @_no_grad_step
    def step(self, closure=None):
        """One Adam update of every parameter that has a ``.grad``."""
        loss = None
        if closure is not None:
            with _grad_mode.enable_grad():
                loss = closure()
        for group in self.param_groups:
            params, grads = self._grads_of(group)
            beta1, beta2 = group["betas"]
            lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
            amsgrad = group["amsgrad"]
            for p, grad in zip(params, grads):
                state = self._state_of(p, amsgrad)
                if group["maximize"]:
                    grad = -grad
                exp_avg, exp_avg_sq, step_t = state["exp_avg"], state["exp_avg_sq"], state["step"]
                step_t += 1
                if weight_decay != 0:
                    if group["decoupled_weight_decay"]:
                        # (a tensor lr: a float32 tensor, rounded as in torch)
                        p.mul_(_to_scalar(1 - lr * weight_decay))
                    else:
                        grad = grad.add(p, alpha=weight_decay)
                exp_avg.lerp_(grad, 1 - beta1)
                exp_avg_sq.mul_(beta2).add_(grad * grad, alpha=1 - beta2)

                step = step_t.item()
                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                step_size = _to_scalar(lr / bias_correction1)
                bias_correction2_sqrt = bias_correction2 ** 0.5
                if amsgrad:
                    max_sq = state["max_exp_avg_sq"]
                    max_sq.copy_(max_sq.maximum(exp_avg_sq))
                    denom = (max_sq.sqrt() / bias_correction2_sqrt).add_(eps)
                else:
                    denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
                p.add_(exp_avg / denom, alpha=-step_size)
        return loss
