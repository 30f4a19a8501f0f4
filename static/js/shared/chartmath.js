// Pure maths for the small panels: slider ranges, chart scales, paths with gaps and the tangent line.

/** A symmetric slider range around zero that comfortably contains `value`. */
export function sliderRange(value) {
  const v = Number.isFinite(value) ? Math.abs(value) : 0;
  const reach = Math.max(5, Math.ceil(v * 2));
  return { min: -reach, max: reach, step: reach > 50 ? 0.1 : 0.01 };
}

/** A linear map from [d0, d1] onto [r0, r1]; a flat domain maps to the middle. */
export function linearScale(d0, d1, r0, r1) {
  const span = d1 - d0;
  if (!(Math.abs(span) > 0)) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const low = Math.floor(pos);
  const high = Math.ceil(pos);
  return sorted[low] + (sorted[high] - sorted[low]) * (pos - low);
}

/**
 * The y range to draw: all finite values, unless a pole makes the extremes dwarf the rest,
 * in which case the middle 90 % of values plus the current point is kept readable.
 */
export function yDomain(values, current) {
  const finite = values.filter((v) => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (Number.isFinite(current)) finite.push(current);
  if (finite.length === 0) return [-1, 1];
  finite.sort((a, b) => a - b);
  let lo = finite[0];
  let hi = finite[finite.length - 1];
  const innerLo = quantile(finite, 0.05);
  const innerHi = quantile(finite, 0.95);
  const inner = innerHi - innerLo;
  if (inner > 0 && hi - lo > 20 * inner) {
    lo = Math.min(innerLo - inner * 0.5, Number.isFinite(current) ? current : innerLo);
    hi = Math.max(innerHi + inner * 0.5, Number.isFinite(current) ? current : innerHi);
  }
  if (hi - lo < 1e-9) {
    const pad = Math.max(1, Math.abs(lo) * 0.1);
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

function fixed(v) {
  return Number(v.toFixed(2)).toString();
}

/** An SVG path through the points; a null or non-finite y breaks the line (a gap). */
export function pathWithGaps(xs, ys, sx, sy) {
  const parts = [];
  let drawing = false;
  for (let i = 0; i < xs.length; i += 1) {
    const y = ys[i];
    if (y === null || y === undefined || !Number.isFinite(y)) {
      drawing = false;
      continue;
    }
    parts.push(`${drawing ? "L" : "M"}${fixed(sx(xs[i]))},${fixed(sy(y))}`);
    drawing = true;
  }
  return parts.join("");
}

/** End points of the tangent line through (x0, f0) with the given slope, `fraction` of the x range wide. */
export function tangentSegment(x0, f0, slope, lo, hi, fraction = 0.35) {
  const half = ((hi - lo) * fraction) / 2;
  const a = x0 - half;
  const b = x0 + half;
  return [
    [a, f0 + slope * (a - x0)],
    [b, f0 + slope * (b - x0)],
  ];
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}
