// The details of a gate or an input that holds a vector or matrix: what it computes, its shape, the numpy
// line of its backward pass, and its numbers exactly (value and gradient), as tables.

import { text } from "../shared/dom.js";
import { matrixTable } from "./arrayinputs.js";
import { canScalarize, scalarProgram } from "./scalarize.js";

// The details panel has room for a 10×10 block; a bigger array shows its corner (the wire's heatmap shows all).
const DETAIL_LIMIT = [10, 10];

/** True when the node holds a vector or a matrix. */
export function isArrayNode(node) {
  return Array.isArray(node?.shape) && node.shape.length > 0;
}

/** The elements of the details box for an array node (after its header). */
export function arrayDetails(graph, node, { t, exact, onExpand }) {
  const shape = node.shape.join("\u00d7");
  const parts = [text("p", "details-shape", t("details.array_shape", { shape }))];
  const forward = (graph.code?.forward || []).find((line) => line.node === node.id);
  if (forward) parts.push(text("h4", "details-section", t("details.forward")), text("pre", "details-code", forward.text));
  parts.push(matrixTable(node.value, node.shape, exact, "is-value details-matrix", DETAIL_LIMIT));
  // A gate's lines hand its gradient to its inputs; an input's are the lines that compute its own gradient.
  const own = (line) => [" = ", " += "].some((op) => line.startsWith(`d${node.name}${op}`));
  const backward = (graph.code?.backward || [])
    .filter((line) => (node.kind === "gate" ? line.node === node.id : own(line.text)))
    .map((line) => line.text);
  parts.push(text("h4", "details-section", t("details.backward")));
  if (backward.length) parts.push(text("pre", "details-code", backward.join("\n")));
  parts.push(text("p", "details-legend", t("details.array_gradient", { shape })));
  parts.push(matrixTable(node.gradient, node.shape, exact, "is-grad details-matrix", DETAIL_LIMIT));
  // The notes' advice: work a small explicit example by hand. A small product opens as its scalar circuit.
  if (onExpand && canScalarize(graph, node)) {
    const expand = text("button", "details-expand", t("details.expand"));
    expand.type = "button";
    expand.id = "expand-product";
    expand.addEventListener("click", () => onExpand(scalarProgram(graph, node)));
    parts.push(text("p", "details-note", t("details.expand_note")), expand);
  }
  return parts;
}
