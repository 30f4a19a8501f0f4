"""Fair share: long programs are evaluated off the event loop, a few at a time, and the rest are refused.

A 5,000-gate circuit costs half a second and hundreds of megabytes; built on the event loop it stalls every
other student's request, and in an unbounded thread pool sixteen of them take gigabytes. Here each worker runs
at most `slots` of them at once in its own threads, lets `waiting` more queue, and answers anything beyond
that with 503 and Retry-After.
"""

import asyncio
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

HEAVY_SOURCE_CHARS = 2_000  # a longer program is heavy; a shorter one costs less than a thread hop
SLOTS = 1
WAITING = 16  # a queued request holds only its body (at most 64 KB); a running one can hold 100s of MB
RETRY_AFTER_SECONDS = 2
# The loop thread waits for the interpreter lock at most this long while a heavy thread computes
# (Python's default is 5 ms, paid several times per light request).
SWITCH_INTERVAL_SECONDS = 0.001
Result = TypeVar("Result")


class Busy(Exception):
    """Too much heavy work in flight: try again in `retry_after` seconds (answered as 503)."""

    def __init__(self, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__("the server is busy with long programs; try again in a moment")
        self.retry_after = retry_after


def is_heavy(expr: str) -> bool:
    return len(expr) > HEAVY_SOURCE_CHARS


class HeavyWork:
    """A small pool of threads for heavy computations, with admission control, not an unbounded queue."""

    def __init__(self, slots: int = SLOTS, waiting: int = WAITING) -> None:
        self.slots, self.limit = slots, slots + waiting
        self.admitted = 0  # touched only on the event loop's thread
        self.executor: ThreadPoolExecutor | None = None

    async def run(self, work: Callable[..., Result], *args: object) -> Result:
        """`work(*args)` in the pool, or Busy at once when `slots + waiting` are already admitted."""
        if self.admitted >= self.limit:
            raise Busy()
        if self.executor is None:
            self.executor = ThreadPoolExecutor(self.slots, thread_name_prefix="circuitgrad-heavy")
            sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
        self.admitted += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self.executor, work, *args)
        finally:
            self.admitted -= 1


heavy_work = HeavyWork()
