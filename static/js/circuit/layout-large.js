// A plain layered layout for big circuits, where dagre's coordinate assignment costs seconds.
// Same input and output as layoutCircuit; ranks are given. Wires get one dummy point per column they
// cross, the label sits on the first; columns are ordered by barycentre sweeps and each column's
// nodes are pulled toward their neighbours' heights, keeping order and spacing.

import { levelUnderLabel } from "./geometry.js";
import { branchPlace, placeTrunk } from "./trunks.js";

const GAP = 10;
// Wires passing a column without a label run closer together: a bundle, not a column of labels.
const BUNDLE_GAP = 2;

function gapBetween(a, b) {
  return a.passing && b.passing ? BUNDLE_GAP : GAP;
}

function addItem(layers, item) {
  if (!layers[item.rank]) layers[item.rank] = [];
  layers[item.rank].push(item);
  return item;
}

function orderLayers(layers) {
  const position = new Map();
  for (const layer of layers) layer?.forEach((item, index) => position.set(item, index));
  const sweep = (down) => {
    const indices = layers.map((layer, rank) => (layer ? rank : -1)).filter((rank) => rank >= 0);
    // The first column (the inputs, in the order the program first uses them) stays as it is.
    for (const rank of down ? indices.slice(1) : indices.slice(1, -1).reverse()) {
      const centre = new Map();
      for (const item of layers[rank]) {
        const neighbours = down ? item.preds : item.succs;
        centre.set(
          item,
          neighbours.length
            ? neighbours.reduce((sum, other) => sum + position.get(other), 0) / neighbours.length
            : position.get(item),
        );
      }
      layers[rank].sort((a, b) => centre.get(a) - centre.get(b) || position.get(a) - position.get(b));
      layers[rank].forEach((item, index) => position.set(item, index));
    }
  };
  sweep(true);
  sweep(false);
  sweep(true);
}

function packLayer(layer, desired) {
  let previous = null;
  for (const item of layer) {
    const wanted = desired(item);
    item.y = previous ? Math.max(wanted, previous.y + (previous.height + item.height) / 2 + gapBetween(previous, item)) : wanted;
    previous = item;
  }
  // Shift the column so that, on average, nodes sit where their neighbours want them.
  const shift = layer.reduce((sum, item) => sum + (desired(item) - item.y), 0) / layer.length;
  for (const item of layer) item.y += shift;
}

function placeLayers(layers) {
  for (const layer of layers) {
    if (!layer) continue;
    let y = 0;
    layer.forEach((item, index) => {
      if (index > 0) y += gapBetween(layer[index - 1], item);
      item.y = y + item.height / 2;
      y += item.height;
    });
  }
  const mean = (items, fallback) => (items.length ? items.reduce((sum, other) => sum + other.y, 0) / items.length : fallback);
  const present = layers.filter(Boolean);
  for (const layer of present.slice(1)) packLayer(layer, (item) => mean(item.preds, item.y));
  for (const layer of present.slice(0, -1).reverse()) packLayer(layer, (item) => mean(item.succs, item.y));
  for (const layer of present.slice(1)) packLayer(layer, (item) => mean(item.preds, item.y));
}

// Wires that climb far between two neighbouring columns (a layer's trunks fanning out to the next layer) get
// room to do it gently: a quarter of the steepest climb, up to MAX_SLOPE_ROOM.
const MAX_SLOPE_ROOM = 140;

function slopeRoom(layer) {
  let climb = 0;
  for (const item of layer) for (const next of item.succs) if (next.rank === item.rank + 1) climb = Math.max(climb, Math.abs(next.y - item.y));
  return Math.min(MAX_SLOPE_ROOM, climb / 4);
}

// Loops, not a spread into Math.min: one argument per item overflows the stack on big circuits.
function lowest(items, value) {
  let low = Infinity;
  for (const item of items) low = Math.min(low, value(item));
  return low;
}

function highest(items, value, start = -Infinity) {
  let high = start;
  for (const item of items) high = Math.max(high, value(item));
  return high;
}

