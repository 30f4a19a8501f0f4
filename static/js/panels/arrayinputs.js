// The inputs panel's row for a vector or matrix input: its name and shape, and its numbers read-only (a
// matrix is edited in the program, `W = [[1, 2], [3, 4]]`, or re-drawn with a new seed), its gradient below.

import { el } from "../shared/dom.js";

// A bigger array shows its top-left corner and says how much is left out.
const SHOWN_ROWS_PANEL = 4;
const SHOWN_COLS_PANEL = 5;

function rowsOf(nested, shape) {
  return shape.length === 1 ? [nested] : nested;
}

/** A read-only matrix of `nested` (at most `limit` rows × columns of it), each cell's full number as its title. */
export function matrixTable(nested, shape, fmt, className, [SHOWN_ROWS, SHOWN_COLS] = [SHOWN_ROWS_PANEL, SHOWN_COLS_PANEL]) {
  const rows = rowsOf(nested, shape);
  const table = el("table", { class: `matrix ${className}` });
  const cols = rows[0]?.length ?? 0;
  rows.slice(0, SHOWN_ROWS).forEach((row, r) => {
    const tr = el("tr", {});
    row.slice(0, SHOWN_COLS).forEach((value, c) => tr.append(el("td", { title: String(value), "data-row": r, "data-col": c }, fmt(value))));
    if (cols > SHOWN_COLS) tr.append(el("td", { class: "matrix-more" }, "\u2026"));
    table.append(tr);
  });
  if (rows.length > SHOWN_ROWS) {
    const tr = el("tr", {});
    tr.append(el("td", { class: "matrix-more", colspan: String(Math.min(cols, SHOWN_COLS) + (cols > SHOWN_COLS ? 1 : 0)) }, "\u22ee"));
    table.append(tr);
  }
  return table;
}

/** The row of an array input: `{row, gradient, update(input)}`; `gradient` is hidden until it is final. */
export function arrayInputRow(input, { t, fmt }) {
  const row = el("div", { class: "input-row is-array", "data-input": input.name });
  const head = el("div", { class: "input-array-head" });
  head.append(el("span", { class: "input-name" }, input.name), el("span", { class: "input-shape" }, input.shape.join("\u00d7")));
  const values = el("div", { class: "input-array-values", "aria-label": t("inputs.array_values", { name: input.name }) });
  const gradient = el("div", { class: "input-grad input-array-grad", title: t("inputs.gradient_title") });
  row.append(head, values, gradient);
  return {
    row,
    gradient,
    update(next) {
      values.replaceChildren(matrixTable(next.value, next.shape, fmt, "is-value"));
      gradient.replaceChildren(el("span", { class: "input-array-grad-name" }, `\u2202f/\u2202${next.name}`), matrixTable(next.gradient, next.shape, fmt, "is-grad"));
    },
  };
}
