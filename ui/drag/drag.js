// A plane the reader can take hold of: Python sends what to draw (ui/drag.py), the reader drags handles,
// clicks empty space to add a point, clicks a selected point (or presses Delete) to remove it, or moves a
// focused handle with the arrow keys. Values go back as one trigger, "event", at most every MIN_GAP ms while
// dragging and never more than one ahead of the server's answer, and always on release.
const NS = "http://www.w3.org/2000/svg";
const MIN_GAP = 70; // ms between two updates while dragging: at most ~14 a second
const ACK_WAIT = 600; // ms to wait for the server's answer to one update before sending the next anyway
const MARGIN = { top: 12, right: 12, bottom: 30, left: 40 };
const MAX_HEIGHT = 520; // px: a wide column must not make a square plane taller than a screen
const STATES = new WeakMap(); // parent element -> its drawing state, kept across reruns

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let s = STATES.get(parentElement);
  if (!s) {
    s = mount(parentElement);
    STATES.set(parentElement, s);
  }
  s.send = setTriggerValue;
  s.data = data;
  if (data.ack && data.ack.nonce === s.nonce) s.acked = Math.max(s.acked, data.ack.seq);
  s.root.dataset.acked = String(s.acked);
  draw(s);
  pump(s); // an answer may free the update that waited for it
}

function mount(parent) {
  const root = document.createElement("div");
  root.className = "drag-root";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("role", "group");
  root.appendChild(svg);
  parent.appendChild(root);
  const s = {
    root, svg, data: null, send: null, nonce: Math.random().toString(36).slice(2), seq: 0, acked: 0,
    sentAt: 0, pending: null, timer: null, drag: null, local: {}, selected: null, width: 0,
  };
  new ResizeObserver(() => {
    const width = Math.round(root.clientWidth);
    if (width && width !== s.width) { s.width = width; draw(s); }
  }).observe(root);
  svg.addEventListener("pointerdown", (e) => down(s, e));
  svg.addEventListener("pointermove", (e) => move(s, e));
  svg.addEventListener("pointerup", (e) => up(s, e));
  svg.addEventListener("pointercancel", (e) => up(s, e));
  svg.addEventListener("keydown", (e) => key(s, e));
  return s;
}

// --- Geometry: data coordinates <-> pixels ------------------------------------------------------------

function frame(s) {
  const v = s.data.view, width = Math.max(s.width || s.root.clientWidth || 320, 200);
  const plotW = width - MARGIN.left - MARGIN.right;
  const [x0, x1] = v.x, [y0, y1] = v.y;
  let plotH = v.equal ? plotW * (y1 - y0) / (x1 - x0) : (v.height || 260);
  plotH = Math.min(plotH, MAX_HEIGHT);
  const sx = plotW / (x1 - x0), sy = v.equal ? Math.min(sx, plotH / (y1 - y0)) : plotH / (y1 - y0);
  return {
    width, height: plotH + MARGIN.top + MARGIN.bottom, plotW, plotH,
    px: (x) => MARGIN.left + (x - x0) * sx,
    py: (y) => MARGIN.top + plotH - (y - y0) * sy,
    dx: (p) => x0 + (p - MARGIN.left) / sx,
    dy: (p) => y0 + (MARGIN.top + plotH - p) / sy,
  };
}

function pointer(s, e) {
  const box = s.svg.getBoundingClientRect(), f = s.frame;
  const w = s.svg.clientWidth, k = box.width && w ? w / box.width : 1; // a CSS zoom (lecture mode) scales the box
  return [f.dx((e.clientX - box.left) * k), f.dy((e.clientY - box.top) * k)];
}

function constrain(h, at) {
  let [x, y] = at;
  if (h.constrain === "circle") {
    const r = Math.hypot(x, y) || 1;
    return [x / r, y / r];
  }
  if (h.constrain === "x") y = h.at[1];
  const [[xa, xb], [ya, yb]] = h.bounds;
  return [Math.min(Math.max(x, xa), xb), Math.min(Math.max(y, ya), yb)];
}

// --- Drawing -----------------------------------------------------------------------------------------

function el(parent, name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
}

