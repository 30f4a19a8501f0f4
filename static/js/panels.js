// Wiring only: the side panels (editor, inputs, examples, code, details, σ, slope, export) on the page's bus.

import { fetchGraph, readInitialGraph } from "./api.js";
import { createCodePanel } from "./codepanel.js";
import { createDetails } from "./details.js";
import { createEditor } from "./editor.js";
import { createExamples } from "./examples.js";
import { createExport } from "./export.js";
import { formatNumber, formatOperand, operandPrecision } from "./format.js";
import { valuesAfterEdit } from "./programtext.js";
import { errorMessage, language, loadLanguage, t } from "./i18n.js";
import { createInputs } from "./inputs.js";
import { app, bus } from "./main.js";
import { createSigma } from "./sigma.js";
import { createSlope } from "./slope.js";

const $ = (id) => document.getElementById(id);

function make(tag, attrs = {}, parent = null, content = null) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
  if (content !== null) el.textContent = content;
  if (parent) parent.append(el);
  return el;
}

/** The element with `id`, created inside `parent` when the page does not have it yet. */
function slot(id, tag, parent, attrs = {}) {
  return $(id) || make(tag, { id, ...attrs }, parent);
}

function section(parent, id, titleKey, panel) {
  const box = slot(id, "section", parent, { class: "cg-section", "data-panel": panel });
  if (titleKey && !box.querySelector(".cg-title")) make("h2", { class: "cg-title" }, box, t(titleKey));
  return box;
}

function postJson(path, body) {
  return fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  }).then(async (response) => {
    const payload = await response.json().catch(() => null);
    if (!response.ok || !payload || payload.error) {
      throw new Error(payload?.error?.message || t("error.server", { status: response.status }));
    }
    return payload;
  });
}

function shapeOf(graph) {
  return (graph?.nodes || []).map((n) => `${n.kind}:${n.label}:${n.inputs.join(".")}`).join("|");
}


/** Runs `fn` after the browser has painted the current frame. */
function afterPaint(fn) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** The step the player shows now (main.js: the step at position k is steps[k - 1]). */
function currentStep() {
  const pos = app.player?.pos ?? 0;
  return pos > 0 ? (app.graph?.steps?.[pos - 1] ?? null) : null;
}

