// Graphviz (in WebAssembly) sizes a node from its own table of Helvetica widths, and takes
// every character it does not know (Chinese, "…", "▶") for a narrow one; the page then
// draws the text with whatever font it has (DejaVu Sans on Debian, wider than Helvetica;
// Noto Sans CJK, a full em per character), and the text spills out of its box. So before
// the layout, each node's text is measured here with the font the page draws with, and
// its box told to be at least that wide: table cells of HTML-like labels get WIDTH,
// plain labels the node's width.
const canvas = typeof document !== "undefined" ? document.createElement("canvas") : null;
const ctx = canvas && canvas.getContext("2d");
const widths = new Map();
const SLACK = 3;            // points: rounding, and the antialiased edge of the last glyph

// Width, in points (the SVG's user units), of `text` drawn at `size` points.
function measure(text, size, family, bold) {
  const font = `${bold ? "bold " : ""}${size}px ${family}`;
  const key = font + "\u0000" + text;
  let w = widths.get(key);
  if (w === undefined) {
    ctx.font = font;
    w = ctx.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
function unescapeHtml(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attr(attrs, name) {
  const m = new RegExp(`(?:^|[\\s\\[])${name}=("(?:[^"\\\\]|\\\\.)*"|[^\\s\\]]+)`).exec(attrs);
  if (!m) return null;
  const v = m[1];
  return v[0] === '"' ? v.slice(1, -1) : v;
}

// The widest line of a table cell's content (<B>, <FONT POINT-SIZE>, <BR/> and text).
function cellWidth(inner, size, family) {
  const sizes = [size];
  let bold = 0;
  let line = 0;
  let widest = 0;
  for (const token of inner.match(/<[^>]*>|[^<]+/g) || []) {
    if (token[0] !== "<") {
      line += measure(unescapeHtml(token), sizes[sizes.length - 1], family, bold > 0);
      continue;
    }
    const tag = token.toUpperCase();
    if (/^<BR\b/.test(tag)) { widest = Math.max(widest, line); line = 0; }
    else if (/^<FONT\b/.test(tag)) {
      const m = /POINT-SIZE="([\d.]+)"/.exec(tag);
      sizes.push(m ? Number(m[1]) : sizes[sizes.length - 1]);
    } else if (tag === "</FONT>") { if (sizes.length > 1) sizes.pop(); }
    else if (tag === "<B>") bold += 1;
    else if (tag === "</B>") bold -= 1;
  }
  return Math.max(widest, line);
}

// Where the HTML-like label opening at `open` (its first "<") ends: past its matching ">".
function htmlLabelEnd(line, open) {
  let depth = 0;
  for (let i = open; i < line.length; i += 1) {
    if (line[i] === "<") depth += 1;
    else if (line[i] === ">" && --depth === 0) return i + 1;
  }
  return line.length;
}

function widenHtmlLabel(line, size, family) {
  const start = line.indexOf("label=<");
  const end = htmlLabelEnd(line, start + 6);
  const head = line.slice(0, start);
  const tail = line.slice(end);   // other attributes: a tooltip may quote <TD> as text
  // cells holding text (not those holding a nested table, such as a heatmap)
  const body = line.slice(start, end).replace(/<TD([^>]*)>((?:(?!<TD|<\/TD>|<TABLE)[\s\S])*)<\/TD>/g,
    (whole, attrs, inner) => {
      if (!inner) return whole;
      const pad = Number(attr(attrs, "CELLPADDING") ?? 1);
      const need = Math.ceil(cellWidth(inner, size, family) + 2 * pad + SLACK);
      const had = Number(attr(attrs, "WIDTH") ?? 0);
      if (had >= need) return whole;
      const rest = attrs.replace(/\sWIDTH="[^"]*"/, "");
      return `<TD${rest} WIDTH="${need}">${inner}</TD>`;
    });
  return head + body + tail;
}

// Shapes drawn around their label's rectangle (Graphviz scales the others, ellipses and
// hexagons, by about sqrt(2), which leaves room to spare).
const BOXES = new Set(["box", "rect", "rectangle", "square", "box3d", "note", "tab", "folder",
                       "component", "plaintext", "plain", "none", "underline", "cylinder"]);

// The text of an HTML-like label that is not a table (`<name<BR/><FONT ...>note</FONT>>`).
function htmlLabelText(line) {
  const start = line.indexOf("label=<") + 6;
  let depth = 0;
  for (let i = start; i < line.length; i += 1) {
    if (line[i] === "<") depth += 1;
    else if (line[i] === ">" && --depth === 0) return line.slice(start + 1, i);
  }
  return "";
}

function widenPlainLabel(line, attrs, size, family, margin) {
  let widest;
  if (line.includes("label=<")) {
    widest = cellWidth(htmlLabelText(line), size, family);
  } else {
    const label = attr(attrs, "label");
    if (label === null || label === "") return line;
    const lines = label.replace(/\\"/g, '"').split(/\\[nlr]/);
    widest = Math.max(...lines.map((s) => measure(s, size, family, false)));
  }
  const shape = attr(attrs, "shape") || "ellipse";
  const factor = BOXES.has(shape) ? 1 : Math.SQRT2;
  const need = ((widest + SLACK) * factor + 2 * margin) / 72;       // inches
  const had = Number(attr(attrs, "width") ?? 0);
  if (had >= need) return line;
  const at = line.lastIndexOf("]");
  const cleaned = line.slice(0, at).replace(/\swidth=[^\s\]]+/, "");
  return `${cleaned} width=${need.toFixed(3)}]`;
}

// The DOT text with every node at least as wide as the page draws its text.
export function widenLabels(dot) {
  if (!ctx) return dot;
  const out = [];
  let size = 14;
  let family = "Times,serif";
  let margin = 0.11 * 72;
  for (const line of dot.split("\n")) {
    const defaults = /^\s*node \[(.*)\]\s*$/.exec(line);
    if (defaults) {
      size = Number(attr(defaults[1], "fontsize") ?? size);
      family = attr(defaults[1], "fontname") ?? family;
      const m = attr(defaults[1], "margin");
      if (m !== null) margin = Number(m.split(",")[0]) * 72;
      out.push(line);
      continue;
    }
    const node = /^\s+(?:"(?:[^"\\]|\\.)*"|[\w.]+) \[(.*)\]\s*$/.exec(line);
    if (!node || line.includes(" -> ")) { out.push(line); continue; }
    const attrs = node[1];
    const nodeSize = Number(attr(attrs, "fontsize") ?? size);
    const nodeFamily = attr(attrs, "fontname") ?? family;
    if (line.includes("label=<<TABLE")) out.push(widenHtmlLabel(line, nodeSize, nodeFamily));
    else out.push(widenPlainLabel(line, attrs, nodeSize, nodeFamily, margin));
  }
  return out.join("\n");
}

// -- after the layout: text where the page draws it ---------------------------------------

function shapeSpan(d) {
  const a = d.attributes;
  if (d.tag === "ellipse") return [Number(a.cx) - Number(a.rx), Number(a.cx) + Number(a.rx)];
  const nums = String(d.tag === "polygon" ? a.points : a.d).match(/-?\d+(\.\d+)?/g) || [];
  const xs = nums.filter((_v, i) => i % 2 === 0).map(Number);
  return xs.length ? [Math.min(...xs), Math.max(...xs)] : null;
}

function textOf(d) {
  return (d.children || []).filter((c) => c.tag === "#text").map((c) => c.text).join("");
}

// Graphviz places each line of an HTML-like label from its left end, computed with its own
// estimate of the line's width; drawn in the page's font, the line would be off centre and
// could spill. A d3-graphviz attributer: before a node is drawn, each such line is centred
// again in the node from the widths the page's font gives (the labels' columns are centred).
export function centreLines(d) {
  if (d.tag !== "g" || d.attributes.class !== "node") return;
  let shape = null;
  const texts = [];
  const walk = (x) => {
    for (const c of x.children || []) {
      if (!shape && ["polygon", "ellipse", "path"].includes(c.tag)) shape = c;
      if (c.tag === "text") texts.push(c);
      else walk(c);
    }
  };
  walk(d);
  if (!ctx || !shape || !texts.some((t) => t.attributes["text-anchor"] === "start")) return;
  const span = shapeSpan(shape);
  if (!span) return;
  const centre = (span[0] + span[1]) / 2;
  const lines = new Map();
  for (const t of texts) {
    const y = t.attributes.y;
    if (!lines.has(y)) lines.set(y, []);
    lines.get(y).push(t);
  }
  for (const line of lines.values()) {
    if (line.some((t) => t.attributes["text-anchor"] !== "start")) continue;
    line.sort((a, b) => Number(a.attributes.x) - Number(b.attributes.x));
    const w = line.map((t) => measure(textOf(t), Number(t.attributes["font-size"]),
                                      t.attributes["font-family"] || "sans-serif",
                                      t.attributes["font-weight"] === "bold"));
    let x = centre - w.reduce((s, v) => s + v, 0) / 2;
    line.forEach((t, i) => { t.attributes.x = x.toFixed(2); x += w[i]; });
  }
}
