import assert from "node:assert/strict";
import { test } from "node:test";

import { errorRange, lineCount, lineStarts, offsetOf, spanRange, splitText, tokenEnd } from "../../static/js/shared/textspan.js";

test("line starts are the offsets after each newline", () => {
  assert.deepEqual(lineStarts("ab\ncd\n"), [0, 3, 6]);
  assert.equal(lineCount(""), 1);
  assert.equal(lineCount("a\nb"), 2);
});

test("offset of a 1-based line and column lands on that character", () => {
  const text = "x = 3\ny = x * 2";
  assert.equal(text[offsetOf(text, 2, 5)], "x");
  assert.equal(offsetOf(text, 1, 1), 0);
});

test("offsets past the end of a line or text are clamped", () => {
  const text = "ab\ncd";
  assert.equal(offsetOf(text, 1, 99), 2);
  assert.equal(offsetOf(text, 9, 1), 3);
  assert.equal(offsetOf(text, 0, 0), 0);
});

test("an error on an operator underlines one character", () => {
  assert.deepEqual(errorRange("1 + * 2", 1, 5), [4, 5]);
});

test("an error on a two-character operator underlines both characters", () => {
  assert.deepEqual(errorRange("y = x**", 1, 6), [5, 7]);
});

test("an error on a name underlines the whole name", () => {
  const text = "foo(x) + bar";
  assert.deepEqual(errorRange(text, 1, 10), [9, 12]);
  assert.equal(tokenEnd(text, 0), 3);
});

test("an error at the end of the text has an empty range", () => {
  assert.deepEqual(errorRange("1 +", 1, 4), [3, 3]);
});

test("a contract span maps to its end-exclusive offsets", () => {
  const text = "q = x + y\nf = q * z";
  const [start, end] = spanRange(text, { line: 2, column: 5, end_line: 2, end_column: 10 });
  assert.equal(text.slice(start, end), "q * z");
  assert.equal(spanRange(text, null), null);
});

test("split text cuts around the range", () => {
  assert.deepEqual(splitText("abcdef", 2, 4), ["ab", "cd", "ef"]);
});
