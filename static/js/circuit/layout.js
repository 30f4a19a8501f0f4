// Pure layout: graph + measured sizes -> positions (dagre, left to right).
// Inputs sit in the leftmost column, the output wire leaves at the right. No DOM access here.

import { clipToShape, exitPoint, levelUnderLabel } from "./geometry.js";
import { bendsClearOfLabels, labelsBetweenGates } from "./labelcolumns.js";
import { layoutLarge } from "./layout-large.js";
import { firstUseOrder, pinnedOrder } from "./order.js";
import { trunkSizes } from "./trunks.js";

export { clipToShape, exitPoint, levelUnderLabel };

export const OUTPUT_ID = "out";
// Past this many nodes in dagre's internal graph (a circuit of roughly 60+ gates) its ordering and
// coordinate assignment cost hundreds of milliseconds to seconds; the plain layered layout of
// layout-large.js takes milliseconds. Teaching-size circuits keep dagre's nicer routing.
const LARGE_LAYOUT_NODES = 400;
const CLEAR_BENDS_MAX_WIRES = 800;
const FALLBACK_EDGE = { width: 40, height: 30 };

/** How many nodes dagre will order: every node plus two dummies per rank each wire spans (labels double ranks). */
export function layoutSize(graph, ranks) {
  let size = graph.nodes.length + 2;
  for (const edge of graph.edges) size += 2 * Math.max(1, (ranks.get(edge.target) ?? 1) - (ranks.get(edge.source) ?? 0)) - 1;
  return size;
}

/**
 * Column of every node: inputs at 0, a gate one past its deepest operand, a constant just left
 * of its first consumer. Returns a Map id -> rank, and the output sink's rank.
 */
export function computeRanks(graph) {
  const rank = new Map();
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  for (const node of graph.nodes) {
    if (node.kind === "input") rank.set(node.id, 0);
  }
  for (const node of graph.nodes) {
    if (node.kind !== "gate") continue;
    let deepest = -1;
    for (const source of node.inputs || []) {
      const operand = byId.get(source);
      if (operand && operand.kind !== "const" && rank.has(source)) deepest = Math.max(deepest, rank.get(source));
    }
    rank.set(node.id, deepest + 1);
  }
  const consumers = new Map();
  for (const edge of graph.edges) {
    if (!consumers.has(edge.source)) consumers.set(edge.source, []);
    consumers.get(edge.source).push(edge.target);
  }
  for (const node of graph.nodes) {
    if (node.kind !== "const") continue;
    const targets = consumers.get(node.id) || [];
    const first = targets.reduce((low, id) => Math.min(low, rank.get(id) ?? 1), Infinity);
    rank.set(node.id, targets.length ? Math.max(0, first - 1) : 0);
  }
  // A constant placed at the same rank as a gate's operand can push the gate one column right.
  for (const node of graph.nodes) {
    if (node.kind !== "gate") continue;
    const needed = (node.inputs || []).reduce((high, id) => Math.max(high, (rank.get(id) ?? -1) + 1), rank.get(node.id));
    rank.set(node.id, needed);
  }
  return rank;
}

function sizeOf(sizes, id, fallback) {
  return sizes[id] || fallback;
}

/**
 * Lay out a circuit. `sizes.nodes[id]` = {width, height, shape}, `sizes.edges[id]` = {width, height}
 * (room for the value above and the gradient below the wire), `sizes.output` likewise.
 * Returns {nodes: Map, edges: Map, output, width, height}; edges carry `points` and a `label` point.
 */
