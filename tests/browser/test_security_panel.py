"""Hostile module names in a real JupyterLab (headless Chromium): the Lab panel draws the
graph, shows the names as text, carries no link of their making, and nothing they contain
runs, not even after every node and module box has been clicked."""
import nbformat

from lab_server import KERNELSPEC, cell_errors, open_notebook, run_all

HOSTILE = [
    "<<TABLE><TR><TD HREF=\"javascript:window['__pwned']=1\">x</TD></TR></TABLE>>",
    "<script>window['__pwned']=1</script>",
    "<img src=x onerror=\"window['__pwned']=1\">",
    "ends with a backslash\\",
    'a "quoted"\nname',
]

SETUP = f'''\
import autograd_lab as torch
from autograd_lab.widgets import Lab

HOSTILE = {HOSTILE!r}

class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(2, 2)

    def forward(self, x):
        return self.lin(x).relu()

model = torch.nn.Sequential()
for name in HOSTILE:
    model.add_module(name, Block())
loss = model(torch.ones(1, 2)).sum()
'''
PANEL = 'lab = Lab(loss, model=model, lang="en")\nlab'

SVG_LINKS_JS = """() => [...document.querySelectorAll('.agl-main svg *')].flatMap(e =>
    [...e.attributes].filter(a => /href|src|^on/i.test(a.name)).map(a => a.name + '=' + a.value))"""


def test_hostile_module_names_draw_and_run_nothing(page, jupyter_server, lab_root):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SETUP),
                                         nbformat.v4.new_code_cell(PANEL)],
                                  metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, lab_root / "hostile.ipynb")
    open_notebook(page, jupyter_server, "hostile.ipynb")
    run_all(page)
    page.wait_for_selector(".agl-main .agl-graph svg g.node", timeout=30_000)
    assert cell_errors(page) == []
    assert page.query_selector(".agl-error") is None
    shown = page.inner_text(".agl-main")
    for name in HOSTILE:
        assert name.split("\n")[0].split('"')[0] in shown.replace("\n", " "), name
    assert page.evaluate(SVG_LINKS_JS) == []
    assert page.evaluate("() => document.querySelectorAll('.agl-main svg script, "
                         ".agl-main svg foreignObject, .agl-main img').length") == 0
    # click everything a learner could click
    for selector in (".agl-main svg g.node", ".agl-main svg g.cluster"):
        for k in range(len(page.query_selector_all(selector))):
            element = page.query_selector_all(selector)[k]
            # a click event even on nodes panned out of view (the drawing is never shrunk
            # below legible text, so not all of it is on screen)
            element.dispatch_event("click")
            page.wait_for_timeout(50)
    page.wait_for_timeout(500)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.query_selector(".agl-main .agl-graph svg g.node") is not None
    assert cell_errors(page) == []
