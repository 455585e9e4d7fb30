// The browser side of autograd_lab.widgets.GraphView.
//
// Python holds all the state in synced traits; this file only draws it and reports clicks.
//   dot            DOT text to draw (laid out by Graphviz compiled to WebAssembly)
//   selected       id of the selected node (set here when the learner clicks a node)
//   collapsed      module paths drawn as one box (a click on a cluster adds its path,
//                  a click on a collapsed box removes it)
//   reveal, reveal_token   ids in the order the forward pass made them; each new token
//                  replays that order, one node after another
//   transition_ms  length of the animated transition between two graphs
//   height         height of the drawing area in pixels
// After each drawing the element gets data-render-count (+1), data-updated-at (when the new
// SVG went into the page) and data-rendered-at (when its animation ended), and, once a
// replay is over, data-reveal-done="1": the browser tests and the benchmark wait on them.
import { select } from "d3-selection";
import { transition } from "d3-transition";
import "d3-graphviz";

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

function render({ model, el }) {
  // each view animates under its own name: transitions of the same name made on the
  // document by two views at once cancel one another ("too late; already running"), and
  // anywidget may load this module once per widget, so a module-level counter would not do
  const transitionName = `agl-graph-${Math.random().toString(36).slice(2)}`;
  el.classList.add("agl-graph-view");
  const box = document.createElement("div");
  box.className = "agl-graph";
  const message = document.createElement("div");
  message.className = "agl-graph-message";
  el.append(box, message);
  el.dataset.renderCount = "0";

  let ready = false;
  let drawing = false;
  let again = false;
  let revealToken = null;       // a replay waiting for the next drawing to finish
  let revealTimers = [];

  const setHeight = () => { box.style.height = `${model.get("height")}px`; };
  setHeight();

  // shapes are not morphed into one another (tweenShapes: false) and edges are tweened on
  // few points: with hundreds of elements, finer tweening costs seconds per frame
  const gv = select(box).graphviz({
    useWorker: false, fit: true, zoom: true, tweenShapes: false,
    convertEqualSidedPolygons: false, tweenPrecision: "10%",
  });
  // always a transition factory (gv.transition(null) would start a stray transition on the
  // document); its length is read at each drawing
  let duration = 0;
  gv.transition(() => transition(transitionName).duration(duration));
  gv.onerror((err) => {
    message.textContent = String(err);
    if (drawing) { drawing = false; release(); }
  });
  gv.on("initEnd", () => { ready = true; draw(); });
  // the moment the new drawing is in the page (its animation, if any, starts then)
  gv.on("renderEnd", () => { el.dataset.updatedAt = String(performance.now()); });
  gv.on("layoutStart", () => { el.dataset.layoutStartAt = String(performance.now()); });
  gv.on("layoutEnd", () => { el.dataset.layoutEndAt = String(performance.now()); });

  function draw() {
    if (!ready) return;
    if (drawing) { again = true; return; }
    const dot = model.get("dot");
    if (!dot) { select(box).selectAll("*").remove(); return; }
    if (!acquire(draw)) return;
    drawing = true;
    message.textContent = "";
    const replay = revealToken !== null;
    // a replay starts from a hidden graph: nothing to animate
    duration = replay ? 0 : model.get("transition_ms");
    const rect = box.getBoundingClientRect();
    if (rect.width > 0) gv.width(rect.width).height(rect.height);
    if (replay) box.classList.add("agl-hidden");
    gv.renderDot(dot, function () {
      decorate();
      el.dataset.renderCount = String(Number(el.dataset.renderCount) + 1);
      el.dataset.renderedAt = String(performance.now());
      if (revealToken !== null && !again) startReveal();
      drawing = false;
      release();
      if (again) { again = false; draw(); }
    });
  }

  function svgRoot() { return box.querySelector("svg"); }

  function decorate() {
    const svg = svgRoot();
    if (!svg) return;
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

  function stopReveal() {
    for (const t of revealTimers) clearTimeout(t);
    revealTimers = [];
  }

  function startReveal() {
    stopReveal();
    revealToken = null;
    const svg = svgRoot();
    box.classList.remove("agl-hidden");
    if (!svg) { el.dataset.revealDone = "1"; return; }
    const order = model.get("reveal");
    const nodes = new Map();
    for (const g of svg.querySelectorAll("g.node")) nodes.set(titleOf(g), g);
    const edges = [...svg.querySelectorAll("g.edge")].map((g) => {
      const [a, b] = titleOf(g).split("->");
      return { g, a, b };
    });
    const shown = new Set();
    const steps = order.filter((id) => nodes.has(id));
    for (const [id, g] of nodes) if (steps.includes(id)) g.style.opacity = "0";
    for (const e of edges) if (steps.includes(e.a) || steps.includes(e.b)) e.g.style.opacity = "0";
    const every = Math.max(30, Math.min(350, 4000 / Math.max(1, steps.length)));
    el.dataset.revealDone = "0";
    steps.forEach((id, k) => {
      revealTimers.push(setTimeout(() => {
        shown.add(id);
        const g = nodes.get(id);
        g.style.transition = "opacity 0.25s";
        g.style.opacity = "1";
        g.classList.add("agl-just-made");
        setTimeout(() => g.classList.remove("agl-just-made"), 600);
        for (const e of edges) {
          if ((shown.has(e.a) || !steps.includes(e.a)) && (shown.has(e.b) || !steps.includes(e.b))) {
            e.g.style.transition = "opacity 0.25s";
            e.g.style.opacity = "1";
          }
        }
        if (k === steps.length - 1) el.dataset.revealDone = "1";
      }, every * (k + 1)));
    });
    if (steps.length === 0) el.dataset.revealDone = "1";
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
        stopReveal();
        revealToken = model.get("reveal_token");
        el.dataset.revealDone = "0";
      }
      if (dotChanged || (revealChanged && !svgRoot())) draw();
      else if (revealChanged && !drawing) startReveal();
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
  const onHeight = () => { setHeight(); dotChanged = true; schedule(); };
  model.on("change:dot", onDot);
  model.on("change:selected", onSelected);
  model.on("change:reveal_token", onReveal);
  model.on("change:height", onHeight);
  return () => {
    stopReveal();
    model.off("change:dot", onDot);
    model.off("change:selected", onSelected);
    model.off("change:reveal_token", onReveal);
    model.off("change:height", onHeight);
  };
}

export default { render };
