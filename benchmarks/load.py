"""A lecture hall on loopback: N students open a share link, then drag sliders against `circuitgrad serve`.

Each simulated student opens a share link (GET /?expr=…), then alternates between dragging a slider (one
POST /api/graph per slider position, the next sent when the previous answered and at most every
--drag-interval-ms) and pausing to look. Bounded: --seconds of load, --students coroutines, a fixed pool of
--connections (keep-alive; a minimal asyncio HTTP/1.1 client by default, httpx with --client httpx). Prints
requests served, errors, latency percentiles, the server's CPU per request, the time its processes waited for
a CPU (a shared machine shows up there), and its memory (all processes) at the start, after warm-up and at
the end. Targets: zero errors, p99 < 100 ms, memory flat.

    python benchmarks/load.py                    # 200 students, 60 s, `circuitgrad serve --workers 2`
    python benchmarks/load.py --seconds 10 --students 50
    python benchmarks/load.py --attacker 4       # plus one client posting 20,000-character programs
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from circuitgrad.app.localserver import free_port, start_local_server  # noqa: E402

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
    started: list[tuple[float, float]] = field(default_factory=list)  # (wall-clock start, latency) of each

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


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


def cpu_by_process(pid: int) -> dict[int, float]:
    """CPU time (user + system) used so far by each process of the tree, from /proc/<pid>/stat."""
    seconds = {}
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[member] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return seconds


def cpu_seconds(pid: int) -> float:
    return sum(cpu_by_process(pid).values())


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


class RawClient:
    """A minimal HTTP/1.1 keep-alive client over asyncio streams, with a fixed pool of connections.

    httpx costs about 4 ms of CPU per request here, twice what the server spends answering it; on a 2-core
    machine that shares its cores with the server, the load generator would then measure itself. This client
    costs a few hundred microseconds per request, so the figures describe the server.
    """

    def __init__(self, base: str, size: int, timeout: float = 10.0) -> None:
        host_port = base.removeprefix("http://").rstrip("/")
        self.host, _, port = host_port.partition(":")
        self.port = int(port or 80)
        self.size, self.timeout, self.open = size, timeout, 0
        self.idle: asyncio.Queue = asyncio.Queue()

    async def _acquire(self):
        if self.idle.empty() and self.open < self.size:
            self.open += 1
            try:
                return await asyncio.open_connection(self.host, self.port)
            except OSError:
                self.open -= 1
                raise
        return await self.idle.get()

    def _discard(self, connection) -> None:
        self.open -= 1
        connection[1].close()

    async def request(self, method: str, target: str, body: bytes = b"", content_type: str = "") -> int:
        connection = await self._acquire()
        try:
            status, keep = await asyncio.wait_for(
                self._exchange(connection, method, target, body, content_type), self.timeout
            )
        except BaseException:
            self._discard(connection)
            raise
        if keep:
            self.idle.put_nowait(connection)
        else:
            self._discard(connection)
        return status

    async def _exchange(self, connection, method, target, body, content_type) -> tuple[int, bool]:
        reader, writer = connection
        head = (
            f"{method} {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Length: {len(body)}\r\n"
        )
        if content_type:
            head += f"Content-Type: {content_type}\r\n"
        writer.write(head.encode("latin-1") + b"\r\n" + body)
        await writer.drain()
        status = int((await reader.readuntil(b"\r\n")).split(b" ", 2)[1])
        headers = {}
        while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while (size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)) > 0:
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        else:
            await reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers.get("connection", "").lower() != "close"

    async def get(self, target: str) -> int:
        return await self.request("GET", target)

    async def post_json(self, target: str, payload: object) -> int:
        body = json.dumps(payload, separators=(",", ":")).encode()
        return await self.request("POST", target, body, "application/json")

    async def close(self) -> None:
        while not self.idle.empty():
            self.idle.get_nowait()[1].close()


class HttpxClient:
    """The same two calls through httpx (--client httpx), for comparison."""

    def __init__(self, base: str, size: int) -> None:
        limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
        self.client = httpx.AsyncClient(base_url=base, limits=limits, timeout=httpx.Timeout(10.0, pool=30.0))

    async def get(self, target: str) -> int:
        return (await self.client.get(target)).status_code

    async def post_json(self, target: str, payload: object) -> int:
        return (await self.client.post(target, json=payload)).status_code

    async def close(self) -> None:
        await self.client.aclose()


async def timed(tally: Tally, kind: str, request) -> None:
    start = time.perf_counter()
    try:
        status = await request
    except (httpx.HTTPError, OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as exc:
        tally.error(f"{kind}: {type(exc).__name__}")
        return
    latency = time.perf_counter() - start
    tally.latencies[kind].append(latency)
    tally.started.append((time.time() - latency, latency))
    if status != 200:
        tally.error(f"{kind}: HTTP {status}")


async def student(client, tally: Tally, args, deadline: float, rng: random.Random) -> None:
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
            await timed(tally, "graph", client.post_json("/api/graph", {"expr": expr, "values": values}))
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


# The largest program the limits allow: 20,000 characters, 4,981 gates, a 6 MB answer.
ATTACK_PROGRAM = ("+".join(["x*y"] * 2490)).ljust(19_990) + "# padding"


ATTACK_WINDOW_SECONDS = 15.0  # the attacker is on in odd windows and off in even ones, from the same start


def attacking(epoch: float, now: float) -> bool:
    return int((now - epoch) / ATTACK_WINDOW_SECONDS) % 2 == 1


async def attacker(base: str, tally: Tally, deadline: float, concurrency: int, epoch: float) -> None:
    """One client's script: the largest programs, posted and opened as pages, `concurrency` at a time, in
    alternate windows, so that the students' latency with and without it is measured side by side."""
    page = f"/?{share_query(ATTACK_PROGRAM, {'x': 1.0, 'y': 2.0})}"

    async def loop(i: int) -> None:
        n = 0
        while time.monotonic() < deadline:
            if not attacking(epoch, time.time()):
                await asyncio.sleep(0.2)
                continue
            n += 1
            # A fresh connection each time: one kept alive through a quiet window is closed by the server.
            client = RawClient(base, 1, timeout=60.0)
            try:
                if (i + n) % 2:
                    body = {"expr": ATTACK_PROGRAM, "values": {"x": n, "y": 2}}
                    await timed(tally, "a-graph", client.post_json("/api/graph", body))
                else:
                    await timed(tally, "a-page", client.get(page.replace("x%3A1", f"x%3A{n}")))
            finally:
                await client.close()

    await asyncio.gather(*(loop(i) for i in range(concurrency)))


