"""Parser: program text to a Graph, with an explicit-stack (shunting-yard) expression parser.

Nothing here recurses, so deeply nested input ends in a LimitError or a result, never a RecursionError.
"""

from __future__ import annotations

import math

from .errors import LimitError, Limits, Message, ParseError
from .fold import Folder
from .gates import FUNCTION_ALIASES, FUNCTIONS
from .graph import Graph
from .lexer import KEYWORDS, NAME, NUM, OP, SEP, tokenize
from .messages import undefined_name, unexpected_token, unknown_function

PREFIXES = ("math", "np", "numpy")
NAMED_CONSTANTS = {"pi": math.pi, "e": math.e}
_POSTFIX = frozenset(["(", ".", "["])
_CALLABLE = frozenset(FUNCTIONS) | frozenset(FUNCTION_ALIASES)
_RESERVED = _CALLABLE | frozenset(KEYWORDS) | frozenset(PREFIXES)
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 4, "^": 4}
_UNARY_PREC = 3


def parse(
    source: str,
    values: dict | None = None,
    *,
    expand_sigmoid: bool = False,
    limits: Limits | None = None,
) -> Graph:
    """Parse a program into its circuit; names in `values` may be used without being assigned.

    The graph keeps the program's own literal defaults; `Graph.start_values` applies `values` on top.
    """
    limits = limits or Limits()
    if not isinstance(source, str):
        raise ParseError("the program must be text", 1, 1)
    if len(source) > limits.max_source_chars:
        raise LimitError(Message("too_long", limit=limits.max_source_chars), 1, 1)
    return _Parser(source, values or {}, limits, expand_sigmoid).run()


