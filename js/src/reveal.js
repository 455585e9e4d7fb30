// The forward replay: the nodes of a drawn graph appear in the order the forward pass made
// them, each edge as soon as both its ends are there. Linear in the size of the graph: each
// edge is looked at when its first end appears and when its second does, never on every
// tick. Big graphs are replayed in batches, so that a replay never lasts more than about
// MAX_MS.
const MAX_MS = 6000;
const GLOW_MS = 600;

// Starts the replay of `order` (node ids) on `svg`; calls done() at the end. Returns a
// function that stops it.
export function startReveal(svg, order, titleOf, done) {
  const nodes = new Map();
  for (const g of svg.querySelectorAll("g.node")) nodes.set(titleOf(g), g);
  const steps = order.filter((id) => nodes.has(id));
  const inReplay = new Set(steps);
  // edges waiting for one of their ends: id -> edges, and how many ends each still waits for
  const waiting = new Map();
  const missing = new Map();
  for (const g of svg.querySelectorAll("g.edge")) {
    const [a, b] = titleOf(g).split("->");
    const ends = [a, b].filter((id) => inReplay.has(id));
    if (ends.length === 0) continue;
    g.style.opacity = "0";
    missing.set(g, ends.length);
    for (const id of new Set(ends)) {
      if (!waiting.has(id)) waiting.set(id, []);
      waiting.get(id).push(g);
    }
    if (a === b) missing.set(g, 1);
  }
  for (const id of steps) nodes.get(id).style.opacity = "0";
  if (steps.length === 0) { done(); return () => {}; }

  const every = Math.max(30, Math.min(350, 4000 / steps.length));
  const ticks = Math.min(steps.length, Math.max(1, Math.floor(MAX_MS / every)));
  const perTick = Math.ceil(steps.length / ticks);
  const timers = [];
  let next = 0;

  function show(g) {
    g.style.transition = "opacity 0.25s";
    g.style.opacity = "1";
  }

  function tick() {
    const end = Math.min(steps.length, next + perTick);
    for (; next < end; next += 1) {
      const id = steps[next];
      const g = nodes.get(id);
      show(g);
      g.classList.add("agl-just-made");
      timers.push(setTimeout(() => g.classList.remove("agl-just-made"), GLOW_MS));
      for (const e of waiting.get(id) || []) {
        const left = missing.get(e) - 1;
        missing.set(e, left);
        if (left === 0) show(e);
      }
    }
    if (next >= steps.length) done();
    else timers.push(setTimeout(tick, every));
  }
  timers.push(setTimeout(tick, every));
  return () => { for (const t of timers) clearTimeout(t); };
}
