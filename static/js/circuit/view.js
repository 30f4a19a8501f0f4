// The circuit view: graph -> measure -> layout -> render, then the player replays the steps on it.
// Mountable into any host element that holds the stage's pieces (#circuit, #narration, #circuit-status and
// the player's controls), with graphs from any source: `source.graph(request, {signal})` resolves to
// {graph} or {error} (api.fetchGraph on the page; an inline blob or a kernel elsewhere).
// The host element carries data-ready="true" once the current circuit is drawn, data-stale="true" while an
// erroneous program leaves the last good circuit on show.
//
// Events it dispatches on `bus` (CustomEvent, payload in `detail`):
//   "graph"        {graph, state, structural}  a new evaluated circuit is drawn (structural: layout rebuilt)
//   "graph-error"  {error, state}              evaluation failed ({message, line, column}); last circuit stays
//   "step"         {pos, total, step, playing, reason}  the animation position changed (step = steps[pos-1])
//   "hover-node"   {node, source: "circuit"}   pointer/focus on a gate or input in the drawing (node null = none)
//   "select-node"  {node, source: "circuit"}   a gate or input was clicked (or Enter/Space on it)
// Events it listens to: "request-graph" {expr?, v?, sig?, ...} (a state change), "hover-node" from elsewhere,
// "seek" {pos}. The page's marks on the drawing (selection, quiz reveals, wrong backward lines' wires) arrive
// through setMarks().

import { frameAt } from "./animate.js";
import { collapsedGroups, collapseGraph, toggleGroup } from "./collapse.js";
import { createControls } from "./controls.js";
import { opensWhole } from "./fitlevel.js";
import { backwardStart, findNode, forwardPosition, searchableNames } from "./jump.js";
import { layoutCircuit } from "./layout.js";
import { sameMark } from "./marks.js";
import { createMinimap } from "./minimap.js";
import { caption } from "./narrate.js";
import { createMeasurer, createRenderer, FONT_SIZE } from "./render.js";
import { buildScene, NO_MARKS, paintFrame } from "./scene.js";
import { drawable } from "./size.js";
import { formatNumber } from "../shared/format.js";

// The smallest on-screen size of the wire numbers: wide circuits pan instead of shrinking further.
// Projected, the floor is higher and small circuits grow past the page's cap until they fill the screen.
const MIN_TEXT_PX = 12;
const PROJECTED_TEXT_PX = 26; // legible from the back of a room: wire numbers at least 26 px, the camera follows the step
const MAX_SCALE = 1.8;
const PROJECTED_MAX_SCALE = 4;
// The browser throttles frequent history.replaceState calls, so a fast scrub writes the step at most every
// URL_STEP_MS; the last position is always written.
const URL_STEP_MS = 200;

function structureKey(g) {
  const nodes = g.nodes.map((n) => `${n.id}:${n.kind}:${n.label}:${n.name}:${n.inputs.join(".")}`).join("|");
  return `${nodes}#${g.output}`;
}

// Each phase leaves a performance measure ("circuit-layout", "circuit-render", ...) for benchmarks/frontend.py.
function timed(name, work) {
  const start = performance.now();
  const result = work();
  performance.measure(name, { start, end: performance.now() });
  return result;
}