export function layoutCircuit(graph, sizes, options = {}) {
  const lib = options.dagre || globalThis.dagre;
  const { nodesep = 10, ranksep = 12, margin = 12 } = options;
  const g = new lib.graphlib.Graph({ multigraph: true });
  const ranks = computeRanks(graph);
  const sinkRank = (ranks.get(graph.output) ?? 0) + 1;
  const trunks = trunkSizes(sizes);
  const size = layoutSize(graph, ranks);
  // Big circuits, and compact ones with trunks, take our own layered layout. dagre would give each of a trunk's
  // branches a bend of its own and space them all apart (a hundred between two layers of ten); ours joins
  // neighbouring ranks directly.
  if (options.large ?? (size > LARGE_LAYOUT_NODES || trunks.size > 0)) {
    const placed = layoutLarge(graph, sizes, { ranks, ranksep, margin, exit: exitPoint, clip: clipToShape, trunks, leafOrder: firstUseOrder(graph) });
    // Each wire is checked against every number: affordable up to a few hundred wires, where a reader looks closely.
    if (graph.edges.length <= CLEAR_BENDS_MAX_WIRES) bendsClearOfLabels(placed.edges, (id) => sizeOf(sizes.edges || {}, id, FALLBACK_EDGE));
    if (shouldMirror(graph, placed.nodes)) mirror(placed.nodes, placed.edges, placed.output, placed.height, placed.trunks);
    return { ...placed, ranks };
  }
  const quickOrder = options.quickOrder ?? false;
  // Our own ranking replaces dagre's network simplex: it pins inputs to the left and costs O(n).
  // Edge labels make dagre double every rank (a label sits on the rank between its two ends).
  const ranker = (internal) => {
    for (const id of internal.nodes()) {
      const node = internal.node(id);
      const rank = id === OUTPUT_ID ? sinkRank : ranks.get(Number(id));
      node.rank = 2 * (rank ?? 0);
    }
  };
  g.setGraph({ rankdir: "LR", nodesep, ranksep, edgesep: 8, marginx: margin, marginy: margin, ranker });
  g.setDefaultEdgeLabel(() => ({}));

  const fallbackNode = { width: 32, height: 32, shape: "circle" };
  for (const node of graph.nodes) {
    const size = sizeOf(sizes.nodes || {}, node.id, fallbackNode);
    g.setNode(String(node.id), { width: size.width, height: size.height });
  }
  for (const edge of graph.edges) {
    const size = sizeOf(sizes.edges || {}, edge.id, FALLBACK_EDGE);
    const minlen = Math.max(1, (ranks.get(edge.target) ?? 1) - (ranks.get(edge.source) ?? 0));
    g.setEdge(
      String(edge.source),
      String(edge.target),
      { minlen, width: size.width, height: size.height, labelpos: "c", weight: 1 },
      String(edge.id),
    );
  }
  const hasOutput = graph.nodes.some((node) => node.id === graph.output);
  if (hasOutput) {
    const sink = sizes.sink || { width: 24, height: 24 };
    const out = sizes.output || FALLBACK_EDGE;
    g.setNode(OUTPUT_ID, { width: sink.width, height: sink.height });
    g.setEdge(String(graph.output), OUTPUT_ID, { minlen: 1, width: out.width, height: out.height, labelpos: "c" }, OUTPUT_ID);
  }

  // Inputs stay in the order the program first uses them (top to bottom); every other rank is ordered to
  // cross as few wires as it can, ties in the program's order (order.js). `quickOrder`: three sweeps only.
  // Before ordering, numbers halfway along long wires leave the columns of gates (labelcolumns.js).
  const order = quickOrder ? barycentreOrder : pinnedOrder(firstUseOrder(graph));
  const customOrder = (internal) => {
    labelsBetweenGates(internal);
    order(internal);
  };
  lib.layout(g, { customOrder });

  const nodes = new Map();
  for (const node of graph.nodes) {
    const placed = g.node(String(node.id));
    const size = sizeOf(sizes.nodes || {}, node.id, fallbackNode);
    nodes.set(node.id, { x: placed.x, y: placed.y, width: size.width, height: size.height, shape: size.shape, inset: size.inset || 0 });
  }
  const route = (source, target, placed) => {
    const inner = (placed.points || []).slice(1, -1);
    const first = inner[0] || target;
    const last = inner[inner.length - 1] || source;
    return [exitPoint(source, first), ...inner, clipToShape(target, last)];
  };
  const edges = new Map();
  for (const edge of graph.edges) {
    const placed = g.edge({ v: String(edge.source), w: String(edge.target), name: String(edge.id) });
    const routed = route(nodes.get(edge.source), nodes.get(edge.target), placed);
    const label = labelPoint(placed, routed);
    const points = levelUnderLabel(routed, label, sizeOf(sizes.edges || {}, edge.id, FALLBACK_EDGE).width);
    edges.set(edge.id, { points, label });
  }
  bendsClearOfLabels(edges, (id) => sizeOf(sizes.edges || {}, id, FALLBACK_EDGE));
  let output = null;
  if (hasOutput) {
    const placed = g.edge({ v: String(graph.output), w: OUTPUT_ID, name: OUTPUT_ID });
    const sinkNode = g.node(OUTPUT_ID);
    const sink = { x: sinkNode.x, y: sinkNode.y, width: sinkNode.width, height: sinkNode.height, shape: "rect" };
    const source = nodes.get(graph.output);
    // The output wire is drawn straight out to the right, at the height of the output gate.
    const start = clipToShape(source, { x: source.x + 1, y: source.y });
    const end = { x: sink.x - sink.width / 2, y: source.y };
    output = {
      points: [start, end],
      label: { x: (start.x + end.x) / 2, y: source.y },
      sink: { ...sink, y: source.y },
      labelWidth: placed.width,
    };
  }
  const graphBox = g.graph();
  if (shouldMirror(graph, nodes)) mirror(nodes, edges, output, graphBox.height || 0);
  return { nodes, edges, output, trunks: new Map(), width: graphBox.width || 0, height: graphBox.height || 0, ranks };
}

