// The circuit as it is drawn now, as a standalone SVG file: computed styles inlined, so it needs no
// stylesheet.

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

/** The declarations worth writing for one element's computed style. */
export function styleText(computed) {
  const parts = [];
  for (const property of STYLE_PROPERTIES) {
    const value = computed.getPropertyValue(property);
    if (!value || DEFAULTS[property] === value) continue;
    parts.push(`${property}:${value.replace(/"/g, "'")}`);
  }
  return parts.join(";");
}

// The page's policy refuses style attributes on any element it made, so the styles travel under another
// attribute name and become `style` in the serialized text only.
const STYLE_CARRIER = "data-export-style";

function inlineStyles(source, copy) {
  const sources = [source, ...source.querySelectorAll("*")];
  const copies = [copy, ...copy.querySelectorAll("*")];
  for (let i = 0; i < sources.length; i += 1) {
    const style = styleText(getComputedStyle(sources[i]));
    copies[i].removeAttribute("style");
    if (style) copies[i].setAttribute(STYLE_CARRIER, style);
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
    if (color && color !== "transparent" && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return "#ffffff";
}

/** The drawing `root` (the renderer's SVG) as standalone SVG text, or null when nothing is drawn. */
export function circuitSvgText(root) {
  if (!root) return null;
  const viewport = root.querySelector(":scope > g.viewport") || root;
  const box = viewport.getBBox();
  const width = Math.ceil(box.width + 2 * PADDING);
  const height = Math.ceil(box.height + 2 * PADDING);
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
  for (const attr of ["class", "style", "role", "tabindex"]) copy.removeAttribute(attr);
  copy.setAttribute("xmlns", SVG_NS);
  copy.setAttribute("version", "1.1");
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  copy.setAttribute("viewBox", `${box.x - PADDING} ${box.y - PADDING} ${width} ${height}`);
  const fill = document.createElementNS(SVG_NS, "rect");
  for (const [key, value] of Object.entries({
    x: box.x - PADDING,
    y: box.y - PADDING,
    width,
    height,
    fill: background(root),
  })) {
    fill.setAttribute(key, String(value));
  }
  copy.insertBefore(fill, copy.firstChild);
  const body = serialize(copy);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, width, height };
}

