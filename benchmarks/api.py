"""API throughput and latency under load, as a ratio to a trivial endpoint of the same server.

Starts `circuitgrad serve --workers 2` on a free loopback port, then at concurrency 1, 16 and 64 sends
  - GET /healthz (the trivial endpoint: a constant, pre-serialised body),
  - POST /api/graph with the notes' four circuits (repeated bodies: the per-worker cache answers), and
  - POST /api/graph with the same circuits at ever-new input values (every request is evaluated afresh).
Each cell is bounded in requests and seconds, and the three are measured in interleaved rounds so that
background load drifting during the run affects them alike. The load generator is a minimal keep-alive
HTTP/1.1 client on asyncio streams, so that on a small machine it costs as little CPU as possible.

Besides req/s and latency it reports the server's CPU time per request (all workers, from /proc), whose ratio
to the trivial endpoint's is the throughput ratio of a saturated server even when other work shares the CPUs.

Targets: the notes' circuits reach at least 50% of the trivial endpoint's throughput, and p99 < 50 ms at
concurrency 64 with two workers.

First, big answers side by side: a ~5,000-gate network (benchmarks/networks.py) answered in the documented
full form and in the page's compact form (`?form=compact`), interleaved, each evaluated afresh as a cache
miss is: CPU time to produce the bytes (evaluate + build + encode) and their size. Targets: compact at most
1 MB and at least 3x faster to produce than full.

    python benchmarks/api.py [--seconds 4] [--requests 4000] [--rounds 8] [--workers 2] [--big-only]
"""

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from circuitgrad.app.evaluation import clear_cache, render_graph  # noqa: E402  (runs from a checkout)
from circuitgrad.app.examples import EXAMPLES  # noqa: E402
from circuitgrad.app.localserver import free_port, start_local_server  # noqa: E402
from networks import network_program  # noqa: E402

NOTES = [example for example in EXAMPLES if example["from_notes"]]
CONCURRENCY = (1, 16, 64)
WARMUP = 100
TRIVIAL = "GET /healthz (trivial)"
REQUEST_IDS = itertools.count()  # every request of the run gets its own number, so fresh values never repeat


def get_request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


def post_request(path: str, payload: dict) -> bytes:
    body = json.dumps(payload, ensure_ascii=False).encode()
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def notes_request(i: int, fresh: bool) -> bytes:
    example = NOTES[i % len(NOTES)]
    values = dict(example["values"])
    if fresh:  # a new value every time, so no worker's cache can answer
        first = next(iter(values))
        values[first] = values[first] + (i + 1) * 1e-6
    options = {"expand_sigmoid": example["expand_sigmoid"]}
    return post_request("/api/graph", {"expr": example["expr"], "values": values, "options": options})


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request on a kept-alive connection; read the whole response; return its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


