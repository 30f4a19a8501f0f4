"""Gate construction with constant folding: a constant operand becomes part of a unary gate (`+1`, `*2`).

Operands are tuples `(node, constant, constant_text, line, column, end_line, end_column)`; `node` is -1
for a constant, which is folded away and never becomes a node of its own unless a gate needs it (max, min).
"""

from __future__ import annotations

import math

from .errors import EvalError, Message, ParseError
from .gates import FUNCTION_ALIASES, FUNCTIONS, REGISTRY, number_text
from .graph import Builder

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


class Folder:
    """Turns operators and calls on operands into gates, folding constants as the notes' figures do."""

    def __init__(self, max_gates: int, expand_sigmoid: bool):
        self.builder = Builder(max_gates)
        self.expand_sigmoid = expand_sigmoid

    @staticmethod
    def function(name: str) -> str | None:
        """The gate a function name calls, or None."""
        return FUNCTIONS.get(name) or FUNCTION_ALIASES.get(name)

    @staticmethod
    def function_names() -> list[str]:
        return list(FUNCTIONS)

    @staticmethod
    def arity_message(fname: str, given: int) -> str:
        # Gates take one or two operands.
        if REGISTRY[fname].arity == 1:
            return Message("arity_one", function=fname, given=given)
        if given == 1:
            return Message("arity_two_got_one", function=fname)
        return Message("arity_two", function=fname, given=given)

    def node_of(self, operand: tuple) -> int:
        """The node of an operand, creating a constant node if needed."""
        if operand[0] >= 0:
            return operand[0]
        return self.builder.const(operand[1], operand[2], operand[3:])

    def name(self, node: int, name: str) -> None:
        """Give a wire the user's name (the first name wins when names alias one wire)."""
        self.builder.names.setdefault(node, name)

    def binary(self, optok: tuple, a: tuple, b: tuple) -> tuple:
        op = optok[1]
        span = (a[3], a[4], b[5], b[6])
        if b[0] < 0:
            if a[0] < 0:
                try:
                    value = _CONST_OPS[op](a[1], b[1])
                except (ArithmeticError, ValueError):
                    value = math.nan
                return self._constant(value, span, f"`{a[2]} {op} {b[2]}`")
            node = self.builder.gate(_FOLDED[op][0], (a[0],), span, b[1], b[2])
        elif a[0] < 0:
            return self._unary_gate(_FOLDED[op][1], b[0], span, a[1], a[2])
        else:
            node = self.builder.gate(_BINARY[op], (a[0], b[0]), span)
        return (node, None, None, a[3], a[4], b[5], b[6])

    def unary(self, optok: tuple, a: tuple) -> tuple:
        span = (optok[2], optok[3], a[5], a[6])
        if optok[1] == "+":
            return a[:3] + span
        if a[0] < 0:
            text = a[2][1:] if a[2].startswith("-") else "-" + a[2]
            return (-1, -a[1], text) + span
        return self._unary_gate("scale", a[0], span, -1.0, "-1")

    def call(self, fname: str, args: list, span: tuple, name_tok: tuple) -> tuple:
        gate = REGISTRY[fname]
        if len(args) != gate.arity:
            raise ParseError(self.arity_message(fname, len(args)), name_tok[2], name_tok[3])
        if all(arg[0] < 0 for arg in args):
            try:
                value = gate.forward(*(arg[1] for arg in args), None)
            except (ArithmeticError, ValueError):
                value = math.nan
            shown = ", ".join(arg[2] for arg in args)
            return self._constant(value, span, f"`{fname}({shown})`")
        if gate.arity == 2:
            nodes = tuple(self.node_of(arg) for arg in args)
            return (self.builder.gate(fname, nodes, span), None, None) + span
        if fname == "sigmoid" and self.expand_sigmoid:
            return self._sigmoid_chain(args[0][0], span)
        return (self.builder.gate(fname, (args[0][0],), span), None, None) + span

    def _unary_gate(self, name: str, node: int, span: tuple, c: float, text: str) -> tuple:
        builder = self.builder
        gate_id = builder.gate(name, (node,), span, c, text)
        if name == "rdiv_const" and c == 1.0:
            self._mark_written_sigmoid(gate_id)
        return (gate_id, None, None) + span

    def _sigmoid_chain(self, node: int, span: tuple) -> tuple:
        """σ expanded into the notes' chain *-1, exp, +1, 1/x, grouped under its last gate."""
        gate = self.builder.gate
        neg = gate("scale", (node,), span, -1.0, "-1")
        ex = gate("exp", (neg,), span)
        den = gate("add_const", (ex,), span, 1.0, "1")
        out = gate("rdiv_const", (den,), span, 1.0, "1.0")
        for member in (neg, ex, den, out):
            self.builder.groups[member] = out
        return (out, None, None) + span

    def _mark_written_sigmoid(self, out: int) -> None:
        """Group a typed-out 1/(1 + exp(-u)) so the code speaks of it as one σ, as the notes do."""
        b = self.builder
        chain = [out]
        for gate_name, c in (("add_const", 1.0), ("exp", None), ("scale", -1.0)):
            node = b.args_of(chain[-1])[0]
            gate = b.gate_of(node)
            if gate is None or gate.name != gate_name or b.param_of(node) != c or node in b.names:
                return
            chain.append(node)
        for member in chain:
            b.groups[member] = out

    @staticmethod
    def _constant(value: float, span: tuple, what: str) -> tuple:
        if not math.isfinite(value):
            raise EvalError(Message("no_value", what=what), span[0], span[1])
        return (-1, value, number_text(value)) + span
