// Reads [[full, compact], …] as JSON on stdin; prints the index and first difference of every pair whose
// compact form does not expand to the full form exactly, or "ok".
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { expandGraph } from "../../../static/js/shared/graphform.js";

const pairs = JSON.parse(readFileSync(0, "utf8"));
const failures = [];
pairs.forEach(([full, compact], index) => {
  try {
    assert.deepStrictEqual(expandGraph(compact), full);
  } catch (error) {
    failures.push(`${index}: ${String(error.message).slice(0, 1500)}`);
  }
});
console.log(failures.length ? failures.join("\n") : "ok");
