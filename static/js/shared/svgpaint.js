// Paint values every SVG 1.1 renderer reads (librsvg, cairosvg, Inkscape, LaTeX's svg packages): colours as
// #rrggbb with a separate opacity, and font lists that end in fonts that exist everywhere.

const CHANNELS = /^(?:rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)|color\(srgb\s+([-\d.e]+)\s+([-\d.e]+)\s+([-\d.e]+)(?:\s*\/\s*([\d.]+%?))?\s*\))$/;
const UNSAFE_FAMILIES = /^(system-ui|-apple-system|BlinkMacSystemFont|ui-[\w-]+)$/i;
export const FALLBACK_FAMILIES = ["DejaVu Sans", "sans-serif"];

const hex2 = (channel) => Math.round(Math.min(255, Math.max(0, channel))).toString(16).padStart(2, "0");

function alphaOf(raw) {
  if (raw === undefined) return 1;
  return raw.endsWith("%") ? Number(raw.slice(0, -1)) / 100 : Number(raw);
}

/**
 * A computed colour (`rgb(…)`, `rgba(…)`, or CSS Color 4 `color(srgb …)`, which color-mix() computes to)
 * as {color: "#rrggbb", alpha}; anything else (`none`, `url(…)`, a name) is passed through with alpha 1.
 */
export function plainColor(value) {
  const match = CHANNELS.exec(String(value).trim());
  if (!match) return { color: value, alpha: 1 };
  const fromSrgb = match[5] !== undefined;
  const channels = fromSrgb ? match.slice(5, 8).map((c) => Number(c) * 255) : match.slice(1, 4).map(Number);
  const alpha = alphaOf(fromSrgb ? match[8] : match[4]);
  if (alpha === 0) return { color: "none", alpha: 1 };
  return { color: `#${channels.map(hex2).join("")}`, alpha };
}

/** A font list without browser-only names, ending in a font and a generic family every renderer has. */
export function exportFontFamily(list) {
  const families = String(list)
    .split(",")
    .map((family) => family.trim())
    .filter((family) => family && !UNSAFE_FAMILIES.test(family.replace(/["']/g, "")));
  const fallbacks = FALLBACK_FAMILIES.map((name) => name.toLowerCase());
  const kept = families.filter((family) => !fallbacks.includes(family.replace(/["']/g, "").toLowerCase()));
  const quoted = FALLBACK_FAMILIES.map((name) => (name.includes(" ") ? `'${name}'` : name));
  return [...kept.map((family) => family.replace(/"/g, "'")), ...quoted].join(", ");
}

// cairosvg draws each text in the first family of its list alone, with no fallback glyph by glyph, so a text
// in Chinese, Japanese or Korean names a CJK font first (Debian's fonts-noto-cjk); Chromium and librsvg follow.
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
const CJK_FAMILIES = { sans: "'Noto Sans CJK SC'", mono: "'Noto Sans Mono CJK SC'" };

/** The export's font list for one text: `exportFontFamily(list)`, led by a CJK font when `words` need one. */
export function fontFamilyFor(list, words) {
  const families = exportFontFamily(list);
  if (!CJK.test(String(words))) return families;
  const first = /mono/i.test(families) ? CJK_FAMILIES.mono : CJK_FAMILIES.sans;
  return [first, ...families.split(", ").filter((family) => family !== first)].join(", ");
}

/** A text's advance in ems, estimated: CJK characters are a full em wide, the others `narrow`. */
export function widthInEms(words, narrow) {
  return [...String(words)].reduce((sum, char) => sum + (CJK.test(char) ? 1 : narrow), 0);
}
