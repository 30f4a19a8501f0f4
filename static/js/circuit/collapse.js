// Groups drawn as one gate. The engine finds the groups (engine/grouping.py) and sends each with its inputs'
// local gradients (`collapsible`); here a full-form graph becomes the same circuit with the chosen groups
// collapsed: their inner gates and wires leave, one gate with one wire per input takes their place, and the
// steps are the engine's own minus the inner ones, each group one forward step and one backward step per
// input. A neuron's or dot product's own parameters fold into its gate (params.js): their wires and steps leave
// too, and the gate lists them (`params`). Node ids stay; new wires get ids after the last. Pure: no DOM, the
// graph given is not changed.

import { groupsNamed, listGroups } from "./groupnames.js";
import { ownParameters, parameterRows } from "./params.js";

const MAX_PLACEHOLDERS = 10; // formulas name operands #0..#9

/**
 * The output node ids of the groups `grp` (the page state) collapses in `graph`. "auto" collapses them all
 * unless `opensWhole(graph)` says it opens whole (fitlevel.js); without it, nothing is collapsed.
 */
export function collapsedGroups(graph, grp, opensWhole = () => true) {
  const groups = graph.collapsible || [];
  if (grp === "none" || !groups.length) return new Set();
  const all = new Set(groups.map((group) => group.node));
  if (grp === "all") return all;
  if (grp === "auto" || grp === undefined || grp === null) return opensWhole(graph) ? new Set() : all;
  return groupsNamed(graph, grp);
}

/** `grp` after the group at `node` is toggled, as a list of names (or "none" when nothing stays collapsed). */
export function toggleGroup(graph, grp, node, opensWhole = undefined) {
  const collapsed = collapsedGroups(graph, grp, opensWhole);
  if (collapsed.has(node)) collapsed.delete(node);
  else collapsed.add(node);
  return listGroups(graph, collapsed) || "none";
}

function groupFormula(group, wired, texOf) {
  const terms = wired.map((_, index) => `#${index}`);
  const fits = wired.length <= MAX_PLACEHOLDERS;
  if (group.kind === "sum" && fits) {
    return { text: terms.join(" + "), tex: terms.join(" + "), group: group.kind };
  }
  const tex = group.inputs.map(texOf).join(", ");
  return { text: `${group.label}(${fits ? terms.join(", ") : "…"})`, tex: `\\operatorname{${group.kind}}(${tex})`, group: group.kind };
}

/** The circuit with the groups whose output ids are in `collapsed` drawn as one gate each. */
export function collapseGraph(graph, collapsed) {
  const groups = (graph.collapsible || []).filter((group) => collapsed.has(group.node));
  if (!groups.length) return graph;
  const byOutput = new Map(groups.map((group) => [group.node, group]));
  const inner = new Set();
  for (const group of groups) for (const member of group.members) if (member !== group.node) inner.add(member);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const texOf = (id) => byId.get(id)?.tex ?? "?";
  const held = ownParameters(graph, groups);
  const folded = new Set([...held.values()].flat());
  for (const id of folded) inner.add(id);
  const wiredOf = (group) => group.inputs.filter((id) => !inner.has(id));

  const nodes = [];
  for (const node of graph.nodes) {
    if (inner.has(node.id)) continue;
    const group = byOutput.get(node.id);
    if (!group) {
      nodes.push(node);
      continue;
    }
    const wired = wiredOf(group);
    const params = parameterRows(held.get(group.node) || [], byId, graph.inputs);
    nodes.push({ ...node, gate: "group", label: group.label, inputs: wired, formula: groupFormula(group, wired, texOf), collapsed: group.kind, params });
  }
  let nextEdge = graph.edges.reduce((high, edge) => Math.max(high, edge.id), -1) + 1;
  const groupEdges = new Map(); // output id -> its new wires, by port (a held parameter has none)
  for (const group of groups) {
    const out = byId.get(group.node);
    const local = new Map(group.inputs.map((source, index) => [source, group.local[index]]));
    groupEdges.set(
      group.node,
      wiredOf(group).map((source, port) => ({
        id: nextEdge++, source, target: group.node, port, value: byId.get(source).value, gradient: local.get(source) * out.gradient,
      })),
    );
  }
  const edges = [];
  for (const edge of graph.edges) {
    if (inner.has(edge.target) || folded.has(edge.source)) continue;
    if (byOutput.has(edge.target)) {
      if (edge.port === 0) edges.push(...groupEdges.get(edge.target));
      continue;
    }
    edges.push(edge);
  }
  const { steps, moved } = collapseSteps(graph, byOutput, inner, groupEdges, byId);
  // The code panel marks a backward line by its step: lines of kept steps follow them, an inner line that
  // sets a group input's gradient marks that input's step, the group's other inner lines none.
  const code = graph.code && {
    ...graph.code,
    backward: graph.code.backward.map((line) => ({ ...line, step: line.step === null ? null : moved.get(line.step) ?? null })),
  };
  return { ...graph, nodes, edges, steps, code };
}

