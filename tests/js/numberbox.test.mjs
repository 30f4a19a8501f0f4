import assert from "node:assert/strict";
import { test } from "node:test";

import { parseBoxNumber } from "../../static/js/shared/numberbox.js";

const table = [
  ["\u22122", -2],
  ["-2", -2],
  [" 1.5 ", 1.5],
  [".5", 0.5],
  ["+3", 3],
  ["1e-3", 0.001],
  ["1,5", null],
  ["abc", null],
  ["", null],
  ["-", null],
  ["1.2.3", null],
  ["Infinity", null],
  ["0x10", null],
];

for (const [text, expected] of table) {
  test(`a number box reads ${JSON.stringify(text)} as ${expected}`, () => {
    assert.equal(parseBoxNumber(text), expected);
  });
}
