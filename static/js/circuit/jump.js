// Where "skip to the backward pass" and "jump to gate" take the player: pure functions of the graph.

/** The player position just after the seed (the output's gradient 1 is set, no wire's gradient yet). */
export function backwardStart(graph) {
  const seed = (graph?.steps || []).findIndex((step) => step.phase === "seed");
  return seed < 0 ? 0 : seed + 1;
}

/** The node a search finds: its name exactly, else ignoring case, else the first name that starts with it. */
export function findNode(graph, query) {
  const text = String(query ?? "").trim();
  if (!graph || !text) return null;
  const named = graph.nodes.filter((node) => node.name);
  const lower = text.toLowerCase();
  return (
    named.find((node) => node.name === text) ||
    named.find((node) => node.name.toLowerCase() === lower) ||
    named.find((node) => node.name.toLowerCase().startsWith(lower)) ||
    null
  );
}

/** The player position at which a node's value has just been computed (0 for an input or a constant). */
export function forwardPosition(graph, id) {
  const index = (graph?.steps || []).findIndex((step) => step.phase === "forward" && step.node === id);
  return index + 1;
}

/** Every wire name a search can find, in drawing order. */
export function searchableNames(graph) {
  return (graph?.nodes || []).filter((node) => node.name).map((node) => node.name);
}
