import assert from "node:assert/strict";
import { test } from "node:test";

import { hintFor, isRight, parseAnswer, quizPosition, quizQuestions, verdict } from "../../static/js/classroom/quizmath.js";

const graph = {
  expr: "(x+y)*z",
  output: 4,
  nodes: [
    { id: 0, kind: "input", name: "x", label: "x", value: -2 },
    { id: 1, kind: "input", name: "y", label: "y", value: 5 },
    { id: 2, kind: "gate", gate: "add", label: "+", name: null, value: 3, inputs: [0, 1],
      span: { line: 1, column: 1, end_line: 1, end_column: 6 }, formula: { text: "#0 + #1" } },
    { id: 3, kind: "input", name: "z", label: "z", value: -4 },
    { id: 4, kind: "gate", gate: "mul", label: "*", name: null, value: -12, inputs: [2, 3] },
  ],
  edges: [
    { id: 0, source: 0, target: 2, gradient: -4 },
    { id: 1, source: 1, target: 2, gradient: -4 },
    { id: 2, source: 2, target: 4, gradient: -4 },
    { id: 3, source: 3, target: 4, gradient: 3 },
  ],
  inputs: [
    { name: "x", node: 0, value: -2, gradient: -4 },
    { name: "y", node: 1, value: 5, gradient: -4 },
    { name: "z", node: 3, value: -4, gradient: 3 },
  ],
  code: { forward: [{ text: "q = x + y", node: 2 }, { text: "f = q * z", node: 4 }], backward: [] },
  steps: [
    { phase: "forward", node: 2, gate: "add", label: "+", inputs: [-2, 5], value: 3 },
    { phase: "forward", node: 4, gate: "mul", label: "*", inputs: [3, -4], value: -12 },
    { phase: "seed", node: 4, gradient: 1 },
    { phase: "backward", edge: 3, node: 4, input: 3, pattern: "swaps", label: "*", upstream: 1, local: 3, other: 3 },
    { phase: "backward", edge: 2, node: 4, input: 2, pattern: "swaps", label: "*", upstream: 1, local: -4, other: -4 },
    { phase: "backward", edge: 1, node: 2, input: 1, pattern: "distributes", label: "+", upstream: -4, local: 1 },
    { phase: "backward", edge: 0, node: 2, input: 0, pattern: "distributes", label: "+", upstream: -4, local: 1 },
  ],
};

test("answers accept the page's minus sign, a decimal comma and a plus sign", () => {
  assert.equal(parseAnswer("\u22124.00"), -4);
  assert.equal(parseAnswer(" -0,5 "), -0.5);
  assert.equal(parseAnswer("+3"), 3);
  assert.equal(parseAnswer(".5"), 0.5);
});

test("anything that is not a plain number is no answer at all", () => {
  for (const text of ["", "-", "abc", "1/2", "2*3", "1e", "NaN", "Infinity", "0x10"]) {
    assert.equal(parseAnswer(text), null, text);
  }
});

test("answers within the tolerance or equal at the shown precision are right", () => {
  assert.ok(isRight(-4.004, -4));
  assert.ok(isRight(190, 197.9) === false);
  assert.ok(isRight(196.6, 197.9));
  assert.ok(isRight(0.2, 0.196612, 2));
  assert.ok(isRight(0.21, 0.196612, 2) === false);
  assert.ok(isRight(0.21, 0.196612, 1));
  assert.equal(verdict("-8", -8), "right");
  assert.equal(verdict("8", -8), "wrong");
  assert.equal(verdict("x", -8), "invalid");
});

test("wire questions follow the backward pass, one per wire, named as the captions name them", () => {
  const questions = quizQuestions(graph, "wires");
  assert.deepEqual(
    questions.map((q) => [q.edge, q.from, q.to, q.answer]),
    [
      [3, "z", "f", 3],
      [2, "(x+y)", "f", -4],
      [1, "y", "(x+y)", -4],
      [0, "x", "(x+y)", -4],
    ],
  );
});

