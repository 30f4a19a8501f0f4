// Comparing the page's marks on the drawing (view.setMarks), so that restating a mark costs no repaint.

/** The members of a mark that is a set; none for null or undefined (drawn alike); null for any other value. */
function members(value) {
  if (value instanceof Set) return value;
  return value === null || value === undefined ? new Set() : null;
}

/** Whether two values of one mark draw the same: equal, or sets with the same members (none = empty). */
export function sameMark(a, b) {
  if (a === b) return true;
  const [left, right] = [members(a), members(b)];
  if (!left || !right || left.size !== right.size) return false;
  for (const member of left) if (!right.has(member)) return false;
  return true;
}
