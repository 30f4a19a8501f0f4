"""API throughput and latency under load, as a ratio to a trivial endpoint of the same server.

Starts `circuitgrad serve --workers 2` on a free loopback port, then at concurrency 1, 16 and 64 sends
  - GET /healthz (the trivial endpoint: a constant, pre-serialised body),
  - POST /api/graph with the notes' four circuits (repeated bodies: the per-worker cache answers), and
  - POST /api/graph with the same circuits at ever-new input values (every request is evaluated afresh).
Each cell is bounded in requests and seconds. The load generator is a minimal keep-alive HTTP/1.1 client on
asyncio streams, so that on a small machine the client costs as little CPU as possible next to the server.

Targets: the notes' circuits reach at least 50% of the trivial endpoint's throughput, and p99 < 50 ms at
concurrency 64 with two workers.

    python benchmarks/api.py [--seconds 3] [--requests 3000] [--workers 2]
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.examples import EXAMPLES  # noqa: E402  (the benchmark runs from a checkout)

NOTES = [example for example in EXAMPLES if example["from_notes"]]
CONCURRENCY = (1, 16, 64)
WARMUP = 100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    command = shutil.which("circuitgrad")
    argv = [command] if command else [sys.executable, "-m", "app.cli"]
    argv += [
        "serve",
        "--no-browser",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                time.sleep(1.0)  # let every worker finish importing before measuring
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the server exited during start-up") from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer /healthz within 30 s")


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


async def load(
    port: int, make: Callable[[int], bytes], concurrency: int, requests: int, seconds: float
) -> dict:
    counter = iter(range(10**9))
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def client(stop: float, budget: int, record: bool) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop:
                i = next(counter)
                if i >= budget:
                    return
                started = time.perf_counter()
                status = await exchange(reader, writer, make(i))
                if record:
                    latencies.append(time.perf_counter() - started)
                    statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    await asyncio.gather(*(client(time.perf_counter() + 10, WARMUP, False) for _ in range(concurrency)))
    counter = iter(range(WARMUP, 10**9))
    started = time.perf_counter()
    stop = started + seconds
    await asyncio.gather(*(client(stop, WARMUP + requests, True) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "count": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": 1000 * statistics.median(latencies),
        "p99": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "statuses": statuses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time bound of each measurement")
    parser.add_argument("--requests", type=int, default=3000, help="request bound of each measurement")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    port = free_port()
    server = start_server(port, args.workers)
    sizes = [len(notes_request(i, False)) for i in range(len(NOTES))]
    print(f"circuitgrad serve --workers {args.workers} on 127.0.0.1:{port}; {os.cpu_count()} CPUs")
    print(f"notes' circuits: {len(NOTES)} request bodies of {min(sizes)}-{max(sizes)} bytes\n")
    kinds = {
        "GET /healthz (trivial)": lambda i: get_request("/healthz"),
        "POST notes, cached": lambda i: notes_request(i, fresh=False),
        "POST notes, fresh values": lambda i: notes_request(i, fresh=True),
    }
    verdicts = []
    header = (
        f"{'conc':>4}  {'endpoint':<26} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    try:
        for concurrency in CONCURRENCY:
            trivial = None
            for name, make in kinds.items():
                result = asyncio.run(load(port, make, concurrency, args.requests, args.seconds))
                trivial = trivial or result["rps"]
                ratio = result["rps"] / trivial
                bad = {s: n for s, n in result["statuses"].items() if s != 200}
                print(
                    f"{concurrency:>4}  {name:<26} {result['count']:>8} {result['rps']:>8.0f} "
                    f"{result['p50']:>7.2f} {result['p99']:>7.2f} {ratio:>6.2f}"
                    + (f"  non-200: {bad}" if bad else "")
                )
                if name != "GET /healthz (trivial)":
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
    for text, ok in verdicts:
        print(("PASS " if ok else "MISS ") + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
