"""``kl_divergence(p, q)``: KL(p || q) by closed-form rules registered per pair of types.

A rule registered for ``(P, Q)`` also serves subclasses of ``P`` and ``Q``; when several
match, the most specific pair wins (fewest steps up each class's MRO).
"""
import math

import autograd_lab as _al
from .bernoulli import Bernoulli
from .categorical import Categorical
from .independent import Independent
from .normal import Normal
from .uniform import Uniform
from .utils import sum_rightmost

__all__ = ["kl_divergence", "register_kl"]

_KL_RULES = {}        # (type_p, type_q) -> fn(p, q)
_KL_CACHE = {}        # memoised lookups; cleared whenever a rule is added


def register_kl(type_p, type_q):
    """Decorator registering ``fn(p, q)`` as KL(p || q) for the two distribution types.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> D = torch.distributions
    >>> class Coin(D.Bernoulli):
    ...     pass
    >>> @D.register_kl(Coin, Coin)
    ... def _kl_coin_coin(p, q):
    ...     return (p.probs - q.probs).abs()
    >>> D.kl_divergence(Coin(0.5), Coin(0.25))
    tensor(0.2500)
    """
    def decorator(fn):
        _KL_RULES[type_p, type_q] = fn
        _KL_CACHE.clear()
        return fn
    return decorator


def _find_rule(type_p, type_q):
    candidates = [(type_p.__mro__.index(p) + type_q.__mro__.index(q), p.__name__,
                   q.__name__, fn)
                  for (p, q), fn in _KL_RULES.items()
                  if issubclass(type_p, p) and issubclass(type_q, q)]
    return min(candidates, key=lambda c: c[:3])[3] if candidates else None


def kl_divergence(p, q):
    """The Kullback-Leibler divergence ``E_p[log p(x) - log q(x)]``, one value per batch
    element.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> D = torch.distributions
    >>> D.kl_divergence(D.Normal(0.0, 1.0), D.Normal(1.0, 1.0))
    tensor(0.5000)
    """
    key = (type(p), type(q))
    if key not in _KL_CACHE:
        _KL_CACHE[key] = _find_rule(*key)
    rule = _KL_CACHE[key]
    if rule is None:
        raise NotImplementedError(f"No KL(p || q) is implemented for p type "
                                  f"{type(p).__name__} and q type {type(q).__name__}")
    return rule(p, q)


@register_kl(Normal, Normal)
def _kl_normal_normal(p, q):
    # with r = sp/sq and d = (mp - mq)/sq:  KL = (r^2 + d^2 - 1 - log r^2) / 2
    ratio_sq = (p.scale / q.scale).pow(2)
    shift_sq = ((p.loc - q.loc) / q.scale).pow(2)
    return 0.5 * (ratio_sq + shift_sq - 1 - ratio_sq.log())


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p, q):
    # p log(p/q) + (1-p) log((1-p)/(1-q)), with log p = -softplus(-logit) and
    # log(1-p) = -softplus(logit) for accuracy; the masked writes settle the limits:
    # 0 * log 0 = 0, and mass where q has none makes the divergence infinite
    softplus = _al.nn.functional.softplus
    ones = p.probs * (softplus(-q.logits) - softplus(-p.logits))
    ones[q.probs == 0] = math.inf
    ones[p.probs == 0] = 0
    zeros = (1 - p.probs) * (softplus(q.logits) - softplus(p.logits))
    zeros[q.probs == 1] = math.inf
    zeros[p.probs == 1] = 0
    return ones + zeros


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p, q):
    # sum_k p_k (log p_k - log q_k), with the same 0 log 0 and q_k = 0 conventions
    terms = p.probs * (p.logits - q.logits)
    terms[(q.probs == 0).expand_as(terms)] = math.inf
    terms[(p.probs == 0).expand_as(terms)] = 0
    return terms.sum(-1)


@register_kl(Uniform, Uniform)
def _kl_uniform_uniform(p, q):
    # log(width_q / width_p) when p's interval lies inside q's, infinite otherwise
    kl = (q._width() / p._width()).log()
    kl[(q.low > p.low) | (q.high < p.high)] = math.inf
    return kl


@register_kl(Independent, Independent)
def _kl_independent_independent(p, q):
    # independent coordinates: the divergences add up over the event dims
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        raise NotImplementedError
    return sum_rightmost(kl_divergence(p.base_dist, q.base_dist),
                         p.reinterpreted_batch_ndims)
