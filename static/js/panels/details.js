// Clicking a gate shows its local derivative with the numbers plugged in (local × upstream = downstream);
// clicking an input shows the numerical gradient check from the server. A collapsed neuron lists the weights
// and bias it holds (drawn inside its gate, not as wires) with their values and gradients.

import { forwardLatex, gateDerivation, gradcheckLatex, nameLatex, numberLatex } from "../shared/derivation.js";
import { el, text } from "../shared/dom.js";
import { routesPattern } from "../shared/kinks.js";
import { arrayDetails, isArrayNode } from "./arraydetails.js";

// Beside this module, so it shares the page's version prefix (/static/v-<hash>/) and its year-long cache.
const KATEX_DIR = new URL("../../vendor/katex-0.19.1", import.meta.url).pathname;
const CHECK_DEBOUNCE_MS = 120;
let katexLoading = null;

/** Loads the vendored KaTeX once (the page may already have it). */
export function loadKatex() {
  if (globalThis.katex) return Promise.resolve(globalThis.katex);
  if (!katexLoading) {
    katexLoading = new Promise((resolve, reject) => {
      if (!document.querySelector(`link[href^="${KATEX_DIR}"]`)) {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = `${KATEX_DIR}/katex.min.css`;
        document.head.append(css);
      }
      const script = document.createElement("script");
      script.src = `${KATEX_DIR}/katex.min.js`;
      script.onload = () => resolve(globalThis.katex);
      script.onerror = () => reject(new Error("KaTeX failed to load"));
      document.head.append(script);
    });
  }
  return katexLoading;
}

/** Renders LaTeX into a new element; falls back to the source text if KaTeX refuses it. */
function math(latex, display = true) {
  const el = document.createElement(display ? "div" : "span");
  el.className = "math";
  el.dataset.latex = latex;
  try {
    globalThis.katex.render(latex, el, { displayMode: display, throwOnError: true, strict: "ignore" });
  } catch {
    el.textContent = latex;
    el.classList.add("math-fallback");
  }
  return el;
}

