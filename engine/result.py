"""evaluate(): text to an evaluated circuit, and its JSON form."""

from __future__ import annotations

import gc
import math
from contextlib import contextmanager
from functools import lru_cache

from .codegen import build_code, code_plan
from .errors import EvalError, Limits
from .graph import Graph
from .names import latex_wire_names, wire_names
from .parser import parse
from .passes import backward, forward
from .trace import build_steps, step_plan


class Result:
    """An evaluated circuit: every wire's value and gradient; steps and code are built on first use."""

    __slots__ = ("graph", "values", "grads", "local_grads", "expand_sigmoid", "_steps", "_code")

    def __init__(self, graph: Graph, values: list, grads: list, local_grads: list, expand_sigmoid: bool):
        self.graph = graph
        self.values = values
        self.grads = grads
        self.local_grads = local_grads
        self.expand_sigmoid = expand_sigmoid
        self._steps = self._code = None

    @property
    def value(self) -> float:
        """The output's value."""
        return self.values[self.graph.output]

    @property
    def gradients(self) -> dict[str, float]:
        """d output / d input for every input, in order of first appearance."""
        names, grads = self.graph.names, self.grads
        return {names[i]: grads[i] for i in self.graph.input_ids}

    @property
    def names(self) -> list:
        """A Python name for every wire (the user's, or t1, t2, ...)."""
        return _plan(self.graph).names

    @property
    def wires(self) -> list[dict]:
        """Every wire in tape order: its name, its gate (or input/const), value and gradient."""
        g, names = self.graph, self.names
        return [
            {"name": names[i], "gate": g.label(i) or g.kinds[i], "value": v, "gradient": d}
            for i, (v, d) in enumerate(zip(self.values, self.grads, strict=True))
        ]

    def __repr__(self) -> str:
        return f"Result(value={self.value!r}, gradients={self.gradients!r})"

    @property
    def steps(self) -> list[dict]:
        """The animation trace (see docs/contract.md)."""
        if self._steps is None:
            self._steps = build_steps(self, _plan(self.graph).steps)
        return self._steps

    @property
    def code(self) -> dict:
        """Staged forward and backward Python code, each backward line linked to its step."""
        if self._code is None:
            self._code = build_code(_plan(self.graph).code, self.values)
        return self._code

    def to_dict(self) -> dict:
        """The JSON body of POST /api/graph (fresh objects on every call)."""
        g, vals, grads, local_grads = self.graph, self.values, self.grads, self.local_grads
        plan = _plan(g)
        nodes = [
            {
                **static,
                "inputs": list(static["inputs"]),
                "span": dict(static["span"]),
                "value": vals[i],
                "gradient": grads[i],
            }
            for i, static in enumerate(plan.nodes)
        ]
        edges = [
            {
                "id": e,
                "source": src,
                "target": i,
                "port": port,
                "value": vals[src],
                "gradient": local_grads[i][port] * grads[i],
            }
            for e, (src, i, port) in enumerate(plan.edges)
        ]
        names = g.names
        return {
            "expr": g.source,
            "value": self.value,
            "output": g.output,
            "gradients": self.gradients,
            "inputs": [
                {"name": names[i], "node": i, "value": vals[i], "gradient": grads[i]} for i in g.input_ids
            ],
            "nodes": nodes,
            "edges": edges,
            "steps": build_steps(self, plan.steps),
            "code": build_code(plan.code, vals),
            "options": {"expand_sigmoid": self.expand_sigmoid},
        }


class _Plan:
    """Everything about a graph's JSON, steps and code that does not depend on input values."""

    __slots__ = ("names", "nodes", "edges", "steps", "code")

    def __init__(self, graph: Graph):
        self.names = wire_names(graph)
        tex = latex_wire_names(graph, self.names)
        self.nodes = [_node_static(graph, i, tex[i]) for i in range(len(graph.kinds))]
        self.edges = [(src, i, port) for i, a in enumerate(graph.args) for port, src in enumerate(a)]
        self.steps = step_plan(graph, self.names, tex)
        self.code = code_plan(graph, self.names, self.steps[1])


