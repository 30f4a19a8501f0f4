// Array wires: what their labels show and how much room they take, and the captions' dimension analysis.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { arrayLabel, arrayLabelSize, isSmall, shapeText, thumbnailCell } from "../../static/js/circuit/arrays.js";
import { caption } from "../../static/js/circuit/narrate.js";
import { has, setCatalogue, setLanguage, t } from "../../static/js/i18n.js";

const graph = JSON.parse(readFileSync(new URL("./fixtures/arrays.json", import.meta.url)));
const catalogue = (lang) => JSON.parse(readFileSync(new URL(`../../static/i18n/${lang}.json`, import.meta.url)));
setCatalogue("en", catalogue("en"));
setCatalogue("zh-CN", catalogue("zh-CN"));
const say = (pos, lang = "en") => {
  setLanguage(lang);
  return caption(graph, pos, { t, has, precision: 2 });
};
const stepOf = (phase, gate, port = 0) =>
  graph.steps.findIndex((s) => s.phase === phase && s.gate === gate && (s.port ?? 0) === port) + 1;

test("a shape is written rows × columns, a vector by its length", () => {
  assert.equal(shapeText([5, 10]), "5\u00d710");
  assert.equal(shapeText([3]), "3");
  assert.equal(shapeText([]), "");
});

test("up to 4×4 an array shows its numbers, beyond that a heatmap", () => {
  assert.equal(isSmall([4, 4]), true);
  assert.equal(isSmall([5, 3]), false);
  assert.equal(isSmall([4]), true);
  assert.equal(arrayLabel([[1, -2]], [1, 2], { precision: 2, name: "W", kind: "value" }).view, "matrix");
  const heat = arrayLabel([[1, -2, 3, 4, 5]], [1, 5], { precision: 2, name: "W", kind: "value" });
  assert.equal(heat.view, "heatmap");
  assert.equal(heat.scale, 5);
  assert.equal(heat.entry(0, 1), "W[0, 1] = -2.0000");
});

test("a small matrix's cells are its numbers at the page's decimals", () => {
  const label = arrayLabel([[1, 2.345], [-0.5, 0]], [2, 2], { precision: 2, name: "W", kind: "grad" });
  assert.deepEqual(label.cells, [["1.00", "2.35"], ["-0.50", "0.00"]]);
  assert.equal(label.text, "2\u00d72");
});

test("a heatmap's longer side stays near 84 units and a cell is at least one", () => {
  assert.equal(thumbnailCell([5, 10]), 8);
  assert.equal(thumbnailCell([64, 64]), 1);
  assert.equal(thumbnailCell([2, 5]), 12);
});

test("a matrix label is tall enough for its rows above and below the wire", () => {
  const measure = (text) => 7 * String(text).length;
  const edge = { value: [[1, 2], [3, 4], [5, 6]], gradient: [[1, 1], [1, 1], [1, 1]] };
  const size = arrayLabelSize(edge, [3, 2], { measure, precision: 2 });
  assert.ok(size.height >= 2 * 3 * 15, `height ${size.height}`);
  assert.equal(size.columns.length, 2);
});

test("the matrix product's captions do the dimension analysis", () => {
  assert.match(say(stepOf("forward", "matmul")), /X is 3×2 and W is 2×3, so \(X\.dot\(W\)\) is 3×3/);
  assert.match(say(stepOf("backward", "matmul", 0)), /^dX = d\(X\.dot\(W\)\)·Wᵀ: d\(X\.dot\(W\)\) is 3×3, Wᵀ is 3×2, so dX is 3×2 like X\./);
  assert.match(say(stepOf("backward", "matmul", 1)), /^dW = Xᵀ·d\(X\.dot\(W\)\): Xᵀ is 2×3, .* so dW is 2×3 like W\./);
});

test("transpose, sum along an axis, mean and broadcast say what happens to the shape", () => {
  assert.match(say(stepOf("backward", "transpose")), /transposed back it is 3×3/);
  assert.match(say(stepOf("backward", "sum")), /Σ along axis 1 turned .* \(3×3\) into 3/);
  assert.match(say(stepOf("backward", "mean")), /n = 3: each element of T gets df \/ 3, so dT is 3 like T\./);
  assert.match(say(stepOf("backward", "broadcast")), /^b \(3\) was copied into 3×3 .* summed over the copied axes, 3 like b\./);
});

test("the dimension analysis is said in Chinese too", () => {
  const text = say(stepOf("backward", "matmul", 0), "zh-CN");
  assert.match(text, /所以 dX 是 3×2，和 X 一样/);
  setLanguage("en");
});
