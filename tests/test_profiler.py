"""``torch.autograd.profiler`` and ``torch.profiler``: the same programs profiled by torch and
by autograd_lab give events of torch's names, counts and nesting, and torch's table layout
(the times are each library's own)."""
import sys
import warnings

import pytest

import autograd_lab as al
from autograd_helpers import check


def _mlp_step(t, prof_cls):
    """A forward and backward pass of a small network, as a tutorial profiles it."""
    t.manual_seed(0)
    x = t.randn(8, 5)
    w1 = t.randn(5, 4, requires_grad=True)
    w2 = t.randn(4, 3, requires_grad=True)
    with prof_cls() as prof:
        with t.autograd.profiler.record_function("forward_pass"):
            h = (x @ w1).tanh()
            out = h.mm(w2).relu()
        loss = (out * 2 + 1).sum()
        loss.backward()
    return prof


PROGRAMS = {
    "mlp_autograd": lambda t: _mlp_step(t, t.autograd.profiler.profile),
    "mlp_torch_profiler": lambda t: _mlp_step(
        t, lambda: t.profiler.profile(activities=[t.profiler.ProfilerActivity.CPU])),
    "cross_entropy": lambda t: _loss(t),
}


def _loss(t):
    t.manual_seed(0)
    logits = t.randn(4, 3, requires_grad=True)
    with t.autograd.profiler.profile() as prof:
        t.nn.functional.cross_entropy(logits, t.tensor([0, 2, 1, 0])).backward()
    return prof


@pytest.mark.parametrize("key", sorted(PROGRAMS))
def test_event_names_are_torchs(oracle, key):
    """Every event autograd_lab records has a name torch records for the same program, and
    the ops a learner calls (and the backward nodes) are all there."""
    names = oracle(key, lambda t: sorted({e.key for e in PROGRAMS[key](t).key_averages()}))
    ours = {e.key for e in PROGRAMS[key](al).key_averages()}
    assert ours <= set(names), ours - set(names)
    nodes = {n for n in names if n.startswith("autograd::engine::evaluate_function: ")}
    assert nodes <= ours
    assert {n.split(": ", 1)[1] for n in nodes} <= ours


def test_counts_and_nesting(oracle):
    def summary(t):
        prof = _mlp_step(t, t.autograd.profiler.profile)
        counts = {e.key: e.count for e in prof.key_averages()}
        block = [e for e in prof.function_events if e.name == "forward_pass"][0]
        return [{k: counts.get(k) for k in ("forward_pass", "aten::tanh", "aten::relu",
                                            "aten::sum", "aten::mm", "TanhBackward0",
                                            "torch::autograd::AccumulateGrad")},
                [c.name for c in block.cpu_children]]

    counts, children = oracle("summary", summary)
    ours_counts, ours_children = summary(al)
    assert ours_counts == counts
    assert ours_children == children


def _table_lines(t, sort_by, row_limit, group_by_input_shape=False):
    t.manual_seed(0)
    x = t.randn(3, 4, requires_grad=True)
    with t.profiler.profile(record_shapes=True) as prof:
        y = (x * 2).sum()
        y.backward()
    text = prof.key_averages(group_by_input_shape=group_by_input_shape).table(
        sort_by=sort_by, row_limit=row_limit)
    return text.split("\n")


@pytest.mark.parametrize("sort_by,row_limit,shapes", [
    ("self_cpu_time_total", 3, False), ("cpu_time_total", 5, False), ("count", 2, False),
    ("self_cpu_time_total", 2, True)])
def test_table_layout(oracle, sort_by, row_limit, shapes):
    """Torch's header, rules, column widths, row count and footer."""
    lines = oracle(f"{sort_by}-{row_limit}-{shapes}",
                   lambda t: _table_lines(t, sort_by, row_limit, shapes))
    ours = _table_lines(al, sort_by, row_limit, shapes)
    if not shapes:      # (with shapes the last column's width follows the longest shapes)
        assert ours[:3] == lines[:3]
    else:
        assert ours[1].split() == lines[1].split()
    assert len(ours) == len(lines)
    assert ours[-2].startswith("Self CPU time total: ") and ours[-1] == lines[-1] == ""
    widths = [len(line) for line in lines[3:-3]]
    assert [len(line) for line in ours[3:-3]] == widths or shapes