function boot() {
  const state = app.state();
  const fmt = (value) => formatNumber(value, app.state().prec);
  const request = (patch) => bus.dispatchEvent(new CustomEvent("request-graph", { detail: patch }));
  const hoverNode = (node) =>
    bus.dispatchEvent(new CustomEvent("hover-node", { detail: { node, source: "panels" } }));

  const main = document.querySelector("main") || document.body;
  const editorPanel = slot("editor-panel", "aside", main, { class: "editor-panel" });
  const sidePanel = slot("side-panel", "aside", main, { class: "side-panel" });

  // Program: examples menu, editor and its error line.
  const programBox = section(editorPanel, "program-panel", null, "editor");
  if (!programBox.querySelector(".cg-title")) make("h2", { class: "cg-title" }, programBox, t("panel.program"));
  let examplesSelect = $("examples");
  if (!examplesSelect) {
    examplesSelect = make("select", { id: "examples", class: "examples-select" });
    programBox.querySelector(".cg-title").after(examplesSelect);
  }
  const editorHost = slot("editor-host", "div", programBox, { class: "editor-host" });
  const existing = $("editor");
  if (existing && !editorHost.contains(existing)) editorHost.append(existing);
  const errorLine = $("error");
  if (errorLine) editorHost.after(errorLine);
  const editor = createEditor(editorHost, {
    t,
    onChange: (text) => {
      examples.clear();
      // The text wins over a slider for the inputs whose assignment this edit wrote or changed.
      const s = app.state();
      if (text.trim()) request({ expr: text, v: valuesAfterEdit(s.v, s.expr, text) });
      else editor.setError({ message: t("circuit.empty"), line: null, column: null });
    },
  });
  if (!editor.getText()) editor.setText(state.expr);

  // Inputs.
  const inputsBox = section(editorPanel, "inputs-panel", "panel.inputs", "inputs");
  const inputs = createInputs(slot("inputs", "div", inputsBox, { class: "inputs" }), {
    t,
    fmt,
    // Only the values the URL already pins, plus this one: the rest keep their literal defaults.
    onValue: (name, value) => request({ v: { ...app.state().v, [name]: value } }),
    onSelect: (name) => app.update({ sel: name }),
  });

  const examples = createExamples(examplesSelect, {
    t,
    lang: language,
    load: () => fetch("/api/examples").then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText)))),
    onPick: (example) => {
      editor.setText(example.expr);
      request({ expr: example.expr, v: example.values, sig: Boolean(example.expand_sigmoid), step: "end" });
    },
  });

  // Details of the clicked gate or input.
  const details = createDetails(slot("details", "section", sidePanel, { class: "cg-section details" }), {
    t,
    fmt,
    worked: (operands, result, combine) => {
      const prec = app.state().prec;
      const digits = operandPrecision(operands, result, combine, prec);
      return (value) => formatOperand(value, digits, prec, { unicodeMinus: false });
    },
    getGraph: () => app.graph,
    onSelectInput: (name) => app.update({ sel: name }),
    // The values the URL pins (the graph on screen was computed from them), not every input's value:
    // a program may have more inputs than a request may carry values.
    gradcheck: () => {
      const s = app.state();
      return postJson("/api/gradcheck", {
        expr: s.expr,
        values: s.v,
        options: { expand_sigmoid: Boolean(s.sig) },
      }).then((body) => body.checks);
    },
  });

  // σ collapsed or expanded.
  const sigma = createSigma(section(sidePanel, "sigma-panel", null, "sigma"), {
    t,
    fmt,
    onToggle: (expanded) => request({ sig: expanded }),
    fetchOther: async (expandSigmoid) => {
      const s = app.state();
      const result = await fetchGraph({ expr: s.expr, values: s.v, expandSigmoid });
      if (result.error) throw new Error(result.error.message || t("slope.failed"));
      return result.graph;
    },
  });

  // Slope chart.
  const slope = createSlope(section(editorPanel, "slope", null, "chart"), {
    t,
    fmt,
    onSelect: (name) => app.update({ sel: name }),
    fetchCurve: (body) => postJson("/api/curve", body),
  });

  // Generated code, linked to the drawing and the editor.
  const codeBox = section(sidePanel, "code-panel", "panel.code", "code");
  const codeGrid = codeBox.querySelector(".code-grid") || make("div", { class: "code-grid" }, codeBox);
  const codeColumn = (id, titleKey) => {
    if ($(id)) return $(id);
    const column = make("div", { class: "code-column" }, codeGrid);
    make("h3", { class: "code-title" }, column, t(titleKey));
    return make("div", { id, class: "code-box" }, column);
  };
  const code = createCodePanel(codeColumn("code-forward", "code.forward"), codeColumn("code-backward", "code.backward"), {
    onHover: hoverNode,
    onSelect: (node) => details.show(node),
  });

  function spanOf(nodeId) {
    const node = app.graph?.nodes.find((n) => n.id === nodeId);
    return node?.span || null;
  }

  // Export.
  const exportBox = section(sidePanel, "export-panel", null, "export");
  if (!$("export-svg")) {
    const row = make("div", { class: "export-row" }, exportBox);
    const button = (id, key) => make("button", { id, type: "button", class: "cg-button", title: t(`${key}_title`) }, row, t(key));
    button("export-svg", "export.svg");
    button("export-png", "export.png");
  }
  createExport($("export-svg"), $("export-png"), {
    name: () => {
      const output = app.graph?.nodes.find((n) => n.id === app.graph.output);
      return `circuit-${(output?.name || "f").replace(/\W/g, "")}`;
    },
    onError: (error) => editor.setError({ message: t("export.failed", { message: error.message }), line: null }),
  });

  function refresh(graph, s) {
    inputs.update(graph, s.sel);
    inputs.showStep(app.player?.pos ?? Infinity);
    slope.update(graph, s.sel, { expr: s.expr, values: s.v });
  }

  let shownShape = shapeOf(app.graph);
  function applyGraph({ graph, state: s, structural }) {
    // The forward code shows the input values, so it follows sliders too (unchanged text is not redrawn).
    if (code.update(graph) || structural) code.showStep(currentStep());
    refresh(graph, s);
    // Node ids name other gates once the program changes shape; values-only changes keep the details open.
    const shape = shapeOf(graph);
    if (structural && details.selected() !== null && shape !== shownShape) details.close();
    shownShape = shape;
    details.update();
    sigma.update(graph, s.sig);
  }

  // The panels follow the circuit one frame later, so their work never delays the wires on screen.
  let pending = null;
  bus.addEventListener("graph", (event) => {
    const { state: s } = event.detail;
    if (s.expr === editor.getText()) editor.setError(null);
    const first = pending === null;
    pending = { ...event.detail, structural: event.detail.structural || Boolean(pending?.structural) };
    if (!first) return;
    document.body.dataset.panels = "pending";
    afterPaint(() => {
      const detail = pending;
      pending = null;
      applyGraph(detail);
      document.body.dataset.panels = "ready";
    });
  });
  bus.addEventListener("graph-error", (event) => {
    const { error, state: s } = event.detail;
    if (s.expr !== editor.getText()) return;
    const message =
      errorMessage(error) ||
      (error?.code === "network" ? t("error.network") : t("error.server", { status: error?.status ?? "?" }));
    editor.setError({ ...error, message });
  });
  bus.addEventListener("state", (event) => {
    const { state: s, changed } = event.detail;
    if (changed.includes("sel") && app.graph) refresh(app.graph, s);
  });
  bus.addEventListener("hover-node", (event) => {
    const { node, source } = event.detail || {};
    if (source !== "circuit" && source !== "panels") return;
    if (source === "circuit") code.mark(node ?? null);
    editor.setHighlight(node === null || node === undefined ? null : spanOf(node));
  });
  bus.addEventListener("select-node", (event) => details.show(event.detail.node));
  bus.addEventListener("step", (event) => {
    code.showStep(event.detail.step);
    inputs.showStep(event.detail.pos);
  });

  if (app.graph) {
    const s = app.state();
    code.update(app.graph);
    code.showStep(currentStep());
    refresh(app.graph, s);
    sigma.update(app.graph, s.sig);
  } else {
    const initial = readInitialGraph();
    if (initial?.error) editor.setError({ ...initial.error, message: errorMessage(initial.error) });
  }
  document.body.dataset.panels = "ready";
}

// main.js draws the first circuit on DOMContentLoaded; the panels must be listening by then.
loadLanguage(document.documentElement.lang || "en").then(() => {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot, { once: true });
  else boot();
});