test("input questions ask for every input's total gradient", () => {
  const questions = quizQuestions(graph, "inputs");
  assert.deepEqual(
    questions.map((q) => [q.from, q.answer, q.edges]),
    [
      ["x", -4, [0]],
      ["y", -4, [1]],
      ["z", 3, [3]],
    ],
  );
});

test("hints name the gate's pattern first, then the numbers", () => {
  const [first] = quizQuestions(graph, "wires");
  assert.equal(hintFor(first, 1).key, "quiz.hint.swaps");
  assert.equal(hintFor(first, 2).key, "quiz.hint.numbers");
  assert.equal(hintFor(first, 2).params.upstream, 1);
});

test("an input that fans out gets the accumulation hint", () => {
  const question = { edge: null, from: "x", fanout: 2, step: { pattern: "swaps" } };
  assert.deepEqual(hintFor(question), { key: "quiz.hint.fanout", params: { name: "x", count: 2 } });
});

test("a graph without nodes has no questions", () => {
  assert.deepEqual(quizQuestions(null), []);
  assert.deepEqual(quizQuestions({ error: { message: "bad" } }), []);
});

test("an answer too small for the shown decimals is not right when typed as 0", () => {
  assert.equal(isRight(0, 4.5395807735907655e-5, 2), false);
  assert.equal(isRight(4.54e-5, 4.5395807735907655e-5, 2), true);
  assert.equal(verdict("4.54e−5", 4.5395807735907655e-5, 2), "right");
});

test("at a tie or a kink the hint says the engine's convention", async () => {
  const { readFileSync } = await import("node:fs");
  const kinks = JSON.parse(readFileSync(new URL("./fixtures/kinks.json", import.meta.url)));
  const keys = quizQuestions(kinks, "wires").map((q) => [q.step.gate, hintFor(q, 1).key]);
  assert.deepEqual(
    [...new Set(keys.filter(([gate]) => gate !== "add").map((pair) => pair.join(" ")))].sort(),
    ["abs quiz.hint.zero", "max quiz.hint.tie", "min quiz.hint.tie", "relu quiz.hint.zero"],
  );
});

test("no question names a wire by a code name drawn nowhere", async () => {
  const { readFileSync } = await import("node:fs");
  const neuron = JSON.parse(readFileSync(new URL("./fixtures/sigmoid-neuron.json", import.meta.url)));
  for (const q of quizQuestions(neuron, "wires")) assert.doesNotMatch(`${q.from} ${q.to}`, /\bt\d+\b/);
});

test("min, relu and abs hints use their own words, not max's", () => {
  for (const gate of ["min", "relu", "abs"]) {
    const question = { edge: 1, step: { pattern: "routes", gate } };
    assert.equal(hintFor(question, 1).key, `quiz.hint.routes_${gate}`);
  }
  assert.equal(hintFor({ edge: 1, step: { pattern: "routes", gate: "max" } }, 1).key, "quiz.hint.routes");
});

test("a values quiz asks each gate's value in forward order, under the name captions use", () => {
  const questions = quizQuestions(graph, "values");
  assert.deepEqual(
    questions.map((q) => [q.id, q.from, q.answer, q.edges]),
    [
      ["value-2", "(x+y)", 3, [2]],
      ["value-4", "f", -12, []],
    ],
  );
});

test("a values quiz holds the player at the end of the forward pass, a gradient quiz at the end", () => {
  assert.equal(quizPosition(graph, "values"), 2);
  assert.equal(quizPosition(graph, "wires"), graph.steps.length);
  assert.equal(quizPosition(graph, "inputs"), graph.steps.length);
});

test("a value's hint names the gate, then the numbers it gets", () => {
  const [first] = quizQuestions(graph, "values");
  assert.deepEqual(hintFor(first, 1), { key: "quiz.hint.value", params: { gate: "+", inputs: [-2, 5] } });
  assert.equal(hintFor(first, 2).key, "quiz.hint.value_numbers");
});

test("an array-valued gate is not asked: its answer is not one number", () => {
  const arrays = { ...graph, nodes: graph.nodes.map((node) => (node.id === 2 ? { ...node, value: [1, 2] } : node)) };
  assert.deepEqual(quizQuestions(arrays, "values").map((q) => q.id), ["value-4"]);
});
