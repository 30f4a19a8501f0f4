"""Gate construction with constant folding: a constant operand becomes part of a unary gate (`+1`, `*2`).

A constant operand (node -1) is folded away and never becomes a node of its own unless a gate needs it
(max, min).
"""

from __future__ import annotations

import math

import numpy as np

from .array_fold import ArrayFolding
from .array_gates import ARRAY_FUNCTIONS
from .errors import EvalError, Limits, Message, ParseError
from .gates import FUNCTION_ALIASES, FUNCTIONS, REGISTRY, SIGMOID_CHAIN, number_text
from .graph import Builder, Span

_BINARY = {"+": "add", "-": "sub", "*": "mul", "/": "div", "**": "pow", "^": "pow"}
# (gate when the constant is on the right, gate when it is on the left)
_FOLDED = {
    "+": ("add_const", "add_const"),
    "-": ("sub_const", "rsub_const"),
    "*": ("scale", "scale"),
    "/": ("div_const", "rdiv_const"),
    "**": ("pow_const", "rpow_const"),
    "^": ("pow_const", "rpow_const"),
}
_CONST_OPS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "**": math.pow,
    "^": math.pow,
}


class Operand:
    """A value on the parser's stack: a wire (`node`), or a constant not yet folded into a gate (`node` -1).

    Spans travel as plain (line, column, end_line, end_column) tuples, one per gate: a `Span` each would
    make big programs slower; `span` and `Graph.span()` give them names.

    Operands are consumed: an operation's result reuses its first operand's record (one object less per
    gate, which big programs notice).
    """

    __slots__ = ("node", "constant", "text", "line", "column", "end_line", "end_column")

    def __init__(self, node: int, constant, text, line: int, column: int, end_line: int, end_column: int):
        self.node = node
        self.constant = constant  # the value of a constant operand, else None
        self.text = text  # a constant as the program wrote it, else None
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column

    @property
    def span(self) -> Span:
        """Where the operand's text is in the program."""
        return Span(self.line, self.column, self.end_line, self.end_column)

    def __repr__(self) -> str:
        return f"Operand({self.node}, {self.constant!r}, {self.text!r}, {tuple(self.span)})"


