"""``autograd_lab.optim``: optimizers that update parameters from their ``.grad``, as
``torch.optim``: :class:`SGD`, :class:`Adam`, :class:`AdamW`, :class:`RMSprop`,
:class:`Adagrad`, :class:`Adadelta`, :class:`Adamax`, :class:`NAdam`, :class:`RAdam`, and
the learning-rate schedulers of ``lr_scheduler``."""
from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Adadelta", "Adagrad", "Adam", "Adamax", "AdamW", "NAdam", "Optimizer", "RAdam",
           "RMSprop", "SGD", "lr_scheduler"]
