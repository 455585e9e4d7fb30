"""Gradients of a vector function with an explicit `gradient=`, requires_grad propagation,
detach, grad zeroing and Python control flow (autograd tutorials, d2l 2.5)."""
import torch

p = torch.tensor([1.5, -2.0], requires_grad=True)
q = torch.tensor([4.0, 0.5], requires_grad=True)
f = 2 * p ** 3 - q ** 2
f.backward(gradient=torch.tensor([1.0, 1.0]))
print(p.grad == 6 * p ** 2, q.grad == -2 * q)
print(f.grad_fn, f.grad_fn.next_functions[0][0].__class__.__name__)
plain = torch.rand(3, 3)
print((plain + torch.rand(3, 3)).requires_grad,
      (plain + torch.rand((3, 3), requires_grad=True)).requires_grad)
v = torch.arange(5.0)
v.requires_grad_(True)
print(v.grad)
s = 3 * torch.dot(v, v)
s.backward()
print(v.grad, v.grad == 6 * v)
v.grad.zero_()
w = v * v
frozen = w.detach()
(frozen * v).sum().backward()
print(v.grad == frozen)


def doubling(a):
    b = a * 3
    while b.norm() < 500:
        b = b * 3
    return b if b.sum() > 0 else -b


torch.manual_seed(5)
a = torch.randn(size=(), requires_grad=True)
out = doubling(a)
out.backward()
print(a.grad == out / a)
