"""The chain rule at one backward node, as the Lab's inspector writes it.

Two things per node type: the **formula** of its derivative (words in English and Chinese,
the maths shared), and, per input, the **gradient rule** written in Python's own notation
(``grad * other``, ``grad @ mat2.T``) so the learner can read it as code. Where the tensors are
small the Lab substitutes the values the node saved (captured just before it runs, while they
still exist) and ends the line with the gradient the engine really produced::

    MulBackward0: grad_a = grad * b = 1 * 3 = 3

Nothing here computes a gradient: the result after the last ``=`` is the engine's own, and the
numbers before it are the node's saved tensors, so a wrong rule would show a wrong equation
(the tests evaluate the substituted line and compare it with the engine).

The older "local derivative" numbers (the node's backward applied to ones, a vector-Jacobian
product) stay for the node types without a rule; :func:`is_exact` says when that product is
the element-wise derivative itself (never for matrix products).
"""
import re
from dataclasses import dataclass, field

import numpy as np

from ..viz import values as _values

SUBSTITUTE_MAX = 8      # operands with at most this many elements are written out

_MATRIX_NOTE = ("matrix product: each output sums over a row and a column, so this is not "
                "element-wise", "矩阵乘积：每个输出是一行与一列的乘积之和，所以不是逐元素的")

