"""The seed cells that use torch.nn / torch.optim (seeds 000 and 003), run end to end with
``import autograd_lab as torch``: they must print what torch prints.

The seeds draw their inputs and initial weights at random; both libraries' generators are
bit-identical (tests/test_random.py), so one ``manual_seed(0)`` in front of each notebook gives
both the same numbers and the cells stay exactly as the seeds wrote them. Memory addresses
(``0x...``) are masked. (Seed 004's resnet18 cells need torchvision on the torch side, which has
no CPU build here: tests/test_models.py checks them against a torch.nn transcription.)
"""
import contextlib
import io
import re

import pytest

import autograd_lab as al

SEED_000 = [
    # In[15], with torch.manual_seed(0) first
    '''
torch.manual_seed(0)
BATCH_SIZE = 16
DIM_IN = 1000
HIDDEN_SIZE = 100
DIM_OUT = 10

class TinyModel(torch.nn.Module):

    def __init__(self):
        super(TinyModel, self).__init__()

        self.layer1 = torch.nn.Linear(DIM_IN, HIDDEN_SIZE)
        self.relu = torch.nn.ReLU()
        self.layer2 = torch.nn.Linear(HIDDEN_SIZE, DIM_OUT)

    def forward(self, x):
        x = self.layer1(x)
        x = self.relu(x)
        x = self.layer2(x)
        return x

some_input = torch.randn(BATCH_SIZE, DIM_IN, requires_grad=False)
ideal_output = torch.randn(BATCH_SIZE, DIM_OUT, requires_grad=False)
print(some_input, ideal_output)

model = TinyModel()
print(model)
''',
    # In[None]
    '''
model.layer2.weight.requires_grad = True
print(model.layer2.weight[0][0:10]) # just a small slice
print(model.layer2.weight.grad)
''',
    # In[13]
    '''
optimizer = torch.optim.SGD(model.parameters(), lr=0.001)

prediction = model(some_input)
print(prediction[0])  # just a small slice

loss = (ideal_output - prediction).pow(2).sum()
print(loss)
''',
    # In[5]
    '''
loss.backward()
print(model.layer2.weight[0][0:10])
print(model.layer2.weight.grad[0][0:10])
''',
    # In[10]
    '''
print(model.layer2.weight.grad[0][0:10])

for i in range(0, 5):
    prediction = model(some_input)
    loss = (ideal_output - prediction).pow(2).sum()
    loss.backward()

print(model.layer2.weight.grad[0][0:10])

optimizer.zero_grad(set_to_none=False)

print(model.layer2.weight.grad[0][0:10])
''',
    # the step the seed describes but never runs
    '''
prediction = model(some_input)
loss = (ideal_output - prediction).pow(2).sum()
loss.backward()
optimizer.step()
print(model.layer2.weight[0][0:10])
''',
]

SEED_003 = [
    # In[1], with torch.manual_seed(0) first
    '''
torch.manual_seed(0)
x = torch.ones(5)  # 输入张量
y = torch.zeros(3)  # 期待输出，即实际标签值
w = torch.randn(5, 3, requires_grad=True) #参数模型权重weight
b = torch.randn(3, requires_grad=True) #参数模型训练期间优化的偏差bias
z = torch.matmul(x, w)+b #x*w+b，z是实际输出，即预测值
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y) #损失函数
''',
    # In[2]
    '''
print(f"Gradient function for z = {z.grad_fn}")
print(f"Gradient function for loss = {loss.grad_fn}\\n")
''',
    # In[3]
    '''
loss.backward()
print(w.grad)
print(b.grad)
''',
]

CELLS = [("000", i) for i in range(len(SEED_000))] + [("003", i) for i in range(len(SEED_003))]


def _run(lib, cells, upto):
    ns = {"torch": lib}
    out = ""
    for k, code in enumerate(cells[:upto + 1]):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(code, f"<seed cell {k}>", "exec"), ns)
        out = buf.getvalue()
    return re.sub(r"0x[0-9a-fA-F]+", "0x...", out)


NUMBER = re.compile(r"-?\d+\.\d*(?:e[+-]\d+)?")


def assert_same_printout(ours, theirs):
    """Identical text; a printed float may differ by one unit in its last digit, because
    float32 matrix products sum in a different order in OpenBLAS and in torch's kernels
    (seed 000 accumulates six backward passes of 16x1000 products)."""
    assert NUMBER.split(ours) == NUMBER.split(theirs), f"\nours:\n{ours}\ntorch:\n{theirs}"
    for a, b in zip(NUMBER.findall(ours), NUMBER.findall(theirs)):
        if a == b:
            continue
        mantissa = b.split("e")[0]
        digits = len(mantissa.split(".")[1])
        scale = 10.0 ** int(b.split("e")[1]) if "e" in b else 1.0
        assert abs(float(a) - float(b)) <= 1.01 * scale * 10.0 ** -digits, (a, b)


@pytest.mark.parametrize("seed,index", CELLS)
def test_training_cell_prints_what_torch_prints(oracle, seed, index):
    cells = SEED_000 if seed == "000" else SEED_003
    expected = oracle("stdout", lambda torch: _run(torch, cells, index))
    assert_same_printout(_run(al, cells, index), expected)


def test_printout_comparison_catches_a_real_difference():
    with pytest.raises(AssertionError):
        assert_same_printout("tensor([1.2345, 2.0000])", "tensor([1.2347, 2.0000])")
    with pytest.raises(AssertionError):
        assert_same_printout("tensor([1.2345], grad_fn=<AddBackward0>)",
                             "tensor([1.2345], grad_fn=<MulBackward0>)")
    assert_same_printout("tensor([1.2345e-01])", "tensor([1.2346e-01])")
