"""Learning-rate schedulers, as ``torch.optim.lr_scheduler``.

A scheduler changes ``group["lr"]`` of its optimizer's groups each time ``scheduler.step()``
is called (after ``optimizer.step()``). The base class is in ``_base``; the schedules are
grouped by kind: fixed decays (``_decay``), user functions (``_lambda``), combinations
(``_combine``), metric-driven (``_plateau``) and cyclic ones (``_cyclic``).
"""
from ._base import EPOCH_DEPRECATION_WARNING, LRScheduler, _LRScheduler  # noqa: F401
from ._combine import ChainedScheduler, SequentialLR
from ._cyclic import CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR
from ._decay import (ConstantLR, CosineAnnealingLR, ExponentialLR, LinearLR, MultiStepLR,
                     PolynomialLR, StepLR)
from ._lambda import LambdaLR, MultiplicativeLR
from ._plateau import ReduceLROnPlateau

__all__ = ["LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR",
           "ExponentialLR", "SequentialLR", "CosineAnnealingLR", "ChainedScheduler",
           "ReduceLROnPlateau", "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR",
           "PolynomialLR", "LRScheduler"]
