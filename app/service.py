"""The bridge to the engine: evaluate a program and keep its JSON bytes in a small per-process cache."""

import copy
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import cached_property

import orjson
from starlette.concurrency import run_in_threadpool

from ..engine import EngineError, evaluate

CACHE_ENTRIES = 256
CACHE_MAX_BODY = 256 * 1024  # so the cache pins at most 64 MB per worker, however big the circuits
INLINE_SOURCE_CHARS = 2_000  # longer programs are evaluated off the event loop (see render_graph_async)


def dumps(payload: object) -> bytes:
    """Compact UTF-8 JSON bytes.

    Encoding, not evaluating, dominates an API answer: orjson encodes a circuit about 7x faster than the
    standard library. The engine never lets NaN or infinity out, so orjson's NaN-as-null never applies.
    """
    return orjson.dumps(payload)


class Rendered:
    """One evaluated circuit, already serialised, with a validator for HTTP caching."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    @cached_property
    def etag(self) -> str:
        return '"' + hashlib.blake2b(self.body, digest_size=16).hexdigest() + '"'


class _LRU:
    """A small least-recently-used map, safe to share between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[tuple, Rendered | EngineError] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> Rendered | EngineError | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: tuple, value: Rendered | EngineError) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


_cache = _LRU(CACHE_ENTRIES)


def cache_key(expr: str, values: Mapping[str, float], expand_sigmoid: bool) -> tuple:
    # float.hex keeps -0.0 and 0.0 apart, which the engine's output can tell apart too.
    return (expr, tuple(sorted((name, float(v).hex()) for name, v in values.items())), expand_sigmoid)


def render_graph(expr: str, values: Mapping[str, float], expand_sigmoid: bool = False) -> Rendered:
    """The JSON bytes of `evaluate(expr, values)`; engine errors propagate to the one handler."""
    key = cache_key(expr, values, expand_sigmoid)
    hit = _cache.get(key)
    if isinstance(hit, EngineError):
        raise hit.with_traceback(None)  # errors are as deterministic as results; drop the old traceback
    if hit is not None:
        return hit
    try:
        result = evaluate(expr, dict(values), expand_sigmoid=expand_sigmoid)
    except EngineError as exc:
        _cache.put(key, copy.copy(exc))  # a copy carries no traceback, so no frames stay alive
        raise
    body = dumps(result.to_dict())
    rendered = Rendered(body)
    if len(body) <= CACHE_MAX_BODY:
        _cache.put(key, rendered)
    return rendered


async def render_graph_async(
    expr: str, values: Mapping[str, float], expand_sigmoid: bool = False
) -> Rendered:
    """`render_graph` for request handlers: long programs are evaluated in a worker thread."""
    # A thread hop costs more than a small program does; a 5,000-gate one inline would stall the loop.
    if len(expr) <= INLINE_SOURCE_CHARS:
        return render_graph(expr, values, expand_sigmoid)
    return await run_in_threadpool(render_graph, expr, values, expand_sigmoid)


def clear_cache() -> None:
    """Forget every cached circuit."""
    with _cache.lock:
        _cache.entries.clear()
