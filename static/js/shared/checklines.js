// The server's checks of a program's backward lines (`dx = …`, one check per number written), read for the
// page: grouped by line, counted, and tied to the circuit's wires and the animation's steps.

/** One entry per checked line, in line order: {line, ok, checks} (a list line holds one check per element). */
export function checkedLines(checks) {
  const byLine = new Map();
  for (const check of checks || []) {
    if (!byLine.has(check.line)) byLine.set(check.line, { line: check.line, ok: true, checks: [] });
    const entry = byLine.get(check.line);
    entry.checks.push(check);
    entry.ok = entry.ok && Boolean(check.ok);
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

/** {right, total} over the checked lines. */
export function lineTally(lines) {
  return { right: lines.filter((line) => line.ok).length, total: lines.length };
}

/** The node a check's wire names (`x`, `w[0]`), or undefined. */
function nodeOfWire(graph, wire) {
  return (graph?.nodes || []).find((node) => node.name === wire && node.kind !== "const");
}

/** The name a gate is known by in messages: its own, or its σ group's (a σ's gates answer to the σ). */
function gateNames(graph, nodeId) {
  const node = graph.nodes[nodeId];
  const names = [node?.name];
  if (node && node.group !== null && node.group !== undefined) names.push(graph.nodes[node.group]?.name);
  return names.filter(Boolean);
}

/** The wires a check is about: the one branch it names (`through`), else every wire leaving its node. */
export function wiresOfCheck(graph, check) {
  const node = nodeOfWire(graph, check.wire);
  if (!node) return [];
  const leaving = graph.edges.filter((edge) => edge.source === node.id);
  const through = String(check.params?.through ?? "").split(" + ").filter(Boolean);
  const branch = leaving.filter((edge) => gateNames(graph, edge.target).some((name) => through.includes(name)));
  return (branch.length ? branch : leaving).map((edge) => edge.id);
}

/** The ids of the wires that some wrong line is about. */
export function wrongWires(graph, checks) {
  const wrong = new Set();
  for (const check of checks || []) if (!check.ok) for (const id of wiresOfCheck(graph, check)) wrong.add(id);
  return wrong;
}

/** The checks of the student's own lines for an animation step: the seed, or the wire a backward step fills. */
export function checksForStep(graph, checks, step) {
  if (!graph || !step || !checks?.length) return [];
  if (step.phase === "seed") return checks.filter((check) => check.kind === "seed");
  if (step.phase !== "backward") return [];
  const wire = graph.nodes[step.input]?.name;
  const mine = checks.filter((check) => check.wire === wire && check.kind !== "seed");
  const names = gateNames(graph, step.node);
  const branch = mine.filter((check) => {
    const through = String(check.params?.through ?? "").split(" + ");
    return check.kind === "part" && through.some((name) => names.includes(name));
  });
  return branch.length ? branch : mine;
}

/** A check's numbers in the page's format; arrays keep the server's short text. */
export function checkNumbers(check, format) {
  const say = (value, fallback) => (typeof value === "number" ? format(value) : String(fallback ?? ""));
  return { expected: say(check.expected, check.params?.expected), got: say(check.got, check.params?.got) };
}
