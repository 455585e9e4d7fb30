"""A polynomial model as nn.Sequential(Linear, Flatten), MSELoss(reduction='sum') and an
optimizer (the nn/optim steps of "Learning PyTorch with Examples")."""
import math

import torch

xs = torch.linspace(-math.pi, math.pi, 400)
powers = xs.unsqueeze(-1).pow(torch.tensor([1, 2, 3]))
torch.manual_seed(3)
net = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
crit = torch.nn.MSELoss(reduction="sum")
opt = torch.optim.RMSprop(net.parameters(), lr=1e-3)
for it in range(120):
    loss = crit(net(powers), torch.sin(xs))
    if it % 40 == 39:
        print(it, round(loss.item(), 2))
    opt.zero_grad()
    loss.backward()
    opt.step()
print(net)
print(powers.shape, net[0].weight[:, 1].shape, round(net[0].bias.item(), 4))
