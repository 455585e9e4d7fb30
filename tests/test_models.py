"""autograd_lab.models.resnet18/34 against torchvision's architecture.

torchvision is not installable here, so its ResNet is rebuilt in this file from torch.nn
(``_torch_resnet``, a transcription of torchvision/models/resnet.py). Checked: parameter
counts (torchvision's published 11,689,512 and 21,797,672), state_dict keys (a list derived
from torchvision's naming, and the rebuilt model's), printed structure, seeded initialisation,
forward, backward, an SGD step and seed 004's fine-tuning recipe, all against torch.
"""
import copy
import math

import numpy as np
import pytest

import autograd_lab as al
from oracle import assert_tensor_matches, torch_available

needs_torch = pytest.mark.skipif(not torch_available(), reason="PyTorch is not installed")
def needs_cuda(test):
    """A GPU test: marked ``gpu`` (the only tests CI lets skip) and skipped without CUDA."""
    skip = pytest.mark.skipif(not al.cuda.is_available(), reason="needs a CUDA device (CuPy)")
    return pytest.mark.gpu(skip(test))
LAYERS = {"resnet18": [2, 2, 2, 2], "resnet34": [3, 4, 6, 3]}


# ---------------------------------------------------------------------------- the reference
def _torch_resnet(torch, layers, num_classes=1000):
    """torchvision's ResNet with BasicBlock, written with torch.nn (same names and order)."""
    nn = torch.nn

    def conv3x3(i, o, stride=1):
        return nn.Conv2d(i, o, kernel_size=3, stride=stride, padding=1, groups=1, bias=False,
                         dilation=1)

    def conv1x1(i, o, stride=1):
        return nn.Conv2d(i, o, kernel_size=1, stride=stride, bias=False)

    class BasicBlock(nn.Module):
        def __init__(self, inplanes, planes, stride=1, downsample=None):
            super().__init__()
            self.conv1 = conv3x3(inplanes, planes, stride)
            self.bn1 = nn.BatchNorm2d(planes)
            self.relu = nn.ReLU(inplace=True)
            self.conv2 = conv3x3(planes, planes)
            self.bn2 = nn.BatchNorm2d(planes)
            self.downsample = downsample
            self.stride = stride

        def forward(self, x):
            identity = x
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            if self.downsample is not None:
                identity = self.downsample(x)
            out += identity
            return self.relu(out)

    class ResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.inplanes = 64
            self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
            self.bn1 = nn.BatchNorm2d(64)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
            self.layer1 = self._make_layer(64, layers[0])
            self.layer2 = self._make_layer(128, layers[1], 2)
            self.layer3 = self._make_layer(256, layers[2], 2)
            self.layer4 = self._make_layer(512, layers[3], 2)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(512, num_classes)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                elif isinstance(m, nn.BatchNorm2d):
                    nn.init.constant_(m.weight, 1)
                    nn.init.constant_(m.bias, 0)

        def _make_layer(self, planes, blocks, stride=1):
            downsample = None
            if stride != 1 or self.inplanes != planes:
                downsample = nn.Sequential(conv1x1(self.inplanes, planes, stride),
                                           nn.BatchNorm2d(planes))
            out = [BasicBlock(self.inplanes, planes, stride, downsample)]
            self.inplanes = planes
            out += [BasicBlock(planes, planes) for _ in range(1, blocks)]
            return nn.Sequential(*out)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(torch.flatten(self.avgpool(x), 1))

    return ResNet()


_BUILT = {}


def _build(lib, name, fresh=False, **kwargs):
    """The model in either library. autograd_lab's is built once and deep-copied: building
    runs torch's exact random initialisation in NumPy, which is slow, and most tests then
    overwrite the weights anyway."""
    if lib is not al:
        return _torch_resnet(lib, LAYERS[name], **kwargs)
    if fresh or kwargs:
        return getattr(al.models, name)(**kwargs)
    if name not in _BUILT:
        _BUILT[name] = getattr(al.models, name)()
    return copy.deepcopy(_BUILT[name])


