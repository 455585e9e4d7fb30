"""``gradcheck``: compare analytical gradients with central finite differences.

For every input ``x`` that requires grad and every output ``y``, two Jacobians are built,
one row per element of ``x`` and one column per element of ``y`` (PyTorch's layout):

* numerical: ``(f(x + eps) - f(x - eps)) / (2 eps)``, one element of ``x`` at a time;
* analytical: ``autograd.grad(y, x, e_j)`` for each unit vector ``e_j`` of ``y``.

They must agree within ``atol + rtol * |numerical|``. Use float64 inputs: float32 differences
are too coarse for the default tolerances.
"""
import numpy as np


class GradcheckError(RuntimeError):
    """Raised by :func:`gradcheck` when the Jacobians disagree."""


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,)


def _outputs(fn, inputs):
    from .. import _grad_mode
    with _grad_mode.enable_grad():
        return _as_tuple(fn(*inputs))


def _numerical_jacobian(fn, inputs, k, out_index, eps):
    """d out / d inputs[k] by central differences (rows: input elements)."""
    from .. import _backend
    x = inputs[k]
    arr = x._data                    # perturbed in place, element by element, then restored
    out0 = _outputs(fn, inputs)[out_index]
    jac = np.zeros((arr.size, out0._data.size), dtype=np.float64)
    for i in range(arr.size):
        idx = np.unravel_index(i, arr.shape)
        orig = arr[idx].item()
        arr[idx] = orig + eps
        # copies: an output that is a view of x would change back when x is restored
        plus = _backend.to_numpy(_outputs(fn, inputs)[out_index]._data).copy()
        arr[idx] = orig - eps
        minus = _backend.to_numpy(_outputs(fn, inputs)[out_index]._data).copy()
        arr[idx] = orig
        jac[i] = (plus.astype(np.float64) - minus.astype(np.float64)).reshape(-1) / (2 * eps)
    return jac


def _analytical_jacobian(fn, inputs, k, out_index):
    """d out / d inputs[k] with autograd, one backward pass per output element."""
    from .. import _backend
    from .._creation import zeros_like
    from . import grad as autograd_grad
    x = inputs[k]
    out = _outputs(fn, inputs)[out_index]
    jac = np.zeros((x._data.size, out._data.size), dtype=np.float64)
    for j in range(out._data.size):
        g = zeros_like(out)
        g._data[np.unravel_index(j, out._data.shape)] = 1
        (gx,) = autograd_grad(out, x, g, retain_graph=True, allow_unused=True)
        if gx is not None:
            jac[:, j] = _backend.to_numpy(gx._data).astype(np.float64).reshape(-1)
    return jac


def _as_tensor(jac):
    from .._tensor import Tensor
    return Tensor._make(jac)


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              **kwargs):
    """True when ``func``'s backward agrees with finite differences for every input that
    requires grad; otherwise raise :class:`GradcheckError` (or return False when
    ``raise_exception=False``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
    >>> torch.autograd.gradcheck(lambda t: (t * t.sin()).sum(), (x,))
    True
    """
    import warnings
    from .._tensor import Tensor
    inputs = _as_tuple(inputs)
    outputs = _outputs(func, inputs)
    for k, x in enumerate(inputs):
        if not (isinstance(x, Tensor) and x._requires_grad):
            continue
        if x._data.dtype != np.float64:
            warnings.warn(f"Input #{k} requires gradient and is not a double precision floating "
                          "point. This check will likely fail if all the inputs are not of "
                          "double precision floating point. ", UserWarning, stacklevel=2)
        for o, out in enumerate(outputs):
            if not isinstance(out, Tensor) or not out._requires_grad:
                continue
            num = _numerical_jacobian(func, inputs, k, o, eps)
            ana = _analytical_jacobian(func, inputs, k, o)
            if not np.allclose(ana, num, rtol=rtol, atol=atol):
                if raise_exception:
                    raise GradcheckError(
                        f"Jacobian mismatch for output {o} with respect to input {k},\n"
                        f"numerical:{_as_tensor(num)!r}\nanalytical:{_as_tensor(ana)!r}\n")
                return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  raise_exception=True, **kwargs):
    """Check second derivatives: :func:`gradcheck` of the function that returns the first
    gradients (computed with ``create_graph=True``), as ``torch.autograd.gradgradcheck``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> x = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)
    >>> torch.autograd.gradgradcheck(lambda t: t ** 3, (x,))
    True
    """
    from .. import _creation
    from . import grad as autograd_grad
    inputs = _as_tuple(inputs)
    outputs = _outputs(func, inputs)
    if grad_outputs is None:
        # fixed, non-trivial weights for each output (PyTorch draws random ones)
        grad_outputs = tuple(_creation.linspace(0.5, 1.5, o.numel(), dtype=o.dtype)
                             .reshape(o.shape).requires_grad_() for o in outputs)
    grad_outputs = _as_tuple(grad_outputs)
    n = len(inputs)

    def first_grads(*args):
        xs, gos = args[:n], args[n:]
        outs = _as_tuple(func(*xs))
        diff = [x for x in xs if getattr(x, "_requires_grad", False)]
        return autograd_grad(outs, diff, gos, create_graph=True, allow_unused=True,
                             materialize_grads=True)
    return gradcheck(first_grads, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
