"""Memory under hostile use: one `circuitgrad serve` process, its resident memory before and after.

(The server's helper processes, which evaluate long programs, are counted with it.)

1. 300 unique 4,000-character programs posted to /api/graph (each parsed, planned and cached);
2. 16 concurrent /api/curve requests for a 5,000-gate program at 1,000 points, three rounds.

Prints the server's RSS (VmRSS, MiB) at the start, its peak (sampled every 50 ms) and its end for each phase,
how many requests were answered and how many were refused with 503, and the targets: growth under 300 MiB
after phase 1 and under 500 MiB after phase 2 (the issue's budget for a 2-4 GB classroom laptop).

    python benchmarks/memory.py
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from circuitgrad.app.localserver import free_port, start_local_server, stop  # noqa: E402

PROGRAM_CHARS = 4_000
VALUES = {"x": 1.5, "y": -2.0, "z": 0.5, "w": 3.0}


def rss_mib(pid: int) -> float:
    """Resident memory of the server and its helper processes (VmRSS, MiB)."""
    total = 0
    for member in [pid, *children(pid)]:
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        direct = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [grandchild for child in direct for grandchild in [child, *children(child)]]


def unique_program(seed: int) -> str:
    """A sum of random products, just under 4,000 characters, different for every seed."""
    rng = random.Random(seed)
    terms: list[str] = []
    while sum(len(t) + 3 for t in terms) < PROGRAM_CHARS - 20:
        terms.append(f"{rng.choice('xyzw')}*{rng.randint(1, 99)}")
    return " + ".join(terms)


class PeakSampler:
    """The largest RSS seen while a phase runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self.done.wait(0.05):
            self.peak = max(self.peak, rss_mib(self.pid))

    def __enter__(self) -> PeakSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()


def phase(name: str, pid: int, requests: list[dict], path: str, concurrency: int, base: str) -> float:
    start = rss_mib(pid)
    statuses: Counter = Counter()
    with httpx.Client(base_url=base, timeout=120) as client, PeakSampler(pid) as sampler:

        def send(body: dict) -> None:
            statuses[client.post(path, json=body).status_code] += 1

        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(send, requests))
    time.sleep(1.0)
    end = rss_mib(pid)
    growth = end - start
    answered = ", ".join(f"HTTP {status}: {count}" for status, count in sorted(statuses.items()))
    print(f"{name}: {answered}")
    print(f"  RSS start {start:.0f} MiB, peak {sampler.peak:.0f} MiB, end {end:.0f} MiB", end="")
    print(f", growth {growth:.0f} MiB")
    return max(growth, sampler.peak - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--programs", type=int, default=300)
    parser.add_argument("--curves", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    port = free_port()
    proc = start_local_server(port, workers=1, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        time.sleep(1.0)
        first = rss_mib(proc.pid)
        print(f"one server process, RSS after start-up: {first:.0f} MiB")
        programs = [{"expr": unique_program(seed), "values": VALUES} for seed in range(args.programs)]
        growth1 = phase(
            f"{args.programs} unique 4,000-character programs", proc.pid, programs, "/api/graph", 4, base
        )
        big = "+".join(["x*y"] * 2490)  # 4,981 gates
        curve = {"expr": big, "values": {"y": 2.0}, "input": "x", "lo": -3, "hi": 3, "points": 1000}
        growth2 = phase(
            f"{args.curves} concurrent 5,000-gate curves x {args.rounds}",
            proc.pid,
            [curve] * (args.curves * args.rounds),
            "/api/curve",
            args.curves,
            base,
        )
        total = rss_mib(proc.pid) - first
        print(f"growth over both phases: {total:.0f} MiB")
        met = growth1 < 300 and total < 500 and growth2 < 500
        print(f"targets (programs < 300 MiB, curves < 500 MiB): {'met' if met else 'NOT met'}")
    finally:
        stop(proc)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
