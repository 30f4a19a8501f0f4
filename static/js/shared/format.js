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

/**
 * Decimals for the operands of a worked sum or product, so the shown operands give the shown result.
 *
 * Rounded to 2 decimals, 2 × 0.1966 = 0.3932 reads "2.00 × 0.20 = 0.39", which looks like a slip. Operands get
 * up to four more decimals until `combine` of the shown operands rounds to the shown result.
 */
export function operandPrecision(operands, result, combine, precision = DEFAULT_PRECISION) {
  const p = clampPrecision(precision);
  const values = [...operands, result];
  if (values.some((v) => typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) >= HUGE)) return p;
  const shown = Number(result.toFixed(p));
  for (let digits = p; digits <= p + 4; digits += 1) {
    const rounded = operands.map((v) => Number(v.toFixed(digits)));
    if (Number(combine(...rounded).toFixed(p)) === shown) return digits;
  }
  return p;
}

/**
 * A number with `digits` decimals (typographic minus unless told otherwise), dropping the extra ones beyond `precision` where they are zeros,
 * so an exact 2 stays "2.00" next to a widened "0.197".
 */
export function formatOperand(value, digits, precision = DEFAULT_PRECISION, { unicodeMinus = true } = {}) {
  const p = clampPrecision(precision);
  let text = formatNumber(value, Math.max(p, digits), { unicodeMinus });
  if (digits > p && !/e/.test(text)) {
    const keep = text.indexOf(".") + 1 + p;
    text = text.slice(0, keep) + text.slice(keep).replace(/0+$/, "");
    if (p === 0) text = text.replace(/\.$/, "");
  }
  return text;
}
