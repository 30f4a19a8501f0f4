// How well a laid-out circuit reads, measured on the layout alone (no DOM): wire crossings, numbers drawn
// over another wire or gate, and wires running through a σ group's frame. The tests and
// benchmarks/frontend.py use these counts; the page does not need them.

const GROUP_PAD = 6; // as render.js draws a group's frame: members' circles plus this, and a label row on top
const LABEL_ROW = 13;
const TOUCH = 1.5; // wires that meet at a shared end are not crossing

function segments(points) {
  const out = [];
  for (let i = 1; i < points.length; i += 1) out.push([points[i - 1], points[i]]);
  return out;
}

function cross(o, a, b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/** The point where two segments properly cross, or null. */
export function intersection([p, q], [r, s]) {
  const d1 = cross(r, s, p);
  const d2 = cross(r, s, q);
  const d3 = cross(p, q, r);
  const d4 = cross(p, q, s);
  if (!((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) || !((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return null;
  const t = d1 / (d1 - d2);
  return { x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) };
}

function near(a, b) {
  return Math.abs(a.x - b.x) < TOUCH && Math.abs(a.y - b.y) < TOUCH;
}

/** Pairs of wires (polylines) that cross somewhere other than at an end they share. */
export function wireCrossings(graph, layout) {
  const wires = graph.edges.map((edge) => ({ edge, segs: segments(layout.edges.get(edge.id)?.points || []) }));
  let count = 0;
  for (let i = 0; i < wires.length; i += 1) {
    for (let j = i + 1; j < wires.length; j += 1) {
      const ends = [wires[i].segs[0]?.[0], wires[i].segs.at(-1)?.[1], wires[j].segs[0]?.[0], wires[j].segs.at(-1)?.[1]];
      const crossesAt = (point) => point && !ends.some((end) => end && near(end, point));
      if (wires[i].segs.some((a) => wires[j].segs.some((b) => crossesAt(intersection(a, b))))) count += 1;
    }
  }
  return count;
}

function box(cx, cy, width, height) {
  return { left: cx - width / 2, right: cx + width / 2, top: cy - height / 2, bottom: cy + height / 2 };
}

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function segmentHitsBox([p, q], b) {
  if (Math.max(p.x, q.x) <= b.left || Math.min(p.x, q.x) >= b.right) return false;
  if (Math.max(p.y, q.y) <= b.top || Math.min(p.y, q.y) >= b.bottom) return false;
  const inside = (pt) => pt.x > b.left && pt.x < b.right && pt.y > b.top && pt.y < b.bottom;
  if (inside(p) || inside(q)) return true;
  const corners = [
    { x: b.left, y: b.top }, { x: b.right, y: b.top }, { x: b.right, y: b.bottom }, { x: b.left, y: b.bottom },
  ];
  return segments([...corners, corners[0]]).some((side) => intersection([p, q], side) !== null);
}

/**
 * Wire labels (value above, gradient below) drawn over a gate or a wire that is not the label's own. A trunk's
 * label counts as its own wires' label (its branches run under it by design); the branches have none.
 */
export function labelClashes(graph, layout, sizes) {
  const labels = [];
  for (const edge of graph.edges) {
    const place = layout.edges.get(edge.id);
    const size = sizes.edges?.[edge.id];
    if (place && size && size.width > 0) labels.push({ key: { edge: edge.id }, place, size, own: (other) => other.id === edge.id });
  }
  for (const [source, place] of layout.trunks || []) {
    const size = sizes.trunks?.[source];
    if (size) labels.push({ key: { trunk: source }, place, size, own: (other) => other.source === source });
  }
  const clashes = [];
  for (const { key, place, size, own } of labels) {
    const label = box(place.label.x, place.label.y, size.width, size.height);
    for (const node of graph.nodes) {
      const at = layout.nodes.get(node.id);
      if (at && overlaps(label, box(at.x, at.y, at.width, at.height))) clashes.push({ ...key, node: node.id });
    }
    for (const other of graph.edges) {
      if (own(other)) continue;
      const points = layout.edges.get(other.id)?.points || [];
      if (segments(points).some((seg) => segmentHitsBox(seg, label))) clashes.push({ ...key, wire: other.id });
    }
  }
  return clashes;
}

/** The frame render.js draws around a group's members. */
export function groupFrame(members, layout) {
  // Loops, not a spread into Math.min: a group may be large, and one argument per box overflows the stack.
  let [left, right, top, bottom] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const id of members) {
    const box = layout.nodes.get(id);
    if (!box) continue;
    const half = box.width / 2;
    left = Math.min(left, box.x - half);
    right = Math.max(right, box.x + half);
    top = Math.min(top, box.y - half);
    bottom = Math.max(bottom, box.y + half);
  }
  return {
    left: left - GROUP_PAD,
    right: right + GROUP_PAD,
    top: top - GROUP_PAD - LABEL_ROW,
    bottom: bottom + GROUP_PAD,
  };
}

/** Wires with neither end in a σ group that still run through its frame. */
export function wiresThroughGroups(graph, layout) {
  const members = new Map();
  for (const node of graph.nodes) {
    if (node.group === null || node.group === undefined) continue;
    if (!members.has(node.group)) members.set(node.group, []);
    members.get(node.group).push(node.id);
  }
  const through = [];
  for (const [group, ids] of members) {
    if (ids.length < 2) continue;
    const frame = groupFrame(ids, layout);
    const inside = new Set(ids);
    for (const edge of graph.edges) {
      if (inside.has(edge.source) || inside.has(edge.target)) continue;
      const points = layout.edges.get(edge.id)?.points || [];
      if (segments(points).some((seg) => segmentHitsBox(seg, frame))) through.push({ group, edge: edge.id });
    }
  }
  return through;
}
