// One caption per step, stating the chain rule with the real numbers. All words come from i18n keys.

import { formatCaption, formatOperand, operandPrecision } from "../shared/format.js";
import { fillFormula } from "../shared/formula.js";

const MAX_SOURCE_NAME = 14;
// The arithmetic gates, by name: their worked operands get the digits that make the shown result add up.
const ARITHMETIC = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
};
const times = (a, b) => a * b;

/** The source text a node came from, when it is one short line. */
function sourceText(graph, span) {
  if (!span || span.line !== span.end_line) return null;
  const line = String(graph.expr || "").split("\n")[span.line - 1];
  if (line === undefined) return null;
  const text = line.slice(span.column - 1, span.end_column - 1).trim();
  return text && text.length <= MAX_SOURCE_NAME ? text : null;
}

// Inside a σ drawn as its chain, a wire has no name of its own: captions say the sub-expression it carries,
// as its gate declares it (node.formula.member).
function sigmaText(graph, node) {
  const member = node?.formula?.member;
  if (!member || node.group === null || node.group === undefined || node.group === node.id) return null;
  const input = graph.nodes.find((candidate) => candidate.id === node.inputs[0]);
  return fillFormula(member, [sigmaText(graph, input) ?? wireName(graph, node.inputs[0])]);
}

/** How a caption names a wire: its variable name, its short source text, or "(symbol)". */
export function wireName(graph, nodeId) {
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) return "?";
  if (node.name) return node.name;
  if (node.kind === "const") return String(node.value);
  const inside = sigmaText(graph, node);
  if (inside) return `(${inside})`;
  const source = sourceText(graph, node.span);
  if (source) return /^[A-Za-z_]\w*$/.test(source) || /^\(.*\)$/.test(source) ? source : `(${source})`;
  // A long subexpression goes by the name the generated code gives it ("t4"), as the code panel shows.
  const line = (graph.code?.forward || []).find((entry) => entry.node === nodeId);
  const codeName = /^\s*([A-Za-z_]\w*)\s*=/.exec(line?.text || "")?.[1];
  return codeName || `(${node.label || node.gate || "?"})`;
}

function outputName(graph) {
  const node = graph.nodes.find((candidate) => candidate.id === graph.output);
  return node?.name || "f";
}

// Gates with a constant inside ("+1", "*-1", "1/x", "^2") are named by their symbol, the others by name.
function gateName(t, has, gate, label) {
  const key = `gate.${gate}`;
  return has(key) ? t(key) : t("gate.symbol", { label: label || gate || "?" });
}

/** "−2.00 + 5.00", "exp(−1.00)", "1 / 1.37" for a forward step: the gate's formula with the numbers in. */
export function forwardFormula(formula, inputs, fmt) {
  return fillFormula(formula, inputs.map(fmt));
}

function literal(value) {
  return Number.isInteger(value) ? String(value).replace(/^-/, "\u2212") : null;
}

/** The caption for the state after `pos` steps. `i18n` = {t, has}. */
/** Two sentences as one caption: a space after a Latin full stop, none after a Chinese one ("。"). */
export function joinSentences(first, second) {
  return /[。！？：]$/.test(first) ? `${first}${second}` : `${first} ${second}`;
}

export function caption(graph, pos, { t, has = () => false, precision = 2 }) {
  const steps = graph.steps || [];
  const fmt = (value) => formatCaption(value, precision);
  // fmtWorked(operands, result, combine): formatters for the operands of a worked sum or product.
  const fmtWorked = (operands, result, combine) => {
    const digits = operandPrecision(operands, result, combine, precision);
    return (value) => formatOperand(value, digits, precision);
  };
  const f = outputName(graph);
  if (!steps.length) return t("narration.ready");
  if (pos <= 0) return t("narration.start");
  const step = steps[Math.min(pos, steps.length) - 1];
  let text = describe(graph, step, { t, has, fmt, fmtWorked, f });
  if (pos >= steps.length) text = joinSentences(text, t("narration.done"));
  return text;
}

function describe(graph, step, { t, has, fmt, fmtWorked, f }) {
  if (step.phase === "forward") {
    const node = graph.nodes.find((candidate) => candidate.id === step.node);
    const inputs = step.inputs || [];
    const combine = inputs.length === 2 ? ARITHMETIC[step.gate] : undefined;
    const params = {
      gate: gateName(t, has, step.gate, step.label),
      name: wireName(graph, step.node),
      formula: forwardFormula(node?.formula?.text, inputs, combine ? fmtWorked(inputs, step.value, combine) : fmt),
      value: fmt(step.value),
    };
    return t(node?.name ? "narration.forward_named" : "narration.forward", params);
  }
  if (step.phase === "seed") return t("narration.seed", { f, value: fmt(step.gradient ?? 1) });
  const gateNode = graph.nodes.find((candidate) => candidate.id === step.node);
  const factor = step.pattern === "swaps" ? step.other : step.local;
  const fmtFactor = fmtWorked([factor, step.upstream], step.product, times);
  const fmtTerm = fmtWorked([step.total_before, step.product], step.total, (a, b) => a + b);
  const params = {
    gate: gateName(t, has, step.gate, step.label),
    label: step.label,
    f,
    x: wireName(graph, step.input),
    q: wireName(graph, step.node),
    upstream: fmtFactor(step.upstream),
    local: fmtFactor(step.local),
    product: fmt(step.product),
    other: fmtFactor(step.other),
    other_name: "",
    before: fmtTerm(step.total_before),
    total: fmt(step.total),
  };
  let key = `narration.${step.pattern}`;
  if (step.pattern === "swaps" && gateNode) {
    const otherId = gateNode.inputs[step.port === 0 ? 1 : 0];
    params.other_name = wireName(graph, otherId ?? step.input);
  }
  if (step.pattern === "distributes" || step.pattern === "scales" || step.pattern === "routes") {
    params.local = literal(step.local) ?? fmtFactor(step.local);
  }
  if (step.pattern === "routes") {
    if (step.local === 0) key = "narration.routes_blocked";
    else if (step.gate === "max" || step.gate === "min") key = `narration.routes_${step.gate}`;
  }
  // The subtract gate hands its right input the negated gradient: not "distributes equally".
  if (step.gate === "sub" && step.pattern === "distributes") key = "narration.subtracts";
  if (!has(key)) key = "narration.local";
  let text = t(key, params);
  if (step.accumulates) {
    const steps = graph.steps || [];
    const earlier = steps.slice(0, step.index).some((other) => other.phase === "backward" && other.input === step.input);
    const sum = earlier ? { ...params, product: fmtTerm(step.product) } : params;
    text = joinSentences(text, t(earlier ? "narration.accumulates" : "narration.accumulates_first", sum));
  }
  return text;
}