def attacker_process(base: str, seconds: float, concurrency: int, epoch: float, results) -> None:
    """The attacker in a process of its own, so that reading its 6 MB answers never delays the students'."""
    tally = Tally()
    tally.latencies = {"a-graph": [], "a-page": []}
    asyncio.run(attacker(base, tally, time.monotonic() + seconds, concurrency, epoch))
    results.put((tally.latencies, tally.errors))


async def run_load(base: str, args, server_pid: int | None) -> tuple[Tally, list, float, float]:
    tally = Tally()
    attack = None
    epoch = time.time()
    if args.attacker:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter, not a copy of this event loop
        results = context.Queue()
        attack = context.Process(
            target=attacker_process, args=(base, args.seconds, args.attacker, epoch, results), daemon=True
        )
        attack.start()
    series: list[tuple[float, float]] = []
    stop = asyncio.Event()
    start = time.monotonic()
    deadline = start + args.seconds
    cpu_before = time.process_time()
    client = (RawClient if args.client == "raw" else HttpxClient)(base, args.connections)
    try:
        sampler = asyncio.create_task(sample_memory(server_pid, series, start, stop)) if server_pid else None
        rngs = [random.Random(args.seed + i) for i in range(args.students)]
        students = [student(client, tally, args, deadline, rng) for rng in rngs]
        await asyncio.gather(*students)
        stop.set()
        if sampler:
            await sampler
    finally:
        await client.close()
    elapsed = time.monotonic() - start
    if attack is not None:
        latencies, errors = results.get(timeout=120)
        attack.join(timeout=10)
        print(f"\nthe attacker ({args.attacker} requests at a time, 20,000-character programs):")
        for kind, samples in latencies.items():
            p50, p99 = (percentile(samples, q) * 1000 for q in (0.5, 0.99))
            print(f"  {kind:<8} {len(samples):>5} answered, p50 {p50:.0f} ms, p99 {p99:.0f} ms")
        for kind, count in sorted(errors.items()):
            print(f"  refused or failed {kind}: {count}")
        side_by_side(tally, epoch)
    return tally, series, elapsed, time.process_time() - cpu_before


