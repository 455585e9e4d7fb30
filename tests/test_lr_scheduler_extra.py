"""Every torch.optim.lr_scheduler schedule against PyTorch: 40-epoch learning-rate (and
momentum) sequences compared as exact floats, the closed forms of ``step(epoch)``,
ReduceLROnPlateau's bookkeeping, state_dict contents and resuming from them, torch's
warnings, and the errors."""
import math
import warnings

import pytest

import autograd_lab as al
from oracle import assert_error_matches

EPOCHS = 40


def _optimizer(lib, kind="sgd"):
    """Two parameter groups with different learning rates."""
    a = lib.zeros(2, requires_grad=True)
    b = lib.zeros(3, requires_grad=True)
    groups = [{"params": [a]}, {"params": [b], "lr": 0.3}]
    if kind == "sgd":
        return lib.optim.SGD(groups, lr=0.1, momentum=0.9)
    if kind == "adam":
        return lib.optim.Adam(groups, lr=0.1)
    return lib.optim.Adagrad(groups, lr=0.1)


def _plain(x):
    """Python values as the oracle's JSON holds them (string keys, lists, inf as 'inf')."""
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    return x


def _momenta(opt):
    return [g["betas"][0] if "betas" in g else g.get("momentum") for g in opt.param_groups]


SCHEDULES = {
    "step": lambda S, o: S.StepLR(o, step_size=4, gamma=0.5),
    "multistep": lambda S, o: S.MultiStepLR(o, milestones=[3, 7, 7, 20], gamma=0.3),
    "exponential": lambda S, o: S.ExponentialLR(o, gamma=0.9),
    "cosine": lambda S, o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001),
    "cosine_odd": lambda S, o: S.CosineAnnealingLR(o, T_max=7),
    "lambda": lambda S, o: S.LambdaLR(o, lambda e: 0.95 ** e),
    "lambda_list": lambda S, o: S.LambdaLR(o, [lambda e: 1 / (e + 1), lambda e: 0.9 ** e]),
    "multiplicative": lambda S, o: S.MultiplicativeLR(o, lambda e: 0.97),
    "linear": lambda S, o: S.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=12),
    "linear_default": lambda S, o: S.LinearLR(o),
    "linear_decay": lambda S, o: S.LinearLR(o, start_factor=1.0, end_factor=0.0,
                                            total_iters=30),
    "constant": lambda S, o: S.ConstantLR(o, factor=0.3, total_iters=4),
    "constant_default": lambda S, o: S.ConstantLR(o),
    "polynomial": lambda S, o: S.PolynomialLR(o, total_iters=20, power=2.0),
    "polynomial_default": lambda S, o: S.PolynomialLR(o),
    "sequential": lambda S, o: S.SequentialLR(
        o, [S.LinearLR(o, start_factor=0.1, total_iters=5), S.CosineAnnealingLR(o, T_max=25)],
        milestones=[5]),
    "sequential3": lambda S, o: S.SequentialLR(
        o, [S.ConstantLR(o, factor=0.5, total_iters=3), S.ExponentialLR(o, gamma=0.9),
            S.StepLR(o, step_size=3)], milestones=[4, 15]),
    "chained": lambda S, o: S.ChainedScheduler([S.LinearLR(o, start_factor=0.2, total_iters=6),
                                                S.ExponentialLR(o, gamma=0.95)]),
    "chained_optimizer": lambda S, o: S.ChainedScheduler(
        [S.ConstantLR(o, factor=0.5, total_iters=5), S.MultiStepLR(o, [10, 30])], optimizer=o),
    "warm_restarts": lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=5, eta_min=0.01),
    "warm_restarts_mult": lambda S, o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2),
    "onecycle_cos": lambda S, o: S.OneCycleLR(o, max_lr=1.0, total_steps=EPOCHS),
    "onecycle_linear": lambda S, o: S.OneCycleLR(o, max_lr=[1.0, 2.0], total_steps=EPOCHS,
                                                 anneal_strategy="linear", pct_start=0.25),
    "onecycle_three": lambda S, o: S.OneCycleLR(o, max_lr=0.5, epochs=4, steps_per_epoch=10,
                                                three_phase=True, div_factor=10.0,
                                                final_div_factor=100.0),
    "onecycle_no_momentum": lambda S, o: S.OneCycleLR(o, max_lr=0.4, total_steps=45,
                                                      cycle_momentum=False),
    "onecycle_momenta": lambda S, o: S.OneCycleLR(o, max_lr=0.4, total_steps=41,
                                                  base_momentum=[0.8, 0.7],
                                                  max_momentum=0.99),
    "cyclic": lambda S, o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4),
    "cyclic_triangular2": lambda S, o: S.CyclicLR(o, base_lr=[0.01, 0.02], max_lr=0.1,
                                                  step_size_up=3, step_size_down=6,
                                                  mode="triangular2"),
    "cyclic_exp_range": lambda S, o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=5,
                                                mode="exp_range", gamma=0.9,
                                                base_momentum=0.85, max_momentum=0.95),
    "cyclic_custom": lambda S, o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4,
                                             scale_fn=lambda x: 0.5 ** x,
                                             scale_mode="iterations", cycle_momentum=False),
}
ADAM_SCHEDULES = {"onecycle_cos", "onecycle_three", "cyclic", "cyclic_exp_range"}
CASES = [(name, "sgd") for name in SCHEDULES] + [(n, "adam") for n in sorted(ADAM_SCHEDULES)]