FORMULAS = {
    "AddBackward0": "∂(a + b)/∂a = 1,   ∂(a + b)/∂b = 1",
    "AddBackward1": "∂(a + c)/∂a = 1",
    "SubBackward0": "∂(a − b)/∂a = 1,   ∂(a − b)/∂b = −1",
    "SubBackward1": "∂(a − c)/∂a = 1",
    "RsubBackward0": "∂(b − a)/∂a = −1,   ∂(b − a)/∂b = 1",
    "RsubBackward1": "∂(c − a)/∂a = −1",
    "MulBackward0": "∂(a·b)/∂a = b,   ∂(a·b)/∂b = a",
    "MulBackward1": "∂(a·c)/∂a = c",
    "DivBackward0": "∂(a/b)/∂a = 1/b,   ∂(a/b)/∂b = −a/b²",
    "DivBackward1": "∂(a/c)/∂a = 1/c",
    "NegBackward0": "∂(−a)/∂a = −1",
    "PowBackward0": "∂(aⁿ)/∂a = n·aⁿ⁻¹",
    "PowBackward1": "∂(aᵇ)/∂a = b·aᵇ⁻¹,   ∂(aᵇ)/∂b = aᵇ·ln a",
    "ExpBackward0": "∂eᵃ/∂a = eᵃ",
    "LogBackward0": "∂ln a/∂a = 1/a",
    "SqrtBackward0": "∂√a/∂a = 1/(2√a)",
    "ReluBackward0": ("∂relu(a)/∂a = 1 where a > 0, else 0", "∂relu(a)/∂a = 1（a > 0 处），否则 0"),
    "SigmoidBackward0": "∂σ(a)/∂a = σ(a)·(1 − σ(a))",
    "TanhBackward0": "∂tanh(a)/∂a = 1 − tanh²(a)",
    "SumBackward0": ("∂(Σ aᵢ)/∂aᵢ = 1: the gradient is copied to every element",
                     "∂(Σ aᵢ)/∂aᵢ = 1：梯度被复制到每个元素"),
    "SumBackward1": ("∂(Σ aᵢ)/∂aᵢ = 1 along the summed dimensions",
                     "沿求和的维度 ∂(Σ aᵢ)/∂aᵢ = 1"),
    "MeanBackward0": ("∂(mean a)/∂aᵢ = 1/n: the gradient is shared equally by the n elements",
                      "∂(mean a)/∂aᵢ = 1/n：梯度由 n 个元素平分"),
    "MeanBackward1": ("∂(mean a)/∂aᵢ = 1/n along the averaged dimensions",
                      "沿求平均的维度 ∂(mean a)/∂aᵢ = 1/n"),
    "ViewBackward0": ("a reshape: the gradient is reshaped back, values unchanged",
                      "改变形状：梯度按原形状还原，数值不变"),
    "UnsafeViewBackward0": ("a reshape: the gradient is reshaped back, values unchanged",
                            "改变形状：梯度按原形状还原，数值不变"),
    "SqueezeBackward1": ("a reshape: the gradient is reshaped back, values unchanged",
                         "改变形状：梯度按原形状还原，数值不变"),
    "SqueezeBackward4": ("a reshape: the gradient is reshaped back, values unchanged",
                         "改变形状：梯度按原形状还原，数值不变"),
    "UnsqueezeBackward0": ("a reshape: the gradient is reshaped back, values unchanged",
                           "改变形状：梯度按原形状还原，数值不变"),
    "ExpandBackward0": ("a broadcast: the gradient is summed over the repeated dimensions",
                        "广播：梯度沿被重复的维度求和"),
    "CloneBackward0": ("a copy: the gradient passes unchanged", "复制：梯度原样通过"),
    "TBackward0": ("a transpose: the gradient is transposed back", "转置：梯度被转置回去"),
    "PermuteBackward0": ("a permutation of dimensions: the gradient is permuted back",
                         "维度重排：梯度按相反顺序重排回去"),
    "DotBackward0": "∂(a·b)/∂a = b,   ∂(a·b)/∂b = a",
    "MmBackward0": ("grad_A = grad @ Bᵀ,   grad_B = Aᵀ @ grad  (" + _MATRIX_NOTE[0] + ")",
                    "grad_A = grad @ Bᵀ，  grad_B = Aᵀ @ grad（" + _MATRIX_NOTE[1] + "）"),
    "MvBackward0": ("grad_A = outer(grad, v),   grad_v = Aᵀ @ grad  (" + _MATRIX_NOTE[0] + ")",
                    "grad_A = outer(grad, v)，  grad_v = Aᵀ @ grad（" + _MATRIX_NOTE[1] + "）"),
    "AddmmBackward0": ("bias + mat1 @ mat2:  grad_bias = grad (summed over rows),   "
                       "grad_mat1 = grad @ mat2ᵀ,   grad_mat2 = mat1ᵀ @ grad  ("
                       + _MATRIX_NOTE[0] + ")",
                       "bias + mat1 @ mat2：grad_bias = grad（按行求和），  "
                       "grad_mat1 = grad @ mat2ᵀ，  grad_mat2 = mat1ᵀ @ grad（"
                       + _MATRIX_NOTE[1] + "）"),
    "BinaryCrossEntropyWithLogitsBackward0": ("∂loss/∂z = (σ(z) − y) / n  (mean over n "
                                              "elements)",
                                              "∂loss/∂z = (σ(z) − y) / n（对 n 个元素求平均）"),
    "MseLossBackward0": ("∂loss/∂a = 2(a − b) / n  (mean over n elements)",
                         "∂loss/∂a = 2(a − b) / n（对 n 个元素求平均）"),
    "NllLossBackward0": ("∂loss/∂aᵢ = −1/n at each row's target class, 0 elsewhere",
                         "∂loss/∂aᵢ = −1/n（每行的目标类别处），其余为 0"),
    "LogSoftmaxBackward0": ("grad − softmax(a)·Σ grad  (each output depends on every input)",
                            "grad − softmax(a)·Σ grad（每个输出都依赖所有输入）"),
    "SoftmaxBackward0": ("s·(grad − Σ grad·s), s = softmax(a)  (each output depends on every "
                         "input)",
                         "s·(grad − Σ grad·s)，s = softmax(a)（每个输出都依赖所有输入）"),
    "ConvolutionBackward0": ("grad_input = transposed convolution of grad with the weight,   "
                             "grad_weight = convolution of the input with grad,   "
                             "grad_bias = grad summed over batch and positions",
                             "grad_input = grad 与权重的转置卷积，  grad_weight = 输入与 grad 的"
                             "卷积，  grad_bias = grad 在批次和位置上求和"),
    "NativeBatchNormBackward0": ("batch norm: each gradient depends on the whole batch's mean "
                                 "and variance (grad_weight = Σ grad·x̂,  grad_bias = Σ grad)",
                                 "批归一化：每个梯度都依赖整个批次的均值和方差"
                                 "（grad_weight = Σ grad·x̂，  grad_bias = Σ grad）"),
    "MaxPool2DWithIndicesBackward0": ("the gradient goes to the largest element of each "
                                      "window, 0 to the others",
                                      "梯度只流向每个窗口中最大的元素，其余为 0"),
    "AdaptiveAvgPool2DBackward0": ("the gradient is shared equally by each window's elements",
                                   "梯度由每个窗口中的元素平分"),
    "AccumulateGrad": (".grad += the incoming gradient (added to what .grad already holds)",
                       ".grad += 流入的梯度（累加到 .grad 已有的值上）"),
}

