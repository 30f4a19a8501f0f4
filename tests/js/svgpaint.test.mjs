import assert from "node:assert/strict";
import { test } from "node:test";

import { exportFontFamily, fontFamilyFor, plainColor, widthInEms } from "../../static/js/shared/svgpaint.js";

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

const scripts = [
  ["-12.00", "'Helvetica Neue', Arial", "'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"],
  ["值，在线路上方", "'Helvetica Neue', Arial", "'Noto Sans CJK SC', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"],
  ["损失 = x * y", "'DejaVu Sans Mono', monospace", "'Noto Sans Mono CJK SC', 'DejaVu Sans Mono', monospace, 'DejaVu Sans', sans-serif"],
  ["σ", "Arial", "Arial, 'DejaVu Sans', sans-serif"],
];
for (const [words, list, expected] of scripts) {
  test(`the text ${words} is drawn with a font that has its glyphs even where only the first family counts`, () => {
    assert.equal(fontFamilyFor(list, words), expected);
  });
}

test("a caption's width counts a CJK character as a full em and the others as the font's advance", () => {
  assert.equal(widthInEms("第 7 / 7 步", 0.5), 2 + 7 * 0.5);
});
