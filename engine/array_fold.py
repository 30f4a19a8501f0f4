"""Gate construction for arrays: shapes checked as the gates are made, broadcasts made visible.

A mixin of fold.Folder. Operands are the parser's Operand records; an array constant (`np.ones(3)` inside
an expression) has node -1 and an ndarray as its constant, and becomes a node of its own, never a folded
parameter. As in Folder, an operation's result reuses its first operand's record.
"""

from __future__ import annotations

import numpy as np

from .errors import Message
from .gates import REGISTRY
from .graph import CONST
from .shapes import ShapeError, broadcast_shape, check_axis, matmul_shape, shape_text

_LONGEST_NAME = 24  # operand texts in messages are cut here


class ArrayFolding:
    """Array gates and broadcasting for the Folder (which provides `builder` and `node_of`)."""

    source = ""  # the program, set by the parser (for quoting operands in messages)
    tokens = None  # the program's tokens, set by the parser (for the place of an operator)

    def token_place(self, i: int) -> tuple[int, int]:
        """(line, column) of the i-th token."""
        return (
            (self.tokens.lines[i], self.tokens.columns[i]) if self.tokens is not None and i >= 0 else (1, 1)
        )

    def text_of(self, operand) -> str:
        """The operand as the program writes it (`X.T`, `W.dot(X)`), or its wire's name."""
        node = operand.node
        name = self.builder.names.get(node) if node >= 0 else None
        return name or self._span_text((operand.line, operand.column, operand.end_line, operand.end_column))

    def _span_text(self, span: tuple) -> str:
        line, col, end_line, end_col = span
        lines = self.source.split("\n")
        if line != end_line or not 0 < line <= len(lines):
            return "?"
        text = lines[line - 1][col - 1 : end_col - 1].strip()
        return text if len(text) <= _LONGEST_NAME else text[: _LONGEST_NAME - 1] + "…"

    def _expr_text(self, span: tuple) -> str:
        return self._span_text(span)

    def array_node(self, operand):
        """The operand with its array constant made a node (other operands unchanged)."""
        if operand.node < 0 and type(operand.constant) is np.ndarray:
            operand.node = self.node_of(operand)
            operand.constant = operand.text = None
        return operand

    def shape_of(self, operand) -> tuple:
        if operand.node < 0:
            return np.shape(operand.constant)
        return self.builder.shapes.get(operand.node, ())

    def aligned(self, a, b, where: tuple, expr: str) -> tuple[int, int]:
        """Both operands' nodes at one shape: numpy broadcasting, drawn as its own gate."""
        sa, sb = self.shape_of(a), self.shape_of(b)
        if sa == sb:
            return a.node, b.node
        names = (self.text_of(a), self.text_of(b))
        out = broadcast_shape(sa, sb, names, expr, where)
        return self._stretched(a, sa, out), self._stretched(b, sb, out)

    def _stretched(self, operand, shape: tuple, out: tuple) -> int:
        node, builder = operand.node, self.builder
        if shape == out:
            return node
        if not shape and builder.kinds[node] == CONST:
            builder.reshape_const(node, out)  # `np.maximum(0, H)`: the 0 is as big as H, not a gate
            return node
        span = (operand.line, operand.column, operand.end_line, operand.end_column)
        return builder.gate("broadcast", (node,), span, out, shape_text(out))

    def _result(self, operand, node: int, span: tuple):
        operand.node, operand.constant, operand.text = node, None, None
        operand.line, operand.column, operand.end_line, operand.end_column = span
        return operand

    def matmul(self, a, b, where: tuple, span: tuple):
        """`A.dot(B)`, `np.dot(A, B)`, `A @ B`: shapes checked by the notes' dimension analysis."""
        a, b = self.array_node(a), self.array_node(b)
        expr = self._expr_text(span)
        for operand in (a, b):
            if operand.node < 0:  # a plain number
                raise ShapeError(Message("matmul_scalar", expr=expr, name=operand.text), *where)
        matmul_shape(self.shape_of(a), self.shape_of(b), (self.text_of(a), self.text_of(b)), expr, where)
        return self._result(a, self.builder.gate("matmul", (a.node, b.node), span), span)

    def transpose(self, a, where: tuple, span: tuple):
        a = self.array_node(a)
        if a.node < 0 or not self.shape_of(a):
            raise ShapeError(Message("not_an_array", attribute="T", name=self.text_of(a)), *where)
        return self._result(a, self.builder.gate("transpose", (a.node,), span), span)

    def reduction(self, kind: str, a, axis: int | None, where: tuple, span: tuple):
        """`np.sum(A)`, `A.sum(axis=0)`, `np.mean(A)`: one gate, over everything or along one axis."""
        a = self.array_node(a)
        if a.node < 0:
            a.node = self.node_of(a)
        if axis is not None:
            axis = check_axis(self.shape_of(a), axis, self.text_of(a), where)
        text = "None" if axis is None else str(axis)
        return self._result(a, self.builder.gate(kind, (a.node,), span, axis, text), span)

    def elementwise_call(self, fname: str, args: list, span: tuple, where: tuple) -> list:
        """Two operands of a function (max, min) as nodes of one shape, once any array is about."""
        if REGISTRY[fname].arity != 2 or not self.builder.shapes:
            return args
        for arg in args:
            arg.node = self.node_of(arg)
            arg.constant = arg.text = None
        args[0].node, args[1].node = self.aligned(args[0], args[1], where, self._expr_text(span))
        return args
