"""``nn.utils.rnn``: batching sequences of different lengths for ``RNN``/``LSTM``/``GRU``.

``pad_sequence`` stacks them into one padded tensor. A ``PackedSequence`` instead keeps only
the real steps, time-major: ``data`` holds step 0 of every sequence, then step 1 of those
that have one, and so on (``batch_sizes[t]`` rows for step ``t``), the sequences sorted by
decreasing length (``sorted_indices``). The recurrent layers then skip the padding: at step
``t`` only the first ``batch_sizes[t]`` sequences advance.
"""
from collections import namedtuple
from collections.abc import Iterable

import numpy as np

from ... import _creation, _dtype
from ...autograd.function import Op
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


def invert_permutation(permutation):
    """The permutation that undoes ``permutation`` (``None`` stays ``None``)."""
    if permutation is None:
        return None
    output = _creation.empty_like(permutation)
    output._data[permutation._data] = permutation._xp().arange(permutation.numel())
    return output


class PackedSequence(namedtuple("PackedSequence",
                                ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """The steps of a batch of sequences, without padding (see the module docstring).
    Made by :func:`pack_padded_sequence` or :func:`pack_sequence`, read back by
    :func:`pad_packed_sequence`."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:           # PackedSequence((data, batch_sizes))
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """The data moved or cast (``batch_sizes`` stay on the CPU, as in torch)."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        device = data.device
        sorted_indices = None if self.sorted_indices is None else \
            self.sorted_indices.to(device)
        unsorted_indices = None if self.unsorted_indices is None else \
            self.unsorted_indices.to(device)
        return type(self)(data, self.batch_sizes, sorted_indices, unsorted_indices)

    @property
    def is_cuda(self):
        return self.data.is_cuda


class PackPaddedSequence(Op):
    """Gather the real steps of a padded ``(L, N, *)`` batch (sorted by decreasing length)
    into ``(sum(lengths), *)`` rows; the backward scatters the gradient back into zeros."""

    node_name = "PackPaddedSequenceBackward0"
    saved_attrs = ("batch_first",)

    @staticmethod
    def forward(ctx, a, batch_sizes, batch_first):
        x = a._data
        xp = a._xp()
        if batch_first:
            x = x.swapaxes(0, 1)
        ctx.batch_sizes, ctx.batch_first, ctx.shape = batch_sizes, batch_first, x.shape
        return xp.concatenate([x[t, :bs] for t, bs in enumerate(batch_sizes)])

    @staticmethod
    def backward(ctx, grad):
        out = grad.new_zeros(ctx.shape)
        offset = 0
        for t, bs in enumerate(ctx.batch_sizes):
            out.select(0, t).narrow(0, 0, bs).copy_(grad.narrow(0, offset, bs))
            offset += bs
        return (out.transpose(0, 1) if ctx.batch_first else out), None, None


def _lengths_list(lengths):
    if isinstance(lengths, Tensor):
        return [int(v) for v in lengths.tolist()]
    return [int(v) for v in lengths]


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch ``(L, N, *)`` (``(N, L, *)`` with ``batch_first``) of sequences of
    the given ``lengths``; ``enforce_sorted=False`` sorts them by decreasing length first.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.nn.utils.rnn import pack_padded_sequence
    >>> x = torch.tensor([[1., 2., 3.], [4., 5., 0.]])
    >>> pack_padded_sequence(x, [3, 2], batch_first=True).batch_sizes
    tensor([2, 2, 1])
    """
    lengths = _lengths_list(lengths)
    sorted_indices = None
    if not enforce_sorted:
        order = np.argsort(-np.asarray(lengths, dtype=np.int64), kind="stable")
        lengths = [lengths[i] for i in order]
        sorted_indices = _creation.tensor(order.tolist(), dtype=_dtype.int64,
                                          device=input.device)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    batch_size = input.shape[0 if batch_first else 1]
    if len(lengths) != batch_size:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{len(lengths)} (batch_size={batch_size})")
    if lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an "
                           "element in 'lengths' that is <= 0")
    if any(b > a for a, b in zip(lengths, lengths[1:])):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when "
                           "`enforce_sorted` is True. You can pass `enforce_sorted=False` to "
                           "pack_padded_sequence and/or pack_sequence to sidestep this "
                           "requirement if you do not need ONNX exportability.")
    batch_sizes = [sum(1 for n in lengths if n > t) for t in range(lengths[0])]
    data = PackPaddedSequence.apply(input, tuple(batch_sizes), batch_first)
    return PackedSequence(data, _creation.tensor(batch_sizes, dtype=_dtype.int64),
                          sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Undo :func:`pack_padded_sequence`: ``(padded, lengths)``, in the original order.

    As torch builds it: runs of steps with the same batch size copied into slices of a
    filled result (``CopySlices`` nodes), then put back in the caller's order
    (``index_select``).
    """
    batch_sizes = [int(b) for b in sequence.batch_sizes.tolist()]
    max_len = len(batch_sizes)
    if total_length is not None:
        if total_length < max_len:
            raise ValueError("Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {max_len}")
        max_len = total_length
    data = sequence.data
    max_batch = batch_sizes[0]
    trailing = tuple(data.shape[1:])
    output = data.new_full((max_len, max_batch) + trailing, padding_value)
    lengths = [0] * max_batch
    offset, prev_bs, prev_i = 0, max_batch, 0
    for i in range(len(batch_sizes) + 1):
        bs = batch_sizes[i] if i != len(batch_sizes) else 0
        if bs != prev_bs:
            n = prev_bs * (i - prev_i)
            block = data.narrow(0, offset, n).view((i - prev_i, prev_bs) + trailing)
            output.narrow(0, prev_i, i - prev_i).narrow(1, 0, prev_bs).copy_(block)
            offset += n
            prev_i = i
        for j in range(bs, prev_bs):           # these sequences end at step i
            lengths[j] = i
        prev_bs = bs
    if batch_first:
        output = output.transpose(0, 1)
    lengths = _creation.tensor(lengths, dtype=_dtype.int64)
    if sequence.unsorted_indices is not None:
        output = output.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices.cpu()]
    return output, lengths


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of ``(L_i, *)`` tensors (``pad_sequence`` then ``pack_padded_sequence``).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.nn.utils.rnn import pack_sequence
    >>> pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.])]).data
    tensor([1., 3., 2.])
    """
    lengths = _creation.tensor([v.size(0) for v in sequences], dtype=_dtype.int64)
    return pack_padded_sequence(pad_sequence(sequences), lengths,
                                enforce_sorted=enforce_sorted)