function collapseSteps(graph, byOutput, inner, groupEdges, byId) {
  const degree = new Map();
  for (const [, wires] of groupEdges) for (const wire of wires) degree.set(wire.source, (degree.get(wire.source) ?? 0) + 1);
  const steps = [];
  const totals = new Map();
  const moved = new Map(); // the engine's step index -> the index of the step that stands for it here
  const inputStep = new Map(); // "group:input" -> the group's backward step for that input
  const ownerOf = new Map();
  for (const [node, group] of byOutput) for (const member of group.members) ownerOf.set(member, node);
  for (const step of graph.steps || []) {
    const owner = ownerOf.get(step.node);
    if (inner.has(step.node)) {
      if (step.phase === "backward" && inputStep.has(`${owner}:${step.input}`)) moved.set(step.index, inputStep.get(`${owner}:${step.input}`));
      continue;
    }
    const group = byOutput.get(step.node);
    if (step.phase === "forward" && group) {
      moved.set(step.index, steps.length);
      const wired = groupEdges.get(group.node).map((wire) => wire.source);
      steps.push({ ...step, gate: "group", label: group.label, inputs: wired.map((id) => byId.get(id).value) });
    } else if (step.phase === "backward" && group) {
      // The group's first backward step sends back along every wire; a held parameter has none (details.js).
      if (!inputStep.has(`${group.node}:backward`)) {
        inputStep.set(`${group.node}:backward`, true);
        const out = byId.get(group.node);
        for (const wire of groupEdges.get(group.node)) {
          inputStep.set(`${group.node}:${wire.source}`, steps.length);
          steps.push(backwardStep(wire, group, out, totals, byId));
        }
      }
      if (inputStep.has(`${group.node}:${step.input}`)) moved.set(step.index, inputStep.get(`${group.node}:${step.input}`));
    } else {
      moved.set(step.index, steps.length);
      steps.push(step.phase === "backward" ? accumulate({ ...step }, totals) : { ...step });
    }
  }
  // Which inputs gather gradient from more than one wire, now that a group's inputs have one wire each.
  const wires = new Map();
  for (const step of steps) if (step.phase === "backward") wires.set(step.input, (wires.get(step.input) ?? 0) + 1);
  steps.forEach((step, index) => {
    step.index = index;
    if (step.phase === "backward") step.accumulates = wires.get(step.input) > 1;
  });
  return { steps, moved };
}

function backwardStep(wire, group, out, totals, byId) {
  const local = group.local[group.inputs.indexOf(wire.source)]; // a wire's port skips the held parameters
  const step = {
    phase: "backward", edge: wire.id, node: group.node, input: wire.source, port: wire.port, gate: "group",
    label: group.label, pattern: group.kind === "sum" ? "distributes" : "local",
    latex: `\\frac{\\partial ${out.tex}}{\\partial ${byId.get(wire.source).tex}}`,
    upstream: out.gradient, local, product: local * out.gradient,
  };
  return accumulate(step, totals);
}

// Each input's running total over the steps kept, as the engine's trace replays it.
function accumulate(step, totals) {
  const before = totals.get(step.input) ?? 0;
  step.total_before = before;
  step.total = before + step.product;
  totals.set(step.input, step.total);
  return step;
}
