"""Fit sin(x) with a cubic written as a custom autograd Function, plain SGD on scalar leaves
(the calls of PyTorch's "Learning PyTorch with Examples", custom-Function step)."""
import math

import torch


class Cubic(torch.autograd.Function):
    """p(u) = (5u^3 - 3u) / 2, with its derivative written by hand."""

    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return (5 * u ** 3 - 3 * u) / 2

    @staticmethod
    def backward(ctx, grad):
        u, = ctx.saved_tensors
        return grad * (15 * u ** 2 - 3) / 2


xs = torch.linspace(-math.pi, math.pi, 500, dtype=torch.float)
target = torch.sin(xs)
coef = [torch.full((), v, dtype=torch.float, requires_grad=True) for v in (0.0, -1.0, 0.0, 0.3)]
step = 2e-5
for it in range(150):
    pred = coef[0] + coef[1] * Cubic.apply(coef[2] + coef[3] * xs)
    err = (pred - target).pow(2).sum()
    if it % 50 == 49:
        print(it, round(err.item(), 3))
    err.backward()
    with torch.no_grad():
        for c in coef:
            c -= step * c.grad
            c.grad = None
print([round(c.item(), 4) for c in coef], pred.grad_fn.name())
