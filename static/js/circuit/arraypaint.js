// The renderer's painter for an array wire's label: its shape, then the value above the wire and the gradient
// below it, each a compact matrix of numbers or a heatmap thumbnail whose exact numbers show on hover and on
// keyboard focus (arrow keys move). It paints the descriptors of arrays.js and nothing else.

import { svgEl } from "../shared/dom.js";

export const CELL_GAP = 8; // between the columns of a small matrix
export const BRACKET = 5; // room for a bracket on each side of a small matrix
export const ARRAY_GAP = 4; // between the wire and a block
const MOVES = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };

function el(tag, attrs, parent) {
  const node = svgEl(tag, attrs);
  parent.appendChild(node);
  return node;
}

function hexChannels(hex) {
  const match = /^#?([0-9a-f]{6})$/i.exec(String(hex).trim());
  const n = match ? parseInt(match[1], 16) : 0x888888;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The heatmap's three colours (negative, zero, positive) from the page's palette and theme. */
export function heatPalette(node) {
  const style = globalThis.getComputedStyle?.(node);
  const read = (name, fallback) => style?.getPropertyValue(name)?.trim() || fallback;
  return [read("--heat-neg", "#762a83"), read("--heat-zero", "#f7f7f7"), read("--heat-pos", "#1b7837")];
}

/** The colour of `value` on a diverging scale from −scale to +scale, as `rgb(…)`. */
export function heatColour(value, scale, palette) {
  const [neg, zero, pos] = palette.map(hexChannels);
  const t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  const end = t < 0 ? neg : pos;
  const mix = zero.map((channel, i) => Math.round(channel + (end[i] - channel) * Math.abs(t)));
  return `rgb(${mix.join(",")})`;
}

/** The thumbnail as a PNG data URL, each cell `cell` units square (drawn at twice that for sharp screens). */
function thumbnail(desc, palette) {
  const canvas = document.createElement("canvas");
  const px = desc.cell * 2;
  canvas.width = desc.rows[0].length * px;
  canvas.height = desc.rows.length * px;
  const context = canvas.getContext("2d");
  desc.rows.forEach((row, r) =>
    row.forEach((value, c) => {
      context.fillStyle = heatColour(value, desc.scale, palette);
      context.fillRect(c * px, r * px, px, px);
    }),
  );
  return canvas.toDataURL("image/png");
}

/**
 * The label of one array wire, centred on `point`: `set(value, gradient)` paints two descriptors (or null for
 * a side not known yet). `columns`: the widths a small matrix's columns share; `text`: its shape.
 */
export function createArrayLabel(parent, point, { fontSize, line, text, columns = [], height = line }) {
  const root = el("g", { class: "wire-array" }, parent);
  // The shape sits above where the value will be, from the first frame on: it is known before any number.
  const tag = el("text", { class: "array-shape", x: point.x, y: point.y - ARRAY_GAP - height - 5 }, root);
  tag.textContent = text;
  const sides = { value: el("g", { class: "array-side is-value" }, root), grad: el("g", { class: "array-side is-grad" }, root) };
  const readout = el("g", { class: "array-readout", visibility: "hidden" }, root);
  const readoutBox = el("rect", { class: "array-readout-box", rx: 3, height: line + 4 }, readout);
  const readoutText = el("text", { class: "array-readout-text" }, readout);
  const painted = { value: null, grad: null };

  function showReadout(entry, x, y) {
    readoutText.textContent = entry;
    const width = readoutText.getComputedTextLength?.() || entry.length * 7;
    readoutText.setAttribute("x", x);
    readoutText.setAttribute("y", y);
    readoutBox.setAttribute("x", x - width / 2 - 4);
    readoutBox.setAttribute("y", y - line + 2);
    readoutBox.setAttribute("width", width + 8);
    readout.setAttribute("visibility", "visible");
  }

  function hideReadout() {
    readout.setAttribute("visibility", "hidden");
  }

  function matrix(group, desc, above) {
    const rows = desc.cells.length;
    const cols = desc.cells[0].length;
    const widths = desc.cells[0].map((_, c) => columns[c] || fontSize * 3);
    const body = widths.reduce((sum, width) => sum + width, 0) + CELL_GAP * (cols - 1);
    const left = point.x - body / 2;
    const top = above ? point.y - ARRAY_GAP - rows * line : point.y + ARRAY_GAP;
    const className = desc.kind === "grad" ? "wire-grad array-cell" : "wire-value array-cell";
    let x = left;
    desc.cells[0].forEach((_, c) => {
      x += widths[c];
      desc.cells.forEach((row, r) => {
        const cell = el("text", { class: className, x, y: top + (r + 1) * line - 4, "data-row": r, "data-col": c }, group);
        cell.textContent = row[c];
      });
      x += CELL_GAP;
    });
    const height = rows * line;
    const bracket = (edge, dir) =>
      `M${edge + dir * 3},${top} h${-dir * 3} v${height} h${dir * 3}`;
    el("path", { class: "array-bracket", d: `${bracket(left - BRACKET, 1)} ${bracket(left + body + BRACKET, -1)}` }, group);
  }

  function heatmap(group, desc, above) {
    const rows = desc.rows.length;
    const cols = desc.rows[0].length;
    const width = cols * desc.cell;
    const height = rows * desc.cell;
    const left = point.x - width / 2;
    const top = above ? point.y - ARRAY_GAP - height : point.y + ARRAY_GAP;
    const frame = el("g", { class: "array-heat", tabindex: "0", role: "img", "aria-label": `${desc.entry(0, 0)} \u2026 (${desc.text})` }, group);
    el("image", { class: "heat-image", x: left, y: top, width, height, preserveAspectRatio: "none", href: thumbnail(desc, heatPalette(root)) }, frame);
    el("rect", { class: "heat-frame", x: left, y: top, width, height }, frame);
    const cursor = el("rect", { class: "heat-cursor", width: desc.cell, height: desc.cell, visibility: "hidden" }, frame);
    const scale = el("text", { class: "heat-scale", x: left + width + 3, y: above ? top + fontSize * 0.8 : top + height }, frame);
    scale.textContent = desc.scaleText;
    let at = [0, 0];
    const point_ = (r, c) => {
      at = [r, c];
      cursor.setAttribute("x", left + c * desc.cell);
      cursor.setAttribute("y", top + r * desc.cell);
      cursor.setAttribute("visibility", "visible");
      showReadout(desc.entry(r, c), point.x, above ? top - 6 : top + height + line + 4);
    };
    const leave = () => {
      cursor.setAttribute("visibility", "hidden");
      hideReadout();
    };
    frame.addEventListener("pointermove", (event) => {
      const box = frame.firstChild.getBoundingClientRect();
      if (!box.width || !box.height) return;
      const c = Math.min(cols - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * cols)));
      const r = Math.min(rows - 1, Math.max(0, Math.floor(((event.clientY - box.top) / box.height) * rows)));
      if (r !== at[0] || c !== at[1] || cursor.getAttribute("visibility") === "hidden") point_(r, c);
    });
    frame.addEventListener("pointerleave", leave);
    frame.addEventListener("focus", () => point_(...at));
    frame.addEventListener("blur", leave);
    frame.addEventListener("keydown", (event) => {
      const move = MOVES[event.key];
      if (!move) return;
      event.preventDefault();
      event.stopPropagation(); // the arrows step the player elsewhere on the page
      point_(Math.min(rows - 1, Math.max(0, at[0] + move[0])), Math.min(cols - 1, Math.max(0, at[1] + move[1])));
    });
  }

  function paint(name, desc, above) {
    const group = sides[name];
    const key = desc ? desc.rows : null;
    if (painted[name] === key && !(desc && desc.view === "heatmap" && desc.palette !== group.dataset.palette)) return;
    painted[name] = key;
    group.replaceChildren();
    hideReadout();
    if (!desc) return;
    group.dataset.palette = desc.palette ?? "";
    if (desc.view === "matrix") matrix(group, desc, above);
    else heatmap(group, desc, above);
  }

  return {
    /** Paint the value above and the gradient below; a side whose numbers did not change is left alone. */
    set(value, gradient) {
      paint("value", value, true);
      paint("grad", gradient, false);
    },
  };
}