def server_cpu_seconds(root: int) -> float | None:
    """CPU time used so far by the server process and all its descendants (Linux /proc; else None)."""
    if not os.path.isdir("/proc"):
        return None
    stats = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:  # the process ended during the scan
            continue
        stats[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime + stime
    family = {root}
    for _ in range(4):  # uvicorn's supervisor, its workers and their helpers are at most a few levels deep
        family |= {pid for pid, (ppid, _) in stats.items() if ppid in family}
    ticks = sum(stats[pid][1] for pid in family if pid in stats)
    return ticks / os.sysconf("SC_CLK_TCK")


class Tally:
    """Requests, seconds, latencies, statuses and server CPU of one endpoint, summed over the rounds."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu = 0.0
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}

    def summary(self) -> dict:
        latencies = sorted(self.latencies)
        return {
            "count": len(latencies),
            "rps": len(latencies) / self.seconds,
            "cpu_ms": 1000 * self.cpu / len(latencies),
            "p50": 1000 * statistics.median(latencies),
            "p99": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
            "non_200": {status: n for status, n in self.statuses.items() if status != 200},
        }


async def load(
    server: int,
    port: int,
    make: Callable[[int], bytes],
    concurrency: int,
    requests: int,
    seconds: float,
    tally: Tally,
) -> None:
    """One round: `concurrency` kept-alive connections send requests until either bound is reached."""
    counter = itertools.islice(REQUEST_IDS, requests)
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in range(concurrency)]

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, stop: float) -> None:
        for i in counter:
            if time.perf_counter() >= stop:
                return
            sent = time.perf_counter()
            status = await exchange(reader, writer, make(i))
            tally.latencies.append(time.perf_counter() - sent)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1

    cpu_before = server_cpu_seconds(server) or 0.0
    started = time.perf_counter()
    await asyncio.gather(*(client(reader, writer, started + seconds) for reader, writer in connections))
    tally.seconds += time.perf_counter() - started
    tally.cpu += (server_cpu_seconds(server) or 0.0) - cpu_before
    for _, writer in connections:
        writer.close()


async def measure(
    server: int, port: int, kinds: dict, concurrency: int, rounds: int, requests: int, seconds: float
) -> dict:
    """Interleave the endpoints round by round, so drifting background load hits them alike."""
    warmup = Tally()
    for make in kinds.values():
        await load(server, port, make, concurrency, WARMUP, 10.0, warmup)
    tallies = {name: Tally() for name in kinds}
    for _ in range(rounds):
        for name, make in kinds.items():
            await load(server, port, make, concurrency, requests // rounds, seconds / rounds, tallies[name])
    return {name: tally.summary() for name, tally in tallies.items()}


def big_answers(rounds: int) -> list[tuple[str, bool]]:
    """Full and compact answers of a ~5,000-gate network, interleaved: CPU ms to produce, and bytes."""
    expr = network_program(samples=25)
    cpu: dict[str, list[float]] = {"full": [], "compact": []}
    size = {}
    for _ in range(rounds):
        for form in cpu:
            clear_cache()
            started = time.process_time()
            size[form] = len(render_graph(expr, {}, False, form=form).body)
            cpu[form].append(time.process_time() - started)
    print(f"big answers: a {len(expr):,}-character network program, {rounds} interleaved rounds")
    medians = {form: statistics.median(times) for form, times in cpu.items()}
    for form in cpu:
        print(f"  {form:<8} {size[form] / 1e6:7.2f} MB   {1000 * medians[form]:7.1f} ms CPU (median)")
    speedup = medians["full"] / medians["compact"]
    smaller = size["full"] / size["compact"]
    print(f"  compact is {smaller:.1f}x smaller and {speedup:.1f}x faster to produce\n")
    return [
        (f"big answer, compact: {size['compact'] / 1e6:.2f} MB <= 1 MB", size["compact"] <= 1_000_000),
        (f"big answer, compact: {speedup:.1f}x faster to produce >= 3x", speedup >= 3),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="time bound per endpoint and concurrency")
    parser.add_argument(
        "--requests", type=int, default=4000, help="request bound per endpoint and concurrency"
    )
    parser.add_argument("--rounds", type=int, default=8, help="interleaved rounds per concurrency")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--big-only", action="store_true", help="only the big answers, no load test")
    args = parser.parse_args()

    verdicts = big_answers(max(3, args.rounds))
    if args.big_only:
        for text, ok in verdicts:
            print(("PASS " if ok else "MISS ") + text)
        return 0

    load_before = os.getloadavg()[0]
    port = free_port()
    server = start_local_server(port, args.workers, cwd=ROOT)
    time.sleep(1.0)  # let every worker finish importing before measuring
    sizes = [len(notes_request(i, False)) for i in range(len(NOTES))]
    print(f"circuitgrad serve --workers {args.workers} on 127.0.0.1:{port}; {os.cpu_count()} CPUs")
    print(f"notes' circuits: {len(NOTES)} request bodies of {min(sizes)}-{max(sizes)} bytes\n")
    kinds = {
        TRIVIAL: lambda i: get_request("/healthz"),
        "POST notes, cached": lambda i: notes_request(i, fresh=False),
        "POST notes, fresh values": lambda i: notes_request(i, fresh=True),
    }
    header = (
        f"{'conc':>4}  {'endpoint':<26} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'ratio':>6} {'CPU ms/r':>8} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    try:
        for concurrency in CONCURRENCY:
            results = asyncio.run(
                measure(server.pid, port, kinds, concurrency, args.rounds, args.requests, args.seconds)
            )
            trivial = results[TRIVIAL]
            for name, result in results.items():
                ratio = result["rps"] / trivial["rps"]
                cpu_ratio = trivial["cpu_ms"] / result["cpu_ms"] if result["cpu_ms"] else float("nan")
                bad = result["non_200"]
                print(
                    f"{concurrency:>4}  {name:<26} {result['count']:>8} {result['rps']:>8.0f} "
                    f"{result['p50']:>7.2f} {result['p99']:>7.2f} {ratio:>6.2f} "
                    f"{result['cpu_ms']:>8.3f} {cpu_ratio:>6.2f}" + (f"  non-200: {bad}" if bad else "")
                )
                if name != TRIVIAL:
                    verdicts.append(
                        (f"c={concurrency} {name}: ratio {ratio:.2f} >= 0.50", ratio >= 0.5 and not bad)
                    )
                    if concurrency == 64:
                        verdicts.append(
                            (f"c=64 {name}: p99 {result['p99']:.1f} ms < 50 ms", result["p99"] < 50)
                        )
            print()
    finally:
        server.terminate()
        server.wait(timeout=15)
    print(f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f}")
    print("CPU ms/r: server CPU time per request (all workers); its ratio is the trivial endpoint's CPU per")
    print("request over this one's: the throughput ratio a saturated server would show, whatever else runs.")
    for text, ok in verdicts:
        print(("PASS " if ok else "MISS ") + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
