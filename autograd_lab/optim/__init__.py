"""``autograd_lab.optim``: optimizers that update parameters from their ``.grad``, as
``torch.optim``: :class:`SGD`, :class:`Adam`, :class:`AdamW`, and ``lr_scheduler.StepLR``."""
from . import lr_scheduler
from .adam import Adam
from .adamw import AdamW
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["Adam", "AdamW", "Optimizer", "SGD", "lr_scheduler"]