/** Positions for a big circuit. `ranks`: Map id -> column; `exit`/`clip` give wire end points. */
export function layoutLarge(graph, sizes, { ranks, ranksep, margin, exit, clip, trunks = new Map(), leafOrder = [] }) {
  const layers = [];
  const items = new Map();
  // Inputs and constants first, in `leafOrder` (their first use), then the rest in the program's order.
  const first = new Map(leafOrder.map((id, index) => [id, index]));
  const nodesInOrder = [...graph.nodes].sort((a, b) => (first.get(a.id) ?? Infinity) - (first.get(b.id) ?? Infinity) || a.id - b.id);
  for (const node of nodesInOrder) {
    const size = sizes.nodes?.[node.id] || { width: 32, height: 32, shape: "circle" };
    items.set(node.id, addItem(layers, { rank: 2 * (ranks.get(node.id) ?? 0), width: size.width, height: size.height, preds: [], succs: [] }));
  }
  // A trunk is an item on the label rank after its node; its branches leave from it (layout.js placeTrunk).
  const trunkItems = new Map();
  for (const [id, size] of trunks) {
    const source = items.get(id);
    const item = addItem(layers, { rank: source.rank + 1, width: size.width, height: size.height, preds: [source], succs: [] });
    source.succs.push(item);
    trunkItems.set(id, item);
  }
  const chains = [];
  for (const edge of graph.edges) {
    const source = trunkItems.get(edge.source) || items.get(edge.source);
    const target = items.get(edge.target);
    const size = sizes.edges?.[edge.id] || { width: 40, height: 30 };
    const chain = [];
    let previous = source;
    for (let rank = source.rank + 1; rank < target.rank; rank += 1) {
      const first = chain.length === 0;
      const labelled = first && size.width > 0;
      const dummy = addItem(layers, { rank, width: labelled ? size.width : 0, height: labelled ? size.height : 4, passing: !labelled, preds: [previous], succs: [] });
      previous.succs.push(dummy);
      chain.push(dummy);
      previous = dummy;
    }
    previous.succs.push(target);
    target.preds.push(previous);
    chains.push([edge, chain]);
  }
  orderLayers(layers);
  placeLayers(layers);

  const columns = [];
  let x = 0;
  for (let rank = 0; rank < layers.length; rank += 1) {
    const width = highest(layers[rank] || [], (item) => item.width, 0);
    columns[rank] = x + width / 2;
    x += width + Math.max(ranksep / 2, slopeRoom(layers[rank] || []));
  }
  for (const layer of layers) for (const item of layer || []) item.x = columns[item.rank];
  const all = layers.flat().filter(Boolean);
  const minY = lowest(all, (item) => item.y - item.height / 2);
  const shiftY = margin - minY;
  for (const item of all) {
    item.x += margin;
    item.y += shiftY;
  }

  const nodes = new Map();
  for (const node of graph.nodes) {
    const item = items.get(node.id);
    const size = sizes.nodes?.[node.id] || { width: 32, height: 32, shape: "circle" };
    nodes.set(node.id, { x: item.x, y: item.y, width: item.width, height: item.height, shape: size.shape, inset: size.inset || 0 });
  }
  const trunkPlaces = new Map();
  for (const [id, item] of trunkItems) trunkPlaces.set(id, placeTrunk(nodes.get(id), item));
  const edges = new Map();
  for (const [edge, chain] of chains) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    const inner = chain.map((item) => ({ x: item.x, y: item.y }));
    if (trunkPlaces.has(edge.source)) {
      edges.set(edge.id, branchPlace(trunkPlaces.get(edge.source), inner, target));
      continue;
    }
    const routed = [exit(source, inner[0] || target), ...inner, clip(target, inner[inner.length - 1] || source)];
    const label = inner[0] || { x: (routed[0].x + routed[1].x) / 2, y: (routed[0].y + routed[1].y) / 2 };
    const points = levelUnderLabel(routed, label, sizes.edges?.[edge.id]?.width ?? 0);
    edges.set(edge.id, { points, label });
  }
  let output = null;
  const outNode = nodes.get(graph.output);
  if (outNode) {
    const sink = sizes.sink || { width: 24, height: 24 };
    const out = sizes.output || { width: 40, height: 30 };
    const start = clip(outNode, { x: outNode.x + 1, y: outNode.y });
    const end = { x: start.x + out.width + ranksep, y: outNode.y };
    output = {
      points: [start, end],
      label: { x: (start.x + end.x) / 2, y: outNode.y },
      sink: { x: end.x + sink.width / 2, y: outNode.y, width: sink.width, height: sink.height, shape: "rect" },
      labelWidth: out.width,
    };
  }
  const maxX = highest(all, (item) => item.x + item.width / 2, output ? output.sink.x + output.sink.width / 2 : 0);
  const maxY = highest(all, (item) => item.y + item.height / 2);
  return { nodes, edges, output, trunks: trunkPlaces, width: maxX + margin, height: maxY + margin };
}
