// Groups drawn as one gate: the collapsed circuit, its steps and the page state that chooses the groups.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { frameAt } from "../../static/js/circuit/animate.js";
import { collapsedGroups, collapseGraph, toggleGroup } from "../../static/js/circuit/collapse.js";
import { layoutCircuit } from "../../static/js/circuit/layout.js";

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url)));
const neuron = fixture("sigmoid-neuron"); // w0*x0 + w1*x1 + w2 is a sum of three terms
const formulas = fixture("formulas");
const dagreSource = readFileSync(new URL("../../static/vendor/dagre-3.1.3.min.js", import.meta.url), "utf8");
const dagre = new Function(`${dagreSource}; return dagre;`)();
const sum = neuron.collapsible[0];
const twoLayer = fixture("two-layer"); // h1, h2 = tanh(w·x + b) over shared x1..x3, out = σ(v1*h1 + v2*h2 + c)
const nameOf = (graph, id) => graph.inputs.find((input) => input.node === id)?.name;

test("a collapsed n-ary sum is one + gate with a wire from each term", () => {
  const collapsed = collapseGraph(neuron, new Set([sum.node]));
  const gate = collapsed.nodes.find((node) => node.id === sum.node);
  assert.equal(gate.label, "+");
  assert.deepEqual(gate.inputs, sum.inputs);
  for (const member of sum.members.filter((id) => id !== sum.node)) {
    assert.equal(collapsed.nodes.some((node) => node.id === member), false);
  }
  const wires = collapsed.edges.filter((edge) => edge.target === sum.node);
  assert.deepEqual(wires.map((edge) => edge.source), sum.inputs);
  assert.equal(new Set(collapsed.edges.map((edge) => edge.id)).size, collapsed.edges.length);
});

test("the step count shrinks: one forward step per group and one backward step per input wire", () => {
  const collapsed = collapseGraph(neuron, new Set([sum.node]));
  const inner = sum.members.length - 1;
  const innerWires = sum.members.reduce((count, id) => count + neuron.nodes[id].inputs.length, 0);
  assert.equal(collapsed.steps.length, neuron.steps.length - inner - innerWires + sum.inputs.length);
  assert.deepEqual(collapsed.steps.map((step) => step.index), [...collapsed.steps.keys()]);
});

test("the collapsed circuit ends with the engine's gradients on every wire and input", () => {
  for (const graph of [neuron, formulas]) {
    const collapsed = collapseGraph(graph, collapsedGroups(graph, "all"));
    const edges = new Map(collapsed.edges.map((edge) => [edge.id, edge]));
    for (const step of collapsed.steps.filter((s) => s.phase === "backward")) {
      assert.equal(step.product, edges.get(step.edge).gradient);
    }
    // Replayed step by step (the end of the trace shows the engine's numbers without replaying).
    const replayed = frameAt({ ...collapsed, steps: [...collapsed.steps, { phase: "end" }] }, collapsed.steps.length).totals;
    for (const input of graph.inputs) {
      assert.ok(Math.abs(replayed.get(input.node) - input.gradient) < 1e-12 * Math.max(1, Math.abs(input.gradient)));
    }
  }
});

test("the notes' numbers stay: a sum's wires each carry the upstream gradient unchanged", () => {
  const collapsed = collapseGraph(neuron, new Set([sum.node]));
  const upstream = neuron.nodes[sum.node].gradient;
  for (const edge of collapsed.edges.filter((e) => e.target === sum.node)) assert.equal(edge.gradient, upstream);
});

test("auto leaves whole a circuit that fits and collapses one that does not", () => {
  assert.equal(collapsedGroups(neuron, "auto", () => true).size, 0);
  assert.deepEqual([...collapsedGroups(neuron, "auto", () => false)], [sum.node]);
  assert.deepEqual([...collapsedGroups(neuron, "all", () => true)], [sum.node]);
  assert.equal(collapsedGroups(neuron, "none", () => false).size, 0);
});

test("a list in the link collapses exactly the groups it names that exist", () => {
  assert.deepEqual([...collapsedGroups(neuron, "~1,~2,zz")], [sum.node]);
  assert.deepEqual([...collapsedGroups(neuron, `${sum.node},999`)], [sum.node]); // an older link's node ids
  assert.equal(toggleGroup(neuron, "none", sum.node), "~1");
  assert.equal(toggleGroup(neuron, "~1", sum.node), "none");
  assert.equal(toggleGroup(neuron, String(sum.node), sum.node), "none");
});

test("a circuit without the groups asked for is returned as it is", () => {
  assert.equal(collapseGraph(neuron, new Set()), neuron);
});

test("the collapsed circuit lays out with a place for every new wire", () => {
  const collapsed = collapseGraph(formulas, collapsedGroups(formulas, "all"));
  const placed = layoutCircuit(collapsed, { nodes: {}, edges: {} }, { dagre });
  for (const edge of collapsed.edges) assert.ok(placed.edges.get(edge.id).points.length >= 2);
});

