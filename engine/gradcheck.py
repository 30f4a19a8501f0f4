"""Numerical gradient check: centred differences per input, next to the analytic gradient."""

from __future__ import annotations

import math

import numpy as np

from .array_values import element_text
from .errors import EngineError, Limits
from .passes import forward, forward_arrays
from .result import evaluate

MAX_ELEMENTS_PER_INPUT = 16  # each element costs two forward passes


def gradient_check(
    source: str,
    values: dict | None = None,
    *,
    step: float = 1e-5,
    expand_sigmoid: bool = False,
    limits: Limits | None = None,
    seed: int = 0,
) -> list[dict]:
    """One row per input: analytic, numeric (centred difference) and their relative error.

    Where a nudged input leaves a gate's domain, `numeric` and `relative_error` are NaN and `ok` is False.
    An array input gets one row per checked element, named like `W[1, 2]`.
    """
    result = evaluate(source, values, expand_sigmoid=expand_sigmoid, limits=limits, seed=seed)
    graph = result.graph
    if graph.shapes is not None:
        return _array_rows(result, step)
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
        rows.append(_row(graph.names[i], analytic, numeric))
    return rows


def _row(name: str, analytic: float, numeric: float) -> dict:
    scale = max(abs(analytic), abs(numeric), 1e-12)
    error = abs(analytic - numeric) / scale if math.isfinite(numeric) else math.nan
    if analytic == numeric:
        error = 0.0
    return {
        "name": name,
        "analytic": analytic,
        "numeric": numeric,
        "relative_error": error,
        "ok": math.isfinite(error) and error < 1e-4,
    }


def _array_rows(result, step: float) -> list[dict]:
    """Element by element, at most MAX_ELEMENTS_PER_INPUT elements of each array (a fixed, spread sample).

    An array output is checked through Σ upstream ⊙ output, whose derivative is the gradient the engine
    reports (the upstream is ones unless the program sets it).
    """
    graph, rows = result.graph, []
    seed = np.asarray(result.grads[graph.output], dtype=float)
    start = list(result.values)
    for i in graph.input_ids:
        name, shape = graph.names[i], graph.shapes[i]
        analytic = np.broadcast_to(result.grads[i], shape)
        for index in _sample(shape):
            x = np.array(start[i], dtype=float)
            h = step * max(1.0, abs(float(x[index])))
            try:
                ends = []
                for sign in (1, -1):
                    nudged = x.copy()
                    nudged[index] += sign * h
                    out = forward_arrays(graph, start[:i] + [nudged[()]] + start[i + 1 :])[graph.output]
                    ends.append(float(np.sum(seed * out)))
                numeric = (ends[0] - ends[1]) / (2 * h)
            except EngineError:
                numeric = math.nan
            label = name + element_text(index) if shape else name
            rows.append(_row(label, float(analytic[index]), numeric))
    return rows


def _sample(shape: tuple) -> list[tuple]:
    """Every element of a small array; an even spread of MAX_ELEMENTS_PER_INPUT of a large one."""
    size = math.prod(shape)
    flat = range(size) if size <= MAX_ELEMENTS_PER_INPUT else np.linspace(0, size - 1, MAX_ELEMENTS_PER_INPUT)
    return [tuple(int(k) for k in np.unravel_index(int(f), shape)) for f in flat]


def _value_at(graph, start: list, node: int, x: float) -> float:
    nudged = list(start)
    nudged[node] = x
    return forward(graph, nudged)[graph.output]
