"""AdamW: Adam whose weight decay shrinks the weights directly instead of the gradient."""
from .adam import Adam


class AdamW(Adam):
    r"""AdamW, as ``torch.optim.AdamW``: Adam with ``decoupled_weight_decay=True``.

    Each step first shrinks every weight, ``p = p * (1 - lr * weight_decay)``, then applies
    the Adam update computed from the raw gradient, so the decay is not rescaled by Adam's
    per-weight step sizes. Note the default ``weight_decay`` is 1e-2 (Adam's is 0).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.AdamW([w], lr=0.1, weight_decay=0.5)
    >>> (w * w).sum().backward(); opt.step()
    >>> w
    tensor([ 0.8500, -1.8000], requires_grad=True)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
