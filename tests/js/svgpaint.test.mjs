import assert from "node:assert/strict";
import { test } from "node:test";

import { exportFontFamily, plainColor } from "../../static/js/shared/svgpaint.js";

const cases = [
  ["rgb(26, 138, 46)", { color: "#1a8a2e", alpha: 1 }],
  ["rgba(0, 0, 0, 0.5)", { color: "#000000", alpha: 0.5 }],
  ["rgba(0, 0, 0, 0)", { color: "none", alpha: 1 }],
  ["color(srgb 0.93 0.95 1)", { color: "#edf2ff", alpha: 1 }],
  ["color(srgb 0.1 0.3 0.6 / 0.45)", { color: "#1a4d99", alpha: 0.45 }],
  ["none", { color: "none", alpha: 1 }],
];
for (const [value, expected] of cases) {
  test(`the computed colour ${value} becomes plain SVG 1.1 paint`, () => {
    assert.deepEqual(plainColor(value), expected);
  });
}

test("a font list loses browser-only names and ends in fonts every renderer has", () => {
  assert.equal(
    exportFontFamily('system-ui, "Helvetica Neue", Arial, sans-serif'),
    "'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif",
  );
});
