"""Parser: program text to a Graph, with an explicit-stack (shunting-yard) expression parser.

Nothing here recurses, so deeply nested input ends in a LimitError or a result, never a RecursionError.
"""

from __future__ import annotations

import math

import numpy as np

from .array_gates import ARRAY_FUNCTIONS
from .array_values import is_array_value
from .errors import LimitError, Limits, Message, ParseError
from .fold import Folder, Operand
from .gates import FUNCTION_ALIASES, FUNCTIONS
from .graph import Graph
from .lexer import KEYWORDS, NAME, NUM, OP, SEP, Tokens, tokenize
from .messages import undefined_name, unexpected_token, unknown_function
from .numpy_syntax import CREATORS, NumpySyntax
from .reading import BackwardProgram, split_backward
from .traps import program_warnings

PREFIXES = ("math", "np", "numpy")
NAMED_CONSTANTS = {"pi": math.pi, "e": math.e}
_POSTFIX = frozenset(["(", ".", "[", "="])
_CALLABLE = frozenset(FUNCTIONS) | frozenset(FUNCTION_ALIASES)
_RESERVED = _CALLABLE | frozenset(KEYWORDS) | frozenset(PREFIXES)
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "**": 4, "^": 4}
_UNARY_PREC = 3


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
    return _Parser(source, values or {}, limits, expand_sigmoid, seed).run()


