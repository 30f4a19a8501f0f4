// The compact answer of /api/graph (`form=compact`) turned back into the full graph the page draws.
// The server sends each number once (node values and gradients, one local gradient per wire) and the gate
// table's templates once; edges, steps, LaTeX and code lines are rebuilt here exactly as the engine
// builds them (engine/trace.py, engine/codegen.py), so the result equals the full form number for number.

export const COMPACT_FORM = "compact-1";

// Fields of the compact form that the full form does not have under the same name.
const COMPACT_ONLY = new Set([
  "form", "leaves", "gate", "label", "formula", "name", "tex", "args", "param", "span", "groups", "gates",
  "values", "grads", "local", "code",
]);

/** Python's `template % fields` for `%(name)s` templates (None is written as Python writes it). */
export function pyFormat(template, fields) {
  return template.replace(/%\((\w+)\)s|%%/g, (match, key) => {
    if (match === "%%") return "%";
    const value = fields[key];
    return value === null || value === undefined ? "None" : String(value);
  });
}

/** The full graph of a compact answer; any other graph (full form, an error) is returned as it is. */
export function expandGraph(answer) {
  if (!answer || answer.form !== COMPACT_FORM) return answer;
  const g = columns(answer);
  const nodes = buildNodes(g);
  const edges = buildEdges(g);
  const inputIds = [...Array(g.nInputs).keys()];
  const full = {};
  for (const [key, value] of Object.entries(answer)) if (!COMPACT_ONLY.has(key)) full[key] = value;
  return Object.assign(full, {
    expr: answer.expr,
    value: g.values[g.output],
    output: g.output,
    gradients: Object.fromEntries(inputIds.map((i) => [g.names[i], g.grads[i]])),
    inputs: inputIds.map((i) => ({ name: g.names[i], node: i, value: g.values[i], gradient: g.grads[i] })),
    nodes,
    edges,
    steps: buildSteps(g, edges),
    code: buildCode(g, answer.code),
    options: answer.options,
  });
}

function columns(answer) {
  const n = answer.values.length;
  const [nInputs, first] = answer.leaves;
  const args = Array(first).fill([]).concat(answer.args);
  const gates = Array(first).fill(null).concat(answer.gate.map((k) => answer.gates[k]));
  const params = Array(n).fill(null);
  for (const [i, text] of answer.param) params[i] = text;
  const labels = Array(n).fill(null);
  for (const [i, text] of answer.label) labels[i] = text;
  const formulas = Array(n).fill(null);
  for (const [i, formula] of answer.formula ?? []) formulas[i] = formula;
  const groups = Array(n).fill(null);
  for (const [i, group] of answer.groups) groups[i] = group;
  const sigmoid = answer.gates.find((gate) => gate.name === "sigmoid");
  return {
    n, nInputs, first, args, gates, params, labels, formulas, groups, sigmoid,
    names: answer.name, tex: answer.tex, spans: answer.span,
    values: answer.values, grads: answer.grads, local: answer.local, output: answer.output,
  };
}

function kindOf(g, i) {
  if (i < g.nInputs) return "input";
  return i < g.first ? "const" : "gate";
}

function buildNodes(g) {
  const nodes = new Array(g.n);
  for (let i = 0; i < g.n; i += 1) {
    const kind = kindOf(g, i);
    const gate = g.gates[i];
    let label = g.names[i];
    if (kind === "const") label = g.params[i];
    else if (kind === "gate") label = g.labels[i] ?? gate.symbol;
    const s = 4 * i;
    nodes[i] = {
      id: i,
      kind,
      gate: gate ? gate.name : null,
      label,
      name: g.names[i],
      inputs: g.args[i].slice(),
      span: { line: g.spans[s], column: g.spans[s + 1], end_line: g.spans[s + 2], end_column: g.spans[s + 3] },
      group: g.groups[i],
      tex: g.tex[i],
      formula: gate ? { ...(g.formulas[i] ?? gate.formula) } : null,
      value: g.values[i],
      gradient: g.grads[i],
    };
  }
  return nodes;
}

function buildEdges(g) {
  const edges = [];
  for (let i = g.first; i < g.n; i += 1) {
    g.args[i].forEach((source, port) => {
      const id = edges.length;
      edges.push({
        id, source, target: i, port, value: g.values[source], gradient: g.local[id] * g.grads[i],
      });
    });
  }
  return edges;
}

