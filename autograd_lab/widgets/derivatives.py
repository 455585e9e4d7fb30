"""The local derivative a backward node applies, for the Lab's step-through view.

The numbers come from the node itself: before a node runs, the Lab calls its own backward
with a gradient of ones (a vector-Jacobian product), so nothing here re-implements a
derivative. For ops where each input element feeds a single output element (elementwise
ops, reductions, reshapes) or whose output is a single number, that product *is* the local
derivative ∂out/∂in element by element; for the others (matrix products) it is labelled as
what it is. The formulas below are only the text written next to those numbers.
"""

FORMULAS = {
    "AddBackward0": "∂(a+b)/∂a = 1,   ∂(a+b)/∂b = 1",
    "AddBackward1": "∂(a+c)/∂a = 1",
    "SubBackward0": "∂(a−b)/∂a = 1,   ∂(a−b)/∂b = −1",
    "SubBackward1": "∂(a−c)/∂a = 1",
    "RsubBackward0": "∂(b−a)/∂a = −1,   ∂(b−a)/∂b = 1",
    "RsubBackward1": "∂(c−a)/∂a = −1",
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
    "ReluBackward0": "∂relu(a)/∂a = 1 where a > 0, else 0",
    "SigmoidBackward0": "∂σ(a)/∂a = σ(a)·(1 − σ(a))",
    "TanhBackward0": "∂tanh(a)/∂a = 1 − tanh²(a)",
    "SumBackward0": "∂(Σ aᵢ)/∂aᵢ = 1",
    "SumBackward1": "∂(Σ aᵢ)/∂aᵢ = 1",
    "MeanBackward0": "∂(mean a)/∂aᵢ = 1/n",
    "MeanBackward1": "∂(mean a)/∂aᵢ = 1/n",
    "DotBackward0": "∂(a·b)/∂a = b,   ∂(a·b)/∂b = a",
    "MmBackward0": "grad_A = grad · Bᵀ,   grad_B = Aᵀ · grad",
    "MvBackward0": "grad_A = grad ⊗ v,   grad_v = Aᵀ · grad",
    "AddmmBackward0": "grad_bias = grad,   grad_mat1 = grad · mat2ᵀ,   grad_mat2 = mat1ᵀ · grad",
    "BinaryCrossEntropyWithLogitsBackward0": "∂loss/∂z = (σ(z) − y) / n",
    "MseLossBackward0": "∂loss/∂a = 2(a − b) / n",
    "AccumulateGrad": ".grad += incoming gradient",
}

# Ops where every input element feeds one output element: ∂out/∂in is a plain number per
# element, which a vector-Jacobian product with ones returns exactly.
_ELEMENTWISE = ("Add", "Sub", "Rsub", "Mul", "Div", "Neg", "Pow", "Exp", "Log", "Sqrt",
                "Rsqrt", "Relu", "Sigmoid", "Tanh", "Sin", "Cos", "Tan", "Abs", "Clamp",
                "Reciprocal", "Clone", "ToCopy", "Where", "MaskedFill", "Maximum",
                "Minimum", "Squeeze", "Unsqueeze", "View", "Reshape", "UnsafeView", "Permute",
                "Transpose", "TBackward", "Expand", "Select", "Slice", "Index", "Sum", "Mean",
                "Lerp", "Square", "Expm1", "Log1p", "Log2", "Log10", "Floor", "Ceil", "Round",
                "Sign", "Trunc", "Alias")


def formula(name):
    """The derivative written as a formula, or ``""`` for ops not listed."""
    return FORMULAS.get(name, "")


def is_exact(name, output_numel):
    """Whether a VJP with ones gives the local derivative itself for this node."""
    if output_numel == 1:
        return True
    return any(name.startswith(p) for p in _ELEMENTWISE)


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
