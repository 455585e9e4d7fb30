"""``gradcheck``: compare analytical gradients with central finite differences."""
import numpy as np


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,)


def _numerical_jacobian(fn, inputs, k, out_index, eps):
    """d out / d inputs[k], one column per input element, by central differences."""
    x = inputs[k]
    flat = x._data.reshape(-1)
    out0 = _as_tuple(fn(*inputs))[out_index]
    jac = np.zeros((x._data.size, out0._data.size), dtype=np.float64)
    for i in range(flat.size):
        orig = flat[i].item()
        flat[i] = orig + eps
        plus = _as_tuple(fn(*inputs))[out_index]._data.astype(np.float64).reshape(-1).copy()
        flat[i] = orig - eps
        minus = _as_tuple(fn(*inputs))[out_index]._data.astype(np.float64).reshape(-1).copy()
        flat[i] = orig
        jac[i] = (plus - minus) / (2 * eps)
    return jac


def _analytical_jacobian(fn, inputs, k, out_index):
    from .. import _grad_mode
    from . import grad as autograd_grad
    from .._creation import zeros_like
    x = inputs[k]
    with _grad_mode.enable_grad():
        out = _as_tuple(fn(*inputs))[out_index]
    jac = np.zeros((x._data.size, out._data.size), dtype=np.float64)
    for j in range(out._data.size):
        g = zeros_like(out)
        g._data.reshape(-1)[j] = 1
        (gx,) = autograd_grad(out, x, g, retain_graph=True, allow_unused=True)
        if gx is not None:
            jac[:, j] = gx._data.astype(np.float64).reshape(-1)
    return jac


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              **kwargs):
    """True when ``func``'s backward agrees with finite differences for every input that
    requires grad. Use float64 inputs: float32 differences are too coarse.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.randn(3, dtype=torch.float64, requires_grad=True)
    >>> torch.autograd.gradcheck(lambda t: (t * t).sum(), (x,))
    True
    """
    from .._tensor import Tensor
    inputs = _as_tuple(inputs)
    outputs = _as_tuple(func(*inputs))
    for k, x in enumerate(inputs):
        if not (isinstance(x, Tensor) and x._requires_grad):
            continue
        if x._data.dtype != np.float64:
            import warnings
            warnings.warn("Input #%d requires gradient and is not a double precision floating "
                          "point. This check will likely fail if all the inputs are not of "
                          "double precision floating point. " % k, UserWarning, stacklevel=2)
        for o in range(len(outputs)):
            if not isinstance(outputs[o], Tensor) or not outputs[o]._requires_grad:
                continue
            num = _numerical_jacobian(func, inputs, k, o, eps)
            ana = _analytical_jacobian(func, inputs, k, o)
            if not np.allclose(ana, num, rtol=rtol, atol=atol):
                if raise_exception:
                    raise GradcheckError(
                        f"Jacobian mismatch for output {o} with respect to input {k},\n"
                        f"numerical:{num}\nanalytical:{ana}\n")
                return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  raise_exception=True, **kwargs):
    """Check second derivatives: gradcheck of the function that returns first gradients."""
    from .. import _creation
    from . import grad as autograd_grad
    inputs = _as_tuple(inputs)
    diff_inputs = [x for x in inputs if getattr(x, "_requires_grad", False)]

    def first_grads(*xs):
        outs = _as_tuple(func(*xs))
        gos = [_creation.ones_like(o) for o in outs]
        ins = [x for x in xs if getattr(x, "_requires_grad", False)]
        return autograd_grad(outs, ins, gos, create_graph=True, allow_unused=True,
                             materialize_grads=True)
    return gradcheck(first_grads, inputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception) if diff_inputs else True


class GradcheckError(RuntimeError):
    pass
