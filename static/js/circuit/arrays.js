// Array wires, the scene's side: what a vector or matrix label shows (its shape, a compact matrix of numbers
// or a heatmap thumbnail) and how much room it needs. Pure functions; the renderer paints the descriptors.

import { formatNumber } from "../shared/format.js";
import { ARRAY_GAP as GAP, BRACKET, CELL_GAP } from "./arraypaint.js";
import { FONT_SIZE } from "./render.js";

// Up to this many rows and columns a wire shows its numbers; a bigger array is a heatmap thumbnail.
export const SMALL_SIDE = 4;
export const LINE = FONT_SIZE + 2;
const THUMB_SIDE = 84; // the longer side of a heatmap thumbnail, in drawing units
const MAX_CELL = 12;

/** True for the shape of a vector or a matrix (a number's shape is [] or missing). */
export function isArrayShape(shape) {
  return Array.isArray(shape) && shape.length > 0;
}

/** `5×10` for a matrix, `3` for a vector. */
export function shapeText(shape) {
  return isArrayShape(shape) ? shape.join("\u00d7") : "";
}

/** A vector is drawn as one row; a matrix as its rows. */
export function gridShape(shape) {
  return shape.length === 1 ? [1, shape[0]] : [shape[0], shape[1]];
}

/** The numbers as rows, whatever the rank. */
export function asRows(nested, shape) {
  if (!Array.isArray(nested)) return [[nested]];
  return shape.length === 1 ? [nested] : nested;
}

export function isSmall(shape) {
  const [rows, cols] = gridShape(shape);
  return rows <= SMALL_SIDE && cols <= SMALL_SIDE;
}

/** The size of one heatmap cell, so the thumbnail's longer side is about THUMB_SIDE. */
export function thumbnailCell(shape) {
  const [rows, cols] = gridShape(shape);
  return Math.max(1, Math.min(MAX_CELL, Math.floor(THUMB_SIDE / Math.max(rows, cols))));
}

/** The largest absolute entry (a loop: spreading thousands of numbers into Math.max overflows the stack). */
export function largestAbs(rows) {
  let largest = 0;
  for (const row of rows) for (const entry of row) if (Math.abs(entry) > largest) largest = Math.abs(entry);
  return largest;
}

/** `[1, 2]` for a matrix entry, `[2]` for a vector's. */
export function indexText(shape, row, col) {
  return shape.length === 1 ? `[${col}]` : `[${row}, ${col}]`;
}

/**
 * What the renderer paints for one side of an array wire: `{view, shape, text, rows, cells?, scale?, entry}`.
 * `name` prefixes the exact numbers shown on hover ("W[1, 2] = 0.4002"); `kind` is "value" or "grad".
 */
export function arrayLabel(nested, shape, { precision, name, kind, palette = "" }) {
  const rows = asRows(nested, shape);
  const text = shapeText(shape);
  const exact = Math.max(4, precision);
  const entry = (row, col) => `${name}${indexText(shape, row, col)} = ${formatNumber(rows[row][col], exact)}`;
  if (isSmall(shape)) {
    const cells = rows.map((row) => row.map((value) => formatNumber(value, precision)));
    return { view: "matrix", kind, shape, text, rows, cells, entry };
  }
  const largest = largestAbs(rows);
  const scaleText = `\u00b1${formatNumber(largest, precision)}`;
  return { view: "heatmap", kind, shape, text, rows, cell: thumbnailCell(shape), scale: largest, entry, scaleText, palette };
}

/** Column widths of a small matrix that fit both its values and its gradients. */
function columnWidths(blocks, measure) {
  const widths = [];
  for (const { rows, weight, italic } of blocks) {
    for (const row of rows) {
      row.forEach((text, col) => {
        widths[col] = Math.max(widths[col] || 0, measure(text, { weight, italic }));
      });
    }
  }
  return widths;
}

/**
 * The room an array wire's label needs (`{width, height}`, centred on the wire) and, for a small matrix, the
 * column widths both of its blocks share, so values and gradients line up.
 */
export function arrayLabelSize(edge, shape, { measure, precision }) {
  const [rows, cols] = gridShape(shape);
  const tag = measure(shapeText(shape), { size: FONT_SIZE - 2 }) + 6;
  if (isSmall(shape)) {
    const fmt = (nested) => asRows(nested, shape).map((row) => row.map((value) => formatNumber(value, precision)));
    // Gradients met on the way (a fan-out's partial sums) may be a digit wider than the final ones.
    const blocks = [
      { rows: fmt(edge.value), weight: "bold" },
      { rows: fmt(edge.gradient).map((row) => row.map((text) => `${text}0`)), italic: true },
    ];
    const widths = columnWidths(blocks, measure).map((width) => Math.ceil(width));
    const body = widths.reduce((sum, width) => sum + width, 0) + CELL_GAP * (cols - 1) + 2 * BRACKET + 4;
    return { width: Math.max(body, tag) + 6, height: 2 * (rows * LINE + LINE + GAP), columns: widths, block: rows * LINE };
  }
  const cell = thumbnailCell(shape);
  const scale = measure("\u00b1-0.00", { size: FONT_SIZE - 2 }) + 4;
  return { width: Math.max(cols * cell + scale, tag) + 8, height: 2 * (rows * cell + LINE + GAP + 2), block: rows * cell };
}
