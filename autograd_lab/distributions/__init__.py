"""Probability distributions with PyTorch's ``torch.distributions`` API.

Sampling uses autograd_lab's torch-identical random generator with the same calls torch's
classes make, so ``manual_seed(s)`` gives the same samples as torch.  ``rsample`` (where
available) is a reparameterised draw whose gradient reaches the parameters.

Examples
--------
>>> import autograd_lab as torch
>>> D = torch.distributions
>>> q = D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
>>> D.kl_divergence(q, D.Normal(0.0, 1.0))
tensor([0.0000, 1.3069])
"""
from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .independent import Independent
from .kl import kl_divergence, register_kl
from .normal import Normal
from .uniform import Uniform

__all__ = ["Bernoulli", "Categorical", "Distribution", "Independent", "Normal", "Uniform",
           "constraints", "kl_divergence", "register_kl"]