def _expected_keys(layers):
    """torchvision's state_dict keys, from its naming scheme."""
    def bn(prefix):
        return [f"{prefix}.{s}" for s in ("weight", "bias", "running_mean", "running_var",
                                          "num_batches_tracked")]
    keys = ["conv1.weight"] + bn("bn1")
    for stage, blocks in enumerate(layers, start=1):
        for i in range(blocks):
            p = f"layer{stage}.{i}"
            keys += [f"{p}.conv1.weight"] + bn(f"{p}.bn1") + [f"{p}.conv2.weight"] + bn(f"{p}.bn2")
            if i == 0 and stage > 1:
                keys += [f"{p}.downsample.0.weight"] + bn(f"{p}.downsample.1")
    return keys + ["fc.weight", "fc.bias"]


def _set_weights(lib, model, dtype="float32"):
    """Give every parameter and buffer fixed, irregular values (identical in both libraries)."""
    dt = getattr(lib, dtype)
    with lib.no_grad():
        for i, (name, t) in enumerate(model.state_dict(keep_vars=True).items()):
            if name.endswith("num_batches_tracked"):
                continue
            v = _noise(t.numel(), i) * math.sqrt(3.0 / max(t[0].numel(), 1))
            if name.endswith("running_var") or (name.endswith("weight") and t.dim() == 1):
                v = 1.0 + 0.3 * v                   # batch-norm scales and variances near 1
            t.copy_(lib.from_numpy(v.reshape(tuple(t.shape)).astype(np.float32)))
    return model.to(dt)


def _noise(n, seed):
    """Fixed values spread over [-1, 1] without an RNG (the same in both libraries); smooth
    sequences would make the batch norms ill-conditioned."""
    v = np.sin(np.arange(n) * 12.9898 + seed * 78.233) * 43758.5453
    return 2 * (v - np.floor(v)) - 1


def _input(lib, dtype="float32", n=2):
    x = _noise(n * 3 * 64 * 64, 999).reshape(n, 3, 64, 64)
    return lib.from_numpy(x).to(getattr(lib, dtype))


def _fp(tensors):
    """Per tensor: sum, sum of squares, size. Small enough for the golden file, and sensitive
    to any wrong element."""
    return [[float(t.double().sum().item()), float((t.double() ** 2).sum().item()), t.numel()]
            for t in tensors]


def _assert_fp(ours, expected, rtol):
    """Sums are compared to within ``rtol`` of the bound sqrt(n * sum of squares) on the sum of
    absolute values: a sum of large values that cancels is compared at the scale of its terms."""
    assert len(ours) == len(expected)
    for i, ((s, q, n), (es, eq, en)) in enumerate(zip(ours, expected)):
        assert n == en, i
        scale = math.sqrt(n * eq) + 1e-30
        assert abs(s - es) <= rtol * scale, (i, s, es)
        assert abs(q - eq) <= 2 * rtol * eq + 1e-30, (i, q, eq)


# ---------------------------------------------------------------------------- structure
@pytest.mark.parametrize("name,count,tensors", [("resnet18", 11_689_512, 62),
                                                ("resnet34", 21_797_672, 110)])
def test_parameter_counts_are_torchvisions(name, count, tensors):
    model = _build(al, name)
    params = list(model.parameters())
    assert sum(p.numel() for p in params) == count
    assert len(params) == tensors
    assert all(isinstance(p, al.nn.Parameter) and p.requires_grad for p in params)


@pytest.mark.parametrize("name", ["resnet18", "resnet34"])
def test_state_dict_keys_and_shapes(oracle, name):
    expected = oracle("keys", lambda torch: [[k, list(v.shape)] for k, v in
                                             _build(torch, name).state_dict().items()])
    sd = _build(al, name).state_dict()
    assert list(sd) == _expected_keys(LAYERS[name]) == [k for k, _ in expected]
    assert [[k, list(v.shape)] for k, v in sd.items()] == expected
    assert sd["bn1.num_batches_tracked"].dtype == al.int64


