"""``Parameter``: a tensor that a :class:`Module` registers as one of its weights.

A Parameter is an ordinary leaf tensor (``requires_grad=True`` by default) whose only extra
meaning is that assigning it to a module attribute adds it to ``module.parameters()``.
Results of ops on a Parameter are plain tensors, as in PyTorch.
"""
from .. import _creation, _version
from .._tensor import Tensor, _init


class Parameter(Tensor):
    """A tensor that is a module parameter.

    Parameters
    ----------
    data : Tensor, optional
        The values; the parameter shares their memory (default: an empty tensor).
    requires_grad : bool, default True

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.Parameter(torch.ones(2))
    Parameter containing:
    tensor([1., 1.], requires_grad=True)
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _creation.empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Parameter.__new__(): argument 'data' (position 1) must be Tensor, "
                            f"not {type(data).__name__}")
        p = Tensor.__new__(cls)
        _init(p, data._data)
        # like torch's _make_subclass(data.detach()): same memory, same version counter
        p._version_counter = _version.shared(data)
        if requires_grad:
            if data._data.dtype.kind not in "fc":
                raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                                   "gradients")
            p._requires_grad = True
        return p

    def __init__(self, data=None, requires_grad=True):
        pass        # everything happened in __new__ (Tensor.__init__ would re-create the data)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()


class Buffer(Tensor):
    """A tensor that, assigned to a module attribute, becomes a buffer (``torch.nn.Buffer``).

    Assigning ``module.x = Buffer(t)`` registers ``t``'s values as the buffer ``x``; the module
    stores a plain tensor sharing that memory.
    """

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            data = _creation.empty(0)
        b = Tensor.__new__(cls)
        _init(b, data._data)
        b._version_counter = _version.shared(data)
        b._requires_grad = data._requires_grad
        b.persistent = persistent
        return b

    def __init__(self, data=None, *, persistent=True):
        pass
