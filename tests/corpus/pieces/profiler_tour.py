"""Profile a small model's forward pass with torch.profiler (activities, record_shapes,
record_function) and read the averages (the profiler recipe's calls)."""
import torch
from torch import nn
from torch.profiler import ProfilerActivity, profile, record_function

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 3))
batch = torch.randn(4, 16)
with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
    with record_function("inference"):
        net(batch)
keys = [e.key for e in prof.key_averages()]
print([k for k in keys if k in ("inference", "aten::linear", "aten::relu")])
print({e.key: e.count for e in prof.key_averages() if e.key in ("aten::linear", "inference")})
table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=4)
print(table.splitlines()[1].split(), len(table.splitlines()))
with torch.autograd.profiler.profile() as prof2:
    net(batch).sum().backward()
print(sorted({e.key for e in prof2.key_averages()
              if e.key.startswith("autograd::engine::evaluate_function: ")})[:3])
