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

test("the gates of an expanded σ are shown by the σ's own code line", async () => {
  const { lineNodesOfGroups } = await import("../../static/js/panels/codepanel.js");
  const graph = {
    code: { forward: [{ node: 0 }, { node: 1 }, { node: 2 }, { node: 6 }] },
    nodes: [0, 1, 2].map((id) => ({ id, group: null })).concat([3, 4, 5, 6].map((id) => ({ id, group: 6 }))),
  };
  assert.deepEqual([...lineNodesOfGroups(graph)], [[3, 6], [4, 6], [5, 6], [6, 6]]);
});

test("a long program's lines come in chunks of a hundred, each line once and in order; a short one's as they are", async () => {
  const { codeBoxHtml, codeLineHtml } = await import("../../static/js/panels/codepanel.js");
  const lines = (count) => Array.from({ length: count }, (_, i) => ({ text: `t${i} = x * ${i}`, node: i, step: i }));
  const short = lines(100);
  assert.equal(codeBoxHtml(short), short.map(codeLineHtml).join(""));
  const long = lines(250);
  const html = codeBoxHtml(long);
  const chunk = (from, to) => `<div class="code-chunk">${long.map(codeLineHtml).slice(from, to).join("")}</div>`;
  assert.equal(html, chunk(0, 100) + chunk(100, 200) + chunk(200, 250));
});
