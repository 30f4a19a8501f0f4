// The layered layout's order: inputs by first use, few crossings, no wire through a σ frame.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { layoutCircuit } from "../../static/js/circuit/layout.js";
import { intersection, wireCrossings, wiresThroughGroups } from "../../static/js/circuit/legibility.js";
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
