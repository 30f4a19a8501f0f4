"""Forward and backward passes over the tape, iteratively (no recursion, any depth)."""

from __future__ import annotations

import math

from .errors import EvalError, Message
from .graph import Graph, domain_error


def forward(graph: Graph, start: list | None = None) -> list[float]:
    """Every node's value, in tape order; domain problems raise EvalError naming the gate.

    `start` replaces the input and constant values (the graph's defaults) for this run.
    """
    vals = list(graph.defaults if start is None else start)
    gates, args, params = graph.gates, graph.args, graph.params
    for i in range(graph.first_gate, len(vals)):
        a = args[i]
        try:
            if len(a) == 1:
                v = gates[i].forward(vals[a[0]], params[i])
            else:
                v = gates[i].forward(vals[a[0]], vals[a[1]], params[i])
        except (ArithmeticError, ValueError) as exc:
            raise _gate_error(graph, i, vals, exc) from None
        if v - v != 0.0:  # inf or nan
            raise _gate_error(graph, i, vals, OverflowError() if v == v else ValueError())
        vals[i] = v
    return vals


def backward(graph: Graph, vals: list[float]) -> tuple[list[float], list]:
    """Total gradient of the output at every node, plus each gate's local gradients (one per port)."""
    n = len(vals)
    grads = [0.0] * n
    grads[graph.output] = 1.0
    local_grads: list = [None] * n
    gates, args, params = graph.gates, graph.args, graph.params
    for i in range(n - 1, graph.first_gate - 1, -1):
        a = args[i]
        # Gates have one or two operands; spelling both cases out avoids a zip loop per gate.
        try:
            if len(a) == 1:
                src = a[0]
                locs = gates[i].local(vals[src], vals[i], params[i])
                grads[src] += locs[0] * grads[i]  # the chain rule: local times upstream
            else:
                left, right = a
                locs = gates[i].local(vals[left], vals[right], vals[i], params[i])
                upstream = grads[i]
                grads[left] += locs[0] * upstream
                grads[right] += locs[1] * upstream
        except (ArithmeticError, ValueError) as exc:
            raise _gate_error(graph, i, vals, exc, slope=True) from None
        local_grads[i] = locs
    if not math.isfinite(sum(grads)):  # an inf or nan anywhere makes the sum non-finite
        for i, g in enumerate(grads):
            if g - g != 0.0:
                span = graph.span(i)
                raise EvalError(Message("gradient_overflow"), span.line, span.column)
    return grads, local_grads


def _gate_error(graph: Graph, i: int, vals: list, exc: Exception, slope: bool = False) -> EvalError:
    gate = graph.gates[i]
    operands = [vals[a] for a in graph.args[i]]
    return domain_error(gate, graph.label(i), graph.span(i), operands, exc, slope)