CUSTOM_FORMULA = ("your own backward(ctx, grad_output) computes this node's gradient",
                  "由你自己写的 backward(ctx, grad_output) 计算本节点的梯度")


@dataclass(frozen=True)
class Rule:
    """How one node type maps the incoming ``grad`` to each input's gradient.

    ``grads`` has one Python expression per input (``None``: no rule for that input), with
    ``{g}`` for the incoming gradient and ``{name}`` for the node's ``_saved_<name>``.
    ``operands`` says which input each saved tensor is (its label is the input's name);
    ``letters`` name inputs that have no name; ``symbols`` write other saved values (the
    op's result, a count) as the learner would (``exp(a)``, ``n``)."""
    grads: tuple
    operands: dict = field(default_factory=dict)
    letters: tuple = ("a", "b")
    symbols: dict = field(default_factory=dict)
    elementwise: bool = True      # broadcast inputs get the gradient summed to their shape


_SHAPE_ONLY = Rule(("reshape({g}, {shape})",), elementwise=False)
RULES = {
    "AddBackward0": Rule(("{g}", "{g} * {alpha}")),
    "AddBackward1": Rule(("{g}",)),
    "SubBackward0": Rule(("{g}", "-{g} * {alpha}")),
    "SubBackward1": Rule(("{g}",)),
    "RsubBackward1": Rule(("-{g} * {alpha}",)),
    "MulBackward0": Rule(("{g} * {other}", "{g} * {self}"), {"self": 0, "other": 1}),
    "DivBackward0": Rule(("{g} / {other}", "-{g} * {self} / {other} ** 2"),
                         {"self": 0, "other": 1}),
    "NegBackward0": Rule(("-{g}",)),
    "PowBackward0": Rule(("{g} * {exponent} * {self} ** ({exponent} - 1)",), {"self": 0},
                         symbols={"exponent": "n"}),
    "PowBackward1": Rule(("{g} * {exponent} * {self} ** ({exponent} - 1)",
                          "{g} * {result} * log({self})"), {"self": 0, "exponent": 1},
                         symbols={"result": "{0} ** {1}"}),
    "ExpBackward0": Rule(("{g} * {result}",), symbols={"result": "exp({0})"}),
    "LogBackward0": Rule(("{g} / {self}",), {"self": 0}),
    "SqrtBackward0": Rule(("{g} / (2 * {result})",), symbols={"result": "sqrt({0})"}),
    "ReluBackward0": Rule(("{g} * ({result} > 0)",), symbols={"result": "relu({0})"}),
    "SigmoidBackward0": Rule(("{g} * {result} * (1 - {result})",),
                             symbols={"result": "sigmoid({0})"}),
    "TanhBackward0": Rule(("{g} * (1 - {result} ** 2)",), symbols={"result": "tanh({0})"}),
    "SumBackward0": Rule(("expand({g}, {shape})",), elementwise=False),
    "SumBackward1": Rule(("expand(unsqueeze({g}, {dim}), {shape})",), elementwise=False),
    "MeanBackward1": Rule(("expand(unsqueeze({g}, {dim}) / {count}, {shape})",),
                          symbols={"count": "n"}, elementwise=False),
    "LogSoftmaxBackward0": Rule(("{g} - exp({result}) * {g}.sum({dim}, keepdim=True)",),
                                symbols={"result": "log_softmax({0})"}, elementwise=False),
    "SoftmaxBackward0": Rule(("{result} * ({g} - ({g} * {result}).sum({dim}, keepdim=True))",),
                             symbols={"result": "softmax({0})"}, elementwise=False),
    "NllLossBackward0": Rule(("-{g} * one_hot({target}, {shape}) / {total_weight}",),
                             letters=("a", "target"), symbols={"total_weight": "n"},
                             elementwise=False),
    "MeanBackward0": Rule(("expand({g} / {numel}, {shape})",), symbols={"numel": "n"},
                          elementwise=False),
    "ViewBackward0": _SHAPE_ONLY, "UnsafeViewBackward0": _SHAPE_ONLY,
    "SqueezeBackward1": _SHAPE_ONLY, "SqueezeBackward4": _SHAPE_ONLY,
    "UnsqueezeBackward0": _SHAPE_ONLY,
    "CloneBackward0": Rule(("{g}",)),
    "ExpandBackward0": Rule(("sum_to({g}, {shape})",), elementwise=False),
    "PermuteBackward0": Rule(("permute_back({g}, {dims})",), elementwise=False),
    "TBackward0": Rule(("{g}.T",), letters=("A",), elementwise=False),
    "MmBackward0": Rule(("{g} @ {mat2}.T", "{self}.T @ {g}"), {"self": 0, "mat2": 1},
                        letters=("A", "B"), elementwise=False),
    "MvBackward0": Rule(("outer({g}, {vec})", "{self}.T @ {g}"), {"self": 0, "vec": 1},
                        letters=("A", "v"), elementwise=False),
    "AddmmBackward0": Rule(("sum_to({g}, {shape})", "{g} @ {mat2}.T", "{mat1}.T @ {g}"),
                           {"mat1": 1, "mat2": 2}, letters=("bias", "mat1", "mat2"),
                           elementwise=False),
    "DotBackward0": Rule(("{g} * {tensor}", "{g} * {self}"), {"self": 0, "tensor": 1}),
    "BinaryCrossEntropyWithLogitsBackward0": Rule(
        ("{g} * (sigmoid({self}) - {target}) / {numel}",), {"self": 0, "target": 1},
        letters=("z", "y"), symbols={"numel": "n"}),
    "MseLossBackward0": Rule(("{g} * 2 * ({self} - {target}) / {numel}",
                              "-{g} * 2 * ({self} - {target}) / {numel}"),
                             {"self": 0, "target": 1}, symbols={"numel": "n"}),
}

