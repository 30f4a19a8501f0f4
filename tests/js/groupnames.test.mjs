// The link names groups by their outputs' names (`~n` for the n-th without one), so that a link still
// collapses the same groups after σ is expanded or lines are added above them.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { collapsedGroups, toggleGroup } from "../../static/js/circuit/collapse.js";
import { groupNames, groupsNamed, listGroups } from "../../static/js/circuit/groupnames.js";
import { parseState } from "../../static/js/state.js";

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url)));
const twoLayer = fixture("two-layer"); // h1 = tanh(…), h2 = tanh(…), out = sigmoid(…): three named neurons
const neuron = fixture("sigmoid-neuron"); // one unnamed sum: w0*x0 + w1*x1 + w2
const idOf = (graph, name) => graph.nodes.find((node) => node.name === name).id;

/** `graph` with every node id moved up by `shift`, as lines added above the program would move them. */
function renumbered(graph, shift) {
  const move = (id) => id + shift;
  return {
    ...graph,
    nodes: graph.nodes.map((node) => ({ ...node, id: move(node.id) })),
    collapsible: graph.collapsible.map((group) => ({ ...group, node: move(group.node), members: group.members.map(move) })),
  };
}

test("a group is named by its output's name, and an unnamed one by its place among the unnamed", () => {
  assert.deepEqual([...groupNames(twoLayer).values()], ["h1", "h2", "out"]);
  assert.deepEqual([...groupNames(neuron).values()], ["~1"]);
});

test("a group named like a word of grp is listed by its ordinal, so the word keeps its meaning", () => {
  const named = structuredClone(twoLayer);
  named.nodes.find((node) => node.name === "h2").name = "all";
  assert.deepEqual([...groupNames(named).values()], ["h1", "~1", "out"]);
  assert.equal(toggleGroup(named, "none", idOf(twoLayer, "h2")), "~1");
});

test("toggling a group writes the names of the collapsed groups in evaluation order", () => {
  const h1 = idOf(twoLayer, "h1");
  const out = idOf(twoLayer, "out");
  assert.equal(toggleGroup(twoLayer, "none", out), "out");
  assert.equal(toggleGroup(twoLayer, "out", h1), "h1,out");
  assert.equal(toggleGroup(twoLayer, "all", h1), "h2,out");
  assert.equal(toggleGroup(twoLayer, "h1", h1), "none");
});

test("names find the same groups after every node id has moved", () => {
  const moved = renumbered(twoLayer, 3);
  assert.deepEqual([...collapsedGroups(moved, "h2")], [idOf(twoLayer, "h2") + 3]);
  assert.deepEqual([...collapsedGroups(renumbered(neuron, 7), "~1")], [neuron.collapsible[0].node + 7]);
  assert.equal(listGroups(moved, collapsedGroups(moved, "out,h1")), "h1,out");
});

test("an older link's node ids still collapse the groups they named, and a toggle rewrites them as names", () => {
  const [h1, h2] = [idOf(twoLayer, "h1"), idOf(twoLayer, "h2")];
  assert.deepEqual([...collapsedGroups(twoLayer, `${h1},${h2}`)], [h1, h2]);
  assert.equal(toggleGroup(twoLayer, `${h1},${h2}`, h1), "h2");
  assert.equal(groupsNamed(twoLayer, `${idOf(twoLayer, "x1")},999999`).size, 0); // not a group's output
});

const HOSTILE = [
  "__proto__",
  "constructor,toString",
  "~0,~99,~9999",
  "h1,h1,h1",
  "<img src=x onerror=alert(1)>",
  "h1,,out",
  "h1,out\n",
  "%00",
  "𝐡1", // NFKC: h1
  "h1".repeat(40),
  Array(501).fill("h1").join(","),
  "1e3,0x1f,-1",
];

test("hostile grp text in a link never throws and collapses only groups it really names", () => {
  for (const raw of HOSTILE) {
    const grp = parseState(`?grp=${encodeURIComponent(raw)}`).grp;
    const collapsed = collapsedGroups(twoLayer, grp);
    for (const node of collapsed) assert.ok(twoLayer.collapsible.some((group) => group.node === node), raw);
    for (const node of collapsed) assert.match(toggleGroup(twoLayer, grp, node), /^(none|[\w,]+)$/);
  }
  assert.equal(parseState("?grp=%F0%9D%90%A11").grp, "h1");
  assert.deepEqual([...collapsedGroups(twoLayer, parseState("?grp=__proto__").grp)], []);
  assert.deepEqual([...collapsedGroups(twoLayer, parseState("?grp=h1,h1,h1").grp)], [idOf(twoLayer, "h1")]);
});
