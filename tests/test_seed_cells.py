"""Every code cell of the five seed tutorials (/work/shared/seeds) that does not use
torch.nn / torch.optim / torchvision, run with ``import autograd_lab as torch``: it must print
exactly what torch prints, warnings included.

Each cell is kept as written, except that random inputs are replaced by fixed ones (noted in
a comment) so that both libraries see the same numbers. A cell runs after the cells before it
in its notebook, as in Jupyter; like Jupyter, a final expression is displayed with ``repr``.
Memory addresses (``0x...``) are masked.
"""
import ast
import contextlib
import io
import re
import warnings

import pytest

import autograd_lab as al

SEEDS = {
    "000": [
        # In[12]
        """
a = torch.ones(2, 3, requires_grad=False)
print(a)

b1 = 2 * a
print(b1)

a.requires_grad = False
b2 = 2 * a
print(b2)
""",
    ],
    "001": [
        # In[46]
        """
torch.manual_seed(0)
""",
        # In[47]  (the randint draws replaced by the values the notebook printed)
        """
# 为了方便，随机创建一些int型的tensor，然后将它们转换为float型
X   = torch.tensor([4, 4, 3, 0]).float().requires_grad_(False)
W_1 = torch.tensor([[3, 4, 2, 3], [2, 3, 1, 1]]).float().requires_grad_(True)
Z   = X.matmul(W_1.T)
W_2 = torch.tensor([1, 4]).float().requires_grad_(True)
Y   = Z.matmul(W_2)

print(" X: \\t%s \\n W_1: \\t%s \\n Z: \\t%s \\n W_2: \\t%s \\n Y: \\t%s \\n" % (X, W_1, Z, W_2, Y))
""",
        # In[48]
        """
print(" is leaf?")
print(" X: \\t%s \\n W_1: \\t%s \\n Z: \\t%s \\n W_2: \\t%s \\n Y: \\t%s \\n" % (X.is_leaf, W_1.is_leaf, Z.is_leaf, W_2.is_leaf, Y.is_leaf))
""",
        # In[49]
        """
Y.backward()
print(" grad")
print(" X: \\t%s \\n W_1: \\t%s \\n Z: \\t%s \\n W_2: \\t%s \\n Y: \\t%s \\n" % (X.grad, W_1.grad, Z.grad, W_2.grad, Y.grad))
""",
        # In[50]
        """
Z.detach_()
W_2.detach_().requires_grad_(True)

Z_2 = Z.matmul(W_2)
Z_2.backward()

print(" grad2")
print(" Z: \\t%s \\n W_2: \\t%s \\n" % (Z.grad, W_2.grad))
""",
        # In[52]  (randint draws replaced by the values the notebook printed)
        """
# 前向传播，参数是所有的叶子节点，后面的是参数
def forward(X, W_1, W_2):
    Z = X.matmul(W_1.T)
    Y = Z.matmul(W_2)
    return Y

# 初始化
X   = torch.tensor([4, 0, 1, 2]).float().requires_grad_(False)
W_1 = torch.tensor([[3, 0, 0, 0], [2, 4, 1, 3]]).float().requires_grad_(True)
W_2 = torch.tensor([3, 3]).float().requires_grad_(True)

learning_rate = 0.01

print(" X: \\t%s \\n W_1: \\t%s \\n W_2: \\t%s \\n" % (X, W_1, W_2))
print(" ====================================")

# 更新模块
for epoch in range(10):
    # 梯度清零
    if W_1.grad is not None:
        W_1.grad.zero_()
    if W_2.grad is not None:
        W_2.grad.zero_()

    # 前向传播
    Y = forward(X, W_1, W_2)

    # 反向传播
    Y.backward()

    # 参数更新（数据域）
    W_1 = W_1 - learning_rate * W_1.grad
    W_2 = W_2 - learning_rate * W_2.grad

    # 脱离计算图（参数更新过程中产生的）
    W_1.detach_().requires_grad_(True)
    W_2.detach_().requires_grad_(True)

    print(" for epoch %d, Y is %s" % (epoch, Y.data))
""",
    ],
    "002": [
        # In[1]
        """
x = torch.ones(2, 2, requires_grad=True)
print(x)
#若Tensor是通过某些运算得到的，则返回一个与这些运算相关的对象，否则返回None
print(x.grad_fn)
""",
        # In[2]
        """
y = x + 2
print(y)
print(y.grad_fn)
""",
        # In[3]
        """
z = y * y * 3
out = z.mean()
print(z, out)
""",
        # In[4]  (torch.randn(2, 2) replaced by the values it drew... before the arithmetic)
        """
# 缺失情况下默认 requires_grad = False
a = torch.tensor([[0.6282, -0.4547], [1.3767, -1.0521]])
a = ((a * 3) / (a - 1))
print(a)
print(a.requires_grad) # False

a.requires_grad_(True)
print(a.requires_grad) # True

b = (a * a).sum()
print(b.grad_fn)
""",
        # In[5]
        """
# 等价于 out.backward(torch.tensor(1.))
out.backward()
# out关于x的梯度
print(x.grad)
""",
        # In[7]
        """
# 再来反向传播一次，注意grad是累加的
out2 = x.sum()
out2.backward()
print(x.grad)

out3 = x.sum()
# grad在反向传播过程中是累加的(accumulated)
# 每一次运行反向传播，梯度都会累加之前的梯度，所以一般在反向传播之前需把梯度清零。
x.grad.data.zero_()
out3.backward()
print(x.grad)
""",
        # In[8]
        """
x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
y = 2 * x
z = y.view(2, 2)
print(z)
""",
        # In[9]
        """
#现在 z 不是一个标量
#在调用backward时需要传入一个和z同形的权重向量进行加权求和得到一个标量。
v = torch.tensor([[1.0, 0.1], [0.01, 0.001]], dtype=torch.float)
z.backward(v)
print(x.grad)
""",
        # In[10]
        """
#中断梯度追踪
x = torch.tensor(1.0, requires_grad=True)
y1 = x ** 2
with torch.no_grad():
    y2 = x ** 3
y3 = y1 + y2

print(x.requires_grad)
print(y1, y1.requires_grad) # True
print(y2, y2.requires_grad) # False
print(y3, y3.requires_grad) # True

#y2的梯度被torch.no_grad()包裹，与它有关的梯度不会回传
y3.backward()
print(x.grad)
""",
        # In[11]
        """
x = torch.ones(1,requires_grad=True)

print(x.data) # 还是一个tensor
print(x.data.requires_grad) # 但是已经是独立于计算图之外

y = 2 * x
x.data *= 100 # 只改变了值，不会记录在计算图，所以不会影响梯度传播

y.backward()
print(x) # 更改data的值也会影响tensor的值
print(x.grad)
""",
    ],
    "003": [
        # In[1] without the loss (it uses torch.nn.functional); torch.randn replaced
        """
x = torch.ones(5)  # 输入张量
y = torch.zeros(3)  # 期待输出，即实际标签值
# requires_grad=True在计算中保留对应的梯度信息
w = torch.tensor([[ 0.3367,  0.1288,  0.2345], [ 0.2303, -1.1229, -0.1863], [ 2.2082, -0.6380,  0.4617], [ 0.2674,  0.5349,  0.8094], [ 1.1103, -1.6898, -0.9890]], requires_grad=True) #参数模型权重weight
b = torch.tensor([ 0.9580,  1.3221,  0.8172], requires_grad=True) #参数模型训练期间优化的偏差bias
z = torch.matmul(x, w)+b #x*w+b，z是实际输出，即预测值
""",
        # In[5]
        """
#禁用梯度跟踪
# 原因1：将神经网络中的某些参数标记为冻结参数。微调预训练网络的常见场景
# 在只做正向传递时加快计算速度
#方法1
z = torch.matmul(x, w)+b
print(z.requires_grad)

with torch.no_grad():
    z = torch.matmul(x, w)+b
print(z.requires_grad)
#方法2
z = torch.matmul(x, w)+b
z_det = z.detach()
print(z_det.requires_grad)
""",
        # In[10]
        """
inp = torch.eye(4, 5, requires_grad=True)
out = (inp+1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\\n{inp.grad}") # 此时是2*(inp+1)
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\\nSecond call\\n{inp.grad}") # 梯度累积2*(inp+1)*2
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\\nCall after zeroing gradients\\n{inp.grad}")
""",
    ],
    "004": [
        # In[6]  (``import torch, torchvision``: torchvision is not needed by the cell)
        """
x = torch.ones(2, 2, requires_grad=True)
print(x)
y = torch.zeros(2, 2, requires_grad=True)
print(y)
""",
        # In[7]
        """
z = torch.sum(x + y)
print(z)
""",
        # In[8]
        """
# 自动求导， 对各个变量求导
z.backward()
print(x.grad,"\\n", y.grad)
""",
        # In[23]
        """
x = torch.IntTensor([1, 2, 3])
y = torch.IntTensor([1, 1, 1])
h = x + y
print(h, h.dtype)
print(h.grad)
print(h.grad_fn)

# h.backward()    # x,y没有梯度记录
print(x.grad)
""",
        # In[32]  (torch.randn replaced by fixed values, same dtype/device/requires_grad)
        """
dtype = torch.float
device = torch.device("cpu")

a = torch.tensor([[ 0.5583, -1.5237, -0.2370], [ 0.7126,  0.9256,  0.3143]], device=device, dtype=dtype, requires_grad=True)
b = torch.tensor([[ 0.1, 0.2, 0.3], [ -0.4, 0.5, 0.6]], device=device, dtype=dtype, requires_grad=True)

h = torch.sum(a + b)
print(a)
print(h, h.dtype)
print("h.grad", h.grad)
h.backward()
print("h.grad", h.grad)    # h没有梯度，因为没有对他求导，是对参数求导
print(x.grad)
""",
        # In[6] again, then In[8]: the notebook's x, y for the zeroing cell
        """
x = torch.ones(2, 2, requires_grad=True)
y = torch.zeros(2, 2, requires_grad=True)
z = torch.sum(x * 3 + y * 6)
z.backward()
print(x.grad,"\\n", y.grad)
""",
        # In[32] (second one)
        """
# 梯度置零
x.grad.zero_()
print(x.grad)
""",
        # In[31]
        """
h = x**2 + y**3
print(h)
h.backward(torch.ones_like(x))
print(x.grad)
""",
        # In[4]  (torch.randn(10, 5) replaced by fixed values)
        """
# with torch.no_grad() ： 清除w的梯度
x = torch.linspace(-1, 1, 50).reshape(10, 5).requires_grad_(True)
y = torch.linspace(0, 2, 50).reshape(10, 5).requires_grad_(True)
z = torch.linspace(2, -2, 50).reshape(10, 5).requires_grad_(True)
with torch.no_grad():
    w = x + y + z
    print(w.requires_grad)
    print(w.grad_fn)
print(w.requires_grad)
print(x.requires_grad)
print(x.grad_fn)        # x是叶子节点,不存在grad_fn和grad
""",
        # the last cell
        """
# 设置为False才有效
torch.set_grad_enabled(False)
""",
    ],
}

