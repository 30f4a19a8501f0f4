import assert from "node:assert/strict";
import { test } from "node:test";

import { nudge, parseStep } from "../../static/js/shared/nudgemath.js";

const notes = [
  { name: "x", value: -2, gradient: -4 },
  { name: "y", value: 5, gradient: -4 },
  { name: "z", value: -4, gradient: 3 },
];

test("every input moves by h times its own gradient", () => {
  assert.deepEqual(nudge(notes, 0.01).values, { x: -2.04, y: 4.96, z: -3.97 });
});

test("the predicted rise is h times the squared length of the gradient", () => {
  assert.equal(nudge(notes, 0.01).predicted, 0.01 * (16 + 16 + 9));
});

test("f of the notes' first circuit rises by about the predicted amount", () => {
  const { values, predicted } = nudge(notes, 0.001);
  const f = ({ x, y, z }) => (x + y) * z;
  const rise = f(values) - f({ x: -2, y: 5, z: -4 });
  assert.ok(Math.abs(rise - predicted) < 0.01 * predicted, `${rise} vs ${predicted}`);
});

test("an array input cannot be nudged", () => {
  assert.equal(nudge([{ name: "W", value: [[1, 2]], gradient: [[0, 1]] }], 0.01), null);
});

for (const [raw, expected] of [["0.01", 0.01], ["1e-3", 0.001], ["0", null], ["-0.1", null], ["2", null], ["abc", null], ["", null]]) {
  test(`the step ${JSON.stringify(raw)} reads as ${expected}`, () => {
    assert.equal(parseStep(raw), expected);
  });
}
