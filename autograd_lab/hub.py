"""``autograd_lab.hub``: ``torch.hub``'s checkpoint download and cache, without torch.

``load_state_dict_from_url`` behaves as torch's: it looks for the file in the cache PyTorch
uses (``$TORCH_HOME/hub/checkpoints``, by default ``~/.cache/torch/hub/checkpoints``), so a
checkpoint PyTorch downloaded once, or one copied there from a USB stick, is found; otherwise
it downloads it there (with a progress bar, and with ``check_hash`` torchvision's check that
the hex digits after the last ``-`` of the file name start the file's SHA-256). The file is
read by :func:`autograd_lab.load`, which needs no torch. Without a network it says how to get
the file another way.
"""
import hashlib
import os
import re
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
from urllib.parse import urlparse

from .serialization import load

# torchvision's file names end in "-<first hex digits of the SHA-256>.pth"
HASH_REGEX = re.compile(r"-([a-f0-9]*)\.")
_CHUNK = 1 << 16


def get_dir():
    """The hub cache directory: ``$TORCH_HOME/hub``, by default ``~/.cache/torch/hub``.

    Examples
    --------
    >>> from autograd_lab import hub
    >>> hub.get_dir().endswith("hub")
    True
    """
    torch_home = os.path.expanduser(os.getenv(
        "TORCH_HOME", os.path.join(os.getenv("XDG_CACHE_HOME", "~/.cache"), "torch")))
    return os.path.join(torch_home, "hub")


def download_url_to_file(url, dst, hash_prefix=None, progress=True):
    """Download ``url`` to the file ``dst``, as ``torch.hub.download_url_to_file``.

    The bytes go to a temporary file beside ``dst`` first and are moved into place only
    when complete and, with ``hash_prefix``, when their SHA-256 starts with it; otherwise
    the temporary file is removed and a ``RuntimeError`` says so.

    Parameters
    ----------
    url : str
    dst : str
        Full path of the file to write.
    hash_prefix : str, optional
        The first hex digits of the expected SHA-256.
    progress : bool
        Show a progress bar on stderr.

    Examples
    --------
    >>> from autograd_lab import hub
    >>> hub.download_url_to_file("https://download.pytorch.org/models/resnet18-f37072fd.pth",
    ...                          "resnet18.pth", hash_prefix="f37072fd")  # doctest: +SKIP
    """
    dst = os.path.abspath(os.path.expanduser(dst))
    folder = os.path.dirname(dst)
    request = urllib.request.Request(url, headers={"User-Agent": "autograd_lab.hub"})
    with urllib.request.urlopen(request) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        sha256 = hashlib.sha256()
        tmp = tempfile.NamedTemporaryFile(delete=False, dir=folder, suffix=".partial")
        try:
            bar = _ProgressBar(total, progress)
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                tmp.write(chunk)
                sha256.update(chunk)
                bar.update(len(chunk))
            bar.close()
            tmp.close()
            if hash_prefix is not None:
                digest = sha256.hexdigest()
                if digest[:len(hash_prefix)] != hash_prefix:
                    raise RuntimeError(f'invalid hash value (expected "{hash_prefix}", got '
                                       f'"{digest}"): the download of {url} is corrupted '
                                       "and was removed; try again")
            shutil.move(tmp.name, dst)
        finally:
            tmp.close()
            if os.path.exists(tmp.name):
                os.remove(tmp.name)


class _ProgressBar:
    """``45.2M/44.7M [#########.] 95%`` on stderr, redrawn in place (torch uses tqdm)."""

    WIDTH = 30

    def __init__(self, total, enabled):
        self.total, self.enabled, self.done = total, enabled, 0

    def update(self, n):
        self.done += n
        if not self.enabled:
            return
        mb = f"{self.done / 2**20:.1f}M"
        if self.total:
            part = min(1.0, self.done / self.total)
            filled = int(part * self.WIDTH)
            text = (f"{mb}/{self.total / 2**20:.1f}M "
                    f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {part:4.0%}")
        else:
            text = mb
        sys.stderr.write("\r" + text)
        sys.stderr.flush()

    def close(self):
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def load_state_dict_from_url(url, model_dir=None, map_location=None, progress=True,
                             check_hash=False, file_name=None, weights_only=True):
    """Load the checkpoint at ``url``, downloading it into the cache the first time.

    Same signature and behaviour as ``torch.hub.load_state_dict_from_url``.

    Parameters
    ----------
    url : str
        Where the checkpoint is (``https://download.pytorch.org/models/resnet18-f37072fd.pth``).
    model_dir : str, optional
        The cache folder; defaults to ``get_dir() + "/checkpoints"``.
    map_location : optional
        As in :func:`autograd_lab.load`.
    progress : bool
        Show a progress bar while downloading.
    check_hash : bool
        Check a download against the SHA-256 prefix in its file name (``f37072fd``); a file
        already in the cache is used as it is, as torch does.
    file_name : str, optional
        Name of the cached file (defaults to the last part of ``url``).
    weights_only : bool
        As in :func:`autograd_lab.load`.

    Raises
    ------
    RuntimeError
        If the file cannot be downloaded (no network: the message says where to put a copy
        or how to load a file yourself), or if the download fails the hash check.

    Examples
    --------
    >>> from autograd_lab import hub
    >>> state_dict = hub.load_state_dict_from_url(
    ...     "https://download.pytorch.org/models/resnet18-f37072fd.pth",
    ...     check_hash=True)                                          # doctest: +SKIP
    >>> len(state_dict)                                               # doctest: +SKIP
    102
    """
    if model_dir is None:
        model_dir = os.path.join(get_dir(), "checkpoints")
    os.makedirs(model_dir, exist_ok=True)
    filename = file_name or os.path.basename(urlparse(url).path)
    cached_file = os.path.join(model_dir, filename)
    if not os.path.exists(cached_file):
        sys.stderr.write(f'Downloading: "{url}" to {cached_file}\n')
        match = HASH_REGEX.search(filename) if check_hash else None
        try:
            download_url_to_file(url, cached_file, match.group(1) if match else None,
                                 progress=progress)
        except (urllib.error.URLError, OSError) as err:
            raise RuntimeError(
                f"could not download {url} ({getattr(err, 'reason', err)}).\n"
                f"Without a network, get the file another way (another computer, a USB "
                f"stick) and either copy it to {cached_file}, or build the model without "
                f"weights and load the file yourself:\n"
                f"    model = autograd_lab.models.resnet18()\n"
                f"    model.load_state_dict(autograd_lab.load(\"{filename}\"))") from err
    return load(cached_file, map_location=map_location, weights_only=weights_only)


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
