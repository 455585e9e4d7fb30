"""Write the small torch-made checkpoints that tests/test_serialization.py loads.

Run with PyTorch installed (``python tests/data/make_fixtures.py``); the files are committed so
the loader is tested where PyTorch is absent. Every file is a few KB.
"""
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


class SmallConvNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1, bias=False)
        self.bn = torch.nn.BatchNorm2d(4)
        self.fc = torch.nn.Linear(4, 2)


def main():
    torch.manual_seed(0)
    torch.save(torch.nn.Linear(4, 3).state_dict(), path("linear.pt"))

    net = SmallConvNet()
    with torch.no_grad():        # non-trivial batch-norm statistics
        net.bn.running_mean.uniform_(-1, 1)
        net.bn.running_var.uniform_(0.5, 2)
        net.bn.num_batches_tracked += 7
    torch.save(net.state_dict(), path("convnet.pt"))

    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    mixed = {
        "float64": torch.linspace(-1, 1, 5, dtype=torch.float64),
        "float16": torch.tensor([0.5, -2.25, 1e-3], dtype=torch.float16),
        "int64": torch.tensor([-3, 0, 2**40]),
        "int32": torch.tensor([[1, 2], [3, 4]], dtype=torch.int32),
        "int16": torch.tensor([-7, 7], dtype=torch.int16),
        "int8": torch.tensor([-128, 127], dtype=torch.int8),
        "uint8": torch.tensor([0, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(3.5),
        "empty": torch.zeros(0, 3),
        "base": base,
        "row": base[1],                  # shares base's storage, offset 4
        "column": base[:, 2],            # strided view
        "transposed": base.t(),
        "expanded": torch.tensor([1.0, 2.0]).expand(3, 2),     # stride 0
        "requires_grad": torch.tensor([1.0, 2.0], requires_grad=True),
        "parameter": torch.nn.Parameter(torch.tensor([[0.25, 0.5]])),
        "frozen_parameter": torch.nn.Parameter(torch.ones(2), requires_grad=False),
        "nested": [torch.tensor([1.0]), (torch.tensor([2]), {"x": 1.5, "y": "text"})],
        "size": torch.Size([2, 3]),
        "dtype": torch.float16,
        "device": torch.device("cpu"),
        "bytes": b"\x00\xffabc",
        "none": None,
    }
    torch.save(mixed, path("mixed.pt"))
    torch.save({"w": torch.tensor([1.5, -2.0, 3.0], dtype=torch.bfloat16)}, path("bfloat16.pt"))

    # the pre-1.6 format (what torchvision's 2017 resnet18-5c106cde.pth uses)
    torch.save({"weight": base, "row": base[2], "count": torch.tensor(5)}, path("legacy.pt"),
               _use_new_zipfile_serialization=False)

    # an optimizer checkpoint: int keys, momentum buffers, hyper-parameters
    w = torch.nn.Parameter(torch.tensor([1.0, -1.0, 0.5]))
    b = torch.nn.Parameter(torch.tensor([0.2]))
    opt = torch.optim.SGD([w, b], lr=0.1, momentum=0.9)
    for _ in range(3):
        opt.zero_grad()
        ((w * w).sum() + (b * w[0]).sum()).backward()
        opt.step()
    torch.save({"params": [w.detach(), b.detach()], "optimizer": opt.state_dict()},
               path("optimizer.pt"))

    # a checkpoint made on a GPU (storages tagged "cuda:0"), faked here on the CPU
    original = torch.serialization.location_tag
    torch.serialization.location_tag = lambda storage: "cuda:0"
    try:
        torch.save({"w": torch.tensor([1.0, 2.0])}, path("cuda.pt"))
    finally:
        torch.serialization.location_tag = original


if __name__ == "__main__":
    main()
