// Keeping wires' numbers clear of other wires in dagre's drawing. dagre's internal graph has two ranks per
// column: gates on one, wires' numbers (edge labels) on the rank between. Both helpers keep a number where no
// other wire bends: a number is never put among gates, and a wire bends only beyond the numbers it passes.

const CLEARANCE = 4; // px between a wire's bend and a number it passes

/**
 * dagre puts a long wire's number halfway along it; when halfway is a column of gates, the number (wider than
 * a gate) sits where wires bend into those gates. Move it one rank left, among the other numbers. Runs on
 * dagre's internal graph before ordering; a label is a dummy node of kind "edge-label" in the wire's chain.
 */
export function labelsBetweenGates(internal) {
  const gateRanks = new Set();
  for (const id of internal.nodes()) {
    const node = internal.node(id);
    if (!node.dummy) gateRanks.add(node.rank);
  }
  for (const id of internal.nodes()) {
    const label = internal.node(id);
    if (label.dummy !== "edge-label" || !gateRanks.has(label.rank)) continue;
    const [previousId] = internal.predecessors(id);
    const previous = internal.node(previousId);
    if (previous.dummy !== "edge" || gateRanks.has(previous.rank)) continue;
    Object.assign(previous, { width: label.width, height: label.height, dummy: "edge-label", labelpos: label.labelpos });
    Object.assign(label, { width: 0, height: 0, dummy: "edge" });
    delete label.labelpos;
    label.edgeLabel.labelRank = previous.rank;
  }
}

function boxOf(label, size) {
  const [halfW, halfH] = [size.width / 2, size.height / 2];
  return { left: label.x - halfW, right: label.x + halfW, top: label.y - halfH, bottom: label.y + halfH };
}

// Does the straight segment p-q pass through the inside of the box?
function hits(p, q, box) {
  const from = Math.max(Math.min(p.x, q.x), box.left);
  const to = Math.min(Math.max(p.x, q.x), box.right);
  if (from >= to) return false;
  const yAt = (x) => (q.x === p.x ? p.y : p.y + ((q.y - p.y) * (x - p.x)) / (q.x - p.x));
  const [a, b] = [yAt(from), yAt(to)];
  return Math.max(a, b) > box.top && Math.min(a, b) < box.bottom;
}

/**
 * A wire that would bend through another wire's numbers stays level until it is past them: it bends right of
 * a number in the column it leaves, or left of one in the column it enters. `edges` maps an edge id to
 * {points, label}; `labelSize(id)` gives its numbers' {width, height}. Points are replaced in place.
 */
export function bendsClearOfLabels(edges, labelSize) {
  const boxes = [...edges].map(([id, edge]) => ({ id, ...boxOf(edge.label, labelSize(id)) }));
  for (const [id, edge] of edges) {
    const points = [...edge.points];
    for (let i = 1, tries = 0; i < points.length && tries < 4 * edge.points.length; tries += 1) {
      const [p, q] = [points[i - 1], points[i]];
      const box = p.y === q.y ? null : boxes.find((other) => other.id !== id && hits(p, q, other));
      const leaving = box && Math.abs(box.left + box.right - 2 * p.x) <= Math.abs(box.left + box.right - 2 * q.x);
      const x = box && (leaving ? box.right + CLEARANCE : box.left - CLEARANCE);
      if (!box || x <= p.x || x >= q.x) {
        i += 1; // level already, clear of numbers, or no room in this gap to bend elsewhere
        continue;
      }
      points.splice(i, 0, { x, y: leaving ? p.y : q.y });
    }
    edges.set(id, { ...edge, points });
  }
}
