// Where wires meet shapes: a gate's circle or box, an input's or constant's label. Pure: no DOM.

/** Where a straight line from `node`'s centre toward `toward` leaves its shape. */
export function clipToShape(node, toward) {
  const dx = toward.x - node.x;
  const dy = toward.y - node.y;
  if (dx === 0 && dy === 0) return { x: node.x, y: node.y };
  if (node.shape === "circle") {
    const radius = node.width / 2;
    const length = Math.hypot(dx, dy);
    return { x: node.x + (dx / length) * radius, y: node.y + (dy / length) * radius };
  }
  const halfW = node.width / 2;
  const halfH = node.height / 2;
  const scale = Math.min(dx !== 0 ? halfW / Math.abs(dx) : Infinity, dy !== 0 ? halfH / Math.abs(dy) : Infinity);
  return { x: node.x + dx * scale, y: node.y + dy * scale };
}

/** Wires leave a label (input or constant) from the middle of its right side, fanning out from one point. */
export function exitPoint(source, toward) {
  if (source.shape === "circle") return clipToShape(source, toward);
  return { x: source.x + source.width / 2 - (source.inset || 0), y: source.y };
}

/** Smooth path through points that advance left to right (cubic segments with horizontal tangents). */
export function wirePath(points) {
  if (!points.length) return "";
  const fixed = (n) => Math.round(n * 10) / 10;
  let d = `M${fixed(points[0].x)},${fixed(points[0].y)}`;
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1];
    const b = points[i];
    const mid = (a.x + b.x) / 2;
    d += `C${fixed(mid)},${fixed(a.y)} ${fixed(mid)},${fixed(b.y)} ${fixed(b.x)},${fixed(b.y)}`;
  }
  return d;
}

/**
 * The wire stays level under the whole width of its numbers and bends only beyond them, so a curve into or
 * out of a gate never runs through a label.
 */
export function levelUnderLabel(points, label, width) {
  const at = points.findIndex((p) => Math.abs(p.x - label.x) < 0.5 && Math.abs(p.y - label.y) < 0.5);
  if (at < 0 || !(width > 0)) return points;
  const before = points.slice(0, at);
  const after = points.slice(at + 1);
  const left = label.x - width / 2;
  const right = label.x + width / 2;
  const leftOk = at > 0 && left > points[at - 1].x + 4 && points[at - 1].y !== label.y;
  const rightOk = at < points.length - 1 && right < points[at + 1].x - 4 && points[at + 1].y !== label.y;
  return [
    ...before,
    ...(leftOk ? [{ x: left, y: label.y }] : []),
    points[at],
    ...(rightOk ? [{ x: right, y: label.y }] : []),
    ...after,
  ];
}
