"""Samplers: the order in which a :class:`~autograd_lab.utils.data.DataLoader` visits indices.

A sampler is any iterable of dataset indices (or, for a batch sampler, of lists of indices).
The random ones draw from autograd_lab's generator, which reproduces torch's mt19937 bit for
bit, and they draw exactly what ``torch/utils/data/sampler.py`` draws, in the same order: so
``manual_seed(0)`` followed by a shuffled epoch visits the same indices as in PyTorch.
"""
import itertools
from typing import Generic, TypeVar

from ..._creation import as_tensor, empty, multinomial, randint, randperm
from ..._dtype import float64, int64
from ..._random import Generator

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
           "WeightedRandomSampler", "BatchSampler"]

T_co = TypeVar("T_co", covariant=True)


class Sampler(Generic[T_co]):
    """Base class: subclasses define ``__iter__`` (the indices) and usually ``__len__``.

    Examples
    --------
    >>> class Backwards(Sampler):
    ...     def __init__(self, n):
    ...         self.n = n
    ...     def __iter__(self):
    ...         return iter(range(self.n - 1, -1, -1))
    ...     def __len__(self):
    ...         return self.n
    >>> list(Backwards(3))
    [2, 1, 0]
    """

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler[int]):
    """``0, 1, ..., len(data_source) - 1``: the order of an unshuffled DataLoader.

    Examples
    --------
    >>> list(SequentialSampler(["a", "b", "c"]))
    [0, 1, 2]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler[int]):
    """Random indices: a fresh permutation each epoch, or draws with ``replacement=True``.

    Parameters
    ----------
    data_source : sized
        The dataset (only its length is used).
    replacement : bool
        Draw ``num_samples`` indices independently (with repeats) instead of permuting.
    num_samples : int, optional
        How many indices per epoch (default ``len(data_source)``); without replacement more
        than one length's worth chains several permutations.
    generator : Generator, optional
        Where the randomness comes from. Without one, each epoch draws a 64-bit seed from
        the global generator (``empty((), dtype=int64).random_()``) and permutes with a new
        Generator seeded by it, exactly as torch does; that is why ``manual_seed`` before a
        loop fixes every epoch's order.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> list(RandomSampler(range(5), generator=torch.Generator().manual_seed(0)))
    [4, 0, 1, 3, 2]
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError("replacement should be a boolean value, but got "
                            f"replacement={self.replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError("num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self):
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        if self.generator is None:
            seed = int(empty((), dtype=int64).random_().item())
            generator = Generator()
            generator.manual_seed(seed)
        else:
            generator = self.generator
        if self.replacement:
            # torch draws in chunks of 32, then the rest: the chunking is part of the stream
            for _ in range(self.num_samples // 32):
                yield from randint(high=n, size=(32,), dtype=int64,
                                   generator=generator).tolist()
            yield from randint(high=n, size=(self.num_samples % 32,), dtype=int64,
                               generator=generator).tolist()
        else:
            for _ in range(self.num_samples // n):
                yield from randperm(n, generator=generator).tolist()
            yield from randperm(n, generator=generator).tolist()[:self.num_samples % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler[int]):
    """The given ``indices`` in a random order (a new permutation each epoch).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> list(SubsetRandomSampler([10, 20, 30], generator=torch.Generator().manual_seed(0)))
    [30, 10, 20]
    """

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in randperm(len(self.indices), generator=self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
    """Indices ``0 .. len(weights) - 1`` drawn with probabilities proportional to ``weights``.

    Each epoch is one ``multinomial(weights, num_samples, replacement)`` call, so the order
    is PyTorch's for the same seed: the usual way to over-sample rare classes.

    Parameters
    ----------
    weights : sequence of float
        One non-negative weight per index (held as a float64 tensor); they need not sum to 1.
    num_samples : int
        How many indices per epoch.
    replacement : bool
        Draw with repeats (default). Without, each index comes at most once, so
        ``num_samples`` cannot exceed ``len(weights)``.
    generator : Generator, optional
        Where the randomness comes from (default: the global generator).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> g = torch.Generator().manual_seed(0)
    >>> list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5, generator=g))
    [5, 4, 4, 5, 4]
    >>> list(WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False,
    ...                            generator=g))
    [1, 4, 0, 3, 5]
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or \
                num_samples <= 0:
            raise ValueError("num_samples should be a positive integer value, but got "
                             f"num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError("replacement should be a boolean value, but got "
                             f"replacement={replacement}")
        weights_tensor = as_tensor(weights, dtype=float64)
        if len(weights_tensor.shape) != 1:
            raise ValueError("weights should be a 1d sequence but given weights have shape "
                             f"{tuple(weights_tensor.shape)}")
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        rand_tensor = multinomial(self.weights, self.num_samples, self.replacement,
                                  generator=self.generator)
        yield from iter(rand_tensor.tolist())

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler[list]):
    """Group another sampler's indices into lists of ``batch_size``.

    The last batch is shorter when the length is not a multiple of ``batch_size``, unless
    ``drop_last=True`` drops it.

    Examples
    --------
    >>> list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False))
    [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    >>> list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True))
    [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError("batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError("drop_last should be a boolean value, but got "
                             f"drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        sampler_iter = iter(self.sampler)
        if self.drop_last:
            # zip over batch_size references to one iterator stops at the first short batch
            for batch in zip(*[sampler_iter] * self.batch_size):
                yield [*batch]
        else:
            batch = [*itertools.islice(sampler_iter, self.batch_size)]
            while batch:
                yield batch
                batch = [*itertools.islice(sampler_iter, self.batch_size)]

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size
