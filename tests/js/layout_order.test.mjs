// The layered layout's order: inputs by first use, few crossings, no wire through a σ frame, numbers clear.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { bendsClearOfLabels } from "../../static/js/circuit/labelcolumns.js";
import { layoutCircuit } from "../../static/js/circuit/layout.js";
import { intersection, labelClashes, wireCrossings, wiresThroughGroups } from "../../static/js/circuit/legibility.js";
import { firstUseOrder } from "../../static/js/circuit/order.js";

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url)));
const staged = fixture("staged");
const patterns = fixture("patterns");
const dagreSource = readFileSync(new URL("../../static/vendor/dagre-3.1.3.min.js", import.meta.url), "utf8");
const dagre = new Function(`${dagreSource}; return dagre;`)();
const inputName = (graph, id) => graph.nodes[id].name;
const lay = (graph) => layoutCircuit(graph, { nodes: {}, edges: {} }, { dagre });

test("inputs are ordered by the gate that first uses them, not by where they are assigned", () => {
  // The staged program assigns x first, but its first gate, σ(y), uses y.
  assert.deepEqual(firstUseOrder(staged).map((id) => inputName(staged, id)), ["y", "x"]);
  assert.deepEqual(firstUseOrder(patterns).map((id) => inputName(patterns, id)), ["x", "y", "z", "w"]);
});

test("the drawing stacks the inputs top to bottom in order of first use", () => {
  for (const graph of [staged, patterns]) {
    const placed = lay(graph);
    const ys = firstUseOrder(graph).map((id) => placed.nodes.get(id).y);
    assert.deepEqual(ys, [...ys].sort((a, b) => a - b));
  }
});

test("in the notes' staged program no wire runs through a σ frame and at most one pair of wires crosses", () => {
  const placed = lay(staged);
  assert.deepEqual(wiresThroughGroups(staged, placed), []);
  assert.ok(wireCrossings(staged, placed) <= 1);
});

test("the notes' staged program draws σ(y) beside num and σ(x) beside den, so no number sits before the wrong gate", () => {
  const placed = lay(staged);
  const byName = (name) => staged.nodes.find((node) => node.name === name).id;
  const y = (name) => placed.nodes.get(byName(name)).y;
  assert.ok(Math.abs(y("sigy") - y("num")) < Math.abs(y("sigy") - y("den")));
  assert.ok(Math.abs(y("sigx") - y("den")) < Math.abs(y("sigx") - y("num")));
});

test("two segments that cross are found, segments that only touch are not", () => {
  const p = (x, y) => ({ x, y });
  assert.deepEqual(intersection([p(0, 0), p(2, 2)], [p(0, 2), p(2, 0)]), p(1, 1));
  assert.equal(intersection([p(0, 0), p(1, 1)], [p(1, 1), p(2, 0)]), null);
  assert.equal(intersection([p(0, 0), p(1, 0)], [p(0, 1), p(1, 1)]), null);
});

const twoLayer = fixture("two-layer");
const notes = { "add-mul": fixture("add-mul"), "sigmoid-neuron": fixture("sigmoid-neuron"), patterns, staged };
// Every wire's numbers as wide as a gradient like -4.73e-3 and two lines tall, as the page measures them.
const withNumbers = (graph) => ({
  nodes: {},
  edges: Object.fromEntries(graph.edges.map((edge) => [edge.id, { width: 48, height: 30 }])),
});
const layWithNumbers = (graph) => layoutCircuit(graph, withNumbers(graph), { dagre });

test("the operands of one gate are stacked as written: w1*x1 puts w1 above x1 though x1 was assigned first", () => {
  const names = firstUseOrder(twoLayer).map((id) => inputName(twoLayer, id));
  assert.deepEqual(names.slice(0, 7), ["w1", "x1", "w2", "x2", "w3", "x3", "b1"]);
});

test("no number of the notes' figures or of the two-layer network sits over another wire or a gate", () => {
  for (const [name, graph] of Object.entries({ ...notes, "two-layer": twoLayer })) {
    assert.deepEqual(labelClashes(graph, layWithNumbers(graph), withNumbers(graph)), [], name);
  }
});

test("a long wire's numbers sit in a column of numbers, never in a column of gates", () => {
  for (const graph of [twoLayer, staged, notes["add-mul"]]) {
    const placed = layWithNumbers(graph);
    for (const edge of graph.edges) {
      const { x } = placed.edges.get(edge.id).label;
      for (const [id, node] of placed.nodes) {
        const apart = x + 24 <= node.x - node.width / 2 || x - 24 >= node.x + node.width / 2;
        assert.ok(apart, `wire ${edge.id}'s numbers share a column with node ${id}`);
      }
    }
  }
});

test("the two-layer network crosses fewer wires than the 15 it drew with x1 above w1", () => {
  assert.ok(wireCrossings(twoLayer, layWithNumbers(twoLayer)) <= 13);
  assert.deepEqual(wiresThroughGroups(twoLayer, layWithNumbers(twoLayer)), []);
});

test("a wire bending past another wire's numbers stays level until it is beyond them", () => {
  const p = (x, y) => ({ x, y });
  // Wire 1 leaves its numbers at (100, 0) and climbs to (140, -60) across wire 2's numbers centred at (100, -30).
  const edges = new Map([
    [1, { points: [p(60, 0), p(100, 0), p(140, -60)], label: p(80, 0) }],
    [2, { points: [p(60, -30), p(140, -30)], label: p(100, -30) }],
  ]);
  bendsClearOfLabels(edges, () => ({ width: 40, height: 20 }));
  assert.deepEqual(edges.get(1).points, [p(60, 0), p(100, 0), p(124, 0), p(140, -60)]);
  assert.deepEqual(edges.get(2).points, [p(60, -30), p(140, -30)]);
});
