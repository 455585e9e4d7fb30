"""The DataLoader: a dataset, a sampler and a collate function, iterated batch by batch.

One epoch is ``for batch in loader``: the (batch) sampler yields index lists, the fetcher
reads those samples from the dataset, and ``collate_fn`` merges them into a batch. This is
``torch/utils/data/dataloader.py`` without worker processes; every random number is drawn
where torch draws it, so a seeded loop visits the same batches as in PyTorch.

Worker processes (``num_workers > 0``)
    autograd_lab never starts worker processes: the loader loads every batch in the main
    process, in the same order as torch (torch's workers deliver batches in sampler order).
    The options are checked as torch checks them, and ``persistent_workers=True`` reuses one
    iterator across epochs as torch does (so the per-epoch draws from the generator match),
    but what only exists inside a worker is absent: ``worker_init_fn`` is never called,
    ``get_worker_info()`` returns ``None``, randomness inside ``dataset.__getitem__`` uses the
    main process's generator (torch's workers are seeded ``base_seed + worker_id``), and an
    :class:`IterableDataset` is read once (torch's workers each read their own copy, so
    without sharding torch yields every sample ``num_workers`` times). torch's warning
    when ``num_workers`` exceeds the CPUs available is not given either: no process is made.
"""
import math
import warnings

from ... import cuda
from ..._creation import empty
from ..._dtype import int64
from ._collate import default_collate, default_convert
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader", "get_worker_info"]


def get_worker_info():
    """Information about the current worker process; ``None`` in the main process.

    autograd_lab loads every batch in the main process (see the module docstring), so this
    is always ``None``, which is what torch returns outside a worker too.
    """
    return None


class _DatasetKind:
    Map = 0
    Iterable = 1


class _InfiniteConstantSampler(Sampler):
    """``None`` forever: the sampler of an IterableDataset, whose stream decides the end."""

    def __iter__(self):
        while True:
            yield None


class DataLoader:
    """Iterate over ``dataset`` in batches.

    Parameters
    ----------
    dataset : Dataset or IterableDataset
        Where samples come from.
    batch_size : int or None
        Samples per batch (default 1). ``None`` turns automatic batching off: each item is
        one sample passed through ``collate_fn`` (default :func:`default_convert`).
    shuffle : bool
        A new random order every epoch (a :class:`RandomSampler`).
    sampler : Sampler or iterable, optional
        The index order; excludes ``shuffle``.
    batch_sampler : Sampler or iterable, optional
        Yields whole lists of indices; excludes ``batch_size``, ``shuffle``, ``sampler`` and
        ``drop_last``.
    num_workers : int
        Accepted and checked like torch's, but no worker process is started: batches are
        loaded in the main process, in torch's order (module docstring: what differs).
    collate_fn : callable, optional
        Merges a list of samples into a batch (default :func:`default_collate`).
    pin_memory : bool
        Accepted; autograd_lab has no pinned memory, so it changes nothing (torch warns, and
        so does this loader, when no accelerator is available).
    drop_last : bool
        Drop the last batch when it would be smaller than ``batch_size``.
    timeout, worker_init_fn, multiprocessing_context, prefetch_factor, persistent_workers,
    pin_memory_device, in_order
        Checked and stored as torch does; they only concern worker processes.
    generator : Generator, optional
        Used by the default RandomSampler and for the per-iterator base seed, as in torch.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.utils.data import DataLoader, TensorDataset
    >>> ds = TensorDataset(torch.arange(5.), torch.tensor([0, 1, 0, 1, 0]))
    >>> loader = DataLoader(ds, batch_size=2)
    >>> len(loader)
    3
    >>> for x, y in loader:
    ...     print(x, y)
    tensor([0., 1.]) tensor([0, 1])
    tensor([2., 3.]) tensor([0, 1])
    tensor([4.]) tensor([0])
    """

    _initialized = False

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; "
                             "use num_workers=0 to disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            # torch's message runs the two sentences together
            raise ValueError("prefetch_factor option could only be specified in "
                             "multiprocessing.let num_workers > 0 to enable multiprocessing, "
                             "otherwise set prefetch_factor to None.")
        elif num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        # dataset errors first, so a user learns that an IterableDataset takes no sampler
        # before fixing the sampler (torch's order)
        if isinstance(dataset, IterableDataset):
            self._dataset_kind = _DatasetKind.Iterable
            if shuffle not in {False, None}:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"shuffle option, but got shuffle={shuffle}")
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"sampler option, but got sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"batch_sampler option, but got batch_sampler={batch_sampler}")
        else:
            shuffle = bool(shuffle)
            self._dataset_kind = _DatasetKind.Map

        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")

        if sampler is None:
            if self._dataset_kind == _DatasetKind.Iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._initialized = True
        self._IterableDataset_len_called = None
        self._iterator = None

    @property
    def multiprocessing_context(self):
        return self._multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, context):
        if context is not None:
            import multiprocessing          # only here: importing it costs every user ~6 ms
            if self.num_workers == 0:
                raise ValueError("multiprocessing_context can only be used with multi-process "
                                 "loading (num_workers > 0), but got "
                                 f"num_workers={self.num_workers}")
            if isinstance(context, str):
                valid = multiprocessing.get_all_start_methods()
                if context not in valid:
                    raise ValueError("multiprocessing_context option should specify a valid "
                                     f"start method in {valid!r}, but got "
                                     f"multiprocessing_context={context!r}")
                context = multiprocessing.get_context(context)
            if not isinstance(context, multiprocessing.context.BaseContext):
                raise TypeError("multiprocessing_context option should be a valid context "
                                "object or a string specifying the start method, but got "
                                f"multiprocessing_context={context}")
        self._multiprocessing_context = context

    def __setattr__(self, attr, val):
        # changing these would leave the batch sampler built from the old ones
        if self._initialized and attr in ("batch_size", "batch_sampler", "sampler",
                                          "drop_last", "dataset", "persistent_workers"):
            raise ValueError(f"{attr} attribute should not be set after "
                             f"{self.__class__.__name__} is initialized")
        super().__setattr__(attr, val)

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        """What the iterator draws from: index lists when batching, single indices when not."""
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self):
        # torch keeps one iterator for persistent workers and only restarts its sampler, so
        # the base seed is drawn once, not every epoch
        if self.persistent_workers and self.num_workers > 0:
            if self._iterator is None:
                self._iterator = _SingleProcessDataLoaderIter(self)
            else:
                self._iterator._reset(self)
            return self._iterator
        return _SingleProcessDataLoaderIter(self)

    def __len__(self):
        if self._dataset_kind == _DatasetKind.Iterable:
            # only an estimate: the stream may end sooner or later than it says
            length = self._IterableDataset_len_called = len(self.dataset)
            if self.batch_size is not None:
                length = length // self.batch_size if self.drop_last \
                    else math.ceil(length / self.batch_size)
            return length
        return len(self._index_sampler)


