import assert from "node:assert/strict";
import { test } from "node:test";

import {
  linearScale,
  niceTicks,
  pathWithGaps,
  sliderRange,
  tangentSegment,
  yDomain,
} from "../../static/js/shared/chartmath.js";

test("slider range is symmetric and contains the value", () => {
  assert.deepEqual(sliderRange(-2), { min: -5, max: 5, step: 0.01 });
  const wide = sliderRange(30);
  assert.ok(wide.min <= -30 && wide.max >= 30);
  assert.deepEqual(sliderRange(Number.NaN), { min: -5, max: 5, step: 0.01 });
});

test("linear scale maps the domain ends onto the range ends", () => {
  const s = linearScale(-1, 1, 0, 100);
  assert.equal(s(-1), 0);
  assert.equal(s(1), 100);
  assert.equal(s(0), 50);
  assert.equal(linearScale(2, 2, 0, 10)(2), 5);
});

test("a null value breaks the path into separate pieces", () => {
  const d = pathWithGaps([0, 1, 2, 3], [0, null, 2, 3], (x) => x, (y) => y);
  assert.equal(d, "M0,0M2,2L3,3");
});

test("non-finite values are gaps too", () => {
  const d = pathWithGaps([0, 1, 2], [1, Number.POSITIVE_INFINITY, 1], (x) => x, (y) => y);
  assert.equal((d.match(/M/g) || []).length, 2);
});

test("tangent segment passes through the point with the given slope", () => {
  const [[x1, y1], [x2, y2]] = tangentSegment(1, 2, -3, -2, 4);
  assert.ok(Math.abs((y2 - y1) / (x2 - x1) + 3) < 1e-12);
  assert.ok(Math.abs((x1 + x2) / 2 - 1) < 1e-12);
  assert.ok(Math.abs((y1 + y2) / 2 - 2) < 1e-12);
});

test("y domain pads a flat line", () => {
  const [lo, hi] = yDomain([3, 3, 3], 3);
  assert.ok(lo < 3 && hi > 3);
});

test("y domain ignores a pole but keeps the current point", () => {
  const xs = Array.from({ length: 101 }, (_, i) => -1 + i * 0.02);
  const ys = xs.map((x) => (Math.abs(x) < 1e-9 ? null : 1 / x));
  ys[50] = 1e12;
  const [lo, hi] = yDomain(ys, 2);
  assert.ok(hi < 1e6);
  assert.ok(lo <= 2 && hi >= 2);
});

test("y domain of no finite values falls back to a unit range", () => {
  assert.deepEqual(yDomain([null, null], Number.NaN), [-1, 1]);
});

test("nice ticks are round and cover the range", () => {
  assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
});