_PLACE = re.compile(r"\{(\w+)\}")


def formula(name, lang="en", custom=False):
    """The derivative of node type ``name`` in words and symbols, or ``""`` if not listed.

    Examples
    --------
    >>> formula("MulBackward0")
    '∂(a·b)/∂a = b,   ∂(a·b)/∂b = a'
    >>> formula("AccumulateGrad", "zh")[:8]
    '.grad +='
    """
    entry = FORMULAS.get(name)
    if entry is None:
        entry = CUSTOM_FORMULA if custom else ""
    if isinstance(entry, tuple):
        return entry[1] if lang == "zh" else entry[0]
    return entry


def base_name(name):
    """``AddmmBackward0`` -> ``Addmm``; ``TBackward0`` -> ``T``."""
    return re.sub(r"Backward\d*$", "", name)


# Ops where every input element feeds one output element, or a reduction/reshape: there the
# product of the node's backward with ones is ∂out/∂in element by element. Matched on the
# whole op name: a prefix test once counted Addmm as Add.
_ELEMENTWISE = {"Add", "Sub", "Rsub", "Mul", "Div", "Neg", "Pow", "Exp", "Log", "Sqrt",
                "Rsqrt", "Relu", "Sigmoid", "Tanh", "Sin", "Cos", "Tan", "Abs", "Clamp",
                "ClampMin", "ClampMax", "Reciprocal", "Clone", "ToCopy", "Where", "MaskedFill",
                "Maximum", "Minimum", "Squeeze", "Unsqueeze", "View", "Reshape", "UnsafeView",
                "Permute", "Transpose", "T", "Expand", "Select", "Slice", "Index", "Sum", "Mean",
                "Lerp", "Square", "Expm1", "Log1p", "Log2", "Log10", "Floor", "Ceil", "Round",
                "Sign", "Trunc", "Alias", "LeakyRelu", "Elu", "Gelu", "Silu", "Softplus"}


