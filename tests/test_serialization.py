"""autograd_lab.save / load in PyTorch's checkpoint format.

* Files torch wrote (committed in tests/data, made by make_fixtures.py) load with the values
  torch reads from them (golden answers, so this runs without torch too).
* Files autograd_lab writes load in torch, with shared storage, dtypes and Parameters intact.
* Hostile and corrupt files: tests/test_security_checkpoints.py.
"""
import io
import os
import pickle
import zipfile

import numpy as np
import pytest

import autograd_lab as al
from oracle import assert_tensor_matches, torch_available

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
needs_torch = pytest.mark.skipif(not torch_available(), reason="PyTorch is not installed")


def fixture(name):
    return os.path.join(DATA, name)


def _assert_like(ours, expected):
    """Compare a loaded object with torch's (encoded) reading of the same file."""
    if isinstance(expected, dict) and expected.get("__tensor__"):
        assert isinstance(ours, al.Tensor), ours
        assert_tensor_matches(ours, expected, rtol=0, atol=0)
    elif isinstance(expected, dict) and "__size__" in expected:
        assert isinstance(ours, al.Size) and list(ours) == expected["__size__"]
    elif isinstance(expected, dict) and "__dtype__" in expected:
        assert repr(ours) == expected["__dtype__"]
    elif isinstance(expected, dict):
        assert sorted(str(k) for k in ours) == sorted(expected), (list(ours), list(expected))
        for k, v in ours.items():
            _assert_like(v, expected[str(k)])
    elif isinstance(expected, list):
        assert len(ours) == len(expected)
        for o, e in zip(ours, expected):
            _assert_like(o, e)
    else:
        assert ours == expected, (ours, expected)


# ---------------------------------------------------------------------------- torch -> us
@pytest.mark.parametrize("name", ["linear.pt", "convnet.pt", "legacy.pt"])
def test_state_dicts_written_by_torch(oracle, name):
    expected = oracle(name, lambda torch: dict(torch.load(fixture(name))))
    loaded = al.load(fixture(name))
    _assert_like(loaded, expected)


def test_state_dict_keeps_order_and_metadata(oracle):
    expected = oracle("keys", lambda torch: [list(torch.load(fixture("convnet.pt"))),
                                             dict(torch.load(fixture("convnet.pt"))._metadata)])
    loaded = al.load(fixture("convnet.pt"))
    assert type(loaded).__name__ == "OrderedDict"
    assert list(loaded) == expected[0]
    assert dict(loaded._metadata) == expected[1]
    assert loaded["bn.num_batches_tracked"].dtype == al.int64


def test_every_dtype_and_layout(oracle):
    def run(torch):
        d = torch.load(fixture("mixed.pt"))
        d.pop("bytes")           # JSON cannot hold bytes; checked below
        d["device"] = str(d["device"])
        d["types"] = {k: type(v).__name__ for k, v in d.items()}
        d["strides"] = {k: list(v.stride()) for k, v in d.items() if isinstance(v, torch.Tensor)}
        return d
    expected = dict(oracle("mixed", run))     # a copy: the oracle's answer is not ours to edit
    d = al.load(fixture("mixed.pt"))
    assert d.pop("bytes") == b"\x00\xffabc"
    assert d["device"] == al.device("cpu")
    d["device"] = str(d["device"])
    types = expected.pop("types")
    strides = dict(expected.pop("strides"))     # (a copy too: the golden file keeps it whole)
    strides.pop("empty")     # NumPy gives empty arrays strides (0, 0): Tensor.stride's concern
    assert {k: list(v.stride()) for k, v in d.items()
            if isinstance(v, al.Tensor) and k != "empty"} == strides
    assert {k: type(v).__name__ for k, v in d.items()} == types
    _assert_like(d, expected)


def test_views_share_storage_after_loading():
    d = al.load(fixture("mixed.pt"))
    d["base"][1, 2] = 100.0
    assert d["row"][2].item() == 100.0          # row was saved as a view of base
    assert d["column"][1].item() == 100.0
    assert d["transposed"][2, 1].item() == 100.0


