// Small DOM builders shared by the panels.

/** An HTML element with a class (optional) and a text. */
export function text(tag, className, content) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.textContent = content;
  return el;
}
