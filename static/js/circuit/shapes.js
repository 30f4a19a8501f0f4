// The renderer's shapes for one node: a gate's circle, a collapsed group's box, an input's or constant's name,
// and the texts around them (a name over a gate, the running sum under a fan-out). Builds SVG only.

import { svgEl } from "../shared/dom.js";

const LINE_GAP = 1.15; // em between a box's lines

function el(tag, attrs, parent) {
  const node = svgEl(tag, attrs);
  parent.appendChild(node);
  return node;
}

/** Draw `item`'s shape and texts into `group` (centred on the node); returns {shape, total}. */
export function drawShape(group, item, fontSize) {
  let shape;
  if (item.shape === "circle") {
    shape = el("circle", { class: "gate-circle", r: item.radius }, group);
    el("text", { class: "gate-symbol", y: 0.35 * fontSize }, group).textContent = item.text;
  } else if (item.shape === "box") {
    // A collapsed group: the same outline and states as a gate's circle, drawn as a box to say "more inside".
    const { width, height, lines } = item;
    shape = el("rect", { class: "gate-circle gate-box", x: -width / 2, y: -height / 2, width, height, rx: 8 }, group);
    const first = 0.35 * fontSize - ((lines.length - 1) * LINE_GAP * fontSize) / 2;
    const text = el("text", { class: "gate-symbol", y: first }, group);
    lines.forEach((line, i) => {
      const span = el("tspan", { x: 0, dy: i ? `${LINE_GAP}em` : null, class: i === 0 && lines.length > 1 ? "gate-name" : null }, text);
      span.textContent = line;
    });
  } else {
    const name = el("text", { class: `${item.kind}-name`, x: item.width / 2 - (item.inset || 0) - 2, y: 0.35 * fontSize }, group);
    name.textContent = item.text;
  }
  if (item.caption) {
    const y = item.shape === "circle" ? -item.radius - 5 : -fontSize;
    el("text", { class: "node-name", y }, group).textContent = item.caption;
  }
  let total = null;
  if (item.showsTotal) {
    const below = item.shape === "circle" ? item.radius : item.shape === "box" ? item.height / 2 : 0;
    const y = item.shape === "label" ? fontSize + 6 : below + fontSize + 3;
    const x = item.shape === "label" ? item.width / 2 - (item.inset || 0) - 2 : 0;
    total = el("text", { class: "node-total", "data-node": item.id, y, x }, group);
  }
  return { shape, total };
}
