"""Front-end timings in headless Chromium: first drawing of a share link, layout + render, animation frames.

Run: python benchmarks/frontend.py [--runs 5] [--baseline-python PATH]. Starts its own server on a free
loopback port and Debian's /usr/bin/chromium. Prints medians and p95s next to their targets, and the ratio of
median to target. Also prints how the notes' four circuits and a 24-gate network read (wire crossings,
numbers over another wire or gate, wires through a σ frame) and the smallest wire number of big networks
opened fitted at 1280x720. With --baseline-python (the interpreter of another checkout's virtualenv, e.g. an
older commit), the notes' navigation times and the big circuits' draw times are measured side by side against
that checkout's server (draws interleaved run by run, so load on the machine falls on both alike).
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
            f"  {name:<18} {counts['gates']:>3} gates: {counts['crossings']:>3} wire crossings, "
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


def measure_big_draw(browser, base: str, runs: int) -> None:
    """micrograd's demo network on 25 samples (about 5,000 gates) from a link: collapsed, then drawn."""
    expr = network_program()
    times = []
    for _ in range(max(3, runs)):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{base}/?{urlencode({'expr': expr})}")
        page.wait_for_selector('.stage[data-ready="true"]', timeout=60000)
        times.append(page.evaluate("() => performance.getEntriesByName('circuit-ready')[0]?.startTime ?? -1"))
        drawn = page.evaluate("() => window.circuitgrad.graph.nodes.filter((n) => n.kind === 'gate').length")
        page.close()
    answer = httpx.post(f"{base}/api/graph", json={"expr": expr}, timeout=60).json()
    gates = sum(node["kind"] == "gate" for node in answer["nodes"])
    print(f"a {gates}-gate network opened from a link, its groups collapsed ({drawn} gates drawn):")
    report("  navigation → drawn", times, 1500)


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
            measure_big_draw(browser, base, args.runs)
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
