"""``Optimizer``: the base class of every optimizer (SGD, Adam, RMSprop...), with PyTorch's
bookkeeping.

An optimizer holds ``param_groups`` (lists of parameters, each group with its own options such
as ``lr``) and ``state`` (per-parameter buffers such as SGD's momentum). ``step()`` reads each
parameter's ``.grad`` and updates the parameter IN PLACE, under ``no_grad``: the model keeps
the very same Parameter objects, their ``_version`` goes up, and live widgets watching them are
told through the ordinary in-place path (``p.add_(...)``).
"""
import functools
import warnings
from collections import defaultdict
from copy import deepcopy
from itertools import chain

import numpy as np

from .. import _backend, _grad_mode, _version
from .._tensor import Tensor
from ..ops.inplace import _after_write


class _RequiredParameter:
    """The default of an option every group must set (torch.optim.optimizer.required)."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj):
    """torch.typename: ``torch.FloatTensor`` for tensors, else the qualified class name."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = obj if isinstance(obj, type) else type(obj)
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", cls.__name__)
    return name if module in ("", "builtins") else f"{module}.{name}"


def _no_grad_step(step):
    """Run ``step`` with autograd off: an update must not become part of the next graph."""
    @functools.wraps(step)
    def wrapper(self, *args, **kwargs):
        with _grad_mode.no_grad():
            return step(self, *args, **kwargs)
    return wrapper


def _update_(t, ufunc, other, alpha=1):
    """``t.add_(other, alpha=alpha)`` (``ufunc`` np.add) or ``t.mul_(other)`` (np.multiply)
    as an optimizer step runs it, under no_grad: the same in-place arithmetic, version bump,
    view refresh and live-widget notification as the general in-place path
    (``ops/inplace.py``), straight into the parameter's memory, without that path's general
    checks -- for the plain case they are all moot: a dense, non-view float tensor on the
    CPU, ``other`` a tensor of its dtype and shape (not a view either) or a Python number.
    Anything else goes through the general path."""
    d = t._data
    if type(other) in (int, float):
        o = other
    elif isinstance(other, Tensor) and other._base is None:
        o = other._data
        if type(o) is not np.ndarray or o.dtype is not d.dtype or o.shape != d.shape:
            o = None
    else:
        o = None
    if o is None or _grad_mode.is_grad_enabled() or t._base is not None or \
            type(d) is not np.ndarray or d.dtype.kind != "f":
        return t.add_(other, alpha=alpha) if ufunc is np.add else t.mul_(other)
    token = _backend.ERRSTATE.set(_backend.IGNORE_ALL)    # (torch: inf/nan, silently)
    try:
        ufunc(d, o if alpha == 1 else o * alpha, out=d)   # (as the general path computes)
    finally:
        _backend.ERRSTATE.reset(token)
    _version.bump(t)
    _after_write(t)
    t._notify("inplace")
    return t


def _get_scalar_dtype():
    """The dtype of step counters such as ``state["step"]`` (torch: float32, or float64 when
    that is the default dtype)."""
    from .. import _dtype
    return _dtype.float64 if _dtype.get_default_dtype() == _dtype.float64 else _dtype.float32


def _scalar_state(value):
    """A 0-d counter tensor on the CPU, as torch keeps ``step`` (and NAdam's ``mu_product``)."""
    from .. import _creation
    return _creation.tensor(float(value), dtype=_get_scalar_dtype())


def _run_closure(closure):
    """``closure()`` with autograd on (it re-evaluates the loss and calls backward)."""
    if closure is None:
        return None
    with _grad_mode.enable_grad():
        return closure()


def _to_scalar(value):
    """A Python number from a number or a 1-element tensor (a tensor ``lr``)."""
    return value.item() if isinstance(value, Tensor) else value


