import assert from "node:assert/strict";
import { test } from "node:test";

import { orderExamples } from "../../static/js/panels/examples.js";

test("the notes' circuits come first, each group in the server's order", () => {
  const list = [
    { id: "a", from_notes: false },
    { id: "b", from_notes: true },
    { id: "c", from_notes: false },
    { id: "d", from_notes: true },
  ];
  assert.deepEqual(orderExamples(list).map((e) => e.id), ["b", "d", "a", "c"]);
});

test("anything but a list orders as no examples", () => {
  assert.deepEqual(orderExamples(null), []);
  assert.deepEqual(orderExamples({ error: "x" }), []);
});
