"""See the autograd graph, in three layers over one walk:

* :func:`trace` walks the graph of some tensors into a plain model (:class:`Graph`);
* :func:`draw` renders that model as a ``graphviz.Digraph`` (DOT you can read or test);
* :mod:`autograd_lab.widgets` shows it live in JupyterLab and lets learners step through it.

The colours and shapes are listed once, in :mod:`autograd_lab.viz.dot` (``legend()``).
"""
from .dot import Drawing, draw, legend, to_dot
from .modules import record_modules
from .trace import Edge, FunctionInfo, Graph, History, IdMap, SavedInfo, TensorInfo, trace

__all__ = ["trace", "draw", "legend", "to_dot", "record_modules", "Drawing", "Graph",
           "TensorInfo", "FunctionInfo", "SavedInfo", "Edge", "History", "IdMap"]
