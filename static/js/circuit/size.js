// Whether a graph can be drawn in reasonable time. The layout's cost grows with the wire segments it places
// (a wire that spans k columns is k segments), so a long sum of inputs costs the square of its length;
// past these limits a tab would stall for many seconds, and the view says so instead of hanging.

import { computeRanks, layoutSize } from "./layout.js";

export const MAX_DRAWN_NODES = 2500;
export const MAX_LAYOUT_ITEMS = 600000;

/** {ok, gates}: ok when the drawing stays within MAX_DRAWN_NODES nodes and MAX_LAYOUT_ITEMS wire segments. */
export function drawable(graph, { nodes = MAX_DRAWN_NODES, items = MAX_LAYOUT_ITEMS } = {}) {
  const all = graph?.nodes || [];
  const gates = all.reduce((count, node) => count + (node.kind === "gate" ? 1 : 0), 0);
  if (all.length > nodes) return { ok: false, gates };
  return { ok: layoutSize(graph, computeRanks(graph)) <= items, gates };
}