def _run_schedule(lib, name, kind, epochs=EPOCHS):
    opt = _optimizer(lib, kind)
    sched = SCHEDULES[name](lib.optim.lr_scheduler, opt)
    seen = [(sched.get_last_lr(), [g["lr"] for g in opt.param_groups], _momenta(opt),
             getattr(sched, "last_epoch", None))]
    for _ in range(epochs):
        opt.step()
        sched.step()
        seen.append((sched.get_last_lr(), [g["lr"] for g in opt.param_groups], _momenta(opt),
                     getattr(sched, "last_epoch", None)))   # ChainedScheduler: none
    return seen, sched


@pytest.mark.parametrize("name,kind", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_schedule_matches_torch_exactly(oracle, name, kind):
    expected = oracle("lrs", lambda torch: _run_schedule(torch, name, kind)[0])
    ours, _ = _run_schedule(al, name, kind)
    # the same formulas in the same order: the floats are identical, not just close
    assert _plain(ours) == expected


def _state(sched):
    state = sched.state_dict()
    return {k: v for k, v in state.items()
            if k not in ("_schedule_phases", "_scale_fn_custom") or v is None or
            isinstance(v, (list, dict))}


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_state_dict_matches_torch(oracle, name):
    expected = oracle("state", lambda torch: _plain(_state(_run_schedule(torch, name, "sgd",
                                                                         epochs=12)[1])))
    _, sched = _run_schedule(al, name, "sgd", epochs=12)
    assert _plain(_state(sched)) == expected


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_resume_from_state_dict(oracle, name):
    """12 epochs, save optimizer and scheduler, rebuild both, load, run 12 more."""
    def run(lib):
        seen, sched = _run_schedule(lib, name, "sgd", epochs=12)
        opt_state = sched.optimizer.state_dict()
        sched_state = sched.state_dict()
        opt = _optimizer(lib)
        fresh = SCHEDULES[name](lib.optim.lr_scheduler, opt)
        opt.load_state_dict(opt_state)
        fresh.load_state_dict(sched_state)
        lrs = []
        for _ in range(12):
            opt.step()
            fresh.step()
            lrs.append(fresh.get_last_lr())
        return lrs
    expected = oracle("resumed", run)
    ours = run(al)
    assert _plain(ours) == expected
    straight, _ = _run_schedule(al, name, "sgd", epochs=24)
    if name not in ("sequential", "sequential3", "chained", "chained_optimizer"):
        assert _plain(ours) == _plain([s[0] for s in straight[13:]])


# ---------------------------------------------------------------------------- closed forms
CLOSED = ["step", "multistep", "exponential", "cosine", "linear", "constant", "polynomial"]


@pytest.mark.parametrize("name", CLOSED)
def test_step_with_epoch_uses_closed_form(oracle, name):
    def run(lib):
        opt = _optimizer(lib)
        sched = SCHEDULES[name](lib.optim.lr_scheduler, opt)
        out = []
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            opt.step()
            for epoch in [3, 1, 8, 20, 7, 33]:
                sched.step(epoch)
                out.append((sched.get_last_lr(), sched.last_epoch))
        return out, sorted({str(x.message) for x in w})
    expected = oracle("closed", run)
    assert _plain(run(al)) == expected
    assert len(expected[1]) == 1 and "deprecated" in expected[1][0]


def test_warm_restarts_fractional_epochs(oracle):
    def run(lib):
        opt = _optimizer(lib)
        sched = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2,
                                                                     eta_min=0.005)
        out = []
        for epoch in [0.5, 1.25, 3.9, 4.0, 7.5, 12.0, 13.1, 30.0, 2.0]:
            opt.step()
            sched.step(epoch)
            out.append((sched.get_last_lr(), sched.last_epoch, sched.T_cur, sched.T_i))
        return out
    assert _plain(run(al)) == oracle("fractional", run)