def test_event_attributes():
    """What tutorials read off an event: key, count, CPU times (as numbers and strings)."""
    x = al.ones(4, 4, requires_grad=True)
    with al.autograd.profiler.profile() as prof:
        (x.exp() * x).sum().backward()
    for avg in prof.key_averages():
        assert avg.count >= 1 and 0 <= avg.self_cpu_time_total <= avg.cpu_time_total + 1e-9
        assert avg.cpu_time == pytest.approx(avg.cpu_time_total / avg.count)
        assert avg.cpu_time_total_str.endswith(("us", "ms", "s"))
    total = prof.key_averages().self_cpu_time_total
    assert total == pytest.approx(sum(e.self_cpu_time_total for e in prof.function_events))
    assert str(prof).startswith("-" * 20)


def test_zero_cost_outside_a_profile():
    """No hook is installed outside a profile, and record_function alone does nothing."""
    assert sys.getprofile() is None
    with al.autograd.profiler.record_function("alone"):
        y = al.ones(2) + 1
    assert y.tolist() == [2.0, 2.0] and sys.getprofile() is None
    with al.autograd.profiler.profile():
        assert sys.getprofile() is not None
    assert sys.getprofile() is None


def _warnings(t, make):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with make(t):
            t.ones(2) * 2
    return sorted({str(w.message) for w in caught})


@pytest.mark.skipif(al.cuda.is_available(), reason="torch's answer without CUDA")
@pytest.mark.parametrize("key,make", [
    ("use_cuda", lambda t: t.autograd.profiler.profile(use_cuda=True)),
    ("activities_cuda", lambda t: t.profiler.profile(
        activities=[t.profiler.ProfilerActivity.CPU, t.profiler.ProfilerActivity.CUDA])),
    ("cpu_only", lambda t: t.profiler.profile(activities=[t.profiler.ProfilerActivity.CPU]))])
def test_warnings_without_cuda(oracle, key, make):
    check(oracle, key, lambda t: _warnings(t, make))


def test_unstarted_profile(oracle):
    """Asked before it ran: an empty list from the autograd profiler, an error from
    torch.profiler's."""
    check(oracle, "autograd", lambda t: [len(t.autograd.profiler.profile().key_averages()),
                                         t.autograd.profiler.profile().key_averages().table()])
    check(oracle, "profiler", lambda t: t.profiler.profile().key_averages())


def test_supported_activities(oracle):
    check(oracle, "activities",
          lambda t: sorted(str(a) for a in t.profiler.supported_activities()))


def test_chrome_trace_and_decorator(tmp_path):
    """``record_function`` as a decorator labels each call; ``export_chrome_trace`` writes the
    events as Chrome's trace format (one complete event per call, in microseconds)."""
    import json

    @al.autograd.profiler.record_function("layer")
    def layer(x):
        return (x * 3).relu()

    with al.profiler.profile() as prof:
        layer(layer(al.ones(3)))
    counts = {e.key: e.count for e in prof.key_averages()}
    assert counts["layer"] == 2 and counts["aten::mul"] == 2 and counts["aten::relu"] == 2
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    events = json.loads(path.read_text())["traceEvents"]
    assert [e["name"] for e in events] == [e.name for e in prof.function_events]
    assert all(e["ph"] == "X" and e["dur"] >= 0 for e in events)


def test_schedule(oracle):
    """A training loop under ``schedule(wait, warmup, active, repeat)``: which steps are
    recorded, what ``on_trace_ready`` receives at the end of each cycle, what remains."""
    def run(t):
        from_handler = []

        def handler(prof):
            from_handler.append(sorted((e.key, e.count) for e in prof.key_averages()
                                       if e.key.startswith("step")))

        plan = t.profiler.schedule(wait=1, warmup=1, active=2, repeat=2, skip_first=1)
        with t.profiler.profile(activities=[t.profiler.ProfilerActivity.CPU], schedule=plan,
                                on_trace_ready=handler) as prof:
            for i in range(11):
                with t.profiler.record_function(f"step{i}"):
                    t.ones(2) * 2
                prof.step()
        return [[a.name for a in map(plan, range(12))], from_handler]

    check(oracle, "cycles", run)
    check(oracle, "invalid", lambda t: t.profiler.schedule(wait=1, warmup=0, active=0))
