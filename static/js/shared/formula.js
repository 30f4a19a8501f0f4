// A gate's formula as the server sends it (node.formula: text and LaTeX templates with #0, #1 for the
// operands, engine/gates.py), filled with names or numbers. No label is ever taken apart here.

/** `template` with each `#i` replaced by `operands[i]`; an operand already in brackets gets no second pair. */
export function fillFormula(template, operands) {
  return String(template ?? "").replace(/(\()?#(\d)(\))?/g, (whole, open, index, close) => {
    const operand = String(operands[Number(index)] ?? "?");
    if (open && close && isBracketed(operand)) return operand;
    return `${open ?? ""}${operand}${close ?? ""}`;
  });
}

/** `(…)` or LaTeX's `\left(…\right)` around the whole text. */
function isBracketed(text) {
  return /^\\left\(.*\\right\)$/.test(text) || /^\([^()]*\)$/.test(text);
}
