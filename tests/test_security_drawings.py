"""Hostile names reach the drawings escaped: module names, module paths, parameter names and
tensor names that torch accepts, through ``viz.draw`` (rendered by ``dot -Tsvg``) and the Lab
(its DOT trait and its HTML). The browser side is tests/browser/test_security_panel.py.

For each name the DOT must be valid (``dot`` exits 0 with no syntax error), the SVG must
carry no link (``href``) at all and no raw markup from the name, and the name must still be
shown, as text, somewhere in the SVG.
"""
import html
import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest

import autograd_lab as al
from autograd_lab.viz import draw
from autograd_lab.viz.escaping import dot_text, node_id, path_of
from autograd_lab.widgets import Lab

HOSTILE = [
    '<<TABLE><TR><TD HREF="javascript:alert(1)">x</TD></TR></TABLE>>',
    "<script>window['__pwned']=1</script>",
    "ends with a backslash\\",
    'a "quoted" name',
    "two\nlines",
    "<b>bold</b>",
    "\\N \\G \\L \\E \\T \\H",
    "javascript:alert(1)",
    "&amp; &lt; &#60;",
    "{ } [ ] ; = -> --",
    "subgraph",
    "模块 'single' quotes",
    "<>",
    "\\",
    '"',
]
IDS = [f"name{i}" for i in range(len(HOSTILE))]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is missing")


class Inner(al.nn.Module):
    def __init__(self, name):
        super().__init__()
        self.lin = al.nn.Linear(2, 2)
        self.register_parameter(name, al.nn.Parameter(al.ones(2)))
        self.name = name

    def forward(self, x):
        return self.lin(x) * getattr(self, self.name)


def _model(name):
    model = al.nn.Module()
    model.add_module(name, Inner(name))
    return model


def _loss(model, name):
    x = al.ones(1, 2)
    return getattr(model, name)(x).sum()


def _svg(source):
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert b"syntax error" not in done.stderr, done.stderr.decode()
    return done.stdout.decode()


def _assert_safe_svg(svg, name):
    """Read as XML: no element a name could add (script, foreignObject), no attribute that
    holds a URL (Graphviz's own <a> carries only the tooltip, xlink:title, where
    "javascript:..." is plain text) or an event handler; the name shown as text."""
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        tag = element.tag.rpartition("}")[2].lower()
        assert tag not in ("script", "foreignobject"), f"<{tag}> reached the SVG"
        for attr, value in element.attrib.items():
            local = attr.rpartition("}")[2].lower()
            assert not any(k in local for k in ("href", "src", "url", "action")), \
                f"a link reached the SVG: {attr}={value}"
            assert not local.startswith("on"), f"an event handler reached the SVG: {attr}"
    shown = "\n".join(t for t in root.itertext())
    assert name.split("\n")[0] in shown, f"the name {name!r} is not shown"


@needs_dot
@pytest.mark.parametrize("name", HOSTILE, ids=IDS)
def test_hostile_module_and_parameter_names_in_draw(name):
    model = _model(name)
    loss = _loss(model, name)
    for collapsed in (set(), {name}):
        drawing = draw(loss, names={name: loss}, models=[model], collapsed=collapsed,
                       show_saved=True)
        _assert_safe_svg(_svg(drawing.source), name)


@needs_dot
@pytest.mark.parametrize("name", HOSTILE, ids=IDS)
def test_hostile_custom_function_names_in_draw(name):
    Twice = type(name, (al.autograd.Function,), {
        "forward": staticmethod(lambda ctx, x: x * 2),
        "backward": staticmethod(lambda ctx, g: g * 2)})
    x = al.ones(2, requires_grad=True)
    y = Twice.apply(x)
    _assert_safe_svg(_svg(draw(y.sum(), names={name: x}).source), name)


@pytest.mark.parametrize("name", HOSTILE, ids=IDS)
def test_lab_with_hostile_names_draws_and_escapes_its_html(name):
    model = _model(name)
    loss = _loss(model, name)
    lab = Lab(loss, model=model, names={name: loss})
    source = lab.view.dot
    assert source and "HREF" not in source.upper().replace(html.escape("HREF").upper(), "")
    # every node of the drawing can be inspected; the inspector shows the name escaped
    ids = re.findall(r'^\s*"?([A-Za-z]+[0-9]+|M\.[^" \[]+)"? \[', source, re.M)
    assert ids
    for nid in ids + [node_id("M.", name)]:
        lab.view.selected = nid
        page = lab.inspector_html.value
        assert "<script" not in page and "<TABLE" not in page.upper().replace(
            "<TABLE>", "").replace("<TABLE ", "")
    lab.view.selected = node_id("M.", name)
    assert html.escape(name) in lab.inspector_html.value
    for widget in (lab.status_html, lab.error_html):
        assert "<script" not in widget.value


def test_module_ids_round_trip():
    for name in HOSTILE + ["layer1.0.conv1", ""]:
        nid = node_id("M.", name)
        assert path_of(nid, "M.") == name
        assert re.fullmatch(r"M\.[A-Za-z0-9._%-]*", nid)
    assert node_id("M.", "layer1.0") == "M.layer1.0"     # ordinary paths are unchanged


def test_dot_text_keeps_escapes_from_the_name_literal():
    assert dot_text("a\\b") == "a\\\\b"
    assert dot_text("x\ny\r\nz") == "x\\ny\\nz"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lab_given_a_pytorch_tensor_says_what_it_can_and_cannot_do(lang):
    """A real PyTorch graph is drawn and Backward runs PyTorch's own; Step backward (which
    needs autograd_lab's engine) is disabled and, if called, explains itself in the panel
    instead of failing with "iteration over a 0-d tensor"."""
    torch = pytest.importorskip("torch")
    from autograd_lab.widgets.i18n import text
    x = torch.ones(2, requires_grad=True)
    y = (x * 3).sum()
    lab = Lab(y, lang=lang)
    assert "MulBackward0" in lab.view.dot and "SumBackward0" in lab.view.dot
    assert lab.status == text("torch_graph", lang)
    assert lab.buttons["step_backward"].disabled
    lab.step_backward()
    assert lab.error == "RuntimeError: " + text("torch_graph_no_step", lang)
    assert html.escape(text("torch_graph_no_step", lang)) in lab.error_html.value
    lab.backward()
    assert lab.error == "" and x.grad.tolist() == [3.0, 3.0]
