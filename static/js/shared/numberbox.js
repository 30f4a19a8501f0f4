// What a typed number box says: a number (with the minus sign the captions print), or nothing the page
// should guess at. "1,5" is refused, not read as 15 or 1.5: a number box takes a decimal point.

const MINUS = /[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** The number a box's text means, or null when it is not a plain decimal number. */
export function parseBoxNumber(text) {
  const cleaned = String(text ?? "")
    .trim()
    .replace(MINUS, "-");
  if (!DECIMAL.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}
