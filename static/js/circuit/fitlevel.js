// Which level of detail a circuit opens at when its link says `grp=auto`. Whole, if every gate and wire label
// fits the circuit's box of a 1280×720 screen with its numbers at 12 px; else with its groups collapsed, if that
// fits. When neither fits, a teaching-size circuit stays whole (it pans) and a big one is collapsed (fewer gates
// to pan over and to step through). The box is fixed rather than the screen at hand, so a shared link opens the
// same drawing, and the same steps, on a phone, a laptop and a projector (where the camera follows the step).

import { collapseGraph } from "./collapse.js";
import { layoutCircuit } from "./layout.js";
import { buildScene } from "./scene.js";

// The circuit's box at 1280×720 less the fit's margins, divided by the smallest legible scale (12 px / 13 px).
// tests/test_browser_compact.py holds it to the page.
export const REFERENCE_BOX = Object.freeze({ width: 799, height: 600 });
// Past this many gates a circuit that fits at neither level opens collapsed.
export const BIG_CIRCUIT_GATES = 40;
// No gate is drawn smaller than 28 px across and no wire's two numbers take less than 30 × 32 px.
const LEAST_GATE_AREA = 28 * 28;
const LEAST_LABEL_AREA = 30 * 32;

const decided = new WeakMap();

/** True when `graph` (an answer with `collapsible` groups) should open whole; decided once per answer. */
export function opensWhole(graph, options) {
  if (!decided.has(graph)) decided.set(graph, decide(graph, options));
  return decided.get(graph);
}

function decide(graph, options) {
  if (fits(graph, options)) return true;
  const all = new Set((graph.collapsible || []).map((group) => group.node));
  if (fits(collapseGraph(graph, all), options)) return false;
  return gateCount(graph) <= BIG_CIRCUIT_GATES;
}

function gateCount(graph) {
  let gates = 0;
  for (const node of graph.nodes) if (node.kind === "gate") gates += 1;
  return gates;
}

/** True when `graph`, drawn as it is, fits REFERENCE_BOX at 1:1. */
export function fits(graph, options) {
  const { width, height } = REFERENCE_BOX;
  // A lower bound on the area the drawing needs: no layout of a circuit this big can fit, so none is tried.
  if (gateCount(graph) * LEAST_GATE_AREA + graph.edges.length * LEAST_LABEL_AREA > width * height) return false;
  const layout = layoutCircuit(graph, buildScene(graph, options).sizes);
  return layout.width <= width && layout.height <= height;
}
