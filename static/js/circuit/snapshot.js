// The circuit as it is drawn now, as a standalone SVG file: computed styles inlined, so it needs no
// stylesheet.

import { exportFontFamily, fontFamilyFor, plainColor, widthInEms } from "../shared/svgpaint.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const PADDING = 16;
// Hover and selection marks belong to the screen, not to the figure.
const TRANSIENT_CLASSES = ["highlight", "has-highlight", "is-selected", "is-linked"];

// Only what the drawing's stylesheet can change; the rest stays in the elements' attributes.
export const STYLE_PROPERTIES = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-dasharray",
  "stroke-linecap",
  "stroke-linejoin",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
  "paint-order",
  "visibility",
  "display",
];

// Values that match SVG's own defaults are left out to keep the file small.
const DEFAULTS = {
  "fill-opacity": "1",
  "stroke-opacity": "1",
  "stroke-dasharray": "none",
  "stroke-linecap": "butt",
  "stroke-linejoin": "miter",
  opacity: "1",
  "font-style": "normal",
  "text-anchor": "start",
  "dominant-baseline": "auto",
  "paint-order": "normal",
  visibility: "visible",
  display: "inline",
  stroke: "none",
};

/** The declarations worth writing for one element's computed style, as [property, value] pairs. */
export function styleEntries(computed) {
  const entries = [];
  for (const property of STYLE_PROPERTIES) {
    const value = computed.getPropertyValue(property);
    if (!value || DEFAULTS[property] === value) continue;
    entries.push([property, value.replace(/"/g, "'")]);
  }
  return plainEntries(entries);
}

/** The declarations worth writing for one element's computed style. */
export function styleText(computed) {
  return writeStyle(styleEntries(computed));
}

const writeStyle = (entries) => entries.map(([property, value]) => `${property}:${value}`).join(";");

/**
 * SVG 1.1 paint: hex colours with their alpha as fill-/stroke-opacity, fonts every renderer has, and no
 * paint-order (the halo it draws becomes an underlay copy of the text; see `haloUnderlay`).
 */
function plainEntries(entries) {
  const style = new Map(entries);
  for (const paint of ["fill", "stroke"]) {
    if (!style.has(paint)) continue;
    const { color, alpha } = plainColor(style.get(paint));
    style.set(paint, color);
    const opacity = Number(style.get(`${paint}-opacity`) ?? 1) * alpha;
    if (opacity !== 1) style.set(`${paint}-opacity`, String(Number(opacity.toFixed(3))));
  }
  if (style.has("font-family")) style.set("font-family", exportFontFamily(style.get("font-family")));
  return [...style];
}

// The page's policy refuses style attributes on any element it made, so the styles travel under another
// attribute name and become `style` in the serialized text only.
const STYLE_CARRIER = "data-export-style";

/** For text drawn with `paint-order: stroke` (a halo behind the numbers): the halo as its own copy. */
function haloUnderlay(copy, entries) {
  const style = new Map(entries);
  const order = style.get("paint-order") || "normal";
  style.delete("paint-order");
  const halo = order.startsWith("stroke") && style.get("stroke") && style.get("stroke") !== "none";
  if (!halo || copy.localName !== "text") return { own: [...style], underlay: null };
  const underlay = copy.cloneNode(true);
  const under = new Map(style);
  under.set("fill", style.get("stroke"));
  under.delete("fill-opacity");
  underlay.setAttribute(STYLE_CARRIER, writeStyle([...under]));
  underlay.setAttribute("aria-hidden", "true");
  underlay.removeAttribute("id");
  style.delete("stroke");
  style.delete("stroke-width");
  style.delete("stroke-opacity");
  style.delete("stroke-linejoin");
  return { own: [...style], underlay };
}

function inlineStyles(source, copy) {
  const sources = [source, ...source.querySelectorAll("*")];
  const copies = [copy, ...copy.querySelectorAll("*")];
  for (let i = 0; i < sources.length; i += 1) {
    let entries = styleEntries(getComputedStyle(sources[i]));
    // A line of a text takes its stroke from the text; its own copy would paint the halo over the letters.
    if (copies[i].localName === "tspan") entries = entries.filter(([name]) => !/^(stroke|paint-order)/.test(name));
    if (copies[i].localName === "text" || copies[i].localName === "tspan") {
      const words = copies[i].textContent;
      entries = entries.map(([name, value]) => [name, name === "font-family" ? fontFamilyFor(value, words) : value]);
    }
    const { own, underlay } = haloUnderlay(copies[i], entries);
    copies[i].removeAttribute("style");
    if (own.length) copies[i].setAttribute(STYLE_CARRIER, writeStyle(own));
    if (underlay) copies[i].before(underlay);
  }
}

/** Serialized SVG with each carried style as a real style attribute (inside tags only, never in text). */
function serialize(copy) {
  const text = new XMLSerializer().serializeToString(copy);
  return text.replace(/<[^<>]*>/g, (tag) => tag.replaceAll(` ${STYLE_CARRIER}="`, ' style="'));
}

function background(root) {
  for (const el of [root.parentElement, document.body]) {
    const color = el ? getComputedStyle(el).backgroundColor : "";
    if (color && color !== "transparent" && !/rgba\(.*,\s*0\)$/.test(color)) return plainColor(color).color;
  }
  return "#ffffff";
}

const CAPTION_FONT = 14;
const CAPTION_LINE = 20;
const MONO_CHAR_EMS = 0.62; // DejaVu Sans Mono's advance, a little generous
const SANS_CHAR_EMS = 0.55;

function svgElement(name, attributes, text) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The colour a drawn element of this class has, for the legend's words (the page's palette). */
function paintOf(root, selector, fallback) {
  const sample = root.querySelector(selector);
  return sample ? plainColor(getComputedStyle(sample).fill).color : fallback;
}

/**
 * A band above the circuit: the program (one line per statement) and one line of legend and step, so a
 * figure pasted on a slide says what it shows. Returns the band's element and its size.
 */
function captionBand(root, caption, left, top) {
  const ink = plainColor(getComputedStyle(root).color).color || "#000000";
  const band = svgElement("g", { class: "figure-caption" });
  const lines = caption.program || [];
  lines.forEach((line, i) => {
    const attributes = { x: left, y: top + (i + 1) * CAPTION_LINE - 5 };
    const text = svgElement("text", attributes, line);
    const family = fontFamilyFor("'DejaVu Sans Mono', monospace", line);
    text.setAttribute(STYLE_CARRIER, `font-family:${family};font-size:${CAPTION_FONT}px;fill:${ink}`);
    band.append(text);
  });
  const legend = svgElement("text", { x: left, y: top + (lines.length + 1) * CAPTION_LINE - 5 });
  const parts = [
    [caption.value, paintOf(root, ".wire-value", "#1a7f37")],
    ["\u00a0\u00a0·\u00a0\u00a0", ink],
    [caption.gradient, paintOf(root, ".wire-grad", "#b3261e")],
    [caption.step ? `\u00a0\u00a0·\u00a0\u00a0${caption.step}` : "", ink],
  ];
  const family = fontFamilyFor("Arial", parts.map(([words]) => words).join(""));
  legend.setAttribute(STYLE_CARRIER, `font-family:${family};font-size:${CAPTION_FONT}px;fill:${ink}`);
  for (const [words, color] of parts.filter(([words]) => words)) {
    const span = svgElement("tspan", {}, words);
    span.setAttribute(STYLE_CARRIER, `fill:${color}`);
    legend.append(span);
  }
  band.append(legend);
  const longest = Math.max(0, ...lines.map((line) => widthInEms(line, MONO_CHAR_EMS)));
  const legendEms = widthInEms(parts.map(([words]) => words || "").join(""), SANS_CHAR_EMS);
  const width = Math.max(longest, legendEms) * CAPTION_FONT;
  return { band, width: Math.ceil(width), height: (lines.length + 1) * CAPTION_LINE + 8 };
}

/**
 * The drawing `root` (the renderer's SVG) as standalone SVG 1.1 text, or null when nothing is drawn.
 * `caption` ({program: lines, value, gradient, step}) adds the program and a legend above the circuit.
 */
export function circuitSvgText(root, caption = null) {
  if (!root) return null;
  const viewport = root.querySelector(":scope > g.viewport") || root;
  const box = viewport.getBBox();
  const marked = TRANSIENT_CLASSES.flatMap((name) =>
    [root, ...root.querySelectorAll(`.${name}`)].filter((el) => el.classList.contains(name)).map((el) => [el, name]),
  );
  for (const [el, name] of marked) el.classList.remove(name);
  const copy = root.cloneNode(true);
  try {
    inlineStyles(root, copy);
  } finally {
    for (const [el, name] of marked) el.classList.add(name);
  }
  // The export shows the whole circuit at its natural size, whatever the zoom on screen.
  const copyViewport = copy.querySelector(":scope > g.viewport");
  if (copyViewport) copyViewport.removeAttribute("transform");
  for (const attr of ["class", "style", "role", "tabindex", "aria-label"]) copy.removeAttribute(attr);
  const left = box.x - PADDING;
  const band = caption ? captionBand(root, caption, left + PADDING, box.y - PADDING) : null;
  const top = box.y - PADDING - (band ? band.height : 0);
  const width = Math.ceil(Math.max(box.width, band ? band.width : 0) + 2 * PADDING);
  const height = Math.ceil(box.height + 2 * PADDING + (band ? band.height : 0));
  if (band) band.band.setAttribute("transform", `translate(0 ${-band.height})`);
  copy.setAttribute("xmlns", SVG_NS);
  copy.setAttribute("version", "1.1");
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  copy.setAttribute("viewBox", `${left} ${top} ${width} ${height}`);
  copy.insertBefore(svgElement("rect", { x: left, y: top, width, height, fill: background(root) }), copy.firstChild);
  if (band) copy.append(band.band);
  const body = serialize(copy);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, width, height };
}
