import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  compareGradients,
  forwardLatex,
  gateDerivation,
  gradcheckLatex,
  hasSigmoid,
  nameLatex,
  nodeName,
  numberLatex,
  relativeErrorLatex,
} from "../../static/js/shared/derivation.js";
import { workedRelation } from "../../static/js/shared/format.js";
import { fillFormula } from "../../static/js/shared/formula.js";

// Each gate's LaTeX formula as the server sends it, looked up by the symbol drawn in its circle.
const formulas = JSON.parse(readFileSync(new URL("./fixtures/formulas.json", import.meta.url)));
const texOf = (label) => formulas.nodes.find((node) => node.label === label).formula.tex;
const applyLabel = (label, operands) => fillFormula(texOf(label), operands);

const fmt = (v) => v.toFixed(2);

const graph = {
  nodes: [
    { id: 0, kind: "input", gate: null, label: "x", name: "x", inputs: [], value: -2, gradient: -4, group: null },
    { id: 1, kind: "input", gate: null, label: "y", name: "y", inputs: [], value: 5, gradient: -4, group: null },
    { id: 2, kind: "input", gate: null, label: "z", name: "z", inputs: [], value: -4, gradient: 3, group: null },
    { id: 3, kind: "gate", gate: "add", label: "+", name: "q", inputs: [0, 1], value: 3, gradient: -4, group: null,
      formula: { text: "#0 + #1", tex: "#0 + #1" } },
    { id: 4, kind: "gate", gate: "mul", label: "*", name: null, inputs: [3, 2], value: -12, gradient: 1, group: null,
      formula: { text: "#0 × #1", tex: "#0 \\times #1" } },
  ],
  steps: [
    { phase: "backward", node: 4, input: 2, port: 1, local: 3, upstream: 1, product: 3, accumulates: false,
      total_before: 0, total: 3, latex: "q", pattern: "swaps" },
    { phase: "backward", node: 4, input: 3, port: 0, local: -4, upstream: 1, product: -4, accumulates: false,
      total_before: 0, total: -4, latex: "z", pattern: "swaps" },
    { phase: "backward", node: 3, input: 0, port: 0, local: 1, upstream: -4, product: -4, accumulates: true,
      total_before: 1, total: -3, latex: "1", pattern: "distributes" },
  ],
};

test("numbers become LaTeX with ASCII minus and powers of ten", () => {
  assert.equal(numberLatex("\u22122.00"), "-2.00");
  assert.equal(numberLatex("3.1e-10"), "3.1 \\times 10^{-10}");
});

test("names with an index get a subscript", () => {
  assert.equal(nameLatex("w0"), "w_{0}");
  assert.equal(nameLatex("x"), "x");
  assert.equal(nameLatex("sigx"), "\\mathit{sigx}");
  assert.equal(nameLatex("a}\\b"), "\\mathit{ab}");
});

test("gate derivation lists one row per input wire in port order", () => {
  const rows = gateDerivation(graph, 4, fmt);
  assert.deepEqual(rows.map((r) => r.port), [0, 1]);
  assert.match(rows[0].chain, /\(-4\.00\) \\times 1\.00 = -4\.00 \\end\{aligned\}$/);
  assert.equal(rows[0].sum, null);
});

test("the details print the wires' numbers and say ≈ where rounding shows", () => {
  const neuron = JSON.parse(readFileSync(new URL("./fixtures/sigmoid-neuron.json", import.meta.url)));
  const relation = (operands, result, combine) => workedRelation(operands, result, combine, 2);
  const mul = neuron.nodes.find((node) => node.gate === "mul" && node.inputs.includes(1));
  const rows = gateDerivation(neuron, mul.id, fmt, relation);
  assert.match(rows.find((row) => row.input === 1).chain, /2\.00 \\times 0\.20 \\approx 0\.39 \\end\{aligned\}$/);
  assert.match(rows.find((row) => row.input === 0).chain, /\(-1\.00\) \\times 0\.20 = -0\.20 \\end\{aligned\}$/);
});

test("at a max or min tie the details show the ½ the engine uses, not the indicator [z ≥ w]", () => {
  const kinks = JSON.parse(readFileSync(new URL("./fixtures/kinks.json", import.meta.url)));
  for (const gate of ["max", "min"]) {
    const node = kinks.nodes.find((candidate) => candidate.gate === gate);
    const rows = gateDerivation(kinks, node.id, fmt);
    assert.deepEqual(rows.map((row) => row.kink), ["tie", "tie"]);
    assert.match(rows[0].symbolic, /= \\tfrac\{1\}\{2\} \\quad \(z = w\)$/);
    assert.doesNotMatch(rows[0].symbolic + rows[1].symbolic, /\\(ge|le)(?![a-z])/);
    assert.match(rows[1].chain, /0\.50 \\times 1\.00 = 0\.50/);
  }
  const relu = kinks.nodes.find((candidate) => candidate.gate === "relu");
  assert.equal(gateDerivation(kinks, relu.id, fmt)[0].kink, "zero");
});

