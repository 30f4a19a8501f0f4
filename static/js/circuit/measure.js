// The drawing's font, and text widths for the layout measured once per text and font.

export const FONT_SIZE = 13;
export const FONT_FAMILY = '"Helvetica Neue", Helvetica, Arial, "Noto Sans", "Noto Sans CJK SC", sans-serif';

/** Text widths from a canvas context: far cheaper than laying out SVG text for a thousand labels. */
export function createMeasurer(fontSize = FONT_SIZE, family = FONT_FAMILY) {
  const context = document.createElement("canvas").getContext("2d");
  const cache = new Map();
  let current = null;
  return (text, { size = fontSize, weight = "normal", italic = false } = {}) => {
    const font = `${italic ? "italic " : ""}${weight} ${size}px ${family}`;
    const key = `${font}|${text}`;
    if (!cache.has(key)) {
      // Setting a font parses it: thousands of labels in one font would parse it thousands of times.
      if (current !== font) context.font = current = font;
      cache.set(key, context.measureText(String(text)).width);
    }
    return cache.get(key);
  };
}
