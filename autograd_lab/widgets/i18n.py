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
    # the graph view's own controls and messages (GraphView)
    "view_fit": ("Fit the graph in view (text never below a legible size)",
                 "适应窗口（文字不会小于可读大小）"),
    "view_zoom_in": ("Zoom in (or scroll the wheel)", "放大（或滚动鼠标滚轮）"),
    "view_zoom_out": ("Zoom out (down to a legible size)", "缩小（最小到可读大小）"),
    "view_reset": ("Back to the starting view", "回到初始视图"),
    "too_many_nodes": ("This graph has {n:,} nodes: too many to draw legibly. Draw a part "
                       "of it (draw() an intermediate result) or collapse its modules.",
                       "该图有 {n:,} 个节点，太多，无法清晰绘制。请绘制其中一部分"
                       "（对中间结果调用 draw()）或折叠模块。"),
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
    "lang_switch": ("中文", "English"),
    "lang_tip": ("切换到中文 (switch the panel to Chinese)",
                 "Switch to English（把面板切换为英文）"),
    "tip_forward": ("Run the forward function again and watch the graph being built, node by "
                    "node.", "重新运行前向函数，逐个节点观看计算图的建立。"),
    "tip_forward_replay": ("Replay how the existing graph was built (this panel has no forward "
                           "function: pass forward=... to Lab to rebuild the graph).",
                           "重放已有计算图的建立过程（本面板没有前向函数：给 Lab 传入 forward=... "
                           "才能重建计算图）。"),
    "tip_backward": ("Run backward() from the root: every leaf's .grad is updated.",
                     "从根节点运行 backward()：更新每个叶子的 .grad。"),
    "tip_step_backward": ("Run the backward pass one node per click.",
                          "每点击一次，反向传播执行一个节点。"),
    "tip_zero_grad": ("Clear the leaves' .grad (set to None or fill with zeros, see the menu).",
                      "清除叶子的 .grad（设为 None 或填充为 0，见菜单）。"),
    "tip_detach": ("detach_() the tensor selected in the graph.", "对图中选中的张量执行 detach_()。"),
    "tip_step": ("optimizer.step(): update the parameters with their .grad.",
                 "optimizer.step()：用 .grad 更新参数。"),
    "step_disabled": ("Step (optimizer) is off: this panel has no optimizer. Pass "
                      "optimizer=... to Lab to switch it on, e.g. "
                      "Lab(loss, model=model, optimizer=optimizer).",
                      "“优化器 step”不可用：本面板没有优化器。给 Lab 传入 optimizer=... 即可启用，"
                      "例如 Lab(loss, model=model, optimizer=optimizer)。"),
    # timeline
    "timeline_back": ("Back to the previous state of this panel", "回到本面板的上一个状态"),
    "timeline_forward": ("Forward to the next state of this panel", "前进到本面板的下一个状态"),
    "timeline_live": ("Live", "实时"),
    "timeline_live_tip": ("Follow the notebook: show each change as it happens",
                          "跟随笔记本：每次变化都立即显示"),
    "timeline_at": ("State {k} of {n}:", "状态 {k}/{n}："),
    "timeline_past": ("(an earlier state; press Live to follow the notebook again)",
                      "（较早的状态；点击“实时”重新跟随笔记本）"),
    "moment_created": ("the panel as it was made", "面板创建时的状态"),
    "changed_elsewhere": ("Changed in another cell: {names}.", "在另一个单元格中被修改：{names}。"),
    "graph_changed_elsewhere": ("The graph changed in another cell.",
                                "计算图在另一个单元格中发生了变化。"),
    "moment_error": ("{action} raised an error: see the message below.",
                     "“{action}”引发了错误：见下方的说明。"),
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
    "stats": ("min / mean / max", "最小 / 平均 / 最大"),
    "first_rows": ("first rows", "前几行"),
    "more_rows": ("… {n} more rows", "… 还有 {n} 行"),
    "more_cols": ("… {n} more columns", "… 还有 {n} 列"),
    "heatmap_note": ("heatmap: blue low, white middle, red high (sampled)",
                     "热力图：蓝色为小，白色居中，红色为大（抽样）"),
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
    "with_numbers": ("with the numbers", "代入数值"),
    "formula": ("formula", "公式"),
    "grad_flowing_out": ("gradients flowing out", "流出的梯度"),
    "to": ("to", "到"),
    # chain rule: gradients on nodes, paths, edited values, step forward (chain_panel.py)
    "chain_title": ("Chain rule", "链式法则"),
    "node_grad_row": ("grad seen in backward: {v}", "反向传播中流过的梯度：{v}"),
    "node_grad_note": ("seen during backward, not kept in .grad",
                       "反向传播时流过，不保存在 .grad 中"),
    "node_grad_explain": ("{name}.grad is None: a non-leaf tensor keeps no .grad unless "
                          "{name}.retain_grad() is called. The panel saw this gradient "
                          "through a hook during its backward.",
                          "{name}.grad 是 None：非叶子张量不保存 .grad，除非调用 "
                          "{name}.retain_grad()。面板在反向传播时通过钩子看到了这个梯度。"),
    "legend_node_grad": ("grad seen in backward: gradient that flowed through a non-leaf "
                         "(not kept in .grad)",
                         "反向传播中流过的梯度：流经非叶子的梯度（不保存在 .grad 中）"),
    "legend_edge_path": ("on a path from the selected leaf", "位于从所选叶子出发的路径上"),
    "paths_title": ("Paths from {leaf} to {target}", "从 {leaf} 到 {target} 的路径"),
    "paths_hint": ("Click a leaf (blue box) to see every path from it to the result.",
                   "点击一个叶子（蓝色方框），查看从它到结果的每一条路径。"),
    "path_n": ("path {k}", "路径 {k}"),
    "via_input": ("input {i}", "输入 {i}"),
    "path_sum": ("sum over the {n} paths", "{n} 条路径之和"),
    "path_count_only": ("{n} paths: too many to list one by one.",
                        "{n} 条路径：太多，无法逐条列出。"),
    "path_none": ("{leaf} does not reach {target}: no path, gradient 0.",
                  "{leaf} 不影响 {target}：没有路径，梯度为 0。"),
    "path_unavailable": ("The local derivatives are gone: backward freed the saved tensors. "
                         "Select the leaf before Backward, or tick retain_graph.",
                         "局部导数已不可用：反向传播释放了保存的张量。请在反向传播之前选择叶子，"
                         "或勾选 retain_graph。"),
    "ref_recorded": ("gradient {leaf} received in the panel's last backward",
                     "面板上一次反向传播中 {leaf} 收到的梯度"),
    "ref_autograd": ("autograd.grad({target}, {leaf})", "autograd.grad({target}, {leaf})"),
    "ref_grad": ("{leaf}.grad", "{leaf}.grad"),
    "largest_diff": ("largest difference", "最大差值"),
    "jacobian_shape": ("{m}×{n} Jacobian", "{m}×{n} 雅可比矩阵"),
    "vjp_only": ("(applied as a vector-Jacobian product)", "（以向量-雅可比积的方式应用）"),
    "step_forward": ("Step forward", "单步前向"),
    "select_path": ("Selecting a path", "选择路径"),
    "set_value": ("Changing a value", "修改数值"),
    "finite_difference": ("The finite-difference check", "有限差分检验"),
    "action": ("An action", "一个操作"),
    "build_step": ("Forward step {k} of {n}: {name}", "前向第 {k} 步（共 {n} 步）：{name}"),
    "build_result": ("result", "结果"),
    "build_done": ("The graph is complete: {n} operations. Click Step forward to build it again.",
                   "计算图已完整：{n} 个运算。再次点击“单步前向”可重新建立。"),
    "build_status": ("Built {k} of {n} operations.", "已建立 {k} / {n} 个运算。"),
    "not_kept": ("not kept by the graph", "计算图中未保存"),
    "edit_values": ("Change {name}", "修改 {name}"),
    "edit_needs_forward": ("Values can be changed in panels made with Lab(forward, args=...).",
                           "只有用 Lab(forward, args=...) 创建的面板才能修改数值。"),
    "value_set": ("{name}{index} = {value}: the forward ran again. Click Backward for the new "
                  "gradients (.grad accumulates: zero_grad first).",
                  "{name}{index} = {value}：已重新前向传播。点击“反向传播”得到新的梯度"
                  "（.grad 会累加：先梯度清零）。"),
    "fd_button": ("Check with finite differences", "用有限差分检验"),
    "fd_title": ("Finite differences (float64, central, h = {h})",
                 "有限差分（float64，中心差分，h = {h}）"),
    "fd_estimate": ("estimate", "估计值"),
    "fd_no_grad": ("{name}.grad is None: click Backward to compare.",
                   "{name}.grad 是 None：点击“反向传播”后再比较。"),
    "fd_done": ("Finite differences for {name}: largest difference {d}.",
                "{name} 的有限差分：最大差值 {d}。"),
    "fd_needs_forward": ("Finite differences run the forward function: make the panel with "
                         "Lab(forward, args=...) and pass {name} in args.",
                         "有限差分需要运行前向函数：请用 Lab(forward, args=...) 创建面板，"
                         "并把 {name} 放进 args。"),
    "not_a_leaf": ("{name} is not a leaf that requires grad.", "{name} 不是需要梯度的叶子。"),
    # status line
    "ready": ("Ready.", "就绪。"),
    "ready_click_forward": ("Nothing drawn yet: click Forward (or Step forward) to build the "
                            "graph.", "还没有图：点击“前向传播”（或“单步前向”）建立计算图。"),
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
    # training you can watch (widgets/training.py) and the saved page (widgets/export.py)
    "train": ("Train", "训练"),
    "train_steps": ("steps", "步"),
    "train_stop": ("Stop", "停止"),
    "train_needs_forward": ("Training needs a forward function and an optimizer: "
                            "Lab(forward, args=..., optimizer=...).",
                            "训练需要前向函数和优化器：Lab(forward, args=..., optimizer=...)。"),
    "train_done": ("Trained {n} steps: the loss went from {first} to {last}; after the last "
                   "step it is {now} (drawn on the graph).",
                   "训练了 {n} 步：损失从 {first} 变为 {last}；最后一步之后为 {now}（图中所示）。"),
    "train_bad_n": ("Enter a number of steps of 1 or more.", "请输入至少为 1 的步数。"),
    "train_busy": ("Already training: click Stop first.", "正在训练：请先点击“停止”。"),
    "train_stopped": ("Stopped after {k} of {n} steps.", "在 {n} 步中的第 {k} 步后停止。"),
    "train_failed": ("Training stopped at step {k} of {n}: the error is below.",
                     "训练在第 {k} 步（共 {n} 步）出错停止：错误见下方。"),
    "step_new_loss": ("optimizer.step() updated the parameters; forward ran again: the loss "
                      "is now {new} (was {old}).",
                      "optimizer.step() 已更新参数；前向传播已重新运行：损失现在是 {new}"
                      "（之前是 {old}）。"),
    "step_old_loss": ("optimizer.step() updated the parameters. The loss drawn is still the one "
                      "from before the step: this panel has no forward function to compute it "
                      "again (Lab(forward, ...) has).",
                      "optimizer.step() 已更新参数。图中的损失仍是更新前的值：此面板没有前向函数，"
                      "无法重新计算（Lab(forward, ...) 可以）。"),
    "loss_curve": ("loss per step", "每步的损失"),
    "curve_step": ("step {k}", "第 {k} 步"),
    "curve_last": ("last", "最新"),
    "grad_norms": ("gradient norm ‖.grad‖ per parameter", "各参数的梯度范数 ‖.grad‖"),
    "no_grad_yet": ("no .grad", "无 .grad"),
    "export_title": ("autograd_lab panel", "autograd_lab 面板"),
    "export_back": ("◀ Back", "◀ 上一步"),
    "export_next": ("Next ▶", "下一步 ▶"),
    "export_now": ("the state when saved", "保存时的状态"),
    "export_moment": ("{k} of {n}", "第 {k} 个，共 {n} 个"),
    "export_timeline": ("timeline", "时间线"),
    "export_noscript": ("This page draws the graph with JavaScript: allow scripts to see it.",
                        "本页用 JavaScript 绘制计算图：请允许运行脚本。"),
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
    "explain_freed": ("The first backward freed the tensors this graph saved, so it cannot run "
                      "again. Click Forward to build a new graph. To run backward twice on one "
                      "graph, tick retain_graph before the first backward.",
                      "第一次反向传播已释放了计算图保存的张量，所以不能再运行。请点击“前向传播”"
                      "建立新图。若要在同一个图上反向传播两次，请在第一次之前勾选 retain_graph。"),
    "explain_freed_cell": ("The first backward freed the tensors this graph saved, so it cannot "
                           "run again, and this panel cannot rebuild it (it has no forward "
                           "function). Re-run the cell that built the graph, then the cell that "
                           "made this panel. To run backward twice on one graph, tick "
                           "retain_graph before the first backward (or pass retain_graph=True "
                           "to Lab).",
                           "第一次反向传播已释放了计算图保存的张量，所以不能再运行，而本面板没有前向"
                           "函数，无法重建它。请重新运行建立计算图的单元格，再运行创建本面板的单元格。"
                           "若要在同一个图上反向传播两次，请在第一次之前勾选 retain_graph"
                           "（或给 Lab 传入 retain_graph=True）。"),
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


def explain(message, lang="en", can_rebuild=True):
    """A short explanation of one of torch's error messages (a generic one if unknown).

    ``can_rebuild`` says whether the panel has a forward function: only then can its
    Forward button build a new graph, so only then does the advice mention it.

    Examples
    --------
    >>> "re-run the cell" in explain("Trying to backward through the graph a second time",
    ...                              can_rebuild=False).lower()
    True
    """
    for needle, key in EXPLANATIONS:
        if needle in message:
            if key == "explain_freed" and not can_rebuild:
                key = "explain_freed_cell"
            return text(key, lang)
    return text("explain_other", lang)
