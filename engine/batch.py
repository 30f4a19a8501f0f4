"""Batched evaluation: one circuit at many input points at once, for plotting f and its slope."""

from __future__ import annotations

import numpy as np

from .errors import EvalError, Limits
from .parser import parse
from .passes import backward, forward_arrays
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
    if graph.shapes is not None:
        raise EvalError("the slope chart needs a program of single numbers, not arrays")
    start = [np.float64(v) for v in graph.start_values(merged)]
    for i in graph.input_ids:
        if graph.names[i] in columns:
            start[i] = columns[graph.names[i]]
    # The points ride along as an array on every wire: the array path, with non-finite points kept as NaN.
    with np.errstate(all="ignore"):
        vals = forward_arrays(graph, start, check=False)
        grads, _ = backward(graph, vals, arrays=True, check=False)
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
