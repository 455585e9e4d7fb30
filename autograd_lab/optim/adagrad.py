"""Adagrad: each weight's step shrinks with the sum of all its squared gradients so far."""
from .. import _creation
from .._tensor import Tensor
from .optimizer import (Optimizer, _no_grad_step, _run_closure, _scalar_state,
                        _steps_as_tensors, _to_scalar)


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

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError("Invalid initial_accumulator_value value: "
                             f"{initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value,
                    "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        if fused:
            if differentiable:
                raise RuntimeError("`fused` does not support `differentiable`")
            if foreach:
                raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                state["step"] = _scalar_state(0.0)
                state["sum"] = _creation.full_like(p, initial_accumulator_value)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("fused", None)
        _steps_as_tensors(self)

    def _state_of(self, p):
        state = self.state[p]
        if len(state) == 0:      # a group added later (torch: in _init_group)
            state["step"] = _scalar_state(0.0)
            state["sum"] = _creation.full_like(p, self.defaults["initial_accumulator_value"])
        return state

    @_no_grad_step
    def step(self, closure=None):
        """One Adagrad update of every parameter that has a ``.grad``."""
        loss = _run_closure(closure)
        for group in self.param_groups:
            params, grads = self._grads_of(group)
            lr, eps = group["lr"], group["eps"]
            weight_decay, lr_decay = group["weight_decay"], group["lr_decay"]
            for p, grad in zip(params, grads):
                state = self._state_of(p)
                step_t, state_sum = state["step"], state["sum"]
                step_t += 1
                step = step_t.item()
                if group["maximize"]:
                    grad = -grad
                if weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)
                # a tensor lr makes this a float32 tensor, rounded as torch rounds it
                clr = _to_scalar(lr / (1 + (step - 1) * lr_decay))
                state_sum.add_(grad * grad)                   # addcmul_(grad, grad, value=1)
                std = state_sum.sqrt().add_(eps)
                p.add_(grad.mul(-clr).div_(std))              # addcdiv_(grad, std, value=-clr)
        return loss
