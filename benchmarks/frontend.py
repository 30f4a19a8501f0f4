"""Front-end timings in headless Chromium: first drawing of a share link, layout + render, animation frames.

Run: python benchmarks/frontend.py [--runs 5] [--baseline-python PATH]. Starts its own server on a free
loopback port and Debian's /usr/bin/chromium. Prints medians and p95s next to their targets, and the ratio of
median to target. Also prints how the notes' four circuits and a 24-gate network read (wire crossings,
numbers over another wire or gate, wires through a σ frame) and the smallest wire number of big networks
opened fitted at 1280x720. The 5,000-gate network is timed from navigation to its first paint (target 1.5 s,
broken into its parts) and then zoomed and dragged about (frame time p95, target 17 ms; a run where the view
did not follow every input is marked INVALID). With --baseline-python (the interpreter of another checkout's
virtualenv, e.g. an older commit), the notes' navigation times, the big circuits' draw times and the
5,000-gate network's navigation and pan/zoom are measured side by side against that checkout's server
(interleaved run by run, so load on the machine falls on both alike).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from circuitgrad.app.examples import share_params  # noqa: E402
from circuitgrad.app.localserver import free_port, start_local_server  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from networks import network_program, neuron_program  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]

NOTES_LINKS = {
    name: share_params(f"notes-{name}") for name in ("add-mul", "sigmoid-neuron", "patterns", "staged")
}
LEGIBILITY_LINKS = {
    **NOTES_LINKS,
    "24-gate network": {"expr": neuron_program(), "sig": "1"},
    "the same, expanded": {"expr": neuron_program(), "sig": "1", "grp": "none"},
    "2-10-10-1 network": {"expr": network_program(samples=1, sizes=(2, 10, 10, 1))},
}
SIZES = (100, 500, 1000)
TARGETS_MS = {"navigation": 500, "update": 50, "render-500": 1000, "frame-p95": 17}

# A slider change: new values -> request -> wires updated (the "graph" event follows the repaint).
UPDATE = """async (x) => {
  const app = window.circuitgrad;
  const start = performance.now();
  await new Promise((resolve) => {
    app.bus.addEventListener("graph", resolve, { once: true });
    app.update({ v: { w0: 2, x0: x, w1: -3, x1: -2, w2: -3 } });
  });
  return performance.now() - start;
}"""

# Draw a graph the page has not seen and wait for the paint that follows (two animation frames).
DRAW = """async (graph) => {
  performance.clearMeasures();
  const start = performance.now();
  window.circuitgrad.show(graph);
  const built = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const phases = {};
  for (const entry of performance.getEntriesByType("measure")) {
    if (entry.name.startsWith("circuit-")) phases[entry.name.slice(8)] = entry.duration;
  }
  return {build: built - start, painted: performance.now() - start, phases};
}"""
PHASES = ("measure", "layout", "render", "paint", "listeners")

# Pure layout time, through the same module the page uses.
LAYOUT = """async ([graph, runs]) => {
  const { layoutCircuit } = await import("/static/js/circuit/layout.js");
  const { buildScene } = await import("/static/js/circuit/scene.js");
  const { createMeasurer } = await import("/static/js/circuit/render.js");
  const scene = buildScene(graph, { measure: createMeasurer(), precision: 2, t: (k) => k });
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    layoutCircuit(graph, scene.sizes);
    times.push(performance.now() - start);
  }
  return times;
}"""

# How the drawn circuit reads: legibility.js's counts on the layout of the page's graph and sizes. The
# module's text is evaluated in the page (not imported), so it measures an older checkout's drawing too.
LEGIBILITY = """async ([source]) => {
  const L = new Function(source.replaceAll("export ", "") +
    "; return { wireCrossings, labelClashes, wiresThroughGroups };")();
  const app = window.circuitgrad;
  const { layoutCircuit } = await import("/static/js/circuit/layout.js");
  const { buildScene } = await import("/static/js/circuit/scene.js");
  const { createMeasurer } = await import("/static/js/circuit/render.js");
  const scene = buildScene(app.graph, { measure: createMeasurer(), precision: 2, t: app.t });
  const layout = layoutCircuit(app.graph, scene.sizes);
  return {
    gates: app.graph.nodes.filter((n) => n.kind === "gate").length,
    crossings: L.wireCrossings(app.graph, layout),
    clashes: L.labelClashes(app.graph, layout, scene.sizes).length,
    through: L.wiresThroughGroups(app.graph, layout).length,
  };
}"""
LEGIBILITY_SOURCE = (ROOT / "static" / "js" / "circuit" / "legibility.js").read_text(encoding="utf-8")

# The smallest wire number's font size on screen, in CSS pixels: its computed size times the drawing's scale
# (what a student at the back of the room has to read).
SMALLEST_NUMBER = """() => {
  const sizes = [...document.querySelectorAll("text.wire-value")].filter((t) => t.textContent)
    .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return sizes.length ? Math.min(...sizes) : 0;
}"""

# How many weights and biases the collapsed groups hold instead of drawing them as wires.
HELD_PARAMETERS = """() => window.circuitgrad.graph.nodes
  .reduce((count, n) => count + (n.params?.length ?? 0), 0)"""
# The drawing's size at 1:1, before Fit scales it.
DRAWING_SIZE = """() => {
  const box = document.querySelector("#circuit svg g").getBBox();
  return [box.width, box.height];
}"""

# Whether the whole drawing is inside the circuit's box on screen.
FITS = """() => {
  const stage = document.querySelector("#circuit").getBoundingClientRect();
  const drawn = document.querySelector("#circuit svg g").getBoundingClientRect();
  return drawn.top >= stage.top - 1 && drawn.bottom <= stage.bottom + 1 &&
    drawn.left >= stage.left - 1 && drawn.right <= stage.right + 1;
}"""

# requestAnimationFrame deltas for `ms` milliseconds while `mode` drives the player.
FRAMES = """async ([ms, mode]) => {
  const app = window.circuitgrad;
  const player = app.player;
  player.seek(0);
  if (mode === "play") { player.setSpeed(4); player.play(); }
  const deltas = [];
  let last = performance.now();
  const end = last + ms;
  await new Promise((resolve) => {
    const tick = (now) => {
      deltas.push(now - last);
      last = now;
      if (mode === "seek-every-frame") player.seek((player.pos + 1) % (player.total + 1));
      if (now < end) requestAnimationFrame(tick); else resolve();
    };
    requestAnimationFrame(tick);
  });
  player.pause();
  return deltas.slice(2);
}"""


# Installed before a page's own scripts: when the view marks "circuit-ready", a frame callback and the task
# after it mark "circuit-painted" (the frame with the drawing has been produced), so a drawing that is ready
# but still waits for its first layout and paint is not counted as drawn. Works on any checkout's page.
PAINTED_MARK = """(() => {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, ...rest) => {
    const entry = mark(name, ...rest);
    if (name === "circuit-ready" && !performance.getEntriesByName("circuit-painted").length) {
      requestAnimationFrame(() => setTimeout(() => mark("circuit-painted"), 0));
    }
    return entry;
  };
})();"""

# Pan and zoom as a user does, through the drawing's own d3 handlers: each animation frame one wheel notch
# (out, then back in) or one step of a mouse drag (right and down, then back). Returns the frame deltas and,
# per frame, whether the view's transform changed, so that a view that ignores the input cannot pass.
PAN_ZOOM = """async ([ms]) => {
  const svg = document.querySelector("#circuit svg");
  const viewport = svg.querySelector("g.viewport");
  const box = svg.getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  const mouse = (type, dx, dy) => (type === "mousedown" ? svg : window).dispatchEvent(new MouseEvent(type, {
    bubbles: true, cancelable: true, view: window, button: 0, buttons: type === "mouseup" ? 0 : 1,
    clientX: x + dx, clientY: y + dy,
  }));
  const wheel = (deltaY) => svg.dispatchEvent(new WheelEvent("wheel", {
    bubbles: true, cancelable: true, view: window, deltaY, deltaMode: 0, clientX: x, clientY: y,
  }));
  const quarter = ms / 4;
  const deltas = [];
  const kinds = [];
  let changed = 0;
  let drag = null;
  let smallest = Infinity;
  let largest = 0;
  // What is on screen: the group's transform to the page, whatever element carries the movement.
  const shown = () => { const m = viewport.getScreenCTM(); return [m.a, m.e, m.f]; };
  const first = shown();
  let before = first;
  const start = performance.now();
  let last = start;
  await new Promise((resolve) => {
    const tick = (now) => {
      const after = shown();
      // The hand moves at a steady speed: one frame's worth at least, and at most 50 ms' worth per event.
      const elapsed = Math.min(Math.max(now - last, 1000 / 60), 50);
      if (kinds.length) {
        deltas.push(now - last);
        if (after.some((value, i) => Math.abs(value - before[i]) > 1e-6)) changed += 1;
      }
      const k = after[0];
      smallest = Math.min(smallest, k);
      largest = Math.max(largest, k);
      last = now;
      const phase = Math.floor((now - start) / quarter);
      if (phase >= 4) {
        if (drag) mouse("mouseup", drag.dx, drag.dy);
        resolve();
        return;
      }
      before = after;
      if (phase === 0 || phase === 2) {
        if (drag) { mouse("mouseup", drag.dx, drag.dy); drag = null; }
        wheel((phase === 0 ? 1.5 : -1.5) * elapsed); // 2^-3 a second, however many frames it takes
        kinds.push("zoom");
      } else {
        if (!drag) { drag = { dx: 0, dy: 0 }; mouse("mousedown", 0, 0); }
        const step = (phase === 1 ? 0.4 : -0.4) * elapsed; // 400 px a second
        drag.dx += step;
        drag.dy += step / 2;
        mouse("mousemove", drag.dx, drag.dy);
        kinds.push("pan");
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await new Promise((resolve) => setTimeout(resolve, 300)); // the movement settles
  return { deltas, changed, frames: kinds.length, smallest, largest, first: first.join(","),
           final: shown().join(","), elements: svg.querySelectorAll("*").length,
           settled: !svg.style.transform && !svg.classList.contains("is-moving") };
}"""


def program(gates: int, seed: int = 7) -> str:
    """A staged program of about `gates` gates over ten inputs, operands drawn from recent wires."""
    rng = random.Random(seed)
    names = [f"i{k}" for k in range(10)]
    lines = [f"{name} = {rng.uniform(-1, 1):.2f}" for name in names]
    count = 0
    while count < gates:
        a, b = rng.sample(names[-8:], 2)
        op = rng.choice(["add", "mul", "max", "mix"])
        name = f"t{len(lines)}"
        if op == "add":
            lines.append(f"{name}={a}+{b}")
            count += 1
        elif op == "mul":
            lines.append(f"{name}={a}*{b}")
            count += 1
        elif op == "max":
            lines.append(f"{name}=max({a},{b})")
            count += 1
        else:
            lines.append(f"{name}=0.5*({a}-{b})")
            count += 2
        names.append(name)
    return "\n".join(lines)


def percentile(values: list, q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def report(label: str, values: list, target: float | None = None) -> None:
    median = statistics.median(values)
    line = f"{label:<34} median {median:8.1f} ms   p95 {percentile(values, 0.95):8.1f} ms"
    if target:
        line += f"   target {target:>5} ms   median/target {median / target:5.2f}"
    print(line)


def measure_navigation(browser, base: str, runs: int) -> list:
    results = []
    for name, params in NOTES_LINKS.items():
        url = f"{base}/?{urlencode(params)}"
        times = []
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(url)
            page.wait_for_selector('.stage[data-ready="true"]', timeout=30000)
            times.append(page.evaluate("() => performance.getEntriesByName('circuit-ready')[0].startTime"))
            page.close()
        report(f"navigation → drawn: {name}", times, TARGETS_MS["navigation"])
        results.extend(times)
    return results


def measure_legibility(browser, base: str) -> None:
    print("how the circuits read (layout at the page's sizes):")
    for name, params in LEGIBILITY_LINKS.items():
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{base}/?{urlencode(params)}")
        page.wait_for_selector('.stage[data-ready="true"]', timeout=30000)
        counts = page.evaluate(LEGIBILITY, [LEGIBILITY_SOURCE])
        print(
            f"  {name:<18} {counts['gates']:>3} gates drawn: {counts['crossings']:>3} wire crossings, "
            f"{counts['clashes']:>3} numbers over another wire or gate, "
            f"{counts['through']:>2} wires through a σ frame"
        )
        page.close()


def measure_big_fit(browser, base: str) -> None:
    """Big networks opened fitted at 1280x720: time to drawn and the smallest wire number."""
    network = network_program(samples=1, sizes=(2, 10, 10, 1))
    cases = (("a 2-10-10-1 network", network, "auto"), ("the same, every group open", network, "none"))
    for label, expr, grp in cases:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{base}/?{urlencode({'expr': expr, 'grp': grp})}")
        page.wait_for_selector('.stage[data-ready="true"]', timeout=60000)
        ready = page.evaluate("() => performance.getEntriesByName('circuit-ready')[0]?.startTime ?? -1")
        gates = page.evaluate("() => window.circuitgrad.graph.nodes.filter((n) => n.kind === 'gate').length")
        steps = page.evaluate("() => window.circuitgrad.graph.steps.length")
        held = page.evaluate(HELD_PARAMETERS)
        trunks = page.evaluate("() => document.querySelectorAll('#circuit g.trunk').length")
        size = page.evaluate(DRAWING_SIZE)
        page.evaluate("() => window.circuitgrad.fit()")
        page.wait_for_timeout(300)
        smallest = page.evaluate(SMALLEST_NUMBER)
        fits = page.evaluate(FITS)
        verdict = "PASS" if smallest >= 12 and fits else "MISS"
        print(f"{label} ({gates} gates drawn, {steps} steps): drawn {ready:.0f} ms after navigation")
        print(f"  {held} parameters held inside their gates, {trunks} fan-outs labelled once on a trunk")
        print(f"  drawing {size[0]:.0f} x {size[1]:.0f} px at 1:1")
        shown = "is" if fits else "is NOT"
        numbers = f"wire numbers {smallest:.1f} px (target 12)"
        print(f"  after Fit the whole circuit {shown} in view, {numbers}: {verdict}")
        page.close()


GATES_DRAWN = "() => window.circuitgrad.graph.nodes.filter((n) => n.kind === 'gate').length"


# Where the time from navigation to the first paint goes: the page's answer (its size), the scripts and
# messages arriving, then the view's own measures ("circuit-*"; a checkout without one shows 0).
PARTS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? 0;
  const took = (name) => performance.getEntriesByName(name)[0]?.duration ?? 0;
  return {
    "page answered": nav.responseEnd, "page kB (gzip)": nav.transferSize / 1000,
    "page kB": nav.decodedBodySize / 1000, "scripts + messages in": at("circuit-messages"),
    "parse graph": took("circuit-parse"), collapse: took("circuit-collapse"),
    measure: took("circuit-measure"), layout: took("circuit-layout"), render: took("circuit-render"),
    "paint numbers": took("circuit-paint"),
    "ready → painted": at("circuit-painted") - at("circuit-ready"),
  };
}"""


def open_big(browser, base: str, expr: str):
    """A page opened from the link of `expr`, drawn; its navigation → ready and → painted times, and parts."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.add_init_script(PAINTED_MARK)
    page.goto(f"{base}/?{urlencode({'expr': expr})}")
    page.wait_for_selector('.stage[data-ready="true"]', timeout=60000)
    page.wait_for_function("() => performance.getEntriesByName('circuit-painted').length", timeout=60000)
    ready, painted = page.evaluate(
        "() => ['circuit-ready', 'circuit-painted'].map((n) => performance.getEntriesByName(n)[0].startTime)"
    )
    page.parts = page.evaluate(PARTS)
    return page, ready, painted


def measure_big_draw(browser, base: str, runs: int, baseline: str | None = None) -> None:
    """micrograd's demo network on 25 samples (about 5,000 gates) from a link: collapsed, then drawn.

    With a baseline checkout, the two are opened in turn, run by run, and their medians compared."""
    expr = network_program()
    urls = {"here": base, "baseline": baseline} if baseline else {"here": base}
    ready = {name: [] for name in urls}
    painted = {name: [] for name in urls}
    parts = {name: [] for name in urls}
    for run in range(max(3, runs)):
        for name in list(urls) if run % 2 == 0 else list(urls)[::-1]:
            page, marked, shown = open_big(browser, urls[name], expr)
            ready[name].append(marked)
            painted[name].append(shown)
            parts[name].append(page.parts)
            drawn = page.evaluate(GATES_DRAWN)
            page.close()
    answer = httpx.post(f"{base}/api/graph", json={"expr": expr}, timeout=60).json()
    gates = sum(node["kind"] == "gate" for node in answer["nodes"])
    print(f"a {gates}-gate network opened from a link, its groups collapsed ({drawn} gates drawn here):")
    for name in urls:
        suffix = "" if name == "here" else ", baseline"
        report(f"  navigation → ready (mark){suffix}", ready[name])
        report(f"  navigation → drawn (painted){suffix}", painted[name], 1500)
        medians = {part: statistics.median(run[part] for run in parts[name]) for part in parts[name][0]}
        print("    parts, medians: " + ", ".join(f"{part} {value:.0f}" for part, value in medians.items()))
    if baseline:
        ratio = statistics.median(painted["here"]) / statistics.median(painted["baseline"])
        print(f"  drawn here / drawn on the baseline: {ratio:5.2f}x")


def pan_zoom_frames(browser, base: str, seconds: float) -> dict:
    """Frame times while the 5,000-gate network, opened from a link, is zoomed and dragged about."""
    page, _, _ = open_big(browser, base, network_program())
    # The panels fill in after the first paint; the user's hand arrives after that.
    page.wait_for_selector('body[data-panels="ready"]', timeout=60000)
    page.wait_for_timeout(1000)
    result = page.evaluate(PAN_ZOOM, [int(seconds * 1000)])
    page.close()
    return result


def measure_big_pan_zoom(browser, base: str, seconds: float, baseline: str | None = None, runs: int = 2):
    """Pan and zoom frame times on the big network; with a baseline, both in turn and compared."""
    urls = {"here": base, "baseline": baseline} if baseline else {"here": base}
    results = {name: [] for name in urls}
    for run in range(runs):
        for name in list(urls) if run % 2 == 0 else list(urls)[::-1]:
            results[name].append(pan_zoom_frames(browser, urls[name], seconds))
    for name, found in results.items():
        deltas = [delta for result in found for delta in result["deltas"]]
        frames = sum(result["frames"] for result in found)
        changed = sum(result["changed"] for result in found)
        moved = changed == frames and all(result["first"] != result["final"] for result in found)
        moved = moved and all(r["smallest"] < 0.9 * r["largest"] and r["settled"] for r in found)
        smallest = min(result["smallest"] for result in found)
        largest = max(result["largest"] for result in found)
        where = "here" if name == "here" else "on the baseline"
        print(
            f"pan and zoom {where}, the same network ({found[0]['elements']} SVG elements): {frames} frames "
            f"in {runs} runs, the view moved in {changed}, scale {smallest:.2f}–{largest:.2f}"
        )
        report("  frame time, pan and zoom", deltas, TARGETS_MS["frame-p95"])
        p95 = percentile(deltas, 0.95)
        verdict = "PASS" if p95 < TARGETS_MS["frame-p95"] else "MISS"
        verdict = verdict if moved else "INVALID (the view did not follow every input)"
        print(f"{'':<34} p95/target {p95 / TARGETS_MS['frame-p95']:5.2f}: {verdict}")


def measure_update(browser, base: str, runs: int) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{base}/?{urlencode(NOTES_LINKS['sigmoid-neuron'])}")
    page.wait_for_selector('.stage[data-ready="true"]', timeout=30000)
    times = [page.evaluate(UPDATE, -1 + 0.01 * (i + 1)) for i in range(max(5, 4 * runs))]
    report("slider change → wires updated", times, TARGETS_MS["update"])
    page.close()


def measure_render(browser, base: str, runs: int) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(base + "/")
    page.wait_for_selector('.stage[data-ready="true"]', timeout=30000)
    for size in SIZES:
        response = httpx.post(f"{base}/api/graph", json={"expr": program(size)}, timeout=60)
        graph = response.json()
        if "error" in graph:
            print(f"{size} gates: the server refused the program: {graph['error']}")
            continue
        gates = sum(node["kind"] == "gate" for node in graph["nodes"])
        layout = page.evaluate(LAYOUT, [graph, max(1, runs // 2)])
        painted, built, phases = [], [], {name: [] for name in PHASES}
        for _ in range(runs):
            page.evaluate("() => window.circuitgrad.show({nodes: [], edges: [], steps: [], output: -1})")
            timing = page.evaluate(DRAW, graph)
            painted.append(timing["painted"])
            built.append(timing["build"])
            for name in PHASES:
                phases[name].append(timing["phases"].get(name, 0.0))
        target = TARGETS_MS["render-500"] if size == 500 else None
        report(f"layout only (warm): {gates} gates", layout)
        for name in PHASES:
            report(f"  phase {name}: {gates} gates", phases[name])
        report(f"draw, all listeners: {gates} gates", built)
        report(f"draw + browser paint: {gates} gates", painted, target)
    page.close()


def draw_times(page, base: str, size: int) -> list:
    """One draw + browser paint of `size` gates, on a page of `base` already open."""
    response = httpx.post(f"{base}/api/graph", json={"expr": program(size)}, timeout=60)
    graph = response.json()
    if "error" in graph:
        sys.exit(f"{size} gates: the server at {base} refused the program: {graph['error']}")
    page.evaluate("() => window.circuitgrad.show({nodes: [], edges: [], steps: [], output: -1})")
    return page.evaluate(DRAW, graph)["painted"]


def compare_draws(browser, base: str, baseline: str, runs: int) -> None:
    """Draw + paint of the big circuits here and on the baseline checkout, alternating run by run."""
    print("draw + browser paint, this checkout against the baseline (interleaved):")
    urls = {"here": base, "baseline": baseline}
    pages = {}
    for name, url in urls.items():
        pages[name] = browser.new_page(viewport={"width": 1280, "height": 720})
        pages[name].goto(url + "/")
        pages[name].wait_for_selector('[data-ready="true"]', timeout=30000)
    for size in SIZES:
        times = {"here": [], "baseline": []}
        for run in range(runs):
            for name in ("here", "baseline") if run % 2 == 0 else ("baseline", "here"):
                times[name].append(draw_times(pages[name], urls[name], size))
        here, then = statistics.median(times["here"]), statistics.median(times["baseline"])
        print(f"  {size:>5} gates: median {here:7.1f} ms here, {then:7.1f} ms baseline: {here / then:5.2f}x")
    for page in pages.values():
        page.close()


def measure_frames(browser, base: str, seconds: float) -> None:
    response = httpx.post(f"{base}/api/graph", json={"expr": program(100, seed=3)}, timeout=60)
    graph = response.json()
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(base + "/")
    page.wait_for_selector('.stage[data-ready="true"]', timeout=30000)
    page.evaluate("(graph) => window.circuitgrad.show(graph)", graph)
    for mode in ("play", "seek-every-frame"):
        page.evaluate("() => performance.clearMeasures('circuit-step')")
        deltas = page.evaluate(FRAMES, [int(seconds * 1000), mode])
        steps = page.evaluate("() => performance.getEntriesByName('circuit-step').map((e) => e.duration)")
        if steps:
            report(f"main-thread work per step, {mode}", steps)
        report(f"frame time, 100 gates, {mode}", deltas, TARGETS_MS["frame-p95"] if mode == "play" else None)
        print(f"{'':<34} p95/target {percentile(deltas, 0.95) / TARGETS_MS['frame-p95']:5.2f}")
    page.close()


def start_baseline(python: str, port: int):
    """`circuitgrad serve` of another checkout, run by that checkout's own interpreter."""
    import subprocess

    from circuitgrad.app.localserver import healthy

    argv = [python, "-m", "circuitgrad.app.cli", "serve", "--no-browser", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--log-level", "warning"]
    # Run from the interpreter's folder, so this checkout's files on the current directory are not imported.
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    proc = subprocess.Popen(argv, cwd=Path(python).parent, **quiet)
    deadline = time.monotonic() + 60
    while not healthy(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            sys.exit("the baseline server did not start")
        time.sleep(0.1)
    return proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each frame-time recording")
    parser.add_argument("--baseline-python", help="python of another checkout's virtualenv, to compare")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_local_server(port, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    baseline, baseline_server = None, None
    if args.baseline_python:
        baseline_port = free_port()
        baseline_server = start_baseline(args.baseline_python, baseline_port)
        baseline = f"http://127.0.0.1:{baseline_port}"
    started = time.monotonic()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            measure_navigation(browser, base, args.runs)
            if baseline:
                print("the same links on the baseline checkout:")
                measure_navigation(browser, baseline, args.runs)
                print("and once more on this checkout (so drift shows):")
                measure_navigation(browser, base, args.runs)
            measure_legibility(browser, base)
            if baseline:
                print("baseline checkout:")
                measure_legibility(browser, baseline)
            measure_big_fit(browser, base)
            measure_big_draw(browser, base, args.runs, baseline)
            measure_big_pan_zoom(browser, base, min(args.seconds, 10.0), baseline)
            measure_update(browser, base, args.runs)
            measure_render(browser, base, args.runs)
            if baseline:
                compare_draws(browser, base, baseline, max(args.runs, 6))
            measure_frames(browser, base, min(args.seconds, 10.0))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        if baseline_server:
            baseline_server.terminate()
            baseline_server.wait(timeout=10)
    print(f"total {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
