// The side panels (editor, inputs, examples, code, details, σ, slope, export), mounted on the page's
// bus. The templates hold every panel's box; this module only brings them to life.

import { circuitSvgText } from "../circuit/snapshot.js";
import { language } from "../i18n.js";
import { formatNumber, workedRelation } from "../shared/format.js";
import { valuesAfterEdit } from "../shared/programtext.js";
import { serializeState } from "../state.js";
import { createCodePanel } from "./codepanel.js";
import { createDetails } from "./details.js";
import { createEditor } from "./editor.js";
import { createExamples } from "./examples.js";
import { createExport, exportName } from "./export.js";
import { createInputs } from "./inputs.js";
import { createNudge } from "./nudge.js";
import { createSeed } from "./seed.js";
import { createSigma } from "./sigma.js";
import { createSlope } from "./slope.js";

// The first edit after this long a pause starts a new history entry; the edits of one burst share it.
const EDIT_PAUSE_MS = 2000;
const FIGURE_LINES = 14; // a staged program's statements fit; a longer one ends in "…"

function shapeOf(graph) {
  return (graph?.nodes || []).map((n) => `${n.kind}:${n.label}:${n.inputs.join(".")}`).join("|");
}

const WIDE_EDITOR_KEY = "circuitgrad.wideEditor";

/** The program panel's width toggle: the notes' long lines show whole; the choice outlives the page. */
function wireWideEditor(button, refit) {
  if (!button) return;
  const apply = (wide) => {
    document.body.dataset.editorWide = String(wide);
    button.setAttribute("aria-pressed", String(wide));
  };
  let remembered = false;
  try {
    remembered = localStorage.getItem(WIDE_EDITOR_KEY) === "1";
  } catch {
    // Storage may be off (private windows, sandboxed frames): the toggle still works for this page.
  }
  apply(remembered);
  button.addEventListener("click", () => {
    const wide = document.body.dataset.editorWide !== "true";
    apply(wide);
    try {
      localStorage.setItem(WIDE_EDITOR_KEY, wide ? "1" : "0");
    } catch {
      // See above.
    }
    requestAnimationFrame(refit);
  });
}

