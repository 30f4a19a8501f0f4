// Trunks: in a compact drawing (one with collapsed groups) a number that feeds several wires is labelled once,
// on a short level stretch leaving its node, and its branches fan out from the trunk's end unlabelled: a layer of
// ten neurons feeding the next is ten labels, not a hundred. The branches' own gradients are in the step
// captions and the wires' names. The scene decides which nodes have trunks and sizes them; the layout places
// them on the label rank after their node (layout-large.js). Pure: no DOM.

import { formatNumber } from "../shared/format.js";
import { isArrayShape } from "./arrays.js";
import { clipToShape, exitPoint } from "./geometry.js";

// A number that feeds this many wires or more leaves on a trunk.
export const TRUNK_MIN_FANOUT = 3;

/** How many wires leave each node. */
export function fanOut(graph) {
  const count = new Map();
  for (const edge of graph.edges) count.set(edge.source, (count.get(edge.source) || 0) + 1);
  return count;
}

/** Ids of the nodes whose wires leave on a trunk: wide fan-outs of numbers, in a drawing with collapsed groups. */
export function trunkSources(graph, outs = fanOut(graph)) {
  const sources = new Set();
  if (!graph.nodes.some((node) => node.collapsed)) return sources;
  for (const node of graph.nodes) {
    if ((outs.get(node.id) || 0) >= TRUNK_MIN_FANOUT && !isArrayShape(node.shape)) sources.add(node.id);
  }
  return sources;
}

/** Room for a trunk's value above and its gradients' sum below, in lines of `line` px. */
export function trunkSize(node, { measure, precision, line }) {
  const value = measure(formatNumber(node.value, precision), { weight: "bold" });
  const gradient = measure(formatNumber(node.gradient, precision), { italic: true });
  return { width: Math.max(value, gradient, 24) + 10, height: 2 * line + 2 };
}

/** Node id -> {width, height} of every trunk the scene asks for (scene.js trunkSources). */
export function trunkSizes(sizes) {
  return new Map(Object.entries(sizes.trunks || {}).map(([id, size]) => [Number(id), size]));
}

/** A trunk from its node to the far side of its label box `box` ({x, y, width}): a level stretch under the numbers. */
export function placeTrunk(source, box) {
  const left = { x: box.x - box.width / 2, y: box.y };
  const right = { x: box.x + box.width / 2, y: box.y };
  return { points: [exitPoint(source, left), left, right], label: { x: box.x, y: box.y } };
}

/** A branch runs along its trunk, then through the layout's `inner` bends to its gate; its label point is the trunk's. */
export function branchPlace(trunk, inner, target) {
  const last = inner[inner.length - 1] || trunk.points[2];
  return { points: [...trunk.points, ...inner, clipToShape(target, last)], label: trunk.label };
}
