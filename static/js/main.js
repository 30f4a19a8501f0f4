// Wiring only: URL state -> api -> layout -> render -> player -> narration.
//
// Front-end event bus (for the panels: editor, inputs, examples, code, details, chart, classroom tools).
// Import it with `import { bus, app } from "/static/js/main.js"` (no query string, so the module is shared)
// or read `window.circuitgrad`. The first drawing happens as soon as main.js and the message catalogue are
// loaded, which may be before or after another module runs: read `app.graph` when you start (null until the
// first drawing) and listen for "graph" for every later one.
//
// Events main.js dispatches (CustomEvent, payload in `detail`):
//   "graph"        {graph, state, structural}  a new evaluated circuit is drawn (structural: layout rebuilt)
//   "graph-error"  {error, state}              evaluation failed ({message, line, column}); last circuit stays
//   "step"         {pos, total, step, playing, reason}  the animation position changed (step = steps[pos-1])
//   "state"        {state, changed}            URL state changed (changed = list of keys)
//   "hover-node"   {node, source: "circuit"}   pointer/focus on a gate or input in the drawing (node null = none)
//   "select-node"  {node, source: "circuit"}   a gate or input was clicked
// Events main.js listens to (dispatch them on the bus):
//   "request-graph" {expr?, v?, sig?, prec?, ...}  change state; expr/v/sig changes re-evaluate the circuit
//   "hover-node"    {node, source}             highlight that node in the drawing (from the code panel etc.)
//   "seek"          {pos}                       move the player
// `app` also offers: app.graph, app.state(), app.update(patch), app.player, app.fit(), app.svg(), app.t,
// app.show(graph, {pos}) to draw an already evaluated graph (benchmarks, comparisons) without a request.

import { fetchGraph, readInitialGraph } from "./api.js";
import { frameAt, Player } from "./animate.js";
import { watchConnection } from "./connection.js";
import { createControls } from "./controls.js";
import { errorMessage, has, loadLanguage, t } from "./i18n.js";
import { layoutCircuit } from "./layout.js";
import { caption } from "./narrate.js";
import { createMeasurer, createRenderer, FONT_SIZE } from "./render.js";
import { buildScene, paintFrame } from "./scene.js";
import { createStore } from "./state.js";

const shared = globalThis.circuitgrad;
export const bus = shared?.bus ?? new EventTarget();
const store = shared?.store ?? createStore(globalThis.window);
const player = shared?.player ?? new Player();
const $ = (id) => document.getElementById(id);
// The smallest on-screen size of the wire numbers: wide circuits pan instead of shrinking further.
// Projected, the floor is higher and small circuits grow past the page's cap until they fill the screen.
const MIN_TEXT_PX = 12;
const PROJECTED_TEXT_PX = 16;
const MAX_SCALE = 1.8;
const PROJECTED_MAX_SCALE = 4;

let graph = null;
let renderer = null;
let measure = null;
let inflight = null;
let drawnPrecision = null;
let connection = null;
let controls = null;

const emit = (type, detail) => bus.dispatchEvent(new CustomEvent(type, { detail }));

export const app = shared ?? {
  bus,
  store,
  player,
  t,
  get graph() {
    return graph;
  },
  state: () => store.get(),
  update: (patch) => store.set(patch),
  fit: () => fitView({ duration: 250 }),
  show: (next, options) => showGraph(next, options),
  svg: () => renderer?.svg ?? null,
};
globalThis.circuitgrad = app;

function structureKey(g) {
  const nodes = g.nodes.map((n) => `${n.id}:${n.kind}:${n.label}:${n.name}:${n.inputs.join(".")}`).join("|");
  return `${nodes}#${g.output}`;
}

function setReady(ready) {
  document.body.dataset.ready = ready ? "true" : "false";
  if (ready) performance.mark("circuit-ready");
}

function showStatus(text) {
  const status = $("circuit-status");
  if (!status) return;
  status.textContent = text || "";
  status.hidden = !text;
}

// Each phase leaves a performance measure ("circuit-layout", "circuit-render", ...) for benchmarks/frontend.py.
function timed(name, work) {
  const start = performance.now();
  const result = work();
  performance.measure(name, { start, end: performance.now() });
  return result;
}

/** Fit the drawing to its box within the zoom limits of the current mode; `options` may override them. */
function fitView(options = {}) {
  const projected = Boolean(store.get().proj);
  const minScale = (projected ? PROJECTED_TEXT_PX : MIN_TEXT_PX) / FONT_SIZE;
  renderer?.fit({ minScale, maxScale: projected ? PROJECTED_MAX_SCALE : MAX_SCALE, ...options });
}

function draw(g, state) {
  const precision = state.prec;
  const scene = timed("circuit-measure", () => buildScene(g, { measure, precision, t }));
  const layout = timed("circuit-layout", () => layoutCircuit(g, scene.sizes));
  timed("circuit-render", () => {
    renderer.draw(scene, layout);
    fitView();
  });
}

function showGraph(next, { pos } = {}) {
  const state = store.get();
  const structural = !graph || structureKey(graph) !== structureKey(next) || drawnPrecision !== state.prec;
  graph = next;
  drawnPrecision = state.prec;
  if (structural) draw(graph, state);
  const total = (graph.steps || []).length;
  const wanted = pos ?? (state.step === "end" ? total : state.step);
  showStatus("");
  delete document.body.dataset.stale;
  timed("circuit-paint", () => player.load(total, Math.min(total, wanted)));
  setReady(true);
  timed("circuit-listeners", () => emit("graph", { graph, state, structural }));
}