/** Runs `fn` after the browser has painted the current frame. */
function afterPaint(fn) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** Mount the panels; ctx = {store, bus, player, t, errorText, api, circuit}. Returns {editor} for the checks. */
export function mountPanels({ store, bus, player, t, errorText, api, circuit }) {
  const $ = (id) => document.getElementById(id);
  const state = store.get();
  const fmt = (value) => formatNumber(value, store.get().prec);
  const request = (patch) => bus.dispatchEvent(new CustomEvent("request-graph", { detail: patch }));
  const hoverNode = (node) => bus.dispatchEvent(new CustomEvent("hover-node", { detail: { node, source: "panels" } }));
  // A failed request as an Error in the page's language, for the panels that show `error.message`.
  const orThrow = (result) => {
    if (result.error) throw new Error(errorText(result.error));
    return result;
  };
  /** The step the player shows now (the step at position k is steps[k - 1]). */
  const currentStep = () => (player.pos > 0 ? (circuit.graph?.steps?.[player.pos - 1] ?? null) : null);

  let lastEditAt = Number.NEGATIVE_INFINITY;
  const editor = createEditor($("program-panel"), {
    t,
    onChange: (text) => {
      examples.clear();
      // The text wins over a slider for the inputs whose assignment this edit wrote or changed.
      const s = store.get();
      if (text.trim()) {
        if (performance.now() - lastEditAt > EDIT_PAUSE_MS) store.checkpoint();
        lastEditAt = performance.now();
        request({ expr: text, v: valuesAfterEdit(s.v, s.expr, text) });
      } else editor.setError({ message: t("circuit.empty"), line: null, column: null });
    },
    onEscape: () => $("play")?.focus(),
  });
  if (!editor.getText()) editor.setText(state.expr);
  $("skip-to-player")?.addEventListener("click", () => $("play")?.focus());
  wireWideEditor($("widen-editor"), () => circuit.fit({ duration: 250 }));

  const inputs = createInputs($("inputs"), {
    t,
    fmt,
    // Only the values the URL already pins, plus this one: the rest keep their literal defaults.
    onValue: (name, value) => request({ v: { ...store.get().v, [name]: value } }),
    onSelect: (name) => store.set({ sel: name }),
  });

  // New random values: a seed change is a deliberate action, so Back brings the old numbers again.
  const seed = createSeed($("seed-row"), {
    t,
    onSeed: (next) => {
      store.checkpoint();
      request({ seed: next });
    },
  });

  const examples = createExamples($("examples"), {
    t,
    lang: language,
    load: async () => orThrow(await api.fetchExamples()).examples,
    onPick: (example) => {
      editor.setText(example.expr);
      store.checkpoint(); // Back brings the program that was there before the example
      lastEditAt = Number.NEGATIVE_INFINITY;
      request({ expr: example.expr, v: example.values, sig: Boolean(example.expand_sigmoid), step: "end" });
    },
  });

  // Details of the clicked gate or input; the drawing marks the selected one.
  const details = createDetails($("details"), {
    t,
    fmt,
    relation: (operands, result, combine) => workedRelation(operands, result, combine, store.get().prec),
    // An array's numbers in the details, with a few more digits than its wires (the exact numbers).
    exact: (value) => formatNumber(value, Math.max(4, store.get().prec)),
    // A small matrix product written out entry by entry is a program of its own; Back returns to the matrices.
    // It opens with every gate drawn (its entries' sums are groups): the student asked to see them.
    onExpand: (program) => {
      editor.setText(program);
      store.checkpoint();
      lastEditAt = Number.NEGATIVE_INFINITY;
      request({ expr: program, v: {}, step: "end", grp: "none" });
    },
    getGraph: () => circuit.graph,
    onSelectInput: (name) => store.set({ sel: name }),
    onSelected: (node) => circuit.setMarks({ selected: node }),
    // The values the URL pins (the graph on screen was computed from them), not every input's value:
    // a program may have more inputs than a request may carry values.
    gradcheck: async () => {
      const s = store.get();
      return orThrow(await api.fetchGradcheck({ expr: s.expr, values: s.v, expandSigmoid: s.sig, seed: s.seed })).checks;
    },
  });

  const sigma = createSigma($("sigma-panel"), {
    t,
    fmt,
    onToggle: (expanded) => {
      store.checkpoint();
      request({ sig: expanded });
    },
    fetchOther: async (expandSigmoid) => {
      const s = store.get();
      const result = await api.fetchGraph({ expr: s.expr, values: s.v, expandSigmoid, seed: s.seed });
      if (result.error) throw new Error(errorText(result.error) || t("slope.failed"));
      return result.graph;
    },
  });

  const slope = createSlope($("slope"), {
    t,
    fmt,
    onSelect: (name) => store.set({ sel: name }),
    fetchCurve: async (body) => orThrow(await api.fetchCurve(body)).curve,
  });

  // Generated code, linked to the drawing and the editor.
  const code = createCodePanel($("code-forward"), $("code-backward"), {
    onHover: hoverNode,
    onSelect: (node) => details.show(node),
  });
  const spanOf = (nodeId) => circuit.graph?.nodes.find((n) => n.id === nodeId)?.span || null;

  // The figure says what it shows: the program without comments, a legend and the step.
  const figureCaption = () => {
    const lines = store
      .get()
      .expr.split("\n")
      .map((line) => line.replace(/#.*$/, "").trimEnd())
      .filter((line) => line.trim());
    const program = lines.length > FIGURE_LINES ? [...lines.slice(0, FIGURE_LINES - 1), "…"] : lines;
    const step = t("export.step", { pos: player.pos, total: player.total });
    return { program, value: t("classroom.legend.value"), gradient: t("classroom.legend.grad"), step };
  };
  const exportStatus = $("export-status");
  createExport(
    { svg: $("export-svg"), png: $("export-png"), steps: $("export-steps"), html: $("export-html") },
    {
      snapshot: () => circuitSvgText(circuit.svg, figureCaption()),
      name: () => exportName(store.get().expr, player.pos, player.total),
      eachStep: async (draw) => {
        const back = player.pos;
        player.pause();
        try {
          for (let pos = 0; pos <= player.total; pos += 1) {
            player.seek(pos);
            await draw(pos, player.total);
          }
        } finally {
          player.seek(back);
        }
      },
      // The server writes the file as `circuitgrad export` does, at the player's step (the address lags a little).
      standalone: async () => {
        const step = player.pos >= player.total ? "end" : player.pos;
        const result = await api.fetchStandalone(serializeState({ ...store.get(), step }));
        if (result.error) throw new Error(errorText(result.error));
        return new Blob([result.html], { type: "text/html" });
      },
      onProgress: (pos, total) => {
        if (!exportStatus) return;
        exportStatus.hidden = pos === null;
        exportStatus.textContent = pos === null ? "" : t("export.steps_busy", { pos, total });
      },
      onError: (error) => editor.setError({ message: t("export.failed", { message: error.message }), line: null }),
    },
  );

  const nudge = createNudge($("nudge-panel"), {
    t,
    // More digits than the wires: the rise of a small step shows in the third or fourth decimal.
    fmt: (value) => formatNumber(value, Math.max(4, store.get().prec)),
    getGraph: () => circuit.graph,
    getValues: () => ({ ...store.get().v }),
    setValues: (v, { push }) => {
      if (push) store.checkpoint();
      request({ v });
    },
  });

  function refresh(graph, s) {
    inputs.update(graph, s.sel);
    seed.update(s.expr, s.seed);
    inputs.showStep(player.pos ?? Infinity);
    slope.update(graph, s.sel, { expr: s.expr, values: s.v });
  }

  let shownShape = null;
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
    if (structural) nudge.forget();
    nudge.update(graph);
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
    editor.setError({ ...error, message: errorText(error) });
  });
  bus.addEventListener("state", (event) => {
    const { state: s, changed } = event.detail;
    if (changed.includes("sel") && circuit.graph) refresh(circuit.graph, s);
    // Back and Forward bring another program: the editor shows it.
    if (changed.includes("expr") && s.expr !== editor.getText()) {
      editor.setText(s.expr);
      examples.clear();
    }
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
  document.body.dataset.panels = "ready";
  return { editor };
}
