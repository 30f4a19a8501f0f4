"""evaluate(): text to an evaluated circuit, and its JSON form."""

from __future__ import annotations

import gc
import math
import threading
from collections import OrderedDict
from contextlib import contextmanager

import numpy as np

from .array_checks import array_seed, check_array_backward
from .array_json import arrays_to_json
from .array_values import as_array, is_array_value, value_shape
from .checks import check_backward, seed_value
from .codegen import build_code, code_plan
from .errors import EngineError, EvalError, Limits
from .graph import Graph
from .grouping import collapsible
from .lexer import tokenize
from .names import latex_wire_names, wire_names
from .numpy_syntax import has_array_words
from .parser import parse
from .passes import backward, forward, forward_arrays
from .trace import build_steps, step_plan


class Result:
    """An evaluated circuit: every wire's value and gradient; steps and code are built on first use."""

    __slots__ = (
        *("graph", "values", "grads", "local_grads", "expand_sigmoid", "seed"),
        *("_steps", "_code", "_checks"),  # built on first use
    )

    def __init__(
        self, graph: Graph, values: list, grads: list, local_grads: list, expand_sigmoid: bool, seed: int = 0
    ):
        self.graph = graph
        self.values = values
        self.grads = grads
        self.local_grads = local_grads
        self.expand_sigmoid = expand_sigmoid
        self.seed = seed  # the random seed of np.random.randn
        self._steps = self._code = self._checks = None

    @property
    def value(self):
        """The output's value (a numpy array when the output is an array)."""
        return self.values[self.graph.output]

    @property
    def gradients(self) -> dict:
        """d output / d input for every input, in order of first appearance (arrays for array inputs)."""
        names, grads, g = self.graph.names, self.grads, self.graph
        if g.shapes is None:
            return {names[i]: grads[i] for i in g.input_ids}
        return {names[i]: _at_shape(grads[i], g.shapes[i]) for i in g.input_ids}

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

    @property
    def checks(self) -> list[dict]:
        """The program's backward lines, each checked against the engine's gradients (docs/contract.md)."""
        if self._checks is None:
            names = _plan(self.graph).names if self.graph.backward is not None else []
            if self.graph.shapes is not None and self.graph.backward is not None:
                self._checks = check_array_backward(self.graph, self.values, self.grads, self.local_grads)
            else:
                self._checks = check_backward(self.graph, self.values, self.grads, self.local_grads, names)
        return self._checks

    @property
    def warnings(self) -> list[dict]:
        """What the program probably did not mean: `e` used as an input, a name that never reaches f."""
        return [
            {"line": line, "column": column, **_coded(message)}
            for message, line, column in self.graph.warnings
        ]

    def to_dict(self) -> dict:
        """The JSON body of POST /api/graph (fresh objects on every call)."""
        g, vals, grads, local_grads = self.graph, self.values, self.grads, self.local_grads
        plan = _plan(g)
        nodes = [
            {
                **static,
                "inputs": list(static["inputs"]),
                "span": dict(static["span"]),
                "formula": static["formula"] and dict(static["formula"]),
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
        return (
            {
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
                "checks": [dict(check, params=dict(check["params"])) for check in self.checks],
                "warnings": self.warnings,
                "collapsible": collapsible(self),
            }
            if g.shapes is None
            else self._array_dict(nodes, edges, plan)
        )

    def _array_dict(self, nodes: list, edges: list, plan) -> dict:
        g, vals = self.graph, self.values
        data = {
            "expr": g.source,
            "value": self.value,
            "output": g.output,
            "gradients": {},
            "inputs": [
                {"name": g.names[i], "node": i, "value": vals[i], "gradient": self.grads[i]}
                for i in g.input_ids
            ],
            "nodes": nodes,
            "edges": edges,
            "steps": build_steps(self, plan.steps),
            "code": build_code(plan.code, vals),
            "options": {"expand_sigmoid": self.expand_sigmoid, "seed": self.seed},
            "checks": [dict(check, params=dict(check["params"])) for check in self.checks],
            "warnings": self.warnings,
            "collapsible": [],
        }
        return arrays_to_json(data, g, self.grads[g.output])


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


def _coded(message) -> dict:
    return {"message": str(message), "code": message.code, "params": dict(message.params)}


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
        "formula": None if gate is None else gate.formula(graph.params[i]),
    }


class _GraphCache:
    """Parsed graphs, least recently used first, bounded by their total number of gates.

    A graph keeps its plan (names, JSON skeleton, steps, code: ~2.5 KB per gate), so a bound on entries alone
    let 256 long programs pin over a gigabyte; a bound on gates is a bound on bytes.
    """

    def __init__(self, max_nodes: int) -> None:
        self.max_nodes = max_nodes
        self.nodes = 0
        self.graphs: OrderedDict[tuple, Graph] = OrderedDict()
        self.lock = threading.Lock()

    def parse(self, source: str, keys: frozenset, expand_sigmoid: bool, limits: Limits, seed: int) -> Graph:
        key = (source, keys, expand_sigmoid, limits, seed)
        with self.lock:
            graph = self.graphs.get(key)
            if graph is not None:
                self.graphs.move_to_end(key)
                return graph
        graph = _parse_with_keys(source, keys, expand_sigmoid, limits, seed)
        with self.lock:
            if key not in self.graphs:
                self.graphs[key] = graph
                self.nodes += len(graph.kinds)
            while self.nodes > self.max_nodes and len(self.graphs) > 1:
                _, dropped = self.graphs.popitem(last=False)
                self.nodes -= len(dropped.kinds)
        return graph

    def clear(self) -> None:
        with self.lock:
            self.graphs.clear()
            self.nodes = 0


def _parse_with_keys(source: str, keys: frozenset, expand_sigmoid: bool, limits: Limits, seed: int) -> Graph:
    # A key is a name (a number is given) or (name, shape) (an array is given: its shape shapes the circuit).
    values = {}
    for key in keys:
        if type(key) is str:
            values[key] = 0.0
        else:
            values[key[0]] = np.zeros(key[1])
    return parse(source, values, expand_sigmoid=expand_sigmoid, limits=limits, seed=seed)


def _parse_keys(values: dict) -> frozenset:
    keys = frozenset(values)
    if any(is_array_value(v) for v in values.values()):
        keys = frozenset(k if value_shape(v) is None else (k, value_shape(v)) for k, v in values.items())
    return keys


def evaluate_graph(graph: Graph, values: dict | None = None, *, expand_sigmoid: bool = False) -> Result:
    """Forward and backward over an already parsed graph at these values (numbers or arrays)."""
    values = check_values(values)
    return Result(graph, *_passes(graph, values), expand_sigmoid)


def uses_arrays(source: str) -> bool:
    """The program itself uses numpy arrays (so numpy values for it are arrays, not batches of points)."""
    try:
        return has_array_words(tokenize(source, Limits().max_depth).texts)
    except EngineError:
        return False


def _passes(graph: Graph, values: dict) -> tuple:
    """Forward and backward: over numbers, or over arrays (upstream ones at an array output)."""
    if graph.shapes is None:
        vals = forward(graph, graph.start_values(values))
        if graph.backward is None:
            return (vals, *backward(graph, vals))
        seed = seed_value(graph, vals)  # a program's own `d<output> = ...` line, or 1
        return (vals, *backward(graph, vals, 1.0 if seed is None else seed))
    vals = forward_arrays(graph, graph.start_values(values))
    shape = graph.shapes[graph.output]
    seed = array_seed(graph, vals) if graph.backward is not None else None  # the program's `dD = ...`
    if seed is None:
        seed = np.ones(shape) if shape else 1.0
    return (vals, *backward(graph, vals, seed, arrays=True))


def _at_shape(gradient, shape: tuple):
    if not shape:
        return float(gradient)
    if type(gradient) is np.ndarray and gradient.shape == shape:
        return gradient
    return np.broadcast_to(gradient, shape).copy()  # an input the output does not depend on: zeros


CACHE_MAX_CHARS = 4_000
CACHE_MAX_NODES = 20_000  # about 50 MB of graphs and plans; the notes' circuits are 5 to 30 gates each
_graph_cache = _GraphCache(CACHE_MAX_NODES)


def evaluate(
    source: str,
    values: dict | None = None,
    *,
    expand_sigmoid: bool = False,
    limits: Limits | None = None,
    seed: int = 0,
) -> Result:
    """Parse, run forward and backward; `values` override literal inputs (`{"x": -2}`, `{"W": [[1, 2]]}`).

    `seed` decides np.random.randn's numbers, as `np.random.seed(seed)` would in numpy.

    Parsed graphs of short programs are immutable and kept in a small LRU cache, so moving a slider
    (same text, new values) skips parsing.
    """
    values = check_values(values)
    limits = limits or DEFAULT_LIMITS
    expand_sigmoid = bool(expand_sigmoid)
    seed = check_seed(seed)
    if isinstance(source, str) and len(source) <= CACHE_MAX_CHARS and PARSE_CACHE[0]:
        graph = _graph_cache.parse(source, _parse_keys(values), expand_sigmoid, limits, seed)
        vals, grads, local_grads = _passes(graph, values)
    else:
        # Pausing the collector only pays for big tapes; for a short program it costs more than it saves.
        if isinstance(source, str) and len(source) > CACHE_MAX_CHARS:
            with no_cyclic_gc():
                graph, vals, grads, local_grads = _run(source, values, expand_sigmoid, limits, seed)
        else:
            graph, vals, grads, local_grads = _run(source, values, expand_sigmoid, limits, seed)
    result = Result(graph, vals, grads, local_grads, expand_sigmoid, seed)
    if graph.backward is not None:
        result.checks  # noqa: B018 - errors in backward lines are raised here, like errors in forward lines
    return result


def _run(source: str, values: dict, expand_sigmoid: bool, limits: Limits, seed: int) -> tuple:
    graph = parse(source, values, expand_sigmoid=expand_sigmoid, limits=limits, seed=seed)
    return (graph, *_passes(graph, values))


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
    _graph_cache.clear()


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
        if is_array_value(value):
            as_array(name, value)
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise EvalError(f"the value of `{name}` must be a number") from None
        if not math.isfinite(value):
            raise EvalError(f"the value of `{name}` must be a finite number")
    return values


MAX_SEED = 2**32 - 1


def check_seed(seed) -> int:
    """A seed for numpy's RandomState: a whole number from 0 to 2**32 - 1."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise EvalError(f"the random seed must be a whole number from 0 to {MAX_SEED}")
    return int(seed)
