"""Boxes to type new values into a small leaf tensor, one per element, for the Lab panel
(:meth:`Lab.set_value` does the work: the forward runs again and every value follows)."""
import html

import ipywidgets as w
import numpy as np

from ..viz import values as _values
from .i18n import text


class ValueEditor(w.VBox):
    """One ``FloatText`` per element of the tensor shown; a change calls
    ``on_change(tensor, index, value)``. Hidden when no tensor is shown."""

    def __init__(self, on_change):
        self._on_change = on_change
        self._tensor = None
        self._quiet = False
        self._retired = []            # boxes replaced by others, closed with the editor
        self.title = w.HTML()
        self.grid = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        super().__init__([self.title, self.grid], layout=w.Layout(display="none"))
        self.add_class("agl-value-editor")

    def show(self, tensor, name, lang="en"):
        """Show boxes for ``tensor`` (``None``: hide the editor)."""
        if tensor is None:
            self._tensor = None
            self.layout.display = "none"
            self._replace(())
            return
        values = np.asarray(_values.to_numpy(tensor))
        self.title.value = f"<b>{html.escape(text('edit_values', lang).format(name=name))}</b>"
        if tensor is self._tensor and len(self.grid.children) == values.size:
            self._quiet = True              # the same tensor: new numbers, same boxes
            for box, index in zip(self.grid.children, np.ndindex(values.shape)):
                box.value = float(values[index])
            self._quiet = False
            return
        self._tensor = tensor
        boxes = []
        self._quiet = True
        for index in np.ndindex(values.shape):
            label = name + ("[" + ", ".join(map(str, index)) + "]" if index else "")
            box = w.FloatText(value=float(values[index]), description=label, step=0.1,
                              style={"description_width": "initial"},
                              layout=w.Layout(width="150px"))
            box.observe(lambda c, index=index: self._changed(index, c["new"]), "value")
            boxes.append(box)
        self._quiet = False
        self._replace(boxes)
        self.layout.display = ""

    def _replace(self, boxes):
        # The boxes replaced are closed with the editor, not now: the browser may still be
        # making their views, and a view of a closed widget fails ("widget model not found").
        self._retired.extend(self.grid.children)
        self.grid.children = tuple(boxes)

    def close(self):
        for box in self._retired:
            box.close()
        self._retired = []
        super().close()

    def _changed(self, index, value):
        if self._quiet or self._tensor is None:
            return
        self._on_change(self._tensor, index, value)
