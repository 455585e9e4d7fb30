"""Which notebook cell made a panel, so re-running the cell releases the panel it made before.

ipywidgets keeps every widget alive until ``close()``; a learner re-running ``Lab(...)`` ten
times would keep ten panels, their graphs and their observers. JupyterLab, Notebook 7 and
VS Code put the cell's id in the metadata of each ``execute_request``
(``{"cellId": "..."}``); ipykernel (6 and later) hands that request to the running code as
``kernel.get_parent()``. A panel made by a later run of the same cell (a different request)
closes the panels the earlier runs made; panels of cells the front end reports as deleted
(``deletedCells``) are closed too. Outside Jupyter, or with a front end that sends no cell
id, nothing is closed: a panel then lives until its ``close()``.
"""
import sys
import weakref

_by_cell = {}           # cell id -> [(request id, weakref panel)]


def current_run():
    """``(cell_id, request_id, deleted_cell_ids)`` of the code running now, or ``None``."""
    ipy = sys.modules.get("IPython")
    shell = ipy.get_ipython() if ipy is not None else None
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        return None
    try:
        parent = kernel.get_parent()
    except Exception:           # an ipykernel older than 6: the attribute it used then
        parent = getattr(kernel, "_parent_header", None)
    if not isinstance(parent, dict):
        return None
    meta = parent.get("metadata") or {}
    cell = meta.get("cellId") or meta.get("cell_id")
    if not cell:
        return None
    request = (parent.get("header") or {}).get("msg_id", "")
    return str(cell), request, list(meta.get("deletedCells") or ())


def adopt(panel, run=None):
    """Record that the running cell made ``panel``; close what earlier runs of it made.

    ``run`` is ``current_run()`` unless given (tests pass one). Returns the number of
    panels closed."""
    run = current_run() if run is None else run
    if run is None:
        return 0
    cell, request, deleted = run
    closed = 0
    for old_cell in [cell] + [c for c in deleted if c in _by_cell]:
        kept = []
        for req, ref in _by_cell.pop(old_cell, []):
            old = ref()
            if old is None:
                continue
            if old_cell == cell and req == request:       # made by this same run: keep
                kept.append((req, ref))
                continue
            old.close()
            closed += 1
        if kept:
            _by_cell[old_cell] = kept
    _by_cell.setdefault(cell, []).append((request, weakref.ref(panel)))
    return closed


def forget(panel):
    """Drop ``panel`` from the registry (it was closed by other means)."""
    for cell in list(_by_cell):
        _by_cell[cell] = [(r, ref) for r, ref in _by_cell[cell]
                          if ref() is not None and ref() is not panel]
        if not _by_cell[cell]:
            del _by_cell[cell]
