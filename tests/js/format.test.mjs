import assert from "node:assert/strict";
import { test } from "node:test";

import {
  clampPrecision,
  formatCaption,
  formatLiteral,
  formatNumber,
  workedRelation,
} from "../../static/js/shared/format.js";

const table = [
  [-2, 2, "-2.00"],
  [0.7310585786300049, 2, "0.73"],
  [-0.5344466877035, 2, "-0.53"],
  [3, 0, "3"],
  [1 / 3, 4, "0.3333"],
  [-0.001, 2, "-1.00e-3"],
  [4.5395807735907655e-5, 2, "4.54e-5"],
  [0.004, 2, "4.00e-3"],
  [0.004, 3, "0.004"],
  [0.005, 2, "0.01"],
  [1e-300, 8, "1.000e-300"],
  [-0, 2, "0.00"],
  [0, 2, "0.00"],
  [1234567, 2, "1.23e+6"],
];

for (const [value, precision, expected] of table) {
  test(`${value} with ${precision} decimals is written ${expected}`, () => {
    assert.equal(formatNumber(value, precision), expected);
  });
}

test("captions use the typographic minus sign", () => {
  assert.equal(formatCaption(-8), "\u22128.00");
  assert.equal(formatCaption(8), "8.00");
  assert.equal(formatCaption(-1e-7, 2), "\u22121.00e\u22127");
});

test("missing numbers are written as nothing", () => {
  assert.equal(formatNumber(undefined), "");
  assert.equal(formatNumber(null), "");
  assert.equal(formatNumber(Number.NaN), "");
});

test("precision is clamped to a sane integer range", () => {
  assert.equal(clampPrecision(-3), 0);
  assert.equal(clampPrecision(99), 8);
  assert.equal(clampPrecision("x"), 2);
  assert.equal(clampPrecision(2.6), 3);
});

test("constants are written compactly", () => {
  assert.equal(formatLiteral(2), "2");
  assert.equal(formatLiteral(0.5), "0.5");
  assert.equal(formatLiteral(1 / 3), "0.333333");
});

test("no non-zero number is ever written as zero, at any precision", () => {
  for (let precision = 0; precision <= 8; precision += 1) {
    for (const value of [4.54e-5, -3e-9, 0.0049, 1e-12, -0.4]) {
      assert.ok(/[1-9]/.test(formatNumber(value, precision)), `${value} at ${precision}`);
    }
  }
});

test("a worked product or sum says ≈ when the shown operands do not give the shown result", () => {
  const times = (a, b) => a * b;
  const plus = (a, b) => a + b;
  assert.equal(workedRelation([2, 0.19661193324148185], 0.3932238664829637, times, 2), "\u2248");
  assert.equal(workedRelation([2, 0.19661193324148185], 0.3932238664829637, times, 4), "=");
  assert.equal(workedRelation([-2, 5], 3, plus, 2), "=");
  assert.equal(workedRelation([10, 4.5395807735907655e-5], 4.5395807735907655e-4, times, 2), "=");
  assert.equal(workedRelation([Number.NaN, 2], 1, times, 2), "=");
});
