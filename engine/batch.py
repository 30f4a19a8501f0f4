"""Batched evaluation: one circuit at many input points at once, for plotting f and its slope."""

from __future__ import annotations

import numpy as np

from .errors import EvalError, Limits
from .parser import parse
from .result import check_values, no_cyclic_gc


class BatchResult:
    """Values and gradients at B points; `valid` marks the points where everything is finite."""

    __slots__ = ("graph", "values", "gradients", "valid")

    def __init__(self, graph, values: np.ndarray, gradients: dict, valid: np.ndarray):
        self.graph = graph
        self.values = values
        self.gradients = gradients
        self.valid = valid


def evaluate_batch(
    source: str,
    arrays: dict,
    values: dict | None = None,
    *,
    expand_sigmoid: bool = False,
    limits: Limits | None = None,
) -> BatchResult:
    """Evaluate at every point of the given input arrays (same length B); other inputs stay scalar.

    Points where a gate leaves its domain come back as NaN with `valid` False there.
    """
    columns = {name: np.asarray(a, dtype=float).ravel() for name, a in arrays.items()}
    sizes = {len(a) for a in columns.values()}
    if len(sizes) > 1:
        raise EvalError("all batched inputs need the same number of points")
    size = sizes.pop() if sizes else 1
    merged = dict(check_values(values))
    for name, column in columns.items():
        merged[name] = float(column[0]) if size else 0.0
    with no_cyclic_gc():
        graph = parse(source, merged, expand_sigmoid=expand_sigmoid, limits=limits)
    start = [np.float64(v) for v in graph.start_values(merged)]
    for i in graph.input_ids:
        if graph.names[i] in columns:
            start[i] = columns[graph.names[i]]
    with np.errstate(all="ignore"):
        vals = _forward(graph, start)
        grads = _backward(graph, vals)
    shape = (size,)
    out = np.broadcast_to(vals[graph.output], shape).astype(float)
    valid = np.isfinite(out)
    gradients = {}
    for i in graph.input_ids:
        column = np.broadcast_to(grads[i], shape).astype(float)
        valid &= np.isfinite(column)
        gradients[graph.names[i]] = column
    out[~valid] = np.nan
    for column in gradients.values():
        column[~valid] = np.nan
    return BatchResult(graph, out, gradients, valid)


def _forward(graph, vals: list) -> list:
    gates, args, params = graph.gates, graph.args, graph.params
    for i in range(graph.first_gate, len(vals)):
        gate, a, c = gates[i], args[i], _param(params[i])
        fn = gate.vforward or gate.forward
        vals[i] = fn(vals[a[0]], c) if len(a) == 1 else fn(vals[a[0]], vals[a[1]], c)
    return vals


def _backward(graph, vals: list) -> list:
    grads: list = [0.0] * len(vals)
    grads[graph.output] = 1.0
    gates, args, params = graph.gates, graph.args, graph.params
    for i in range(len(vals) - 1, graph.first_gate - 1, -1):
        gate, a, c = gates[i], args[i], _param(params[i])
        local = gate.vlocal or gate.local
        operands = [vals[src] for src in a]
        locs = local(*operands, vals[i], c)
        upstream = grads[i]
        for src, loc in zip(a, locs, strict=True):
            grads[src] = grads[src] + loc * upstream  # the same chain rule, on arrays
    return grads


def _param(c):
    return None if c is None else np.float64(c)
