"""Backpropagation by hand through an embedding, a batch-normalised tanh layer and a softmax,
compared with autograd exactly and approximately (the checks of lectures that teach backprop
by hand: `exact` is False in the last bit where torch's kernels round differently)."""
import torch
import torch.nn.functional as F


def compare(name, mine, t):
    same = torch.all(mine == t.grad).item()
    close = torch.allclose(mine, t.grad)
    print(f"{name:8s} exact={same!s:5s} close={close!s:5s} maxdiff={(mine - t.grad).abs().max().item():.2e}")


gen = torch.Generator().manual_seed(42)
emb_table = torch.randn((20, 4), generator=gen)
W = torch.randn((8, 16), generator=gen) * 0.3
V = torch.randn((16, 20), generator=gen) * 0.1
gain = torch.randn((1, 16), generator=gen) * 0.1 + 1.0
params = [emb_table, W, V, gain]
for t in params:
    t.requires_grad = True
n = 12
tokens = torch.randint(0, 20, (n, 2), generator=gen)
targets = torch.randint(0, 20, (n,), generator=gen)
flat = emb_table[tokens].view(n, -1)
pre = flat @ W
centered = pre - pre.mean(0, keepdim=True)
scale = (centered.pow(2).sum(0, keepdims=True) / (n - 1) + 1e-5) ** -0.5
act = torch.tanh(gain * centered * scale)
logits = act @ V
loss = F.cross_entropy(logits, targets)
for t in (act, logits):
    t.retain_grad()
loss.backward()
d_logits = F.softmax(logits, 1)
d_logits[range(n), targets] -= 1
d_logits /= n
compare("logits", d_logits, logits)
d_act = d_logits @ V.T
compare("act", d_act, act)
compare("V", act.T @ d_logits, V)
d_pre_act = (1.0 - act ** 2) * d_act
compare("gain", (centered * scale * d_pre_act).sum(0, keepdim=True), gain)
print(round(loss.item(), 5))
