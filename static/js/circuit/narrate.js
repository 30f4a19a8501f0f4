// One caption per step, stating the chain rule with the real numbers. All words come from i18n keys.

import { formatCaption, workedRelation } from "../shared/format.js";
import { fillFormula } from "../shared/formula.js";
import { kinkOf } from "../shared/kinks.js";
import { outputName, wireName } from "../shared/wirenames.js";
import { arrayCaption } from "./narrate-arrays.js";

export { wireName };

// The arithmetic gates, by name: their worked forward step says "≈" where rounding shows.
const ARITHMETIC = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
};
const times = (a, b) => a * b;
const plus = (a, b) => a + b;

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

/** Two sentences as one caption: a space after a Latin full stop, none after a Chinese one ("。"). */
export function joinSentences(first, second) {
  return /[。！？：]$/.test(first) ? `${first}${second}` : `${first} ${second}`;
}

/** The caption for the state after `pos` steps. `i18n` = {t, has}. Every number is printed as its wire shows it. */
export function caption(graph, pos, { t, has = () => false, precision = 2 }) {
  const steps = graph.steps || [];
  const fmt = (value) => formatCaption(value, precision);
  const relation = (operands, result, combine) => workedRelation(operands, result, combine, precision);
  const f = outputName(graph);
  if (!steps.length) return t("narration.ready");
  if (pos <= 0) return t("narration.start");
  const step = steps[Math.min(pos, steps.length) - 1];
  let text = describe(graph, step, { t, has, fmt, relation, f });
  if (pos >= steps.length) text = joinSentences(text, t("narration.done"));
  return text;
}

function describeForward(graph, step, { t, has, fmt, relation }) {
  const node = graph.nodes.find((candidate) => candidate.id === step.node);
  const inputs = step.inputs || [];
  const combine = inputs.length === 2 ? ARITHMETIC[step.gate] : undefined;
  const params = {
    gate: gateName(t, has, step.gate, step.label),
    name: wireName(graph, step.node),
    formula: forwardFormula(node?.formula?.text, inputs, fmt),
    eq: combine ? relation(inputs, step.value, combine) : "=",
    value: fmt(step.value),
  };
  return t(node?.name ? "narration.forward_named" : "narration.forward", params);
}

// Which message tells a backward step: the gate's pattern, its kink convention, or the subtract gate's own.
function backwardKey(graph, step) {
  const kink = kinkOf(graph, step);
  if (kink) return `narration.kink_${kink}`;
  if (step.pattern === "routes") {
    if (step.local === 0) return "narration.routes_blocked";
    if (step.gate === "max" || step.gate === "min") return `narration.routes_${step.gate}`;
  }
  // The subtract gate hands its right input the negated gradient: not "distributes equally".
  if (step.gate === "sub" && step.pattern === "distributes") return "narration.subtracts";
  return `narration.${step.pattern}`;
}

// A fanned-out wire's gradient arrives in parts: the part along this wire, the running sum so far, and
// after the last part the total ∂f/∂x. Each is named apart, so no two different numbers are both "∂f/∂x".
function accumulation(graph, step, params, { t, relation }) {
  const steps = graph.steps || [];
  const sameInput = (other) => other.phase === "backward" && other.input === step.input;
  const earlier = steps.slice(0, step.index).some(sameInput);
  const later = steps.slice(step.index + 1).some(sameInput);
  if (!earlier) return t("narration.accumulates_first", params);
  const eq = relation([step.total_before, step.product], step.total, plus);
  return t(later ? "narration.accumulates" : "narration.accumulates_total", { ...params, eq });
}

function describe(graph, step, { t, has, fmt, relation, f }) {
  const names = { wireName, gateName: (gate, label) => gateName(t, has, gate, label) };
  const onArrays = arrayCaption(graph, step, { t, f, ...names });
  if (onArrays !== null) return onArrays;
  if (step.phase === "forward") return describeForward(graph, step, { t, has, fmt, relation });
  if (step.phase === "seed") return t("narration.seed", { f, value: fmt(step.gradient ?? 1) });
  const gateNode = graph.nodes.find((candidate) => candidate.id === step.node);
  const factor = step.pattern === "swaps" ? step.other : step.local;
  const x = wireName(graph, step.input);
  const params = {
    gate: gateName(t, has, step.gate, step.label),
    label: step.label,
    f,
    x,
    q: wireName(graph, step.node),
    grad: step.accumulates ? t("narration.branch", { f, x }) : `\u2202${f}/\u2202${x}`,
    upstream: fmt(step.upstream),
    local: fmt(step.local),
    product: fmt(step.product),
    eq: relation([factor, step.upstream], step.product, times),
    other: fmt(step.other),
    other_name: "",
    before: fmt(step.total_before),
    total: fmt(step.total),
  };
  if (step.pattern === "swaps" && gateNode) {
    const otherId = gateNode.inputs[step.port === 0 ? 1 : 0];
    params.other_name = wireName(graph, otherId ?? step.input);
  }
  if (step.pattern === "distributes" || step.pattern === "scales" || step.pattern === "routes") {
    params.local = literal(step.local) ?? fmt(step.local);
  }
  let key = backwardKey(graph, step);
  if (!has(key)) key = "narration.local";
  const text = t(key, params);
  return step.accumulates ? joinSentences(text, accumulation(graph, step, params, { t, relation })) : text;
}
