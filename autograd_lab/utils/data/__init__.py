"""``torch.utils.data``: datasets, samplers, collation and the DataLoader.

Where each part lives:

* ``dataset``: :class:`Dataset`, :class:`IterableDataset`, :class:`TensorDataset`,
  :class:`StackDataset`, :class:`ConcatDataset`, :class:`ChainDataset`, :class:`Subset`,
  :func:`random_split`.
* ``sampler``: :class:`Sampler`, :class:`SequentialSampler`, :class:`RandomSampler`,
  :class:`SubsetRandomSampler`, :class:`WeightedRandomSampler`, :class:`BatchSampler`.
* ``_collate``: :func:`default_collate`, :func:`default_convert`.
* ``dataloader``: :class:`DataLoader` (no worker processes: see its module docstring),
  :func:`get_worker_info`.

Not here (yet): ``DistributedSampler`` and the DataPipes.
"""
from ._collate import default_collate, default_convert
from .dataloader import DataLoader, get_worker_info
from .dataset import (ChainDataset, ConcatDataset, Dataset, IterableDataset, StackDataset,
                      Subset, TensorDataset, random_split)
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler,
                      SubsetRandomSampler, WeightedRandomSampler)

__all__ = ["BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset",
           "IterableDataset", "RandomSampler", "Sampler", "SequentialSampler", "StackDataset",
           "Subset", "SubsetRandomSampler", "TensorDataset", "WeightedRandomSampler",
           "default_collate", "default_convert", "get_worker_info", "random_split"]
