"""A lecture hall on loopback: N students open a share link, then drag sliders against `circuitgrad serve`.

Each simulated student opens a share link (GET /?expr=…), then alternates between dragging a slider (one
POST /api/graph per slider position, the next sent when the previous answered and at most every
--drag-interval-ms) and pausing to look. Bounded: --seconds of load, --students coroutines, a fixed pool of
--connections. Prints requests served, errors, latency percentiles, and the server's memory (all processes)
at the start, after warm-up and at the end. Targets: zero errors, p99 < 100 ms, memory flat.

    python benchmarks/load.py                    # 200 students, 60 s, `circuitgrad serve --workers 2`
    python benchmarks/load.py --seconds 10 --students 50
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# The notes' circuits, as teachers share them; each student gets one and drags one of its inputs.
SHARE_LINKS = [
    ("(x+y)*z", {"x": -2.0, "y": 5.0, "z": -4.0}),
    ("1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}),
    (
        "x = 3 # example values\ny = -4\n"
        "sigy = 1.0 / (1 + math.exp(-y))\nnum = x + sigy\nsigx = 1.0 / (1 + math.exp(-x))\n"
        "xpy = x + y\nxpysqr = xpy**2\nden = sigx + xpysqr\ninvden = 1.0 / den\nf = num * invden",
        {"x": 3.0, "y": -4.0},
    ),
    ("2*(x*y + max(z,w))", {"x": 3.0, "y": -4.0, "z": 2.0, "w": -1.0}),
]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "graph": []})
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_command(port: int, workers: int) -> list[str]:
    """`circuitgrad serve` when installed, else the CLI module, else plain uvicorn."""
    common = ["--host", HOST, "--port", str(port), "--workers", str(workers)]
    if shutil.which("circuitgrad"):
        return ["circuitgrad", "serve", *common, "--no-browser"]
    if (ROOT / "app" / "cli.py").exists():
        run_cli = "import sys; from app.cli import main; sys.exit(main())"
        return [sys.executable, "-c", run_cli, "serve", *common, "--no-browser"]
    return [sys.executable, "-m", "uvicorn", "app.main:app", *common, "--log-level", "warning"]


def start_server(port: int, workers: int) -> subprocess.Popen:
    command = server_command(port, workers)
    print("server:", " ".join(command))
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server exited during start-up (code {proc.returncode})")
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer /healthz within 60 s")


def process_tree(pid: int) -> list[int]:
    """The server and all its descendants (uvicorn's workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for p in frontier for child in children.get(p, [])]
        tree.extend(frontier)
    return tree


def rss_mib(pid: int) -> float:
    """Resident memory of the process tree in MiB (VmRSS from /proc/<pid>/status)."""
    total_kib = 0
    for member in process_tree(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
        except OSError:
            continue
    return total_kib / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the process tree, from /proc/<pid>/stat."""
    ticks = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def runqueue_wait_seconds(pid: int) -> float:
    """Time the process tree spent runnable but waiting for a CPU (from /proc/<pid>/schedstat): on a shared
    machine this tells a slow server from a starved one."""
    total_ns = 0
    for member in process_tree(pid):
        for task in Path(f"/proc/{member}/task").glob("*"):
            try:
                total_ns += int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return total_ns / 1e9


def share_query(expr: str, values: dict[str, float]) -> str:
    return urlencode({"expr": expr, "v": ",".join(f"{k}:{v:g}" for k, v in values.items())})


async def timed(tally: Tally, kind: str, request) -> httpx.Response | None:
    start = time.perf_counter()
    try:
        response = await request
    except httpx.HTTPError as exc:
        tally.error(f"{kind}: {type(exc).__name__}")
        return None
    tally.latencies[kind].append(time.perf_counter() - start)
    if response.status_code != 200:
        tally.error(f"{kind}: HTTP {response.status_code}")
    return response


async def student(client: httpx.AsyncClient, tally: Tally, args, deadline: float, rng: random.Random) -> None:
    expr, values = rng.choice(SHARE_LINKS)
    values = dict(values)
    await asyncio.sleep(rng.uniform(0, args.ramp_seconds))  # students do not all click at the same instant
    await timed(tally, "page", client.get(f"/?{share_query(expr, values)}"))
    interval = args.drag_interval_ms / 1000
    while time.monotonic() < deadline:
        name = rng.choice(list(values))
        drag_end = time.monotonic() + rng.uniform(0.5, 2.5)
        while time.monotonic() < min(drag_end, deadline):
            sent = time.monotonic()
            values[name] = round(max(-5.0, min(5.0, values[name] + rng.uniform(-0.3, 0.3))), 2)
            await timed(tally, "graph", client.post("/api/graph", json={"expr": expr, "values": values}))
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - sent)))
        await asyncio.sleep(rng.uniform(1.0, args.pause_seconds))  # look at the circuit, listen, think


def percentile(samples: list[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def sample_memory(
    pid: int, series: list[tuple[float, float]], start: float, stop: asyncio.Event
) -> None:
    while not stop.is_set():
        series.append((time.monotonic() - start, rss_mib(pid)))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=5)


async def run_load(base: str, args, server_pid: int | None) -> tuple[Tally, list, float, float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=args.connections, max_keepalive_connections=args.connections)
    timeout = httpx.Timeout(10.0, pool=30.0)
    series: list[tuple[float, float]] = []
    stop = asyncio.Event()
    start = time.monotonic()
    deadline = start + args.seconds
    cpu_before = time.process_time()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        sampler = asyncio.create_task(sample_memory(server_pid, series, start, stop)) if server_pid else None
        rngs = [random.Random(args.seed + i) for i in range(args.students)]
        await asyncio.gather(*(student(client, tally, args, deadline, rng) for rng in rngs))
        stop.set()
        if sampler:
            await sampler
    elapsed = time.monotonic() - start
    return tally, series, elapsed, time.process_time() - cpu_before


def report(
    tally: Tally, series, elapsed: float, client_cpu: float, rss_start: float | None, server_cpu=None
) -> bool:
    served = sum(len(v) for v in tally.latencies.values())
    errors = sum(tally.errors.values())
    print(f"\nran {elapsed:.1f} s; requests served: {served} ({served / elapsed:.0f}/s); errors: {errors}")
    for kind, detail in sorted(tally.errors.items()):
        print(f"  error {kind}: {detail}")
    print(f"{'request':<8} {'count':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, samples in tally.latencies.items():
        row = [percentile(samples, q) * 1000 for q in (0.5, 0.9, 0.99)] + [max(samples, default=0) * 1000]
        print(f"{kind:<8} {len(samples):>7} " + " ".join(f"{v:>8.1f}" for v in row))
    everything = [s for samples in tally.latencies.values() for s in samples]
    p99 = percentile(everything, 0.99) * 1000
    print(f"all      {len(everything):>7} p50 {percentile(everything, 0.5) * 1000:.1f} ms, p99 {p99:.1f} ms")
    share = 100 * client_cpu / elapsed
    print(f"load generator CPU: {client_cpu:.1f} s over {elapsed:.1f} s ({share:.0f}% of a core)")
    if server_cpu is not None and served:
        print(f"server CPU: {server_cpu:.1f} s, {1000 * server_cpu / served:.2f} ms per request")
    print("machine load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    flat = True
    if rss_start is not None and series:
        print("server RSS (MiB, all processes): " + ", ".join(f"{t:.0f}s {m:.1f}" for t, m in series))
        warm = next((m for t, m in series if t >= 10), series[0][1])
        end = series[-1][1]
        flat = end <= warm * 1.10 + 5
        print(f"server RSS: start {rss_start:.1f} MiB, after warm-up {warm:.1f} MiB, end {end:.1f} MiB")
    met = errors == 0 and p99 < 100 and flat
    print(f"targets (zero errors, p99 < 100 ms, memory flat): {'met' if met else 'NOT met'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--connections", type=int, default=64, help="fixed size of the client's connection pool"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--drag-interval-ms", type=float, default=100.0, help="fastest slider update rate")
    parser.add_argument("--pause-seconds", type=float, default=5.0, help="longest pause between two drags")
    parser.add_argument("--ramp-seconds", type=float, default=5.0, help="students arrive over this long")
    parser.add_argument("--seed", type=int, default=231)
    parser.add_argument(
        "--url", help="use this running server instead of starting one (memory is not measured)"
    )
    args = parser.parse_args(argv)
    args.students = max(1, min(args.students, 2000))
    args.seconds = max(1.0, min(args.seconds, 600.0))

    proc = None
    if args.url:
        if not args.url.startswith(("http://127.0.0.1", "http://localhost")):
            raise SystemExit("loopback only: --url must point at 127.0.0.1 or localhost")
        base = args.url.rstrip("/")
    else:
        port = free_port()
        proc = start_server(port, args.workers)
        base = f"http://{HOST}:{port}"
    try:
        time.sleep(1)  # let every worker finish importing before the hall fills
        rss_start = rss_mib(proc.pid) if proc else None
        cpu_start = cpu_seconds(proc.pid) if proc else None
        wait_start = runqueue_wait_seconds(proc.pid) if proc else None
        print("machine load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
        print(
            f"{args.students} students, {args.seconds:.0f} s, pool of {args.connections} connections, "
            f"{args.workers} workers, {os.cpu_count()} CPUs, against {base}"
        )
        tally, series, elapsed, client_cpu = asyncio.run(run_load(base, args, proc.pid if proc else None))
        server_cpu = cpu_seconds(proc.pid) - cpu_start if proc else None
        met = report(tally, series, elapsed, client_cpu, rss_start, server_cpu)
        if proc:
            waited = runqueue_wait_seconds(proc.pid) - wait_start
            print(f"server processes waited {waited:.1f} s in total for a CPU while runnable")
    finally:
        if proc:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
