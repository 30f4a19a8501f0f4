// Which level of detail a circuit opens at when its link says `grp=auto`: whole, if every gate and wire label
// fits the circuit's box of a 1280×720 screen with its numbers at 12 px; else with its groups collapsed. The box
// is fixed rather than the screen at hand, so a shared link opens the same drawing, and the same steps, on a
// phone, a laptop and a projector (where the camera follows the step instead).

import { layoutCircuit } from "./layout.js";
import { buildScene } from "./scene.js";

// The circuit's box at 1280×720 less the fit's margins, divided by the smallest legible scale (12 px / 13 px).
// tests/test_browser_fitlevel.py holds it to the page.
export const REFERENCE_BOX = Object.freeze({ width: 799, height: 600 });
// No gate is drawn smaller than 28 px across and no wire's two numbers take less than 30 × 32 px.
const LEAST_GATE_AREA = 28 * 28;
const LEAST_LABEL_AREA = 30 * 32;

const decided = new WeakMap();

/** True when `graph`, drawn whole, fits REFERENCE_BOX at 1:1 (decided once per answer). */
export function fitsWhole(graph, options) {
  if (!decided.has(graph)) decided.set(graph, measureFit(graph, options));
  return decided.get(graph);
}

function measureFit(graph, options) {
  const { width, height } = REFERENCE_BOX;
  let gates = 0;
  for (const node of graph.nodes) if (node.kind === "gate") gates += 1;
  // A lower bound on the area the drawing needs: no layout of a circuit this big can fit, so none is tried.
  if (gates * LEAST_GATE_AREA + graph.edges.length * LEAST_LABEL_AREA > width * height) return false;
  const scene = buildScene(graph, options);
  const layout = layoutCircuit(graph, scene.sizes);
  return layout.width <= width && layout.height <= height;
}