def test_repr_matches_torchvision(oracle):
    assert repr(_build(al, "resnet18")) == oracle("repr", lambda torch: repr(
        _build(torch, "resnet18")))


def test_num_classes_and_replacing_fc():
    model = al.models.resnet18(num_classes=10)
    assert tuple(model.fc.weight.shape) == (10, 512)
    model = _build(al, "resnet18")
    model.fc = al.nn.Linear(512, 10)
    assert "fc.weight" in dict(model.named_parameters())
    assert tuple(model.state_dict()["fc.weight"].shape) == (10, 512)


def test_seeded_initialisation_matches_torch(oracle):
    def run(lib):
        lib.manual_seed(0)
        return _fp(_build(lib, "resnet18", fresh=True).state_dict().values())
    expected = oracle("init", run)
    _assert_fp(run(al), expected, 1e-6)


# ---------------------------------------------------------------------------- numerics
def _forward_backward(lib, dtype, train):
    model = _set_weights(lib, _build(lib, "resnet18"), dtype)
    model.train(train)
    x = _input(lib, dtype)
    out = model(x)
    labels = lib.from_numpy(np.sin(np.arange(2000) * 0.1).reshape(2, 1000)).to(
        getattr(lib, dtype))
    loss = (out - labels).pow(2).sum()
    loss.backward()
    return (out[:, :16], out.sum(1), loss,
            _fp(p.grad for p in model.parameters()),
            _fp(b for b in model.buffers()))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("train", [True, False], ids=["train", "eval"])
def test_forward_backward_match_torch(oracle, dtype, train):
    expected = oracle("fb", lambda torch: _forward_backward(torch, dtype, train))
    ours = _forward_backward(al, dtype, train)
    rtol = 1e-9 if dtype == "float64" else 2e-4
    for i in range(3):
        assert_tensor_matches(ours[i], expected[i], rtol=rtol, atol=rtol)
    # gradients of all 62 parameters, and the running statistics the forward updated
    _assert_fp(ours[3], expected[3], rtol)
    _assert_fp(ours[4], expected[4], rtol)


def test_graph_has_torchvisions_nodes(oracle):
    def run(lib):
        model = _set_weights(lib, _build(lib, "resnet18"))
        out = model(_input(lib, n=1))
        names, seen, stack = {}, set(), [out.grad_fn]
        while stack:
            node = stack.pop()
            if node is None or node in seen:
                continue
            seen.add(node)
            names[node.name()] = names.get(node.name(), 0) + 1
            stack.extend(n for n, _ in node.next_functions)
        return out.grad_fn.name(), names
    assert list(run(al)) == oracle("nodes", run)


def test_seed_004_sgd_step(oracle):
    """Seed 004: forward, (prediction - labels).sum(), backward, SGD(lr=1e-2, momentum=0.9)."""
    def run(lib):
        model = _set_weights(lib, _build(lib, "resnet18"), "float64")
        data = _input(lib, "float64", n=1)
        labels = lib.from_numpy(np.cos(np.arange(1000.0)).reshape(1, 1000))
        optim = lib.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
        for _ in range(2):
            optim.zero_grad()
            loss = (model(data) - labels).sum()
            loss.backward()
            optim.step()
        return _fp(model.parameters())
    _assert_fp(run(al), oracle("step", run), 1e-9)


def test_seed_004_fine_tune_only_fc(oracle):
    """Freeze everything, replace fc with Linear(512, 10), train it alone."""
    def run(lib):
        model = _set_weights(lib, _build(lib, "resnet18"))
        for param in model.parameters():
            param.requires_grad = False
        model.fc = lib.nn.Linear(512, 10)
        _set_weights(lib, model.fc)
        optimizer = lib.optim.SGD(model.fc.parameters(), lr=1e-2, momentum=0.9)
        before = model.layer1[0].conv1.weight.clone()
        out = model(_input(lib, n=1))
        out.sum().backward()
        optimizer.step()
        frozen_grads = [p.grad is None for n, p in model.named_parameters()
                        if not n.startswith("fc.")]
        return (out, model.fc.weight.grad[:, :8], model.fc.weight[:, :8],
                _fp([model.fc.weight.grad, model.fc.weight, model.fc.bias]),
                all(frozen_grads), bool(lib.equal(before, model.layer1[0].conv1.weight)))
    expected = oracle("finetune", run)
    ours = run(al)
    for i in range(3):
        assert_tensor_matches(ours[i], expected[i], rtol=2e-4, atol=2e-5)
    _assert_fp(ours[3], expected[3], 1e-5)
    assert ours[4:] == tuple(expected[4:]) == (True, True)