CASES = [(seed, i) for seed, cells in SEEDS.items() for i in range(len(cells))]
ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def run_cell(lib, seed, index):
    """Run the seed's cells 0..index in one namespace; what cell ``index`` printed, and the
    warnings it raised (category, message, line in the cell)."""
    namespace = {"torch": lib}
    out = None
    try:
        for i, source in enumerate(SEEDS[seed][:index + 1]):
            out = _exec_like_jupyter(source, namespace, f"<seed {seed} cell {i}>")
    finally:
        lib.set_grad_enabled(True)          # the last cell of 004 switches it off
    return out


def _exec_like_jupyter(source, namespace, filename):
    tree = ast.parse(source, filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    buf = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(buf):
        warnings.simplefilter("always")
        exec(compile(tree, filename, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
            if value is not None:
                print(repr(value))
    shown = [[w.category.__name__, str(w.message), w.filename == filename, w.lineno]
             for w in caught]
    return [ADDRESS.sub("0x?", buf.getvalue()), shown]


@pytest.mark.parametrize("seed,index", CASES, ids=[f"{s}-cell{i}" for s, i in CASES])
def test_seed_cell_prints_what_torch_prints(oracle, seed, index):
    expected = oracle(f"{seed}-{index}", lambda lib: run_cell(lib, seed, index))
    ours = run_cell(al, seed, index)
    assert ours[0] == expected[0], f"\n--- ours:\n{ours[0]}\n--- torch:\n{expected[0]}"
    assert ours[1] == expected[1]