function labelPoint(placed, points) {
  if (Number.isFinite(placed.x) && Number.isFinite(placed.y)) return { x: placed.x, y: placed.y };
  const a = points[0];
  const b = points[points.length - 1];
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/** True when most pairs of inputs are stacked against their order of first use (x should sit above y). */
export function shouldMirror(graph, nodes) {
  const inputs = new Set(graph.nodes.filter((node) => node.kind === "input").map((node) => node.id));
  const ys = firstUseOrder(graph).filter((id) => inputs.has(id)).map((id) => nodes.get(id).y);
  let ordered = 0;
  let inverted = 0;
  for (let i = 0; i < ys.length; i += 1) {
    for (let j = i + 1; j < ys.length; j += 1) {
      if (ys[i] < ys[j]) ordered += 1;
      else if (ys[i] > ys[j]) inverted += 1;
    }
  }
  return inverted > ordered;
}

// Flipping top and bottom keeps every crossing as it was, so it is a free way to honour input order.
export function mirror(nodes, edges, output, height, trunks = new Map()) {
  const flip = (point) => ({ ...point, y: height - point.y });
  for (const [id, node] of nodes) nodes.set(id, flip(node));
  for (const [id, edge] of edges) edges.set(id, { points: edge.points.map(flip), label: flip(edge.label) });
  for (const [id, trunk] of trunks) trunks.set(id, { points: trunk.points.map(flip), label: flip(trunk.label) });
  if (output) {
    output.points = output.points.map(flip);
    output.label = flip(output.label);
    output.sink = flip(output.sink);
  }
}

/** Order every rank of dagre's internal graph by barycentre sweeps (down, up, down): O(E log E). */
export function barycentreOrder(internal) {
  const layers = [];
  for (const id of internal.nodes()) {
    const rank = internal.node(id).rank;
    if (!layers[rank]) layers[rank] = [];
    layers[rank].push(id);
  }
  const ranks = layers.map((layer, rank) => (layer ? rank : -1)).filter((rank) => rank >= 0);
  const position = new Map();
  for (const rank of ranks) layers[rank].forEach((id, index) => position.set(id, index));
  const sweep = (down) => {
    const order = down ? ranks.slice(1) : ranks.slice(0, -1).reverse();
    for (const rank of order) {
      const centre = new Map();
      for (const id of layers[rank]) {
        const neighbours = (down ? internal.predecessors(id) : internal.successors(id)) || [];
        const known = neighbours.filter((other) => position.has(other));
        const sum = known.reduce((total, other) => total + position.get(other), 0);
        centre.set(id, known.length ? sum / known.length : position.get(id));
      }
      layers[rank].sort((a, b) => centre.get(a) - centre.get(b) || position.get(a) - position.get(b));
      layers[rank].forEach((id, index) => position.set(id, index));
    }
  };
  sweep(true);
  sweep(false);
  sweep(true);
  for (const [id, index] of position) internal.node(id).order = index;
}

/** Number of wire crossings between neighbouring ranks of dagre's internal graph. */
export function countCrossings(internal) {
  const byRank = new Map();
  for (const edge of internal.edges()) {
    const from = internal.node(edge.v);
    const to = internal.node(edge.w);
    if (!byRank.has(from.rank)) byRank.set(from.rank, []);
    byRank.get(from.rank).push([from.order, to.order]);
  }
  let crossings = 0;
  for (const pairs of byRank.values()) {
    for (let i = 0; i < pairs.length; i += 1) {
      for (let j = i + 1; j < pairs.length; j += 1) {
        const [a, b] = [pairs[i], pairs[j]];
        if ((a[0] - b[0]) * (a[1] - b[1]) < 0) crossings += 1;
      }
    }
  }
  return crossings;
}

/** dagre's ordering or ours, whichever crosses fewer wires (ours on a tie). */
export function fewestCrossings(internal, dagreOrder) {
  dagreOrder(internal);
  const theirs = new Map(internal.nodes().map((id) => [id, internal.node(id).order]));
  const theirCrossings = countCrossings(internal);
  barycentreOrder(internal);
  if (countCrossings(internal) > theirCrossings) {
    for (const [id, order] of theirs) internal.node(id).order = order;
  }
}