class _Parser:
    def __init__(self, source: str, values: dict, limits: Limits, expand_sigmoid: bool):
        self.source = source
        self.tokens = tokenize(source, limits.max_depth)
        self.values = values
        self.fold = Folder(limits.max_gates, expand_sigmoid)
        self.env: dict[str, int] = {}
        self.lists: dict[str, int] = {}
        self.assigned_on: dict[str, int] = {}

    def run(self) -> Graph:
        statements = self._statements()
        if not statements:
            raise ParseError(Message("empty"), 1, 1)
        targets = {}
        for start, _end in statements:
            tok = self.tokens[start]
            if tok[0] == NAME and self.tokens[start + 1][1] == "=" and tok[1] not in targets:
                targets[tok[1]] = tok[2]
        self.targets = targets
        self.free_names = not targets
        if self.free_names:
            self._create_free_inputs()
        output = None
        last = len(statements) - 1
        for index, (start, end) in enumerate(statements):
            output = self._statement(start, end, index == last)
        self.tokens = None  # free them before the tape is assembled, to lower peak memory
        return self.fold.builder.finish(self.source, output)

    def _statements(self) -> list[tuple[int, int]]:
        # Find the separators with one comprehension, then walk only those (far fewer than tokens).
        separators = [i for i, tok in enumerate(self.tokens) if tok[0] is SEP]
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
        inputs = {}  # name -> its first token; dicts keep insertion order
        for i in [i for i, tok in enumerate(tokens) if tok[0] is NAME]:
            name, after = tokens[i][1], tokens[i + 1][1]
            if after == "(" and name not in _CALLABLE:
                return
            if name in inputs or name in _RESERVED or after in _POSTFIX or (i and tokens[i - 1][1] == "."):
                continue
            inputs[name] = tokens[i]
        new_input = self.fold.builder.input
        for name, tok in inputs.items():
            self.env[name] = new_input(name, 1.0, (tok[2], tok[3], tok[2], tok[4]))

    def _statement(self, start: int, end: int, is_last: bool) -> int:
        try:
            return self._statement_body(start, end, is_last)
        except ParseError:
            for tok in self.tokens[start:end]:
                if tok[0] == NAME and tok[1] in KEYWORDS:
                    raise ParseError(KEYWORDS[tok[1]], tok[2], tok[3]) from None
            raise

    def _statement_body(self, start: int, end: int, is_last: bool) -> int:
        tokens = self.tokens
        first = tokens[start]
        if first[0] == NAME and tokens[start + 1][1] == "=":
            return self._assignment(first, start + 2, end)
        for i in range(start, end):
            if tokens[i][1] == "=":
                raise ParseError(Message("single_name_left"), first[2], first[3])
        if not is_last:
            raise ParseError(Message("unnamed_line"), first[2], first[3])
        operand = self._expression(start, end)
        return self.fold.node_of(operand)

    def _assignment(self, target: tuple, start: int, end: int) -> int:
        name, line, col = target[1], target[2], target[3]
        self._check_target(name, line, col)
        if start >= end:
            raise ParseError(Message("nothing_after", name=name), line, col)
        if self.tokens[start][1] == "[":
            return self._list_assignment(name, start, end)
        operand = self._expression(start, end)
        if operand[0] < 0:
            node = self._new_input(name, operand[1], (line, col, operand[5], operand[6]))
        else:
            node = operand[0]
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
        if tokens[end - 1][1] != "]":
            tok = tokens[end - 1]
            raise ParseError(Message("list_alone"), tok[2], tok[3])
        elements, item_start, depth = [], start + 1, 0
        for i in range(start + 1, end):
            text = tokens[i][1]
            if tokens[i][0] != OP:
                continue
            if text in "([":
                depth += 1
            elif text in ")]" and depth:
                depth -= 1
            elif (text == "," and depth == 0) or i == end - 1:
                if i == item_start:
                    raise ParseError(Message("empty_element"), tokens[i][2], tokens[i][3])
                elements.append((item_start, i))
                item_start = i + 1
        node = None
        for index, (a, b) in enumerate(elements):
            operand = self._expression(a, b)
            if operand[0] >= 0:
                tok = tokens[a]
                raise ParseError(Message("list_numbers"), tok[2], tok[3])
            key = f"{name}[{index}]"
            node = self._new_input(key, operand[1], operand[3:])
            self.env[key] = node
        self.lists[name] = len(elements)
        self.assigned_on[name] = tokens[start][2]
        return node

    def _new_input(self, name: str, default: float, span: tuple) -> int:
        return self.fold.builder.input(name, float(default), tuple(span))

    # --- expressions -------------------------------------------------------------------------------

    def _expression(self, start: int, end: int) -> tuple:
        """Shunting-yard over tokens[start:end]; returns an operand (node, const, text, *span)."""
        tokens, fold = self.tokens, self.fold
        binary, unary, env = fold.binary, fold.unary, self.env
        vals: list[tuple] = []
        ops: list[tuple] = []  # ("(", token, call) | ("u", token, precedence) | ("b", token, precedence)
        expect_operand = True
        inf = math.inf
        i = start
        while i < end:
            tok = tokens[i]
            kind, text, line, col, end_col = tok  # one unpacking is cheaper than five subscripts
            if expect_operand:
                if kind == NUM:
                    value = float(text)
                    if value == inf:
                        raise ParseError(Message("number_too_large", number=text), line, col)
                    vals.append((-1, value, text, line, col, line, end_col))
                    expect_operand = False
                elif kind == NAME:
                    if tokens[i + 1][1] not in _POSTFIX and text not in _RESERVED:
                        node = env.get(text)
                        if node is None:
                            node = self._variable_node(text, (line, col, line, end_col))
                        vals.append((node, None, None, line, col, line, end_col))
                        expect_operand = False
                        i += 1
                        continue
                    i, call = self._name(i, end, vals)
                    if call is not None:
                        ops.append(call)
                    else:
                        expect_operand = False
                elif text == "(":
                    ops.append(("(", tok, None))
                elif text == "-" or text == "+":
                    ops.append(("u", tok, _UNARY_PREC))
                elif text == ")" and ops and ops[-1][0] == "(" and ops[-1][2] is not None:
                    call = ops[-1][2]
                    raise ParseError(fold.arity_message(call[0], 0), call[2][2], call[2][3])
                else:
                    raise ParseError(unexpected_token(tok, expecting_operand=True), tok[2], tok[3])
            elif text in _PREC:
                prec = _PREC[text]
                while ops:
                    top = ops[-1]
                    if top[0] == "(" or top[2] < prec or (top[2] == prec and prec == 4):
                        break
                    ops.pop()
                    if top[0] == "u":
                        vals[-1] = unary(top[1], vals[-1])
                    else:
                        right = vals.pop()
                        vals[-1] = binary(top[1], vals[-1], right)
                ops.append(("b", tok, prec))
                expect_operand = True
            elif text == ")" or text == ",":
                while ops and ops[-1][0] != "(":
                    self._reduce(ops.pop(), vals)
                if not ops:
                    raise ParseError(unexpected_token(tok, expecting_operand=False), tok[2], tok[3])
                ops_top = ops[-1]
                call = ops_top[2]
                if text == ",":
                    if call is None:
                        raise ParseError(Message("no_tuples"), tok[2], tok[3])
                    call[1] += 1
                    expect_operand = True
                else:
                    ops.pop()
                    if call is None:
                        opening = ops_top[1]
                        vals[-1] = vals[-1][:3] + (opening[2], opening[3], tok[2], tok[4])
                    else:
                        self._reduce_call(call, vals, tok)
            else:
                raise ParseError(unexpected_token(tok, expecting_operand=False), tok[2], tok[3])
            i += 1
        if expect_operand:
            tok = tokens[end - 1] if end > start else tokens[start]
            raise ParseError(Message("ends_early", token=tok[1]), tok[2], tok[3])
        while ops:
            self._reduce(ops.pop(), vals)
        return vals[-1]

    def _reduce(self, op: tuple, vals: list) -> None:
        if op[0] == "u":
            vals[-1] = self.fold.unary(op[1], vals[-1])
        else:
            right = vals.pop()
            vals[-1] = self.fold.binary(op[1], vals[-1], right)

    def _reduce_call(self, call: list, vals: list, close: tuple) -> None:
        fname, argc, name_tok = call[0], call[1] + 1, call[2]
        args = vals[len(vals) - argc :]
        del vals[len(vals) - argc :]
        span = (name_tok[2], call[3], close[2], close[4])
        vals.append(self.fold.call(fname, args, span, name_tok))

    def _name(self, i: int, end: int, vals: list) -> tuple[int, list | None]:
        """Resolve a name (variable, constant, subscript, or the start of a call) at tokens[i]."""
        tokens = self.tokens
        tok = tokens[i]
        name, start_col = tok[1], tok[3]
        if name in KEYWORDS:
            raise ParseError(KEYWORDS[name], tok[2], tok[3])
        nxt = tokens[i + 1][1] if i + 1 < end else ""
        if nxt == ".":
            i, tok, name = self._attribute(i, end)
            nxt = tokens[i + 1][1] if i + 1 < end else ""
            if name in NAMED_CONSTANTS and nxt != "(":
                value = NAMED_CONSTANTS[name]
                vals.append((-1, value, repr(value), tok[2], start_col, tok[2], tok[4]))
                return i, None
        if nxt == "(":
            fname = self.fold.function(name)
            if fname is None:
                raise ParseError(unknown_function(name, self.env, self.lists), tok[2], tok[3])
            return i + 1, ("(", tokens[i + 1], [fname, 0, tok, start_col])
        if name in _CALLABLE or name in PREFIXES:
            raise ParseError(Message("call_it", name=name), tok[2], tok[3])
        if nxt == "[":
            return self._subscript(i, end, vals)
        vals.append(self._variable(name, (tok[2], tok[3], tok[2], tok[4])))
        return i, None

    def _attribute(self, i: int, end: int) -> tuple[int, tuple, str]:
        tokens = self.tokens
        prefix = tokens[i]
        if prefix[1] not in PREFIXES:
            raise ParseError(Message("bad_prefix", prefix=prefix[1]), prefix[2], prefix[3])
        if i + 2 >= end or tokens[i + 2][0] != NAME:
            dot = tokens[i + 1]
            raise ParseError(Message("name_after_prefix", prefix=prefix[1]), dot[2], dot[3])
        attr = tokens[i + 2]
        if attr[1] not in NAMED_CONSTANTS and self.fold.function(attr[1]) is None:
            message = unknown_function(f"{prefix[1]}.{attr[1]}", self.env, self.lists)
            raise ParseError(message, attr[2], attr[3])
        return i + 2, attr, attr[1]

    def _subscript(self, i: int, end: int, vals: list) -> tuple[int, None]:
        tokens = self.tokens
        tok = tokens[i]
        name = tok[1]
        if i + 3 >= end or tokens[i + 2][0] != NUM or tokens[i + 3][1] != "]":
            bracket = tokens[i + 1]
            raise ParseError(Message("whole_index"), bracket[2], bracket[3])
        index_tok = tokens[i + 2]
        if not index_tok[1].isdigit():
            raise ParseError(Message("whole_index"), index_tok[2], index_tok[3])
        index = int(index_tok[1])
        key = f"{name}[{index}]"
        close = tokens[i + 3]
        span = (tok[2], tok[3], close[2], close[4])
        if name in self.lists and index >= self.lists[name]:
            size = self.lists[name]
            message = Message("index_range", name=name, size=size, last=size - 1)
            raise ParseError(message, index_tok[2], index_tok[3])
        if name in self.env and name not in self.lists:
            raise ParseError(Message("not_a_list", name=name), tok[2], tok[3])
        vals.append(self._variable(key, span))
        return i + 3, None

    def _variable(self, name: str, span: tuple) -> tuple:
        return (self._variable_node(name, span), None, None) + span

    def _variable_node(self, name: str, span: tuple) -> int:
        """The node a name refers to, creating its input on first use (or explaining why not)."""
        node = self.env.get(name)
        if node is None and self.free_names and not self.lists:
            node = self.env[name] = self.fold.builder.input(name, 1.0, span)
        elif node is None:
            base = name.split("[", 1)[0]
            if name in self.lists:
                raise ParseError(Message("use_element", name=name), span[0], span[1])
            if base in self.targets and base not in self.assigned_on:
                raise ParseError(Message("used_before", name=base, line=self.targets[base]), span[0], span[1])
            if not (self.free_names or name in self.values):
                raise ParseError(undefined_name(base, self.assigned_on, self.lists), span[0], span[1])
            node = self.env[name] = self._new_input(name, 1.0, span)
        return node
