// The one small DOM builder every part uses: an element, its attributes (null and undefined are left out)
// and its text.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(node, attrs, content) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, String(value));
  }
  if (content !== null && content !== undefined) node.textContent = content;
  return node;
}

/** An HTML element: `el("p", {class: "note"}, "text")`. */
export function el(tag, attrs = {}, content = null) {
  return build(document.createElement(tag), attrs, content);
}

/** An SVG element: `svgEl("text", {x: 4}, "label")`. */
export function svgEl(tag, attrs = {}, content = null) {
  return build(document.createElementNS(SVG_NS, tag), attrs, content);
}

/** An HTML element with a class (optional) and a text. */
export function text(tag, className, content) {
  return el(tag, className ? { class: className } : {}, content);
}
