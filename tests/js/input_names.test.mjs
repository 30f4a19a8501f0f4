import assert from "node:assert/strict";
import { test } from "node:test";

import { parseValues, writeValues } from "../../static/js/state.js";

// Regression: the notes' neuron pasted verbatim (`w = [2,-3,-3]`) has inputs named w[0], w[1], ...; their
// sliders must survive the trip through the URL.
test("list-element input names survive the URL", () => {
  const values = parseValues("w[0]:1,x[1]:-0.5,y:2");
  assert.deepEqual(values, { "w[0]": 1, "x[1]": -0.5, y: 2 });
  assert.equal(writeValues(values), "w[0]:1,x[1]:-0.5,y:2");
});

test("anything else with brackets is still dropped", () => {
  assert.deepEqual(parseValues("w[]:1,w[a]:2,w[0]x:3,[0]:4,w[0][1]:5"), {});
});

test("names outside ASCII, as in θ = 0.5, survive the URL", () => {
  const values = parseValues("θ:0.5,α_1:2,x:1");
  assert.deepEqual(values, { θ: 0.5, α_1: 2, x: 1 });
  assert.equal(writeValues(values), "θ:0.5,α_1:2,x:1");
  assert.deepEqual(parseValues("1x:1,<b>:2,a-b:3"), {});
});