function draw(s) {
  if (!s.data) return;
  const f = (s.frame = frame(s)), svg = s.svg, d = s.data;
  svg.setAttribute("viewBox", `0 0 ${f.width} ${f.height}`);
  svg.setAttribute("width", f.width);
  svg.setAttribute("height", f.height);
  svg.setAttribute("aria-label", d.aria || "");
  // Where data coordinates fall in the picture: (x, y) is at (ox + x·sx, oy − y·sy) px from its corner.
  const sx = (f.px(1) - f.px(0)), sy = (f.py(0) - f.py(1));
  s.root.dataset.map = JSON.stringify({ ox: f.px(0), oy: f.py(0), sx, sy });
  const focused = document.activeElement?.closest?.("[data-handle]")?.dataset.handle
    ?? svg.getRootNode().activeElement?.closest?.("[data-handle]")?.dataset.handle;
  svg.replaceChildren();
  el(svg, "rect", { class: "plot", x: MARGIN.left, y: MARGIN.top, width: f.plotW, height: f.plotH });
  const clip = el(el(svg, "defs", {}), "clipPath", { id: `clip-${s.nonce}` });
  el(clip, "rect", { x: MARGIN.left, y: MARGIN.top, width: f.plotW, height: f.plotH });
  axes(svg, f, d.view);
  const inside = el(svg, "g", { "clip-path": `url(#clip-${s.nonce})` });
  for (const shape of d.shapes || []) SHAPES[shape.kind]?.(shape.kind === "text" ? svg : inside, f, shape);
  for (const h of d.handles || []) handle(s, svg, f, h, focused);
}

function ticks(lo, hi, target) {
  const raw = (hi - lo) / target, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((m) => m >= raw);
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Math.round(t / step) * step);
  return out;
}

function fmt(t) {
  return String(Math.round(t * 1000) / 1000).replace("-", "−");
}

function axes(svg, f, v) {
  const g = el(svg, "g", { class: "axes" });
  const [x0, x1] = v.x, [y0, y1] = v.y;
  const nx = Math.max(2, Math.round(f.plotW / 70)), ny = Math.max(2, Math.round(f.plotH / 50));
  for (const t of ticks(x0, x1, nx)) {
    el(g, "line", { class: "grid", x1: f.px(t), x2: f.px(t), y1: MARGIN.top, y2: MARGIN.top + f.plotH });
    el(g, "text", { class: "tick", x: f.px(t), y: MARGIN.top + f.plotH + 14, "text-anchor": "middle" }, fmt(t));
  }
  for (const t of ticks(y0, y1, ny)) {
    el(g, "line", { class: "grid", x1: MARGIN.left, x2: MARGIN.left + f.plotW, y1: f.py(t), y2: f.py(t) });
    el(g, "text", { class: "tick", x: MARGIN.left - 5, y: f.py(t) + 4, "text-anchor": "end" }, fmt(t));
  }
  if (v.origin) {
    el(g, "line", { class: "axis", x1: f.px(0), x2: f.px(0), y1: MARGIN.top, y2: MARGIN.top + f.plotH });
    el(g, "line", { class: "axis", x1: MARGIN.left, x2: MARGIN.left + f.plotW, y1: f.py(0), y2: f.py(0) });
  }
  if (v.xlabel) {
    el(g, "text", { class: "title", x: MARGIN.left + f.plotW, y: f.height - 2, "text-anchor": "end" }, v.xlabel);
  }
  if (v.ylabel) {
    const x = 11, y = MARGIN.top + f.plotH / 2;
    el(g, "text", { class: "title", x, y, "text-anchor": "middle", transform: `rotate(-90 ${x} ${y})` }, v.ylabel);
  }
}

function stroke(shape) {
  return {
    stroke: shape.color, "stroke-width": shape.width ?? 2, "stroke-dasharray": shape.dash?.join(" "),
    "stroke-opacity": shape.opacity, fill: "none",
  };
}

function path(f, points) {
  return points.map(([x, y], i) => `${i ? "L" : "M"}${f.px(x).toFixed(1)},${f.py(y).toFixed(1)}`).join("");
}

function arrowHead(g, f, [ax, ay], [bx, by], color) {
  const x1 = f.px(ax), y1 = f.py(ay), x2 = f.px(bx), y2 = f.py(by);
  const a = Math.atan2(y2 - y1, x2 - x1), l = 11, w = 0.45;
  if (Math.hypot(x2 - x1, y2 - y1) < 2) return;
  const p = [[x2, y2], [x2 - l * Math.cos(a - w), y2 - l * Math.sin(a - w)], [x2 - l * Math.cos(a + w), y2 - l * Math.sin(a + w)]];
  el(g, "polygon", { points: p.map((q) => q.join(",")).join(" "), fill: color });
}

