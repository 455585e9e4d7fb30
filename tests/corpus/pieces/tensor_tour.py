"""Tensor basics in NumPy's dialect: arange/reshape, factories with size=, element-wise
arithmetic, cat along an axis, comparisons, broadcasting, slicing and assignment, in-place
updates keeping identity, NumPy round trips, axis=/keepdims= reductions (d2l-zh 2.1 and
lecture notebooks)."""
import torch

x = torch.arange(10)
print(x.shape, x.numel(), x.reshape(2, 5))
print(torch.zeros(size=(2, 3)), torch.ones((1, 2, 2)).shape)
a = torch.tensor([2.0, 4, 8])
b = torch.tensor([1, 2, 2])
print(a + b, a - b, a * b, a / b, a ** b, torch.exp(a))
M = torch.arange(6, dtype=torch.float32).reshape((2, 3))
N = torch.tensor([[1.0, 0, 2], [2, 1, 0]])
print(torch.cat((M, N), dim=0).shape, torch.cat((M, N), axis=1), M == N, M.sum())
print(torch.arange(3).reshape((3, 1)) + torch.arange(2).reshape((1, 2)))
M[1, 2] = 7
M[0:1, :] = 5
print(M, M[-1], M[0:1])
keep = id(M)
M += N
print(id(M) == keep)
arr = M.numpy()
print(type(arr).__name__, type(torch.tensor(arr)).__name__, torch.tensor([2.5]).item())
print(M.sum(axis=1, keepdims=True), M.max(axis=0).values, M.argmax(axis=1),
      torch.mean(M, 1, keepdims=True), M.std(axis=0), torch.softmax(M, axis=1).sum(axis=1))
print(M[range(2), torch.tensor([0, 2])], M[:, range(0, 3, 2)])
buf = torch.empty(0)
print(torch.matmul(M, N.T, out=buf) is buf, buf, torch.mul(M, N, out=torch.rand_like(M)))
shared = torch.ones(3)
view = shared.numpy()
shared.add_(2)
print(view, torch.from_numpy(view).dtype)