# ---------------------------------------------------------------------------- plateau
PLATEAU = {
    "default": dict(),
    "patience": dict(factor=0.5, patience=2),
    "max_abs": dict(mode="max", threshold_mode="abs", threshold=0.05, patience=1,
                    factor=0.3),
    "max_rel": dict(mode="max", patience=0, factor=0.7),
    "min_abs_cooldown": dict(threshold_mode="abs", threshold=0.1, patience=1, cooldown=3,
                             factor=0.5),
    "min_lr": dict(patience=0, factor=0.5, min_lr=0.02),
    "min_lr_list": dict(patience=0, factor=0.5, min_lr=[0.05, 0.001]),
    "eps": dict(patience=0, factor=0.99, eps=0.01),
}
METRICS = [1.0, 0.9, 0.95, 0.95, 0.89, 0.9, 0.9, 0.9, 1.2, 0.5, 0.5, 0.5, 0.5, 0.6, 0.7,
           0.49, 0.49, 0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.4, 0.29, 0.28, 0.28, 0.28,
           0.28]


@pytest.mark.parametrize("case", sorted(PLATEAU))
def test_reduce_on_plateau_matches_torch(oracle, case):
    def run(lib):
        opt = _optimizer(lib)
        sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **PLATEAU[case])
        out = [sched.get_last_lr()]
        for i, m in enumerate(METRICS):
            opt.step()
            sched.step(lib.tensor(m) if i % 2 else m)      # numbers or 0-d tensors
            out.append((sched.get_last_lr(), sched.best, sched.num_bad_epochs,
                        sched.cooldown_counter, sched.last_epoch))
        return out, sched.state_dict()
    expected = oracle("plateau", run)
    ours = run(al)
    assert _plain(ours[0]) == expected[0]
    assert _plain(ours[1]) == expected[1]


def test_reduce_on_plateau_resume(oracle):
    def run(lib):
        opt = _optimizer(lib)
        sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", patience=1)
        for m in METRICS[:10]:
            sched.step(m)
        fresh = lib.optim.lr_scheduler.ReduceLROnPlateau(opt)
        fresh.load_state_dict(sched.state_dict())
        for m in METRICS[10:]:
            fresh.step(-m)
        return fresh.get_last_lr(), fresh.mode, fresh.mode_worse, fresh.best
    assert _plain(run(al)) == oracle("resume", run)


