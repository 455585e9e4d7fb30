"""Shared helpers for the nn tests: identical weights and inputs for torch and autograd_lab."""
import numpy as np


def fill_params(model, lib, seed=0, scale=0.5):
    """Overwrite every parameter with values drawn from a seeded NumPy generator, so the torch
    and autograd_lab copies of a model hold exactly the same numbers."""
    rng = np.random.default_rng(seed)
    with lib.no_grad():
        for _, p in model.named_parameters():
            arr = rng.uniform(-scale, scale, tuple(p.shape))
            p.copy_(lib.tensor(arr, dtype=p.dtype))
    return model


def array(shape, seed=1, dtype=np.float32, low=-1.0, high=1.0):
    return np.random.default_rng(seed).uniform(low, high, shape).astype(dtype)


def forward_backward(lib, model, x_arr, seed=2):
    """Run ``model`` on ``x_arr`` (requires_grad), backprop a fixed random upstream gradient and
    return the output, the input gradient and every parameter gradient (in name order)."""
    x = lib.tensor(x_arr, requires_grad=True)
    out = model(x)
    g = lib.tensor(array(tuple(out.shape), seed, x_arr.dtype))
    (out * g).sum().backward()
    grads = [p.grad for _, p in model.named_parameters()]
    return [out, x.grad] + grads
