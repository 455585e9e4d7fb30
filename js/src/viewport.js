// Where the graph sits in its box, in the coordinates d3-zoom works in: the svg's viewBox
// (1 unit = 4/3 CSS px, Graphviz's points) and the graph group's own units, which the zoom
// transform maps into it (viewBox = k * graph + (x, y)).
import { zoomIdentity } from "d3-zoom";

// The smallest size, in CSS px on screen, at which the text of a node may be drawn: what a
// projector still shows to the back of a classroom.
export const LEGIBLE_PX = 11;
const PAD = 8;              // viewBox units left free around a placed graph

function viewBoxOf(svg) {
  const vb = svg.viewBox.baseVal;
  return { width: vb.width, height: vb.height };
}

// CSS px on screen per viewBox unit
function pixelsPerUnit(svg) {
  const vb = viewBoxOf(svg);
  const rect = svg.getBoundingClientRect();
  return vb.width > 0 && rect.width > 0 ? rect.width / vb.width : 4 / 3;
}

// The smallest zoom at which every node's text is at least LEGIBLE_PX on screen.
export function legibleScale(svg) {
  let smallest = Infinity;
  for (const t of svg.querySelectorAll("g.node text")) {
    const size = parseFloat(t.getAttribute("font-size"));
    if (size > 0 && size < smallest) smallest = size;
  }
  if (!Number.isFinite(smallest)) return 1;
  // a little above the limit, so that rounding never draws 10.99 px
  return (LEGIBLE_PX * 1.02) / (pixelsPerUnit(svg) * smallest);
}

// The part of the graph (its own units) the box shows under transform t.
export function visibleBox(svg, t) {
  const vb = viewBoxOf(svg);
  return { x: -t.x / t.k, y: -t.y / t.k, width: vb.width / t.k, height: vb.height / t.k };
}

export function nodeBox(node) {
  return node.getBBox();
}

// The graph at scale k: centred where it fits, else from its top left corner, where a
// reader starts (a graph centred across would show two cut halves of the middle, and one
// placed at its top node could cut the nodes left of it).
function placeAt(svg, g, k) {
  const vb = viewBoxOf(svg);
  const b = g.getBBox();
  const wide = k * b.width + 2 * PAD > vb.width;
  const left = wide ? firstVisibleX(g, b.y + (vb.height - 2 * PAD) / k) : b.x;
  const x = wide ? PAD - k * left : (vb.width - k * b.width) / 2 - k * b.x;
  const y = k * b.height + 2 * PAD <= vb.height
    ? (vb.height - k * b.height) / 2 - k * b.y
    : PAD - k * (wide ? firstVisibleY(g, left, left + (vb.width - 2 * PAD) / k) : b.y);
  return zoomIdentity.translate(x, y).scale(k);
}

// The left end of the nodes that show in the first screenful (from the graph's top down to
// `bottom`): a wide graph starts there, with no node cut on its left and no empty corner
// (the bounding box's top left corner may be empty space beside a taller cluster).
function firstVisibleX(g, bottom) {
  let left = Infinity;
  for (const node of g.querySelectorAll("g.node")) {
    const nb = node.getBBox();
    if (nb.y < bottom) left = Math.min(left, nb.x - PAD);
  }
  return Number.isFinite(left) ? left : g.getBBox().x;
}

// The top of the nodes that show between `left` and `right`: no empty band above them.
function firstVisibleY(g, left, right) {
  let top = Infinity;
  for (const node of g.querySelectorAll("g.node")) {
    const nb = node.getBBox();
    if (nb.x < right && nb.x + nb.width > left) top = Math.min(top, nb.y - PAD);
  }
  return Number.isFinite(top) ? top : g.getBBox().y;
}

function fitScale(svg, g) {
  const vb = viewBoxOf(svg);
  const b = g.getBBox();
  if (b.width <= 0 || b.height <= 0) return 1;
  return Math.min((vb.width - 2 * PAD) / b.width, (vb.height - 2 * PAD) / b.height);
}

// Where a graph starts: as much of it as fits, never below the legible scale, never
// magnified beyond its natural size.
export function startTransform(svg, g, kMin) {
  const k = Math.max(kMin, Math.min(fitScale(svg, g), Math.max(1, kMin)));
  return placeAt(svg, g, k);
}

// "Fit": the whole graph if it can be shown legibly (small graphs are magnified up to 2x),
// else as much of it as the legible scale allows.
export function fitTransform(svg, g, kMin) {
  const k = Math.max(kMin, Math.min(fitScale(svg, g), Math.max(2, kMin)));
  return placeAt(svg, g, k);
}
