// Graph JSON -> what the renderer draws (items, sizes) and, for a frame, which numbers each wire shows.

import { formatLiteral, formatNumber } from "../shared/format.js";
import { arrayLabel, arrayLabelSize, isArrayShape, shapeText } from "./arrays.js";
import { FONT_SIZE } from "./render.js";
import { fanOut, trunkSize, trunkSources } from "./trunks.js";

const LINE = FONT_SIZE + 2;

/** Renderer items for every node and wire, plus measured sizes for the layout. */
export function buildScene(graph, { measure, precision = 2, t }) {
  const outs = fanOut(graph);
  const nodes = [];
  const sizes = { nodes: {}, edges: {}, trunks: {} };
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const trunks = trunkSources(graph, outs);
  for (const node of graph.nodes) {
    const trunk = trunks.has(node.id);
    // A trunk writes the running sum of its branches' gradients under itself, in place of the node's Σ.
    const showsTotal = (outs.get(node.id) || 0) > 1 && !trunk;
    if (trunk) sizes.trunks[node.id] = trunkSize(node, { measure, precision, line: LINE });
    if (node.kind === "gate" && node.collapsed) {
      const box = groupBox(node, measure);
      const extra = showsTotal ? LINE : 0;
      nodes.push({ id: node.id, kind: "gate", shape: "box", lines: box.lines, width: box.width, height: box.height, showsTotal, className: "collapsed" });
      sizes.nodes[node.id] = { width: box.width, height: box.height + 2 * extra, shape: "rect" };
    } else if (node.kind === "gate") {
      const text = node.label || node.gate || "?";
      const radius = Math.max(14, measure(text, { size: FONT_SIZE + 1 }) / 2 + 6);
      // The output's name is written where its wire ends; writing it over the gate too would say it twice.
      const caption = node.id === graph.output ? null : node.name || null;
      const extra = Math.max(caption ? LINE : 0, showsTotal ? LINE : 0);
      nodes.push({ id: node.id, kind: "gate", shape: "circle", text, radius, caption, showsTotal, className: node.group !== null && node.group !== undefined ? "grouped" : "" });
      sizes.nodes[node.id] = { width: 2 * radius, height: 2 * radius + 2 * extra, shape: "circle" };
    } else {
      const text = node.kind === "const" ? formatLiteral(node.value) : node.name || node.label || "?";
      // Room for the running sum written under a fanned-out input, on two lines ("Σ -1.00 + -2.00", "= -3.00").
      const number = formatNumber(node.gradient, precision);
      const sumText = showsTotal ? `\u03a3 ${number} + ${number}` : "";
      const width = Math.max(measure(text, { size: FONT_SIZE + 2, italic: node.kind === "input" }), measure(sumText, { size: 14, weight: "bold" })) + 10;
      // A wide fan-out gets horizontal room to spread its wires before their first labels.
      const fan = outs.get(node.id) || 0;
      const inset = fan > 2 ? Math.min(48, 10 * (fan - 1)) : 0;
      nodes.push({ id: node.id, kind: node.kind, shape: "label", text, width: width + inset, inset, showsTotal });
      // The box is centred on the wire's height, so the two lines of the sum under it count twice.
      sizes.nodes[node.id] = { width: width + inset, inset, height: showsTotal ? 4 * LINE + 12 : LINE + 6, shape: "rect" };
    }
  }
  let widest = 0;
  const arrays = new Map(); // edge id -> what its array label needs from the layout
  for (const edge of graph.edges) {
    if (isArrayShape(edge.shape)) {
      const size = arrayLabelSize(edge, edge.shape, { measure, precision });
      arrays.set(edge.id, { text: shapeText(edge.shape), columns: size.columns, height: size.block });
      sizes.edges[edge.id] = { width: size.width, height: size.height };
      widest = Math.max(widest, size.width);
      continue;
    }
    const value = measure(formatNumber(edge.value, precision), { weight: "bold" });
    const width = Math.max(value, measure(formatNumber(edge.gradient, precision), { italic: true })) + 6;
    widest = Math.max(widest, width);
    sizes.edges[edge.id] = { width, height: 2 * LINE + 2 };
  }
  const outNode = byId.get(graph.output);
  const outWidth = outNode ? Math.max(measure(formatNumber(outNode.value, precision)), measure("1.00")) + 16 : 40;
  sizes.output = { width: outWidth, height: 2 * LINE + 4 };
  let outArray = null;
  if (outNode && isArrayShape(outNode.shape)) {
    const size = arrayLabelSize(outNode, outNode.shape, { measure, precision });
    outArray = { text: shapeText(outNode.shape), columns: size.columns, height: size.block };
    sizes.output = { width: size.width + 16, height: size.height };
  }
  const name = outNode?.name || "f";
  sizes.sink = { width: measure(name, { size: FONT_SIZE + 2 }) + 8, height: LINE };
  // A trunk's branches carry no numbers of their own: the trunk shows the value once and the gradients' sum.
  for (const edge of graph.edges) if (trunks.has(edge.source)) sizes.edges[edge.id] = { width: 0, height: 0 };
  const wires = graph.edges.map((edge) => ({
    id: edge.id, source: edge.source, target: edge.target, array: arrays.get(edge.id), branch: trunks.has(edge.source),
  }));
  // An expanded σ (its *-1, exp, +1, 1/x chain) is framed and labelled as the one gate it stands for.
  const groups = new Map();
  for (const node of graph.nodes) {
    if (node.group === null || node.group === undefined) continue;
    if (!groups.has(node.group)) groups.set(node.group, { id: node.group, label: "\u03c3", members: [] });
    groups.get(node.group).members.push(node.id);
  }
  return {
    nodes, wires, trunks: [...trunks], groups: [...groups.values()], output: outNode ? { name, array: outArray } : null, sizes, widest, t,
  };
}