class _Parser(NumpySyntax):
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
        self.constants: dict | None = None  # names bound to numbers, when reading backward lines

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
            if after == "(" and name not in _CALLABLE:
                return
            if name in inputs or name in _RESERVED or after in _POSTFIX or (i and texts[i - 1] == "."):
                continue
            inputs[name] = i
        new_input = self.fold.builder.input
        lines, columns, end_column = tokens.lines, tokens.columns, tokens.end_column
        for name, i in inputs.items():
            span = (lines[i], columns[i], lines[i], end_column(i))
            self.env[name] = new_input(name, self._default_for(name), span)

    def _error_at(self, message: str, i: int) -> ParseError:
        """A ParseError placed at the i-th token."""
        return ParseError(message, self.tokens.lines[i], self.tokens.columns[i])

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

    def _list_elements(self, start: int, end: int) -> list[tuple[int, int]]:
        """The token ranges of the elements of the list `[...]` at tokens[start:end]."""
        texts, kinds = self.tokens.texts, self.tokens.kinds
        if texts[end - 1] != "]":
            raise self._error_at(Message("list_alone"), end - 1)
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
                    raise self._error_at(Message("empty_element"), i)
                elements.append((item_start, i))
                item_start = i + 1
        return elements

    def _list_assignment(self, name: str, start: int, end: int) -> int:
        tokens = self.tokens
        if tokens.texts[end - 1] == "]" and (tokens.texts[start + 1] == "[" or self._used_whole(name, end)):
            where = (tokens.lines[start], tokens.columns[start])
            array = self._array_literal(start, end, where)
            span = where + (tokens.lines[end - 1], tokens.columns[end - 1] + 1)
            node = self.env[name] = self._new_input(name, array, span)
            self.assigned_on[name] = tokens.lines[start]
            return node
        elements = self._list_elements(start, end)
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

    def _new_input(self, name: str, default, span: tuple, text: str | None = None) -> int:
        """An input wire: a number, or an array (np.random.randn(5, 10), [[1, 2], [3, 4]]) kept as given."""
        if type(default) is not np.ndarray:
            return self.fold.builder.input(name, float(default), span)
        return self.fold.builder.input(name, default, span, text)

    # --- expressions -------------------------------------------------------------------------------

    def _expression(self, start: int, end: int) -> Operand:
        """Shunting-yard over tokens[start:end]."""
        tokens, fold = self.tokens, self.fold
        kinds, texts, lines, columns = tokens.kinds, tokens.texts, tokens.lines, tokens.columns
        odd_ends = tokens.ends  # names whose normalised spelling changed length (rare)
        binary, env = fold.binary, self.env
        vals: list[Operand] = []
        # ("(", i, call) | ("u", i, precedence) | ("b", i, precedence), where i is the token's index
        ops: list[tuple] = []
        expect_operand = True
        inf = math.inf
        i = start
        while i < end:
            kind, text = kinds[i], texts[i]
            if expect_operand:
                if kind == NUM:
                    value = float(text)
                    if value == inf:
                        raise self._error_at(Message("number_too_large", number=text), i)
                    line, col = lines[i], columns[i]
                    vals.append(Operand(-1, value, text, line, col, line, col + len(text)))
                    expect_operand = False
                elif kind == NAME:
                    if texts[i + 1] not in _POSTFIX and text not in _RESERVED:
                        node = env.get(text)
                        line, col = lines[i], columns[i]
                        end_col = col + len(text) if not odd_ends else tokens.end_column(i)
                        if node is None:
                            vals.append(self._variable(text, (line, col, line, end_col)))
                        else:
                            vals.append(Operand(node, None, None, line, col, line, end_col))
                        expect_operand = False
                        i += 1
                        continue
                    i, call = self._name(i, end, vals, ops)
                    if call is not None:
                        ops.append(call)
                    else:
                        expect_operand = False
                elif text == "(":
                    ops.append(("(", i, None))
                elif text == "-" or text == "+":
                    ops.append(("u", i, _UNARY_PREC))
                elif text == ")" and ops and ops[-1][0] == "(" and ops[-1][2] is not None:
                    call = ops[-1][2]
                    raise self._error_at(fold.arity_message(call[0], 0), call[2])
                else:
                    raise self._error_at(unexpected_token(tokens[i], expecting_operand=True), i)
            elif text in _PREC:
                prec = _PREC[text]
                while ops:
                    top = ops[-1]
                    if top[0] == "(" or top[2] < prec or (top[2] == prec and prec == 4):
                        break
                    ops.pop()
                    if top[0] == "u":
                        self._reduce(top, vals)
                    else:
                        right = vals.pop()
                        vals[-1] = binary(texts[top[1]], vals[-1], right, top[1])
                ops.append(("b", i, prec))
                expect_operand = True
            elif text == ")" or text == ",":
                while ops and ops[-1][0] != "(":
                    self._reduce(ops.pop(), vals)
                if not ops:
                    raise self._error_at(unexpected_token(tokens[i], expecting_operand=False), i)
                ops_top = ops[-1]
                call = ops_top[2]
                if text == ",":
                    if call is None:
                        raise self._error_at(Message("no_tuples"), i)
                    call[1] += 1
                    expect_operand = True
                else:
                    ops.pop()
                    if call is None:  # brackets widen the operand's span to include them
                        opening, inner = ops_top[1], vals[-1]
                        inner.line, inner.column = lines[opening], columns[opening]
                        inner.end_line, inner.end_column = lines[i], columns[i] + 1
                    else:
                        self._reduce_call(call, vals, i)
            elif text == ".":
                i, call = self._postfix(i, end, vals)
                if call is not None:
                    ops.append(call)
                    expect_operand = True
            else:
                raise self._error_at(unexpected_token(tokens[i], expecting_operand=False), i)
            i += 1
        if expect_operand:
            last = end - 1 if end > start else start
            raise self._error_at(Message("ends_early", token=texts[last]), last)
        while ops:
            self._reduce(ops.pop(), vals)
        return vals[-1]

    def _reduce(self, op: tuple, vals: list) -> None:
        i = op[1]
        if op[0] == "u":
            tokens = self.tokens
            vals[-1] = self.fold.unary(tokens.texts[i], tokens.lines[i], tokens.columns[i], vals[-1])
        else:
            right = vals.pop()
            vals[-1] = self.fold.binary(self.tokens.texts[i], vals[-1], right, i)

    def _reduce_call(self, call: list, vals: list, close: int) -> None:
        fname, argc, name_i = call[0], call[1] + 1 + call[4], call[2]  # call[4]: 1 for a method's receiver
        args = vals[len(vals) - argc :]
        del vals[len(vals) - argc :]
        tokens = self.tokens
        span = (tokens.lines[name_i], call[3], tokens.lines[close], tokens.columns[close] + 1)
        if fname in ARRAY_FUNCTIONS:
            vals.append(self._array_call(call, args, span))
        else:
            vals.append(self.fold.call(fname, args, span, (tokens.lines[name_i], tokens.columns[name_i])))

    def _name(self, i: int, end: int, vals: list, ops: list) -> tuple[int, list | None]:
        """Resolve a name (variable, constant, subscript, or the start of a call) at tokens[i]."""
        tokens = self.tokens
        texts = tokens.texts
        name, start_col = texts[i], tokens.columns[i]
        if name in KEYWORDS:
            raise self._error_at(KEYWORDS[name], i)
        nxt = texts[i + 1] if i + 1 < end else ""
        if nxt == "=":
            return self._keyword(i, ops), None
        if nxt == "." and name not in PREFIXES:
            return self._receiver(i, vals)
        if nxt == "." and i + 2 < end and texts[i + 2] in CREATORS:
            return self._creation(i, vals), None
        prefixed = nxt == "."
        if prefixed:
            i, name = self._attribute(i, end)
            nxt = texts[i + 1] if i + 1 < end else ""
            if name in NAMED_CONSTANTS and nxt != "(":
                value = NAMED_CONSTANTS[name]
                line = tokens.lines[i]
                vals.append(Operand(-1, value, repr(value), line, start_col, line, tokens.end_column(i)))
                return i, None
        if nxt == "(" and prefixed and name in ARRAY_FUNCTIONS:
            return i + 1, ("(", i + 1, [name, 0, i, start_col, 0, None])
        if nxt == "(":
            fname = self.fold.function(name)
            if fname is None:
                raise self._error_at(unknown_function(name, self.env, self.lists), i)
            return i + 1, ("(", i + 1, [fname, 0, i, start_col, 0, None])
        if name in _CALLABLE or name in PREFIXES:
            raise self._error_at(Message("call_it", name=name), i)
        if nxt == "[":
            return self._subscript(i, end, vals)
        line = tokens.lines[i]
        vals.append(self._variable(name, (line, tokens.columns[i], line, tokens.end_column(i))))
        return i, None

    def _attribute(self, i: int, end: int) -> tuple[int, str]:
        """`math.exp` and the like: the index of the name after the prefix, and that name."""
        tokens = self.tokens
        kinds, texts = tokens.kinds, tokens.texts
        prefix = texts[i]
        if prefix not in PREFIXES:
            raise self._error_at(Message("bad_prefix", prefix=prefix), i)
        if i + 2 >= end or kinds[i + 2] != NAME:
            raise self._error_at(Message("name_after_prefix", prefix=prefix), i + 1)
        attr = texts[i + 2]
        known = attr in NAMED_CONSTANTS or attr in ARRAY_FUNCTIONS
        if not known and self.fold.function(attr) is None:
            message = unknown_function(f"{prefix}.{attr}", self.env, self.lists)
            raise self._error_at(message, i + 2)
        return i + 2, attr

    def _subscript(self, i: int, end: int, vals: list) -> tuple[int, None]:
        tokens = self.tokens
        kinds, texts = tokens.kinds, tokens.texts
        name = texts[i]
        if i + 3 >= end or kinds[i + 2] != NUM or texts[i + 3] != "]":
            raise self._error_at(Message("whole_index"), i + 1)
        if not texts[i + 2].isdigit():
            raise self._error_at(Message("whole_index"), i + 2)
        index = int(texts[i + 2])
        key = f"{name}[{index}]"
        span = (tokens.lines[i], tokens.columns[i], tokens.lines[i + 3], tokens.columns[i + 3] + 1)
        if name in self.lists and index >= self.lists[name]:
            size = self.lists[name]
            raise self._error_at(Message("index_range", name=name, size=size, last=size - 1), i + 2)
        if name in self.env and name not in self.lists:
            if self.fold.builder.shape_of(self.env[name]):
                raise self._error_at(Message("array_index", name=name), i + 1)
            raise self._error_at(Message("not_a_list", name=name), i)
        vals.append(self._variable(key, span))
        return i + 3, None

    def _variable(self, name: str, span: tuple) -> Operand:
        """The operand a name stands for, creating its input on first use (or explaining why not)."""
        node = self.env.get(name)
        if self.constants is not None:
            return self._number(name, span)
        if node is None and self.free_names and not self.lists:
            node = self.env[name] = self.fold.builder.input(name, self._default_for(name), span)
        elif node is None:
            base = name.split("[", 1)[0]
            if name in self.lists:
                raise ParseError(Message("use_element", name=name), span[0], span[1])
            if base in self.targets and base not in self.assigned_on:
                message = Message("used_before", name=base, line=self.targets[base])
                raise ParseError(message, span[0], span[1])
            if not (self.free_names or name in self.values):
                message = undefined_name(base, self.assigned_on, self.lists)
                raise ParseError(message, span[0], span[1])
            node = self.env[name] = self._new_input(name, self._default_for(name), span)
        return Operand(node, None, None, *span)

    def _default_for(self, name: str):
        """1.0 for a free name, unless `values` gives it an array (which fixes its shape)."""
        value = self.values.get(name)
        return np.array(value, dtype=float) if is_array_value(value) else 1.0

    def _number(self, name: str, span: tuple) -> Operand:
        """A name read as the number it holds (backward lines), or why it holds none."""
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
    reader = _Parser.__new__(_Parser)
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


def list_elements(tokens: Tokens, start: int, end: int) -> list[tuple[int, int]]:
    """The token ranges of the elements of the list `[...]` at tokens[start:end]."""
    reader = _Parser.__new__(_Parser)
    reader.tokens = tokens
    return reader._list_elements(start, end)
