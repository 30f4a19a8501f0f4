// Number formatting for wires and captions: fixed decimals, no "-0.00", exponent for huge or tiny values.

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
 */
export function formatNumber(value, precision = DEFAULT_PRECISION, { unicodeMinus = false } = {}) {
  if (value === null || value === undefined || typeof value !== "number" || Number.isNaN(value)) return "";
  if (!Number.isFinite(value)) return withMinus(value > 0 ? "\u221e" : "-\u221e", unicodeMinus);
  const p = clampPrecision(precision);
  const magnitude = Math.abs(value);
  let text;
  if (magnitude >= HUGE) {
    text = value.toExponential(Math.max(1, Math.min(p, 3)));
  } else {
    text = value.toFixed(p);
    // Rounding to zero must not leave a stray sign ("-0.00").
    if (Number(text) === 0) text = (0).toFixed(p);
  }
  return withMinus(text, unicodeMinus);
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
