"""autograd_lab.distributions against torch.distributions: the same seed gives bit-identical
samples; log_prob / entropy / moments / KL values, their gradients (rsample's reparameterised
ones included) and grad_fn names; reprs; validate_args errors."""
import warnings

import pytest

import autograd_lab as al
from oracle import assert_error_matches, assert_tensor_matches


def _match(ours, expected, exact):
    """Compare a nested result (tensors, sizes, strings, numbers) with torch's encoded one."""
    if isinstance(expected, dict) and expected.get("__tensor__"):
        tol = dict(rtol=0, atol=0) if exact else {}
        assert_tensor_matches(ours, expected, **tol)
    elif isinstance(expected, dict) and "__size__" in expected:
        assert list(ours) == expected["__size__"] and type(ours).__name__ == "Size"
    elif isinstance(expected, dict) and "__error__" in expected:
        raise AssertionError(f"torch raised {expected}")
    elif isinstance(expected, list):
        assert len(ours) == len(expected)
        for o, e in zip(ours, expected):
            _match(o, e, exact)
    else:
        assert ours == expected, (ours, expected)


def check(oracle, key, fn, exact=False):
    """Run ``fn(lib)`` on torch (or its golden answer) and on autograd_lab and compare."""
    expected = oracle(key, fn)
    _match(fn(al), expected, exact)


def _leaf(T, values, dtype=None):
    return T.tensor(values, dtype=dtype or T.float32, requires_grad=True)


def _grads(T, loss, *leaves):
    loss.backward()
    return tuple(x.grad for x in leaves)


