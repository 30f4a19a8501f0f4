"""The bridge to the engine: evaluate a program and keep its JSON bytes in a small per-process cache."""

import copy
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import cached_property

from ..engine import EngineError, evaluate
from ..engine.compact import to_compact
from .encoding import dumps
from .heavywork import heavy_work, is_heavy

CACHE_BYTES = 16 * 1024 * 1024  # the answer cache's budget per worker, in bytes of JSON and keys
CACHE_MAX_BODY = 256 * 1024  # a bigger answer is not worth a slot: it is cheap to ask for rarely
ERROR_COST = 1024  # what a cached engine error is counted as
FORMS = ("full", "compact")  # the documented answer, and the page's (docs/contract.md, "Compact form")


class Rendered:
    """One evaluated circuit, already serialised, with a validator for HTTP caching."""

    def __init__(self, body: bytes, value: float, gradients: dict[str, float]) -> None:
        self.body = body
        self.value = value  # kept beside the bytes so the page's link preview needs no re-parse
        self.gradients = gradients

    @cached_property
    def etag(self) -> str:
        return '"' + hashlib.blake2b(self.body, digest_size=16).hexdigest() + '"'


class ByteBudgetLRU:
    """A least-recently-used map bounded by the bytes its entries hold, safe to share between threads."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[tuple, tuple[Rendered | EngineError, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> Rendered | EngineError | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key: tuple, value: Rendered | EngineError, cost: int) -> None:
        cost += sum(len(part) for part in key[0:1]) + 256  # the program text is held too
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.used -= old[1]
            self.entries[key] = (value, cost)
            self.used += cost
            while self.used > self.budget and self.entries:
                _, (_, freed) = self.entries.popitem(last=False)
                self.used -= freed

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0


_cache = ByteBudgetLRU(CACHE_BYTES)


def cache_key(
    expr: str, values: Mapping[str, object], expand_sigmoid: bool, seed: int = 0, form: str = "full"
) -> tuple:
    # float.hex keeps -0.0 and 0.0 apart, which the engine's output can tell apart too (and orjson does for
    # the numbers of an array value).
    pairs = tuple(sorted((name, _value_key(v)) for name, v in values.items()))
    return (expr, pairs, expand_sigmoid, seed, form)


def _value_key(value: object) -> str | bytes:
    return dumps(value) if isinstance(value, list) else float(value).hex()


def render_graph(
    expr: str, values: Mapping[str, object], expand_sigmoid: bool = False, seed: int = 0, form: str = "full"
) -> Rendered:
    """The JSON bytes of `evaluate(expr, values)` in `form`; engine errors propagate to the one handler."""
    key = cache_key(expr, values, expand_sigmoid, seed, form)
    hit = _cache.get(key)
    if isinstance(hit, EngineError):
        raise hit.with_traceback(None)  # errors are as deterministic as results; drop the old traceback
    if hit is not None:
        return hit
    try:
        result = evaluate(expr, dict(values), expand_sigmoid=expand_sigmoid, seed=seed)
    except EngineError as exc:
        _cache.put(key, copy.copy(exc), ERROR_COST)  # a copy carries no traceback, so no frames stay alive
        raise
    body = dumps(to_compact(result) if form == "compact" else result.to_dict())
    rendered = Rendered(body, result.value, result.gradients)
    if len(body) <= CACHE_MAX_BODY:
        _cache.put(key, rendered, len(body))
    return rendered


async def render_graph_async(
    expr: str, values: Mapping[str, object], expand_sigmoid: bool = False, seed: int = 0, form: str = "full"
) -> Rendered:
    """`render_graph` for request handlers: long programs go to the bounded heavy-work pool (or Busy)."""
    # A thread hop costs more than a small program does; a 5,000-gate one inline would stall the loop.
    if not is_heavy(expr):
        return render_graph(expr, values, expand_sigmoid, seed, form)
    return await heavy_work.run(render_graph, expr, values, expand_sigmoid, seed, form)


def clear_cache() -> None:
    """Forget every cached circuit."""
    _cache.clear()
