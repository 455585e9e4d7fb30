"""Ops, layers and optimizers on the ``cuda`` device give the CPU's values and gradients.

Each case runs twice through the ``cuda_backend`` fixture: on a real GPU (skipped without
one) and on the strict CuPy stand-in (tests/standin_cupy.py: host memory, NOT a GPU), which
raises as CuPy does when code converts a device array to NumPy behind ``_backend``'s back.
The CPU run is the reference; the CPU itself is compared with torch elsewhere.
"""
import numpy as np
import pytest

import autograd_lab as al
import autograd_lab.nn.functional as F

RNG = np.random.RandomState(7)


def _values(shape, low=-2.0, high=2.0):
    v = np.round(RNG.uniform(low, high, size=shape), 2)
    v[np.abs(v) < 0.05] = 0.3
    return v


A = _values((3, 4))
B = _values((3, 4))
V = _values((4,))
M = _values((4, 5))
P = _values((3, 4), 0.2, 2.0)
IMG = _values((2, 3, 6, 6))
KER = _values((4, 3, 3, 3))
SEQ = _values((5, 2, 3))

# name -> (function of the inputs, the inputs as NumPy arrays); float inputs require grad
CASES = {
    "add_mul_div": (lambda a, b: (a + 2 * b) / (b.abs() + 1), (A, B)),
    "pow_exp_log": (lambda p: (p ** 1.5).exp().log1p() + p.log(), (P,)),
    "trig": (lambda a: a.sin() * a.cos() + a.tanh() + a.sigmoid(), (A,)),
    "special": (lambda a: al.erf(a) + al.lgamma(a.abs() + 1) + al.digamma(a.abs() + 1), (A,)),
    "clamp_where": (lambda a, b: al.where(a > b, a.clamp(-1, 1), b * 2), (A, B)),
    "broadcast": (lambda a, v: a * v + v.sum(), (A, V)),
    "reductions": (lambda a: a.sum(0) + a.mean(0) + a.amax(0) + a.std(0) + a.prod(0), (A,)),
    "max_min_dims": (lambda a: a.max(1).values + a.min(0).values.sum(), (A,)),
    "norms": (lambda a: a.norm() + al.linalg.vector_norm(a, dim=1).sum(), (A,)),
    "cumulative": (lambda a: a.cumsum(1) + a.cumprod(0), (A,)),
    "logsumexp_softmax": (lambda a: a.logsumexp(1).sum() + F.softmax(a, 1) +
                          F.log_softmax(a, 0), (A,)),
    "matmul": (lambda a, m: a @ m, (A, M)),
    "addmm_linear": (lambda a, m, v: F.linear(a, m.t()[:4], v[:4]) + al.addmm(v, a, m[:, :4]),
                     (A, M, V)),
    "einsum": (lambda a, m: al.einsum("ij,jk->ik", a, m), (A, M)),
    "shape": (lambda a: a.reshape(4, 3).t().flip(0).roll(1, 1).unsqueeze(0).squeeze(), (A,)),
    "cat_stack": (lambda a, b: al.cat([a, b], 1) + al.stack([a, b]).sum(0).repeat(1, 2),
                  (A, B)),
    "index_get": (lambda a: a[1:, ::2] * 2 + a[[0, 2]][:, [1]], (A,)),
    "index_put": (lambda a, b: a.clone().index_put_((ix(a, [0, 2]),), b[:2]), (A, B)),
    "setitem": (lambda a, b: _setitem(a, b), (A, B)),
    "gather_scatter": (lambda a: a.gather(1, ix(a, [[0, 1], [2, 3], [1, 1]])) +
                       al.zeros(3, 2, device=a.device).scatter_add(1, ix(a, [[0, 1], [1, 1], [0, 0]]),
                                                 a[:, :2]), (A,)),
    "sort_topk": (lambda a: a.sort(1).values + a.topk(2, 1).values.sum(), (A,)),
    "masked": (lambda a: a.masked_fill(a > 0.5, 0.0) + a.masked_select(a < 0).sum(), (A,)),
    "relu_gelu_silu": (lambda a: F.relu(a) + F.gelu(a) + F.silu(a) + F.leaky_relu(a, 0.1) +
                       F.softplus(a), (A,)),
    "conv_pool": (lambda x, k: F.max_pool2d(F.conv2d(x, k, padding=1), 2) +
                  F.avg_pool2d(F.conv2d(x, k, padding=1), 2), (IMG, KER)),
    "batch_layer_norm": (lambda x: F.batch_norm(x, None, None, training=True) +
                         F.layer_norm(x, (6, 6)), (IMG,)),
    "losses": (lambda a, b: F.mse_loss(a, b) + F.l1_loss(a, b) + F.smooth_l1_loss(a, b) +
               F.binary_cross_entropy_with_logits(a, (b > 0).float()), (A, B)),
    "cross_entropy": (lambda a: F.cross_entropy(a, ix(a, [0, 3, 1])) +
                      F.nll_loss(F.log_softmax(a, 1), ix(a, [2, 1, 0])), (A,)),
    "linalg": (lambda m: al.linalg.det(m[:, :4] @ m[:, :4].t() + al.eye(4, device=m.device)) +
               al.linalg.inv(m[:, :4] @ m[:, :4].t() + al.eye(4, device=m.device)).sum(),
               (M,)),
}