def test_parameters_and_requires_grad(oracle):
    expected = oracle("flags", lambda torch: {k: [type(v).__name__, v.requires_grad]
                                              for k, v in torch.load(fixture("mixed.pt")).items()
                                              if isinstance(v, torch.Tensor)})
    d = al.load(fixture("mixed.pt"))
    ours = {k: [type(v).__name__, v.requires_grad] for k, v in d.items()
            if isinstance(v, al.Tensor)}
    assert ours == expected
    assert isinstance(d["parameter"], al.nn.Parameter)


def test_bfloat16_is_widened_to_float32(oracle):
    expected = oracle("bf16", lambda torch: torch.load(fixture("bfloat16.pt"))["w"].float())
    with pytest.warns(UserWarning, match="bfloat16"):
        w = al.load(fixture("bfloat16.pt"))["w"]
    assert_tensor_matches(w, expected, rtol=0, atol=0)


def test_optimizer_checkpoint_resumes_like_torch(oracle):
    """Load torch's SGD state (momentum buffers) and take two more steps: same as torch."""
    def run(lib):
        ckpt = lib.load(fixture("optimizer.pt"))
        w = lib.nn.Parameter(ckpt["params"][0].clone())
        b = lib.nn.Parameter(ckpt["params"][1].clone())
        opt = lib.optim.SGD([w, b], lr=1.0)
        opt.load_state_dict(ckpt["optimizer"])
        for _ in range(2):
            opt.zero_grad()
            ((w * w).sum() + (b * w[0]).sum()).backward()
            opt.step()
        return w.detach(), b.detach(), opt.param_groups[0]["lr"], repr(opt)
    expected = oracle("resume", run)
    ours = run(al)
    assert_tensor_matches(ours[0], expected[0], rtol=1e-6)
    assert_tensor_matches(ours[1], expected[1], rtol=1e-6)
    assert ours[2] == expected[2] == 0.1
    assert ours[3] == expected[3]


# ---------------------------------------------------------------------------- map_location
def test_gpu_checkpoint_goes_to_the_gpu_or_explains_map_location():
    if al.cuda.is_available():
        assert al.load(fixture("cuda.pt"))["w"].device.type == "cuda"
        return
    with pytest.raises(RuntimeError, match=r"map_location=torch.device\('cpu'\)"):
        al.load(fixture("cuda.pt"))


@pytest.mark.parametrize("map_location", ["cpu", al.device("cpu"), {"cuda:0": "cpu"},
                                          lambda storage, loc: storage],
                         ids=["str", "device", "dict", "callable"])
def test_map_location_to_cpu(map_location):
    w = al.load(fixture("cuda.pt"), map_location=map_location)["w"]
    assert w.device == al.device("cpu")
    assert w.tolist() == [1.0, 2.0]


@pytest.mark.gpu
@pytest.mark.skipif(not al.cuda.is_available(), reason="needs a CUDA device (CuPy)")
def test_map_location_to_cuda(tmp_path):
    w = al.load(fixture("linear.pt"), map_location="cuda")["weight"]
    assert w.device.type == "cuda"
    path = tmp_path / "gpu.pt"
    al.save({"w": w}, path)
    back = al.load(path)                    # saved from cuda: comes back on cuda
    assert back["w"].device.type == "cuda"
    assert al.equal(back["w"].cpu(), w.cpu())


# ---------------------------------------------------------------------------- us -> us
def _sample():
    base = al.arange(12.0).reshape(3, 4)
    return {
        "base": base, "row": base[1], "column": base[:, 2], "transposed": base.t(),
        "flipped_copy": al.tensor([3, 2, 1], dtype=al.int16),
        "float64": al.tensor([0.1, 0.2], dtype=al.float64),
        "bool": al.tensor([True, False]),
        "scalar": al.tensor(2.5),
        "empty": al.zeros(0, 2),
        "grad": al.tensor([1.0, 2.0], requires_grad=True),
        "param": al.nn.Parameter(al.ones(2, 2)),
        "frozen": al.nn.Parameter(al.ones(2), requires_grad=False),
        "meta": [al.float16, al.Size([4, 5]), al.device("cpu"), b"raw", None, (1, 2.5, "s")],
    }