function label(g, f, shape, [x, y]) {
  if (!shape.label) return;
  const px = f.px(x) + (shape.dx ?? 8), py = Math.max(f.py(y) + (shape.dy ?? -8), 12);
  const e = el(g, "text", {
    class: "label", x: px, y: py, fill: shape.color, "data-label": shape.name, "text-anchor": shape.anchor,
  }, shape.label);
  // A label near an edge slides back inside the picture: a phone's narrow plane must not cut it off.
  // Measured, or estimated when the web font has not arrived yet and the fallback font is narrower.
  const w = Math.max(e.getComputedTextLength(), 7.2 * shape.label.length), anchor = shape.anchor || "start";
  const left = anchor === "end" ? px - w : anchor === "middle" ? px - w / 2 : px;
  const shift = Math.min(0, f.width - 2 - (left + w)) || Math.max(0, 2 - left);
  if (shift) e.setAttribute("x", px + shift);
  return e;
}

const SHAPES = {
  line(svg, f, shape) {
    const g = el(svg, "g", { "data-shape": shape.name });
    el(g, "path", { d: path(f, shape.points), ...stroke(shape) });
    label(g, f, shape, shape.points[shape.points.length - 1]);
  },
  segments(svg, f, shape) {
    const g = el(svg, "g", { "data-shape": shape.name });
    el(g, "path", { d: shape.points.map((pair) => path(f, pair)).join(""), ...stroke(shape) });
  },
  arrow(svg, f, shape) {
    const g = el(svg, "g", { "data-shape": shape.name });
    el(g, "path", { d: path(f, shape.points), ...stroke(shape) });
    arrowHead(g, f, shape.points[0], shape.points[1], shape.color);
    label(g, f, shape, shape.points[1]);
  },
  points(svg, f, shape) {
    const g = el(svg, "g", { "data-shape": shape.name });
    for (const [x, y] of shape.points) {
      el(g, "circle", { cx: f.px(x), cy: f.py(y), r: shape.size ?? 4, fill: shape.color, "fill-opacity": shape.opacity });
    }
  },
  area(svg, f, shape) {
    const g = el(svg, "g", { "data-shape": shape.name });
    el(g, "path", { d: path(f, shape.points) + "Z", fill: shape.color, "fill-opacity": shape.opacity ?? 0.25 });
    label(g, f, shape, shape.points[0]);
  },
  bars(svg, f, shape) {
    // [left, right, height] for each bar, standing on y = 0
    const g = el(svg, "g", { "data-shape": shape.name });
    for (const [a, b, h] of shape.points) {
      const top = f.py(Math.max(h, 0)), bottom = f.py(Math.min(h, 0));
      el(g, "rect", {
        x: f.px(a) + 0.5, width: Math.max(f.px(b) - f.px(a) - 1, 0.5), y: top, height: bottom - top,
        fill: shape.color, "fill-opacity": shape.opacity ?? 0.45,
      });
    }
    label(g, f, shape, shape.at ?? shape.points[0]);
  },
  text(svg, f, shape) {
    label(el(svg, "g", { "data-shape": shape.name }), f, { ...shape, dx: shape.dx ?? 0, dy: shape.dy ?? 0 }, shape.at);
  },
};

function handle(s, svg, f, h, focused) {
  const at = s.local[h.id] && (s.drag?.id === h.id || s.acked < s.local[h.id].seq) ? s.local[h.id].at : h.at;
  const g = el(svg, "g", {
    class: `handle ${h.kind || "point"}${s.selected === h.id ? " selected" : ""}`, tabindex: 0, role: "slider",
    "data-handle": h.id, "data-x": at[0], "data-y": at[1], "aria-label": h.aria || h.id,
    "aria-valuetext": h.constrain === "x" ? fmt(at[0]) : `${fmt(at[0])}, ${fmt(at[1])}`,
  });
  if (h.arrow) {
    el(g, "path", { d: path(f, [[0, 0], at]), stroke: h.color, "stroke-width": 3, fill: "none" });
    arrowHead(g, f, [0, 0], at, h.color);
  }
  if (h.kind === "vline") {
    const x = f.px(at[0]);
    el(g, "line", { class: "hit", x1: x, x2: x, y1: MARGIN.top, y2: MARGIN.top + f.plotH });
    el(g, "line", { x1: x, x2: x, y1: MARGIN.top, y2: MARGIN.top + f.plotH, stroke: h.color, "stroke-width": 3 });
    el(g, "circle", { class: "knob", cx: x, cy: MARGIN.top + 10, r: 8, fill: h.color });
  } else {
    el(g, "circle", { class: "hit", cx: f.px(at[0]), cy: f.py(at[1]), r: 18 });
    el(g, "circle", { class: "knob", cx: f.px(at[0]), cy: f.py(at[1]), r: h.size ?? 7, fill: h.color });
  }
  if (h.label) label(g, f, { ...h, name: h.id }, at);
  if (focused === h.id) queueMicrotask(() => g.focus({ preventScroll: true }));
}