test("a wire into a fanned-out input adds its share (+=), as the notes' code does", () => {
  const fanOut = JSON.parse(readFileSync(new URL("./fixtures/fan-out.json", import.meta.url)));
  const square = fanOut.nodes.find((node) => node.gate === "mul");
  const rows = gateDerivation(fanOut, square.id, fmt);
  assert.equal(rows.length, 2);
  for (const row of rows) assert.match(row.chain, /\\frac\{\\partial f\}\{\\partial x\} &\\mathrel\{\+\}= /);
  assert.equal(rows[1].sum, "3.00 + 3.00 = 6.00");
});

test("wires inside a written-out sigma are named by their sub-expression, not a placeholder", () => {
  const neuron = JSON.parse(readFileSync(new URL("./fixtures/sigmoid-neuron.json", import.meta.url)));
  const exp = neuron.nodes.find((node) => node.gate === "exp");
  const [row] = gateDerivation(neuron, exp.id, fmt);
  assert.match(row.chain, /\\partial e\^\{-t_\{4\}\}\}\{\\partial \\left\(-t_\{4\}\\right\)\}/);
  assert.doesNotMatch(row.chain + row.symbolic + forwardLatex(neuron, exp.id, fmt), /\?|n_\{\d+\}/);
});

test("an operand already in brackets gets no second pair", () => {
  assert.equal(applyLabel("exp", ["\\left(-t_{4}\\right)"]), "\\exp\\left(-t_{4}\\right)");
  assert.equal(applyLabel("exp", ["(-1.00)"]), "\\exp(-1.00)");
  assert.equal(applyLabel("exp", ["x"]), "\\exp(x)");
  assert.equal(applyLabel("max", ["(-1.00)", "2.00"]), "\\max((-1.00),\\ 2.00)");
});

test("an unnamed output is called by its node id", () => {
  assert.match(gateDerivation(graph, 4, fmt)[1].chain, /\\partial n_\{4\}/);
});

test("an unnamed node takes the name the generated code gives it", () => {
  const named = { ...graph, code: { forward: [{ text: "f = q * z", node: 4 }] } };
  assert.equal(nodeName(named, 4), "f");
  assert.equal(nodeName(named, 3), "q");
});

test("a fan-out wire shows the running sum", () => {
  const [row] = gateDerivation(graph, 3, fmt);
  assert.equal(row.sum, "1.00 + (-4.00) = -3.00");
});

test("forward latex shows the names, then the numbers", () => {
  assert.equal(forwardLatex(graph, 3, fmt), "q = x + y = (-2.00) + 5.00 = 3.00");
});

test("gate symbols apply to operands the way they read", () => {
  assert.equal(applyLabel("*-1", ["a"]), "a \\times (-1)");
  assert.equal(applyLabel("+1", ["a"]), "a + 1");
  assert.equal(applyLabel("^2", ["a"]), "a^{2}");
  assert.equal(applyLabel("1/x", ["a"]), "\\frac{1}{a}");
  assert.equal(applyLabel("max", ["a", "b"]), "\\max(a,\\ b)");
  assert.equal(applyLabel("σ", ["a"]), "\\sigma(a)");
  assert.equal(applyLabel("relu", ["a"]), "\\operatorname{relu}(a)");
});

test("gradient check lines carry numeric, analytic and relative error", () => {
  const lines = gradcheckLatex({ name: "x", analytic: -4, numeric: -4.0000001, relative_error: 2.5e-8 }, fmt);
  assert.match(lines.numeric, /f\(x\+h\)/);
  assert.match(lines.analytic, /= -4\.00$/);
  assert.match(lines.error, /2\.5 \\times 10\^\{-8\}$/);
  assert.equal(relativeErrorLatex(0), "0");
});

test("identical gradients compare as same and different ones do not", () => {
  const rows = compareGradients({ x: 0.2, y: -0.5 }, { x: 0.2 + 1e-15, y: -0.4 });
  assert.deepEqual(rows.map((r) => r.same), [true, false]);
});

test("a missing gradient is never the same", () => {
  assert.equal(compareGradients({ x: 1 }, {})[0].same, false);
});

test("sigmoid is detected as one gate or as an expanded group", () => {
  assert.equal(hasSigmoid(graph), false);
  assert.equal(hasSigmoid({ nodes: [{ gate: "sigmoid", label: "σ", group: null }] }), true);
  assert.equal(hasSigmoid({ nodes: [{ gate: "exp", label: "exp", group: 7 }] }), true);
  assert.equal(hasSigmoid(null), false);
});