class Folder(ArrayFolding):
    """Turns operators and calls on operands into gates, folding constants as the notes' figures do."""

    def __init__(self, max_gates: int, expand_sigmoid: bool, limits: Limits | None = None):
        self.builder = Builder(max_gates, limits)
        self.expand_sigmoid = expand_sigmoid

    @staticmethod
    def function(name: str) -> str | None:
        """The gate a function name calls, or None."""
        return FUNCTIONS.get(name) or FUNCTION_ALIASES.get(name)

    @staticmethod
    def arity_message(fname: str, given: int) -> str:
        # Gates take one or two operands (np.dot, np.sum, ... are named by their numpy name).
        if REGISTRY[ARRAY_FUNCTIONS.get(fname, fname)].arity == 1:
            return Message("arity_one", function=fname, given=given)
        if given == 1:
            return Message("arity_two_got_one", function=fname)
        return Message("arity_two", function=fname, given=given)

    def node_of(self, operand: Operand) -> int:
        """The node of an operand, creating a constant node if needed."""
        if operand.node >= 0:
            return operand.node
        return self.builder.const(operand.constant, operand.text, operand.span)

    def name(self, node: int, name: str) -> None:
        """Give a wire the user's name (the first name wins when names alias one wire)."""
        self.builder.names.setdefault(node, name)

    def binary(self, op: str, a: Operand, b: Operand, at: int = -1) -> Operand:
        """`a op b` as a gate, or folded into a constant; the result reuses `a` (`at`: the operator token)."""
        span = (a.line, a.column, b.end_line, b.end_column)
        if op == "@":
            return self.matmul(a, b, self.token_place(at), span)
        if (a.node < 0 and type(a.constant) is np.ndarray) or (b.node < 0 and type(b.constant) is np.ndarray):
            a, b = self.array_node(a), self.array_node(b)  # array constants are nodes, never folded
        if b.node < 0:
            if a.node < 0:
                try:
                    value = _CONST_OPS[op](a.constant, b.constant)
                except (ArithmeticError, ValueError):
                    value = math.nan
                return self._constant(a, value, span, f"`{a.text} {op} {b.text}`")
            a.node = self.builder.gate(_FOLDED[op][0], (a.node,), span, b.constant, b.text)
        elif a.node < 0:
            a.node = self._unary_gate(_FOLDED[op][1], b.node, span, a.constant, a.text)
            a.constant = a.text = None
        elif self.builder.shapes:
            args = self.aligned(a, b, self.token_place(at), self._expr_text(span))
            a.node = self.builder.gate(_BINARY[op], args, span)
        else:
            a.node = self.builder.gate(_BINARY[op], (a.node, b.node), span)
        a.end_line, a.end_column = b.end_line, b.end_column
        return a

    def unary(self, op: str, line: int, column: int, a: Operand) -> Operand:
        """`-a` or `+a` written at (line, column); the result reuses `a`."""
        if op == "-":
            if a.node < 0:
                a.constant = -a.constant
                a.text = a.text[1:] if a.text.startswith("-") else "-" + a.text
            else:
                span = (line, column, a.end_line, a.end_column)
                a.node = self._unary_gate("scale", a.node, span, -1.0, "-1")
        a.line, a.column = line, column
        return a

    def call(self, fname: str, args: list, span: tuple, name_at: tuple) -> Operand:
        """fname(args) as a gate (or a constant when every argument is one); the name is at `name_at`."""
        gate = REGISTRY[fname]
        if len(args) != gate.arity:
            raise ParseError(self.arity_message(fname, len(args)), *name_at)
        args = [self.array_node(arg) for arg in args]
        result = Operand(-1, None, None, *span)
        if all(arg.node < 0 for arg in args):
            try:
                value = gate.forward(*(arg.constant for arg in args), None)
            except (ArithmeticError, ValueError):
                value = math.nan
            shown = ", ".join(arg.text for arg in args)
            return self._constant(result, value, span, f"`{fname}({shown})`")
        if gate.arity == 2:
            args = self.elementwise_call(fname, args, span, name_at)
            result.node = self.builder.gate(fname, tuple(self.node_of(arg) for arg in args), span)
        elif fname == "sigmoid" and self.expand_sigmoid:
            result.node = self._sigmoid_chain(args[0].node, span)
        else:
            result.node = self.builder.gate(fname, (args[0].node,), span)
        return result

    def _unary_gate(self, name: str, node: int, span: tuple, c: float, text: str) -> int:
        gate_id = self.builder.gate(name, (node,), span, c, text)
        if name == "rdiv_const" and c == 1.0:
            self._mark_written_sigmoid(gate_id)
        return gate_id

    def _sigmoid_chain(self, node: int, span: tuple) -> int:
        """σ expanded into the notes' chain (gates.SIGMOID_CHAIN), grouped under its last gate."""
        members = []
        for name, c, text in SIGMOID_CHAIN:
            node = self.builder.gate(name, (node,), span, c, text)
            members.append(node)
        for member in members:
            self.builder.groups[member] = node
        return node

    def _mark_written_sigmoid(self, out: int) -> None:
        """Group a typed-out 1/(1 + exp(-u)) so the code speaks of it as one σ, as the notes do."""
        b = self.builder
        chain = [out]
        for gate_name, c, _ in reversed(SIGMOID_CHAIN[:-1]):
            node = b.args[chain[-1]][0]
            gate = b.gates[node]
            if gate is None or gate.name != gate_name or b.params[node] != c or node in b.names:
                return
            chain.append(node)
        for member in chain:
            b.groups[member] = out

    @staticmethod
    def _constant(result: Operand, value: float, span: tuple, what: str) -> Operand:
        """`result` turned into the constant `value` (what the program wrote is `what`)."""
        if not math.isfinite(value):
            raise EvalError(Message("no_value", what=what), span[0], span[1])
        result.node, result.constant, result.text = -1, value, number_text(value)
        result.line, result.column, result.end_line, result.end_column = span
        return result
