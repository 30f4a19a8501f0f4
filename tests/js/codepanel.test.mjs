import assert from "node:assert/strict";
import { test } from "node:test";

import { tokenize } from "../../static/js/panels/codepanel.js";

test("a code line splits into names, numbers, operators and comments", () => {
  assert.deepEqual(tokenize("dx += (1) * dq # fan-out"), [
    ["dx", "name"],
    [" ", "plain"],
    ["+=", "accumulate"],
    [" (", "plain"],
    ["1", "number"],
    [") * ", "plain"],
    ["dq", "name"],
    [" ", "plain"],
    ["# fan-out", "comment"],
  ]);
});

test("tokenizing keeps every character", () => {
  const line = "f = 1.0 / (1 + math.exp(-t4))  # σ 分母";
  assert.equal(tokenize(line).map(([text]) => text).join(""), line);
});

test("numbers with exponents are one token", () => {
  assert.deepEqual(tokenize("2.5e-3"), [["2.5e-3", "number"]]);
});