def test_no_grad_forward_builds_no_graph():
    model = _build(al, "resnet18").eval()
    with al.no_grad():
        out = model(_input(al, n=1))
    assert out.grad_fn is None and not out.requires_grad


# ---------------------------------------------------------------------------- weights
# downloads, the cache and the offline message: tests/test_hub_download.py
def test_weights_and_num_classes_conflict():
    with pytest.raises(ValueError, match="expected value 1000 but got 10"):
        al.models.resnet18(weights=al.models.ResNet18_Weights.DEFAULT, num_classes=10)


@needs_torch
def test_torch_written_resnet18_checkpoint(tmp_path):
    """A resnet18 state_dict saved by torch loads here and gives torch's outputs."""
    import torch
    torch.manual_seed(1)
    ref = _torch_resnet(torch, LAYERS["resnet18"]).eval()
    path = tmp_path / "resnet18.pth"
    torch.save(ref.state_dict(), path)
    model = _build(al, "resnet18").eval()
    assert str(model.load_state_dict(al.load(path))) == "<All keys matched successfully>"
    x = np.random.RandomState(0).rand(1, 3, 64, 64).astype(np.float32)
    with torch.no_grad():
        expected = ref(torch.tensor(x)).numpy()
    with al.no_grad():
        ours = model(al.tensor(x)).numpy()
    np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5)
    # and back: our save of the same weights loads into torch's model
    al.save(model.state_dict(), tmp_path / "again.pth")
    again = _torch_resnet(torch, LAYERS["resnet18"]).eval()
    again.load_state_dict(torch.load(tmp_path / "again.pth"))
    for k, v in ref.state_dict().items():
        assert torch.equal(v, again.state_dict()[k]), k


# ---------------------------------------------------------------------------- cuda
@needs_cuda
def test_resnet18_on_cuda_matches_cpu():
    cpu = _set_weights(al, _build(al, "resnet18"))
    gpu = _set_weights(al, _build(al, "resnet18")).to("cuda")
    assert all(p.device.type == "cuda" for p in gpu.parameters())
    x = _input(al, n=1)
    out_cpu = cpu(x)
    out_gpu = gpu(x.to("cuda"))
    assert out_gpu.device.type == "cuda"
    np.testing.assert_allclose(out_gpu.cpu().detach().numpy(), out_cpu.detach().numpy(),
                               rtol=1e-3, atol=1e-4)
    out_cpu.sum().backward()
    out_gpu.sum().backward()
    np.testing.assert_allclose(gpu.fc.weight.grad.cpu().numpy(), cpu.fc.weight.grad.numpy(),
                               rtol=1e-3, atol=1e-4)
    opt = al.optim.SGD(gpu.parameters(), lr=1e-2, momentum=0.9)
    before = gpu.fc.weight._data
    opt.step()
    assert gpu.fc.weight._data is before and gpu.fc.weight.device.type == "cuda"


@needs_cuda
def test_adam_on_cuda_matches_cpu():
    w_cpu = al.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
    w_gpu = al.tensor([[1.0, -2.0], [0.5, 3.0]], device="cuda", requires_grad=True)
    for w in (w_cpu, w_gpu):
        opt = al.optim.Adam([w], lr=0.1, amsgrad=True, weight_decay=0.1)
        for _ in range(5):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
    np.testing.assert_allclose(w_gpu.detach().cpu().numpy(), w_cpu.detach().numpy(), rtol=1e-5)
