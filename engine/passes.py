"""Forward and backward passes over the tape, iteratively (no recursion, any depth)."""

from __future__ import annotations

import math

import numpy as np

from .array_values import element_text, first_bad
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


def forward_arrays(graph: Graph, start: list, check: bool = True) -> list:
    """Every node's value when values may be numpy arrays (an array program, or a batch of points).

    With `check`, the first non-finite element raises EvalError naming the gate and the element; without
    it (a batch), non-finite points are left for the caller to mark.
    """
    vals = [v if type(v) is np.ndarray else np.float64(v) for v in start]
    gates, args, params = graph.gates, graph.args, graph.params
    with np.errstate(all="ignore"):
        for i in range(graph.first_gate, len(vals)):
            gate, a = gates[i], args[i]
            fn = gate.vforward or gate.forward
            try:
                v = fn(vals[a[0]], params[i]) if len(a) == 1 else fn(vals[a[0]], vals[a[1]], params[i])
            except (ArithmeticError, ValueError) as exc:
                raise _gate_error(graph, i, vals, exc) from None
            if check and not np.isfinite(v).all():
                raise _array_gate_error(graph, i, vals, v)
            vals[i] = v
    return vals


def backward(graph: Graph, vals: list, seed=1.0, *, arrays: bool = False, check: bool = True) -> tuple:
    """Total gradient of the output at every node, plus each gate's local gradients (one per port).

    `seed` is the output's upstream gradient (1, or the program's own `dD`). With `arrays`, values are numpy
    arrays and the array forms of the local gradients are used; a local gradient may then be a linear map
    (matmul, broadcast, sum), which `local * upstream` applies.
    """
    n = len(vals)
    grads: list = [0.0] * n
    grads[graph.output] = seed
    local_grads: list = [None] * n
    gates, args, params = graph.gates, graph.args, graph.params
    for i in range(n - 1, graph.first_gate - 1, -1):
        a = args[i]
        gate = gates[i]
        local = (gate.vlocal or gate.local) if arrays else gate.local
        # Gates have one or two operands; spelling both cases out avoids a zip loop per gate.
        try:
            if len(a) == 1:
                src = a[0]
                locs = local(vals[src], vals[i], params[i])
                grads[src] = grads[src] + locs[0] * grads[i]  # the chain rule: local times upstream
            else:
                left, right = a
                locs = local(vals[left], vals[right], vals[i], params[i])
                upstream = grads[i]
                grads[left] = grads[left] + locs[0] * upstream
                grads[right] = grads[right] + locs[1] * upstream
        except (ArithmeticError, ValueError) as exc:
            raise _gate_error(graph, i, vals, exc, slope=True) from None
        local_grads[i] = locs
    if check:
        _check_gradients(graph, grads, arrays)
    return grads, local_grads


def _check_gradients(graph: Graph, grads: list, arrays: bool) -> None:
    if not arrays and math.isfinite(sum(grads)):  # an inf or nan anywhere makes the sum non-finite
        return
    for i, g in enumerate(grads):
        if not np.isfinite(g).all():
            line, col = graph.spans[i][:2]
            raise EvalError(Message("gradient_overflow"), line, col)


def _array_gate_error(graph: Graph, i: int, vals: list, out) -> EvalError:
    """A domain error at the first element where a gate's output is not finite, naming that element."""
    index, bad = first_bad(out)
    shape = np.shape(out)
    operands = [np.broadcast_to(vals[a], shape)[index] for a in graph.args[i]]
    exc = OverflowError() if bad == bad else ValueError()
    label, element = graph.label(i), element_text(index) if index else ""
    return domain_error(graph.gates[i], label, graph.span(i), operands, exc, element=element)


def _gate_error(graph: Graph, i: int, vals: list, exc: Exception, slope: bool = False) -> EvalError:
    gate = graph.gates[i]
    operands = [vals[a] for a in graph.args[i]]
    return domain_error(gate, graph.label(i), graph.span(i), operands, exc, slope)