/** The details box: `show(nodeId)`, `update(graph)`, `close()`. */
export function createDetails(box, { t, fmt, exact = fmt, onExpand, relation, gradcheck, onSelectInput, getGraph, onSelected }) {
  let selected = null;
  let checks = null; // {graph, rows} of the last answer
  let checkTimer = 0;

  // The drawing marks the selected gate or input itself (the renderer owns its SVG).
  let marked;
  function markSelected() {
    if (marked === selected) return;
    marked = selected;
    onSelected(selected);
  }

  function header(title, subtitle) {
    const head = document.createElement("div");
    head.className = "details-head";
    const heading = text("h3", "details-title", title);
    const close = text("button", "details-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", t("details.close"));
    close.addEventListener("click", () => api.close());
    head.append(heading, close);
    const parts = [head];
    if (subtitle) parts.push(text("p", "details-subtitle", subtitle));
    return parts;
  }

  // The gate's backward pattern, and at a kink (a max tie, relu at 0) the convention the numbers follow.
  function patternLine(node, rows) {
    let pattern = node.gate === "sub" ? "subtracts" : rows[0]?.pattern;
    if (pattern === "routes") pattern = routesPattern(node.gate);
    if (rows[0]?.kink) return t(`details.pattern.${rows[0].kink}`);
    return pattern ? t(`details.pattern.${pattern}`) : null;
  }

  function gateView(graph, node) {
    const rows = gateDerivation(graph, node.id, fmt, relation);
    const parts = header(t("details.gate_title", { label: node.label, gate: node.gate || "" }), patternLine(node, rows));
    parts.push(text("h4", "details-section", t("details.forward")), math(forwardLatex(graph, node.id, fmt)));
    parts.push(text("h4", "details-section", t("details.backward")));
    parts.push(text("p", "details-legend", t("details.legend")));
    for (const row of rows) {
      const block = document.createElement("div");
      block.className = "derivation";
      block.dataset.input = String(row.input);
      if (row.symbolic) block.append(math(row.symbolic));
      block.append(math(row.chain));
      if (row.sum) {
        block.append(text("p", "details-note", t("details.accumulates")), math(row.sum));
      }
      parts.push(block);
    }
    if (node.params?.length) parts.push(...paramsView(node.params));
    return parts;
  }

  function paramsView(params) {
    const table = text("table", "details-params", null);
    const head = table.createTHead().insertRow();
    for (const key of ["name", "value", "gradient"]) head.append(el("th", { scope: "col" }, t(`details.param_${key}`)));
    const body = table.createTBody();
    for (const param of params) {
      const row = body.insertRow();
      row.dataset.input = String(param.node);
      row.append(el("th", { scope: "row" }, param.name), text("td", "value", fmt(param.value)), text("td", "grad", fmt(param.gradient)));
    }
    const title = t("details.params", { count: params.length });
    return [text("h4", "details-section", title), text("p", "details-legend", t("details.params_legend")), table];
  }

  function fillChecks(result, rows, name, stale) {
    result.classList.toggle("is-stale", stale);
    const row = (rows || []).find((r) => r.name === name);
    if (!row) {
      result.textContent = t("details.gradcheck_missing");
      return;
    }
    if (row.numeric === null || row.relative_error === null) {
      result.replaceChildren(text("p", "gradcheck-verdict is-off", t("details.gradcheck_domain")));
      return;
    }
    const lines = gradcheckLatex(row, fmt);
    const ok = row.ok ?? row.relative_error < 1e-5;
    const verdict = text("p", `gradcheck-verdict ${ok ? "is-ok" : "is-off"}`, t(ok ? "details.agree" : "details.disagree"));
    result.replaceChildren(math(lines.numeric), math(lines.analytic), math(lines.error), verdict);
  }

  // While a slider is dragged the previous check stays on screen (dimmed) and only the last value is checked.
  function requestChecks(graph, name) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(
      () => {
        gradcheck()
          .then((rows) => {
            checks = { graph, rows };
            const result = box.querySelector(".gradcheck");
            if (result && getGraph() === graph) fillChecks(result, rows, name, false);
          })
          .catch((error) => {
            const result = box.querySelector(".gradcheck");
            if (result) result.textContent = t("details.gradcheck_failed", { message: error?.message || "" });
          });
      },
      checks ? CHECK_DEBOUNCE_MS : 0,
    );
  }

  function inputView(graph, node) {
    const input = (graph.inputs || []).find((i) => i.node === node.id);
    const name = input?.name || node.name || node.label;
    const parts = header(t("details.input_title", { name }), null);
    parts.push(
      math(
        `${nameLatex(name)} = ${numberLatex(fmt(node.value))}, \\quad ` +
          `\\frac{\\partial f}{\\partial ${nameLatex(name)}} = ${numberLatex(fmt(node.gradient))}`,
      ),
      text("h4", "details-section", t("details.gradcheck")),
      text("p", "details-legend", t("details.gradcheck_legend")),
    );
    const result = document.createElement("div");
    result.className = "gradcheck";
    result.textContent = t("details.loading");
    parts.push(result);
    const slope = text("button", "details-slope", t("details.show_slope"));
    slope.type = "button";
    slope.addEventListener("click", () => onSelectInput(name));
    parts.push(slope);
    if (checks) fillChecks(result, checks.rows, name, checks.graph !== graph);
    if (!checks || checks.graph !== graph) requestChecks(graph, name);
    return parts;
  }

  function render() {
    const graph = getGraph();
    const node = graph && selected !== null ? graph.nodes.find((n) => n.id === selected) : null;
    if (!node || node.kind === "const") {
      selected = null;
      box.hidden = true;
      box.replaceChildren();
      markSelected();
      return;
    }
    box.hidden = false;
    if (isArrayNode(node)) {
      const title = node.kind === "input" ? t("details.input_title", { name: node.name }) : t("details.gate_title", { label: node.label, gate: node.gate || "" });
      box.replaceChildren(...header(title, null), ...arrayDetails(graph, node, { t, exact, onExpand }));
    } else box.replaceChildren(...(node.kind === "input" ? inputView(graph, node) : gateView(graph, node)));
    markSelected();
  }

  const api = {
    async show(nodeId) {
      selected = nodeId;
      await loadKatex().catch(() => null);
      render();
    },
    update() {
      if (selected === null) {
        markSelected();
        return;
      }
      render();
    },
    close() {
      selected = null;
      render();
    },
    selected: () => selected,
  };

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && selected !== null) api.close();
  });
  box.hidden = true;
  return api;
}
