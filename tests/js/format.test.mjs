import assert from "node:assert/strict";
import { test } from "node:test";

import {
  clampPrecision,
  formatCaption,
  formatLiteral,
  formatNumber,
  formatOperand,
  operandPrecision,
} from "../../static/js/shared/format.js";

const table = [
  [-2, 2, "-2.00"],
  [0.7310585786300049, 2, "0.73"],
  [-0.5344466877035, 2, "-0.53"],
  [3, 0, "3"],
  [1 / 3, 4, "0.3333"],
  [-0.001, 2, "0.00"],
  [-0, 2, "0.00"],
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
  assert.equal(formatCaption(-1e-7, 2), "0.00");
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

test("worked arithmetic widens rounded operands only as far as needed", () => {
  const times = (a, b) => a * b;
  const plus = (a, b) => a + b;
  assert.equal(operandPrecision([2, 0.19661193324148185], 0.3932238664829637, times, 2), 3);
  assert.equal(operandPrecision([-2, 5], 3, plus, 2), 2);
  assert.equal(operandPrecision([0.004, 0.004], 0.008, plus, 2), 3);
  assert.equal(operandPrecision([1e7, 2], 2e7, times, 2), 2);
  assert.equal(operandPrecision([Number.NaN, 2], 1, times, 2), 2);
});

test("widened operands drop extra zeros but keep the chosen decimals", () => {
  assert.equal(formatOperand(2, 3, 2), "2.00");
  assert.equal(formatOperand(0.19661193324148185, 3, 2), "0.197");
  assert.equal(formatOperand(-0.1966, 3, 2), "\u22120.197");
  assert.equal(formatOperand(3, 2, 0), "3");
  assert.equal(formatOperand(3.25, 2, 0), "3.25");
});
