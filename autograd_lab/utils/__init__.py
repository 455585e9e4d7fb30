"""``torch.utils``: the parts a learner needs to train a model, starting with ``data``."""
from . import data

__all__ = ["data"]