# ---------------------------------------------------------------------------- tensor lr
def test_tensor_lr_is_filled_in_place(oracle):
    def run(lib):
        p = lib.zeros(2, requires_grad=True)
        opt = lib.optim.SGD([p], lr=lib.tensor(0.5))
        lr_tensor = opt.param_groups[0]["lr"]
        sched = lib.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        for _ in range(3):
            opt.step()
            sched.step()
        last = sched.get_last_lr()[0]
        return (opt.param_groups[0]["lr"] is lr_tensor, last is not lr_tensor, float(last),
                float(lr_tensor))
    assert list(run(al)) == oracle("tensor", run)


# ---------------------------------------------------------------------------- warnings
def _warnings_of(fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        fn()
    return [(x.category.__name__, str(x.message)) for x in w]


@pytest.mark.parametrize("name", ["exponential", "cosine", "onecycle_cos", "cyclic",
                                  "sequential", "linear"])
def test_warns_when_stepped_before_optimizer(oracle, name):
    def run(lib):
        opt = _optimizer(lib)
        sched = SCHEDULES[name](lib.optim.lr_scheduler, opt)
        first = _warnings_of(sched.step)      # scheduler before optimizer: warns here
        second = _warnings_of(sched.step)     # only once
        opt.step()
        third = _warnings_of(sched.step)
        return first, second, third, sched.get_last_lr()
    assert _plain(run(al)) == oracle("warn", run)


def test_warns_when_optimizer_step_was_replaced(oracle):
    def run(lib):
        opt = _optimizer(lib)
        sched = lib.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        opt.step = lambda closure=None: None
        return _warnings_of(sched.step)
    assert _plain(run(al)) == oracle("override", run)


def test_no_warning_in_the_usual_order(oracle):
    def run(lib):
        opt = _optimizer(lib)
        sched = lib.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5)

        def loop():
            for _ in range(3):
                opt.step()
                sched.step()
        return _warnings_of(loop)
    assert run(al) == oracle("quiet", run) == []


@pytest.mark.parametrize("name", ["multistep", "lambda", "onecycle_cos", "polynomial"])
def test_get_lr_outside_step_warns(oracle, name):
    def run(lib):
        opt = _optimizer(lib)
        sched = SCHEDULES[name](lib.optim.lr_scheduler, opt)
        opt.step()
        sched.step()
        messages = []
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            lrs = sched.get_lr()
            messages = [str(x.message) for x in w]
        return messages, lrs
    assert _plain(run(al)) == oracle("get_lr", run)


# ---------------------------------------------------------------------------- errors
def _sched(lib):
    return getattr(lib.optim, "lr_scheduler")


