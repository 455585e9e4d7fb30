"""``autograd_lab.hub``: the checkpoint cache of ``torch.hub``, without downloads.

autograd_lab never goes on the network. ``load_state_dict_from_url`` looks for the file in the
same cache directory PyTorch uses (``~/.cache/torch/hub/checkpoints``, or
``$TORCH_HOME/hub/checkpoints``), so a checkpoint PyTorch downloaded once, or one copied there
from a USB stick, is found; otherwise it says how to load a local file instead.
"""
import hashlib
import os
import re
from urllib.parse import urlparse

from .serialization import load

_HASH_REGEX = re.compile(r"-([a-f0-9]*)\.")


def get_dir():
    """The hub cache directory: ``$TORCH_HOME/hub``, by default ``~/.cache/torch/hub``."""
    torch_home = os.path.expanduser(os.getenv(
        "TORCH_HOME", os.path.join(os.getenv("XDG_CACHE_HOME", "~/.cache"), "torch")))
    return os.path.join(torch_home, "hub")


def load_state_dict_from_url(url, model_dir=None, map_location=None, progress=True,
                             check_hash=False, file_name=None, weights_only=True):
    """Load the checkpoint ``url`` names from the local cache (never downloads).

    Parameters
    ----------
    url : str
        Only its file name is used (``resnet18-f37072fd.pth``).
    model_dir : str, optional
        Defaults to ``get_dir() + "/checkpoints"``.
    check_hash : bool
        Compare the file's SHA-256 with the prefix in its name (``f37072fd``).

    Raises
    ------
    RuntimeError
        If the file is not in the cache, with the path to copy it to.
    """
    model_dir = model_dir or os.path.join(get_dir(), "checkpoints")
    filename = file_name or os.path.basename(urlparse(url).path)
    cached_file = os.path.join(model_dir, filename)
    if not os.path.exists(cached_file):
        raise RuntimeError(
            f"autograd_lab does not download pretrained weights, and {filename} is not in the "
            f"local cache ({model_dir}).\nEither copy the checkpoint (downloadable from {url}) "
            f"to {cached_file}, or build the model without weights and load the file "
            f"yourself:\n    model = autograd_lab.models.resnet18()\n"
            f"    model.load_state_dict(autograd_lab.load(\"{filename}\"))")
    if check_hash:
        match = _HASH_REGEX.search(filename)
        prefix = match.group(1) if match else None
        if prefix:
            digest = _sha256(cached_file)
            if digest[:len(prefix)] != prefix:
                raise RuntimeError(f'invalid hash value (expected "{prefix}", got "{digest}")')
    return load(cached_file, map_location=map_location, weights_only=weights_only)


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
