// Captions for steps on vectors and matrices: the dimension analysis in words ("dW = dD·Xᵀ: dD is 5×3, Xᵀ is
// 3×10, so dW is 5×10 like W"), the notes' advice for checking every gradient by its shape.

import { fillFormula } from "../shared/formula.js";
import { isArrayShape, shapeText } from "./arrays.js";

const size = (shape) => (shape || []).reduce((product, n) => product * n, 1);

/** True when the step works on an array: its gate's output or the input it hands a gradient to. */
export function isArrayStep(graph, step) {
  const byId = (id) => graph.nodes.find((node) => node.id === id);
  return isArrayShape(byId(step.node)?.shape) || (step.input !== undefined && isArrayShape(byId(step.input)?.shape));
}

/**
 * The caption of an array step, or null for a step on numbers. `names` = {wireName, gateName} from narrate.js,
 * so both speak of wires alike.
 */
export function arrayCaption(graph, step, { t, f, wireName, gateName }) {
  if (step.phase !== "seed" && !isArrayStep(graph, step)) return null;
  const node = graph.nodes.find((candidate) => candidate.id === step.node);
  const shapeOf = (id) => graph.nodes.find((candidate) => candidate.id === id)?.shape;
  const said = (shape) => (isArrayShape(shape) ? shapeText(shape) : t("narration.arr_number"));
  if (step.phase === "seed") {
    return isArrayShape(node?.shape) ? t("narration.arr_seed", { f, shape: said(node.shape) }) : null;
  }
  const name = wireName(graph, step.node);
  if (step.phase === "forward") {
    const [a, b] = node.inputs;
    if (step.gate === "matmul") {
      const params = { name, a: wireName(graph, a), b: wireName(graph, b), shape: said(node.shape) };
      params.expr = `${params.a}.dot(${params.b})`;
      return t("narration.arr_forward_matmul", { ...params, a_shape: said(shapeOf(a)), b_shape: said(shapeOf(b)) });
    }
    const operands = node.inputs.map((id) => wireName(graph, id));
    const formula = step.gate === "broadcast" ? `${operands[0]} \u2192 ${said(node.shape)}` : fillFormula(node.formula?.text, operands);
    return t("narration.arr_forward", { gate: gateName(step.gate, step.label), name, formula, shape: said(node.shape) });
  }
  const inShape = shapeOf(step.input);
  const params = {
    gate: gateName(step.gate, step.label),
    x: wireName(graph, step.input),
    q: name,
    shape: said(inShape),
    up_shape: said(node.shape),
  };
  let key = "narration.arr_elementwise";
  if (step.gate === "matmul") {
    const otherId = node.inputs[step.port === 0 ? 1 : 0];
    const otherShape = shapeOf(otherId) || [];
    params.other = wireName(graph, otherId);
    params.other_t_shape = said([...otherShape].reverse());
    key = step.port === 0 ? "narration.arr_matmul_a" : "narration.arr_matmul_b";
  } else if (step.gate === "transpose") key = "narration.arr_transpose";
  else if (step.gate === "broadcast") key = "narration.arr_broadcast";
  else if (step.gate === "mean") {
    params.n = String(size(inShape) / size(node.shape));
    key = "narration.arr_mean";
  } else if (step.gate === "sum") {
    const axis = /axis\s*(\d)/.exec(step.label || "")?.[1];
    params.axis = axis ?? "";
    key = axis === undefined ? "narration.arr_sum" : "narration.arr_sum_axis";
  }
  let text = t(key, params);
  // A Chinese full stop takes no space after it (narrate.js joinSentences).
  if (step.accumulates) text = `${text}${/。$/.test(text) ? "" : " "}${t("narration.arr_accumulates", params)}`;
  return text;
}