ERRORS = {
    "not_optimizer": lambda l, o: _sched(l).ExponentialLR("sgd", gamma=0.5),
    "resume_without_initial_lr": lambda l, o: _sched(l).StepLR(o, 3, last_epoch=4),
    "lambda_count": lambda l, o: _sched(l).LambdaLR(o, [lambda e: 1.0]),
    "multiplicative_not_callable": lambda l, o: _sched(l).MultiplicativeLR(o, [0.9, 0.8]),
    "constant_factor": lambda l, o: _sched(l).ConstantLR(o, factor=1.5),
    "linear_start": lambda l, o: _sched(l).LinearLR(o, start_factor=0),
    "linear_end": lambda l, o: _sched(l).LinearLR(o, end_factor=1.5),
    "sequential_empty": lambda l, o: _sched(l).SequentialLR(o, [], milestones=[]),
    "sequential_milestones": lambda l, o: _sched(l).SequentialLR(
        o, [_sched(l).StepLR(o, 2), _sched(l).StepLR(o, 3)], milestones=[1, 2]),
    "sequential_plateau": lambda l, o: _sched(l).SequentialLR(
        o, [_sched(l).StepLR(o, 2), _sched(l).ReduceLROnPlateau(o)], milestones=[2]),
    "sequential_not_scheduler": lambda l, o: _sched(l).SequentialLR(o, [3], milestones=[]),
    "sequential_other_optimizer": lambda l, o: _sched(l).SequentialLR(
        o, [_sched(l).StepLR(_optimizer(l), 2)], milestones=[]),
    "chained_empty": lambda l, o: _sched(l).ChainedScheduler([]),
    "chained_plateau": lambda l, o: _sched(l).ChainedScheduler([_sched(l).ReduceLROnPlateau(o)]),
    "plateau_factor": lambda l, o: _sched(l).ReduceLROnPlateau(o, factor=1.0),
    "plateau_mode": lambda l, o: _sched(l).ReduceLROnPlateau(o, mode="up"),
    "plateau_threshold_mode": lambda l, o: _sched(l).ReduceLROnPlateau(o, threshold_mode="x"),
    "plateau_min_lrs": lambda l, o: _sched(l).ReduceLROnPlateau(o, min_lr=[0.1]),
    "plateau_not_optimizer": lambda l, o: _sched(l).ReduceLROnPlateau(None),
    "warm_T_0": lambda l, o: _sched(l).CosineAnnealingWarmRestarts(o, T_0=0),
    "warm_T_0_float": lambda l, o: _sched(l).CosineAnnealingWarmRestarts(o, T_0=2.0),
    "warm_T_mult": lambda l, o: _sched(l).CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0),
    "warm_eta_min": lambda l, o: _sched(l).CosineAnnealingWarmRestarts(o, T_0=2, eta_min="0"),
    "warm_negative_epoch": lambda l, o: _sched(l).CosineAnnealingWarmRestarts(o, 2).step(-1),
    "onecycle_total": lambda l, o: _sched(l).OneCycleLR(o, max_lr=1.0, total_steps=0),
    "onecycle_epochs": lambda l, o: _sched(l).OneCycleLR(o, max_lr=1.0, epochs=0,
                                                         steps_per_epoch=2),
    "onecycle_steps_per_epoch": lambda l, o: _sched(l).OneCycleLR(o, max_lr=1.0, epochs=2,
                                                                  steps_per_epoch=-1),
    "onecycle_nothing": lambda l, o: _sched(l).OneCycleLR(o, max_lr=1.0),
    "onecycle_pct": lambda l, o: _sched(l).OneCycleLR(o, max_lr=1.0, total_steps=5,
                                                      pct_start=1),
    "onecycle_anneal": lambda l, o: _sched(l).OneCycleLR(o, max_lr=1.0, total_steps=5,
                                                         anneal_strategy="exp"),
    "onecycle_max_lr_list": lambda l, o: _sched(l).OneCycleLR(o, max_lr=[1.0], total_steps=5),
    "onecycle_no_momentum": lambda l, o: _sched(l).OneCycleLR(_optimizer(l, "adagrad"),
                                                              max_lr=1.0, total_steps=5),
    "cyclic_mode": lambda l, o: _sched(l).CyclicLR(o, 0.1, 1.0, mode="square"),
    "cyclic_no_momentum": lambda l, o: _sched(l).CyclicLR(_optimizer(l, "adagrad"), 0.1, 1.0),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_errors_match_torch(oracle, case):
    def run(lib):
        return ERRORS[case](lib, _optimizer(lib))
    assert_error_matches(oracle(case, run), lambda: run(al))


def test_onecycle_past_total_steps(oracle):
    def run(lib):
        opt = _optimizer(lib)
        sched = lib.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=3)
        for _ in range(4):
            opt.step()
            sched.step()
    assert_error_matches(oracle("past", run), lambda: run(al))


def test_lr_scheduler_names():
    names = ["LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR",
             "ExponentialLR", "SequentialLR", "CosineAnnealingLR", "ChainedScheduler",
             "ReduceLROnPlateau", "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR",
             "PolynomialLR", "LRScheduler"]
    assert sorted(al.optim.lr_scheduler.__all__) == sorted(names)
    for n in names:
        cls = getattr(al.optim.lr_scheduler, n)
        assert issubclass(cls, al.optim.lr_scheduler.LRScheduler)
