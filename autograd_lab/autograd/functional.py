"""``autograd_lab.autograd.functional``: Jacobians, Hessians and their products with a vector.

Every function here takes a Python function ``func`` and the point ``inputs`` and is built
from :func:`autograd_lab.autograd.grad` alone, line for line as PyTorch's
``torch/autograd/functional.py`` builds them from ``torch.autograd.grad``:

* :func:`vjp` ``v^T J``: one backward pass from the outputs, with ``v`` as grad_outputs;
* :func:`jvp` ``J v``: the "double backward trick". The backward pass is linear in its
  grad_outputs ``u``, so ``g(u) = u^T J`` is a function of ``u`` whose own vjp with ``v``
  is ``J v``. It needs two backward passes, the first one with ``create_graph=True``;
* :func:`jacobian`: one backward pass per output element (one row of ``J`` each);
* :func:`hessian`: the jacobian of the jacobian;
* :func:`vhp` ``v^T H`` and :func:`hvp` ``H v`` (double backward trick again).

Results have the structure of what they are derived from: a Tensor where the user gave a
Tensor, a tuple where the user gave a tuple (PyTorch's ``_as_tuple`` /
``_tuple_postprocess``). With ``create_graph=False`` they are detached; with
``create_graph=True`` they keep the graph of the backward passes, so they can be
differentiated again.

There is no ``vmap`` in autograd_lab, so ``vectorize=True`` and ``strategy="forward-mode"``
(which PyTorch runs under ``vmap``) raise ``NotImplementedError``.
"""
# The package's public names, looked up when a function runs (this module is imported while
# the package is still loading), under the name PyTorch's file uses: the two files can be
# read side by side.
import autograd_lab as torch

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]

_NO_VMAP = ("autograd_lab has no vmap, so {} is not implemented: use the default "
            "vectorize=False, strategy=\"reverse-mode\" (same values, one backward pass per "
            "output element)")


# ------------------------------------------------------------------------------ helpers
def _as_tuple(inp, arg_name, fn_name):
    """``(was_it_a_tuple, inp as a tuple of Tensors)``, checking that every entry is a Tensor."""
    is_inp_tuple = isinstance(inp, tuple)
    if not is_inp_tuple:
        inp = (inp,)
    for i, el in enumerate(inp):
        if not isinstance(el, torch.Tensor):
            what = f"value at index {i}" if is_inp_tuple else f"given {arg_name}"
            raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a "
                            f"tuple of Tensors but the {what} has type {type(el)}.")
    return is_inp_tuple, inp


def _tuple_postprocess(res, to_unpack):
    """Undo :func:`_as_tuple`: ``to_unpack`` is one flag, or (outputs flag, inputs flag) for
    the nested results of jacobian and hessian."""
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            res = tuple(el[0] for el in res)
        if not to_unpack[0]:
            res = res[0]
    elif not to_unpack:
        res = res[0]
    return res


def _grad_preprocess(inputs, create_graph, need_graph):
    """New tensor objects for the inputs, so that ``grad`` sees the tensors ``func`` was
    called with, and not the user's tensors which ``func`` may also capture (pytorch#32576).
    With ``create_graph`` a differentiable shallow copy (``view_as``) keeps the link to the
    user's tensors; otherwise a detached copy that requires grad iff ``need_graph``."""
    res = []
    for inp in inputs:
        if create_graph and inp.requires_grad:
            res.append(inp.view_as(inp))
        else:
            res.append(inp.detach().requires_grad_(need_graph))
    return tuple(res)


def _grad_postprocess(inputs, create_graph):
    """Detach the results unless the user asked for their graph (works on nested tuples)."""
    if isinstance(inputs[0], torch.Tensor):
        return inputs if create_graph else tuple(inp.detach() for inp in inputs)
    return tuple(_grad_postprocess(inp, create_graph) for inp in inputs)


def _validate_v(v, other, is_other_tuple):
    """``v`` must have one tensor per entry of ``other``, each of the same size."""
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(other)} but "
                               f"got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for idx, (el_v, el_other) in enumerate(zip(v, other)):
        if el_v.size() != el_other.size():
            prepend = f"Entry {idx} in " if is_other_tuple else ""
            raise RuntimeError(f"{prepend}v has invalid size: should be {el_other.size()} but "
                               f"got {el_v.size()}.")


