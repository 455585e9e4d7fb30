"""What the Lab says about the backward node that just ran (``lab.step_info``).

For one step of :func:`~autograd_lab.autograd.backward_stepwise`: the gradients that flowed
in, the gradient sent to each input and the tensor it ends up in (``-> W_1``, never
``-> AccumulateGrad``), the chain-rule lines with the numbers substituted
(:func:`.derivatives.chain_lines`), and the local derivatives for node types without a rule.
Plain data: the inspector turns it into HTML, the DOT overlay labels the edges with it.
"""
from ..viz import values as _values
from . import derivatives


def describe_step(g, nid, step, root_id, number, edge_grads, local=None, captured=None):
    """``step_info`` for node ``nid`` of traced graph ``g`` after ``step`` ran.

    ``edge_grads`` maps ``(src, dst, input_nr)`` to the gradient text each edge carried in
    this pass; the gradients sent now are added to it. ``local`` is the node's backward
    applied to ones and ``captured`` what its chain rule needs, both read before it ran.
    """
    f = g.functions[nid]
    incoming, outgoing = [], []
    for e in g.edges:
        if e.kind != "flow":
            continue
        if e.src == nid:                  # the gradient arriving from this edge's end
            key = (e.src, e.dst, e.input_nr)
            if e.dst == root_id or e.dst in g.tensors:
                value = step.grad_outputs[e.output_nr] \
                    if e.output_nr < len(step.grad_outputs) else None
                txt = short(value)
            else:
                txt = edge_grads.get(key, "")
            incoming.append({"edge": list(key), "from": label(g, e.dst), "value": txt})
        elif e.dst == nid and f.kind == "backward" and e.input_nr is not None:
            g_in = step.grad_inputs[e.input_nr] if e.input_nr < len(step.grad_inputs) \
                else None
            txt = short(g_in)
            key = (e.src, e.dst, e.input_nr)
            edge_grads[key] = txt
            outgoing.append({"edge": list(key), "to": target(g, e.src) or label(g, e.src),
                             "value": txt})
    if f.kind == "accumulate":
        names, chain = [], _accumulate(g, nid, f, step, outgoing)
    else:
        names = [input_name(g, nid, i, f, step.node)
                 for i in range(len(step.node.next_functions))]
        chain = derivatives.chain_lines(f.name, captured, names, list(step.grad_inputs))
    out_numel = next((int(x.numel()) for x in step.grad_outputs if x is not None), 1)
    lines = []
    for i, d in enumerate(local or ()):
        if d is not None and i < len(step.node.next_functions):
            lines.append({"input": i, "to": names[i] or _node_name(step.node, i),
                          "value": short(d)})
    custom = bool(getattr(step.node, "_is_custom", False))
    return {
        "node": nid, "name": f.name, "step": number,
        "grads_in": [short(x) for x in step.grad_outputs],
        "in": incoming, "out": outgoing, "local": lines,
        "local_exact": derivatives.is_exact(f.name, out_numel),
        "chain": chain, "custom": custom,
        "formula": derivatives.formula(f.name, "en", custom),
    }


def _accumulate(g, nid, f, step, outgoing):
    """AccumulateGrad: the gradient goes into ``leaf.grad``; the line says what it became."""
    if not f.variable:
        return []
    name, grad_in = label(g, f.variable), short(step.grad_outputs[0])
    for e in g.edges:
        if e.dst == nid and e.src == f.variable:
            outgoing.append({"edge": [e.src, e.dst, e.input_nr], "to": name + ".grad",
                             "value": grad_in})
    now = getattr(g.objects.get(f.variable), "_grad", None)
    if now is None:
        return []
    return [{"input": 0, "to": name + ".grad", "value": short(now),
             "symbolic": f"{name}.grad += grad", "numbers": "",
             "text": f"AccumulateGrad: {name}.grad += grad (grad = {grad_in}) → "
                     f"{name}.grad = {short(now)}"}]


def target(g, node_id):
    """The tensor a gradient sent to ``node_id`` ends up in: the tensor itself, the leaf of
    an AccumulateGrad (never "AccumulateGrad"), or ``None`` for an unnamed result."""
    t = g.tensors.get(node_id)
    if t is not None:
        return t.name or None
    f = g.functions.get(node_id)
    if f is not None and f.kind == "accumulate" and f.variable:
        return g.tensors[f.variable].name or None
    return None


def input_name(g, nid, i, f, node):
    """The name of input ``i`` of backward node ``nid``: where its gradient goes, or for an
    input needing no gradient (``X`` in ``X @ W``), the named tensor drawn into the node."""
    for e in g.edges:
        if e.dst == nid and e.input_nr == i and e.kind == "flow":
            return target(g, e.src)
    const_inputs = [j for j, (nxt, _) in enumerate(node.next_functions) if nxt is None]
    const_edges = [e.src for e in g.edges if e.dst == nid and e.kind == "const"]
    if len(const_inputs) == len(const_edges) and i in const_inputs:
        return g.tensors[const_edges[const_inputs.index(i)]].name or None
    rule = derivatives.RULES.get(f.name)
    if rule is not None:
        for key, index in rule.operands.items():
            if index != i:
                continue
            for s in f.saved:
                if s.name == key and s.tensor_id in g.tensors:
                    return g.tensors[s.tensor_id].name or None
    return None


def _node_name(node, i):
    nxt = node.next_functions[i][0] if i < len(node.next_functions) else None
    return nxt.name() if nxt is not None else "—"


def label(g, node_id):
    """A node's label: the tensor's name or the node type, else its id."""
    x = g.node(node_id) if node_id else None
    if x is None:
        return "?"
    return x.name if x.name else x.id


def short(t):
    """A gradient as short text: every value for a few, else min/mean/max."""
    if t is None:
        return "None"
    return _values.summarize(t).text
