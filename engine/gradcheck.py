"""Numerical gradient check: centred differences per input, next to the analytic gradient."""

from __future__ import annotations

import math

from .errors import EngineError, Limits
from .passes import forward
from .result import evaluate


def gradient_check(
    source: str,
    values: dict | None = None,
    *,
    step: float = 1e-5,
    expand_sigmoid: bool = False,
    limits: Limits | None = None,
) -> list[dict]:
    """One row per input: analytic, numeric (centred difference) and their relative error.

    Where a nudged input leaves a gate's domain, `numeric` and `relative_error` are NaN and `ok` is False.
    """
    result = evaluate(source, values, expand_sigmoid=expand_sigmoid, limits=limits)
    graph = result.graph
    start = list(result.values)
    rows = []
    for i in graph.input_ids:
        x = start[i]
        h = step * max(1.0, abs(x))
        analytic = result.grads[i]
        try:
            numeric = (_value_at(graph, start, i, x + h) - _value_at(graph, start, i, x - h)) / (2 * h)
        except EngineError:
            numeric = math.nan
        scale = max(abs(analytic), abs(numeric), 1e-12)
        error = abs(analytic - numeric) / scale if math.isfinite(numeric) else math.nan
        if analytic == numeric:
            error = 0.0
        rows.append(
            {
                "name": graph.names[i],
                "analytic": analytic,
                "numeric": numeric,
                "relative_error": error,
                "ok": math.isfinite(error) and error < 1e-4,
            }
        )
    return rows


def _value_at(graph, start: list, node: int, x: float) -> float:
    nudged = list(start)
    nudged[node] = x
    return forward(graph, nudged)[graph.output]