class _BaseDatasetFetcher:
    """Turns what the index sampler yields into a batch: reads the samples, collates them."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset, self.auto_collation = dataset, auto_collation
        self.collate_fn, self.drop_last = collate_fn, drop_last


class _MapDatasetFetcher(_BaseDatasetFetcher):
    """Reads ``dataset[i]`` for each index (or all at once with ``__getitems__``)."""

    def fetch(self, possibly_batched_index):
        if self.auto_collation:
            if getattr(self.dataset, "__getitems__", None):
                data = self.dataset.__getitems__(possibly_batched_index)
            else:
                data = [self.dataset[idx] for idx in possibly_batched_index]
        else:
            data = self.dataset[possibly_batched_index]
        return self.collate_fn(data)


class _IterableDatasetFetcher(_BaseDatasetFetcher):
    """Reads the stream; the sampler's ``None`` indices only say how many per batch."""

    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        super().__init__(dataset, auto_collation, collate_fn, drop_last)
        self.dataset_iter = iter(dataset)
        self.ended = False

    def fetch(self, possibly_batched_index):
        if self.ended:
            raise StopIteration
        if self.auto_collation:
            data = []
            for _ in possibly_batched_index:
                try:
                    data.append(next(self.dataset_iter))
                except StopIteration:
                    self.ended = True
                    break
            if len(data) == 0 or (self.drop_last and len(data) < len(possibly_batched_index)):
                raise StopIteration
        else:
            data = next(self.dataset_iter)
        return self.collate_fn(data)


class _SingleProcessDataLoaderIter:
    """One epoch over a DataLoader (what ``iter(loader)`` returns)."""

    def __init__(self, loader):
        self._dataset = loader.dataset
        self._dataset_kind = loader._dataset_kind
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._index_sampler = loader._index_sampler
        self._num_workers = loader.num_workers
        if loader.pin_memory and loader.pin_memory_device:
            warnings.warn("pin_memory_device is deprecated, the current accelerator will be "
                          "used as the device,ignore "
                          f"pin_memory_device='{loader.pin_memory_device}'.", stacklevel=2)
        if loader.pin_memory and not cuda.is_available():
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, "
                          "then device pinned memory won't be used.", stacklevel=2)
        self._collate_fn = loader.collate_fn
        # the sampler is a generator: its own draws (RandomSampler's seed) happen at the first
        # batch, after this one
        self._sampler_iter = iter(self._index_sampler)
        # torch draws the workers' base seed for every iterator, workers or not; drawing it
        # here keeps the generator's stream in step with torch's
        self._base_seed = empty((), dtype=int64).random_(generator=loader.generator).item()
        self._num_yielded = 0
        fetcher = _MapDatasetFetcher if self._dataset_kind == _DatasetKind.Map \
            else _IterableDatasetFetcher
        self._dataset_fetcher = fetcher(self._dataset, self._auto_collation, self._collate_fn,
                                        self._drop_last)

    def __iter__(self):
        return self

    def _reset(self, loader):
        self._sampler_iter = iter(self._index_sampler)
        self._num_yielded = 0
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        if self._dataset_kind == _DatasetKind.Iterable:
            self._dataset_fetcher = _IterableDatasetFetcher(
                self._dataset, self._auto_collation, self._collate_fn, self._drop_last)

    def __next__(self):
        index = next(self._sampler_iter)                  # may end the epoch
        data = self._dataset_fetcher.fetch(index)         # may end an iterable dataset
        self._num_yielded += 1
        if (self._dataset_kind == _DatasetKind.Iterable
                and self._IterableDataset_len_called is not None
                and self._num_yielded > self._IterableDataset_len_called):
            warnings.warn(f"Length of IterableDataset {self._dataset} was reported to be "
                          f"{self._IterableDataset_len_called}(when accessing len(dataloader)), "
                          f"but {self._num_yielded} samples have been fetched. ", stacklevel=2)
        return data

    def __len__(self):
        return len(self._index_sampler)

    def __getstate__(self):
        raise NotImplementedError("{} cannot be pickled", self.__class__.__name__)
