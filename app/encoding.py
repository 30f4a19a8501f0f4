"""JSON bytes for every answer: fast for the usual case, and safe for any text a client sent."""

import json
import math

import orjson


def dumps(payload: object) -> bytes:
    """Compact UTF-8 JSON bytes that never fail on a client's text.

    Encoding, not evaluating, dominates an API answer: orjson encodes a circuit about 7x faster than the
    standard library. orjson refuses a lone surrogate (half an emoji, `"\\ud800"` in a request's JSON),
    which an echoed program or name may hold; such rare answers go through the standard library, which
    writes it back as the same `\\ud800` escape. Non-finite numbers become null on both paths.
    """
    try:
        return orjson.dumps(payload)
    except orjson.JSONEncodeError:
        text = json.dumps(_finite(payload), ensure_ascii=True, separators=(",", ":"), allow_nan=False)
        return text.encode("ascii")


def _finite(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