def ix(like, data):
    """An index tensor on the device of ``like``."""
    return al.tensor(data, device=like.device)


def _setitem(a, b):
    c = a * 1
    c[0] = b[1]
    c[:, 2] = 3.0
    return c


def _run(fn, arrays, device):
    inputs = [al.tensor(x, dtype=al.float32, device=device, requires_grad=True)
              for x in arrays]
    out = fn(*inputs)
    out.backward(al.ones_like(out))
    return out.detach().cpu().numpy(), [t.grad.cpu().numpy() for t in inputs], out.device


@pytest.mark.parametrize("name", sorted(CASES))
def test_op_on_cuda_matches_cpu(cuda_backend, name):
    fn, arrays = CASES[name]
    cpu_out, cpu_grads, _ = _run(fn, arrays, "cpu")
    out, grads, device = _run(fn, arrays, "cuda")
    assert str(device) == "cuda:0"
    np.testing.assert_allclose(out, cpu_out, rtol=1e-5, atol=1e-5)
    for g, cg in zip(grads, cpu_grads):
        np.testing.assert_allclose(g, cg, rtol=1e-5, atol=1e-5)


def test_training_step_on_cuda_matches_cpu(cuda_backend):
    def step(device):
        al.manual_seed(0)
        model = al.nn.Sequential(al.nn.Linear(4, 8), al.nn.ReLU(), al.nn.Linear(8, 3))
        model.to(device)
        opt = al.optim.Adam(model.parameters(), lr=0.01)
        x = al.tensor(A, dtype=al.float32, device=device)
        y = al.tensor([0, 2, 1], device=device)
        for _ in range(3):
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        return loss.item(), [p.detach().cpu().numpy() for p in model.parameters()]
    cpu_loss, cpu_params = step("cpu")
    loss, params = step("cuda")
    assert loss == pytest.approx(cpu_loss, rel=1e-5)
    for p, cp in zip(params, cpu_params):
        np.testing.assert_allclose(p, cp, rtol=1e-5, atol=1e-6)


def test_printing_a_cuda_tensor_names_its_device(cuda_backend):
    t = al.tensor([1.5, 2.0], device="cuda", requires_grad=True)
    assert repr(t) == "tensor([1.5000, 2.0000], device='cuda:0', requires_grad=True)"
    assert repr(t * 2) == ("tensor([3., 4.], device='cuda:0', grad_fn=<MulBackward0>)")


def test_random_draws_on_cuda_follow_the_seed(cuda_backend):
    al.manual_seed(3)
    a = al.randn(5, device="cuda")
    al.manual_seed(3)
    b = al.randn(5, device="cuda")
    assert a.is_cuda and a.cpu().tolist() == b.cpu().tolist()