def _plan(graph: Graph) -> _Plan:
    # The plan depends only on the (immutable) graph, so it is computed once and kept with it.
    if graph.plan is None:
        graph.plan = _Plan(graph)
    return graph.plan


def _node_static(graph: Graph, i: int, tex: str | None) -> dict:
    gate, kind, span = graph.gates[i], graph.kinds[i], graph.span(i)
    if gate is not None:
        label = graph.label(i)
    elif kind == "const":
        label = graph.param_texts[i]
    else:
        label = graph.names[i]
    return {
        "id": i,
        "kind": kind,
        "gate": None if gate is None else gate.name,
        "label": label,
        "name": graph.names[i],
        "inputs": graph.args[i],
        "span": span._asdict(),
        "group": graph.groups[i],
        "tex": tex,
    }


@lru_cache(maxsize=256)
def _cached_parse(source: str, names: frozenset, expand_sigmoid: bool, limits: Limits) -> Graph:
    return parse(source, dict.fromkeys(names, 0.0), expand_sigmoid=expand_sigmoid, limits=limits)


CACHE_MAX_CHARS = 4_000


def evaluate(
    source: str,
    values: dict | None = None,
    *,
    expand_sigmoid: bool = False,
    limits: Limits | None = None,
) -> Result:
    """Parse, run forward and backward; `values` override literal inputs (`{"x": -2}`).

    Parsed graphs of short programs are immutable and kept in a small LRU cache, so moving a slider
    (same text, new values) skips parsing.
    """
    values = check_values(values)
    limits = limits or DEFAULT_LIMITS
    expand_sigmoid = bool(expand_sigmoid)
    if isinstance(source, str) and len(source) <= CACHE_MAX_CHARS and PARSE_CACHE[0]:
        graph = _cached_parse(source, frozenset(values), expand_sigmoid, limits)
        vals = forward(graph, graph.start_values(values))
        grads, local_grads = backward(graph, vals)
    else:
        # Pausing the collector only pays for big tapes; for a short program it costs more than it saves.
        if isinstance(source, str) and len(source) > CACHE_MAX_CHARS:
            with no_cyclic_gc():
                graph, vals, grads, local_grads = _run(source, values, expand_sigmoid, limits)
        else:
            graph, vals, grads, local_grads = _run(source, values, expand_sigmoid, limits)
    return Result(graph, vals, grads, local_grads, expand_sigmoid)


def _run(source: str, values: dict, expand_sigmoid: bool, limits: Limits) -> tuple:
    graph = parse(source, values, expand_sigmoid=expand_sigmoid, limits=limits)
    vals = forward(graph, graph.start_values(values))
    return (graph, vals, *backward(graph, vals))


@contextmanager
def no_cyclic_gc():
    """Pause the cyclic garbage collector while building a large tape.

    The tape holds millions of small tuples but no reference cycles; without this, the collector rescans
    them again and again as they are created, which makes big programs several times slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


DEFAULT_LIMITS = Limits()
PARSE_CACHE = [True]  # benchmarks switch it off to time parsing from text


def set_parse_cache(enabled: bool) -> None:
    """Turn the parse cache on or off (and empty it)."""
    PARSE_CACHE[0] = enabled
    _cached_parse.cache_clear()


def check_values(values) -> dict:
    """Input values must be finite numbers keyed by name."""
    if not values:
        return {}
    if not isinstance(values, dict):
        raise EvalError("input values must be given as a mapping from names to numbers")
    for name, value in values.items():
        if type(value) is float or type(value) is int:  # the usual case, checked first because it is cheap
            if not math.isfinite(value):
                raise EvalError(f"the value of `{name}` must be a finite number")
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise EvalError(f"the value of `{name}` must be a number") from None
        if not math.isfinite(value):
            raise EvalError(f"the value of `{name}` must be a finite number")
    return values
