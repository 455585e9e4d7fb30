"""``out=`` on the ops tutorials call with it (``torch.mul(t, t, out=z)``,
``torch.matmul(t, t.T, out=y)``): the result written into ``out``, returned as ``out`` itself,
resized with torch's warning, refused as torch refuses it."""
import pytest

from autograd_helpers import check, warning_texts

A = [[1.0, 2.0], [3.0, 4.0]]
B = [[0.5, -1.0], [2.0, 0.25]]

CASES = {
    "mul": lambda t: t.mul(t.tensor(A), t.tensor(B), out=t.zeros(2, 2)),
    "mul_number": lambda t: t.mul(t.tensor(A), 3, out=t.empty(0)),
    "add_alpha": lambda t: t.add(t.tensor(A), t.tensor(B), alpha=2, out=t.zeros(2, 2)),
    "sub": lambda t: t.sub(t.tensor(A), t.tensor(B), out=t.zeros(2, 2)),
    "div_floor": lambda t: t.div(t.tensor(A), t.tensor(B), rounding_mode="floor",
                                 out=t.zeros(2, 2)),
    "matmul": lambda t: t.matmul(t.tensor(A), t.tensor(B).T, out=t.empty(0)),
    "matmul_long": lambda t: t.matmul(t.tensor([[1, 2]]), t.tensor([[3], [4]]),
                                      out=t.zeros(1, 1, dtype=t.long)),
    "into_double": lambda t: t.mul(t.tensor(A), t.tensor(B), out=t.zeros(2, 2,
                                                                         dtype=t.float64)),
    "float_into_long": lambda t: t.mul(t.tensor(A), t.tensor(B),
                                       out=t.zeros(2, 2, dtype=t.long)),
    "matmul_wrong_dtype": lambda t: t.matmul(t.tensor(A), t.tensor(B),
                                             out=t.zeros(2, 2, dtype=t.long)),
    "requires_grad": lambda t: t.mul(t.tensor(A, requires_grad=True), 2, out=t.zeros(2, 2)),
    "matmul_requires_grad": lambda t: t.matmul(t.tensor(A, requires_grad=True), t.tensor(B),
                                               out=t.zeros(2, 2)),
    "no_grad_allows": lambda t: _no_grad_mul(t),
}


def _no_grad_mul(t):
    with t.no_grad():
        return t.mul(t.tensor(A, requires_grad=True), 2, out=t.zeros(2, 2))


@pytest.mark.parametrize("key", sorted(CASES))
def test_out(oracle, key):
    check(oracle, key, CASES[key])


def test_out_is_the_same_tensor_and_counts_a_write(oracle):
    def run(t):
        out = t.zeros(2, 2)
        before = out._version
        result = t.mul(t.tensor(A), t.tensor(B), out=out)
        return [result is out, out._version - before, out]

    check(oracle, "identity", run)


def test_resizing_a_nonempty_out_warns(oracle):
    def run(t):
        out = t.zeros(3, 3)
        texts = warning_texts(lambda: t.add(t.tensor(A), t.tensor(B), out=out))
        return [texts, out.shape]

    check(oracle, "resize", run)
