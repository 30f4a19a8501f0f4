// A collapsed neuron or dot product holds its own parameters: the inputs (weights, a bias) whose every wire
// enters that group. They are drawn inside its gate rather than as wires of their own, so a network's
// collapsed layers are fed only by what comes from outside (the previous layer, shared data inputs) and a
// 2-10-10-1 network is no longer 150 labelled input wires tall. A leaf used anywhere else stays a wire (its
// gradient gathers from several places, which the drawing must show); a sum has terms, not parameters.
// Pure: no DOM.

const HOLDS_PARAMETERS = new Set(["dot", "neuron"]);

/** Output id of each collapsed group -> the ids of the inputs it holds, in the order of its formula. */
export function ownParameters(graph, groups) {
  const targets = new Map(); // leaf id -> the nodes its wires enter
  const leaves = new Set(graph.nodes.filter((node) => node.kind === "input").map((node) => node.id));
  for (const edge of graph.edges) {
    if (!leaves.has(edge.source)) continue;
    if (!targets.has(edge.source)) targets.set(edge.source, []);
    targets.get(edge.source).push(edge.target);
  }
  const held = new Map();
  for (const group of groups) {
    if (!HOLDS_PARAMETERS.has(group.kind)) continue;
    const members = new Set(group.members);
    const own = group.inputs.filter(
      (id) => leaves.has(id) && id !== graph.output && (targets.get(id) || []).every((target) => members.has(target)),
    );
    if (own.length) held.set(group.node, own);
  }
  return held;
}

/** What the details panel and the gate's accessible name show of each parameter a group holds. */
export function parameterRows(ids, byId, inputs) {
  const names = new Map((inputs || []).map((input) => [input.node, input.name]));
  return ids.map((id) => {
    const node = byId.get(id);
    return { node: id, name: names.get(id) ?? node.name ?? node.label, tex: node.tex, value: node.value, gradient: node.gradient };
  });
}
