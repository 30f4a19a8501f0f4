"""Fair share: long programs are evaluated in a separate, lower-priority process, a few at a time.

A 5,000-gate circuit costs half a second and hundreds of megabytes. Built on the event loop it stalls every
other student's request; in a thread it still takes the interpreter lock from the loop; in an unbounded
pool sixteen of them take gigabytes. Here each worker sends them to its own helper process, niced so that the
operating system serves the students' light requests first, runs `slots` at once, lets `waiting` more queue,
and answers anything beyond that with 503 and Retry-After.
"""

import asyncio
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from ..engine import EngineError
from .lifetime import die_with_parent

HEAVY_SOURCE_CHARS = 2_000  # a longer program is heavy; a shorter one costs less than the hop to the helper
SLOTS = 1
WAITING = 16  # a queued request holds only its body (at most 64 KB); a running one can hold 100s of MB
RETRY_AFTER_SECONDS = 2
HELPER_NICENESS = 10  # the kernel gives a nice-10 process about a tenth of a core that a nice-0 one wants
Result = TypeVar("Result")


class Busy(Exception):
    """Too much heavy work in flight: try again in `retry_after` seconds (answered as 503)."""

    def __init__(self, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__("the server is busy with long programs; try again in a moment")
        self.retry_after = retry_after


class EngineFailure(Exception):
    """An engine error raised in the helper process, carried back as its JSON shape (`detail`)."""

    def __init__(self, detail: dict) -> None:
        super().__init__(detail)
        self.detail = detail


def is_heavy(expr: str) -> bool:
    return len(expr) > HEAVY_SOURCE_CHARS


def _start_helper(parent_pid: int) -> None:
    die_with_parent(parent_pid, from_main_thread=False)  # started from whichever thread submitted first
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    os.nice(HELPER_NICENESS)


def _guarded(work: Callable[..., Result], *args: object) -> Result | EngineFailure:
    # Engine errors hold translatable messages that do not survive pickling; their JSON shape does.
    try:
        return work(*args)
    except EngineError as exc:
        detail = exc.to_dict()
        return EngineFailure({**detail, "message": str(detail["message"]), "params": dict(detail["params"])})


class HeavyWork:
    """A helper process for heavy computations, with admission control instead of an unbounded queue."""

    def __init__(self, slots: int = SLOTS, waiting: int = WAITING) -> None:
        self.slots, self.limit = slots, slots + waiting
        self.admitted = 0  # touched only on the event loop's thread
        self.executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self.executor is None:  # started on first use: most sessions never send a long program
            self.executor = ProcessPoolExecutor(
                self.slots,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_helper,
                initargs=(os.getpid(),),
            )
        return self.executor

    async def run(self, work: Callable[..., Result], *args: object) -> Result:
        """`work(*args)` in the helper, or Busy at once when `slots + waiting` are already admitted."""
        if self.admitted >= self.limit:
            raise Busy()
        loop = asyncio.get_running_loop()
        try:
            answer = loop.run_in_executor(self._pool(), _guarded, work, *args)
        except BrokenProcessPool:  # the helper died since the last request (killed, out of memory): a new one
            self.executor = None
            answer = loop.run_in_executor(self._pool(), _guarded, work, *args)
        self.admitted += 1
        try:
            outcome = await answer
        except BrokenProcessPool:  # the helper died during this request
            self.executor = None
            raise Busy() from None
        finally:
            self.admitted -= 1
        if isinstance(outcome, EngineFailure):
            raise outcome
        return outcome


heavy_work = HeavyWork()
