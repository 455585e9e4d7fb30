"""nn.Module bookkeeping, Parameter, Linear, ReLU, Sequential: checked against torch."""
import numpy as np
import pytest

import autograd_lab as al
from nn_helper import array, fill_params
from oracle import assert_error_matches, assert_tensor_matches


def _tiny(lib):
    class TinyModel(lib.nn.Module):
        def __init__(self):
            super(TinyModel, self).__init__()
            self.layer1 = lib.nn.Linear(1000, 100)
            self.relu = lib.nn.ReLU()
            self.layer2 = lib.nn.Linear(100, 10)

        def forward(self, x):
            x = self.layer1(x)
            x = self.relu(x)
            x = self.layer2(x)
            return x
    return TinyModel()


def _copy_params(model, lib, seed=0):
    """Give every parameter fixed values from a numpy generator (same in both libraries)."""
    rng = np.random.default_rng(seed)
    with lib.no_grad():
        for _, p in model.named_parameters():
            p.copy_(lib.tensor(rng.uniform(-0.1, 0.1, tuple(p.shape)).astype(np.float32)))
    return model


def test_tiny_model_repr_and_names(oracle):
    def run(lib):
        m = _tiny(lib)
        return (repr(m), [n for n, _ in m.named_parameters()],
                [[n, list(v.shape)] for n, v in m.state_dict().items()],
                sum(p.numel() for p in m.parameters()),
                [n for n, _ in m.named_modules()], [n for n, _ in m.named_children()])
    assert list(run(al)) == oracle("tiny", run)


def test_tiny_model_step_matches_torch(oracle):
    def run(lib):
        m = _copy_params(_tiny(lib), lib)
        rng = np.random.default_rng(1)
        x = lib.tensor(rng.standard_normal((16, 1000)).astype(np.float32))
        target = lib.tensor(rng.standard_normal((16, 10)).astype(np.float32))
        pred = m(x)
        loss = (target - pred).pow(2).sum()
        loss.backward()
        # slices keep the golden file small; the sums cover every element
        g1 = m.layer1.weight.grad
        return (pred, loss, m.layer2.weight.grad, m.layer2.bias.grad, g1[:4, :25], g1.sum(0),
                g1.abs().sum(1), m.layer1.bias.grad, m.layer2.weight[0][0:10])
    expected = oracle("step", run)
    for ours, exp in zip(run(al), expected):
        assert_tensor_matches(ours, exp, rtol=1e-4, atol=1e-4)


def test_parameter_repr_and_flags(oracle):
    def run(lib):
        p = lib.nn.Parameter(lib.tensor([[1.0, 2.0], [3.0, 4.5]]))
        q = lib.nn.Parameter(lib.ones(3), requires_grad=False)
        return repr(p), repr(q), p.is_leaf, p.requires_grad, q.requires_grad, \
            isinstance(p, lib.Tensor), repr(p * 2), repr(lib.nn.Parameter())
    assert list(run(al)) == oracle("param", run)


def test_linear_shape_error(oracle):
    expected = oracle("err", lambda torch: torch.nn.Linear(1000, 100)(torch.ones(16, 999)))
    assert_error_matches(expected, lambda: al.nn.Linear(1000, 100)(al.ones(16, 999)))


def test_sequential_indexing_and_repr(oracle):
    def run(lib):
        nn = lib.nn
        s = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
        s.append(nn.Sigmoid())
        return (repr(s), len(s), repr(s[0]), repr(s[-1]), repr(s[1:3]),
                [n for n, _ in s.named_parameters()], repr(nn.Sequential()))
    assert list(run(al)) == oracle("seq", run)


class _Net:
    """A nested model built the same way in both libraries."""

    @staticmethod
    def make(lib):
        nn = lib.nn

        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(2, 4, 3, padding=1, bias=False)
                self.bn = nn.BatchNorm2d(4)
                self.register_buffer("scale", lib.ones(1))
                self.register_buffer("tmp", lib.zeros(2), persistent=False)

            def forward(self, x):
                return (self.bn(self.conv(x)) * self.scale).relu()

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.features = nn.Sequential(Block(), nn.MaxPool2d(2))
                self.heads = nn.ModuleList([nn.Linear(16, 3) for _ in range(2)])
                self.extra = nn.ModuleDict({"drop": nn.Dropout(0.1), "act": nn.GELU()})
                self.alpha = nn.Parameter(lib.tensor(0.5))
                self.shared = self.heads[0]            # the same module under two names

            def forward(self, x):
                h = self.features(x).flatten(1)
                return self.extra["act"](self.heads[0](h) + self.heads[1](h)) * self.alpha
        return Net()


