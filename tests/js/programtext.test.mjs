import assert from "node:assert/strict";
import { test } from "node:test";

import { assignments, valuesAfterEdit } from "../../static/js/shared/programtext.js";

const STAGED = "x = 3 # 例子数值\ny = -4\n\n# 前向传播\nsigy = 1.0 / (1 + math.exp(-y)) # 分子中的 sigmoid\n";

test("assignments map each assigned name to its right-hand side", () => {
  const found = assignments(STAGED);
  assert.equal(found.get("x"), "3");
  assert.equal(found.get("y"), "-4");
  assert.equal(found.get("sigy"), "1.0 / (1 + math.exp(-y))");
  assert.deepEqual([...assignments("a = 1; b = [2,  -3]; 变量 = 5").entries()], [
    ["a", "1"],
    ["b", "[2, -3]"],
    ["变量", "5"],
  ]);
  assert.equal(assignments("(x+y)*z").size, 0);
  assert.equal(assignments("x == 3").size, 0);
});

test("pasting a program with literals drops the old sliders' values for those names", () => {
  const kept = valuesAfterEdit({ x: -2, y: 5, z: -4 }, "(x+y)*z", STAGED);
  assert.deepEqual(kept, { z: -4 });
});

test("editing a literal drops its slider value; editing another line keeps it", () => {
  const before = "x = 3\ny = 4\nf = x*y";
  assert.deepEqual(valuesAfterEdit({ x: 4.15 }, before, "x = 7\ny = 4\nf = x*y"), {});
  assert.deepEqual(valuesAfterEdit({ x: 4.15 }, before, "x = 3\ny = 4\nf = x+y"), { x: 4.15 });
  assert.deepEqual(valuesAfterEdit({ x: 4.15 }, before, "x = 3  # comment\ny = 4\nf = x*y"), { x: 4.15 });
});

test("free inputs keep their values and list elements follow their list", () => {
  assert.deepEqual(valuesAfterEdit({ x: -2, y: 5 }, "(x+y)*z", "(x-y)*z"), { x: -2, y: 5 });
  const list = "w = [2,-3,-3]\nf = w[0]*w[1]";
  assert.deepEqual(valuesAfterEdit({ "w[0]": 1, v: 2 }, list, "w = [2,-3,-4]\nf = w[0]*w[1]"), { v: 2 });
  assert.deepEqual(valuesAfterEdit({ "w[0]": 1 }, list, `${list} + 1`), { "w[0]": 1 });
  assert.deepEqual(valuesAfterEdit(undefined, "", "x = 1"), {});
});

test("an input named __proto__ keeps its value through an edit of another line", () => {
  const values = JSON.parse('{"__proto__": 3, "x": 2}');
  const kept = valuesAfterEdit(values, "__proto__*x + y", "__proto__*x + 2*y");
  assert.deepEqual(Object.entries(kept), [["__proto__", 3], ["x", 2]]);
  assert.equal(Object.getPrototypeOf(kept), Object.prototype);
});
