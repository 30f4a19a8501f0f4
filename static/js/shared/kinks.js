// Where a routing gate sits on its kink, the engine's convention decides the gradient: max and min split a
// tie evenly (½ each), relu and abs send 0 at exactly 0. Captions, details and hints say so from here.

const SPLITS = new Set(["max", "min"]);
const FLAT_AT_ZERO = new Set(["relu", "abs"]);

/** "tie" (max/min with equal inputs), "zero" (relu/abs at exactly 0) or null, for one backward step. */
export function kinkOf(graph, step) {
  if (!step || step.phase !== "backward") return null;
  const gate = (graph?.nodes || []).find((node) => node.id === step.node);
  if (!gate) return null;
  const values = (gate.inputs || []).map((id) => graph.nodes.find((node) => node.id === id)?.value);
  if (SPLITS.has(step.gate) && values.length === 2 && values[0] === values[1]) return "tie";
  if (FLAT_AT_ZERO.has(step.gate) && values[0] === 0) return "zero";
  return null;
}

const OWN_ROUTE_WORDS = new Set(["min", "relu", "abs"]);

/** The words for a routing gate's pattern: max's are the default, min, relu and abs route their own way. */
export function routesPattern(gate) {
  return OWN_ROUTE_WORDS.has(gate) ? `routes_${gate}` : "routes";
}