/** A collapsed group is a rounded box: its name (when it has one) over its formula, e.g. "h1" over "tanh(w·x)". */
function groupBox(node, measure) {
  const label = node.label || node.gate || "?";
  const lines = node.name ? [node.name, label] : [label];
  const widest = lines.reduce((wide, line) => Math.max(wide, measure(line, { size: FONT_SIZE + 1 })), 0);
  return { lines, width: Math.max(32, widest + 14), height: lines.length * LINE + 10 };
}

// What the page marks on the drawing besides the frame: the selected node, in a quiz which hidden gradients
// are revealed, which gates' values are still asked and which wires the focused question asks about, and the
// wires of wrong backward lines; and the palette, whose colours the heatmaps are painted in.
export const NO_MARKS = Object.freeze({ selected: null, quiz: null, thickness: false, checks: null, palette: "" });
const THICK_LEVELS = 3;

/** The size of a gradient: its absolute value, or the largest entry's for an array. */
function magnitude(gradient) {
  if (typeof gradient === "number") return Math.abs(gradient);
  if (Array.isArray(gradient)) return Math.max(0, ...gradient.flat(Infinity).map((entry) => Math.abs(entry)));
  return 0;
}

/** 1..3 as a wire's gradient is small, middling or large next to the largest in the circuit; 0 when none. */
export function thicknessLevel(gradient, largest) {
  if (gradient === undefined || !(largest > 0)) return 0;
  return Math.max(1, Math.ceil((THICK_LEVELS * magnitude(gradient)) / largest));
}
const NONE = new Set();

function gateName(node, t) {
  const key = `gate.${node.gate}`;
  const name = t(key);
  return name === key ? node.label || node.gate : name;
}

/** How a wire's accessible name calls the node it starts from. */
function sourceName(node, t) {
  if (!node) return "?";
  if (node.name) return node.name;
  if (node.kind === "const") return t("aria.const", { value: node.label ?? node.value });
  return gateName(node, t);
}

