"""The visualizer's summaries of stride-0 and huge views read only what they show: the
distinct elements for min/mean/max and the sampled cells of the heatmap, never a copy of the
whole view (``viz.values.summarize(zeros(1).expand(10**12))`` used to raise MemoryError)."""
import tracemalloc

import numpy as np
import pytest

import autograd_lab as al
from autograd_lab.viz import values


def _summary_within_budget(t):
    tracemalloc.start()
    try:
        s = values.summarize(t)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, peak          # the view was not copied (no timing: memory)
    return s


@pytest.mark.parametrize("make, numel, stats", [
    (lambda: al.zeros(1, 1).expand(20000, 20000), 4 * 10**8, (0.0, 0.0, 0.0)),
    (lambda: al.zeros(1).expand(10**12), 10**12, (0.0, 0.0, 0.0)),
    (lambda: al.arange(6.).reshape(2, 3)[:, None, :].expand(2, 10**6, 3), 6 * 10**6,
     (0.0, 2.5, 5.0)),
    (lambda: al.tensor([True, False]).expand(10**7, 2), 2 * 10**7, (0.0, 0.5, 1.0)),
], ids=["square", "1e12", "middle_axis", "bool"])
def test_summaries_of_broadcast_views_are_exact_and_cheap(make, numel, stats):
    s = _summary_within_budget(make())
    assert s.numel == numel and s.stats == pytest.approx(stats)
    assert s.text == "min {} mean {} max {}".format(*(values.fmt(v) for v in stats))


def test_heatmap_of_a_view_samples_the_same_cells_as_of_a_copy():
    base = al.arange(24.).reshape(2, 3, 4)
    view = base[:, None].expand(2, 500, 3, 4)
    copy = al.tensor(view.numpy().copy())
    assert values.summarize(view).heatmap == values.summarize(copy).heatmap
    assert values.summarize(view).stats == pytest.approx(values.summarize(copy).stats)


def test_summaries_of_ordinary_tensors_are_unchanged():
    x = al.arange(100.).reshape(10, 10)
    s = values.summarize(x)
    assert s.stats == (0.0, 49.5, 99.0)
    rows = np.linspace(0, 9, 8).astype(int)
    assert s.heatmap[1][0] == round(rows[1] * 10 / 99, 3)
