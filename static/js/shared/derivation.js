// Pure builders for the details and σ panels: LaTeX with the numbers plugged in, gradient comparisons.

import { fillFormula } from "./formula.js";
import { kinkOf } from "./kinks.js";

/** A number as LaTeX: ASCII minus, and scientific notation as `a \times 10^{b}`. */
export function numberLatex(text) {
  const ascii = String(text).replace(/\u2212/g, "-");
  const sci = /^(-?[\d.]+)e([+-]?\d+)$/i.exec(ascii);
  if (!sci) return ascii;
  return `${sci[1]} \\times 10^{${Number(sci[2])}}`;
}

/** A factor of a product: negative numbers get parentheses. */
function factor(text) {
  const latex = numberLatex(text);
  return latex.startsWith("-") ? `(${latex})` : latex;
}

/** A wire or node name as LaTeX (`w0` → `w_{0}`, `sigx` → `\mathit{sigx}`). */
export function nameLatex(name) {
  const safe = String(name).replace(/[^A-Za-z0-9_]/g, "");
  const indexed = /^([A-Za-z])_?(\d+)$/.exec(safe);
  if (indexed) return `${indexed[1]}_{${indexed[2]}}`;
  if (safe.length === 1) return safe;
  return `\\mathit{${safe.replace(/_/g, "\\_")}}`;
}

const ASSIGNED = /^\s*([A-Za-z_]\w*)\s*=/;

/** The displayed name of a node: its own name, the name the generated code gives it, a constant's value. */
export function nodeName(graph, id) {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) return `n${id}`;
  if (node.name) return node.name;
  if (node.kind === "const") return String(node.value);
  const line = (graph.code?.forward || []).find((l) => l.node === id);
  const assigned = line ? ASSIGNED.exec(line.text) : null;
  return assigned ? assigned[1] : `n${id}`;
}

/** A wire's name in formulas: the server's LaTeX for it (inside a σ, its sub-expression), else built here. */
export function nodeLatex(graph, id) {
  const node = graph.nodes.find((n) => n.id === id);
  return node?.tex ?? nameLatex(nodeName(graph, id));
}

/** Relative error in scientific LaTeX with two significant digits. */
export function relativeErrorLatex(value) {
  if (!Number.isFinite(value)) return "\\infty";
  if (value === 0) return "0";
  return numberLatex(value.toExponential(1));
}

const LATEX_RELATION = { "=": "=", "\u2248": "\\approx" };

// At a tie the indicator [z ≥ w] reads 1 for both inputs, but the engine splits the gradient: ½ each.
function tieLatex(graph, step) {
  const gate = graph.nodes.find((n) => n.id === step.node);
  const [a, b] = gate.inputs.map((id) => nodeLatex(graph, id));
  const name = step.gate === "min" ? "\\min" : "\\max";
  const mine = nodeLatex(graph, step.input);
  return `\\frac{\\partial}{\\partial ${mine}}\\left(${name}(${a}, ${b})\\right) = \\tfrac{1}{2} \\quad (${a} = ${b})`;
}

/**
 * One row per wire into the gate: the symbolic local derivative, then `local × upstream = downstream`
 * with the numbers as the wires show them, and the running sum when the input fans out.
 * `relation(operands, result, combine)` says "=" or "≈" (format.js workedRelation) for the shown numbers.
 */
export function gateDerivation(graph, nodeId, fmt, relation = () => "=") {
  const steps = (graph.steps || []).filter((s) => s.phase === "backward" && s.node === nodeId);
  steps.sort((a, b) => a.port - b.port);
  const outName = nodeLatex(graph, nodeId);
  return steps.map((s) => {
    const inName = nodeLatex(graph, s.input);
    // Into a fanned-out input, each wire adds its share (`dx += ...` in the notes' code), so it is not `=`.
    const assign = s.accumulates ? "\\mathrel{+}=" : "=";
    const times = LATEX_RELATION[relation([s.local, s.upstream], s.product, (a, b) => a * b)] ?? "=";
    const plus = LATEX_RELATION[relation([s.total_before, s.product], s.total, (a, b) => a + b)] ?? "=";
    const chain =
      `\\begin{aligned} \\frac{\\partial f}{\\partial ${inName}} &${assign} ` +
      `\\frac{\\partial ${outName}}{\\partial ${inName}} \\cdot \\frac{\\partial f}{\\partial ${outName}} \\\\ ` +
      `&= ${factor(fmt(s.local))} \\times ${factor(fmt(s.upstream))} ${times} ${numberLatex(fmt(s.product))} \\end{aligned}`;
    const sum = s.accumulates
      ? `${numberLatex(fmt(s.total_before))} + ${factor(fmt(s.product))} ${plus} ${numberLatex(fmt(s.total))}`
      : null;
    const kink = kinkOf(graph, s);
    return {
      input: s.input,
      port: s.port,
      pattern: s.pattern,
      kink,
      symbolic: kink === "tie" ? tieLatex(graph, s) : s.latex || "",
      chain,
      sum,
      local: s.local,
      upstream: s.upstream,
      product: s.product,
    };
  });
}

/** The forward computation of a gate with names, then numbers: `q = x + y = -2.00 + 5.00 = 3.00`. */
export function forwardLatex(graph, nodeId, fmt) {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) return "";
  const operand = (id) => graph.nodes.find((n) => n.id === id);
  const names = node.inputs.map((id) => nodeLatex(graph, id));
  const numbers = node.inputs.map((id) => factor(fmt(operand(id)?.value ?? Number.NaN)));
  return (
    `${nodeLatex(graph, nodeId)} = ${fillFormula(node.formula?.tex, names)} = ` +
    `${fillFormula(node.formula?.tex, numbers)} = ${numberLatex(fmt(node.value))}`
  );
}

/** The centred difference and its agreement with the analytic gradient, as LaTeX lines. */
export function gradcheckLatex(row, fmt) {
  const x = nameLatex(row.name);
  return {
    numeric: `\\frac{f(${x}+h) - f(${x}-h)}{2h} = ${numberLatex(fmt(row.numeric))}`,
    analytic: `\\frac{\\partial f}{\\partial ${x}} = ${numberLatex(fmt(row.analytic))}`,
    error:
      `\\frac{\\lvert a - n \\rvert}{\\max(\\lvert a \\rvert, \\lvert n \\rvert)} = ` +
      relativeErrorLatex(row.relative_error),
  };
}

/** Input gradients of two evaluations side by side, each marked same or different. */
export function compareGradients(first, second, tolerance = 1e-9) {
  const names = [...new Set([...Object.keys(first || {}), ...Object.keys(second || {})])];
  return names.map((name) => {
    const a = first?.[name];
    const b = second?.[name];
    const scale = Math.max(1, Math.abs(a ?? 0), Math.abs(b ?? 0));
    const same = Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= tolerance * scale;
    return { name, collapsed: a, expanded: b, same };
  });
}

/** Whether a graph has a σ to collapse or expand. */
export function hasSigmoid(graph) {
  return (graph?.nodes || []).some((n) => n.gate === "sigmoid" || n.label === "σ" || n.group != null);
}