def test_nested_model_structure(oracle):
    def run(lib):
        m = _Net.make(lib)
        return (repr(m),
                [n for n, _ in m.named_parameters()],
                [n for n, _ in m.named_parameters(remove_duplicate=False)],
                [n for n, _ in m.named_parameters(prefix="model", recurse=False)],
                [n for n, _ in m.named_buffers()],
                [[n, list(v.shape), str(v.dtype)] for n, v in m.state_dict().items()],
                [n for n, _ in m.named_modules()],
                [n for n, _ in m.named_children()],
                [type(c).__name__ for c in m.children()],
                [type(c).__name__ for c in m.modules()],
                sum(p.numel() for p in m.parameters()),
                len(list(m.buffers(recurse=False))))
    assert list(run(al)) == oracle("nested", run)


def test_module_list_and_dict_api(oracle):
    def run(lib):
        nn = lib.nn
        ml = nn.ModuleList([nn.ReLU(), nn.Linear(2, 2), nn.Linear(2, 2)])
        ml.append(nn.Linear(2, 2))
        ml.insert(0, nn.Tanh())
        ml2 = ml[1:3]
        del ml[0]
        md = nn.ModuleDict([("a", nn.ReLU()), ("b", nn.Sigmoid())])
        md["c"] = nn.Tanh()
        popped = md.pop("a")
        s = nn.Sequential(nn.Linear(1, 2), nn.ReLU())
        s2 = s + nn.Sequential(nn.Tanh())
        s2.insert(1, nn.Sigmoid())
        del s2[0]
        return (repr(ml), len(ml), repr(ml2), repr(ml[-1]), repr(md), list(md.keys()),
                repr(popped), "b" in md, repr(s2), repr(s * 2), repr(nn.ModuleList()),
                [n for n, _ in ml.named_parameters()])
    assert list(run(al)) == oracle("containers", run)


def test_state_dict_roundtrip_and_load_errors(oracle):
    def run(lib):
        src = fill_params(_Net.make(lib), lib)
        dst = _Net.make(lib)
        res = dst.load_state_dict(src.state_dict())
        same = all(bool((a == b).all()) for a, b in zip(src.state_dict().values(),
                                                       dst.state_dict().values()))
        sd = src.state_dict()
        del sd["alpha"]
        sd["bogus"] = lib.ones(1)
        sd["features.0.bn.bias"] = lib.ones(7)
        try:
            dst.load_state_dict(sd)
            err = None
        except RuntimeError as e:
            err = str(e)
        del sd["features.0.bn.bias"]
        loose = dst.load_state_dict(sd, strict=False)
        return (repr(res), same, err, repr(loose), list(loose.missing_keys),
                list(loose.unexpected_keys), type(src.state_dict()).__name__,
                src.state_dict()["alpha"].requires_grad,
                src.state_dict(keep_vars=True)["alpha"].requires_grad)
    assert list(run(al)) == oracle("load", run)


def test_load_state_dict_copies_values_in_place(oracle):
    def run(lib):
        lin = lib.nn.Linear(2, 2)
        w = lin.weight
        lin.load_state_dict({"weight": lib.tensor([[1.0, 2.0], [3.0, 4.0]]),
                             "bias": lib.tensor([5.0, 6.0])})
        return lin.weight is w, lin.weight, lin.bias
    ours, expected = run(al), oracle("inplace", run)
    assert ours[0] is expected[0] is True
    for o, e in zip(ours[1:], expected[1:]):
        assert_tensor_matches(o, e)


def test_train_eval_zero_grad_requires_grad(oracle):
    def run(lib):
        m = _Net.make(lib)
        modes = [m.training]
        m.eval()
        modes.append([mod.training for mod in m.modules()])
        m.train()
        modes.append(all(mod.training for mod in m.modules()))
        fill_params(m, lib)
        out = m(lib.tensor(array((2, 2, 4, 4), 3)))
        out.sum().backward()
        had = [p.grad is not None for p in m.parameters()]
        m.zero_grad(set_to_none=False)
        zeros = [float(p.grad.abs().sum()) for p in m.parameters()]
        m.zero_grad()
        gone = [p.grad is None for p in m.parameters()]
        m.requires_grad_(False)
        flags = [p.requires_grad for p in m.parameters()]
        return modes, had, zeros, gone, flags
    assert list(run(al)) == oracle("modes", run)


