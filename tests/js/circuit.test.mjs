// Pure circuit modules: the player, frames, captions and layout (dagre loaded the way the page loads it).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { frameAt, Player } from "../../static/js/circuit/animate.js";
import { setCatalogue, setLanguage, has, t } from "../../static/js/i18n.js";
import { computeRanks, layoutCircuit, levelUnderLabel, shouldMirror } from "../../static/js/circuit/layout.js";
import { caption, forwardFormula, wireName } from "../../static/js/circuit/narrate.js";

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url)));
const addMul = fixture("add-mul");
const patterns = fixture("patterns");
const fanOut = fixture("fan-out");
const neuron = fixture("sigmoid-neuron");
const formulas = fixture("formulas");
const kinks = fixture("kinks");
const small = fixture("small");
const fanThree = fixture("fan-three");

setCatalogue("en", JSON.parse(readFileSync(new URL("../../static/i18n/en.json", import.meta.url))));
setLanguage("en");
const say = (graph, pos) => caption(graph, pos, { t, has, precision: 2 });

const dagreSource = readFileSync(new URL("../../static/vendor/dagre-3.1.3.min.js", import.meta.url), "utf8");
const dagre = new Function(`${dagreSource}; return dagre;`)();

test("before any step only the input wires carry values", () => {
  const frame = frameAt(addMul, 0);
  assert.deepEqual([...frame.computed].sort(), [0, 1, 2]);
  assert.equal(frame.edgeGrads.size, 0);
  assert.equal(frame.seeded, false);
  assert.equal(frame.step, null);
});

test("after the forward steps and the seed the output holds 1 and no wire has a gradient", () => {
  const frame = frameAt(addMul, 3);
  assert.ok(frame.computed.has(addMul.output));
  assert.equal(frame.seeded, true);
  assert.equal(frame.edgeGrads.size, 0);
});

test("each backward step reveals exactly its own wire's gradient", () => {
  const frame = frameAt(addMul, 4);
  assert.deepEqual([...frame.edgeGrads], [[2, -4]]);
});

test("the end shows every gradient of the evaluated circuit", () => {
  const frame = frameAt(addMul, addMul.steps.length);
  assert.equal(frame.done, true);
  for (const edge of addMul.edges) assert.equal(frame.edgeGrads.get(edge.id), edge.gradient);
});

test("a fan-out node's running total grows one wire at a time", () => {
  const accumulating = fanOut.steps.filter((step) => step.phase === "backward" && step.input === 0);
  assert.equal(accumulating.length, 2);
  const first = frameAt(fanOut, accumulating[0].index + 1);
  assert.equal(first.totals.get(0), accumulating[0].total);
  const second = frameAt(fanOut, accumulating[1].index + 1);
  assert.equal(second.totals.get(0), 6);
});

function fakeTimers() {
  const queue = [];
  return {
    queue,
    setTimeout: (fn) => queue.push(fn) && queue.length,
    clearTimeout: () => queue.splice(0),
    run: () => queue.shift()?.(),
  };
}

test("the player plays tick by tick and stops at the end", () => {
  const timers = fakeTimers();
  const player = new Player({ total: 3, pos: 0, timers });
  const reasons = [];
  player.addEventListener("change", (event) => reasons.push(event.detail.reason));
  player.play();
  while (timers.queue.length) timers.run();
  assert.equal(player.pos, 3);
  assert.equal(player.playing, false);
  assert.deepEqual(reasons, ["play", "tick", "tick", "pause", "tick"]);
});

test("stepping and seeking stay inside the trace", () => {
  const player = new Player({ total: 5, pos: 5, timers: fakeTimers() });
  player.stepForward();
  assert.equal(player.pos, 5);
  player.seek(-4);
  assert.equal(player.pos, 0);
  player.stepBack();
  assert.equal(player.pos, 0);
  player.seek("2");
  assert.equal(player.pos, 2);
  player.setSpeed(3);
  assert.equal(player.speed, 1);
});

test("playing from the end starts over", () => {
  const timers = fakeTimers();
  const player = new Player({ total: 2, pos: 2, timers });
  player.play();
  assert.equal(player.pos, 0);
  assert.equal(player.playing, true);
});

test("the mul caption swaps the inputs with the real numbers", () => {
  const index = patterns.steps.findIndex((step) => step.phase === "backward" && step.gate === "mul" && step.port === 0);
  assert.equal(say(patterns, index + 1), "mul gate swaps its inputs: ∂f/∂x = y · ∂f/∂(x*y) = −4.00 × 2.00 = −8.00.");
});

