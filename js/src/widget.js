// The browser side of autograd_lab.widgets.GraphView.
//
// Python holds all the state in synced traits; this file only draws it and reports clicks.
//   dot            DOT text to draw (laid out by Graphviz compiled to WebAssembly)
//   selected       id of the selected node (set here when the learner clicks a node)
//   focus          id of a node to keep in view (the node now executing while stepping)
//   collapsed      module paths drawn as one box (a click on a cluster adds its path,
//                  a click on a collapsed box removes it)
//   reveal, reveal_token   ids in the order the forward pass made them; each new token
//                  replays that order, one node after another
//   transition_ms  length of the animated transition between two graphs
//   height         height of the drawing area in pixels
//   texts          the words this view shows (the tooltips of its controls), in the
//                  panel's language
// Each view tells Python when it appears and when it goes away (custom messages
// {event: "view", alive}), so Python knows how many views are on the page (on_page).
// After each drawing the element gets data-render-count (+1), data-updated-at (when the new
// SVG went into the page) and data-rendered-at (when its animation ended), and, once a
// replay is over, data-reveal-done="1": the browser tests and the benchmark wait on them.
import { select } from "d3-selection";
import { transition } from "d3-transition";
import { zoomIdentity, zoomTransform } from "d3-zoom";
import "d3-graphviz";
import { centreLines, widenLabels } from "./measure.js";
import { startReveal } from "./reveal.js";
import { fitTransform, legibleScale, nodeBox, startTransform, visibleBox } from "./viewport.js";

function titleOf(g) {
  const t = g.querySelector(":scope > title");
  return t ? t.textContent : "";
}

// One drawing at a time on the whole page: two views laying out and starting their d3
// transitions in the same frame break each other's transitions ("too late; already
// running"). The lock lives on globalThis because anywidget may load this module once per
// widget.
const lock = (globalThis.__autogradLabDrawLock ||= { busy: false, waiting: [] });

function acquire(draw) {
  if (lock.busy) {
    if (!lock.waiting.includes(draw)) lock.waiting.push(draw);
    return false;
  }
  lock.busy = true;
  return true;
}

function release() {
  lock.busy = false;
  const next = lock.waiting.shift();
  if (next) setTimeout(next, 0);
}

// The controls drawn over the graph: fit, zoom in, zoom out, back to the start.
const CONTROLS = [["fit", "⤢"], ["zoom_in", "+"], ["zoom_out", "−"], ["reset", "⟲"]];

