// Crossing reduction for the layered layout, with the inputs pinned in the order the program first uses
// them. Barycentre sweeps (down, then up without moving the inputs) keep the best order seen, then
// adjacent swaps remove what crossings they can; every tie goes to the program's own order.
// Works on dagre's internal layered graph (`customOrder`): nodes have `rank`, dummies an `edgeObj`.

const SWEEPS = 8;
const TRANSPOSE_LIMIT = 4000; // adjacent swaps cost O(V · degree²) per pass: only for drawable sizes

/**
 * Input (and constant) ids in the order the program first uses them, the operands of one gate as written
 * (`w1*x1`: w1 above x1, however the program assigned them); unused ones last, by id.
 */
export function firstUseOrder(graph) {
  const firstUse = new Map();
  for (const node of graph.nodes) {
    if (node.kind !== "gate") continue;
    for (const source of node.inputs || []) if (!firstUse.has(source)) firstUse.set(source, firstUse.size);
  }
  const leaves = graph.nodes.filter((node) => node.kind !== "gate").map((node) => node.id);
  const key = (id) => firstUse.get(id) ?? Infinity;
  return leaves.sort((a, b) => key(a) - key(b) || a - b);
}

/** A customOrder for dagre: `leafOrder` (ids of inputs and constants) pins the first rank. */
export function pinnedOrder(leafOrder) {
  const leafRank = new Map(leafOrder.map((id, index) => [String(id), index]));
  return (internal) => orderLayers(internal, leafRank);
}

function sourceKey(internal, id, leafRank) {
  if (leafRank.has(id)) return leafRank.get(id);
  const node = internal.node(id);
  const real = node.edgeObj ? node.edgeObj.v : id;
  const number = Number(real);
  return Number.isFinite(number) ? 1e6 + number : 2e6; // the program's order, after the pinned leaves
}

function orderLayers(internal, leafRank) {
  const layers = [];
  for (const id of internal.nodes()) {
    const rank = internal.node(id).rank;
    (layers[rank] ||= []).push(id);
  }
  const ranks = layers.map((layer, rank) => (layer ? rank : -1)).filter((rank) => rank >= 0);
  const key = new Map(internal.nodes().map((id) => [id, sourceKey(internal, id, leafRank)]));
  const preds = new Map(internal.nodes().map((id) => [id, internal.predecessors(id) || []]));
  const succs = new Map(internal.nodes().map((id) => [id, internal.successors(id) || []]));
  const position = new Map();
  for (const rank of ranks) {
    layers[rank].sort((a, b) => key.get(a) - key.get(b));
    layers[rank].forEach((id, index) => position.set(id, index));
  }
  const pinned = (rank) => rank === ranks[0];
  const sweep = (down) => {
    const order = down ? ranks.slice(1) : ranks.slice(0, -1).reverse();
    for (const rank of order) {
      if (pinned(rank)) continue;
      const centre = new Map();
      for (const id of layers[rank]) {
        const neighbours = (down ? preds : succs).get(id);
        centre.set(id, neighbours.length ? mean(neighbours.map((other) => position.get(other))) : position.get(id));
      }
      layers[rank].sort((a, b) => centre.get(a) - centre.get(b) || key.get(a) - key.get(b));
      layers[rank].forEach((id, index) => position.set(id, index));
    }
  };
  let best = new Map(position);
  let fewest = crossings(layers, ranks, succs, position);
  for (let i = 0; i < SWEEPS && fewest > 0; i += 1) {
    sweep(i % 2 === 0);
    const count = crossings(layers, ranks, succs, position);
    if (count < fewest) {
      fewest = count;
      best = new Map(position);
    }
  }
  for (const rank of ranks) {
    layers[rank].sort((a, b) => best.get(a) - best.get(b));
    layers[rank].forEach((id, index) => position.set(id, index));
  }
  if (internal.nodeCount() <= TRANSPOSE_LIMIT) transpose(layers, ranks.filter((rank) => !pinned(rank)), preds, succs, position);
  for (const [id, index] of position) internal.node(id).order = index;
}

function mean(values) {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Wire crossings between every pair of neighbouring ranks, for the positions given. */
export function crossings(layers, ranks, succs, position) {
  let count = 0;
  for (const rank of ranks) {
    const pairs = [];
    for (const id of layers[rank]) for (const next of succs.get(id)) pairs.push([position.get(id), position.get(next)]);
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 0; i < pairs.length; i += 1) {
      for (let j = i + 1; j < pairs.length; j += 1) if (pairs[i][0] < pairs[j][0] && pairs[i][1] > pairs[j][1]) count += 1;
    }
  }
  return count;
}

// Crossings among the wires of two neighbours u (above) and v (below) toward one side.
function pairCrossings(u, v, neighbours, position) {
  let count = 0;
  for (const a of neighbours.get(u)) for (const b of neighbours.get(v)) if (position.get(a) > position.get(b)) count += 1;
  return count;
}

function transpose(layers, ranks, preds, succs, position) {
  const cost = (u, v) => pairCrossings(u, v, preds, position) + pairCrossings(u, v, succs, position);
  for (let pass = 0, improved = true; improved && pass < 4; pass += 1) {
    improved = false;
    for (const rank of ranks) {
      const layer = layers[rank];
      for (let i = 0; i + 1 < layer.length; i += 1) {
        const [u, v] = [layer[i], layer[i + 1]];
        if (cost(v, u) < cost(u, v)) {
          layer[i] = v;
          layer[i + 1] = u;
          position.set(v, i);
          position.set(u, i + 1);
          improved = true;
        }
      }
    }
  }
}
