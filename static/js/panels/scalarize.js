// The notes' "small explicit example": a small matrix product written out as the scalar program it stands
// for, so the page draws its multiplies and sums one by one and every entry of dW = dD·Xᵀ shows as a wire.

// Up to 4×4 operands, as the drawing shows numbers up to 4×4: 64 multiplies at most.
const LARGEST_SIDE = 4;

/** Whether the gate is a matrix product small enough to write out element by element. */
export function canScalarize(graph, node) {
  if (node?.gate !== "matmul") return false;
  return node.inputs.every((id) => {
    const shape = graph.nodes.find((n) => n.id === id)?.shape || [];
    return shape.length > 0 && shape.every((side) => side <= LARGEST_SIDE);
  });
}

/** A name for a wire's entries: its own when it is a short plain name, else `fallback`. */
function baseName(node, fallback, taken) {
  const own = /^[A-Za-z_][A-Za-z_]{0,5}$/.test(node?.name || "") ? node.name : fallback;
  return taken.includes(own) || own === "f" ? `${fallback}${taken.length}` : own;
}

/**
 * One operand as a grid with each entry's name: a matrix by row and column (W01), a vector (numpy's dot
 * takes it as a row on the left, a column on the right) by its one index (b1).
 */
function grid(node, name, side) {
  if (node.shape.length === 2) return node.value.map((row, r) => row.map((v, c) => ({ v, name: `${name}${r}${c}` })));
  const cells = node.value.map((v, k) => ({ v, name: `${name}${k}` }));
  return side === "left" ? [cells] : cells.map((cell) => [cell]);
}

/**
 * The scalar program of a matrix product gate, with the operands' numbers written in and the output weighted
 * by the upstream gradient the gate received, so each entry's gradient is the matrix circuit's.
 */
export function scalarProgram(graph, node) {
  const [a, b] = node.inputs.map((id) => graph.nodes.find((n) => n.id === id));
  const taken = [];
  taken.push(baseName(a, "A", taken));
  taken.push(baseName(b, "B", taken));
  const out = baseName(node, "D", taken);
  const [left, right] = [grid(a, taken[0], "left"), grid(b, taken[1], "right")];
  const lines = [
    `# ${taken[0]}.dot(${taken[1]}) entry by entry: ${a.shape.join("\u00d7")} times ${b.shape.join("\u00d7")}`,
    ...left.flat().map((cell) => `${cell.name} = ${cell.v}`),
    ...right.flat().map((cell) => `${cell.name} = ${cell.v}`),
  ];
  // Entry (i, j) of the product in numpy's output shape: by row and column, or by one index for a vector.
  const index = (i, j) => {
    if (a.shape.length === 2 && b.shape.length === 2) return [i, j];
    if (a.shape.length === 2) return [i];
    return b.shape.length === 2 ? [j] : [];
  };
  const at = (nested, place) => place.reduce((inner, k) => inner[k], nested);
  const terms = [];
  left.forEach((row, i) =>
    right[0].forEach((_, j) => {
      const place = index(i, j);
      const target = `${out}${place.join("")}`;
      lines.push(`${target} = ${row.map((cell, k) => `${cell.name}*${right[k][j].name}`).join(" + ")}`);
      const weight = at(node.gradient, place);
      terms.push(weight === 1 ? target : `${weight}*${target}`);
    }),
  );
  // The upstream gradient enters as the weights of a sum, so ∂f/∂(each entry) is exactly what the gate received.
  lines.push(`f = ${terms.join(" + ")}`);
  return `${lines.join("\n")}\n`;
}
