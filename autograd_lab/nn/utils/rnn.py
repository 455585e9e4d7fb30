"""``nn.utils.rnn.pad_sequence``: stack sequences of different lengths into one padded
tensor, the usual way to batch them for ``RNN``/``LSTM``/``GRU``."""
from collections.abc import Iterable

from ..._tensor import Tensor


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Pad ``(L_i, *)`` tensors to the longest length and stack them: ``(L, N, *)``, or
    ``(N, L, *)`` with ``batch_first``. ``padding_side='left'`` puts the padding first.

    As torch builds it, each sequence is copied into its slice of a filled result (so the
    graph is a chain of ``CopySlices`` nodes, one per sequence).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.nn.utils.rnn import pad_sequence
    >>> pad_sequence([torch.tensor([1., 2., 3.]), torch.tensor([4.])], batch_first=True)
    tensor([[1., 2., 3.],
            [4., 0., 0.]])
    """
    if isinstance(sequences, Tensor):
        sequences = sequences.unbind(0)
    elif isinstance(sequences, Iterable):
        sequences = tuple(sequences)
    else:
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg of "
                           f"type: {type(sequences)}")
    if len(sequences) == 0:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got "
                           f"{padding_side}.")
    max_len = max(s.size(0) for s in sequences)
    trailing = tuple(sequences[0].shape[1:])
    n = len(sequences)
    dims = (n, max_len) + trailing if batch_first else (max_len, n) + trailing
    out = sequences[0].new_full(dims, padding_value)
    for i, seq in enumerate(sequences):
        length = seq.size(0)
        start = max_len - length if padding_side == "left" else 0
        if batch_first:
            out.select(0, i).narrow(0, start, length).copy_(seq)
        else:
            out.narrow(0, start, length).select(1, i).copy_(seq)
    return out