# ====================================================================== sampling: same seed
SAMPLES = {
    "normal": lambda T: T.distributions.Normal(T.tensor([0., 1.]), T.tensor([1., 2.])).sample((3,)),
    "normal_scalar": lambda T: T.distributions.Normal(0.5, 2.0).sample(),
    "normal_f64": lambda T: T.distributions.Normal(
        T.zeros(2, dtype=T.float64), 3.0).sample((2, 2)),
    "normal_rsample": lambda T: T.distributions.Normal(T.tensor([0., 1.]), 2.0).rsample((4,)),
    "normal_expand": lambda T: T.distributions.Normal(T.tensor(1.), 2.0).expand((2, 3)).sample(),
    "bernoulli_probs": lambda T: T.distributions.Bernoulli(
        probs=T.tensor([0.1, 0.5, 0.9])).sample((4,)),
    "bernoulli_logits": lambda T: T.distributions.Bernoulli(
        logits=T.tensor([-2., 0., 3.])).sample((2,)),
    "bernoulli_scalar": lambda T: T.distributions.Bernoulli(0.3).sample((5,)),
    "categorical_probs": lambda T: T.distributions.Categorical(
        probs=T.tensor([1., 2., 3., 4.])).sample((10,)),
    "categorical_logits_batch": lambda T: T.distributions.Categorical(
        logits=T.tensor([[0., 1., 2.], [2., 1., 0.]])).sample((2, 3)),
    "categorical_one": lambda T: T.distributions.Categorical(
        logits=T.tensor([[0., 1., 2.], [2., 1., 0.]])).sample(),
    "uniform": lambda T: T.distributions.Uniform(T.tensor([0., -1.]),
                                                 T.tensor([1., 3.])).sample((3,)),
    "uniform_scalar_rsample": lambda T: T.distributions.Uniform(-2.0, 2.0).rsample((2,)),
    "independent": lambda T: T.distributions.Independent(
        T.distributions.Normal(T.zeros(2, 3), T.ones(2, 3)), 1).sample((2,)),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples_bit_identical(oracle, name):
    def run(T):
        T.manual_seed(7)
        first = SAMPLES[name](T)
        return first, SAMPLES[name](T), T.rand(2)     # the generator state after, too
    check(oracle, name, run, exact=True)


def test_sample_has_no_graph_rsample_has(oracle):
    def run(T):
        T.manual_seed(0)
        loc = _leaf(T, [0., 1.])
        d = T.distributions.Normal(loc, 1.0)
        return d.sample(), d.rsample()
    check(oracle, "graph", run)


def test_sample_n_warns_and_draws(oracle):
    def run(T):
        T.manual_seed(1)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            s = T.distributions.Normal(0.0, 1.0).sample_n(3)
        return s, str(w[0].message), w[0].category.__name__
    check(oracle, "sample_n", run, exact=True)


# ====================================================================== rsample gradients
def test_normal_rsample_gradients(oracle):
    def run(T):
        T.manual_seed(3)
        loc, scale = _leaf(T, [0.5, -1.0]), _leaf(T, [1.5, 0.3])
        z = T.distributions.Normal(loc, scale).rsample((4,))
        return (z,) + _grads(T, (z ** 2).sum(), loc, scale)
    check(oracle, "normal", run)


def test_uniform_rsample_gradients(oracle):
    def run(T):
        T.manual_seed(3)
        low, high = _leaf(T, [0.0, -2.0]), _leaf(T, [1.0, 5.0])
        z = T.distributions.Uniform(low, high).rsample((3,))
        return (z,) + _grads(T, (z * z).sum(), low, high)
    check(oracle, "uniform", run)


def test_vae_style_reparameterisation(oracle):
    """mu, log_var -> Independent(Normal) rsample -> log_prob and KL to the prior."""
    def run(T):
        T.manual_seed(11)
        mu = _leaf(T, [[0.1, -0.2, 0.3], [1.0, 0.0, -1.0]])
        log_var = _leaf(T, [[0.0, -1.0, 0.5], [0.2, 0.1, -0.3]])
        q = T.distributions.Independent(T.distributions.Normal(mu, (0.5 * log_var).exp()), 1)
        prior = T.distributions.Independent(
            T.distributions.Normal(T.zeros(2, 3), T.ones(2, 3)), 1)
        z = q.rsample()
        lp = q.log_prob(z)
        kl = T.distributions.kl_divergence(q, prior)
        return (z, lp, kl) + _grads(T, (lp + kl).sum() + z.sum(), mu, log_var)
    check(oracle, "vae", run)


# ====================================================================== log_prob / entropy
def _normal(T):
    return T.distributions.Normal(_leaf(T, [0.0, 1.0, -2.0]), _leaf(T, [1.0, 0.5, 3.0]))


def _bern_p(T):
    return T.distributions.Bernoulli(probs=_leaf(T, [0.2, 0.5, 0.9]))


def _bern_l(T):
    return T.distributions.Bernoulli(logits=_leaf(T, [-1.0, 0.0, 2.5]))


def _cat_p(T):
    return T.distributions.Categorical(probs=_leaf(T, [[1.0, 2.0, 1.0], [0.0, 3.0, 1.0]]))


def _cat_l(T):
    return T.distributions.Categorical(logits=_leaf(T, [[0.0, 1.0, -1.0], [2.0, 0.5, 0.0]]))


def _uniform(T):
    return T.distributions.Uniform(_leaf(T, [0.0, -1.0, 2.0]), _leaf(T, [1.0, 3.0, 2.5]))


DISTS = {"normal": _normal, "bern_p": _bern_p, "bern_l": _bern_l, "cat_p": _cat_p,
         "cat_l": _cat_l, "uniform": _uniform}
VALUES = {"normal": [0.5, 1.0, 0.0], "bern_p": [1.0, 0.0, 1.0], "bern_l": [0.0, 1.0, 1.0],
          "cat_p": [[2], [1]], "cat_l": [0, 2], "uniform": [0.5, 2.9, 2.0]}


def _params(d):
    return [v for v in vars(d).values() if hasattr(v, "requires_grad") and v.is_leaf
            and v.requires_grad]


@pytest.mark.parametrize("name", sorted(DISTS))
def test_log_prob(oracle, name):
    def run(T):
        d = DISTS[name](T)
        value = T.tensor(VALUES[name], dtype=T.long if name.startswith("cat") else None)
        lp = d.log_prob(value)
        return (lp,) + _grads(T, lp.sum(), *_params(d))
    check(oracle, name, run)


@pytest.mark.parametrize("name", sorted(DISTS))
def test_entropy(oracle, name):
    def run(T):
        d = DISTS[name](T)
        h = d.entropy()
        return (h, d.perplexity()) + _grads(T, h.sum(), *_params(d))
    check(oracle, name, run)


MOMENTS = [(name, prop) for name in sorted(DISTS) for prop in ["mean", "variance", "stddev",
                                                                "mode"]]


@pytest.mark.parametrize("name,prop", MOMENTS)
def test_moments(oracle, name, prop):
    check(oracle, f"{name}-{prop}", lambda T: getattr(DISTS[name](T), prop))


@pytest.mark.parametrize("name", sorted(DISTS))
def test_shapes_and_repr(oracle, name):
    def run(T):
        d = DISTS[name](T)
        e = d.expand((4,) + tuple(d.batch_shape))
        return (d.batch_shape, d.event_shape, repr(d), e.batch_shape, repr(e),
                d.has_rsample, d.has_enumerate_support, repr(type(d).support))
    check(oracle, name, run)


def test_lazy_probs_and_logits(oracle):
    def run(T):
        b = T.distributions.Bernoulli(probs=T.tensor([0.0, 0.3, 1.0]))
        c = T.distributions.Categorical(logits=T.tensor([[0.0, 1.0], [-1.0, 5.0]]))
        c2 = T.distributions.Categorical(probs=T.tensor([0.0, 2.0, 2.0]))
        return b.logits, c.probs, c.logits, c2.probs, c2.logits, c2.param_shape
    check(oracle, "lazy", run)


def test_repr_scalar_and_independent(oracle):
    def run(T):
        D = T.distributions
        n = D.Normal(0.0, 1.0)
        return (repr(n), repr(D.Bernoulli(0.3)), repr(D.Uniform(T.tensor([0.]), T.tensor([2.]))),
                repr(D.Categorical(T.ones(3))),
                repr(D.Independent(D.Normal(T.zeros(2, 3), 1.0), 2)),
                repr(D.constraints.real_vector),
                repr(D.constraints.simplex), repr(D.constraints.unit_interval))
    check(oracle, "reprs", run)


def test_cdf_icdf(oracle):
    def run(T):
        D = T.distributions
        loc, scale = _leaf(T, [0.0, 1.0]), _leaf(T, [1.0, 2.0])
        n = D.Normal(loc, scale)
        out = n.cdf(T.tensor([0.3, -1.0])) + n.icdf(T.tensor([0.2, 0.9]))
        u = D.Uniform(T.tensor([0.0]), T.tensor([2.0]))
        return (out, u.cdf(T.tensor([0.5])), u.icdf(T.tensor([0.25]))) + _grads(
            T, out.sum(), loc, scale)
    check(oracle, "cdf", run)


def test_enumerate_support(oracle):
    def run(T):
        D = T.distributions
        b = D.Bernoulli(T.tensor([[0.2, 0.4]]))
        c = D.Categorical(T.ones(2, 3))
        return (b.enumerate_support(), b.enumerate_support(expand=False),
                c.enumerate_support(), c.enumerate_support(False))
    check(oracle, "enum", run)


def test_independent(oracle):
    def run(T):
        D = T.distributions
        loc = _leaf(T, [[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]])
        d = D.Independent(D.Normal(loc, 2.0), 1)
        lp = d.log_prob(T.ones(2, 3))
        h = d.entropy()
        e = d.expand((5, 2))
        return ((lp, h, d.batch_shape, d.event_shape, d.mean, d.variance, e.batch_shape,
                 e.event_shape, repr(e)) + _grads(T, (lp + h).sum(), loc))
    check(oracle, "independent", run)


def test_log_prob_broadcasts_value(oracle):
    def run(T):
        D = T.distributions
        n = D.Normal(T.tensor([0.0, 1.0]), 1.0)
        c = D.Categorical(logits=T.tensor([[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]]))
        return n.log_prob(T.tensor([[0.0], [1.0], [2.0]])), c.log_prob(T.tensor([[0], [2]]))
    check(oracle, "broadcast", run)


def test_no_validation_outside_support(oracle):
    def run(T):
        D = T.distributions
        u = D.Uniform(T.tensor([0.0, 0.0]), T.tensor([1.0, 1.0]), validate_args=False)
        b = D.Bernoulli(T.tensor([0.3]), validate_args=False)
        return u.log_prob(T.tensor([-1.0, 0.5])), b.log_prob(T.tensor([0.5]))
    check(oracle, "novalidate", run)


# ====================================================================== KL divergence
KL_PAIRS = {
    "normal_normal": lambda T, D: (D.Normal(_leaf(T, [0.0, 1.0]), _leaf(T, [1.0, 0.5])),
                                   D.Normal(_leaf(T, [1.0, 1.0]), _leaf(T, [2.0, 0.5]))),
    "bern_bern": lambda T, D: (D.Bernoulli(_leaf(T, [0.2, 0.0, 1.0, 0.5])),
                               D.Bernoulli(_leaf(T, [0.6, 0.3, 0.5, 0.0]))),
    "bern_bern_logits": lambda T, D: (D.Bernoulli(logits=_leaf(T, [0.2, -3.0])),
                                      D.Bernoulli(logits=_leaf(T, [1.0, 2.0]))),
    "cat_cat": lambda T, D: (D.Categorical(_leaf(T, [[0.2, 0.8, 0.0], [0.3, 0.3, 0.4]])),
                             D.Categorical(_leaf(T, [[0.5, 0.5, 0.0], [0.1, 0.0, 0.9]]))),
    "cat_cat_logits": lambda T, D: (D.Categorical(logits=_leaf(T, [0.0, 1.0, 2.0])),
                                    D.Categorical(logits=_leaf(T, [1.0, 1.0, -1.0]))),
    "unif_unif": lambda T, D: (D.Uniform(_leaf(T, [0.0, 0.0]), _leaf(T, [1.0, 2.0])),
                               D.Uniform(_leaf(T, [-1.0, 0.5]), _leaf(T, [2.0, 3.0]))),
    "indep_indep": lambda T, D: (D.Independent(D.Normal(_leaf(T, [[0.0, 1.0]]), 1.0), 1),
                                 D.Independent(D.Normal(T.zeros(1, 2), 2.0), 1)),
}


@pytest.mark.parametrize("name", sorted(KL_PAIRS))
def test_kl_divergence(oracle, name):
    def run(T):
        p, q = KL_PAIRS[name](T, T.distributions)
        kl = T.distributions.kl_divergence(p, q)
        leaves = _params(p) + _params(q)
        if isinstance(p, T.distributions.Independent):
            leaves = _params(p.base_dist)
        if not kl.requires_grad:
            return (kl,)
        # a finite loss even where the KL is inf: the gradient path is what we compare
        loss = T.where(T.isfinite(kl), kl, T.zeros_like(kl)).sum()
        return (kl,) + _grads(T, loss, *leaves)
    check(oracle, name, run)


# ====================================================================== errors
ERRORS = {
    "normal_scale": lambda T: T.distributions.Normal(0.0, -1.0),
    "normal_scale_tensor": lambda T: T.distributions.Normal(T.zeros(2), T.tensor([1.0, 0.0])),
    "normal_nan_loc": lambda T: T.distributions.Normal(T.tensor([float("nan")]), 1.0),
    "normal_bad_arg": lambda T: T.distributions.Normal("a", 1.0),
    "log_prob_not_tensor": lambda T: T.distributions.Normal(0.0, 1.0).log_prob(0.5),
    "log_prob_shape": lambda T: T.distributions.Normal(T.zeros(3), 1.0).log_prob(T.zeros(2)),
    "bernoulli_probs": lambda T: T.distributions.Bernoulli(T.tensor([0.5, 1.5])),
    "bernoulli_both": lambda T: T.distributions.Bernoulli(probs=0.5, logits=0.0),
    "bernoulli_none": lambda T: T.distributions.Bernoulli(),
    "bernoulli_value": lambda T: T.distributions.Bernoulli(0.3).log_prob(T.tensor(0.5)),
    "categorical_0d": lambda T: T.distributions.Categorical(probs=T.tensor(1.0)),
    "categorical_logits_0d": lambda T: T.distributions.Categorical(logits=T.tensor(1.0)),
    "categorical_negative": lambda T: T.distributions.Categorical(T.tensor([-1.0, 2.0])),
    "categorical_value": lambda T: T.distributions.Categorical(T.ones(3)).log_prob(T.tensor(3)),
    "categorical_nan_logits": lambda T: T.distributions.Categorical(
        logits=T.tensor([float("nan"), 0.0])),
    "uniform_low_high": lambda T: T.distributions.Uniform(1.0, 0.0),
    "uniform_tensor_bounds": lambda T: T.distributions.Uniform(T.tensor([1.0, 0.0]),
                                                               T.tensor([0.0, 1.0])),
    "normal_grad_param": lambda T: T.distributions.Normal(
        _leaf(T, [0.0, 1.0]), _leaf(T, [[1.0, -1.0], [2.0, 3.0]])),
    "categorical_batch_value": lambda T: T.distributions.Categorical(
        logits=T.zeros(2, 3)).log_prob(T.tensor([[0, 1], [2, 5]])),
    "uniform_value": lambda T: T.distributions.Uniform(0.0, 1.0).log_prob(T.tensor(2.0)),
    "independent_ndims": lambda T: T.distributions.Independent(
        T.distributions.Normal(T.zeros(2), 1.0), 2),
    "independent_value": lambda T: T.distributions.Independent(
        T.distributions.Normal(T.zeros(2, 3), 1.0), 1).log_prob(T.zeros(2)),
    "kl_unregistered": lambda T: T.distributions.kl_divergence(
        T.distributions.Categorical(T.ones(2)), T.distributions.Normal(0.0, 1.0)),
    "no_rsample": lambda T: T.distributions.Categorical(T.ones(2)).rsample(),
    "independent_enumerate": lambda T: T.distributions.Independent(
        T.distributions.Bernoulli(T.ones(2, 2) / 2), 1).enumerate_support(),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors(oracle, name):
    assert_error_matches(oracle(name, ERRORS[name]), lambda: ERRORS[name](al))


def test_validate_args_default_switch(oracle):
    def run(T):
        D = T.distributions
        D.Distribution.set_default_validate_args(False)
        try:
            d = D.Normal(0.0, -1.0)               # no error with validation off
            lp = d.log_prob(T.tensor(0.0))
        finally:
            D.Distribution.set_default_validate_args(True)
        return lp, d._validate_args
    check(oracle, "switch", run)



def test_user_subclass_without_constraints_warns(oracle):
    """A subclass declaring no arg_constraints / support is not validated, with torch's
    warnings (the class name in them is the test's local class on both sides)."""
    def run(T):
        D = T.distributions

        class Mine(D.Distribution):
            def __init__(self):
                super().__init__(T.Size([2]))

            def log_prob(self, value):
                self._validate_sample(value)
                return value * 2

        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            d = Mine()
            lp = d.log_prob(T.ones(2))
        return ([str(x.message).replace(".<locals>", "") for x in w],
                [x.category.__name__ for x in w], lp, d.batch_shape, d.event_shape)
    check(oracle, "subclass", run)



MORE = {
    "cat_f64_sample": lambda T: T.distributions.Categorical(
        T.tensor([[0.1, 0.9], [0.5, 0.5]], dtype=T.float64)).sample((3, 2)),
    "cat_float_value": lambda T: T.distributions.Categorical(logits=T.zeros(3)).log_prob(
        T.tensor([0., 2.])),
    "bern_int": lambda T: (T.distributions.Bernoulli(1).probs, T.distributions.Bernoulli(1).logits),
    "normal_int": lambda T: T.distributions.Normal(0, 1).sample((2,)),
    "indep_bern": lambda T: (lambda d: (d.log_prob(T.ones(2, 3)), d.sample((2,)), d.event_shape))(
        T.distributions.Independent(T.distributions.Bernoulli(T.full((2, 3), 0.3)), 1)),
    "indep0": lambda T: (lambda d: (d.enumerate_support(), repr(d.support),
                                    d.has_enumerate_support))(
        T.distributions.Independent(T.distributions.Bernoulli(T.full((2,), 0.3)), 0)),
    "expand_perplexity": lambda T: T.distributions.Uniform(T.tensor([0., 1.]), 3.).expand(
        (2, 2)).perplexity(),
    "bern_logits_repr": lambda T: (lambda b: (b.probs, repr(b)))(
        T.distributions.Bernoulli(logits=T.tensor([0.3, 1.]))),
    "cat_expand_sample": lambda T: T.distributions.Categorical(T.tensor([0.2, 0.8])).expand(
        (3,)).sample((2,)),
    "kl_indep_nested": lambda T: T.distributions.kl_divergence(
        T.distributions.Independent(T.distributions.Normal(T.zeros(2, 3, 4), 1.), 2),
        T.distributions.Independent(T.distributions.Normal(T.ones(2, 3, 4), 2.), 2)),
    "uniform_f64": lambda T: T.distributions.Uniform(T.zeros(2, dtype=T.float64), 1.).rsample((2,)),
    "bern_mode_grad_param": lambda T: T.distributions.Bernoulli(
        T.tensor([0.2, 0.5, 0.9], requires_grad=True)).mode,
    "uniform_mode_graph": lambda T: T.distributions.Uniform(
        0., T.tensor([1., 2.], requires_grad=True)).mode,
}


@pytest.mark.parametrize("name", sorted(MORE))
def test_more_behaviours(oracle, name):
    """Dtypes (int parameters, float64), derived parameters in reprs, expanded and nested
    Independent distributions, samples after expand."""
    def run(T):
        T.manual_seed(3)
        return MORE[name](T)
    check(oracle, name, run, exact=True)


# ====================================================================== gradcheck
def test_gradcheck_log_prob_and_kl():
    D = al.distributions
    loc = al.tensor([0.3, -1.0], dtype=al.float64, requires_grad=True)
    scale = al.tensor([1.2, 0.7], dtype=al.float64, requires_grad=True)
    logits = al.tensor([0.1, 2.0, -1.0], dtype=al.float64, requires_grad=True)
    x = al.tensor([0.5, 0.1], dtype=al.float64)

    assert al.autograd.gradcheck(lambda m, s: D.Normal(m, s).log_prob(x), (loc, scale))
    assert al.autograd.gradcheck(
        lambda m, s: D.kl_divergence(D.Normal(m, s), D.Normal(0.0, 1.0)), (loc, scale))
    assert al.autograd.gradcheck(lambda lg: D.Categorical(logits=lg).entropy(), (logits,))
    assert al.autograd.gradcheck(
        lambda lg: D.Bernoulli(logits=lg).log_prob(al.tensor([1.0, 0.0, 1.0], dtype=al.float64)),
        (logits,))

    def rsample(m, s):
        al.manual_seed(5)                      # the same noise on every evaluation
        return D.Normal(m, s).rsample((3,))
    assert al.autograd.gradcheck(rsample, (loc, scale))


# ====================================================================== scalar parameters
def test_scalar_parameters(oracle):
    """0-d parameters: the in-place masked writes (Bernoulli.mode, the Bernoulli / Uniform KLs)
    index 0-d tensors with 0-d masks."""
    def run(T):
        D = T.distributions
        p = _leaf(T, 0.3)
        kl = D.kl_divergence(D.Bernoulli(p), D.Bernoulli(0.5))
        return (D.Bernoulli(0.5).mode, D.Bernoulli(0.7).mode, kl,
                D.kl_divergence(D.Uniform(0.0, 1.0), D.Uniform(-1.0, 2.0)),
                D.kl_divergence(D.Uniform(0.0, 1.0), D.Uniform(0.5, 2.0))) + _grads(T, kl, p)
    check(oracle, "scalars", run)


def test_zero_dim_mask_indexing(oracle):
    """A 0-d bool mask acts as a Python bool: a new dim of size 1 (True) or 0 (False)."""
    def run(T):
        x = _leaf(T, 0.5)
        m = T.tensor([[1.0, 2.0], [3.0, 4.0]])
        y = x * 2
        y[y == 1.0] = 5.0
        out = (x[x > 0], x[x < 0], m[T.tensor(True)], m[T.tensor(False)], y)
        return out + _grads(T, y, x)
    check(oracle, "mask0d", run)