function render({ model, el }) {
  // each view animates under its own name: transitions of the same name made on the
  // document by two views at once cancel one another ("too late; already running"), and
  // anywidget may load this module once per widget, so a module-level counter would not do
  const transitionName = `agl-graph-${Math.random().toString(36).slice(2)}`;
  el.classList.add("agl-graph-view");
  const box = document.createElement("div");
  box.className = "agl-graph";
  const controls = document.createElement("div");
  controls.className = "agl-graph-controls";
  const buttons = {};
  for (const [key, symbol] of CONTROLS) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `agl-zoom agl-zoom-${key}`;
    b.textContent = symbol;
    b.onclick = (ev) => { ev.stopPropagation(); act(key); };
    buttons[key] = b;
    controls.append(b);
  }
  const message = document.createElement("div");
  message.className = "agl-graph-message";
  el.append(controls, box, message);
  el.dataset.renderCount = "0";

  const say = (key) => {
    const texts = model.get("texts") || {};
    return texts[key] || '';
  };
  const labelControls = () => {
    for (const [key] of CONTROLS) {
      buttons[key].title = say(key);
      buttons[key].setAttribute("aria-label", say(key));
    }
  };
  labelControls();

  let ready = false;
  let drawing = false;
  let again = false;
  let placed = false;           // the first drawing is put at a legible start; later ones
                                // keep the learner's pan and zoom
  let revealToken = null;       // a replay waiting for the next drawing to finish
  let stopReplay = () => {};

  const setHeight = () => { box.style.height = `${model.get("height")}px`; };
  setHeight();

  // fit: false: the drawing is never shrunk to fit its box (its text would become too small
  // to read); it starts at a legible scale and the learner pans and zooms (see viewport.js).
  // Shapes are not morphed into one another (tweenShapes: false) and edges are tweened on
  // few points: with hundreds of elements, finer tweening costs seconds per frame.
  const gv = select(box).graphviz({
    useWorker: false, fit: false, zoom: true, tweenShapes: false,
    convertEqualSidedPolygons: false, tweenPrecision: "10%",
  });
  // always a transition factory (gv.transition(null) would start a stray transition on the
  // document); its length is read at each drawing
  let duration = 0;
  gv.transition(() => transition(transitionName).duration(duration));
  gv.attributer(centreLines);
  gv.onerror((err) => {
    message.textContent = String(err);
    if (drawing) { drawing = false; release(); }
  });
  gv.on("initEnd", () => { ready = true; draw(); });
  // the moment the new drawing is in the page (its animation, if any, starts then)
  gv.on("renderEnd", () => {
    el.dataset.updatedAt = String(performance.now());
    markShapes();
  });
  gv.on("layoutStart", () => { el.dataset.layoutStartAt = String(performance.now()); });
  gv.on("layoutEnd", () => { el.dataset.layoutEndAt = String(performance.now()); });

  function svgRoot() { return box.querySelector("svg"); }
  function graphGroup() { const svg = svgRoot(); return svg && svg.querySelector("g"); }

  function draw() {
    if (!ready) return;
    if (drawing) { again = true; return; }
    const dot = model.get("dot");
    if (!dot) { select(box).selectAll("*").remove(); return; }
    if (!acquire(draw)) return;
    drawing = true;
    message.textContent = "";
    const replay = revealToken !== null;
    // a replay starts from a hidden graph, and a first drawing from nothing: no animation
    duration = replay || !placed ? 0 : model.get("transition_ms");
    const rect = box.getBoundingClientRect();
    if (rect.width > 0) gv.width(rect.width).height(rect.height);
    if (replay) box.classList.add("agl-hidden");
    gv.renderDot(widenLabels(dot), function () {
      decorate();
      settle();
      el.dataset.renderCount = String(Number(el.dataset.renderCount) + 1);
      el.dataset.renderedAt = String(performance.now());
      if (revealToken !== null && !again) beginReplay();
      drawing = false;
      release();
      if (again) { again = false; draw(); }
    });
  }

  // The node's own outline is the first shape in its group (HTML-like labels add shapes for
  // table cells after it): mark it, so that the CSS of selection and replay finds it.
  function markShapes() {
    const svg = svgRoot();
    if (!svg) return;
    for (const g of svg.querySelectorAll("g.node")) {
      const shape = g.querySelector("path, polygon, ellipse");
      if (shape) shape.classList.add("agl-shape");
    }
  }

  function decorate() {
    const svg = svgRoot();
    if (!svg) return;
    markShapes();
    for (const g of svg.querySelectorAll("g.node")) {
      g.onclick = (ev) => {
        ev.stopPropagation();
        const id = titleOf(g);
        if (id.startsWith("M.")) {
          model.set("collapsed", model.get("collapsed").filter((p) => p !== id.slice(2)));
        } else {
          model.set("selected", model.get("selected") === id ? "" : id);
        }
        model.save_changes();
      };
    }
    for (const g of svg.querySelectorAll("g.cluster")) {
      g.onclick = (ev) => {
        ev.stopPropagation();
        const path = titleOf(g).replace(/^cluster_/, "");
        const now = model.get("collapsed");
        if (!now.includes(path)) {
          model.set("collapsed", [...now, path]);
          model.save_changes();
        }
      };
    }
    markSelected();
  }

  function markSelected() {
    const svg = svgRoot();
    if (!svg) return;
    const id = model.get("selected");
    for (const g of svg.querySelectorAll("g.node")) {
      g.classList.toggle("agl-selected", titleOf(g) === id);
    }
  }

  // -- pan and zoom: never below the legible scale -------------------------------------------

  function zoomer() { return gv.zoomBehavior(); }

  function setTransform(t, animate) {
    const svg = gv.zoomSelection();
    if (!svg || !zoomer()) return;
    if (animate) svg.transition().duration(350).call(zoomer().transform, t);
    else svg.call(zoomer().transform, t);
  }

  // Keep the svg's viewBox the size of its box (1 graph point = 4/3 CSS px, as
  // d3-graphviz sets it when fit is off), also when the cell is resized.
  function fitViewBox() {
    const svg = svgRoot();
    const rect = box.getBoundingClientRect();
    if (!svg || rect.width <= 0) return;
    svg.setAttribute("width", rect.width);
    svg.setAttribute("height", rect.height);
    svg.setAttribute("viewBox", `0 0 ${rect.width * 0.75} ${rect.height * 0.75}`);
  }

  // After each drawing: the zoom may not go below the scale at which the smallest text of
  // a node is LEGIBLE_PX on screen; the first drawing starts at a legible scale that shows
  // as much as it can; later ones keep the learner's view, brought back to the graph if it
  // drifted off it, with the focused node in view.
  function settle() {
    const svg = svgRoot();
    const g = graphGroup();
    if (!svg || !g || !zoomer()) return;
    if (box.getBoundingClientRect().width <= 0) { placed = false; return; }  // not shown yet
    fitViewBox();
    const kMin = legibleScale(svg);
    growToFit(svg, g, kMin);
    zoomer().scaleExtent([kMin, Math.max(4, kMin * 4)])
      .wheelDelta((ev) => -ev.deltaY * (ev.deltaMode === 1 ? 0.02 : ev.deltaMode ? 0.5 : 0.0008));
    const t = zoomTransform(svg);
    const seen = visibleBox(svg, t);
    const b = g.getBBox();
    const offGraph = b.x > seen.x + seen.width || b.x + b.width < seen.x ||
                     b.y > seen.y + seen.height || b.y + b.height < seen.y;
    if (!placed || offGraph) {
      setTransform(startTransform(svg, g, kMin), false);
      placed = true;
    } else if (t.k < kMin) {
      setTransform(zoomIdentity.translate(t.x, t.y).scale(kMin), false);
    }
    showFocus(false);
  }

  // A graph taller than its box at the scale it starts at makes the box taller, up to most
  // of the window (a projector's 720 px included): less to scroll inside the drawing. It
  // only grows (a box jumping at every step would move the page under the learner's eyes).
  function growToFit(svg, g, kMin) {
    const rect = box.getBoundingClientRect();
    const b = g.getBBox();
    const perUnit = rect.width / svg.viewBox.baseVal.width;
    const k = Math.max(kMin, Math.min(1, (svg.viewBox.baseVal.width - 16) / b.width));
    const wanted = Math.min(b.height * k * perUnit + 24, window.innerHeight * 0.8);
    const height = Math.max(model.get("height"), Math.round(wanted));
    if (height > rect.height + 1) {
      box.style.height = `${height}px`;
      fitViewBox();
    }
  }

  function showFocus(animate) {
    const svg = svgRoot();
    const id = model.get("focus");
    if (!svg || !id || !zoomer()) return;
    const node = [...svg.querySelectorAll("g.node")].find((g) => titleOf(g) === id);
    if (!node) return;
    const t = zoomTransform(svg);
    const seen = visibleBox(svg, t);
    const nb = nodeBox(node);
    const inside = nb.x >= seen.x && nb.y >= seen.y && nb.x + nb.width <= seen.x + seen.width &&
                   nb.y + nb.height <= seen.y + seen.height;
    if (inside) return;
    // move (not zoom) so that the node is in the middle of the box
    const [w, h] = [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height];
    const cx = nb.x + nb.width / 2;
    const cy = nb.y + nb.height / 2;
    setTransform(zoomIdentity.translate(w / 2 - t.k * cx, h / 2 - t.k * cy).scale(t.k), animate);
  }

  function act(key) {
    const svg = svgRoot();
    const g = graphGroup();
    if (!svg || !g || !zoomer()) return;
    const kMin = legibleScale(svg);
    const zoomed = gv.zoomSelection();
    if (key === "zoom_in") zoomed.transition().duration(250).call(zoomer().scaleBy, 1.3);
    else if (key === "zoom_out") zoomed.transition().duration(250).call(zoomer().scaleBy, 1 / 1.3);
    else if (key === "fit") setTransform(fitTransform(svg, g, kMin), true);
    else if (key === "reset") setTransform(startTransform(svg, g, kMin), true);
  }

  const resizer = new ResizeObserver(() => {
    if (box.getBoundingClientRect().width <= 0 || drawing) return;
    if (placed) fitViewBox();
    else settle();
  });
  resizer.observe(box);

  // -- the forward replay ---------------------------------------------------------------------

  function beginReplay() {
    stopReplay();
    revealToken = null;
    box.classList.remove("agl-hidden");
    const svg = svgRoot();
    if (!svg) { el.dataset.revealDone = "1"; return; }
    el.dataset.revealDone = "0";
    stopReplay = startReveal(svg, model.get("reveal"), titleOf, () => {
      el.dataset.revealDone = "1";
    });
  }

  // Traits that change together (a new graph and its replay) arrive as separate events in
  // the same tick: gather them, then act once.
  let dotChanged = false;
  let revealChanged = false;
  let scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      if (revealChanged) {
        stopReplay();
        revealToken = model.get("reveal_token");
        el.dataset.revealDone = "0";
      }
      if (dotChanged || (revealChanged && !svgRoot())) draw();
      else if (revealChanged && !drawing) beginReplay();
      dotChanged = revealChanged = false;
    }, 0);
  }
  const onDot = () => {
    el.dataset.dotAt = String(performance.now());
    dotChanged = true;
    schedule();
  };
  const onReveal = () => { revealChanged = true; schedule(); };
  const onSelected = () => markSelected();
  const onFocus = () => { if (!drawing) showFocus(true); };
  const onHeight = () => { setHeight(); dotChanged = true; schedule(); };
  const onTexts = () => labelControls();
  model.on("change:dot", onDot);
  model.on("change:selected", onSelected);
  model.on("change:focus", onFocus);
  model.on("change:reveal_token", onReveal);
  model.on("change:height", onHeight);
  model.on("change:texts", onTexts);
  model.send({ event: "view", alive: true });
  return () => {
    stopReplay();
    resizer.disconnect();
    model.off("change:dot", onDot);
    model.off("change:selected", onSelected);
    model.off("change:focus", onFocus);
    model.off("change:reveal_token", onReveal);
    model.off("change:height", onHeight);
    model.off("change:texts", onTexts);
    model.send({ event: "view", alive: false });
  };
}

export default { render };
