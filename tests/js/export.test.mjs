import assert from "node:assert/strict";
import { test } from "node:test";

import { STYLE_PROPERTIES, styleText } from "../../static/js/circuit/snapshot.js";

const computed = (values) => ({ getPropertyValue: (name) => values[name] ?? "" });

test("only values that differ from SVG defaults are written", () => {
  const style = styleText(
    computed({ fill: "rgb(26, 138, 46)", opacity: "1", "font-size": "13px", "text-anchor": "middle", stroke: "none" }),
  );
  assert.equal(style, "fill:#1a8a2e;font-size:13px;text-anchor:middle");
});

test("quotes in font families cannot break the style attribute", () => {
  const style = styleText(computed({ "font-family": '"Helvetica Neue", Arial' }));
  assert.equal(style, "font-family:'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif");
});

test("the inlined properties cover paint, text and visibility", () => {
  for (const name of ["fill", "stroke", "stroke-width", "font-family", "font-size", "display", "visibility"]) {
    assert.ok(STYLE_PROPERTIES.includes(name), name);
  }
});

test("colours mixed by color-mix() are written as hex with an opacity", () => {
  const style = styleText(computed({ fill: "color(srgb 0.1 0.3 0.6 / 0.5)", stroke: "rgb(0, 0, 0)" }));
  assert.equal(style, "fill:#1a4d99;stroke:#000000;fill-opacity:0.5");
});