_NOT_DIFFERENTIABLE = {
    "hessian": "The hessian of the user-provided function with respect to input {i} is "
               "independent of the input. This is not allowed in strict mode. You should "
               "ensure that your function is thrice differentiable and that the hessian "
               "depends on the inputs.",
    "jacobian": "While computing the hessian, found that the jacobian of the user-provided "
                "function with respect to input {i} is independent of the input. This is not "
                "allowed in strict mode. You should ensure that your function is twice "
                "differentiable and that the jacobian depends on the inputs (this would be "
                "violated by a linear function for example).",
    "grad_inputs": "The gradient with respect to input {i} is independent of the inputs of "
                   "the user-provided function. This is not allowed in strict mode.",
    "outputs": "Output {i} of the user-provided function does not require gradients. The "
               "outputs must be computed in a differentiable manner from the input when "
               "running in strict mode.",
}


def _check_requires_grad(inputs, input_type, strict):
    """In strict mode, every tensor in ``inputs`` must exist and require grad."""
    if not strict:
        return
    for i, inp in enumerate(inputs):
        if inp is None:          # only a gradient can be None
            raise RuntimeError(f"The output of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode.")
        if not inp.requires_grad:
            raise RuntimeError(_NOT_DIFFERENTIABLE[input_type].format(i=i))