def is_exact(name, output_numel):
    """Whether a VJP with ones gives the local derivative itself for this node."""
    if output_numel == 1:
        return True
    return base_name(name) in _ELEMENTWISE


SMALL_OUTPUT = 4096


def worth_computing(name, grad_outputs):
    """Run a node's backward a second time only where it is cheap (elementwise ops and
    reductions cost what the step itself costs) or the output is small; a convolution's
    VJP with ones would double a big step and explain little."""
    numel = max((int(g.numel()) for g in grad_outputs if g is not None), default=0)
    return is_exact(name, numel) or numel <= SMALL_OUTPUT


def local_derivative(node, grad_outputs):
    """The node's own backward applied to ones shaped like ``grad_outputs`` (one result per
    input, ``None`` where there is none). Call it before the node runs: saved tensors are
    freed after. Returns ``None`` if the node cannot be run again (a lesson's own Function
    that prints, or one with no saved tensors left)."""
    from .. import _creation
    try:
        ones = [None if g is None else _creation.ones_like(g) for g in grad_outputs]
        return tuple(node._run(ones))
    except Exception:       # the panel shows the step without it; the real pass continues
        return None


# -- substituted numbers ---------------------------------------------------------------------

def _value_text(v):
    """A saved value as it appears in a substituted line, or ``None`` when too big."""
    if v is None:
        return None
    if hasattr(v, "shape") and hasattr(v, "dtype"):
        if int(v.numel()) > SUBSTITUTE_MAX:
            return None
        return _values.summarize(v).text
    if isinstance(v, (bool, int, float)):
        return _values.fmt(v)
    if isinstance(v, (tuple, list)) and all(isinstance(x, int) for x in v):
        return str(tuple(v))                          # dims, as Python writes them
    return None


def capture(node, grad_outputs):
    """What a node's rule needs, read before the node runs (backward frees saved tensors):
    ``{"g": text, "<saved name>": text or None}``; ``None`` for a node without a rule."""
    rule = RULES.get(node.name())
    if rule is None:
        return None
    g = grad_outputs[0] if grad_outputs else None
    values = {"g": _value_text(g)}
    shapes = {"g": _shape(g)}
    for expr in rule.grads:
        for key in _PLACE.findall(expr or ""):
            if key in values:
                continue
            if key in _COMPUTED:
                values[key] = _COMPUTED[key](node, g)
                continue
            try:
                saved = getattr(node, "_saved_" + key)
            except (AttributeError, RuntimeError):
                saved = None
            values[key], shapes[key] = _value_text(saved), _shape(saved)
    if any("unsqueeze" in (e or "") for e in rule.grads):
        values["keepdim"] = _value_text(_saved(node, "keepdim"))
    values["shapes"] = shapes
    return values


def _shape(v):
    return tuple(v.shape) if hasattr(v, "shape") else ()


def _saved(node, key):
    try:
        return getattr(node, "_saved_" + key)
    except (AttributeError, RuntimeError):
        return None


def _numel_text(node, _g):
    """n of a mean: the elements averaged (1 for a loss with reduction="sum" or "none")."""
    numel = _saved(node, "self_sym_numel")
    if numel is not None:
        return str(int(numel))
    v = _saved(node, "self")
    if v is None:
        return None
    if _saved(node, "reduction") in (0, 2, "none", "sum"):
        return "1"
    return str(int(v.numel()))