/** Mount the circuit view in `host`; ctx = {store, bus, player, t, has, errorText, source, connection?}. */
export function mountCircuit(host, ctx) {
  const { store, bus, player, t, has, errorText, source } = ctx;
  const $ = (id) => host.querySelector(`#${id}`);
  const emit = (type, detail) => bus.dispatchEvent(new CustomEvent(type, { detail }));
  // Readiness and staleness are marked on the view's own element, never on a host page's <body> (in a notebook
  // that is JupyterLab's, shared by every widget).
  const mark = host.dataset;
  let graph = null; // what is drawn: the answer with the page's choice of groups collapsed
  let answer = null; // the graph as its source sent it
  let inflight = null;
  let drawnPrecision = null;
  let marks = NO_MARKS;
  let urlStepTimer = null;
  let urlStepAt = 0;
  const measure = createMeasurer();
  const renderer = createRenderer($("circuit"), {
    label: t("circuit.label"),
    onHover: (node) => {
      renderer.highlight(node);
      emit("hover-node", { node, source: "circuit" });
    },
    onSelect: (node) => emit("select-node", { node, source: "circuit" }),
    onOpen: (node) => toggleGroupOf(node),
    onZoom: (transform, box) => minimap.view(transform, box.width, box.height),
  });
  const minimap = createMinimap($("minimap"), { centreOn: (x, y) => renderer.centreOn(x, y), label: t("view.minimap") });

  // Which groups are drawn collapsed: the page's choice, "auto" measured against the reference box.
  const opensWholeHere = (g) => opensWhole(g, { measure, precision: store.get().prec, t });
  const collapsedNow = (g = answer) => collapsedGroups(g, store.get().grp, opensWholeHere);

  function setReady(ready) {
    mark.ready = ready ? "true" : "false";
    if (ready) performance.mark("circuit-ready");
  }

  function showStatus(text) {
    const status = $("circuit-status");
    status.textContent = text || "";
    status.hidden = !text;
  }

  /** Fit the drawing to its box within the zoom limits of the current mode; `options` may override them. */
  function fit(options = {}) {
    const projected = Boolean(store.get().proj);
    const minScale = (projected ? PROJECTED_TEXT_PX : MIN_TEXT_PX) / FONT_SIZE;
    renderer.fit({ minScale, maxScale: projected ? PROJECTED_MAX_SCALE : MAX_SCALE, ...options });
  }

  function draw(g, state) {
    const scene = timed("circuit-measure", () => buildScene(g, { measure, precision: state.prec, t }));
    const layout = timed("circuit-layout", () => layoutCircuit(g, scene.sizes));
    timed("circuit-render", () => {
      renderer.draw(scene, layout);
      minimap.draw(layout);
      fit();
    });
    controls.setNames(searchableNames(g));
    const count = answer?.collapsible?.length ?? 0;
    controls.setGroups({ count, anyExpanded: collapsedNow().size < count });
  }

  /** Collapse every group while any is open, else open them all (the G key and the groups button). */
  function toggleGroups() {
    if (!answer?.collapsible?.length) return;
    const open = collapsedNow().size < answer.collapsible.length;
    store.set({ grp: open ? "all" : "none" });
  }

  /** A double-click on a collapsed group opens it; on a gate inside an open group, collapses the group. */
  function toggleGroupOf(node) {
    const group = (answer?.collapsible || []).find((candidate) => candidate.node === node || candidate.members.includes(node));
    if (!group) return;
    const collapsed = collapsedNow().has(group.node);
    if (collapsed && node !== group.node) return;
    store.set({ grp: toggleGroup(answer, store.get().grp, group.node, opensWholeHere) });
  }

  function skipToBackward() {
    if (!graph) return;
    player.pause();
    player.seek(backwardStart(graph), "step");
  }

  /** Show the gate or input a search names: the player moves to its forward step and the view to it. */
  function jumpTo(query) {
    const node = findNode(graph, query);
    if (!node) return false;
    player.pause();
    if (node.kind === "gate") player.seek(forwardPosition(graph, node.id), "step");
    renderer.reveal("node", node.id);
    emit("select-node", { node: node.id, source: "search" });
    return true;
  }

  function show(received, { pos } = {}) {
    // Values for names this program does not have (left from an earlier program) leave the URL.
    if (Array.isArray(received.inputs)) store.keepValuesFor?.(received.inputs.map((input) => input.name));
    const state = store.get();
    answer = received;
    const next = timed("circuit-collapse", () => collapseGraph(received, collapsedNow(received)));
    const size = drawable(next);
    if (!size.ok) return showTooBig(next, size);
    const structural = !graph || structureKey(graph) !== structureKey(next) || drawnPrecision !== state.prec;
    graph = next;
    drawnPrecision = state.prec;
    if (structural) draw(graph, state);
    const total = (graph.steps || []).length;
    const wanted = pos ?? (state.step === "end" ? total : state.step);
    showStatus("");
    delete mark.stale;
    timed("circuit-paint", () => player.load(total, Math.min(total, wanted)));
    setReady(true);
    timed("circuit-listeners", () => emit("graph", { graph, state, structural }));
  }

  // A program too big to draw in reasonable time says so instead of hanging the tab.
  function showTooBig(next, size) {
    graph = null;
    renderer.clear();
    const value = next.nodes.find((node) => node.id === next.output)?.value;
    const message = t("circuit.too_big", { ...size, value: formatNumber(value, store.get().prec) });
    showStatus(message);
    $("narration").textContent = "";
    setReady(true);
    emit("graph-error", { error: { code: "too_big", message }, state: store.get() });
  }

  function showError(error) {
    if (!graph) {
      renderer.clear();
      showStatus(t("circuit.error", { message: errorText(error) }));
    } else if (error?.code !== "network") {
      // The last good circuit stays for reference, dimmed and labelled, so it is not mistaken for this program's.
      mark.stale = "true";
      showStatus(t("circuit.stale"));
    }
    setReady(true);
    emit("graph-error", { error, state: store.get() });
  }

  async function evaluate(keepPosition) {
    const state = store.get();
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    setReady(false);
    let result;
    try {
      result = await source.graph(
        { expr: state.expr, values: state.v, expandSigmoid: state.sig, seed: state.seed },
        { signal: controller.signal },
      );
    } catch {
      return; // aborted by a newer edit
    }
    if (inflight !== controller) return;
    inflight = null;
    if (result.error?.code === "network") ctx.connection?.reportFailure();
    else ctx.connection?.reportSuccess();
    if (result.graph) show(result.graph, keepPosition ? {} : { pos: Number.MAX_SAFE_INTEGER });
    else showError(result.error);
  }

  /** Draw the frame at the player's position with the page's marks; returns its step (or null). */
  function paint(reason) {
    if (!graph) return null;
    const state = store.get();
    const frame = frameAt(graph, player.pos);
    const stepped = reason === "tick" || reason === "step";
    // Heatmaps take their colours from the palette and theme: a change of either paints them again.
    const palette = `${state.pal}/${state.theme}`;
    paintFrame(renderer, graph, frame, { precision: state.prec, t, showCurrent: !frame.done || stepped, marks: { ...marks, palette } });
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

  const controls = createControls({
    player,
    fit,
    zoomBy: (factor) => renderer.zoomBy(factor),
    t,
    skipToBackward,
    jumpTo: (query) => jumpTo(query),
    toggleGroups,
    root: host,
    keys: ctx.keys ?? host.ownerDocument,
  });
  player.addEventListener("change", (event) =>
    timed("circuit-step", () => {
      const { pos, total, playing, reason } = event.detail;
      const step = paint(reason);
      controls.sync();
      scheduleStepWrite();
      emit("step", { pos, total, playing, reason, step });
    }),
  );
  store.subscribe((state, changed) => {
    if (changed.some((key) => key === "expr" || key === "v" || key === "sig" || key === "seed")) {
      evaluate(!changed.includes("expr") && !changed.includes("sig"));
    } else if (changed.includes("prec") && answer) {
      show(answer, { pos: player.pos });
    } else if (changed.includes("grp") && answer) {
      show(answer, { pos: player.pos >= player.total ? Number.MAX_SAFE_INTEGER : 0 });
    } else if ((changed.includes("pal") || changed.includes("theme")) && graph) {
      paint("palette");
    } else if (changed.includes("step") && graph) {
      player.seek(state.step === "end" ? player.total : state.step, "seek");
    }
  });
  bus.addEventListener("request-graph", (event) => store.set(event.detail || {}));
  bus.addEventListener("seek", (event) => player.seek(event.detail?.pos));
  bus.addEventListener("hover-node", (event) => {
    if (event.detail?.source !== "circuit") renderer.highlight(event.detail?.node ?? null);
  });

  return {
    /** Draw the first circuit: the one the host already has, else the one the state asks for. */
    start(initial) {
      if (initial && !initial.error && Array.isArray(initial.nodes)) show(initial);
      else if (initial?.error) showError(initial.error);
      else return evaluate(true);
      return Promise.resolve();
    },
    evaluate,
    show,
    fit,
    /** Repaint the current frame (after a language change). */
    repaint: (reason = "language") => paint(reason),
    /** The page's marks on the drawing: {selected, quiz, thickness, checks}; missing keys keep their value. */
    setMarks(patch) {
      // Panels restate their marks on every new circuit; repainting thousands of wires for no change is slow.
      if (Object.entries(patch).every(([key, value]) => sameMark(marks[key], value))) return;
      marks = { ...marks, ...patch };
      paint("marks");
    },
    isNode: (target) => renderer.isNode(target),
    get graph() {
      return graph;
    },
    get svg() {
      return renderer.svg;
    },
  };
}