/** The numbers, states and accessible names shown at `frame` (from animate.frameAt), as renderer calls. */
export function paintFrame(renderer, graph, frame, { precision = 2, t, showCurrent = !frame.done, marks = NO_MARKS }) {
  const fmt = (value) => formatNumber(value, precision);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  // An array wire shows its shape where a number would be written, in texts and in accessible names.
  const shown = (value, shape) => (isArrayShape(shape) ? shapeText(shape) : fmt(value));
  const block = (nested, shape, name, kind) =>
    nested === undefined ? "" : arrayBlock(nested, shape, { precision, name, kind, palette: marks.palette });
  const quiz = marks.quiz;
  const revealedEdges = quiz?.revealedEdges ?? NONE;
  const focusEdges = quiz?.focusEdges ?? NONE;
  const wrongEdges = marks.checks ?? NONE; // a dashed wire with a ✗: not told by colour alone
  // A values quiz draws the gates it still asks about as "?", on the screen and in the accessible names.
  const hiddenValues = quiz?.hiddenValues ?? NONE;
  const shownValue = (id, value, shape) => (hiddenValues.has(id) ? "?" : shown(value, shape));
  // A link to the end shows the finished figure plainly; stepping into the end still marks the last step.
  // A quiz holds still where it asks, and a marked step there would only compete with the focused question.
  const step = showCurrent && !quiz ? frame.step : null;
  const wording = t("aria.wire_grad"); // a new language words every name again
  // Thickness would give a quiz's hidden gradients away.
  const largest = marks.thickness && !quiz ? largestMagnitude(graph.edges) : 0;
  const trunks = trunkBranches(graph);
  for (const edge of graph.edges) {
    const valueShown = frame.computed.has(edge.source);
    const grad = frame.edgeGrads.get(edge.id);
    const value = valueShown ? shownValue(edge.source, edge.value, edge.shape) : "";
    const gradText = grad === undefined ? "" : shown(grad, edge.shape);
    // A quiz keeps the gradients out of the names until they are revealed, as it keeps them off the screen.
    const gradShown = gradText !== "" && (!quiz || revealedEdges.has(edge.id));
    // The name is worded only when what it says changed (a frame changes few wires).
    const aria = () => {
      const target = byId.get(edge.target);
      const params = {
        from: sourceName(byId.get(edge.source), t),
        to: target ? gateName(target, t) : "?",
        value: value || "\u2026",
        grad: gradText,
      };
      return t(gradShown ? "aria.wire_grad" : "aria.wire", params);
    };
    const key = `${wording}|${value}|${gradShown ? gradText : ""}`;
    if (isArrayShape(edge.shape)) {
      const name = wireLabel(byId.get(edge.source));
      const top = valueShown ? block(edge.value, edge.shape, name, "value") : "";
      // A quiz hides the gradients' numbers: only revealed ones are painted.
      const bottom = gradShown ? block(grad, edge.shape, `d${name}`, "grad") : "";
      renderer.setWire(edge.id, top, bottom, aria, key);
    } else renderer.setWire(edge.id, value, gradText, aria, key);
    const active =
      !!step &&
      ((step.phase === "backward" && step.edge === edge.id) || (step.phase === "forward" && step.node === edge.target));
    const level = thicknessLevel(grad, largest);
    renderer.setWireState(edge.id, {
      "thick-1": level === 1,
      "thick-2": level === 2,
      "thick-3": level === 3,
      active,
      "has-grad": grad !== undefined,
      "has-value": valueShown,
      revealed: revealedEdges.has(edge.id),
      "quiz-focus": focusEdges.has(edge.id),
      "check-wrong": wrongEdges.has(edge.id),
    });
    renderer.setWireBadge(edge.id, wrongEdges.has(edge.id) ? "\u2717" : "");
  }
  const outNode = byId.get(graph.output);
  // The seed is 1 unless the program sets it (`df = 3`); an array output's ones are written as 1.
  const seed = typeof outNode?.gradient === "number" ? outNode.gradient : 1;
  if (outNode && isArrayShape(outNode.shape)) {
    const name = wireLabel(outNode);
    const top = frame.computed.has(outNode.id) ? block(outNode.value, outNode.shape, name, "value") : "";
    renderer.setOutput(top, frame.seeded ? block(seedGradient(graph, outNode), outNode.shape, `d${name}`, "grad") : "");
  } else if (outNode) {
    const value = frame.computed.has(outNode.id) ? shownValue(outNode.id, outNode.value) : "";
    renderer.setOutput(value, frame.seeded ? fmt(seed) : "");
  }
  for (const node of graph.nodes) {
    const known = frame.computed.has(node.id);
    const total = frame.totals.get(node.id);
    const gradient = node.id === graph.output && frame.seeded ? seed : total;
    const active = !!step && step.node === node.id && step.phase !== "backward";
    const source = !!step && step.phase === "backward" && (step.input === node.id || step.node === node.id);
    const params = { name: node.name || node.label || "", label: node.label || "", value: known ? shownValue(node.id, node.value, node.shape) : "?" };
    let aria =
      gradient === undefined || quiz
        ? t(`aria.${node.kind}`, params)
        : t(`aria.${node.kind}_grad`, { ...params, grad: shown(gradient, node.shape) });
    // A collapsed neuron's weights and bias are not drawn as wires: its name says they are inside.
    if (node.params?.length) aria += t(node.params.length === 1 ? "aria.holds_param" : "aria.holds_params", { count: node.params.length });
    // While a fan-out wire's gradient arrives, its node shows the sum being formed: "Σ 3.00 + 3.00 = 6.00".
    const adding = !!step && step.phase === "backward" && step.accumulates && step.input === node.id;
    // Under an input or a constant the sum takes two lines, so that it needs less room to the left.
    // An array's running sum is its wires' business: the labels show each part whole.
    const arrayNode = isArrayShape(node.shape);
    let shownTotal = total === undefined || arrayNode ? "" : `\u03a3 ${fmt(total)}`;
    if (adding && total !== undefined && !arrayNode) {
      const sum = `\u03a3 ${fmt(step.total_before)} + ${fmt(step.product)}`;
      const equals = ` = ${fmt(step.total)}`;
      shownTotal = node.kind === "gate" ? sum + equals : [sum, equals];
    }
    if (trunks.has(node.id)) {
      // In a quiz the sum stays hidden until every branch's gradient is revealed.
      const revealed = !quiz || trunks.get(node.id).every((id) => revealedEdges.has(id));
      renderer.setTrunk(node.id, known ? shownValue(node.id, node.value, node.shape) : "", total === undefined ? "" : fmt(total), {
        "has-value": known,
        "has-grad": total !== undefined,
        revealed: Boolean(quiz) && revealed,
      });
    }
    const selectable = node.kind === "gate" || node.kind === "input";
    renderer.setNode(node.id, {
      states: {
        computed: known,
        active: active || source,
        "has-grad": gradient !== undefined,
        adding,
        "is-selected": selectable && marks.selected === node.id,
        revealed: Boolean(quiz?.revealedNodes?.has(node.id)),
        "quiz-focus": quiz?.focusNode === node.id,
      },
      aria,
      total: shownTotal,
    });
  }
}