def _count_text(node, g):
    """n of a mean over some dimensions: input elements per output element."""
    sizes = _saved(node, "self_sym_sizes")
    if sizes is None or g is None:
        return None
    total = 1
    for n in sizes:
        total *= int(n)
    return _values.fmt(total // max(1, int(g.numel())))


def _nll_total(node, _g):
    """n of nll_loss: the total weight of the targets (None with class weights: the line
    would need them too, so no numbers are written)."""
    if _saved(node, "weight") is not None:
        return None
    if _saved(node, "reduction") in (0, 2, "none", "sum"):
        return "1"
    return _value_text(_saved(node, "total_weight"))


_COMPUTED = {"numel": _numel_text, "count": _count_text, "total_weight": _nll_total}


def _broadcast(expr, captured):
    """The shape an element-wise expression has before any summing (None if unknown)."""
    shapes = captured.get("shapes", {})
    try:
        return tuple(np.broadcast_shapes(*(shapes.get(k, ()) for k in _PLACE.findall(expr))))
    except ValueError:
        return None


def chain_lines(name, captured, labels, results):
    """One line per input: ``grad_a = grad * b = 1 * 3 = 3``.

    Parameters
    ----------
    name : str
        The node type (``MulBackward0``).
    captured : dict
        What :func:`capture` read before the node ran.
    labels : list of str or None
        The name of each input (the tensor its gradient ends up in), ``None`` if unnamed.
    results : list
        The gradient the engine produced for each input (``None`` where none).

    Returns a list of dicts ``{"input", "to", "symbolic", "numbers", "value", "text"}``;
    ``numbers`` is ``""`` when an operand is too big to write out.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> a = torch.tensor(2.0, requires_grad=True); b = torch.tensor(3.0, requires_grad=True)
    >>> c = a * b
    >>> seen = capture(c.grad_fn, [torch.tensor(1.0)])
    >>> chain_lines("MulBackward0", seen, ["a", "b"], [b, a])[0]["text"]
    'MulBackward0: grad_a = grad * b = 1 * 3 = 3'
    """
    rule = RULES.get(name)
    if rule is None or captured is None:
        return []
    letters = list(rule.letters) + [f"x{i}" for i in range(len(rule.letters), 8)]
    names = [labels[i] if i < len(labels) and labels[i] else letters[i]
             for i in range(max(len(rule.grads), len(labels)))]
    symbols = {"g": "grad"}
    for key, index in rule.operands.items():
        symbols[key] = names[index] if index < len(names) else key
    for key, pattern in rule.symbols.items():
        symbols[key] = pattern.format(*names)
    out = []
    for i, expr in enumerate(rule.grads):
        if expr is None or i >= len(results) or results[i] is None:
            continue
        if captured.get("alpha") == "1":               # a + b, not a + 1 * b
            expr = expr.replace(" * {alpha}", "")
        if captured.get("keepdim") == "True":          # no dimension to put back
            expr = expr.replace("unsqueeze({g}, {dim})", "{g}")
        shape = tuple(results[i].shape)
        if rule.elementwise and _broadcast(expr, captured) not in (None, shape):
            expr = f"sum_to({expr}, {{shape}})"       # a broadcast input: summed back
        values = dict(captured, shape=str(shape))
        symbols["shape"] = f"{names[i]}.shape"
        symbolic = _PLACE.sub(lambda m: symbols.get(m.group(1), m.group(1)), expr)
        value = _values.summarize(results[i]).text
        numbers = ""
        if all(values.get(k) is not None for k in _PLACE.findall(expr)):
            numbers = _PLACE.sub(lambda m: values[m.group(1)], expr)
        target = names[i]
        text = f"{name}: grad_{target} = {symbolic}"
        if numbers and numbers != value:
            text += f" = {numbers}"
        text += f" = {value}"
        out.append({"input": i, "to": target, "symbolic": f"grad_{target} = {symbolic}",
                    "numbers": numbers, "value": value, "text": text})
    return out
