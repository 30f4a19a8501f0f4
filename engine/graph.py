"""The circuit: an ordered tape of nodes (inputs, constants, then gates in topological order)."""

from __future__ import annotations

from math import prod
from typing import NamedTuple

import numpy as np

from .array_values import as_array
from .errors import REASONS, EvalError, LimitError, Limits, Message
from .gates import REGISTRY, Gate
from .shapes import shape_text

INPUT, CONST, GATE = "input", "const", "gate"


class Span(NamedTuple):
    """Where a node's text is in the program: 1-based, `end_column` just after its last character."""

    line: int
    column: int
    end_line: int
    end_column: int


class Graph:
    """Parallel tuples indexed by node id; every gate comes after all of its inputs.

    A finished graph never changes (parsed graphs are cached and shared between requests).
    """

    __slots__ = (
        "source",
        "kinds",
        "gates",
        "params",
        "param_texts",
        "args",
        "names",
        "spans",
        "groups",
        "defaults",
        "input_ids",
        "first_gate",
        "output",
        "input_index",
        "plan",
        "shapes",
        "compact_plan",
        "warnings",  # what the program probably did not mean, as (message, line, column)
        "backward",  # the student's backward lines (a BackwardProgram), or None
        "limits",  # the Limits it was parsed under (its backward lines are read under them too)
        "random_seed",  # np.random's seed, and its state after the forward pass (None if unused),
        "random_state",  # so the backward lines' np.random.randn continues the same stream
    )

    def __len__(self) -> int:
        return len(self.kinds)

    def span(self, node: int) -> Span:
        """Where a node's text is in the program."""
        return Span(*self.spans[node])

    def label(self, node: int) -> str | None:
        """The symbol drawn for a gate node (None for inputs and constants)."""
        gate = self.gates[node]
        return None if gate is None else gate.label(self.params[node])

    def input_names(self) -> list[str]:
        """Input names in order of first appearance."""
        return [self.names[i] for i in self.input_ids]

    def shape(self, node: int) -> tuple:
        """The node's array shape; () for a single number."""
        return () if self.shapes is None else self.shapes[node]

    def start_values(self, values: dict | None) -> list:
        """The tape's starting values: literal defaults, overridden by `values` for named inputs."""
        start = list(self.defaults)
        if values:
            index = self.input_index
            for name, value in values.items():
                i = index.get(name)
                if i is not None:
                    start[i] = float(value) if self.shapes is None else start_array(self, i, name, value)
        return start