def side_by_side(tally: Tally, epoch: float) -> None:
    """The students' latency while the attacker is on against while it is off, in the same run."""
    # An attacker's request may outlast its window: the first third of each quiet window is left out.
    on, off = [], []
    for start, latency in tally.started:
        position = (start - epoch) % ATTACK_WINDOW_SECONDS
        if attacking(epoch, start):
            on.append(latency)
        elif position >= ATTACK_WINDOW_SECONDS / 3:
            off.append(latency)
    print("students' requests, side by side (alternating 15 s windows):")
    for name, samples in (("attacker off", off), ("attacker on", on)):
        p50, p99 = (percentile(samples, q) * 1000 for q in (0.5, 0.99))
        print(f"  {name:<13} {len(samples):>6} requests, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    if on and off:
        ratio = percentile(on, 0.99) / percentile(off, 0.99)
        print(f"  p99 with the attacker / without: {ratio:.2f}")


def report(
    tally: Tally,
    series,
    elapsed: float,
    client_cpu: float,
    rss_start: float | None,
    server_cpu=None,
    warm_after: float = 10.0,
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
        warm = next((m for t, m in series if t >= warm_after), series[-1][1])
        end = series[-1][1]
        flat = end <= warm * 1.10 + 5
        print(
            f"server RSS: start {rss_start:.1f} MiB, after warm-up ({warm_after:.0f} s) {warm:.1f} MiB, "
            f"end {end:.1f} MiB"
        )
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
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw", help="see RawClient for why raw")
    parser.add_argument(
        "--attacker",
        type=int,
        default=0,
        metavar="N",
        help="add one hostile client sending the largest programs, N requests at a time, in alternate 15 s "
        "windows (students' latency is reported with and without it)",
    )
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
        proc = start_local_server(port, args.workers, cwd=ROOT)
        base = f"http://{HOST}:{port}"
    try:
        time.sleep(1)  # let every worker finish importing before the hall fills
        rss_start = rss_mib(proc.pid) if proc else None
        cpu_start = cpu_seconds(proc.pid) if proc else None
        wait_start = runqueue_wait_seconds(proc.pid) if proc else None
        per_process_start = cpu_by_process(proc.pid) if proc else {}
        print("machine load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
        print(
            f"{args.students} students, {args.seconds:.0f} s, pool of {args.connections} connections, "
            f"{args.workers} workers, {os.cpu_count()} CPUs, {args.client} client, against {base}"
        )
        tally, series, elapsed, client_cpu = asyncio.run(run_load(base, args, proc.pid if proc else None))
        server_cpu = cpu_seconds(proc.pid) - cpu_start if proc else None
        # The first heavy program starts each worker's helper process (a fixed, bounded cost), so with an
        # attacker "flat" is judged from the end of its first window on.
        warm_after = 2 * ATTACK_WINDOW_SECONDS + 5 if args.attacker else 10.0
        met = report(tally, series, elapsed, client_cpu, rss_start, server_cpu, warm_after)
        if proc:
            waited = runqueue_wait_seconds(proc.pid) - wait_start
            print(f"server processes waited {waited:.1f} s in total for a CPU while runnable")
            shares = [cpu - per_process_start.get(p, 0.0) for p, cpu in cpu_by_process(proc.pid).items()]
            print("server CPU by process (s): " + ", ".join(f"{share:.1f}" for share in shares))
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