// --- Reading the reader ---------------------------------------------------------------------------

function findHandle(s, id) {
  return (s.data.handles || []).find((h) => h.id === id);
}

function down(s, e) {
  const target = e.target.closest("[data-handle]");
  e.preventDefault();
  if (target) {
    const h = findHandle(s, target.dataset.handle);
    target.focus({ preventScroll: true });
    s.drag = { id: h.id, moved: false, x: e.clientX, y: e.clientY };
    s.svg.setPointerCapture(e.pointerId);
    return;
  }
  s.drag = { id: null, moved: false, x: e.clientX, y: e.clientY };
}

function move(s, e) {
  if (!s.drag || s.drag.id === null) return;
  if (Math.hypot(e.clientX - s.drag.x, e.clientY - s.drag.y) > 3) s.drag.moved = true;
  if (!s.drag.moved) return;
  place(s, s.drag.id, pointer(s, e), false);
}

function up(s, e) {
  const drag = s.drag;
  s.drag = null;
  if (!drag) return;
  if (drag.id !== null) {
    if (drag.moved) place(s, drag.id, pointer(s, e), true);
    else clickHandle(s, drag.id);
    return;
  }
  if (e.type === "pointerup" && s.data.add && Math.hypot(e.clientX - drag.x, e.clientY - drag.y) <= 3) {
    const [x, y] = pointer(s, e), [[xa, xb], [ya, yb]] = s.data.add;
    if (x >= xa && x <= xb && y >= ya && y <= yb) emit(s, { type: "add", at: [x, y] }, true);
  }
}

function clickHandle(s, id) {
  const h = findHandle(s, id);
  if (h?.removable && s.selected === id) {
    s.selected = null;
    emit(s, { type: "remove", id }, true);
  } else {
    s.selected = id;
    draw(s);
  }
}

function key(s, e) {
  const target = e.target.closest?.("[data-handle]");
  if (!target) return;
  const h = findHandle(s, target.dataset.handle);
  if (!h) return;
  if ((e.key === "Delete" || e.key === "Backspace") && h.removable) {
    e.preventDefault();
    emit(s, { type: "remove", id: h.id }, true);
    return;
  }
  const moves = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  const m = moves[e.key];
  if (!m) return;
  e.preventDefault();
  const at = s.local[h.id] && s.acked < s.local[h.id].seq ? s.local[h.id].at : h.at;
  if (h.constrain === "circle") {
    const turn = ((m[0] || m[1]) * (h.step || 1) * Math.PI) / 180, a = Math.atan2(at[1], at[0]) + turn;
    place(s, h.id, [Math.cos(a), Math.sin(a)], true);
  } else {
    place(s, h.id, [at[0] + m[0] * (h.step || 0.1), at[1] + m[1] * (h.step || 0.1)], true);
  }
}

function place(s, id, at, final) {
  const h = findHandle(s, id);
  if (!h) return;
  const where = constrain(h, at);
  s.local[id] = { at: where, seq: s.seq + 1 };
  draw(s);
  emit(s, { type: "move", id, at: where }, final);
}

// --- Talking to Python: throttled, one update in flight, the last one always sent --------------------

function emit(s, event, final) {
  s.pending = { ...event, final };
  s.root.dataset.pending = "1";
  if (s.local[event.id]) s.local[event.id].seq = s.seq + 1;
  pump(s);
}

function pump(s) {
  clearTimeout(s.timer);
  if (!s.pending) return;
  const now = performance.now(), waited = now - s.sentAt;
  const answered = s.acked >= s.seq;
  if (waited >= MIN_GAP && (answered || waited >= ACK_WAIT || s.pending.final)) {
    s.seq += 1;
    const event = { ...s.pending, seq: s.seq, nonce: s.nonce };
    if (s.local[event.id]) s.local[event.id].seq = s.seq;
    s.pending = null;
    s.root.dataset.pending = "0";
    s.sentAt = now;
    s.root.dataset.sent = String(s.seq);
    s.send("event", event);
    return;
  }
  s.timer = setTimeout(() => pump(s), answered ? MIN_GAP - waited : Math.min(MIN_GAP, ACK_WAIT - waited));
}
