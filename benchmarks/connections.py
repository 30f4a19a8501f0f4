"""Hostile connections against `circuitgrad serve`: how soon they are closed, and /healthz meanwhile.

Opens, against a fresh server on loopback, --idle connections that send nothing, --slow connections that send
their request head at 2 bytes a second, and --short connections whose body stops short of its Content-Length;
then times how long each lives and asks /healthz every second. Prints the median and maximum lifetime of each
kind (target: every one closed within 30 s) and /healthz's worst answer time. Bounded: it stops after --limit
seconds whatever happens.

    python benchmarks/connections.py
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from circuitgrad.app.localserver import free_port, start_local_server, stop  # noqa: E402

HOST = "127.0.0.1"
SLOW_HEAD = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 400 + b"\r\n\r\n"
SHORT_BODY = (
    b"POST /api/graph HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
)


async def lifetime(port: int, kind: str, limit: float) -> float:
    """Seconds until the server closes this connection (or `limit`, if it never does)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    start = time.monotonic()

    async def feed() -> None:
        if kind == "short":
            writer.write(SHORT_BODY)
        elif kind == "slow":
            for i in range(0, len(SLOW_HEAD), 2):
                writer.write(SLOW_HEAD[i : i + 2])
                await asyncio.sleep(1.0)

    feeder = asyncio.create_task(feed())
    try:
        await asyncio.wait_for(reader.read(), timeout=limit)  # b"" (or the rest) once the server closes
    except (asyncio.TimeoutError, ConnectionError):
        pass
    finally:
        feeder.cancel()
        writer.close()
    return time.monotonic() - start


async def health(port: int, stop_at: float) -> list[float]:
    times = []
    while time.monotonic() < stop_at:
        start = time.monotonic()
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            await asyncio.wait_for(reader.read(), timeout=10)
            writer.close()
            times.append(time.monotonic() - start)
        except (OSError, asyncio.TimeoutError):
            times.append(float("inf"))
        await asyncio.sleep(1.0)
    return times


async def run(port: int, args) -> dict[str, list[float]]:
    kinds = ["idle"] * args.idle + ["slow"] * args.slow + ["short"] * args.short
    stop_at = time.monotonic() + args.limit
    lives = asyncio.gather(*(lifetime(port, kind, args.limit) for kind in kinds))
    healthz = asyncio.create_task(health(port, stop_at))
    results = await lives
    by_kind: dict[str, list[float]] = {"idle": [], "slow": [], "short": []}
    for kind, seconds in zip(kinds, results, strict=True):
        by_kind[kind].append(seconds)
    by_kind["healthz"] = await healthz
    return by_kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--idle", type=int, default=300)
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--short", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=float, default=40.0, help="give up on a connection after this long")
    args = parser.parse_args(argv)
    port = free_port()
    proc = start_local_server(port, args.workers, cwd=ROOT)
    try:
        by_kind = asyncio.run(run(port, args))
    finally:
        stop(proc)
    worst = 0.0
    for kind in ("idle", "slow", "short"):
        lives = by_kind[kind]
        if lives:
            worst = max(worst, max(lives))
            median, longest = statistics.median(lives), max(lives)
            print(f"{kind:<6} {len(lives):>4} connections: closed after", end=" ")
            print(f"median {median:.1f} s, at most {longest:.1f} s")
    probes = by_kind["healthz"]
    print(f"/healthz meanwhile: {len(probes)} probes, slowest {max(probes) * 1000:.0f} ms")
    met = worst < 30 and max(probes) < 1.0
    print(f"targets (every connection closed within 30 s, /healthz under 1 s): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