def _check_options(**options):
    """Raise torch's ValueError for the first invalid option, in the order given (each
    optimizer passes its options in the order its torch counterpart checks them).

    ``lr`` must be >= 0 (a tensor lr: one element), each of ``betas`` in [0, 1), ``rho`` in
    [0, 1], any other option >= 0; the message names it as given (torch says "epsilon").
    NaN fails every check, as ``not 0.0 <= nan`` in torch.
    """
    for name, value in options.items():
        if name == "lr":
            if isinstance(value, Tensor) and value.numel() != 1:
                raise ValueError("Tensor lr must be 1-element")
            if not 0.0 <= value:
                raise ValueError(f"Invalid learning rate: {value}")
        elif name == "betas":
            for i in (0, 1):
                if not 0.0 <= value[i] < 1.0:
                    raise ValueError(f"Invalid beta parameter at index {i}: {value[i]}")
        elif name == "rho":
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"Invalid rho value: {value}")
        elif not 0.0 <= value:
            raise ValueError(f"Invalid {name} value: {value}")


def _check_unsupported(defaults):
    # foreach/fused only choose a faster kernel in torch; autograd_lab has one (readable) loop,
    # which computes the same update, so they are accepted and recorded -- but refused together
    # as torch refuses them (SGD, Adam, AdamW, Adagrad: the optimizers that have ``fused``). A
    # differentiable step would need the update recorded in the graph, which autograd_lab does
    # not do.
    if defaults.get("fused"):
        if defaults.get("differentiable"):
            raise RuntimeError("`fused` does not support `differentiable`")
        if defaults.get("foreach"):
            raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
    if defaults.get("differentiable"):
        raise NotImplementedError("autograd_lab optimizers do not support differentiable=True: "
                                  "the update is always applied outside the graph")


