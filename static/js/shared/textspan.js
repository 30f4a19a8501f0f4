// Pure helpers that map 1-based line/column positions onto offsets in the editor's text.

/** Offsets at which each line starts (line 1 starts at 0). */
export function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "\n") starts.push(i + 1);
  }
  return starts;
}

/** Number of lines in the text (an empty text has one line). */
export function lineCount(text) {
  return lineStarts(text).length;
}

/** Offset of a 1-based line and column, clamped into the text. */
export function offsetOf(text, line, column) {
  const starts = lineStarts(text);
  const lineIndex = Math.min(Math.max(1, line | 0), starts.length) - 1;
  const lineEnd = lineIndex + 1 < starts.length ? starts[lineIndex + 1] - 1 : text.length;
  return Math.min(starts[lineIndex] + Math.max(1, column | 0) - 1, lineEnd);
}

const WORD = /[A-Za-z0-9_.]/;
const TWO_CHAR_OPERATORS = new Set(["**", "//", "+=", "-=", "*=", "/=", "==", "!=", "<=", ">="]);

/** End offset (exclusive) of the token at `offset`: a whole name or number, a two-character operator, else one character. */
export function tokenEnd(text, offset) {
  if (offset >= text.length || text[offset] === "\n") return offset;
  if (TWO_CHAR_OPERATORS.has(text.slice(offset, offset + 2))) return offset + 2;
  if (!WORD.test(text[offset])) return offset + 1;
  let end = offset;
  while (end < text.length && WORD.test(text[end])) end += 1;
  return end;
}

/** The [start, end) offsets an error at (line, column) should underline. */
export function errorRange(text, line, column) {
  const start = offsetOf(text, line, column);
  return [start, tokenEnd(text, start)];
}

/** The [start, end) offsets of a contract span `{line, column, end_line, end_column}`. */
export function spanRange(text, span) {
  if (!span) return null;
  const start = offsetOf(text, span.line, span.column);
  const end = offsetOf(text, span.end_line ?? span.line, span.end_column ?? span.column + 1);
  return end > start ? [start, end] : [start, tokenEnd(text, start)];
}

/** The text cut into [before, inside, after] around [start, end). */
export function splitText(text, start, end) {
  return [text.slice(0, start), text.slice(start, end), text.slice(end)];
}
