// Number formatting for wires and captions: fixed decimals, no "-0.00", e-notation for huge or tiny values.

export const DEFAULT_PRECISION = 2;
export const MAX_PRECISION = 8;
const UNICODE_MINUS = "\u2212";
const HUGE = 1e6;

/** Clamp a precision to the supported 0..MAX_PRECISION integer range. */
export function clampPrecision(precision) {
  const p = Number(precision);
  if (!Number.isFinite(p)) return DEFAULT_PRECISION;
  return Math.min(MAX_PRECISION, Math.max(0, Math.round(p)));
}

/**
 * Format a number with `precision` decimals.
 * Wires use ASCII "-" (the DOM contract shows `-2.00`); captions ask for the typographic minus.
 * A number too small for the decimals is written in e-notation ("4.54e-5"), never as a false "0.00".
 */
export function formatNumber(value, precision = DEFAULT_PRECISION, { unicodeMinus = false } = {}) {
  if (value === null || value === undefined || typeof value !== "number" || Number.isNaN(value)) return "";
  if (!Number.isFinite(value)) return withMinus(value > 0 ? "\u221e" : "-\u221e", unicodeMinus);
  const p = clampPrecision(precision);
  const magnitude = Math.abs(value);
  const text = magnitude >= HUGE || roundsToZero(value, p) ? value.toExponential(exponentDigits(p)) : value.toFixed(p);
  return withMinus(text, unicodeMinus);
}

/** Whether a non-zero number would read as zero with `precision` decimals. */
export function roundsToZero(value, precision = DEFAULT_PRECISION) {
  return value !== 0 && Number(value.toFixed(clampPrecision(precision))) === 0;
}

// Significant digits after the point in e-notation: as many as the decimals, between 1 and 3.
function exponentDigits(precision) {
  return Math.max(1, Math.min(precision, 3));
}

/** Format for captions: the same digits with a typographic minus sign. */
export function formatCaption(value, precision = DEFAULT_PRECISION) {
  return formatNumber(value, precision, { unicodeMinus: true });
}

/** A compact literal for constants drawn in the circuit ("2", "0.5", "1e-8"). */
export function formatLiteral(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "";
  const text = String(Number(value.toPrecision(6)));
  return text;
}

function withMinus(text, unicodeMinus) {
  return unicodeMinus ? text.replace(/^-/, UNICODE_MINUS).replace(/e-/, "e" + UNICODE_MINUS) : text;
}

/**
 * "=" when the operands as shown combine to the result as shown, else "≈".
 *
 * Captions print every number as its wire shows it: 2 × 0.1966 = 0.3932 reads "2.00 × 0.20 ≈ 0.39", so the
 * rounding is said, not hidden behind extra digits that appear nowhere on the drawing.
 */
export function workedRelation(operands, result, combine, precision = DEFAULT_PRECISION) {
  const shown = (value) => Number(formatNumber(value, precision));
  if (![...operands, result].every((value) => typeof value === "number" && Number.isFinite(value))) return "=";
  const recombined = combine(...operands.map(shown));
  return formatNumber(recombined, precision) === formatNumber(result, precision) ? "=" : "\u2248";
}