def _autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False,
                   retain_graph=None):
    """:func:`autograd.grad` over the outputs that require grad, skipping the others (or
    ``None`` for every input when none does); unused inputs give ``None``."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(out, g) for out, g in zip(outputs, grad_outputs)
             if out is not None and out.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    return torch.autograd.grad([out for out, _ in pairs], inputs, [g for _, g in pairs],
                               allow_unused=True, create_graph=create_graph,
                               retain_graph=retain_graph)


_MISSING = {
    "back": "The output of the user-provided function is independent of input {i}. This is "
            "not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                         "prevents from using the double backward trick to replace forward "
                         "mode AD.",
}


def _fill_in_zeros(grads, refs, strict, create_graph, stage):
    """Zeros shaped like ``refs[i]`` where ``grads[i]`` is None (the mathematically right
    answer for an unused input), or, in strict mode, an error naming the ``stage``."""
    res = ()
    for i, grads_i in enumerate(grads):
        if grads_i is None:
            if strict:
                raise RuntimeError(_MISSING[stage].format(i=i))
            grads_i = torch.zeros_like(refs[i])
        elif strict and create_graph and not grads_i.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode when "
                               "create_graph=True.")
        res += (grads_i,)
    return res


def _preprocess_v(v, reference, is_reference_tuple, create_graph, fn_name, none_message):
    """``v`` as a checked tuple shaped like ``reference``; ``None`` only when ``reference``
    is one single-element tensor (then the engine starts from 1)."""
    if v is not None:
        _, v = _as_tuple(v, "v", fn_name)
        v = _grad_preprocess(v, create_graph=create_graph, need_graph=False)
        _validate_v(v, reference, is_reference_tuple)
    elif len(reference) != 1 or reference[0].nelement() != 1:
        raise RuntimeError(none_message)
    return v


_V_NONE_INPUT = ("The vector v can only be None if the input to the user-provided function "
                 "is a single Tensor with a single element.")


def _scalar_output(outputs, is_outputs_tuple, fn_name):
    if is_outputs_tuple or not isinstance(outputs[0], torch.Tensor):
        raise RuntimeError(f"The function given to {fn_name} should return a single Tensor")
    if outputs[0].nelement() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {fn_name} should "
                           "contain a single element")


# ---------------------------------------------------------------------------- public API
def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """The vector-Jacobian product ``v^T J`` of ``func`` at ``inputs``, and ``func(inputs)``.

    ``v`` has the shape of the output(s); it may be omitted when ``func`` returns a single
    one-element tensor. ``strict=True`` raises where an input does not influence the
    outputs, instead of returning zeros for it.

    Returns ``(func_output, vjp)``; ``vjp`` has the structure and shapes of ``inputs``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.autograd.functional import vjp
    >>> x = torch.tensor([[1., 2.], [3., 4.]])
    >>> vjp(lambda x: (x * x).sum(dim=1), x, torch.tensor([1., 10.]))
    (tensor([ 5., 25.]), tensor([[ 2.,  4.],
            [60., 80.]]))
    """
    with torch.enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "vjp")
        _check_requires_grad(outputs, "outputs", strict=strict)
        v = _preprocess_v(v, outputs, is_outputs_tuple, create_graph, "vjp",
                          "The vector v can only be None if the user-provided function "
                          "returns a single Tensor with a single element.")

    with torch.set_grad_enabled(True if create_graph else torch.is_grad_enabled()):
        grad_res = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "back")

    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(result, is_inputs_tuple))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """The Jacobian-vector product ``J v`` of ``func`` at ``inputs``, and ``func(inputs)``.

    Computed with the double backward trick (see the module docstring): ``u -> u^T J`` is
    built with ``create_graph=True`` from a zero ``u`` (the backward pass is linear in
    ``u``, so its value does not matter), then differentiated with respect to ``u``.
    ``v`` has the shape of the input(s); it may be omitted for one single-element input.

    Returns ``(func_output, jvp)``; ``jvp`` has the structure and shapes of the outputs.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.autograd.functional import jvp
    >>> x = torch.tensor([[1., 2.], [3., 4.]])
    >>> jvp(lambda x: (x * x).sum(dim=1), x, torch.ones(2, 2))
    (tensor([ 5., 25.]), tensor([ 6., 14.]))
    """
    with torch.enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _preprocess_v(v, inputs, is_inputs_tuple, create_graph, "jvp",
                          "The vector v can only be None if the input to the user-provided "
                          "function is a single Tensor with a single element.")
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "jvp")
        _check_requires_grad(outputs, "outputs", strict=strict)
        # u: any value without inf/nan would do, as it does not appear in the second graph
        grad_outputs = tuple(torch.zeros_like(out, requires_grad=True) for out in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, grad_outputs, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict=strict)

    with torch.set_grad_enabled(True if create_graph else torch.is_grad_enabled()):
        grad_res = _autograd_grad(grad_inputs, grad_outputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, outputs, strict, create_graph, "back_trick")

    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(result, is_outputs_tuple))


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``: ``J[i][j]`` has shape
    ``outputs[i].shape + inputs[j].shape`` (a single Tensor for one input and one output, a
    tuple when either is a tuple, a tuple of tuples when both are).

    Row by row: one :func:`autograd.grad` call per element of each output, stacked.
    ``vectorize=True`` and ``strategy="forward-mode"`` need ``vmap``, which autograd_lab
    does not have: they raise ``NotImplementedError`` (after the argument checks PyTorch
    makes first).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.autograd.functional import jacobian
    >>> jacobian(lambda x: x ** 2, torch.tensor([1., 2.]))
    tensor([[2., 0.],
            [0., 4.]])
    >>> jacobian(lambda x, y: x * y, (torch.tensor([1., 2.]), torch.tensor([3., 4.])))
    (tensor([[3., 0.],
            [0., 4.]]), tensor([[1., 0.],
            [0., 2.]]))
    """
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode". '
                             'Hint: If your function has more outputs than inputs, '
                             '"forward-mode" tends to be more performant. Otherwise, prefer '
                             'to use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError("torch.autograd.functional.jacobian: `create_graph=True` "
                                      'and `strategy="forward-mode"` are not supported together '
                                      '(yet). Please either set `create_graph=False` or '
                                      '`strategy="reverse-mode"`.')
        if strict:
            raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                               '`strategy="forward-mode"` are not supported together (yet). '
                               'Please either set `strict=False` or `strategy="reverse-mode"`.')
        _as_tuple(inputs, "inputs", "jacobian")
        if not vectorize:    # PyTorch's message, its missing space included
            raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-"
                                      "reverse Hessian isonly implemented for `vectorize=True`.")
        raise NotImplementedError(_NO_VMAP.format('strategy="forward-mode"'))

    with torch.enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "jacobian")
        _check_requires_grad(outputs, "outputs", strict=strict)
        if vectorize:
            if strict:
                raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                                   "`vectorized=True` are not supported together. Please "
                                   "either set `strict=False` or `vectorize=False`.")
            raise NotImplementedError(_NO_VMAP.format("vectorize=True"))

        jac = ()
        for i, out in enumerate(outputs):
            jac_i = tuple([] for _ in inputs)      # jac_i[k]: the rows d out[j] / d inputs[k]
            for j in range(out.nelement()):
                vj = _autograd_grad((out.reshape(-1)[j],), inputs, retain_graph=True,
                                    create_graph=create_graph)
                for k, (jac_i_k, vj_k, inp_k) in enumerate(zip(jac_i, vj, inputs)):
                    if vj_k is not None:
                        if strict and create_graph and not vj_k.requires_grad:
                            # (PyTorch's message names the output index here)
                            raise RuntimeError("The jacobian of the user-provided function is "
                                               f"independent of input {i}. This is not allowed "
                                               "in strict mode when create_graph=True.")
                        jac_i_k.append(vj_k)
                    else:
                        if strict:
                            raise RuntimeError(f"Output {i} of the user-provided function is "
                                               f"independent of input {k}. This is not allowed "
                                               "in strict mode.")
                        jac_i_k.append(torch.zeros_like(inp_k))
            jac += (tuple(torch.stack(jac_i_k, dim=0).view(out.size() + inputs[k].size())
                          for k, jac_i_k in enumerate(jac_i)),)

        jac = _grad_postprocess(jac, create_graph)
        return _tuple_postprocess(jac, (is_outputs_tuple, is_inputs_tuple))


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: the :func:`jacobian` of its jacobian (computed with
    ``create_graph=True`` so that it can be differentiated). ``H[i][j]`` has shape
    ``inputs[i].shape + inputs[j].shape``; a single Tensor for a single input.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.autograd.functional import hessian
    >>> hessian(lambda x: (x ** 3).sum(), torch.tensor([1., 2.]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def ensure_single_output_function(*inp):
        out = func(*inp)
        is_out_tuple, t_out = _as_tuple(out, "outputs of the user-provided function", "hessian")
        _check_requires_grad(t_out, "outputs", strict=strict)
        _scalar_output((out,), is_out_tuple, "hessian")
        return out.squeeze()

    def jac_func(*inp):
        if outer_jacobian_strategy == "forward-mode":
            inp = tuple(t.requires_grad_(True) for t in inp)
        jac = jacobian(ensure_single_output_function, inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict=strict)
        return jac

    res = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict,
                   vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _tuple_postprocess(res, (is_inputs_tuple, is_inputs_tuple))


def _scalar_function_and_gradient(func, inputs, v, create_graph, strict, fn_name):
    """The common start of :func:`vhp` and :func:`hvp`: checked inputs and ``v``, the
    scalar output, and its gradient built with ``create_graph=True``."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", fn_name)
    inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
    v = _preprocess_v(v, inputs, is_inputs_tuple, create_graph, fn_name, _V_NONE_INPUT)
    outputs = func(*inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                          fn_name)
    _check_requires_grad(outputs, "outputs", strict=strict)
    _scalar_output(outputs, is_outputs_tuple, fn_name)
    jac = _autograd_grad(outputs, inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict=strict)
    return is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """The vector-Hessian product ``v^T H`` of a scalar function, and ``func(inputs)``:
    the vjp (with ``v``) of the gradient built with ``create_graph=True``.

    Returns ``(func_output, vhp)``; ``vhp`` has the structure and shapes of ``inputs``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.autograd.functional import vhp
    >>> vhp(lambda x: (x ** 3).sum(), torch.tensor([1., 2.]), torch.tensor([1., 1.]))
    (tensor(9.), tensor([ 6., 12.]))
    """
    with torch.enable_grad():
        is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac = \
            _scalar_function_and_gradient(func, inputs, v, create_graph, strict, "vhp")

    with torch.set_grad_enabled(True if create_graph else torch.is_grad_enabled()):
        grad_res = _autograd_grad(jac, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back")

    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(result, is_inputs_tuple))


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """The Hessian-vector product ``H v`` of a scalar function, and ``func(inputs)``, by the
    double backward trick on the gradient: ``u -> u^T H`` is built from a zero ``u``, then
    differentiated with respect to ``u`` with ``v``. Equal to :func:`vhp` (which needs one
    backward pass less) when the Hessian is symmetric.

    Returns ``(func_output, hvp)``; ``hvp`` has the structure and shapes of ``inputs``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> from autograd_lab.autograd.functional import hvp
    >>> hvp(lambda x: (x ** 3).sum(), torch.tensor([1., 2.]), torch.tensor([1., 1.]))
    (tensor(9.), tensor([ 6., 12.]))
    """
    with torch.enable_grad():
        is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac = \
            _scalar_function_and_gradient(func, inputs, v, create_graph, strict, "hvp")
        grad_jac = tuple(torch.zeros_like(inp, requires_grad=True) for inp in inputs)
        double_back = _autograd_grad(jac, inputs, grad_jac, create_graph=True)
        # (PyTorch checks ``jac`` here again, not ``double_back``; so do we)
        _check_requires_grad(jac, "hessian", strict=strict)

    with torch.set_grad_enabled(True if create_graph else torch.is_grad_enabled()):
        grad_res = _autograd_grad(double_back, grad_jac, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back_trick")

    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(result, is_inputs_tuple))