def test_to_double_keeps_parameter_identity(oracle):
    def run(lib):
        m = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.BatchNorm1d(3))
        w = m[0].weight
        m[0].weight.grad = lib.ones(3, 2)
        m.double()
        same = m[0].weight is w
        dtypes = [str(v.dtype) for v in m.state_dict().values()]
        grad_dtype = str(m[0].weight.grad.dtype)
        m.to(lib.float32)
        dtypes2 = [str(v.dtype) for v in m.state_dict().values()]
        try:
            m.to(lib.int64)
            err = None
        except TypeError as e:
            err = str(e)
        return same, dtypes, grad_dtype, dtypes2, err, isinstance(w, lib.nn.Parameter)
    assert list(run(al)) == oracle("to", run)


def test_forward_hooks(oracle):
    def run(lib):
        lin = fill_params(lib.nn.Linear(2, 2), lib)
        seen = []

        def pre(mod, args):
            seen.append(("pre", type(mod).__name__, len(args)))
            return (args[0] * 2,)

        def post(mod, args, out):
            seen.append(("post", list(out.shape)))
            return out + 1

        h1 = lin.register_forward_pre_hook(pre)
        h2 = lin.register_forward_hook(post)
        x = lib.ones(1, 2)
        a = lin(x)
        h1.remove()
        b = lin(x)
        h2.remove()
        c = lin(x)
        return a, b, c, seen
    ours, expected = run(al), oracle("hooks", run)
    for o, e in zip(ours[:3], expected[:3]):
        assert_tensor_matches(o, e)
    assert [list(s) for s in ours[3]] == expected[3]


def test_apply_and_init(oracle):
    def run(lib):
        m = lib.nn.Sequential(lib.nn.Linear(3, 2), lib.nn.ReLU(), lib.nn.Linear(2, 1))
        visited = []

        def init(mod):
            visited.append(type(mod).__name__)
            if isinstance(mod, lib.nn.Linear):
                lib.nn.init.constant_(mod.weight, 0.5)
                lib.nn.init.zeros_(mod.bias)
        m.apply(init)
        return visited, m[0].weight, m[2].bias, [
            lib.nn.init.calculate_gain(n, p) for n, p in
            [("relu", None), ("tanh", None), ("leaky_relu", None), ("leaky_relu", 0.2),
             ("selu", None), ("conv2d", None), ("sigmoid", None)]], \
            list(lib.nn.init._calculate_fan_in_and_fan_out(lib.ones(4, 3, 5, 2)))
    ours, expected = run(al), oracle("apply", run)
    assert ours[0] == expected[0]
    assert_tensor_matches(ours[1], expected[1])
    assert_tensor_matches(ours[2], expected[2])
    assert ours[3] == pytest.approx(expected[3]) and ours[4] == expected[4]


@pytest.mark.parametrize("fn", ["xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
                                "kaiming_normal_", "uniform_", "normal_"])
def test_init_distributions(fn):
    """Each init fills in place with the right spread (std within a few percent)."""
    import math
    t = al.empty(400, 300)
    out = getattr(al.nn.init, fn)(t)
    assert out is t
    std = float(t.numpy().std())
    fan_in, fan_out = 300, 400
    want = {"xavier_uniform_": math.sqrt(2 / (fan_in + fan_out)),
            "xavier_normal_": math.sqrt(2 / (fan_in + fan_out)),
            "kaiming_uniform_": math.sqrt(2 / (1 + 0.0)) / math.sqrt(fan_in),
            "kaiming_normal_": math.sqrt(2) / math.sqrt(fan_in),
            "uniform_": 1 / math.sqrt(12), "normal_": 1.0}[fn]
    assert abs(std / want - 1) < 0.03


def test_init_matches_torch_with_seed(oracle):
    def run(lib):
        lib.manual_seed(3)
        conv = lib.nn.Conv2d(3, 4, 3)
        emb = lib.nn.Embedding(5, 2)
        t = lib.empty(3, 4)
        lib.nn.init.xavier_normal_(t)
        lib.nn.init.kaiming_normal_(lib.empty(2, 2), mode="fan_out", nonlinearity="relu")
        return conv.weight, conv.bias, emb.weight, t

    def draws(lib):
        lib.manual_seed(0)
        return lib.rand(6)
    expected = oracle("seeded", run)
    if not np.allclose(draws(al).numpy(), oracle("rand", draws)["values"], rtol=0, atol=1e-7):
        pytest.xfail("autograd_lab's generator does not reproduce torch's rand() yet")
    for o, e in zip(run(al), expected):
        assert_tensor_matches(o, e, check_graph=False)


