"""The errors a learner meets, compared with torch's exception class AND message."""
import pytest

import autograd_lab as al
from autograd_helpers import check
from oracle import assert_error_matches


def _backward_twice(T):
    x = T.tensor([1., 2.], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def _saved_then_modified(T):
    x = T.tensor([1., 2.], requires_grad=True)
    y = x * 2
    z = y * y
    y.add_(1)
    z.sum().backward()


def _saved_result_modified(T):
    x = T.tensor([1., 2.], requires_grad=True)
    y = x.exp()
    y.mul_(2)
    y.sum().backward()


def _leaf_saved_then_modified(T):
    x = T.tensor([1., 2.], requires_grad=True)
    z = x * x
    x.detach().add_(1)
    z.sum().backward()


def _unused_input(T):
    x = T.tensor([1., 2.], requires_grad=True)
    z = T.tensor([3., 4.], requires_grad=True)
    T.autograd.grad((x * 2).sum(), [x, z])


def _retain_grad_without_grad(T):
    T.tensor([1., 2.]).retain_grad()


def _materialize_without_allow_unused(T):
    x = T.tensor([1., 2.], requires_grad=True)
    T.autograd.grad((x * 2).sum(), [x], allow_unused=False, materialize_grads=True)


def _saved_tensors_after_backward(T):
    x = T.tensor([1., 2.], requires_grad=True)
    y = x * x
    y.sum().backward()
    return y.grad_fn._saved_self


ERRORS = {
    # autograd
    "backward_twice": _backward_twice,
    "saved_after_free": _saved_tensors_after_backward,
    "implicit_non_scalar": lambda T: (T.ones(2, requires_grad=True) * 2).backward(),
    "implicit_non_scalar_grad": lambda T: T.autograd.grad(T.ones(2, requires_grad=True) * 2,
                                                          T.ones(1, requires_grad=True)),
    "no_grad_fn": lambda T: T.ones(2).sum().backward(),
    "int_no_grad_fn": lambda T: T.ones(2, dtype=T.int64).sum().backward(),
    "gradient_wrong_shape": lambda T: (T.ones(2, requires_grad=True) * 2).backward(T.ones(3)),
    "grad_outputs_wrong_shape": lambda T: (lambda x: T.autograd.grad(x * 2, x, T.ones(3)))(
        T.ones(2, requires_grad=True)),
    "gradient_not_a_tensor": lambda T: (T.ones(2, requires_grad=True) * 2).backward([1., 1.]),
    "fewer_gradients": lambda T: (lambda x: T.autograd.backward(
        [(x * 2).sum(), (x * 3).sum()], [T.tensor(1.)]))(T.ones(2, requires_grad=True)),
    "unused_input": _unused_input,
    "grad_input_without_grad": lambda T: T.autograd.grad(
        T.ones(2, requires_grad=True).sum(), T.ones(2)),
    "grad_no_inputs": lambda T: T.autograd.grad(T.ones(2, requires_grad=True).sum(), []),
    "backward_empty_inputs": lambda T: (T.ones(2, requires_grad=True) * 2).sum().backward(
        inputs=[]),
    "backward_input_without_grad": lambda T: (T.ones(2, requires_grad=True) * 2).sum()
    .backward(inputs=[T.ones(2)]),
    "materialize_without_allow_unused": _materialize_without_allow_unused,
    "retain_grad_without_grad": _retain_grad_without_grad,
    # requires_grad
    "requires_grad_int_tensor": lambda T: T.tensor([1, 2], requires_grad=True),
    "requires_grad_int_zeros": lambda T: T.zeros(2, dtype=T.int32, requires_grad=True),
    "requires_grad_int_arange": lambda T: T.arange(3, requires_grad=True),
    "requires_grad_int_method": lambda T: T.ones(2, dtype=T.int64).requires_grad_(),
    "requires_grad_non_leaf": lambda T: setattr(T.ones(2, requires_grad=True) * 2,
                                                "requires_grad", False),
    "requires_grad_non_leaf_method": lambda T: (T.ones(2, requires_grad=True) * 2)
    .requires_grad_(False),
    "grad_wrong_size": lambda T: setattr(T.ones(2, requires_grad=True), "grad", T.ones(3)),
    "grad_wrong_dtype": lambda T: setattr(T.ones(2, requires_grad=True), "grad",
                                          T.ones(2, dtype=T.float64)),
    "grad_not_a_tensor": lambda T: setattr(T.ones(2, requires_grad=True), "grad", 3),
    # in-place
    "inplace_leaf": lambda T: T.ones(2, requires_grad=True).add_(1),
    "inplace_leaf_iadd": lambda T: T.ones(2, requires_grad=True).__iadd__(1),
    "inplace_leaf_setitem": lambda T: T.ones(2, requires_grad=True).__setitem__(0, 5.),
    "inplace_leaf_view": lambda T: T.ones(2, requires_grad=True)[0].add_(1),
    "saved_modified": _saved_then_modified,
    "saved_result_modified": _saved_result_modified,
    "leaf_saved_modified": _leaf_saved_then_modified,
    "inplace_int_by_float": lambda T: T.ones(2, dtype=T.int64).add_(1.5),
    "inplace_broadcast": lambda T: T.ones(2).add_(T.ones(2, 2)),
    "copy_wrong_size": lambda T: T.zeros(2).copy_(T.ones(3)),
    "copy_not_a_tensor": lambda T: T.ones(2).copy_([1, 2]),
    "fill_not_zero_dim": lambda T: T.zeros(2).fill_(T.ones(2)),
    "detach_view_in_place": lambda T: T.ones(2, 3)[0].detach_(),
    # shapes
    "mm_shapes": lambda T: T.ones(2, 3).mm(T.ones(2, 3)),
    "matmul_shapes": lambda T: T.ones(2, 3).matmul(T.ones(2, 3)),
    "matmul_vectors": lambda T: T.ones(3).matmul(T.ones(2)),
    "matmul_matrix_vector": lambda T: T.ones(2, 3) @ T.ones(2),
    "view_invalid": lambda T: T.ones(2, 3).view(4),
    "view_two_inferred": lambda T: T.ones(2, 3).view(-1, -1),
    "broadcast_add": lambda T: T.ones(2, 3) + T.ones(4),
    "broadcast_mul": lambda T: T.ones(2, 3, requires_grad=True) * T.ones(2, 1, 5),
    # conversions
    "numpy_requires_grad": lambda T: T.ones(2, requires_grad=True).numpy(),
    "item_many": lambda T: T.ones(2).item(),
    "bool_many": lambda T: bool(T.ones(2)),
    "index_float": lambda T: [1, 2][T.tensor(1.)],
    "len_zero_dim": lambda T: len(T.tensor(1.)),
    "iter_zero_dim": lambda T: iter(T.tensor(1.)),
    # creation
    "ragged": lambda T: T.tensor([[1, 2], [3]]),
    "ragged_deeper": lambda T: T.tensor([[[1, 2], [3, 4]], [[5, 6], [7]]]),
    "from_numpy_list": lambda T: T.from_numpy([1, 2]),
    "arange_zero_step": lambda T: T.arange(0, 10, 0),
    "arange_wrong_sign": lambda T: T.arange(10, 0, 1),
    # devices
    "unknown_device": lambda T: T.ones(2, device="cdua"),
    "unknown_device_type": lambda T: T.device("gpu"),
    "device_bad_index": lambda T: T.device("cpu:x"),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_matches_torch(oracle, name):
    expected = oracle(name, ERRORS[name])
    assert isinstance(expected, dict) and "__error__" in expected, \
        f"torch raised nothing for {name}: the case tests nothing"
    assert_error_matches(expected, lambda: ERRORS[name](al))


def test_cat_size_mismatch(oracle):
    check(oracle, "cat", lambda T: T.cat([T.ones(2, 3), T.ones(2, 4)]))
    check(oracle, "cat_dim1", lambda T: T.cat([T.ones(2, 3), T.ones(3, 3)], dim=1))
    check(oracle, "cat_ndim", lambda T: T.cat([T.ones(2, 3), T.ones(3)]))
