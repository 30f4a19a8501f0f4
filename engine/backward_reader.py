"""A backward line's right side read to its value, by the same expression rules as the forward program."""

from __future__ import annotations

from .errors import Message, ParseError
from .expressions import ExpressionParser
from .fold import Folder, Operand
from .lexer import KEYWORDS, NAME, Tokens
from .messages import undefined_name
from .passes import forward_arrays


class _NumberReader(ExpressionParser):
    """Names stand for the numbers the forward pass gave them, so the line folds to one constant."""

    def _variable(self, name: str, span: tuple) -> Operand:
        """A name read as the number it holds, or why it holds none."""
        value = self.constants.get(name)
        base = name.split("[", 1)[0]
        if isinstance(value, float):
            return Operand(-1, value, name, *span)
        if name in self.lists or isinstance(value, list):
            raise ParseError(Message("use_element", name=name), span[0], span[1])
        if base != name and isinstance(self.constants.get(base), float):
            raise ParseError(Message("not_a_list", name=base), span[0], span[1])
        if base in self.targets:
            raise ParseError(Message("used_before", name=base, line=self.targets[base]), span[0], span[1])
        known = {n: 0 for n in self.constants if "[" not in n}
        raise ParseError(undefined_name(base, known, self.lists), span[0], span[1])


def read_number(tokens: Tokens, start: int, end: int, constants: dict, lists: dict, later: dict) -> float:
    """The value of tokens[start:end] with names bound to `constants`, by the parser's own expression rules.

    `later` maps names a later line assigns to that line (for "used before it is assigned").
    """
    reader = _NumberReader.__new__(_NumberReader)
    reader.tokens, reader.fold, reader.env, reader.values = tokens, Folder(0, False), {}, {}
    reader.lists, reader.assigned_on, reader.targets = lists, {}, later
    reader.free_names, reader.constants = False, constants
    try:
        return reader._expression(start, end).constant
    except ParseError:
        kinds, texts = tokens.kinds, tokens.texts
        for i in range(start, end):
            if kinds[i] == NAME and texts[i] in KEYWORDS:
                raise reader._error_at(KEYWORDS[texts[i]], i) from None
        raise


def read_array(graph, start: int, end: int, names: dict, rng, later: dict):
    """The value of tokens[start:end] (a backward line's right side), with names bound to arrays."""
    program = graph.backward
    reader = ExpressionParser.__new__(ExpressionParser)
    reader.source, reader.tokens, reader.values = graph.source, program.tokens, names
    reader.fold = Folder(1_000, False, graph.limits)
    reader.fold.source, reader.fold.tokens = graph.source, program.tokens
    reader.env, reader.lists, reader.assigned_on, reader.targets = {}, {}, {}, later
    reader.free_names, reader.random, reader._array_program = False, rng, True
    operand = reader._expression(start, end)
    if operand.node < 0:
        return operand.constant
    tape = reader.fold.builder.finish(graph.source, operand.node)
    given = {name: names[name] for name in tape.input_names()}
    return forward_arrays(tape, tape.start_values(given))[tape.output]