def test_round_trip_in_autograd_lab(tmp_path):
    path = tmp_path / "sample.pt"
    al.save(_sample(), path)
    d = al.load(path)
    ref = _sample()
    for k, v in ref.items():
        if isinstance(v, al.Tensor):
            assert type(d[k]) is type(v) and d[k].dtype == v.dtype and d[k].shape == v.shape
            assert d[k].requires_grad == v.requires_grad
            assert np.array_equal(d[k].detach().numpy(), v.detach().numpy()), k
    assert d["meta"] == ref["meta"]
    d["base"][1, 2] = -1.0
    assert d["row"][2].item() == -1.0 and d["transposed"][2, 1].item() == -1.0


def test_file_objects_and_archive_layout(tmp_path):
    buf = io.BytesIO()
    al.save({"w": al.ones(3)}, buf)
    buf.seek(0)
    assert al.load(buf)["w"].tolist() == [1.0, 1.0, 1.0]
    buf.seek(0)
    names = zipfile.ZipFile(buf).namelist()
    assert names == ["archive/data.pkl", "archive/.format_version",
                     "archive/.storage_alignment", "archive/byteorder", "archive/data/0",
                     "archive/version", "archive/.data/serialization_id"]
    path = tmp_path / "resnet18.pth"
    al.save({"w": al.ones(3)}, path)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("resnet18/data/0")
        assert zf.read("resnet18/byteorder") == b"little"
    # the storage's bytes start on a 64-byte boundary, as in torch's files
    raw = path.read_bytes()
    start = info.header_offset + 30 + len(info.filename) + \
        int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    assert start % 64 == 0
    assert raw[start:start + 12] == np.ones(3, np.float32).tobytes()


# ---------------------------------------------------------------------------- us -> torch
@needs_torch
def test_torch_loads_our_files(tmp_path):
    import torch
    path = tmp_path / "ours.pt"
    al.save(_sample(), path)
    for mmap in (False, True):            # mmap needs torch's 64-byte alignment
        d = torch.load(path, mmap=mmap)    # weights_only=True: torch's safe loader accepts it
        ref = _sample()
        for k, v in ref.items():
            if isinstance(v, al.Tensor):
                t = d[k]
                assert str(t.dtype) == repr(v.dtype) and list(t.shape) == list(v.shape), k
                assert t.requires_grad == v.requires_grad, k
                assert type(t).__name__ == type(v).__name__, k
                assert np.array_equal(t.detach().numpy(), v.detach().numpy()), k
        assert d["meta"][:5] == [torch.float16, torch.Size([4, 5]), torch.device("cpu"), b"raw",
                                 None]
        assert d["meta"][5] == (1, 2.5, "s")
        assert d["row"].untyped_storage().data_ptr() == d["base"].untyped_storage().data_ptr()
        assert d["row"].storage_offset() == 4 and d["column"].stride() == (4,)


@needs_torch
def test_torch_state_dict_round_trip_through_us(tmp_path):
    """torch -> autograd_lab.load -> autograd_lab.save -> torch.load: identical dict."""
    import torch
    sd = torch.load(fixture("convnet.pt"))
    path = tmp_path / "again.pt"
    al.save(al.load(fixture("convnet.pt")), path)
    back = torch.load(path)
    assert list(back) == list(sd)
    assert dict(back._metadata) == dict(sd._metadata)
    for k in sd:
        assert back[k].dtype == sd[k].dtype and torch.equal(back[k], sd[k]), k
    net = torch.nn.Module()
    net.conv = torch.nn.Conv2d(3, 4, 3, padding=1, bias=False)
    net.bn = torch.nn.BatchNorm2d(4)
    net.fc = torch.nn.Linear(4, 2)
    assert str(net.load_state_dict(back)) == "<All keys matched successfully>"


# ---------------------------------------------------------------------------- plain pickle
def test_plain_pickle_and_copy_keep_class_and_flags():
    import copy
    p = al.nn.Parameter(al.tensor([1.0, 2.0]))
    q = pickle.loads(pickle.dumps(p))
    assert type(q) is al.nn.Parameter and q.requires_grad and q.tolist() == [1.0, 2.0]
    t = al.tensor([[1, 2]], dtype=al.int32)
    u = copy.copy(t)
    assert u.dtype == al.int32 and u.tolist() == [[1, 2]]
