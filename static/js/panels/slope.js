// "The derivative is the slope": f against one input over a range, with the tangent at the current point.

import { sliderRange, linearScale, niceTicks, pathWithGaps, tangentSegment, yDomain } from "../shared/chartmath.js";
import { svgEl as svg, text } from "../shared/dom.js";

const WIDTH = 280;
const HEIGHT = 180;
const MARGIN = { top: 16, right: 12, bottom: 26, left: 40 };

/** Draws the chart into a fresh <svg>; `curve` is the /api/curve answer. */
export function drawChart(curve, point, { fmt, xName }) {
  const { x: xs, f: ys } = curve;
  const lo = xs[0];
  const hi = xs[xs.length - 1];
  const [y0, y1] = yDomain(ys, point.f);
  const sx = linearScale(lo, hi, MARGIN.left, WIDTH - MARGIN.right);
  const sy = linearScale(y0, y1, HEIGHT - MARGIN.bottom, MARGIN.top);
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "slope-svg",
    role: "img",
  });
  const clipId = "slope-clip";
  const defs = svg("defs");
  const clip = svg("clipPath", { id: clipId });
  clip.append(
    svg("rect", {
      x: MARGIN.left,
      y: MARGIN.top,
      width: WIDTH - MARGIN.left - MARGIN.right,
      height: HEIGHT - MARGIN.top - MARGIN.bottom,
    }),
  );
  defs.append(clip);
  root.append(defs);

  const axes = svg("g", { class: "slope-axes" });
  for (const tick of niceTicks(lo, hi, 5)) {
    axes.append(
      svg("line", { x1: sx(tick), x2: sx(tick), y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, class: "slope-grid" }),
      svg("text", { x: sx(tick), y: HEIGHT - MARGIN.bottom + 16, class: "slope-tick", "text-anchor": "middle" }, String(tick)),
    );
  }
  for (const tick of niceTicks(y0, y1, 4)) {
    axes.append(
      svg("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: sy(tick), y2: sy(tick), class: "slope-grid" }),
      svg("text", { x: MARGIN.left - 6, y: sy(tick) + 4, class: "slope-tick", "text-anchor": "end" }, String(tick)),
    );
  }
  axes.append(
    svg("text", { x: WIDTH - MARGIN.right, y: HEIGHT - 4, class: "slope-axis-label", "text-anchor": "end" }, xName),
    svg("text", { x: MARGIN.left - 6, y: MARGIN.top - 5, class: "slope-axis-label", "text-anchor": "end" }, "f"),
  );
  root.append(axes);

  const plot = svg("g", { "clip-path": `url(#${clipId})` });
  plot.append(svg("path", { d: pathWithGaps(xs, ys, sx, sy), class: "slope-curve" }));
  if (Number.isFinite(point.f) && Number.isFinite(point.slope)) {
    const [[ax, ay], [bx, by]] = tangentSegment(point.x, point.f, point.slope, lo, hi);
    plot.append(svg("line", { x1: sx(ax), y1: sy(ay), x2: sx(bx), y2: sy(by), class: "slope-tangent" }));
    plot.append(svg("circle", { cx: sx(point.x), cy: sy(point.f), r: 4.5, class: "slope-point" }));
  }
  root.append(plot);
  root.setAttribute("aria-label", `f(${xName}) = ${fmt(point.f)}, slope ${fmt(point.slope)}`);
  return root;
}

/** The slope box: a chooser of the input and the chart; `update(graph, selected)`. */
export function createSlope(box, { t, fmt, fetchCurve, onSelect }) {
  const chooser = document.createElement("select");
  chooser.id = "slope-input";
  chooser.setAttribute("aria-label", t("slope.choose"));
  const chart = document.createElement("div");
  chart.id = "slope-chart";
  const caption = text("p", "slope-caption", "");
  box.replaceChildren(text("h2", "cg-title", t("slope.title")), chooser, chart, caption);
  chooser.addEventListener("change", () => onSelect(chooser.value || null));

  const ranges = new Map();
  let inFlight = false;
  let pending = null;
  let shown = 0;
  let issued = 0;

  function fillChooser(graph, selected) {
    const names = (graph?.inputs || []).map((i) => i.name);
    const key = names.join(",");
    if (chooser.dataset.names !== key) {
      chooser.dataset.names = key;
      const none = new Option(t("slope.none"), "");
      chooser.replaceChildren(none, ...names.map((n) => new Option(n, n)));
    }
    chooser.value = selected && names.includes(selected) ? selected : "";
  }

  async function draw(job) {
    inFlight = true;
    const mine = ++issued;
    try {
      const curve = await fetchCurve(job.request);
      if (mine > shown) {
        shown = mine;
        chart.replaceChildren(drawChart(curve, job.point, { fmt, xName: job.name }));
        caption.textContent = t("slope.caption", { name: job.name, slope: fmt(job.point.slope), x: fmt(job.point.x) });
        box.dataset.ready = "true";
      }
    } catch (error) {
      chart.replaceChildren(text("p", "panel-empty", error?.message || t("slope.failed")));
      box.dataset.ready = "true";
    } finally {
      inFlight = false;
      if (pending) {
        const next = pending;
        pending = null;
        draw(next);
      }
    }
  }

  return {
    update(graph, selected, request) {
      fillChooser(graph, selected);
      const input = (graph?.inputs || []).find((i) => i.name === selected);
      if (!input) {
        box.dataset.ready = "true";
        chart.replaceChildren(text("p", "panel-empty", t("slope.hint")));
        caption.textContent = "";
        return;
      }
      box.dataset.ready = "false";
      // The range stays put while the value moves inside it, so a drag moves the point along the curve.
      let range = ranges.get(input.name);
      if (!range || input.value < range.lo || input.value > range.hi) {
        const { min, max } = sliderRange(input.value);
        range = { lo: min, hi: max };
        ranges.set(input.name, range);
      }
      const { lo, hi } = range;
      const job = {
        name: input.name,
        point: { x: input.value, f: graph.value, slope: input.gradient },
        request: { ...request, input: input.name, lo, hi, points: 241 },
      };
      // One request at a time; while one runs, only the newest waiting one survives (slider drags).
      if (inFlight) pending = job;
      else draw(job);
    },
  };
}
