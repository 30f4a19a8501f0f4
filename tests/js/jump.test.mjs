// Where "skip to the backward pass" and "jump to gate" take the player.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { backwardStart, findNode, forwardPosition, searchableNames } from "../../static/js/circuit/jump.js";

const staged = JSON.parse(readFileSync(new URL("./fixtures/staged.json", import.meta.url)));
const addMul = JSON.parse(readFileSync(new URL("./fixtures/add-mul.json", import.meta.url)));

test("the backward pass starts just after the seed step", () => {
  assert.equal(backwardStart(addMul), 3); // two forward steps, then the seed
  assert.equal(staged.steps[backwardStart(staged) - 1].phase, "seed");
  assert.equal(backwardStart(null), 0);
});

test("a search finds a name exactly, then ignoring case, then by its beginning", () => {
  assert.equal(findNode(staged, "den").name, "den");
  assert.equal(findNode(staged, " DEN ").name, "den");
  assert.equal(findNode(staged, "inv").name, "invden");
  assert.equal(findNode(staged, "xpy").name, "xpy"); // not xpysqr
  assert.equal(findNode(staged, "nothing"), null);
  assert.equal(findNode(staged, ""), null);
});

test("jumping to a gate moves the player to just after its forward step; an input to the start", () => {
  const den = findNode(staged, "den");
  assert.equal(staged.steps[forwardPosition(staged, den.id) - 1].node, den.id);
  assert.equal(forwardPosition(staged, findNode(staged, "x").id), 0);
});

test("every named wire can be searched", () => {
  assert.deepEqual(searchableNames(addMul), ["x", "y", "z"]);
  assert.ok(searchableNames(staged).includes("invden"));
});
