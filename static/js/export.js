// Download the circuit as it is drawn now: a standalone SVG (computed styles inlined, so it needs no
// stylesheet) or a PNG painted from that SVG on a canvas.

const SVG_NS = "http://www.w3.org/2000/svg";
const PADDING = 16;
const PNG_MIN_WIDTH = 1600; // wide enough for a slide
const PNG_MAX_SIDE = 8192;
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

function inlineStyles(source, copy) {
  const sources = [source, ...source.querySelectorAll("*")];
  const copies = [copy, ...copy.querySelectorAll("*")];
  for (let i = 0; i < sources.length; i += 1) {
    const style = styleText(getComputedStyle(sources[i]));
    if (style) copies[i].setAttribute("style", style);
    else copies[i].removeAttribute("style");
  }
}

function background() {
  for (const el of [document.getElementById("circuit"), document.body]) {
    const color = el ? getComputedStyle(el).backgroundColor : "";
    if (color && color !== "transparent" && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return "#ffffff";
}

/** The current drawing as standalone SVG text, or null when nothing is drawn. */
export function circuitSvgText(root = document.querySelector("#circuit svg")) {
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
    fill: background(),
  })) {
    fill.setAttribute(key, String(value));
  }
  copy.insertBefore(fill, copy.firstChild);
  const body = new XMLSerializer().serializeToString(copy);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, width, height };
}

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Paints SVG text on a canvas and resolves to a PNG blob. */
export function svgToPng({ text, width, height }) {
  const scale = Math.min(Math.max(2, PNG_MIN_WIDTH / width), 4, PNG_MAX_SIDE / Math.max(width, height));
  return new Promise((resolve, reject) => {
    const image = new Image();
    const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      const context = canvas.getContext("2d");
      context.scale(scale, scale);
      context.drawImage(image, 0, 0, width, height);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png");
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("the SVG could not be painted"));
    };
    image.src = url;
  });
}

/** Wires the two buttons; `name()` gives the file name without extension. */
export function createExport(svgButton, pngButton, { name, onError }) {
  svgButton.addEventListener("click", () => {
    const svg = circuitSvgText();
    if (svg) download(new Blob([svg.text], { type: "image/svg+xml" }), `${name()}.svg`);
  });
  pngButton.addEventListener("click", async () => {
    const svg = circuitSvgText();
    if (!svg) return;
    try {
      download(await svgToPng(svg), `${name()}.png`);
    } catch (error) {
      onError(error);
    }
  });
}
