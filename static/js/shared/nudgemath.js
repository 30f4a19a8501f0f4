// The notes' intuitive reading of the gradient: move every input a little along its own partial
// derivative (x += h·∂f/∂x) and f rises by about h·|∇f|², the first-order term of its Taylor series.

export const MAX_STEP = 1;

/** The step h from the page's box, or null when it is not a number in (0, MAX_STEP]. */
export function parseStep(raw) {
  const text = String(raw).trim();
  if (!/^[-+0-9.eE]+$/.test(text)) return null;
  const h = Number(text);
  return Number.isFinite(h) && h > 0 && h <= MAX_STEP ? h : null;
}

/**
 * The nudged values of a graph's inputs ({name: value}) and the rise it predicts, h·|∇f|²; null when an
 * input is not a single number (an array input) or a gradient is not finite.
 */
export function nudge(inputs, h) {
  const values = {};
  let squared = 0;
  for (const { name, value, gradient } of inputs || []) {
    if (typeof value !== "number" || typeof gradient !== "number" || !Number.isFinite(gradient)) return null;
    values[name] = value + h * gradient;
    squared += gradient * gradient;
  }
  return { values, predicted: h * squared };
}
