// What a program assigns, read from its text: editing an input's assignment must win over its slider.

const ASSIGNMENT = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=(?!=)(.*)$/u;

/** name -> the text right of `=` (comments dropped, blanks collapsed), for every `name = ...` statement. */
export function assignments(text) {
  const found = new Map();
  for (const line of String(text ?? "").split("\n")) {
    for (const statement of line.replace(/#.*/, "").split(";")) {
      const match = ASSIGNMENT.exec(statement);
      if (match && !found.has(match[1])) found.set(match[1], match[2].replace(/\s+/g, " ").trim());
    }
  }
  return found;
}

/**
 * The input values to keep after the program text changes from `before` to `after`.
 *
 * A value set by a slider (or a link) overrides the program's literal, so `x = 3` typed or pasted over a
 * program whose x slider says -2 would otherwise compute with -2. Values of names whose assignment is new or
 * changed are dropped, so the text wins; values of names whose line did not change (or that are never
 * assigned, as in `(x+y)*z`) stay. List elements (`w[0]`) follow their list's assignment.
 */
export function valuesAfterEdit(values, before, after) {
  const old = assignments(before);
  const now = assignments(after);
  // Built from entries, never by assignment: an input named `__proto__` keeps its value.
  return Object.fromEntries(
    Object.entries(values || {}).filter(([name]) => {
      const base = name.replace(/\[\d+\]$/, "");
      return !(now.has(base) && now.get(base) !== old.get(base));
    }),
  );
}
