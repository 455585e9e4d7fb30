"""Jupyter widgets: :class:`GraphView` draws DOT in the browser (Graphviz compiled to
WebAssembly, no system ``dot`` needed) and :class:`Lab` is the panel learners drive.

They are imported on first use, so ``autograd_lab.viz`` stays quick to import."""

__all__ = ["GraphView", "Lab"]


def __getattr__(name):
    if name == "GraphView":
        from .graph_view import GraphView
        return GraphView
    if name == "Lab":
        from .lab import Lab
        return Lab
    raise AttributeError(f"module 'autograd_lab.widgets' has no attribute '{name}'")