class Optimizer:
    """Base class for all optimizers (``torch.optim.Optimizer``).

    Parameters
    ----------
    params : iterable of Tensor, or of dict
        The tensors to optimize, or dicts ``{"params": [...], "lr": ...}`` defining groups.
    defaults : dict
        The option values a group takes when it does not set them itself.

    Notes
    -----
    An optimizer (see ``sgd.py``, ``adam.py``) checks its options with ``_check_options``,
    defines ``step`` -- its update rule, written out in full -- and, if it keeps per-parameter
    buffers, ``_init_state``. Its loop takes ``self._params_and_grads(group)`` (maximize and
    weight decay already applied) and ``self._state_of(p, group)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = torch.optim.SGD([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step(); w
    tensor([0.8000, 1.6000], requires_grad=True)
    """

    def __init__(self, params, defaults):
        self.defaults = defaults
        _check_unsupported(defaults)
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + _typename(params))
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    # ------------------------------------------------------------------ pickling, printing
    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state,
                "param_groups": self.param_groups}

    # Set by each optimizer: the group options a pickle or state dict saved by an older
    # version may lack, with the values they get on loading (torch's __setstate__), and the
    # state's 0-d counters, which older versions saved as plain numbers.
    _group_defaults = {}
    _counters = ()

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.defaults.setdefault("differentiable", False)
        for group in self.param_groups:
            for key, value in self._group_defaults.items():
                group.setdefault(key, value)
            for p in group["params"]:
                p_state = self.state.get(p, [])
                if len(p_state) != 0:
                    for key in self._counters:
                        if not isinstance(p_state[key], Tensor):
                            p_state[key] = _scalar_state(p_state[key])

    def __repr__(self):
        text = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"

    # ------------------------------------------------------------------ groups
    def add_param_group(self, param_group):
        """Add a group of parameters (e.g. layers unfrozen later when fine-tuning).

        Options the group does not set are taken from ``defaults``.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        else:
            param_group["params"] = list(params)

        # named_parameters() gives (name, tensor) pairs; torch keeps the names in the group
        tensors, names = [], []
        for param in param_group["params"]:
            if isinstance(param, tuple):
                names.append(param[0])
                tensors.append(param[1])
            else:
                tensors.append(param)
        param_group["params"] = tensors
        if names:
            if len(names) != len(tensors):
                raise ValueError("all optimizer params should be with/without names. Some param "
                                 "names are missing")
            param_group["param_names"] = names

        for param in tensors:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _typename(param))
            if not self.defaults.get("differentiable", None) and \
                    not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)

        if len(tensors) != len(set(tensors)):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        param_set = set()
        for group in self.param_groups:
            param_set.update(group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        if not param_set.isdisjoint(tensors):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # ------------------------------------------------------------------ gradients and steps
    def zero_grad(self, set_to_none=True):
        """Reset every parameter's ``.grad``: to ``None`` (default), or to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                grad = p._grad
                if grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    if grad.grad_fn is not None:
                        grad.detach_()
                    else:
                        grad.requires_grad_(False)
                    grad.zero_()
                    p._notify("grad")

    def step(self, closure=None):
        """Update every parameter from its ``.grad`` (each optimizer defines its rule)."""
        raise NotImplementedError

    def _params_and_grads(self, group, decoupled_weight_decay=False):
        """Each parameter of ``group`` that has a ``.grad``, with the gradient its update uses.

        A parameter whose ``.grad`` is None is skipped entirely: it does not move, and its
        state (momentum, Adam's averages) does not advance, as in PyTorch. The two options
        every optimizer has are applied here, first, as each torch optimizer does::

            g = -g                               if maximize
            g = g + weight_decay * p             if weight_decay != 0 (an L2 penalty)
            p = p * (1 - lr * weight_decay)      instead, if decoupled (AdamW)
        """
        maximize, weight_decay = group["maximize"], group["weight_decay"]
        for p in group["params"]:
            grad = p._grad
            if grad is None:
                continue
            if maximize:
                grad = -grad
            if weight_decay != 0:
                if decoupled_weight_decay:
                    # (a tensor lr: a float32 tensor, rounded as in torch)
                    p.mul_(_to_scalar(1 - group["lr"] * weight_decay))
                else:
                    grad = grad.add(p, alpha=weight_decay)
            yield p, grad

    def _state_of(self, p, group):
        """``p``'s state, created by :meth:`_init_state` on its first step (torch's
        ``_init_group``)."""
        state = self.state[p]
        if len(state) == 0:
            state.update(self._init_state(p, group))
        return state

    def _init_state(self, p, group):
        """The state of a parameter before its first step: ``{"step": 0-d counter, buffer
        name: zeros like p, ...}``, in torch's key order."""
        raise NotImplementedError

    # ------------------------------------------------------------------ checkpoints
    def state_dict(self):
        """The optimizer's state as ``{"state": {index: {...}}, "param_groups": [...]}``.

        Parameters are replaced by their position (0, 1, ... across groups), exactly as in
        PyTorch, so the dict can be saved with :func:`autograd_lab.save` and loaded by torch.
        """
        mapping = {}
        start = 0

        def pack_group(group):
            nonlocal start
            packed = {k: v for k, v in group.items() if k != "params"}
            mapping.update({id(p): i for i, p in enumerate(group["params"], start)
                            if id(p) not in mapping})
            packed["params"] = [mapping[id(p)] for p in group["params"]]
            start += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {(mapping[id(k)] if isinstance(k, Tensor) else k): v
                        for k, v in self.state.items()}
        return {"state": packed_state, "param_groups": param_groups}

    def load_state_dict(self, state_dict):
        """Load a dict made by :meth:`state_dict` (ours or torch's) into this optimizer."""
        state_dict = state_dict.copy()
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        id_map = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))

        def cast(param, value, key=None):
            # buffers follow their parameter's dtype and device; Adam's "step" counter stays
            if isinstance(value, Tensor):
                if key == "step":
                    return value
                if param.is_floating_point():
                    return value.to(dtype=param.dtype, device=param.device)
                return value.to(device=param.device)
            if isinstance(value, dict):
                return {k: cast(param, v, key=k) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return type(value)(cast(param, v) for v in value)
            return value

        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                state[id_map[k]] = cast(id_map[k], v)
            else:
                state[k] = v

        def update_group(group, new_group):
            new_group["params"] = group["params"]
            if "param_names" in group and "param_names" not in new_group:
                new_group["param_names"] = group["param_names"]
            return new_group

        param_groups = [update_group(g, ng) for g, ng in zip(groups, saved_groups)]
        self.__setstate__({"state": state, "param_groups": param_groups})
