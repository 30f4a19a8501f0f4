import assert from "node:assert/strict";
import { test } from "node:test";

import { gradientReadyAt } from "../../static/js/panels/inputs.js";

// f = x*x + y: x fans out into both ports of the mul gate.
const fanOut = {
  inputs: [
    { name: "x", node: 0 },
    { name: "y", node: 1 },
  ],
  steps: [
    { index: 0, phase: "forward", node: 2 },
    { index: 1, phase: "forward", node: 3 },
    { index: 2, phase: "seed", node: 3 },
    { index: 3, phase: "backward", node: 3, input: 2 },
    { index: 4, phase: "backward", node: 3, input: 1 },
    { index: 5, phase: "backward", node: 2, input: 0 },
    { index: 6, phase: "backward", node: 2, input: 0 },
  ],
};

test("an input's gradient is ready one past the last backward step that adds to it", () => {
  const ready = gradientReadyAt(fanOut);
  assert.equal(ready.get("y"), 5);
  assert.equal(ready.get("x"), 7, "a fanned-out input waits for its last += ");
});

test("an input the output does not depend on is never reached by the backward pass", () => {
  const ready = gradientReadyAt({ inputs: [{ name: "u", node: 0 }], steps: [] });
  assert.equal(ready.get("u"), Infinity);
});

test("a missing graph gives no inputs", () => {
  assert.equal(gradientReadyAt(null).size, 0);
});