REG_ERRORS = ["param_before_init", "module_before_init", "assign_tensor_to_param",
              "assign_int_to_module", "register_dot", "register_empty", "register_exists",
              "buffer_type", "nonleaf_param", "add_module_type", "missing_attr", "no_forward",
              "seq_index", "ml_index", "train_mode", "get_submodule"]


def _registration_error(lib, name):
    nn = lib.nn
    if name == "param_before_init":
        class Bad(nn.Module):
            def __init__(self):
                self.w = nn.Parameter(lib.ones(1))
        return Bad()
    if name == "module_before_init":
        class Bad(nn.Module):
            def __init__(self):
                self.l = nn.ReLU()
        return Bad()
    lin = nn.Linear(2, 2)
    if name == "assign_tensor_to_param":
        lin.weight = lib.ones(2, 2)
    if name == "assign_int_to_module":
        s = nn.Sequential(nn.ReLU())
        setattr(s, "0", 3)
    if name == "register_dot":
        lin.register_parameter("a.b", None)
    if name == "register_empty":
        lin.register_buffer("", None)
    if name == "register_exists":
        lin.register_buffer("weight", lib.ones(1))
    if name == "buffer_type":
        lin.register_buffer("b2", 3)
    if name == "nonleaf_param":
        lin.register_parameter("p", nn.Parameter(lib.ones(1)) * 2)
    if name == "add_module_type":
        lin.add_module("x", 3)
    if name == "missing_attr":
        return lin.nonexistent
    if name == "no_forward":
        return nn.Module()(lib.ones(1))
    if name == "seq_index":
        return nn.Sequential(nn.ReLU())[3]
    if name == "ml_index":
        return nn.ModuleList([nn.ReLU()])[-2]
    if name == "train_mode":
        return lin.train("yes")
    if name == "get_submodule":
        return nn.Sequential(nn.ReLU()).get_submodule("0.foo")
    return None


@pytest.mark.parametrize("name", REG_ERRORS)
def test_registration_errors(oracle, name):
    assert_error_matches(oracle(name, lambda lib: _registration_error(lib, name)),
                         lambda: _registration_error(al, name))


def test_deepcopy_and_parameter_data(oracle):
    import copy

    def run(lib):
        m = fill_params(lib.nn.Linear(2, 2), lib)
        c = copy.deepcopy(m)
        different = c.weight is not m.weight
        equal = bool((c.weight == m.weight).all())
        with lib.no_grad():
            m.weight.data = lib.zeros(2, 2)
        return (different, equal, type(c.weight).__name__, c.weight.requires_grad,
                repr(m.weight), repr(c))
    assert list(run(al)) == oracle("copy", run)


def test_buffer_assignment(oracle):
    def run(lib):
        bn = lib.nn.BatchNorm1d(2)
        bn.running_mean = lib.ones(2)            # assigning a tensor to a buffer name
        bn.flag = lib.nn.Buffer(lib.zeros(1), persistent=False)
        names = [n for n, _ in bn.named_buffers()]
        return names, list(bn.state_dict().keys()), type(bn.running_mean).__name__
    assert list(run(al)) == oracle("buffers", run)


@pytest.mark.parametrize("norm_type", [2.0, 1.0, "inf"])
def test_clip_grad_norm(oracle, norm_type):
    def run(lib):
        m = fill_params(lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.Linear(4, 2)), lib)
        m(lib.tensor(array((5, 3), 2))).pow(2).sum().backward()
        total = lib.nn.utils.clip_grad_norm_(m.parameters(), 0.5, norm_type=norm_type)
        return [total] + [p.grad for p in m.parameters()]
    for o, e in zip(run(al), oracle("clip", run)):
        assert_tensor_matches(o, e, rtol=1e-5, atol=1e-6)


def test_clip_value_and_vectors(oracle):
    def run(lib):
        m = fill_params(lib.nn.Linear(3, 2), lib)
        m(lib.tensor(array((4, 3), 2))).sum().backward()
        lib.nn.utils.clip_grad_value_(m.parameters(), 0.3)
        vec = lib.nn.utils.parameters_to_vector(m.parameters())
        lib.nn.utils.vector_to_parameters(lib.arange(8.0), m.parameters())
        return m.weight.grad, m.bias.grad, vec, m.weight, m.bias, \
            lib.nn.utils.clip_grad_norm_([lib.nn.Parameter(lib.ones(2))], 1.0)
    for o, e in zip(run(al), oracle("utils", run)):
        assert_tensor_matches(o, e)
