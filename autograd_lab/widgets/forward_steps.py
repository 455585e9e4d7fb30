"""The forward pass one operation at a time, for the Lab's *Step forward* button: which
nodes of a traced graph are drawn after ``k`` operations, and what the ``k``-th operation
computed (its formula with the names of its inputs, their values, and its result).

The order is the graph's ``build_order`` (the order the forward pass made the nodes, from
the engine's sequence numbers). Results come from the tensors the graph holds: a named
tensor, or the copy a later node saved for its backward (``MulBackward0`` saves both
factors); a result nobody kept is said to be so.
"""
import html

from ..viz import values as _values
from .i18n import text

#: forward expressions by the op's name (``MulBackward0`` -> ``Mul``); ``c`` marks an input
#: the graph does not record (a Python number)
EXPRESSIONS = {
    "Add": "{0} + {1}", "Sub": "{0} - {1}", "Rsub": "{1} - {0}", "Mul": "{0} * {1}",
    "Div": "{0} / {1}", "Neg": "-{0}", "Pow": "{0} ** {1}", "Mm": "{0} @ {1}",
    "Mv": "{0} @ {1}", "Dot": "{0} @ {1}", "Addmm": "{0} + {1} @ {2}", "T": "{0}.T",
    "Sum": "{0}.sum()", "Mean": "{0}.mean()", "Reshape": "{0}.reshape(...)",
    "View": "{0}.view(...)",
}
SUBSTITUTE = 4          # inputs up to this many elements are written out in the formula


def first_tensor(out):
    """The tensor backward starts from in what ``forward`` returned."""
    from .lab import _tensors_in
    found = _tensors_in(out)
    if not found:
        raise TypeError("forward() returned no tensor")
    return found[0]


def operations(graph):
    """The backward nodes of ``graph`` in the order the forward pass made them."""
    return [i for i in graph.build_order
            if i in graph.functions and graph.functions[i].kind == "backward"]


def revealed(graph, ops, k):
    """The ids drawn once the first ``k`` operations are built: everything before the
    ``k``-th in the build order, and the tensors it made."""
    if k <= 0:
        return set()
    last = ops[k - 1]
    order = graph.build_order
    pos = order.index(last)
    shown = set(order[:pos + 1])
    shown.update(i for i in order[pos + 1:]
                 if i in graph.tensors and graph.tensors[i].grad_fn == last)
    return shown


def _op_head(name):
    head = name.rpartition("Backward")[0]
    return head or name


def _inputs(graph, op_id, ops):
    """``[(label, value text or None)]`` for each input of an operation, in order."""
    f = graph.functions[op_id]
    slots = [None] * max(f.n_inputs, 1)
    consts = []
    for e in graph.edges:
        if e.dst != op_id:
            continue
        if e.kind == "const":
            consts.append(e.src)
        elif e.kind == "flow" and e.input_nr is not None and e.input_nr < len(slots):
            slots[e.input_nr] = e.src
    for i, s in enumerate(slots):                  # named no-grad inputs fill the gaps
        if s is None and consts:
            slots[i] = consts.pop(0)
    out = []
    for slot, src in enumerate(slots):
        if src is None:
            number = _constant(graph, op_id, slot)
            out.append((number, number) if number is not None else ("c", None))
            continue
        x = graph.node(src)
        if getattr(x, "kind", None) == "accumulate":
            x = graph.tensors.get(x.variable)
        if x is not None and hasattr(x, "role"):
            value = x.value.text if x.value is not None and x.value.numel <= SUBSTITUTE \
                else None
            out.append((x.name or x.id, value))
        else:                                      # an unnamed result of an earlier step
            k = ops.index(src) + 1 if src in ops else "?"
            _name, res = result_of(graph, src)
            out.append((f"[{k}]", res))
    number = _constant(graph, op_id, len(out))     # a number beyond the recorded inputs
    if number is not None:                         # (``PowBackward0`` records only x)
        out.append((number, number))
    return out


#: the names under which a node saves the Python number of an input slot (``3 * x`` saves
#: ``other``, ``x ** 2`` saves ``exponent``)
CONSTANT_NAMES = ({"self"}, {"other", "exponent"})


def _constant(graph, op_id, slot):
    """The number an operation was given as input ``slot`` (``2`` in ``x ** 2``), read from
    what its node saved; None when it saved no such number."""
    if slot >= len(CONSTANT_NAMES):
        return None
    for s in graph.functions[op_id].saved:
        if s.name not in CONSTANT_NAMES[slot] or s.stale:
            continue
        if not s.is_tensor:
            return s.text
        if s.tensor_id is None and s.shape == ():      # a number wrapped as a 0-d tensor
            try:
                return _values.summarize(getattr(graph.objects[op_id], "_saved_" + s.name)).text
            except (RuntimeError, AttributeError, KeyError):
                return None
    return None


def result_of(graph, op_id):
    """``(name, value text)`` of what operation ``op_id`` returned, or ``(None, None)``."""
    for t in graph.tensors.values():
        if t.grad_fn == op_id:
            return t.name or None, t.value.text if t.value is not None else None
    node = graph.objects.get(op_id)
    for key, f in graph.functions.items():          # a later node may have saved it
        other = graph.objects.get(key)
        if f.kind != "backward" or other is None or f.freed:
            continue
        for s in f.saved:
            if not s.is_tensor or s.stale:
                continue
            try:
                v = getattr(other, "_saved_" + s.name)
            except (RuntimeError, AttributeError):
                continue
            if getattr(v, "grad_fn", None) is node:
                return None, _values.summarize(v).text
    return None, None


def describe(graph, ops, k):
    """What the ``k``-th operation did: ``{"k", "n", "node", "name", "formula", "values",
    "result", "output"}`` (texts; ``values`` is the formula with numbers, or ``""``)."""
    op_id = ops[k - 1]
    f = graph.functions[op_id]
    inputs = _inputs(graph, op_id, ops)
    head = _op_head(f.name)
    template = EXPRESSIONS.get(head)
    names = [n for n, _ in inputs] + ["c"] * 3
    if template is not None:
        expr = template.format(*names)
    else:
        expr = f"{head.lower()}({', '.join(n for n, _ in inputs)})"
    numbers = ""
    if template is not None and all(v is not None for _n, v in inputs):
        numbers = template.format(*([v for _n, v in inputs] + ["c"] * 3))
    out_name, result = result_of(graph, op_id)
    return {"k": k, "n": len(ops), "node": op_id, "name": f.name,
            "formula": f"{out_name or f'[{k}]'} = {expr}", "values": numbers,
            "result": result, "output": out_name}


def to_html(info, lang):
    esc = html.escape
    head = text("build_step", lang).format(k=info["k"], n=info["n"], name=info["name"])
    line = esc(info["formula"])
    if info["values"]:
        line += " = " + esc(info["values"])
    result = info["result"] if info["result"] is not None else text("not_kept", lang)
    return (f'<div class="agl-build"><b>{esc(head)}</b><br><code>{line}</code><br>'
            f'{esc(text("build_result", lang))}: <code>{esc(result)}</code></div>')
