import assert from "node:assert/strict";
import { test } from "node:test";

import { checkedLines, checkNumbers, checksForStep, lineTally, wiresOfCheck, wrongWires } from "../../static/js/shared/checklines.js";

// q = x * y, f = q + x: two wires leave x (ids 0 and 3), one leaves q (id 2).
const GRAPH = {
  nodes: [
    { id: 0, kind: "input", name: "x", group: null },
    { id: 1, kind: "input", name: "y", group: null },
    { id: 2, kind: "gate", name: "q", group: null },
    { id: 3, kind: "gate", name: "f", group: null },
  ],
  edges: [
    { id: 0, source: 0, target: 2 },
    { id: 1, source: 1, target: 2 },
    { id: 2, source: 2, target: 3 },
    { id: 3, source: 0, target: 3 },
  ],
};

const check = (line, wire, ok, extra = {}) => ({ line, wire, ok, kind: "full", target: `d${wire}`, params: {}, ...extra });

test("checks group by line, and a line is right only when every number it writes is", () => {
  const lines = checkedLines([check(5, "q", true), check(6, "x[0]", true), check(6, "x[1]", false), check(4, "y", true)]);
  assert.deepEqual(
    lines.map((line) => [line.line, line.ok, line.checks.length]),
    [[4, true, 1], [5, true, 1], [6, false, 2]],
  );
  assert.deepEqual(lineTally(lines), { right: 2, total: 3 });
});

test("a wrong line marks every wire leaving its name, or only the branch it names", () => {
  assert.deepEqual(wiresOfCheck(GRAPH, check(4, "x", false)), [0, 3]);
  assert.deepEqual(wiresOfCheck(GRAPH, check(4, "x", false, { kind: "part", params: { through: "q" } })), [0]);
  assert.deepEqual([...wrongWires(GRAPH, [check(4, "x", true), check(5, "q", false)])], [2]);
  assert.deepEqual(wiresOfCheck(GRAPH, check(4, "nowhere", false)), []);
});

test("a backward step finds the student's line for its wire, the branch's own line first", () => {
  const checks = [
    check(1, "f", true, { kind: "seed" }),
    check(2, "q", true),
    check(3, "x", true, { kind: "part", params: { through: "f" } }),
    check(4, "x", false, { kind: "part", params: { through: "q" } }),
  ];
  const step = (input, node) => ({ phase: "backward", input, node });
  assert.deepEqual(checksForStep(GRAPH, checks, step(0, 2)).map((c) => c.line), [4]);
  assert.deepEqual(checksForStep(GRAPH, checks, step(0, 3)).map((c) => c.line), [3]);
  assert.deepEqual(checksForStep(GRAPH, checks, step(2, 3)).map((c) => c.line), [2]);
  assert.deepEqual(checksForStep(GRAPH, checks, { phase: "seed", node: 3 }).map((c) => c.line), [1]);
  assert.deepEqual(checksForStep(GRAPH, checks, { phase: "forward", node: 2 }), []);
});

test("numbers are said in the page's format; arrays keep the server's text", () => {
  const fmt = (value) => value.toFixed(2);
  assert.deepEqual(checkNumbers({ expected: 0.5121, got: 3.018, params: {} }, fmt), { expected: "0.51", got: "3.02" });
  const array = { expected: [[1, 2]], got: [[1, 3]], params: { expected: "[[1, 2]]", got: "[[1, 3]]" } };
  assert.deepEqual(checkNumbers(array, fmt), { expected: "[[1, 2]]", got: "[[1, 3]]" });
});
