"""Linear and softmax regression written from scratch on synthetic data: torch.normal with
size=, minibatches by index tensors, keepdim sums, picking probabilities with
y_hat[range(n), y], accuracy with argmax(axis=1) (d2l-zh 3.2 and 3.6)."""
import random

import torch

torch.manual_seed(11)
random.seed(11)
w_true, b_true = torch.tensor([1.5, -2.0]), 0.7
X = torch.normal(0, 1, (200, 2))
y = (torch.matmul(X, w_true) + b_true + torch.normal(0, 0.01, (200,))).reshape((-1, 1))
w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
order = list(range(200))
for epoch in range(2):
    random.shuffle(order)
    for i in range(0, 200, 20):
        idx = torch.tensor(order[i:i + 20])
        l = ((torch.matmul(X[idx], w) + b - y[idx]) ** 2 / 2).sum()
        l.backward()
        with torch.no_grad():
            for t in (w, b):
                t -= 0.05 * t.grad / 20
                t.grad.zero_()
    print(epoch, f"{float(((X @ w + b - y) ** 2 / 2).mean()):.4f}")

scores = torch.normal(0, 1, (6, 4))
e = torch.exp(scores)
probs = e / e.sum(1, keepdim=True)
labels = torch.tensor([0, 3, 1, 1, 2, 0])
print(probs.sum(1), -torch.log(probs[range(len(probs)), labels]))
print(float((probs.argmax(axis=1).type(labels.dtype) == labels).type(labels.dtype).sum()))
