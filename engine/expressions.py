"""Expressions to operands: operators by precedence, calls, names and subscripts, on an explicit stack."""

from __future__ import annotations

import math

import numpy as np

from .array_gates import ARRAY_FUNCTIONS
from .array_values import is_array_value
from .errors import Message, ParseError
from .fold import Operand
from .gates import FUNCTION_ALIASES, FUNCTIONS
from .lexer import KEYWORDS, NAME, NUM
from .messages import undefined_name, unexpected_token, unknown_function
from .numpy_syntax import CREATORS, NumpySyntax

PREFIXES = ("math", "np", "numpy")
NAMED_CONSTANTS = {"pi": math.pi, "e": math.e}
# A name followed by one of these is a call, attribute, subscript or keyword, never a plain variable.
POSTFIX = frozenset(["(", ".", "[", "="])
CALLABLE = frozenset(FUNCTIONS) | frozenset(FUNCTION_ALIASES)
RESERVED = CALLABLE | frozenset(KEYWORDS) | frozenset(PREFIXES)
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "**": 4, "^": 4}
_UNARY_PREC = 3


class ExpressionParser(NumpySyntax):
    """Reads a range of tokens into one operand, making gates through `fold` and inputs for new names."""

    # Whoever builds one sets tokens, fold, env, lists, values, targets, assigned_on and free_names: the
    # program's parser and the backward lines' readers share these rules but not their statements.
    # Nothing here recurses, so deeply nested input ends in a LimitError or a result, never a RecursionError.

    def _error_at(self, message: str, i: int) -> ParseError:
        """A ParseError placed at the i-th token."""
        return ParseError(message, self.tokens.lines[i], self.tokens.columns[i])

    def _new_input(self, name: str, default, span: tuple, text: str | None = None) -> int:
        """An input wire: a number, or an array (np.random.randn(5, 10), [[1, 2], [3, 4]]) kept as given."""
        if type(default) is not np.ndarray:
            return self.fold.builder.input(name, float(default), span)
        return self.fold.builder.input(name, default, span, text)

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
                    if texts[i + 1] not in POSTFIX and text not in RESERVED:
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
        if name in CALLABLE or name in PREFIXES:
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
