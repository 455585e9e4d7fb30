"""Adagrad: each weight's step shrinks with the sum of all its squared gradients so far."""
from .. import _creation
from .optimizer import Optimizer, _check_options, _no_grad_step, _run_closure, _scalar_state, \
    _to_scalar


class Adagrad(Optimizer):
    r"""Adagrad, as ``torch.optim.Adagrad``.

    For each parameter ``p`` with gradient ``g``, at step ``t`` (1, 2, ...)::

        g = -g if maximize
        g = g + weight_decay * p                        if weight_decay != 0
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g                                   ("sum", starts at
                                                         initial_accumulator_value)
        p = p - clr * g / (sqrt(s) + eps)

    Unlike the other optimizers, the state (``step``, ``sum``) of every parameter is created
    in the constructor, as torch does, so ``state_dict()`` lists them all from the start.

    Parameters
    ----------
    params : iterable
    lr : float, default 1e-2
    lr_decay : float, default 0
    weight_decay : float, default 0
    initial_accumulator_value : float, default 0
    eps : float, default 1e-10
    maximize : bool, default False

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.Adagrad([w], lr=0.5)
    >>> (w * w).sum().backward(); opt.step()
    >>> w            # the first step is lr * g / |g| = lr per weight
    tensor([ 0.5000, -1.5000], requires_grad=True)
    """

    # (what loading an older state dict fills in: see Optimizer.__setstate__)
    _group_defaults = {"foreach": None, "maximize": False, "differentiable": False,
                       "fused": None}
    _counters = ("step",)

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        _check_options(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                       initial_accumulator_value=initial_accumulator_value, epsilon=eps)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value,
                    "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._state_of(p, group)

    def _init_state(self, p, group):
        # the constructor's initial_accumulator_value, also for a group added later (where
        # torch creates it in _init_group), never the group's own
        return {"step": _scalar_state(0.0),
                "sum": _creation.full_like(p, self.defaults["initial_accumulator_value"])}

    @_no_grad_step
    def step(self, closure=None):
        """One Adagrad update of every parameter that has a ``.grad``."""
        loss = _run_closure(closure)
        for group in self.param_groups:
            lr, eps, lr_decay = group["lr"], group["eps"], group["lr_decay"]
            # (grad: negated if maximize, weight decay applied: Optimizer._params_and_grads)
            for p, grad in self._params_and_grads(group):
                state = self._state_of(p, group)
                step_t, state_sum = state["step"], state["sum"]
                step_t += 1
                step = step_t.item()
                # a tensor lr makes this a float32 tensor, rounded as torch rounds it
                clr = _to_scalar(lr / (1 + (step - 1) * lr_decay))
                state_sum.add_(grad * grad)                   # addcmul_(grad, grad, value=1)
                std = state_sum.sqrt().add_(eps)
                p.add_(grad.mul(-clr).div_(std))              # addcdiv_(grad, std, value=-clr)
        return loss
