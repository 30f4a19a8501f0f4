// Compact drawings: a wide fan-out labelled once on a trunk, groups as boxes, the level a link opens at.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { collapsedGroups, collapseGraph } from "../../static/js/circuit/collapse.js";
import { layoutCircuit } from "../../static/js/circuit/layout.js";
import { fits, opensWhole } from "../../static/js/circuit/fitlevel.js";
import { labelClashes } from "../../static/js/circuit/legibility.js";
import { firstUseOrder } from "../../static/js/circuit/order.js";
import { buildScene } from "../../static/js/circuit/scene.js";
import { trunkSources } from "../../static/js/circuit/trunks.js";

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url)));
const threeNeurons = fixture("three-neurons"); // x feeds h1, h2 and 0.3*x; y feeds h1, h2 and 0.5*y
const dagreSource = readFileSync(new URL("../../static/vendor/dagre-3.1.3.min.js", import.meta.url), "utf8");
const dagre = new Function(`${dagreSource}; return dagre;`)();
const measure = (text) => 7 * String(text).length;
const scene = (graph) => buildScene(graph, { measure, precision: 2, t: (key) => key });
const compact = collapseGraph(threeNeurons, collapsedGroups(threeNeurons, "all"));
const x = threeNeurons.nodes.find((node) => node.name === "x").id;
const y = threeNeurons.nodes.find((node) => node.name === "y").id;

test("a whole drawing has no trunks; with groups collapsed, a number feeding three wires leaves on one", () => {
  assert.equal(trunkSources(threeNeurons).size, 0);
  assert.deepEqual([...trunkSources(compact)], [x, y]);
});

test("a trunk's branches carry no numbers and the trunk has room for the value and the sum", () => {
  const { sizes, wires } = scene(compact);
  const branches = wires.filter((wire) => wire.branch);
  assert.equal(branches.length, 6);
  for (const wire of branches) assert.deepEqual(sizes.edges[wire.id], { width: 0, height: 0 });
  assert.ok(sizes.trunks[x].width > 0 && sizes.trunks[x].height > 0);
});

test("collapsed groups are boxes naming their output over their formula", () => {
  const { nodes } = scene(compact);
  const h1 = nodes.find((item) => item.lines?.[0] === "h1");
  assert.equal(h1.shape, "box");
  assert.deepEqual(h1.lines, ["h1", "tanh(w·x)"]);
});

test("every branch runs along its trunk from the node, then to its own gate; the label is the trunk's", () => {
  const { sizes } = scene(compact);
  const placed = layoutCircuit(compact, sizes, { dagre });
  const trunk = placed.trunks.get(x);
  assert.equal(trunk.points.length, 3);
  assert.equal(trunk.points[1].y, trunk.points[2].y); // level under its numbers
  for (const edge of compact.edges.filter((e) => e.source === x)) {
    const { points, label } = placed.edges.get(edge.id);
    assert.deepEqual(points.slice(0, 3), trunk.points);
    assert.deepEqual(label, trunk.label);
    const target = placed.nodes.get(edge.target);
    assert.ok(points.at(-1).x <= target.x && points.at(-1).x >= target.x - target.width / 2 - 0.5);
  }
  assert.deepEqual(labelClashes(compact, placed, sizes), []);
});

test("auto opens whole what fits the reference box, else collapsed when that fits", () => {
  globalThis.dagre = dagre; // the page's layout finds dagre as a global
  const options = { measure, precision: 2, t: (key) => key };
  assert.equal(opensWhole(fixture("sigmoid-neuron"), options), true); // the notes' figure keeps its gates
  const twoLayer = fixture("two-layer"); // 24 gates: too tall whole, three boxes collapsed
  assert.equal(fits(twoLayer, options), false);
  assert.equal(fits(collapseGraph(twoLayer, collapsedGroups(twoLayer, "all")), options), true);
  assert.equal(opensWhole(twoLayer, options), false);
});

test("the layered layout of big circuits keeps every number clear of other wires and gates", () => {
  const network = fixture("network-2-4-4-1"); // whole: 66 gates
  const { sizes } = scene(network);
  const placed = layoutCircuit(network, sizes, { dagre, large: true });
  assert.deepEqual(labelClashes(network, placed, sizes), []);
});

test("the layered layout of big circuits stacks the inputs in the order the program first uses them", () => {
  const network = fixture("network-2-4-4-1");
  const placed = layoutCircuit(network, scene(network).sizes, { dagre, large: true });
  const inputs = new Set(network.inputs.map((input) => input.node));
  const ys = firstUseOrder(network).filter((id) => inputs.has(id)).map((id) => placed.nodes.get(id).y);
  assert.ok(ys.length > 10);
  assert.deepEqual(ys, [...ys].sort((a, b) => a - b));
});
