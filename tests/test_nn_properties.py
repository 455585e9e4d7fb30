"""Property tests (Hypothesis): conv2d and the pools against direct loop-over-pixels NumPy
references, over random shapes, strides, paddings, dilations and groups, plus float64
gradchecks of the same random configurations."""
import numpy as np
from hypothesis import given, settings, strategies as st

import autograd_lab as al
import autograd_lab.nn.functional as F
from autograd_lab.autograd import gradcheck


def conv_reference(x, w, b, stride, padding, dilation, groups):
    """The definition, one output pixel at a time (slow, obviously right)."""
    N, C, H, W = x.shape
    O, Cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    Ho = (H + 2 * padding[0] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    Wo = (W + 2 * padding[1] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((N, O, Ho, Wo))
    og = O // groups
    for n in range(N):
        for o in range(O):
            g = o // og
            for i in range(Ho):
                for j in range(Wo):
                    patch = xp[n, g * Cg:(g + 1) * Cg,
                               i * stride[0]:i * stride[0] + dilation[0] * (kh - 1) + 1:dilation[0],
                               j * stride[1]:j * stride[1] + dilation[1] * (kw - 1) + 1:dilation[1]]
                    out[n, o, i, j] = (patch * w[o]).sum() + (0 if b is None else b[o])
    return out


conv_cfg = st.fixed_dictionaries({
    "n": st.integers(1, 2), "groups": st.sampled_from([1, 2]), "cg": st.integers(1, 2),
    "og": st.integers(1, 2), "kh": st.integers(1, 3), "kw": st.integers(1, 3),
    "sh": st.integers(1, 2), "sw": st.integers(1, 3), "ph": st.integers(0, 2),
    "pw": st.integers(0, 1), "dh": st.integers(1, 2), "dw": st.integers(1, 2),
    "h": st.integers(3, 7), "w": st.integers(3, 7), "bias": st.booleans(),
    "seed": st.integers(0, 1000)})


def _conv_inputs(c):
    rng = np.random.default_rng(c["seed"])
    C, O = c["cg"] * c["groups"], c["og"] * c["groups"]
    h = max(c["h"], c["dh"] * (c["kh"] - 1) + 1)
    w = max(c["w"], c["dw"] * (c["kw"] - 1) + 1)
    x = rng.standard_normal((c["n"], C, h, w))
    wt = rng.standard_normal((O, c["cg"], c["kh"], c["kw"]))
    b = rng.standard_normal(O) if c["bias"] else None
    return x, wt, b


@settings(max_examples=30, deadline=None)
@given(conv_cfg)
def test_conv2d_matches_definition(c):
    x, w, b = _conv_inputs(c)
    args = ((c["sh"], c["sw"]), (c["ph"], c["pw"]), (c["dh"], c["dw"]), c["groups"])
    got = F.conv2d(al.tensor(x), al.tensor(w), None if b is None else al.tensor(b), *args)
    np.testing.assert_allclose(got.numpy(), conv_reference(x, w, b, *args), rtol=1e-10,
                               atol=1e-10)


@settings(max_examples=15, deadline=None)
@given(conv_cfg)
def test_conv2d_gradcheck_random_configs(c):
    x, w, b = _conv_inputs(c)
    args = ((c["sh"], c["sw"]), (c["ph"], c["pw"]), (c["dh"], c["dw"]), c["groups"])
    tensors = tuple(al.tensor(a, requires_grad=True)
                    for a in (x, w) + ((b,) if b is not None else ()))
    assert gradcheck(lambda *t: F.conv2d(t[0], t[1], t[2] if len(t) > 2 else None, *args),
                     tensors)


def pool_reference(x, k, s, p, d, ceil_mode, how, count_include_pad=True):
    N, C, H, W = x.shape

    def size(n, kk, ss, pp, dd):
        num = n + 2 * pp - dd * (kk - 1) - 1
        o = (-(-num // ss) if ceil_mode else num // ss) + 1
        return o - 1 if ceil_mode and (o - 1) * ss >= n + pp else o
    Ho, Wo = size(H, k[0], s[0], p[0], d[0]), size(W, k[1], s[1], p[1], d[1])
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            rows = [i * s[0] - p[0] + a * d[0] for a in range(k[0])]
            cols = [j * s[1] - p[1] + b * d[1] for b in range(k[1])]
            inside = [(r, q) for r in rows for q in cols if 0 <= r < H and 0 <= q < W]
            vals = np.stack([x[:, :, r, q] for r, q in inside], -1)
            if how == "max":
                out[:, :, i, j] = vals.max(-1)
            else:
                # the divisor counts padding but not the overhang beyond it (torch's rule)
                hs, ws = i * s[0] - p[0], j * s[1] - p[1]
                he, we = min(hs + k[0], H + p[0]), min(ws + k[1], W + p[1])
                div = (he - hs) * (we - ws) if count_include_pad else len(inside)
                out[:, :, i, j] = vals.sum(-1) / div
    return out


pool_cfg = st.fixed_dictionaries({
    "kh": st.integers(1, 3), "kw": st.integers(1, 3), "sh": st.integers(1, 3),
    "sw": st.integers(1, 2), "ph": st.integers(0, 1), "pw": st.integers(0, 1),
    "dh": st.integers(1, 2), "ceil": st.booleans(), "include": st.booleans(),
    "h": st.integers(4, 8), "w": st.integers(4, 8), "seed": st.integers(0, 1000)})


def _pool_ok(c, dh=1):
    """torch's constraints: padding at most half the (dilated) kernel, which must fit."""
    return (c["ph"] <= (dh * (c["kh"] - 1) + 1) // 2 and c["pw"] <= c["kw"] // 2
            and dh * (c["kh"] - 1) + 1 <= c["h"] + 2 * c["ph"])


@settings(max_examples=30, deadline=None)
@given(pool_cfg)
def test_max_pool2d_matches_definition(c):
    if not _pool_ok(c, c["dh"]):
        return
    x = np.random.default_rng(c["seed"]).standard_normal((2, 2, c["h"], c["w"]))
    k, s, p, d = (c["kh"], c["kw"]), (c["sh"], c["sw"]), (c["ph"], c["pw"]), (c["dh"], 1)
    t = al.tensor(x, requires_grad=True)
    got = F.max_pool2d(t, k, s, p, d, ceil_mode=c["ceil"])
    np.testing.assert_allclose(got.detach().numpy(),
                               pool_reference(x, k, s, p, d, c["ceil"], "max"))
    assert gradcheck(lambda a: F.max_pool2d(a, k, s, p, d, ceil_mode=c["ceil"]), (t,))


@settings(max_examples=30, deadline=None)
@given(pool_cfg)
def test_avg_pool2d_matches_definition(c):
    # (atol: a window's mean can cancel to ~1e-6, where summing in another order differs
    # by ~1e-17, a relative 1e-11; Hypothesis found such a window)
    if not _pool_ok(c):
        return
    x = np.random.default_rng(c["seed"]).standard_normal((2, 2, c["h"], c["w"]))
    k, s, p = (c["kh"], c["kw"]), (c["sh"], c["sw"]), (c["ph"], c["pw"])
    t = al.tensor(x, requires_grad=True)
    got = F.avg_pool2d(t, k, s, p, c["ceil"], c["include"])
    np.testing.assert_allclose(got.detach().numpy(),
                               pool_reference(x, k, s, p, (1, 1), c["ceil"], "avg",
                                              c["include"]), rtol=1e-12, atol=1e-13)
    assert gradcheck(lambda a: F.avg_pool2d(a, k, s, p, c["ceil"], c["include"]), (t,))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 9), st.integers(1, 9), st.integers(1, 6), st.integers(1, 6),
       st.integers(0, 100))
def test_adaptive_avg_pool2d_matches_definition(h, w, oh, ow, seed):
    x = np.random.default_rng(seed).standard_normal((1, 2, h, w))
    got = F.adaptive_avg_pool2d(al.tensor(x), (oh, ow)).numpy()
    want = np.zeros((1, 2, oh, ow))
    for i in range(oh):
        for j in range(ow):
            r0, r1 = (i * h) // oh, -(-((i + 1) * h) // oh)
            c0, c1 = (j * w) // ow, -(-((j + 1) * w) // ow)
            want[:, :, i, j] = x[:, :, r0:r1, c0:c1].mean((-1, -2))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-13)
