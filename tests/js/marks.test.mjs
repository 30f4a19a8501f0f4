// Restating a mark on the drawing is no change (view.setMarks then skips the repaint of every wire).
import assert from "node:assert/strict";
import { test } from "node:test";

import { sameMark } from "../../static/js/circuit/marks.js";

const quiz = { revealedEdges: new Set([1]) };
const cases = [
  ["the same selected node", 3, 3, true],
  ["another selected node", 3, 4, false],
  ["no selection and a selection", null, 0, false],
  ["wrong wires with the same members in another set", new Set([1, 2]), new Set([2, 1]), true],
  ["wrong wires with another member", new Set([1, 2]), new Set([1, 3]), false],
  ["one wrong wire more", new Set([1]), new Set([1, 2]), false],
  ["no checks yet and no wrong wire", null, new Set(), true],
  ["no checks yet and a wrong wire", null, new Set([5]), false],
  ["the same quiz marks", quiz, quiz, true],
  ["a quiz's new marks (always repainted)", quiz, { ...quiz }, false],
  ["thickness switched on", false, true, false],
];

for (const [name, before, after, same] of cases) {
  test(`a mark compares as ${same ? "unchanged" : "changed"}: ${name}`, () => {
    assert.equal(sameMark(before, after), same);
    assert.equal(sameMark(after, before), same);
  });
}
