// Quiz questions and answer checking: pure functions of the graph JSON, no DOM.

import { roundsToZero } from "../shared/format.js";
import { kinkOf, routesPattern } from "../shared/kinks.js";
import { wireName } from "../shared/wirenames.js";

const MINUS = /[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g;

/** A typed number: accepts the minus sign the page shows, a decimal comma, spaces; null if not a number. */
export function parseAnswer(text) {
  const cleaned = String(text ?? "")
    .trim()
    .replace(MINUS, "-")
    .replace(/\s+/g, "")
    .replace(/^\+/, "");
  if (!/^-?(\d+([.,]\d*)?|[.,]\d+)(e[-+]?\d+)?$/i.test(cleaned)) return null;
  const value = Number(cleaned.replace(",", "."));
  return Number.isFinite(value) ? value : null;
}

/** Right when within 1% relative, or 0.01 absolute or equal at the displayed precision for a number shown in decimals. */
export function isRight(typed, answer, prec = 2) {
  if (typed === null || !Number.isFinite(answer)) return false;
  const diff = Math.abs(typed - answer);
  if (diff <= 0.01 * Math.abs(answer)) return true;
  // An answer too small for the shown decimals is shown in e-notation and has no absolute slack: 0 is not 4.5e-5.
  if (roundsToZero(answer, prec)) return false;
  return diff <= 0.01 || sameAtPrecision(typed, answer, prec);
}

function sameAtPrecision(a, b, prec) {
  const digits = Math.max(0, Math.min(12, prec | 0));
  const zero = (x) => (Object.is(Number(x.toFixed(digits)), -0) ? 0 : x);
  return zero(a).toFixed(digits) === zero(b).toFixed(digits);
}

/** "right", "wrong" or "invalid" for one typed text. */
export function verdict(text, answer, prec = 2) {
  const typed = parseAnswer(text);
  if (typed === null) return "invalid";
  return isRight(typed, answer, prec) ? "right" : "wrong";
}

/** The quiz's modes: gradients wire by wire, gradients of the inputs, or the forward values of the gates. */
export const QUIZ_MODES = ["wires", "inputs", "values"];

/**
 * Where the player stands during a quiz: gradient quizzes at the end of the trace (every value shown),
 * a values quiz at the end of the forward pass (no gradient drawn yet).
 */
export function quizPosition(graph, mode) {
  const steps = graph?.steps || [];
  if (mode !== "values") return steps.length;
  const seed = steps.findIndex((step) => step.phase !== "forward");
  return seed < 0 ? steps.length : seed;
}

/**
 * One question per backward step (wires), per input (inputs) or per gate's forward step (values), in the
 * order the pass computes them.
 */
export function quizQuestions(graph, mode = "wires") {
  if (!graph || !Array.isArray(graph.nodes)) return [];
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const edges = new Map((graph.edges || []).map((edge) => [edge.id, edge]));
  const backward = (graph.steps || []).filter((step) => step.phase === "backward");
  if (mode === "inputs") return inputQuestions(graph, backward);
  if (mode === "values") return valueQuestions(graph, nodes, edges);
  return backward
    .filter((step) => edges.has(step.edge) && nodes.get(edges.get(step.edge).source)?.kind !== "const")
    .map((step) => {
      const edge = edges.get(step.edge);
      // Wires go by the names captions use: drawn on the circuit or typed in the program, never "t4".
      return {
        id: `edge-${edge.id}`,
        edge: edge.id,
        node: edge.target,
        from: wireName(graph, edge.source),
        to: wireName(graph, edge.target),
        answer: edge.gradient,
        step,
        kink: kinkOf(graph, step),
      };
    });
}

function inputQuestions(graph, backward) {
  return (graph.inputs || []).map((input) => {
    const wires = backward.filter((step) => step.input === input.node);
    return {
      id: `input-${input.node}`,
      edge: null,
      node: input.node,
      from: input.name,
      to: null,
      answer: input.gradient,
      fanout: wires.length,
      edges: wires.map((step) => step.edge),
      step: wires[wires.length - 1] || null,
      kink: kinkOf(graph, wires[wires.length - 1]),
    };
  });
}

// A gate's value is typed as one number: an array-valued gate (a matrix product, …) is not asked.
function valueQuestions(graph, nodes, edges) {
  const forward = (graph.steps || []).filter((step) => step.phase === "forward");
  return forward
    .filter((step) => typeof nodes.get(step.node)?.value === "number")
    .map((step) => {
      const node = nodes.get(step.node);
      const wires = [...edges.values()].filter((edge) => edge.source === node.id).map((edge) => edge.id);
      const from = wireName(graph, node.id); // as captions call it: drawn or typed, never "t4"
      return { id: `value-${node.id}`, kind: "value", edge: null, node: node.id, from, answer: node.value, edges: wires, step };
    });
}

/** The hint's message key and numbers for a question: the gate's backward pattern, then the numbers. */
export function hintFor(question, level = 1) {
  const step = question.step;
  if (question.kind === "value") {
    const params = { gate: step.label || step.gate, inputs: step.inputs || [] };
    return { key: level > 1 ? "quiz.hint.value_numbers" : "quiz.hint.value", params };
  }
  if (!step) return { key: "quiz.hint.unused", params: { name: question.from } };
  if (question.edge === null && question.fanout > 1) {
    return { key: "quiz.hint.fanout", params: { name: question.from, count: question.fanout } };
  }
  let pattern = ["distributes", "routes", "swaps", "scales"].includes(step.pattern) ? step.pattern : "local";
  if (step.gate === "sub") pattern = "subtracts"; // unchanged to the left, negated to the right
  if (pattern === "routes") pattern = routesPattern(step.gate);
  if (question.kink) pattern = question.kink; // a max tie splits, relu at 0 blocks: the engine's convention
  const params = { gate: step.label || step.gate, upstream: step.upstream, local: step.local, other: step.other };
  return level > 1 ? { key: "quiz.hint.numbers", params } : { key: `quiz.hint.${pattern}`, params };
}