function buildSteps(g, edges) {
  const steps = [];
  for (let i = g.first; i < g.n; i += 1) {
    const gate = g.gates[i];
    steps.push({
      index: steps.length, phase: "forward", node: i, gate: gate.name, label: g.labels[i] ?? gate.symbol,
      inputs: g.args[i].map((a) => g.values[a]), value: g.values[i],
    });
  }
  // The output's gradient is its seed: 1, or what the program's own `d<output> = …` line sets.
  const seed = g.grads[g.output];
  steps.push({ index: steps.length, phase: "seed", node: g.output, gradient: seed });
  const degree = new Array(g.n).fill(0);
  for (const edge of edges) degree[edge.source] += 1;
  const bases = edgeBases(g);
  const totals = new Array(g.n).fill(0.0);
  totals[g.output] = seed;
  for (let i = g.n - 1; i >= g.first; i -= 1) {
    const gate = g.gates[i];
    const a = g.args[i];
    const fields = { a: g.tex[a[0]], out: g.tex[i], c: g.params[i] };
    if (a.length === 2) fields.b = g.tex[a[1]];
    a.forEach((src, port) => {
      const edge = bases[i] + port;
      const upstream = g.grads[i];
      const local = g.local[edge];
      const product = local * upstream;
      const before = totals[src];
      const total = before + product;
      totals[src] = total;
      const step = {
        index: steps.length, phase: "backward", edge, node: i, input: src, port, gate: gate.name,
        label: g.labels[i] ?? gate.symbol, pattern: gate.pattern, accumulates: degree[src] > 1,
        latex: pyFormat(gate.latex[port], fields),
        upstream, local, product, total_before: before, total,
      };
      if (gate.name === "mul") step.other = g.values[a[1 - port]];
      steps.push(step);
    });
  }
  return steps;
}

function edgeBases(g) {
  const bases = new Array(g.n).fill(0);
  let count = 0;
  for (let i = 0; i < g.n; i += 1) {
    bases[i] = count;
    count += g.args[i].length;
  }
  return bases;
}

// engine/names.py wire_names: the user's name, a constant's text, or t1, t2, … (the output is f if free).
function wireNames(g) {
  const taken = new Set();
  for (const name of g.names) {
    if (!name) continue;
    taken.add(name);
    if (name.includes("[")) taken.add(name.split("[", 1)[0]);
  }
  const names = g.names.slice();
  let counter = 0;
  for (let i = 0; i < g.n; i += 1) {
    const kind = kindOf(g, i);
    if (kind === "const") names[i] = g.params[i];
    else if (kind === "gate" && names[i] === null) {
      if (g.groups[i] !== null && g.groups[i] !== i) continue;
      if (i === g.output && !taken.has("f")) {
        names[i] = "f";
        continue;
      }
      counter += 1;
      while (taken.has(`t${counter}`)) counter += 1;
      names[i] = `t${counter}`;
    }
  }
  return names;
}

function gradientNames(g, names) {
  const taken = new Set(g.names.filter(Boolean));
  return names.map((name, i) => {
    if (name === null || kindOf(g, i) === "const") return null;
    return taken.has(`d${name}`.split("[", 1)[0]) ? `d_${name}` : `d${name}`;
  });
}

function codeFields(g, i, names) {
  const a = g.args[i];
  const fields = { a: names[a[0]], out: names[i], c: g.params[i] };
  if (a.length === 2) fields.b = names[a[1]];
  return fields;
}

function groupInput(g, out) {
  let node = out;
  while (g.groups[node] === out && kindOf(g, node) === "gate") node = g.args[node][0];
  return node;
}

// engine/codegen.py: one forward line per gate (a σ group as one line), one backward line per wire.
function buildCode(g, code) {
  const names = wireNames(g);
  const forward = code.inputs.map(([text, node]) => ({ text, node }));
  for (let i = g.first; i < g.n; i += 1) {
    const group = g.groups[i];
    if (group !== null && group !== i) continue;
    const expr = group !== null
      ? pyFormat(g.sigmoid.code, { a: names[groupInput(g, i)] })
      : pyFormat(g.gates[i].code, codeFields(g, i, names));
    forward.push({ text: `${names[i]} = ${expr}`, node: i });
  }
  // The lists' zeros, then the program's own seed line (`df = 3`, the only preamble line with a step).
  const backward = code.preamble.map(([text, node, step = null]) => ({ text, node, step }));
  const seeded = backward.some((line) => line.node === g.output);
  const gradNames = gradientNames(g, names);
  const entries = new Map();
  for (let i = g.n - 1; i >= g.first; i -= 1) if (g.groups[i] !== null) entries.set(g.groups[i], i);
  const started = new Set();
  let step = g.n - g.first + 1;
  for (let i = g.n - 1; i >= g.first; i -= 1) {
    g.args[i].forEach((src, port) => {
      const k = step;
      step += 1;
      if (kindOf(g, src) === "const") return;
      const group = g.groups[i];
      let owner = i;
      let local;
      if (group !== null) {
        if (entries.get(group) !== i) return;
        owner = group;
        local = `(1 - ${names[group]}) * ${names[group]}`;
      } else if (g.gates[i].name === "pow_const" && Number(g.params[i]) === 2) {
        local = `2 * ${names[g.args[i][0]]}`;
      } else {
        local = pyFormat(g.gates[i].code_local[port], codeFields(g, i, names));
      }
      const target = gradNames[src];
      const op = started.has(target) ? "+=" : "=";
      started.add(target);
      const text = owner === g.output && !seeded ? `${target} ${op} ${local}` : `${target} ${op} (${local}) * ${gradNames[owner]}`;
      backward.push({ text, node: owner, step: k });
    });
  }
  return { forward, backward };
}