test("every backward code line marks the step that stands for it in the collapsed trace", () => {
  const collapsed = collapseGraph(neuron, new Set([sum.node]));
  const marked = collapsed.code.backward.filter((line) => line.step !== null);
  const groupSteps = collapsed.steps.filter((step) => step.phase === "backward" && step.node === sum.node);
  for (const step of groupSteps) assert.ok(marked.some((line) => line.step === step.index));
  for (const line of marked) {
    const step = collapsed.steps[line.step];
    const original = neuron.steps[neuron.code.backward.find((other) => other.text === line.text).step];
    assert.equal(step.phase, "backward");
    assert.equal(step.input, original.input); // the line sets the gradient of the wire the step sends it to
  }
});

test("a collapsed neuron holds its own weights and bias and keeps a wire from each shared input", () => {
  const collapsed = collapseGraph(twoLayer, collapsedGroups(twoLayer, "all"));
  const gate = (name) => collapsed.nodes.find((node) => node.id === twoLayer.nodes.find((n) => n.name === name).id);
  const wiresInto = (node) => collapsed.edges.filter((edge) => edge.target === node.id).map((edge) => nameOf(twoLayer, edge.source) ?? edge.source);
  assert.deepEqual(gate("h1").params.map((p) => p.name), ["w1", "w2", "w3", "b1"]);
  assert.deepEqual(wiresInto(gate("h1")), ["x1", "x2", "x3"]);
  assert.deepEqual(gate("out").params.map((p) => p.name), ["v1", "v2", "c"]);
  assert.deepEqual(wiresInto(gate("out")), [gate("h1").id, gate("h2").id]);
  for (const name of ["w1", "b1", "u3", "v2", "c"]) {
    assert.equal(collapsed.nodes.some((node) => node.name === name), false, `${name} is not drawn`);
  }
  assert.deepEqual(collapsed.inputs, twoLayer.inputs); // the sliders still list every input
});

test("a held parameter shows the engine's value and gradient, and its wires' steps leave", () => {
  const collapsed = collapseGraph(twoLayer, collapsedGroups(twoLayer, "all"));
  const params = collapsed.nodes.flatMap((node) => node.params || []);
  assert.equal(params.length, 11);
  for (const param of params) {
    assert.equal(param.gradient, twoLayer.gradients[param.name]);
    assert.equal(param.value, twoLayer.nodes[param.node].value);
    assert.equal(collapsed.steps.some((step) => step.input === param.node), false);
  }
  const edges = new Set(collapsed.edges.map((edge) => edge.id));
  for (const step of collapsed.steps) if (step.phase === "backward") assert.ok(edges.has(step.edge));
  const replayed = frameAt({ ...collapsed, steps: [...collapsed.steps, { phase: "end" }] }, collapsed.steps.length).totals;
  for (const name of ["x1", "x2", "x3"]) {
    const input = twoLayer.inputs.find((i) => i.name === name);
    assert.ok(Math.abs(replayed.get(input.node) - input.gradient) < 1e-12 * Math.max(1, Math.abs(input.gradient)), name);
  }
});

test("a leaf used outside the group stays a wire, and a sum folds nothing", () => {
  const shared = structuredClone(twoLayer);
  const w1 = shared.inputs.find((input) => input.name === "w1").node;
  const loss = shared.output;
  shared.edges.push({ id: 999, source: w1, target: loss, port: 1, value: 0, gradient: 0 });
  const h1 = shared.nodes.find((node) => node.name === "h1").id;
  const collapsed = collapseGraph(shared, new Set([h1]));
  assert.deepEqual(collapsed.nodes.find((node) => node.id === h1).params.map((p) => p.name), ["w2", "w3", "b1"]);
  assert.ok(collapsed.edges.some((edge) => edge.source === w1 && edge.target === h1));
  const plain = collapseGraph(neuron, new Set([sum.node]));
  assert.deepEqual(plain.nodes.find((node) => node.id === sum.node).params, []);
});

test("expanding one neuron brings its parameter wires back while the others keep theirs folded", () => {
  const [h1, h2] = ["h1", "h2"].map((name) => twoLayer.nodes.find((node) => node.name === name).id);
  const [w1, u1] = ["w1", "u1"].map((name) => twoLayer.inputs.find((input) => input.name === name).node);
  const onlyH2 = collapseGraph(twoLayer, new Set([h2]));
  assert.ok(onlyH2.edges.some((edge) => edge.source === w1));
  assert.equal(onlyH2.edges.some((edge) => edge.source === u1), false);
  assert.equal(collapseGraph(twoLayer, new Set()), twoLayer);
  assert.ok(h1 !== h2);
});
