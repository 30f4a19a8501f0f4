// The program editor: a textarea with line numbers, a mirror behind it for the error underline and the
// highlighted source span, and a debounced recompute as you type.

import { el } from "../shared/dom.js";
import { errorRange, lineCount, spanRange } from "../shared/textspan.js";

const DEBOUNCE_MS = 150;

/** Builds the editor around the template's `#editor` textarea and `#error` line in `panel`; returns its API. */
export function createEditor(panel, { t, onChange, onEscape = () => {} }) {
  const textarea = panel.querySelector("#editor");
  const errorBox = panel.querySelector("#error");
  errorBox.setAttribute("role", "status");
  errorBox.setAttribute("aria-live", "polite");

  const frame = el("div", { class: "editor-frame" });
  const gutterBox = el("div", { class: "editor-gutter", "aria-hidden": "true" });
  const gutter = el("div", { class: "gutter-lines" });
  gutterBox.append(gutter);
  const body = el("div", { class: "editor-body" });
  const mirror = el("pre", { class: "editor-mirror", "aria-hidden": "true" });
  textarea.replaceWith(frame);
  body.append(mirror, textarea);
  frame.append(gutterBox, body);

  Object.assign(textarea, { spellcheck: false, wrap: "off" });
  textarea.setAttribute("autocapitalize", "off");
  textarea.setAttribute("autocomplete", "off");
  textarea.setAttribute("aria-label", t("editor.label"));
  textarea.setAttribute("aria-describedby", "error");

  let error = null; // {message, line, column} of the text as it is now
  let highlight = null; // a source span to mark while a gate is hovered
  let currentLine = null; // a line to mark while the animation is at its step (a student's backward line)
  const columns = []; // extra columns beside the line numbers (the backward lines' marks), scrolled with the text
  let timer = 0;

  function renderGutter() {
    const lines = lineCount(textarea.value);
    if (gutter.childElementCount !== lines) {
      gutter.replaceChildren(
        ...Array.from({ length: lines }, (_, i) => {
          return el("div", { class: "gutter-line", "data-line": i + 1 }, String(i + 1));
        }),
      );
    }
    const errorLine = error && Number.isFinite(error.line) ? String(error.line) : null;
    const markLines = highlight ? [highlight.line, highlight.end_line ?? highlight.line] : null;
    for (const el of gutter.children) {
      const n = Number(el.dataset.line);
      el.classList.toggle("has-error", el.dataset.line === errorLine);
      el.classList.toggle("is-linked", Boolean(markLines) && n >= markLines[0] && n <= markLines[1]);
      el.classList.toggle("is-current", n === currentLine);
    }
  }

  function piece(text, className, attrs) {
    return el("span", { class: className, ...attrs }, text || "\u00a0");
  }

  function renderMirror() {
    const text = textarea.value;
    const marks = [];
    if (error && Number.isFinite(error.line)) {
      const [start, end] = errorRange(text, error.line, error.column);
      marks.push({
        start,
        end,
        node: () =>
          piece(text.slice(start, end), "error-underline", {
            "data-line": error.line,
            "data-column": error.column,
            title: error.message,
          }),
      });
    }
    const range = highlight ? spanRange(text, highlight) : null;
    if (range && !marks.some((m) => m.start < range[1] && range[0] < m.end)) {
      marks.push({ start: range[0], end: range[1], node: () => piece(text.slice(...range), "src-highlight") });
    }
    marks.sort((a, b) => a.start - b.start);
    const parts = [];
    let at = 0;
    for (const mark of marks) {
      parts.push(document.createTextNode(text.slice(at, mark.start)), mark.node());
      at = mark.end;
    }
    // A trailing newline keeps the mirror as tall as the textarea when the text ends with "\n".
    parts.push(document.createTextNode(`${text.slice(at)}\n`));
    mirror.replaceChildren(...parts);
    syncScroll();
  }

  function syncScroll() {
    mirror.style.transform = `translate(${-textarea.scrollLeft}px, ${-textarea.scrollTop}px)`;
    gutter.style.transform = `translateY(${-textarea.scrollTop}px)`;
    for (const column of columns) column.style.transform = gutter.style.transform;
  }

  function fitHeight() {
    // Grow with the program (3 to 18 lines) so a staged program is visible without scrolling.
    textarea.rows = Math.min(18, Math.max(3, lineCount(textarea.value) + 1));
  }

  function render() {
    fitHeight();
    renderGutter();
    renderMirror();
    const located = error && Number.isFinite(error.line);
    errorBox.textContent = error ? t(located ? "editor.error_at" : "editor.error", { ...error }) : "";
    errorBox.hidden = !error;
    frame.classList.toggle("has-error", Boolean(error));
    textarea.setAttribute("aria-invalid", error ? "true" : "false");
  }

  textarea.addEventListener("input", () => {
    fitHeight();
    renderGutter();
    renderMirror();
    clearTimeout(timer);
    timer = setTimeout(() => onChange(textarea.value), DEBOUNCE_MS);
  });
  textarea.addEventListener("scroll", syncScroll);
  // Keys typed here are text, not page shortcuts (Tab still leaves the editor: no keyboard trap).
  textarea.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (event.key !== "Escape") return;
    event.preventDefault();
    onEscape(); // Esc leaves the editor for the player, so the keyboard never has to Tab through every gate
  });

  render();
  return {
    textarea,
    getText: () => textarea.value,
    /** Replaces the text (an example, the URL) without triggering a recompute. */
    setText(text) {
      if (textarea.value === text) return;
      clearTimeout(timer);
      textarea.value = text;
      error = null;
      render();
    },
    /** Marks an error at its 1-based line/column, or clears it with null. */
    setError(next) {
      // Every drawn circuit clears the error: with none shown, touching the editor would only cost a layout.
      if (!next && !error) return;
      error = next ? { message: String(next.message || ""), line: next.line, column: next.column ?? 1 } : null;
      render();
    },
    /** A column beside the line numbers whose content scrolls with the text; returns the element to fill. */
    addColumn(className) {
      const box = el("div", { class: `editor-column ${className}` });
      const lines = el("div", { class: "editor-column-lines" });
      box.append(lines);
      frame.insertBefore(box, body);
      columns.push(lines);
      syncScroll();
      return lines;
    },
    /** Where a 1-based line sits in the columns ({top, height} in px), or null past the end. */
    lineBox(line) {
      const row = gutter.children[line - 1];
      return row ? { top: row.offsetTop, height: row.offsetHeight } : null;
    },
    /** Marks one line's number (the animation is at its step), or clears it with null. */
    setCurrentLine(line) {
      currentLine = Number.isFinite(line) ? line : null;
      renderGutter();
    },
    /** Scrolls the text (never the page) so that a 1-based line is in view. */
    revealLine(line) {
      const row = gutter.children[line - 1];
      if (!row) return;
      const top = row.offsetTop - 8;
      const bottom = top + row.offsetHeight + 16;
      if (top < textarea.scrollTop) textarea.scrollTop = top;
      else if (bottom > textarea.scrollTop + textarea.clientHeight) textarea.scrollTop = bottom - textarea.clientHeight;
      syncScroll();
    },
    /** Marks a node's source span while it is hovered, or clears it with null. */
    setHighlight(span) {
      highlight = span || null;
      renderGutter();
      renderMirror();
    },
  };
}
