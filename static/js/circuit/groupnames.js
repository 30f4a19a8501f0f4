// How the link's `grp` list names a group so that the name survives what renumbers the nodes (σ expanded,
// lines added above): by its output's name (`h1 = tanh(…)` is `h1`), else `~n`, the n-th group without a
// name in evaluation order. A bare number is an output node id, as links named groups before: it still
// collapses the group it named for the same program and σ setting; the next toggle writes names. Pure.

// A group whose output is named like one of grp's words is listed by its ordinal, so `grp=all` stays `all`.
const WORDS = new Set(["auto", "all", "none"]);

/** Output node id -> the name the link gives its group, for every group of `graph`, in evaluation order. */
export function groupNames(graph) {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const groups = [...(graph.collapsible || [])].sort((a, b) => a.node - b.node);
  const names = new Map();
  let unnamed = 0;
  for (const group of groups) {
    const name = byId.get(group.node)?.name;
    names.set(group.node, typeof name === "string" && name && !WORDS.has(name) ? name : `~${++unnamed}`);
  }
  return names;
}

/** The output node ids of the groups a `grp` list names; names no group has are passed over. */
export function groupsNamed(graph, list) {
  const names = groupNames(graph);
  const byName = new Map([...names].map(([node, name]) => [name, node]));
  const found = new Set();
  for (const entry of String(list).split(",")) {
    const node = /^[0-9]+$/.test(entry) ? Number(entry) : byName.get(entry);
    if (names.has(node)) found.add(node);
  }
  return found;
}

/** A `grp` list naming the groups whose output node ids are `nodes`, in evaluation order. */
export function listGroups(graph, nodes) {
  const names = groupNames(graph);
  return [...nodes].filter((node) => names.has(node)).sort((a, b) => a - b).map((node) => names.get(node)).join(",");
}
