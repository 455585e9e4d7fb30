"""Text from the learner's world (tensor, module and parameter names, module paths, values)
made safe where it becomes DOT or HTML. One home, used at the point of rendering.

Names are hostile until escaped: torch accepts a module named
``<<TABLE><TR><TD HREF="javascript:alert(1)">x</TD></TR></TABLE>>``, ``<script>`` or
``a\\`` (a trailing backslash). Unescaped, the first becomes an HTML-like label whose link
runs when clicked in the notebook, and the others make invalid DOT (a blank panel).

- :func:`html_text`: for HTML (the inspector, status and error lines) and for the text inside
  HTML-like DOT labels (``<<TABLE>...>>``): ``& < > " '`` become entities.
- :func:`dot_text` then :func:`dot_string`: for quoted DOT attributes (plain labels,
  tooltips, cluster labels). Backslashes are doubled (Graphviz reads ``\\N``, ``\\G``,
  ``\\l``... in labels), line breaks become ``\\n``, and the result is marked so that the
  ``graphviz`` package always quotes it, even when it looks like ``<...>`` (which it would
  otherwise pass on raw, as an HTML-like label). Quotes are escaped by the package.
- :func:`node_id` / :func:`path_of`: module paths inside DOT node and cluster names, where
  no escaping survives a round trip (a DOT name cannot end in a backslash): unusual
  characters are percent-encoded, ordinary paths (``layer1.0.conv``) stay as they are.
"""
import html
from urllib.parse import quote, unquote

from graphviz import nohtml

_ID_SAFE = "._-"


def html_text(value):
    """``value`` as text for HTML or an HTML-like DOT label.

    Examples
    --------
    >>> html_text('<b onclick="x()">')
    '&lt;b onclick=&quot;x()&quot;&gt;'
    """
    return html.escape(str(value), quote=True)


def dot_text(value):
    r"""``value`` as the text of a quoted DOT attribute (still to be passed through
    :func:`dot_string`; pieces may be joined with ``\n`` first).

    Examples
    --------
    >>> print(dot_text('a\\b\nc'))
    a\\b\nc
    """
    text = str(value).replace("\\", "\\\\")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def dot_string(text):
    """Mark DOT text (made with :func:`dot_text`) as a string the ``graphviz`` package must
    quote, never treat as an HTML-like label."""
    return nohtml(text)


def node_id(prefix, path):
    """A DOT node or cluster name for a module path: ``node_id("M.", "layer1.0")`` is
    ``"M.layer1.0"``; characters outside letters, digits and ``._-`` are percent-encoded.

    Examples
    --------
    >>> node_id("M.", 'a"b\\\\')
    'M.a%22b%5C'
    """
    return prefix + quote(path, safe=_ID_SAFE)


def path_of(node_name, prefix):
    """The module path inside a name made by :func:`node_id`."""
    return unquote(node_name[len(prefix):])