function errorText(error) {
  if (error?.message) return errorMessage(error);
  return error?.code === "network" ? t("error.network") : t("error.server", { status: error?.status ?? "?" });
}

function showError(error) {
  if (!graph) {
    renderer.clear();
    showStatus(t("circuit.error", { message: errorText(error) }));
  } else if (error?.code !== "network") {
    // The last good circuit stays for reference, dimmed and labelled, so it is not mistaken for this program's.
    document.body.dataset.stale = "true";
    showStatus(t("circuit.stale"));
  }
  setReady(true);
  emit("graph-error", { error, state: store.get() });
}

async function evaluateState(keepPosition) {
  const state = store.get();
  inflight?.abort();
  const controller = new AbortController();
  inflight = controller;
  setReady(false);
  let result;
  try {
    result = await fetchGraph({ expr: state.expr, values: state.v, expandSigmoid: state.sig }, { signal: controller.signal });
  } catch {
    return; // aborted by a newer edit
  }
  if (inflight !== controller) return;
  inflight = null;
  if (result.error?.code === "network") connection?.reportFailure();
  else connection?.reportSuccess();
  if (result.graph) showGraph(result.graph, keepPosition ? {} : { pos: Number.MAX_SAFE_INTEGER });
  else showError(result.error);
}

/** Draw the frame at the player's position; returns its step (or null). */
function paint(reason) {
  if (!graph) return null;
  const state = store.get();
  const frame = frameAt(graph, player.pos);
  const stepped = reason === "tick" || reason === "step";
  paintFrame(renderer, graph, frame, { precision: state.prec, t, showCurrent: !frame.done || stepped });
  const step = frame.step;
  if (step && stepped) {
    if (step.phase === "backward") {
      renderer.pulseWire(step.edge);
      renderer.reveal("edge", step.edge);
    } else if (step.phase === "seed") {
      renderer.pulseWire("output");
      renderer.reveal("output");
    } else {
      renderer.pulseNode(step.node);
      renderer.reveal("node", step.node);
    }
  }
  $("narration").textContent = caption(graph, player.pos, { t, has, precision: state.prec });
  return step;
}

// The browser throttles frequent history.replaceState calls, so a fast scrub writes the step at most every
// URL_STEP_MS; the last position is always written.
const URL_STEP_MS = 200;
let urlStepTimer = null;
let urlStepAt = 0;

function writeStep() {
  urlStepTimer = null;
  urlStepAt = performance.now();
  store.set({ step: player.pos >= player.total ? "end" : player.pos });
}

function scheduleStepWrite() {
  if (urlStepTimer !== null) return;
  const wait = Math.max(0, URL_STEP_MS - (performance.now() - urlStepAt));
  if (wait === 0) writeStep();
  else urlStepTimer = setTimeout(writeStep, wait);
}

function onPlayerChange(event) {
  const { pos, total, playing, reason } = event.detail;
  const step = paint(reason);
  controls.sync();
  scheduleStepWrite();
  emit("step", { pos, total, playing, reason, step });
}

function onStateChange(state, changed) {
  emit("state", { state, changed });
  const root = document.documentElement;
  root.dataset.theme = state.theme;
  root.dataset.palette = state.pal;
  if (state.proj) root.dataset.projector = "true";
  else delete root.dataset.projector;
  document.body.dataset.hide = state.hide.join(" ");
  if (changed.includes("lang")) {
    loadLanguage(state.lang || "en").then(() => paint("language"));
  }
  if (changed.some((key) => key === "expr" || key === "v" || key === "sig")) {
    evaluateState(!changed.includes("expr") && !changed.includes("sig"));
  } else if (changed.includes("prec") && graph) {
    showGraph(graph, { pos: player.pos });
  } else if (changed.includes("step") && graph) {
    const total = player.total;
    player.seek(state.step === "end" ? total : state.step, "seek");
  }
}

function wireControls() {
  controls = createControls({ player, fit: fitView, zoomBy: (factor) => renderer?.zoomBy(factor), t });
  player.addEventListener("change", (event) => timed("circuit-step", () => onPlayerChange(event)));
  store.subscribe(onStateChange);
  bus.addEventListener("request-graph", (event) => store.set(event.detail || {}));
  bus.addEventListener("seek", (event) => player.seek(event.detail?.pos));
  bus.addEventListener("hover-node", (event) => {
    if (event.detail?.source !== "circuit") renderer.highlight(event.detail?.node ?? null);
  });
}

async function boot() {
  performance.mark("circuit-boot");
  const state = store.get();
  await loadLanguage(document.documentElement.lang || state.lang || "en");
  performance.mark("circuit-messages");
  measure = createMeasurer();
  renderer = createRenderer($("circuit"), {
    label: t("circuit.label"),
    onHover: (node) => {
      renderer.highlight(node);
      emit("hover-node", { node, source: "circuit" });
    },
    onSelect: (node) => emit("select-node", { node, source: "circuit" }),
  });
  wireControls();
  connection = watchConnection({ onBack: () => evaluateState(true) });
  document.body.dataset.hide = state.hide.join(" ");
  const initial = readInitialGraph();
  if (initial && !initial.error && Array.isArray(initial.nodes)) showGraph(initial);
  else if (initial?.error) showError(initial.error);
  else await evaluateState(true);
}

if (!shared) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot, { once: true });
  else boot();
}