class Builder:
    """Collects nodes in creation order, then renumbers them into a Graph (inputs first).

    A node's record is spread over columns, one list per field, which the Graph keeps as they are.
    """

    def __init__(self, max_gates: int, limits: Limits | None = None):
        self.kinds: list[str] = []
        self.gates: list[Gate | None] = []
        self.params: list = []  # a gate's folded constant (`+1`, `*2`), else None
        self.param_texts: list[str | None] = []  # the constant as the program wrote it
        self.args: list[tuple] = []  # operand node ids
        self.spans: list[tuple] = []  # (line, column, end_line, end_column); Graph.span() names them
        self.defaults: list[float | None] = []  # an input's or constant's value
        self.names: dict[int, str] = {}  # sparse: inputs and named wires
        self.groups: dict[int, int] = {}  # sparse: members of a σ group
        self.input_nodes: list[int] = []  # kept as they are made, so finish() need not search for them
        self.const_nodes: list[int] = []
        self.n_inputs = 0
        self.n_gates = 0
        self.max_gates = max_gates
        self.in_order = True  # no input or constant was created after a gate or a constant
        self.shapes: dict[int, tuple] = {}  # sparse: array-valued nodes; empty for a circuit of numbers
        self.limits = limits or Limits()
        self.elements = 0  # numbers held by array wires so far, against limits.max_total_elements
        self.renumbered: list | None = None  # old id -> new id, once finish() has had to renumber

    # input(), const() and gate() each append one node to every column; spelled out, because a shared
    # helper costs a Python call per node, which big programs notice.
    def input(self, name: str, default, span: tuple, text: str | None = None) -> int:
        """A named input wire with its default value (a number, or an array the program wrote as `text`)."""
        node = len(self.kinds)
        if node != self.n_inputs:
            self.in_order = False
        if type(default) is not float:
            self._array(node, default, name, span)
        self.kinds.append(INPUT)
        self.gates.append(None)
        self.params.append(None)
        self.param_texts.append(text)
        self.args.append(())
        self.spans.append(span)
        self.defaults.append(default)
        self.names[node] = name
        self.input_nodes.append(node)
        self.n_inputs += 1
        return node

    def const(self, value: float, text: str, span: tuple) -> int:
        """A constant operand that could not be folded into its gate (e.g. max(x, 0))."""
        if self.n_gates:
            self.in_order = False
        node = len(self.kinds)
        if type(value) is not float:
            self._array(node, value, text, span)
        self.kinds.append(CONST)
        self.gates.append(None)
        self.params.append(None)
        self.param_texts.append(text)
        self.args.append(())
        self.spans.append(span)
        self.defaults.append(value)
        self.const_nodes.append(node)
        return node

    def gate(self, name: str, args: tuple, span: tuple, param=None, param_text=None) -> int:
        """A gate whose operands are the given node ids."""
        self.n_gates += 1
        if self.n_gates > self.max_gates:
            raise LimitError(Message("too_many_gates", limit=self.max_gates), span[0], span[1])
        gate = REGISTRY[name]
        if self.shapes:
            shapes = self.shapes
            arg_shapes = [shapes.get(arg, ()) for arg in args]
            shape = gate.shape(arg_shapes, param) if gate.shape else max(arg_shapes, key=len)
            if shape:
                self._count(len(self.kinds), shape, gate.label(param), span)
        self.kinds.append(GATE)
        self.gates.append(gate)
        self.params.append(param)
        self.param_texts.append(param_text)
        self.args.append(args)
        self.spans.append(span)
        self.defaults.append(None)
        return len(self.kinds) - 1

    def shape_of(self, node: int) -> tuple:
        return self.shapes.get(node, ())

    def _array(self, node: int, value, what: str, span: tuple) -> None:
        shape = getattr(value, "shape", ())
        if shape:
            self._count(node, shape, what, span)

    def _count(self, node: int, shape: tuple, what: str, span: tuple) -> None:
        """Record an array wire's shape, within the limits (a number per element, per array and in all)."""
        limits, size = self.limits, prod(shape)
        if size > limits.max_array_elements:
            message = Message("array_too_large", what=what, size=size, limit=limits.max_array_elements)
            raise LimitError(message, span[0], span[1])
        self.elements += size
        if self.elements > limits.max_total_elements:
            raise LimitError(Message("too_many_elements", limit=limits.max_total_elements), span[0], span[1])
        self.shapes[node] = shape

    def reshape_const(self, node: int, shape: tuple) -> None:
        """A single-number constant meeting an array becomes that array (so every operand has one shape)."""
        self._count(node, shape, self.param_texts[node], self.spans[node])
        self.defaults[node] = np.full(shape, self.defaults[node])

    def finish(self, source: str, output: int) -> Graph:
        """Renumber so inputs come first, then constants, then gates in creation (topological) order."""
        n_inputs, groups = self.n_inputs, self.groups
        size = len(self.kinds)
        columns = (
            self.kinds,
            self.gates,
            self.params,
            self.param_texts,
            self.args,
            self.spans,
            self.defaults,
        )
        g = Graph()
        g.source = source
        if self.in_order:
            order = range(size)
            g.output = output
            g.groups = tuple(map(groups.get, order)) if groups else (None,) * size
            g.kinds, g.gates, g.params, g.param_texts, g.args, g.spans, g.defaults = map(tuple, columns)
        else:
            kinds = self.kinds
            order = self.input_nodes + self.const_nodes
            order += [i for i in range(size) if kinds[i] is GATE]
            new_id = [0] * size
            for new, old in enumerate(order):
                new_id[old] = new
            self.renumbered = new_id
            reordered = (tuple(map(column.__getitem__, order)) for column in columns)
            g.kinds, g.gates, g.params, g.param_texts, args, g.spans, g.defaults = reordered
            g.args = tuple(_renumbered(args, new_id))
            g.output = new_id[output]
            g.groups = tuple(None if i not in groups else new_id[groups[i]] for i in order)
        g.names = tuple(map(self.names.get, order))
        g.shapes = tuple(map(self.shape_of, order)) if self.shapes else None
        g.input_ids = tuple(range(n_inputs))
        g.input_index = dict(zip(g.names[:n_inputs], g.input_ids, strict=True))
        g.first_gate = size - self.n_gates
        g.plan = g.compact_plan = None
        g.warnings = ()
        g.backward = None
        g.limits, g.random_seed, g.random_state = self.limits, 0, None
        return g

    def new_id(self, node: int) -> int:
        """A node's id in the finished graph."""
        return node if self.renumbered is None else self.renumbered[node]


def start_array(graph: Graph, node: int, name: str, value):
    """A given value for an input of an array program: its shape must be the program's."""
    # check_values has already checked what evaluate() is given; a float array needs no second look
    array = value if type(value) is np.ndarray and value.dtype == np.float64 else as_array(name, value)
    shape = graph.shapes[node]
    if array.shape != shape:
        message = Message("value_shape", name=name, given=shape_text(array.shape), shape=shape_text(shape))
        raise EvalError(message)
    return array if shape else np.float64(array)


def _renumbered(args, new_id: list) -> list:
    """Operand tuples with node ids mapped through new_id; gates have one or two operands."""
    out = []
    append = out.append
    for a in args:
        if len(a) == 1:
            append((new_id[a[0]],))
        elif len(a) == 2:
            append((new_id[a[0]], new_id[a[1]]))
        else:
            append(tuple([new_id[x] for x in a]))
    return out


def domain_error(
    gate: Gate, label: str, span: Span, operands, exc: Exception, slope: bool = False, element: str = ""
) -> EvalError:
    """An EvalError that names the gate and its operands; its place in the source is its line and column.

    For an array gate, `element` names the first element that failed (`[1, 2]`), whose operands are given.
    """
    shown = ", ".join(_short(v) for v in operands) + (f" (element {element})" if element else "")
    if isinstance(exc, OverflowError):
        code = "too_large"
    elif isinstance(exc, ZeroDivisionError):
        code = gate.reason or "division_by_zero"
    else:
        code = gate.reason or "undefined"
    message = Message(
        "no_slope" if slope else "domain", gate=label, at=shown, reason=REASONS[code], reason_code=code
    )
    return EvalError(message, span.line, span.column)


def _short(v) -> str:
    try:
        return f"{float(v):.4g}"
    except (TypeError, ValueError):
        return str(v)
