"""Pretrained weights for real: ``hub.load_state_dict_from_url`` and ``resnet18(weights=...)``
download into ``$TORCH_HOME/hub/checkpoints`` with torchvision's hash-prefix check, from a
local HTTP server on 127.0.0.1 (``$AUTOGRAD_LAB_WEIGHTS_MIRROR`` points the models at it)."""
import contextlib
import functools
import hashlib
import http.server
import inspect
import socket
import threading

import pytest

import autograd_lab as al
from autograd_lab import hub


@pytest.fixture
def server(tmp_path):
    """Serve ``tmp_path / "served"`` on 127.0.0.1; ``.requests`` records the paths asked for."""
    root = tmp_path / "served"
    root.mkdir()
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.root, httpd.requests = root, requests
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch_home"))
    return tmp_path / "torch_home" / "hub" / "checkpoints"


def _small_checkpoint(folder):
    """A Linear(3, 2)'s state_dict saved by autograd_lab, named as torchvision names files:
    ``linear-<first 8 hex digits of its SHA-256>.pth``. Returns (name, module)."""
    al.manual_seed(0)
    layer = al.nn.Linear(3, 2)
    tmp = folder / "tmp.pth"
    al.save(layer.state_dict(), tmp)
    name = f"linear-{hashlib.sha256(tmp.read_bytes()).hexdigest()[:8]}.pth"
    tmp.rename(folder / name)
    return name, layer


def test_signature_is_torchs():
    params = inspect.signature(hub.load_state_dict_from_url).parameters
    assert list(params) == ["url", "model_dir", "map_location", "progress", "check_hash",
                            "file_name", "weights_only"]
    assert [p.default for p in list(params.values())[1:]] == [None, None, True, False, None,
                                                             True]


def test_download_with_progress_and_hash_check_then_the_cache(server, torch_home, capsys):
    name, layer = _small_checkpoint(server.root)
    url = f"{server.base}/{name}"
    sd = hub.load_state_dict_from_url(url, check_hash=True)
    assert al.equal(sd["weight"], layer.weight) and al.equal(sd["bias"], layer.bias)
    assert (torch_home / name).read_bytes() == (server.root / name).read_bytes()
    assert [p.name for p in torch_home.iterdir()] == [name]       # no partial file left
    err = capsys.readouterr().err
    assert f'Downloading: "{url}" to {torch_home / name}' in err and "100%" in err
    hub.load_state_dict_from_url(url, check_hash=True, progress=False)
    assert server.requests == [f"/{name}"]                         # second time: the cache
    assert capsys.readouterr().err == ""


def test_model_dir_and_file_name(server, tmp_path):
    name, _ = _small_checkpoint(server.root)
    sd = hub.load_state_dict_from_url(f"{server.base}/{name}", model_dir=tmp_path / "mine",
                                      file_name="linear.pth", progress=False)
    assert set(sd) == {"weight", "bias"} and (tmp_path / "mine" / "linear.pth").exists()


def test_corrupted_download_is_removed_with_a_clear_error(server, torch_home):
    name, _ = _small_checkpoint(server.root)
    data = bytearray((server.root / name).read_bytes())
    data[-1] ^= 0xFF                                               # one flipped byte
    (server.root / name).write_bytes(bytes(data))
    with pytest.raises(RuntimeError, match=f'invalid hash value \\(expected "{name[7:15]}"'):
        hub.load_state_dict_from_url(f"{server.base}/{name}", check_hash=True, progress=False)
    assert list(torch_home.iterdir()) == []                        # nothing half-written kept


def test_resnet18_weights_download_from_the_mirror_and_check_torchvisions_hash(
        server, torch_home, monkeypatch):
    """``weights="IMAGENET1K_V1"``, ``"DEFAULT"`` and ``pretrained=True`` all fetch
    torchvision's file name; a file that is not torchvision's fails its hash check."""
    monkeypatch.setenv("AUTOGRAD_LAB_WEIGHTS_MIRROR", server.base + "/models/")
    assert al.models.ResNet18_Weights.IMAGENET1K_V1.url == \
        server.base + "/models/resnet18-f37072fd.pth"
    (server.root / "models").mkdir()
    al.save({"not": al.zeros(1)}, server.root / "models" / "resnet18-f37072fd.pth")
    for kwargs in ({"weights": "IMAGENET1K_V1"}, {"weights": "DEFAULT"},
                   {"pretrained": True}):
        with pytest.warns(UserWarning) if "pretrained" in kwargs else contextlib.nullcontext():
            with pytest.raises(RuntimeError, match='invalid hash value \\(expected "f37072fd"'):
                al.models.resnet18(**kwargs)
        assert list(torch_home.iterdir()) == []
    assert server.requests == ["/models/resnet18-f37072fd.pth"] * 3


def test_without_torchvisions_url_the_mirror_is_not_used(monkeypatch):
    monkeypatch.delenv("AUTOGRAD_LAB_WEIGHTS_MIRROR", raising=False)
    assert al.models.ResNet18_Weights.DEFAULT.url == \
        "https://download.pytorch.org/models/resnet18-f37072fd.pth"
    assert al.models.ResNet34_Weights.DEFAULT.url == \
        "https://download.pytorch.org/models/resnet34-b627a593.pth"


def test_a_cached_checkpoint_loads_without_the_network(server, torch_home, monkeypatch):
    """A file already in the cache is used as torch uses it: no request is made."""
    name, layer = _small_checkpoint(server.root)
    torch_home.mkdir(parents=True)
    (torch_home / name).write_bytes((server.root / name).read_bytes())
    monkeypatch.setenv("AUTOGRAD_LAB_WEIGHTS_MIRROR", _closed_port_url())
    sd = hub.load_state_dict_from_url(f"{_closed_port_url()}/{name}", check_hash=True)
    assert al.equal(sd["weight"], layer.weight) and server.requests == []


def test_offline_says_how_to_get_the_weights(torch_home, monkeypatch):
    monkeypatch.setenv("AUTOGRAD_LAB_WEIGHTS_MIRROR", _closed_port_url())
    with pytest.warns(UserWarning) as warned:
        with pytest.raises(RuntimeError) as info:
            al.models.resnet18(pretrained=True)
    messages = [str(w.message) for w in warned]
    assert "'pretrained' is deprecated" in messages[0]
    assert "equivalent to passing `weights=ResNet18_Weights.IMAGENET1K_V1`" in messages[1]
    text = str(info.value)
    assert "could not download" in text and "resnet18-f37072fd.pth" in text
    assert str(torch_home / "resnet18-f37072fd.pth") in text
    assert 'model.load_state_dict(autograd_lab.load("resnet18-f37072fd.pth"))' in text
    assert list(torch_home.iterdir()) == []
    with pytest.raises(RuntimeError, match="could not download"):
        al.models.resnet34(weights="DEFAULT")


def _closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: a download fails at once, as offline."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"

