"""A program's text to its circuit, statement by statement: assignments, lists and the program's order."""

from __future__ import annotations

from .errors import LimitError, Limits, Message, ParseError
from .expressions import CALLABLE, POSTFIX, PREFIXES, RESERVED, ExpressionParser
from .fold import Folder
from .graph import Graph
from .lexer import KEYWORDS, NAME, OP, SEP, Tokens, tokenize
from .reading import BackwardProgram, split_backward
from .traps import program_warnings


def parse(
    source: str,
    values: dict | None = None,
    *,
    expand_sigmoid: bool = False,
    limits: Limits | None = None,
    seed: int = 0,
) -> Graph:
    """Parse a program into its circuit; names in `values` may be used without being assigned.

    The graph keeps the program's own literal defaults; `Graph.start_values` applies `values` on top.
    `seed` decides the numbers of np.random.randn, as `np.random.seed(seed)` would in numpy.
    """
    limits = limits or Limits()
    if not isinstance(source, str):
        raise ParseError("the program must be text", 1, 1)
    if len(source) > limits.max_source_chars:
        raise LimitError(Message("too_long", limit=limits.max_source_chars), 1, 1)
    return ProgramParser(source, values or {}, limits, expand_sigmoid, seed).run()


class ProgramParser(ExpressionParser):
    """Reads statements in order, keeping the names each binds; expressions are left to its base class."""

    def __init__(
        self,
        source: str,
        values: dict,
        limits: Limits,
        expand_sigmoid: bool,
        seed: int = 0,
        read_backward: bool = True,
    ):
        self.source, self.limits, self.expand_sigmoid = source, limits, expand_sigmoid
        self.read_backward = read_backward  # trailing `dx = ...` lines as the backward pass
        self.tokens = tokenize(source, limits.max_depth)
        self.values = values
        self.seed = seed
        self.fold = Folder(limits.max_gates, expand_sigmoid, limits)
        self.fold.source, self.fold.tokens = source, self.tokens
        self.env: dict[str, int] = {}
        self.lists: dict[str, int] = {}
        self.assigned_on: dict[str, int] = {}

    def run(self) -> Graph:
        statements = self._statements()
        if not statements:
            raise ParseError(Message("empty"), 1, 1)
        backward_lines = []
        if self.read_backward:
            statements, backward_lines = split_backward(self.tokens, statements)
        kinds, texts, lines = self.tokens.kinds, self.tokens.texts, self.tokens.lines
        targets = {}
        for start, _end in statements:
            if kinds[start] == NAME and texts[start + 1] == "=" and texts[start] not in targets:
                targets[texts[start]] = lines[start]
        self.targets = targets
        self.free_names = not targets
        if self.free_names and not backward_lines:
            self._create_free_inputs()
        output = None
        last = len(statements) - 1
        for index, (start, end) in enumerate(statements):
            if self._random_seed_line(start, end):  # `np.random.seed(0)`: a line that makes no wire
                continue
            output = self._statement(start, end, index == last)
        if output is None:
            raise ParseError(Message("empty"), 1, 1)
        builder = self.fold.builder
        graph = builder.finish(self.source, output)
        graph.random_seed = self.seed
        if getattr(self, "random", None) is not None:
            graph.random_state = self.random.get_state()
        env = self.env
        if len(statements) > 1 or backward_lines or "e" in env or "pi" in env:
            # (one expression's wires all reach its output, so big expressions skip this)
            env = {name: builder.new_id(node) for name, node in env.items()}
            graph.warnings = program_warnings(graph, env, self.assigned_on)
            if backward_lines:
                graph.backward = BackwardProgram(self.tokens, tuple(backward_lines), env, dict(self.lists))
        self.tokens = self.fold.tokens = None  # free them, to lower peak memory
        return graph

    def _statements(self) -> list[tuple[int, int]]:
        """Each statement's token range [start, end)."""
        # Find the separators with one comprehension, then walk only those (far fewer than tokens).
        separators = [i for i, kind in enumerate(self.tokens.kinds) if kind is SEP]
        statements, start = [], 0
        for i in separators:
            if i > start:
                statements.append((start, i))
            start = i + 1
        return statements

    def _create_free_inputs(self) -> None:
        """Create an expression's inputs before its gates, in the order the parse would meet them.

        The parse makes each free name an input on first use anyway; making them all first keeps every
        input ahead of every gate, so the tape needs no renumbering afterwards (costly for big sums).
        A name is an input exactly when it is not reserved, not after `.` and not before `(`, `.` or `[`;
        subscripts make inputs of their own, so with any `[` the parse keeps the job. So it does when a
        call names an unknown function: that error reads differently once the name is a known input.
        """
        if "[" in self.source:  # (a `[` inside a comment only costs this shortcut)
            return
        tokens = self.tokens
        texts = tokens.texts
        inputs = {}  # name -> its first token's index; dicts keep insertion order
        for i in [i for i, kind in enumerate(tokens.kinds) if kind is NAME]:
            name, after = texts[i], texts[i + 1]
            if after == "(" and name not in CALLABLE:
                return
            if name in inputs or name in RESERVED or after in POSTFIX or (i and texts[i - 1] == "."):
                continue
            inputs[name] = i
        new_input = self.fold.builder.input
        lines, columns, end_column = tokens.lines, tokens.columns, tokens.end_column
        for name, i in inputs.items():
            span = (lines[i], columns[i], lines[i], end_column(i))
            self.env[name] = new_input(name, self._default_for(name), span)

    def _statement(self, start: int, end: int, is_last: bool) -> int:
        try:
            return self._statement_body(start, end, is_last)
        except ParseError:
            kinds, texts = self.tokens.kinds, self.tokens.texts
            for i in range(start, end):
                if kinds[i] == NAME and texts[i] in KEYWORDS:
                    raise self._error_at(KEYWORDS[texts[i]], i) from None
            raise

    def _statement_body(self, start: int, end: int, is_last: bool) -> int:
        texts = self.tokens.texts
        if self.tokens.kinds[start] == NAME and texts[start + 1] == "=":
            return self._assignment(start, start + 2, end)
        for i in range(start, end):
            if texts[i] == "+=":  # a backward line ends the program; anywhere else it is an update
                raise self._error_at(Message("no_update", text="+=", op="+"), i)
        for i in range(start, end):
            if texts[i] == "=":
                raise self._error_at(Message("single_name_left"), start)
        if not is_last:
            raise self._error_at(Message("unnamed_line"), start)
        return self.fold.node_of(self._expression(start, end))

    def _assignment(self, target: int, start: int, end: int) -> int:
        """`name = ...` whose name is the target-th token and whose right side is tokens[start:end]."""
        tokens = self.tokens
        name, line, col = tokens.texts[target], tokens.lines[target], tokens.columns[target]
        self._check_target(name, line, col)
        if start >= end:
            raise ParseError(Message("nothing_after", name=name), line, col)
        if tokens.texts[start] == "[":
            return self._list_assignment(name, start, end)
        operand = self._expression(start, end)
        if operand.node < 0:
            span = (line, col, operand.end_line, operand.end_column)
            node = self._new_input(name, operand.constant, span, operand.text)
        else:
            node = operand.node
            self.fold.name(node, name)
        self.env[name] = node
        self.assigned_on[name] = line
        return node

    def _check_target(self, name: str, line: int, col: int) -> None:
        if name in KEYWORDS:
            raise ParseError(KEYWORDS[name], line, col)
        if name in PREFIXES or self.fold.function(name) is not None:
            raise ParseError(Message("builtin_name", name=name), line, col)
        if name in self.assigned_on:
            raise ParseError(
                Message("reassigned", name=name, line=self.assigned_on[name]),
                line,
                col,
            )

    def _list_assignment(self, name: str, start: int, end: int) -> int:
        tokens = self.tokens
        if tokens.texts[end - 1] == "]" and (tokens.texts[start + 1] == "[" or self._used_whole(name, end)):
            where = (tokens.lines[start], tokens.columns[start])
            array = self._array_literal(start, end, where)
            span = where + (tokens.lines[end - 1], tokens.columns[end - 1] + 1)
            node = self.env[name] = self._new_input(name, array, span)
            self.assigned_on[name] = tokens.lines[start]
            return node
        elements = list_elements(tokens, start, end)
        node = None
        for index, (a, b) in enumerate(elements):
            operand = self._expression(a, b)
            if operand.node >= 0:
                raise self._error_at(Message("list_numbers"), a)
            key = f"{name}[{index}]"
            node = self._new_input(key, operand.constant, operand.span)
            self.env[key] = node
        self.lists[name] = len(elements)
        self.assigned_on[name] = self.tokens.lines[start]
        return node


def list_elements(tokens: Tokens, start: int, end: int) -> list[tuple[int, int]]:
    """The token ranges of the elements of the list `[...]` at tokens[start:end]."""
    texts, kinds = tokens.texts, tokens.kinds
    if texts[end - 1] != "]":
        raise ParseError(Message("list_alone"), tokens.lines[end - 1], tokens.columns[end - 1])
    elements, item_start, depth = [], start + 1, 0
    for i in range(start + 1, end):
        text = texts[i]
        if kinds[i] != OP:
            continue
        if text in "([":
            depth += 1
        elif text in ")]" and depth:
            depth -= 1
        elif (text == "," and depth == 0) or i == end - 1:
            if i == item_start:
                raise ParseError(Message("empty_element"), tokens.lines[i], tokens.columns[i])
            elements.append((item_start, i))
            item_start = i + 1
    return elements