// The trunks of a drawn graph (node id -> its branches' wire ids), found once per graph, not once per frame.
const trunkCache = new WeakMap();

function trunkBranches(graph) {
  if (!trunkCache.has(graph)) {
    const sources = trunkSources(graph);
    const branches = new Map([...sources].map((id) => [id, []]));
    for (const edge of graph.edges) branches.get(edge.source)?.push(edge.id);
    trunkCache.set(graph, branches);
  }
  return trunkCache.get(graph);
}

/** The largest gradient size on any wire (a loop: spreading thousands of wires into Math.max overflows the stack). */
function largestMagnitude(edges) {
  let largest = 0;
  for (const edge of edges) largest = Math.max(largest, magnitude(edge.gradient));
  return largest;
}

/** How an array's hover readout names a wire: its name, else its gate's symbol. */
function wireLabel(node) {
  return node?.name || node?.label || "";
}

/** The output's upstream gradient: ones, or what the program's `dD = …` set (the seed step's). */
function seedGradient(graph, outNode) {
  const seed = (graph.steps || []).find((step) => step.phase === "seed");
  return seed?.gradient ?? outNode.gradient;
}

// Descriptors are kept per array (the same nested list object comes back every frame), so a heatmap's
// largest entry is found once and the renderer sees the same rows and skips the repaint.
const blocks = new WeakMap();

function arrayBlock(nested, shape, options) {
  const key = `${options.precision}|${options.palette}|${options.name}|${options.kind}`;
  const known = Array.isArray(nested) ? blocks.get(nested) : undefined;
  if (known?.key === key) return known.desc;
  const desc = arrayLabel(nested, shape, options);
  if (Array.isArray(nested)) blocks.set(nested, { key, desc });
  return desc;
}