test("the max caption routes to the larger input and nothing to the smaller", () => {
  const routes = patterns.steps.filter((step) => step.gate === "max");
  const texts = routes.map((step) => say(patterns, step.index + 1));
  assert.ok(texts.some((text) => text.startsWith("max gate routes the gradient to its larger input: ∂f/∂z")));
  assert.ok(texts.some((text) => text === "max gate routes nothing to w: ∂f/∂w = 0 × 2.00 = 0.00."));
});

test("the add caption distributes the upstream gradient", () => {
  const step = addMul.steps.find((candidate) => candidate.gate === "add" && candidate.phase === "backward");
  assert.equal(say(addMul, step.index + 1), "add gate distributes the gradient: ∂f/∂x = 1 × ∂f/∂(x+y) = 1 × −4.00 = −4.00.");
});

test("the fan-out caption shows the running sum", () => {
  const last = fanOut.steps.filter((step) => step.accumulates).pop();
  assert.match(say(fanOut, last.index + 1), /accumulates \(\+=\): 3\.00 \+ 3\.00 = 6\.00, the total ∂f\/∂x\./);
});

test("a fanned-out input's part, running sum and total are named apart in consecutive captions", () => {
  const parts = fanThree.steps.filter((step) => step.accumulates && step.input === 0);
  const [first, middle, last] = parts.map((step) => say(fanThree, step.index + 1));
  for (const text of [first, middle, last]) assert.match(text, /this wire's part of ∂f\/∂x = /);
  assert.match(first, /the running sum of ∂f\/∂x starts at this part, 4\.00/);
  assert.match(middle, /running sum 4\.00 \+ 4\.00 = 8\.00, not yet the total\./);
  assert.match(last, /8\.00 \+ 4\.00 = 12\.00, the total ∂f\/∂x\./);
});

test("captions print every number as its wire shows it and say ≈ where rounding shows", () => {
  // 2 × 0.1966 = 0.3932: the upstream wire shows 0.20, so the caption does too, and says the product is rounded.
  const step = neuron.steps.find((s) => s.phase === "backward" && s.gate === "mul" && s.input === 1);
  assert.ok(
    say(neuron, step.index + 1).startsWith("mul gate swaps its inputs: ∂f/∂x0 = w0 · ∂f/∂(w0*x0) = 2.00 × 0.20 ≈ 0.39."),
  );
  for (const candidate of neuron.steps.filter((s) => s.phase === "backward")) {
    const text = say(neuron, candidate.index + 1);
    const worked = / (−?[\d.]+) × (−?[\d.]+) ([=≈]) (−?[\d.]+)\./.exec(text);
    if (!worked) continue;
    const [a, b, shown] = [worked[1], worked[2], worked[4]].map((part) => Number(part.replace("−", "-")));
    const wires = new Set([1, ...neuron.edges.map((edge) => Number(edge.gradient.toFixed(2)))]); // 1: the output wire
    assert.ok(wires.has(b), `${text}: the upstream ${b} is on a wire`);
    assert.equal(worked[3] === "=", (a * b).toFixed(2) === shown.toFixed(2), text);
  }
});

test("a gradient too small for two decimals is never captioned as 0.00", () => {
  const text = small.steps
    .filter((step) => step.phase === "backward")
    .map((step) => say(small, step.index + 1))
    .join("\n");
  assert.doesNotMatch(text, /(^|[^\d.e])0\.00([^\d]|$)/);
  assert.match(text, /∂f\/∂x = w · ∂f\/∂\(w\*x\) = 10\.00 × 4\.54e−5 = 4\.54e−4\./);
  assert.match(text, /∂f\/∂w = x · ∂f\/∂\(w\*x\) = 1\.00 × 4\.54e−5 = 4\.54e−5\./);
});

test("at a kink the caption says the engine's convention: a tie splits ½ each, relu and abs at 0 pass 0", () => {
  const said = (gate) =>
    kinks.steps.filter((step) => step.phase === "backward" && step.gate === gate).map((step) => say(kinks, step.index + 1));
  for (const gate of ["max", "min"]) {
    const [left, right] = said(gate);
    assert.ok(left.startsWith(`${gate} gate's inputs are equal, so the gradient is split evenly, ½ each: this wire's part of ∂f/∂z = ½ × ∂f/∂(${gate}(z, w)) = 0.50 × 1.00 = 0.50.`), left);
    assert.match(right, /∂f\/∂w = ½ × .* = 0\.50 × 1\.00 = 0\.50\./);
    assert.doesNotMatch(left + right, /larger|smaller|routes nothing/);
  }
  for (const gate of ["relu", "abs"]) {
    assert.match(said(gate)[0], /input is exactly 0, at its kink, where the slope is taken as 0: this wire's part of ∂f\/∂u = 0 × 1\.00 = 0\.00\./);
  }
});

test("wires inside a written-out sigma are named by the sub-expression they carry", () => {
  const exp = neuron.nodes.find((node) => node.gate === "exp");
  const step = neuron.steps.find((s) => s.phase === "backward" && s.node === exp.id);
  const text = say(neuron, step.index + 1);
  assert.match(text, /∂f\/∂\(-\(w0\*x0 \+ w1\*x1 \+ w2\)\) = /);
  assert.doesNotMatch(text, /\(\*-1\)|\(exp\)|t\d/);
  assert.equal(wireName(neuron, exp.id), "(exp(-(w0*x0 + w1*x1 + w2)))");
});

test("exact factors keep the chosen precision", () => {
  assert.equal(say(addMul, 1), "Forward: the add gate computes −2.00 + 5.00 = 3.00.");
});

test("forward, seed, start and end captions", () => {
  assert.match(say(addMul, 0), /Press play/);
  assert.equal(say(addMul, 1), "Forward: the add gate computes −2.00 + 5.00 = 3.00.");
  assert.equal(say(addMul, 3), "Backward pass starts at the output with ∂f/∂f = 1.00.");
  assert.match(say(addMul, addMul.steps.length), /Backward pass complete\.$/);
});

test("forward formulas read like arithmetic", () => {
  const fmt = (value) => String(value);
  // Each gate's formula as the server sends it, looked up by the symbol drawn in its circle.
  const textOf = (label) => formulas.nodes.find((node) => node.label === label).formula.text;
  assert.equal(forwardFormula(textOf("*"), [2, 3], fmt), "2 × 3");
  assert.equal(forwardFormula(textOf("1/x"), [4], fmt), "1 / 4");
  assert.equal(forwardFormula(textOf("+1"), [4], fmt), "4 + 1");
  assert.equal(forwardFormula(textOf("*-1"), [4], fmt), "4 × −1");
  assert.equal(forwardFormula(textOf("^2"), [4], fmt), "(4)^2");
  assert.equal(forwardFormula(textOf("exp"), [4], fmt), "exp(4)");
  assert.equal(forwardFormula(textOf("max"), [4, 5], fmt), "max(4, 5)");
});

test("wires are named by variable, then by short source text", () => {
  assert.equal(wireName(addMul, 0), "x");
  assert.equal(wireName(addMul, 3), "(x+y)");
  assert.equal(wireName(addMul, 99), "?");
});

test("ranks put inputs in column 0 and each gate right of its operands", () => {
  const ranks = computeRanks(patterns);
  for (const node of patterns.nodes) {
    if (node.kind === "input") assert.equal(ranks.get(node.id), 0);
    for (const source of node.inputs) assert.ok(ranks.get(source) < ranks.get(node.id));
  }
});

test("layout runs left to right: inputs leftmost, output rightmost, inputs in order", () => {
  const placed = layoutCircuit(patterns, { nodes: {}, edges: {} }, { dagre });
  const xs = patterns.nodes.map((node) => placed.nodes.get(node.id).x);
  const inputXs = patterns.nodes.filter((n) => n.kind === "input").map((n) => placed.nodes.get(n.id).x);
  assert.equal(Math.max(...inputXs), Math.min(...xs));
  assert.equal(placed.nodes.get(patterns.output).x, Math.max(...xs));
  assert.ok(placed.output.points[1].x > placed.nodes.get(patterns.output).x);
  assert.equal(shouldMirror(patterns, placed.nodes), false);
  for (const edge of patterns.edges) {
    const { points } = placed.edges.get(edge.id);
    for (let i = 1; i < points.length; i += 1) assert.ok(points[i].x >= points[i - 1].x - 1e-6);
  }
});

test("two wires between the same pair of nodes are routed apart", () => {
  const placed = layoutCircuit(fanOut, { nodes: {}, edges: {} }, { dagre });
  const [a, b] = fanOut.edges.filter((edge) => edge.source === 0).map((edge) => placed.edges.get(edge.id).label);
  assert.notDeepEqual(a, b);
});

test("the quick ordering used for big circuits gives the same columns", () => {
  const slow = layoutCircuit(patterns, { nodes: {}, edges: {} }, { dagre, quickOrder: false });
  const quick = layoutCircuit(patterns, { nodes: {}, edges: {} }, { dagre, quickOrder: true });
  for (const node of patterns.nodes) assert.equal(quick.nodes.get(node.id).x, slow.nodes.get(node.id).x);
});

test("the plain layout for big circuits keeps columns, order and spacing", () => {
  const sizes = { nodes: {}, edges: {} };
  const placed = layoutCircuit(patterns, sizes, { dagre, large: true });
  const ranks = computeRanks(patterns);
  for (const edge of patterns.edges) {
    const { points } = placed.edges.get(edge.id);
    assert.ok(points.length >= 3, "every wire passes through its label point");
    for (let i = 1; i < points.length; i += 1) assert.ok(points[i].x > points[i - 1].x);
  }
  const byColumn = new Map();
  for (const node of patterns.nodes) {
    const box = placed.nodes.get(node.id);
    const column = ranks.get(node.id);
    if (!byColumn.has(column)) byColumn.set(column, []);
    byColumn.get(column).push(box);
  }
  for (const boxes of byColumn.values()) {
    assert.equal(new Set(boxes.map((box) => box.x)).size, 1);
    boxes.sort((a, b) => a.y - b.y);
    for (let i = 1; i < boxes.length; i += 1) {
      assert.ok(boxes[i].y - boxes[i - 1].y >= (boxes[i].height + boxes[i - 1].height) / 2);
    }
  }
  assert.ok(placed.output.points[1].x > placed.nodes.get(patterns.output).x);
});

test("a long subexpression is named by its gate over its inputs, never by a code name drawn nowhere", () => {
  const graph = structuredClone(addMul);
  graph.expr = "(xxxxxxxxxxxxxx + yyyyyyyyyyyyyy) * z";
  graph.nodes[3].span = { line: 1, column: 1, end_line: 1, end_column: 34 };
  graph.nodes[0].name = graph.nodes[0].label = "xxxxxxxxxxxxxx";
  graph.code = { forward: [{ text: "t1 = xxxxxxxxxxxxxx + y", node: 3 }], backward: [] };
  assert.equal(wireName(graph, 3), "(xxxxxxxxxxxxxx + y)");
});

test("the output wire is always called by the name written at its end", () => {
  assert.equal(wireName(addMul, addMul.output), "f");
  const step = addMul.steps.find((s) => s.phase === "backward" && s.node === addMul.output);
  assert.match(say(addMul, step.index + 1), /· ∂f\/∂f = /);
});

test("a wire stays level under its numbers and bends only beyond them", () => {
  const label = { x: 100, y: 50 };
  const points = [{ x: 20, y: 50 }, label, { x: 200, y: 90 }];
  assert.deepEqual(levelUnderLabel(points, label, 60), [{ x: 20, y: 50 }, label, { x: 130, y: 50 }, { x: 200, y: 90 }]);
  const fromAbove = [{ x: 20, y: 10 }, label, { x: 200, y: 50 }];
  assert.deepEqual(levelUnderLabel(fromAbove, label, 60)[1], { x: 70, y: 50 });
  // No room beyond the label, or no label point on the route: the route is left alone.
  assert.deepEqual(levelUnderLabel([{ x: 80, y: 50 }, label, { x: 125, y: 90 }], label, 60).length, 3);
  assert.deepEqual(levelUnderLabel(points, { x: 0, y: 0 }, 60), points);
});

test("the output's name is written once, at the end of its wire, not over its gate too", async () => {
  const { buildScene } = await import("../../static/js/circuit/scene.js");
  const named = structuredClone(addMul);
  const output = named.nodes.find((node) => node.id === named.output);
  output.name = "f";
  const middle = named.nodes.find((node) => node.kind === "gate" && node.id !== named.output);
  middle.name = "q";
  const scene = buildScene(named, { measure: (text) => String(text).length * 7, t });
  const captions = new Map(scene.nodes.map((node) => [node.id, node.caption]));
  assert.equal(captions.get(named.output), null);
  assert.equal(captions.get(middle.id), "q");
});

test("a Chinese sentence ends in 。 and the next one follows without a space; English ones get a space", async () => {
  const { joinSentences } = await import("../../static/js/circuit/narrate.js");
  assert.equal(joinSentences("梯度相加。", "反向传播完成。"), "梯度相加。反向传播完成。");
  assert.equal(joinSentences("Gradients add up.", "Done."), "Gradients add up. Done.");
});
