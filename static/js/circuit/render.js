// SVG builder and updater for a layered drawing of circles, labels and wires with a text above and
// below each wire. It draws what it is given and knows nothing of what the numbers mean.

import { svgEl } from "../shared/dom.js";
import { createArrayLabel } from "./arraypaint.js";
import { wirePath } from "./geometry.js";
import { createMeasurer, FONT_FAMILY, FONT_SIZE } from "./measure.js";
import { createPicture } from "./picture.js";
import { drawShape } from "./shapes.js";

export { createMeasurer, FONT_FAMILY, FONT_SIZE, wirePath };

const WIRE_TEXT_GAP = 4;

const ACTIVATE = new Set(["Enter", " "]);

/** An SVG element appended to `parent` (the drawing is built top-down). */
function el(tag, attrs, parent = null) {
  const node = svgEl(tag, attrs);
  if (parent) parent.appendChild(node);
  return node;
}

function reducedMotion() {
  return globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

/**
 * Create a renderer inside `container`. Callbacks: onHover(id|null), onSelect(id) (a click, or Enter or Space
 * on a focused gate or input). draw(model, layout) builds the figure; setWire/setNode/setOutput update texts,
 * classes and accessible names. Nothing else reads or writes inside the SVG.
 */
export function createRenderer(container, options = {}) {
  const { onHover = () => {}, onSelect = () => {}, onZoom = () => {}, onOpen = () => {}, label = "" } = options;
  // A group, not one flat image: the drawing holds focusable gates with names of their own.
  const svg = el("svg", { class: "circuit-svg", role: "group", "aria-label": label });
  const viewport = el("g", { class: "viewport" }, svg);
  container.replaceChildren(svg);
  // The view's size without forcing a layout: reading it from the page right after a thousand elements were
  // added lays them all out once more before the paint that lays them out again. `drawnBox` is measured
  // before a drawing goes in and serves the fit that follows it in the same task; the minimap takes the size
  // the last resize reported.
  let drawnBox = null;
  let observedBox = null;
  globalThis.ResizeObserver && new ResizeObserver(([entry]) => (observedBox = entry.contentRect)).observe(svg);
  const viewBox = () => drawnBox ?? svg.getBoundingClientRect();
  const knownBox = () => drawnBox ?? observedBox ?? svg.getBoundingClientRect();
  const picture = createPicture(svg, viewport, knownBox);
  const zoom = globalThis.d3
    ? globalThis.d3
        .zoom()
        .scaleExtent([0.05, 8])
        // d3's own extent reads the SVG's width, which forces a layout of the whole drawing.
        .extent(() => [[0, 0], [knownBox().width, knownBox().height]])
        .on("zoom", (event) => {
          picture.move(event.transform);
          onZoom(event.transform, knownBox());
        })
        .on("end", () => picture.settle())
    : null;
  // The zoom listens on the container, not the SVG: a big drawing's SVG is itself moved while the view moves
  // (picture.js), and d3 would read the pointer through that movement.
  const zoomed = globalThis.d3?.select(container);
  if (zoom) zoomed.call(zoom).on("dblclick.zoom", null);

  // One set of listeners for the whole drawing (a thousand gates would otherwise need five thousand).
  const nodeOf = (target) => {
    const group = target?.closest?.("g[data-node]");
    return group && viewport.contains(group) ? Number(group.dataset.node) : null;
  };
  let hovered = null;
  const hover = (id) => {
    if (id === hovered) return;
    hovered = id;
    onHover(id);
  };
  svg.addEventListener("mouseover", (event) => hover(nodeOf(event.target)));
  svg.addEventListener("mouseleave", () => hover(null));
  svg.addEventListener("focusin", (event) => hover(nodeOf(event.target)));
  svg.addEventListener("focusout", () => hover(null));
  svg.addEventListener("click", (event) => {
    const id = nodeOf(event.target);
    if (id !== null) onSelect(id);
  });
  svg.addEventListener("dblclick", (event) => {
    const id = nodeOf(event.target);
    if (id !== null) onOpen(id);
  });
  svg.addEventListener("keydown", (event) => {
    const target = event.target.closest?.("g.gate, g.input, g.const");
    if (!target || !ACTIVATE.has(event.key)) return;
    event.preventDefault();
    event.stopPropagation();
    onSelect(nodeOf(target));
  });

  let wires = new Map();
  let nodes = new Map();
  let trunks = new Map();
  let output = null;
  let bounds = { x: 0, y: 0, width: 0, height: 0 };
  let highlighted = null;

  function setText(node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  }

  /** A text of one line (a string) or of several (an array), each line right under the one before. */
  function setLines(node, lines) {
    if (!node) return;
    if (!Array.isArray(lines)) {
      setText(node, lines);
      return;
    }
    if (node.childElementCount === lines.length && node.textContent === lines.join("")) return;
    const x = node.getAttribute("x") ?? 0;
    node.replaceChildren(...lines.map((line, i) => {
      const span = el("tspan", { x, dy: i ? "1.15em" : null });
      span.textContent = line;
      return span;
    }));
  }

  function setClass(node, name, on) {
    if (node && node.classList.contains(name) !== on) node.classList.toggle(name, on);
  }

  /** The value above and the gradient below a wire's label point. */
  function wireTexts(group, label, data) {
    const top = el("text", { class: "wire-value", ...data, x: label.x, y: label.y - WIRE_TEXT_GAP }, group);
    const bottom = el("text", { class: "wire-grad", ...data, x: label.x, y: label.y + WIRE_TEXT_GAP + FONT_SIZE * 0.8 }, group);
    return { top, bottom };
  }

  function drawWire(parent, wire, place) {
    const kind = wire.branch ? "wire branch" : "wire";
    const group = el("g", { class: kind, "data-edge": wire.id, "data-source": wire.source, "data-target": wire.target, role: "img" }, parent);
    const path = el("path", { class: "wire-path", d: wirePath(place.points) }, group);
    // A trunk's branch has no numbers of its own; the camera shows the trunk's when the branch is stepped.
    const { top, bottom } = wire.branch ? { top: null, bottom: null } : wireTexts(group, place.label, { "data-edge": wire.id });
    const anchor = wire.branch ? trunks.get(wire.source)?.top : top;
    const array = wire.array ? arrayLabel(group, place.label, wire.array) : null;
    wires.set(wire.id, { group, path, top, bottom, anchor, array, source: wire.source, target: wire.target, start: place.points[0], badge: null });
  }

  // The one labelled stretch a wide fan-out leaves its node by (scene.js trunkSources).
  function drawTrunk(parent, id, place) {
    const group = el("g", { class: "wire trunk", "data-trunk": id }, parent);
    const path = el("path", { class: "wire-path", d: wirePath(place.points) }, group);
    trunks.set(id, { group, path, ...wireTexts(group, place.label, { "data-trunk": id }) });
  }

  // A vector or matrix wire: its shape, and its numbers as a small matrix or a heatmap (arraypaint.js).
  function arrayLabel(group, point, array) {
    return createArrayLabel(group, point, { fontSize: FONT_SIZE, line: FONT_SIZE + 2, ...array });
  }

  /** The texts of a wire: strings, or for an array wire the descriptors of its two blocks. */
  function setTexts(item, top, bottom) {
    if (item.array) {
      item.array.set(typeof top === "object" ? top : null, typeof bottom === "object" ? bottom : null);
      return;
    }
    setText(item.top, top);
    setText(item.bottom, bottom);
  }

  function drawNode(parent, item, place) {
    const group = el("g", {
      class: `${item.kind}${item.className ? ` ${item.className}` : ""}`,
      "data-node": item.id,
      transform: `translate(${place.x},${place.y})`,
      tabindex: "0",
      "aria-label": item.aria || "",
    }, parent);
    const { shape, total } = drawShape(group, item, FONT_SIZE);
    nodes.set(item.id, { group, shape, total });
  }

  function drawGroup(parent, group, layout) {
    const boxes = group.members.map((id) => layout.nodes.get(id)).filter(Boolean);
    if (boxes.length < 2) return;
    const pad = 6;
    const edge = (pick, value) => boxes.reduce((best, b) => pick(best, value(b)), pick === Math.min ? Infinity : -Infinity);
    const left = edge(Math.min, (b) => b.x - b.width / 2) - pad;
    const right = edge(Math.max, (b) => b.x + b.width / 2) + pad;
    const top = edge(Math.min, (b) => b.y - b.width / 2) - pad - FONT_SIZE;
    const bottom = edge(Math.max, (b) => b.y + b.width / 2) + pad;
    const frame = el("g", { class: "group", "data-group": group.id }, parent);
    el("rect", { class: "group-frame", x: left, y: top, width: right - left, height: bottom - top, rx: 10 }, frame);
    setText(el("text", { class: "group-label", x: left + 8, y: top + FONT_SIZE }, frame), group.label);
  }

  function drawOutput(parent, item, place) {
    const group = el("g", { class: "output-wire" }, parent);
    const path = el("path", { class: "wire-path", d: wirePath(place.points) }, group);
    const top = el("text", { class: "output-value", x: place.label.x, y: place.label.y - WIRE_TEXT_GAP }, group);
    const bottom = el("text", { class: "output-grad", x: place.label.x, y: place.label.y + WIRE_TEXT_GAP + FONT_SIZE * 0.8 }, group);
    const end = place.points[place.points.length - 1];
    setText(el("text", { class: "output-name", x: end.x + 4, y: end.y + 0.35 * FONT_SIZE }, group), item.name);
    output = { group, path, top, bottom, array: item.array ? arrayLabel(group, place.label, item.array) : null };
  }

  return {
    svg,
    /** Build the whole figure. model: {nodes, wires, output}; layout: from layout.js. */
    draw(model, layout) {
      wires = new Map();
      nodes = new Map();
      trunks = new Map();
      output = null;
      highlighted = null;
      const fragment = document.createDocumentFragment();
      const groupLayer = el("g", { class: "groups" }, fragment);
      for (const group of model.groups || []) drawGroup(groupLayer, group, layout);
      const wireLayer = el("g", { class: "wires" }, fragment);
      const nodeLayer = el("g", { class: "nodes" }, fragment);
      for (const id of model.trunks || []) if (layout.trunks?.has(id)) drawTrunk(wireLayer, id, layout.trunks.get(id));
      for (const wire of model.wires) drawWire(wireLayer, wire, layout.edges.get(wire.id));
      if (model.output && layout.output) drawOutput(wireLayer, model.output, layout.output);
      for (const item of model.nodes) drawNode(nodeLayer, item, layout.nodes.get(item.id));
      drawnBox = svg.getBoundingClientRect();
      queueMicrotask(() => (drawnBox = null));
      const labelled = model.wires.filter((wire) => !wire.branch);
      const labels = [
        ...labelled.map((wire) => ({ group: wires.get(wire.id).group, point: layout.edges.get(wire.id).label })),
        ...[...trunks].map(([id, trunk]) => ({ group: trunk.group, point: layout.trunks.get(id).label })),
      ];
      picture.drawn(model.wires.length + model.nodes.length, labels);
      viewport.replaceChildren(fragment);
      // The layout's width already holds the output wire and the name at its end.
      bounds = { x: 0, y: 0, width: layout.width, height: layout.height };
    },
    /** The texts above and below a wire (or an array wire's two descriptors), and its accessible name: `aria()`, asked only when `ariaKey` changes. */
    setWire(id, top, bottom, aria = null, ariaKey = null) {
      const wire = wires.get(id);
      if (!wire) return;
      setTexts(wire, top, bottom);
      if (aria === null || wire.ariaKey === ariaKey) return;
      wire.ariaKey = ariaKey;
      wire.group.setAttribute("aria-label", aria());
    },
    /** A trunk's value and its branches' gradient sum so far, and its states (as a wire's). */
    setTrunk(id, top, bottom, states = {}) {
      const trunk = trunks.get(id);
      if (!trunk) return;
      setText(trunk.top, top);
      setText(trunk.bottom, bottom);
      for (const [name, on] of Object.entries(states)) setClass(trunk.group, name, on);
    },
    setWireState(id, states) {
      const wire = wires.get(id);
      if (!wire) return;
      for (const [name, on] of Object.entries(states)) setClass(wire.group, name, on);
    },
    /** A small round sign at the start of a wire ("✗" for a wrong backward line), or none with "". */
    setWireBadge(id, text) {
      const wire = wires.get(id);
      if (!wire || (wire.badge?.textContent ?? "") === text) return;
      if (!text) {
        wire.badge?.remove();
        wire.badge = null;
        return;
      }
      if (!wire.badge) {
        const { x, y } = wire.start;
        wire.badge = el("g", { class: "wire-badge", transform: `translate(${x + 13},${y})` }, wire.group);
        el("circle", { r: 7 }, wire.badge);
        el("text", { y: 0.35 * FONT_SIZE * 0.85 }, wire.badge);
      }
      setText(wire.badge.lastChild, text);
    },
    setOutput(top, bottom) {
      if (!output) return;
      setTexts(output, top, bottom);
    },
    /** total: the text under the node, a string or an array of lines. */
    setNode(id, { states = {}, aria = null, total = null } = {}) {
      const node = nodes.get(id);
      if (!node) return;
      for (const [name, on] of Object.entries(states)) setClass(node.group, name, on);
      if (aria !== null && node.group.getAttribute("aria-label") !== aria) node.group.setAttribute("aria-label", aria);
      if (total !== null) setLines(node.total, total);
    },
    pulseWire(id) {
      if (reducedMotion()) return;
      const wire = id === "output" ? output : wires.get(id);
      wire?.path.animate?.([{ strokeWidth: "6px" }, { strokeWidth: "1.4px" }], { duration: 650, easing: "ease-out" });
    },
    pulseNode(id) {
      if (reducedMotion()) return;
      const node = nodes.get(id);
      node?.shape?.animate?.([{ transform: "scale(1.25)" }, { transform: "scale(1)" }], { duration: 450, easing: "ease-out" });
    },
    /** Emphasise one node and its wires (hover linking); null clears. */
    highlight(id) {
      if (highlighted === id) return;
      highlighted = id;
      svg.classList.toggle("has-highlight", id !== null && nodes.has(id));
      for (const [nodeId, node] of nodes) setClass(node.group, "highlight", nodeId === id);
      for (const wire of wires.values()) setClass(wire.group, "highlight", wire.source === id || wire.target === id);
      for (const [source, trunk] of trunks) setClass(trunk.group, "highlight", source === id);
    },
    /**
     * Scale and centre the drawing in its box. `maxScale` keeps tiny circuits from ballooning; `minScale`
     * keeps text readable on wide circuits, which then start at their left edge (the inputs) and pan.
     */
    fit({ maxScale = 1.8, minScale = 0, duration = 0 } = {}) {
      if (!zoom) return;
      const box = viewBox();
      if (!box.width || !box.height || !bounds.width) return;
      const pad = 16;
      const whole = Math.min(maxScale, (box.width - 2 * pad) / bounds.width, (box.height - 2 * pad) / bounds.height);
      const scale = Math.max(whole, Math.min(minScale, maxScale));
      const fitsX = bounds.width * scale <= box.width - 2 * pad;
      const fitsY = bounds.height * scale <= box.height - 2 * pad;
      const x = fitsX ? (box.width - bounds.width * scale) / 2 : pad;
      const y = fitsY ? (box.height - bounds.height * scale) / 2 : pad;
      const transform = globalThis.d3.zoomIdentity.translate(x - bounds.x * scale, y - bounds.y * scale).scale(scale);
      (duration ? zoomed.transition().duration(duration) : zoomed).call(zoom.transform, transform);
    },
    /** Pan (never zoom) so that a node or a wire's label is inside the view, when it is not already. */
    reveal(kind, id) {
      if (!zoom) return;
      const target = kind === "node" ? nodes.get(id)?.group : kind === "output" ? output?.top : wires.get(id)?.anchor;
      if (!target) return;
      const box = svg.getBoundingClientRect();
      // A big drawing's numbers far from the view are not laid out (picture.js): their wire shows where they are.
      const numbers = target.getBoundingClientRect();
      const rect = numbers.width || kind !== "edge" ? numbers : wires.get(id).path.getBoundingClientRect();
      const margin = 40;
      const inside =
        rect.left >= box.left + margin &&
        rect.right <= box.right - margin &&
        rect.top >= box.top + margin / 2 &&
        rect.bottom <= box.bottom - margin / 2;
      if (inside || !box.width) return;
      const k = globalThis.d3.zoomTransform(container).k;
      const dx = (box.left + box.width / 2 - (rect.left + rect.width / 2)) / k;
      const dy = rect.top < box.top || rect.bottom > box.bottom ? (box.top + box.height / 2 - (rect.top + rect.height / 2)) / k : 0;
      zoomed.transition().duration(300).call(zoom.translateBy, dx, dy);
    },
    /** Whether a pointer event's target is a gate, an input or a constant of this drawing. */
    isNode(target) {
      return nodeOf(target) !== null;
    },
    /** Pan so that the drawing's point (x, y) is in the middle of the view. */
    centreOn(x, y) {
      if (zoom) zoomed.transition().duration(250).call(zoom.translateTo, x, y);
    },
    zoomBy(factor) {
      if (zoom) zoomed.transition().duration(200).call(zoom.scaleBy, factor);
    },
    clear() {
      picture.drawn(0);
      viewport.replaceChildren();
      wires = new Map();
      nodes = new Map();
      trunks = new Map();
      output = null;
    },
  };
}
