"""Every piece of UI text, in English and Chinese (``lang="en"`` / ``lang="zh"``).

One table, so a translation is checked in one place: each key has both languages (a test
asserts it), and ``text(key, lang)`` falls back to English for an unknown language.
"""

STRINGS = {
    # graph labels
    "tensor": ("tensor", "张量"),
    "mean": ("mean", "均值"),
    "buffers_freed": ("saved tensors freed", "保存的张量已释放"),
    "n_nodes": ("{n} nodes (click to expand)", "{n} 个节点（点击展开）"),
    "stale": ("modified in place!", "已被原地修改！"),
    # legend
    "legend_param": ("leaf tensor, requires_grad=True", "叶子张量，requires_grad=True"),
    "legend_frozen": ("frozen leaf, requires_grad=False", "冻结的叶子，requires_grad=False"),
    "legend_result": ("non-leaf result (has grad_fn)", "非叶子结果（有 grad_fn）"),
    "legend_detached": ("detached or no-grad result", "已 detach 或 no_grad 下的结果"),
    "legend_backward": ("backward node (grad_fn)", "反向节点（grad_fn）"),
    "legend_accumulate": ("writes a leaf's .grad", "写入叶子的 .grad"),
    "legend_saved": ("tensor saved for backward", "为反向传播保存的张量"),
    "legend_module": ("collapsed module", "折叠的模块"),
    "legend_executing": ("node now executing", "正在执行的节点"),
    "legend_done": ("already run in this backward", "本次反向传播中已执行"),
    "legend_edge_flow": ("gradient flows back along it", "梯度沿此边反向流动"),
    "legend_edge_const": ("input needing no gradient", "不需要梯度的输入"),
    "legend_edge_saved": ("kept for backward", "为反向传播保存"),
    "legend_edge_cut": ("cut by detach_()", "被 detach_() 切断"),
    "legend_edge_grad_in": ("gradient flowing in", "流入的梯度"),
    "legend_edge_grad_out": ("gradient flowing out", "流出的梯度"),
    # buttons and controls
    "forward": ("Forward", "前向传播"),
    "backward": ("Backward", "反向传播"),
    "step_backward": ("Step backward", "单步反向"),
    "zero_grad": ("zero_grad", "梯度清零"),
    "detach": ("detach", "detach"),
    "step": ("Step (optimizer)", "优化器 step"),
    "retain_graph": ("retain_graph", "retain_graph"),
    "set_to_none": ("set to None", "设为 None"),
    "set_to_zeros": ("fill with zeros", "填充为 0"),
    "legend": ("Legend", "图例"),
    # inspector
    "inspector": ("Inspector", "检查器"),
    "nothing_selected": ("Click a node of the graph to inspect it.",
                         "点击图中的节点以查看详情。"),
    "name": ("name", "名称"),
    "values": ("values", "值"),
    "grad": (".grad", ".grad"),
    "shape": ("shape", "形状"),
    "dtype": ("dtype", "数据类型"),
    "device": ("device", "设备"),
    "is_leaf": ("is_leaf", "is_leaf"),
    "requires_grad": ("requires_grad", "requires_grad"),
    "grad_fn": ("grad_fn", "grad_fn"),
    "version": ("_version", "_version"),
    "module": ("module", "模块"),
    "role": ("kind", "类别"),
    "saved": ("saved tensors", "保存的张量"),
    "saved_freed": ("freed by backward (use retain_graph=True to keep them)",
                    "已被反向传播释放（用 retain_graph=True 保留）"),
    "no_saved": ("nothing saved", "没有保存任何张量"),
    "grad_history": (".grad history", ".grad 历史"),
    "inputs": ("inputs (next_functions)", "输入（next_functions）"),
    "role_param": ("leaf, requires grad", "叶子，需要梯度"),
    "role_frozen": ("leaf, frozen", "叶子，已冻结"),
    "role_result": ("result of an op", "运算结果"),
    "role_detached": ("detached", "已分离"),
    "node_backward": ("backward node", "反向节点"),
    "node_accumulate": ("AccumulateGrad: adds the incoming gradient into {name}.grad",
                        "AccumulateGrad：把流入的梯度累加到 {name}.grad"),
    # stepping
    "chain_rule": ("chain rule at this node", "本节点的链式法则"),
    "grad_flowing_in": ("gradient flowing in", "流入的梯度"),
    "local_derivative": ("local derivative", "局部导数"),
    "local_vjp": ("local vector-Jacobian product with ones", "与全 1 向量的局部向量-雅可比积"),
    "grad_flowing_out": ("gradients flowing out", "流出的梯度"),
    "to": ("to", "到"),
    # status line
    "ready": ("Ready.", "就绪。"),
    "forward_done": ("Forward pass built {n} backward nodes.", "前向传播建立了 {n} 个反向节点。"),
    "no_forward": ("No forward function given: showing how the existing graph was built.",
                   "未提供前向函数：按建立顺序展示已有的计算图。"),
    "backward_done": ("Backward finished: the leaves' .grad are updated.",
                      "反向传播完成：叶子的 .grad 已更新。"),
    "step_ran": ("Ran {name} ({k} of about {n}).", "执行了 {name}（第 {k} 步，共约 {n} 步）。"),
    "step_finished": ("Backward finished after {k} steps.", "反向传播在 {k} 步后完成。"),
    "zeroed_none": ("Gradients set to None.", "梯度已设为 None。"),
    "zeroed_zeros": ("Gradients filled with zeros.", "梯度已填充为 0。"),
    "detached": ("{name} detached: it is now a leaf that does not require grad. Graphs built "
                 "from it from now on stop here; graphs already built are unchanged.",
                 "{name} 已 detach：它现在是不需要梯度的叶子。此后用它建立的计算图到此为止；"
                 "已建立的图不受影响。"),
    "select_tensor": ("Select a tensor first (click it in the graph).",
                      "请先选择一个张量（在图中点击它）。"),
    "optimizer_step": ("optimizer.step() updated the parameters.", "optimizer.step() 已更新参数。"),
    "no_optimizer": ("No optimizer was given to the panel.", "面板没有提供优化器。"),
    "no_root": ("Nothing to run backward from: click Forward first.",
                "没有可以反向传播的结果：请先点击“前向传播”。"),
    "torch_graph": ("This graph was built by PyTorch: the panel draws it, and Backward and "
                    "zero_grad run PyTorch's own. Step backward and the chain rule at each node "
                    "need autograd_lab tensors (import autograd_lab as torch).",
                    "这个计算图由 PyTorch 建立：面板可以绘制它，“反向传播”和“梯度清零”调用 "
                    "PyTorch 自己的实现。“单步反向”和每个节点的链式法则需要 autograd_lab 的"
                    "张量（import autograd_lab as torch）。"),
    "torch_graph_no_step": ("Step backward runs autograd_lab's engine one node at a time; this "
                            "graph was built by PyTorch. Use import autograd_lab as torch and run "
                            "the cell again, or click Backward.",
                            "“单步反向”逐个节点运行 autograd_lab 的引擎；这个计算图由 PyTorch "
                            "建立。请使用 import autograd_lab as torch 并重新运行该单元格，或点击"
                            "“反向传播”。"),
    # errors
    "error": ("Error", "错误"),
    "explain_freed": ("The first backward freed the tensors this graph saved. Tick "
                      "retain_graph before the first backward to run it twice, or run Forward "
                      "again to build a new graph.",
                      "第一次反向传播已释放了计算图保存的张量。若要反向传播两次，请在第一次之前勾选 "
                      "retain_graph，或重新前向传播以建立新图。"),
    "explain_no_grad": ("This result does not require grad, so it has no graph to go back "
                        "through: no input of it requires grad, or it was computed under "
                        "no_grad() or detached.",
                        "这个结果不需要梯度，因此没有可以反向传播的图：它的输入都不需要梯度，"
                        "或者它是在 no_grad() 下计算的，或已被 detach。"),
    "explain_scalar": ("backward() without an argument needs a single number (a scalar). For "
                       "a tensor with several values pass a gradient of the same shape, e.g. "
                       "y.backward(torch.ones_like(y)).",
                       "不带参数的 backward() 需要一个标量。对有多个值的张量，请传入同形状的梯度，"
                       "例如 y.backward(torch.ones_like(y))。"),
    "explain_inplace": ("A tensor saved for backward was changed in place afterwards, so its "
                        "saved value is gone. Use an out-of-place op (y = y * 2) instead.",
                        "一个为反向传播保存的张量随后被原地修改，保存的值已丢失。请改用非原地运算"
                        "（y = y * 2）。"),
    "explain_leaf_inplace": ("A leaf that requires grad cannot be changed in place while "
                             "autograd is recording: wrap the update in torch.no_grad().",
                             "需要梯度的叶子在记录计算图时不能原地修改：请把更新放进 "
                             "torch.no_grad()。"),
    "explain_requires_grad": ("requires_grad can only be switched on leaves; to stop tracking "
                              "a result, use .detach().",
                              "只能修改叶子的 requires_grad；要停止跟踪一个结果，请使用 .detach()。"),
    "explain_view_detach": ("A view shares its memory with another tensor and cannot be "
                            "detached in place; use .detach() for a new tensor.",
                            "视图与另一个张量共享内存，不能原地 detach；请用 .detach() 得到新张量。"),
    "explain_other": ("The action raised an error; the panel and the kernel keep working.",
                      "该操作引发了错误；面板和内核仍可继续使用。"),
}

LANGS = ("en", "zh")

# Substrings of torch's error messages -> the key of a short explanation.
EXPLANATIONS = (
    ("backward through the graph a second time", "explain_freed"),
    ("does not require grad and does not have a grad_fn", "explain_no_grad"),
    ("grad can be implicitly created only for scalar outputs", "explain_scalar"),
    ("modified by an inplace operation", "explain_inplace"),
    ("leaf Variable that requires grad is being used in an in-place", "explain_leaf_inplace"),
    ("you can only change requires_grad flags of leaf variables", "explain_requires_grad"),
    ("Can't detach views in-place", "explain_view_detach"),
)


def text(key, lang="en"):
    """The UI string ``key`` in ``lang`` (``"en"`` or ``"zh"``).

    Examples
    --------
    >>> text("backward", "zh")
    '反向传播'
    """
    en, zh = STRINGS[key]
    return zh if lang == "zh" else en


def explain(message, lang="en"):
    """A short explanation of one of torch's error messages (a generic one if unknown)."""
    for needle, key in EXPLANATIONS:
        if needle in message:
            return text(key, lang)
    return text("explain_other", lang)
