// How captions and the quiz call a wire: only by what the drawing shows or the typed program says. A name
// from the generated code ("t4") is drawn nowhere, so it is never used; the output is always its drawn name.

import { fillFormula } from "./formula.js";
import { formatLiteral } from "./format.js";

const MAX_SOURCE_NAME = 24;

const nodeById = (graph, id) => graph.nodes.find((candidate) => candidate.id === id);

/** The source text a node came from, when it is one short line. */
function sourceText(graph, span) {
  if (!span || span.line !== span.end_line) return null;
  const line = String(graph.expr || "").split("\n")[span.line - 1];
  if (line === undefined) return null;
  const text = line.slice(span.column - 1, span.end_column - 1).trim();
  return text && text.length <= MAX_SOURCE_NAME ? text : null;
}

const bracketed = (text) => (/^[\p{L}_][\p{L}\p{N}_]*(\[\d+\])?$/u.test(text) || /^\(.*\)$/.test(text) ? text : `(${text})`);

// Inside a σ drawn as its chain, a wire has no name of its own: it is the sub-expression its gate declares
// (node.formula.member) around the name of the σ's input.
function sigmaText(graph, node) {
  const member = node?.formula?.member;
  if (!member || node.group === null || node.group === undefined || node.group === node.id) return null;
  const input = nodeById(graph, node.inputs[0]);
  return fillFormula(member, [sigmaText(graph, input) ?? wireName(graph, node.inputs[0])]);
}

/** The output's name as drawn at the end of its wire. */
export function outputName(graph) {
  return nodeById(graph, graph.output)?.name || "f";
}

// A long unnamed sub-expression: its gate's formula over its inputs' names, "…" for unnamed inner gates.
function formulaText(graph, node) {
  const inner = node.inputs.map((id) => {
    const input = nodeById(graph, id);
    if (!input) return "?";
    if (input.name || input.kind !== "gate") return plainName(graph, input);
    return sourceText(graph, input.span) ?? "\u2026";
  });
  return fillFormula(node.formula?.text || node.label || node.gate || "?", inner);
}

function plainName(graph, node) {
  if (node.id === graph.output) return outputName(graph);
  if (node.name) return node.name;
  if (node.kind === "const") return formatLiteral(node.value);
  return null;
}

/** How a caption or a quiz question names the wire out of `nodeId`. */
export function wireName(graph, nodeId) {
  const node = nodeById(graph, nodeId);
  if (!node) return "?";
  const plain = plainName(graph, node);
  if (plain !== null) return plain;
  const inside = sigmaText(graph, node);
  if (inside) return `(${inside})`;
  return bracketed(sourceText(graph, node.span) ?? formulaText(graph, node));
}
