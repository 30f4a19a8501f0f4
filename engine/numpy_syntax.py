"""The numpy spelling of the language: array literals, np.random.randn / zeros / ones, `.T`, `.dot(...)`,
`.sum(axis=0)`, `np.dot`, `np.sum`, `np.mean`, `np.transpose`, `*D.shape`.

A mixin of expressions.ExpressionParser (whose readers set `tokens`, `fold`, `env`, `values`, `seed`).
Sizes are read from the tokens, not computed: they must be known before anything runs.
"""

from __future__ import annotations

import math

import numpy as np

from .array_code import literal
from .array_gates import ARRAY_FUNCTIONS
from .array_values import is_array_value
from .errors import LimitError, Message, ParseError
from .fold import Operand
from .lexer import NAME, NUM
from .shapes import MAX_DIMS, ShapeError

ATTRIBUTES = frozenset(["T", "dot", "sum", "mean", "shape"])
CREATORS = frozenset(["random", "zeros", "ones", "array"])
# Words that make a program an array program, so that a flat list used whole is one vector input.
_ARRAY_WORDS = ATTRIBUTES | CREATORS | frozenset(ARRAY_FUNCTIONS)


class NumpySyntax:
    """Parsing of numpy's array spelling."""

    def _rng(self) -> np.random.RandomState:
        # RandomState, not default_rng: after `np.random.seed(s)`, numpy's own calls give the same numbers.
        if getattr(self, "random", None) is None:
            self.random = np.random.RandomState(self.seed)
        return self.random

    def _random_seed_line(self, start: int, end: int) -> bool:
        """`np.random.seed(7)` as a statement: the numbers after it are numpy's after the same call."""
        texts = self.tokens.texts
        if (
            end - start != 8
            or texts[start] not in ("np", "numpy")
            or texts[start + 1 : start + 5] != [".", "random", ".", "seed"]
        ):
            return False
        if texts[start + 5] != "(" or texts[start + 7] != ")" or not texts[start + 6].isdigit():
            raise self._error_at(Message("random_seed"), start)
        self.random = np.random.RandomState(min(int(texts[start + 6]), 2**32 - 1))
        return True

    # --- `W.T`, `W.dot(X)`, `A.sum(axis=0)` ------------------------------------------------------------

    def _receiver(self, i: int, vals: list) -> tuple[int, None]:
        """A name followed by `.`: an array's attribute, or a prefix the language does not have."""
        tok = self.tokens[i]
        attribute = self.tokens[i + 2] if i + 2 < len(self.tokens) else None
        if attribute is None or attribute[1] not in ATTRIBUTES:
            node = self.env.get(tok[1])
            if node is not None and self.fold.builder.shape_of(node) and attribute is not None:
                raise ParseError(
                    Message("array_attribute", attribute=attribute[1]), attribute[2], attribute[3]
                )
            raise ParseError(Message("bad_prefix", prefix=tok[1]), tok[2], tok[3])
        vals.append(self._variable(tok[1], (tok[2], tok[3], tok[2], tok[4])))
        return i, None

    def _postfix(self, i: int, end: int, vals: list) -> tuple[int, list | None]:
        """`.T`, `.dot(`, `.sum(...)`, `.mean(...)` after an operand; a `.dot(` call is left open."""
        tokens = self.tokens
        attribute = tokens[i + 1] if i + 1 < end else tokens[i]
        name = attribute[1]
        receiver = vals[-1]
        where = (attribute[2], attribute[3])
        if name not in ATTRIBUTES or attribute[0] != NAME:
            raise ParseError(Message("array_attribute", attribute=name), *where)
        span = (receiver.line, receiver.column, attribute[2], attribute[4])
        if name == "T":
            vals[-1] = self.fold.transpose(receiver, where, span)
            return i + 1, None
        if name == "shape":
            raise ParseError(Message("shape_only_in_sizes"), *where)
        if i + 2 >= end or tokens[i + 2][1] != "(":
            raise ParseError(Message("call_it", name=name), *where)
        if name == "dot":
            return i + 2, ("(", i + 2, ["dot", 0, i + 1, receiver.column, 1, None])
        close = self._closing(i + 2)
        axis = self._axis([tokens[k] for k in range(i + 3, close)], attribute)
        span = span[:2] + (tokens[close][2], tokens[close][4])
        vals[-1] = self.fold.reduction(name, receiver, axis, where, span)
        return close, None

    def _closing(self, open_index: int) -> int:
        depth = 0
        for k in range(open_index, len(self.tokens)):
            text = self.tokens[k][1]
            depth += text in ("(", "[")
            depth -= text in (")", "]")
            if depth == 0:
                return k
        tok = self.tokens[open_index]
        raise ParseError(Message("never_closed", bracket="(", closer=")"), tok[2], tok[3])

    def _axis(self, tokens: list, where_tok: tuple) -> int | None:
        """`axis=0`, `0`, `axis=-1` or nothing (all elements)."""
        if not tokens:
            return None
        texts = [t[1] for t in tokens]
        if texts[0] != "axis" and tokens[0][0] == NAME:
            raise ParseError(Message("unknown_keyword", keyword=texts[0]), tokens[0][2], tokens[0][3])
        if texts[:2] == ["axis", "="]:
            tokens, texts = tokens[2:], texts[2:]
        sign = -1 if texts[:1] == ["-"] else 1
        digits = tokens[1:] if sign < 0 else tokens
        if len(digits) != 1 or digits[0][0] != NUM or not digits[0][1].isdigit():
            at = tokens[0] if tokens else where_tok
            raise ParseError(Message("axis_whole"), at[2], at[3])
        return sign * int(digits[0][1])

    def _keyword(self, i: int, ops: list) -> int:
        """`axis=0` inside np.sum(...) / np.mean(...): kept with the open call, no operand of its own."""
        tokens = self.tokens
        tok = tokens[i]
        call = ops[-1][2] if ops and ops[-1][0] == "(" else None
        if call is None or call[0] not in ("sum", "mean") or tok[1] != "axis":
            raise ParseError(Message("unknown_keyword", keyword=tok[1]), tok[2], tok[3])
        k = i + 2
        while k < len(tokens) and tokens[k][1] not in (",", ")"):
            k += 1
        call[5] = self._axis([tokens[j] for j in range(i, k)], tok)
        call[1] -= 1  # the comma before it counted an operand that is not there
        return k - 1

    def _array_call(self, call: list, args: list, span: tuple) -> tuple:
        """np.dot, np.transpose, np.sum, np.mean and the method `.dot`, once their operands are parsed."""
        fname, name_tok = call[0], self.tokens[call[2]]
        where = (name_tok[2], name_tok[3])
        wanted = 2 if fname == "dot" else 1
        if len(args) != wanted:
            code = "arity_one" if wanted - call[4] == 1 else "arity_two"  # a method's receiver is no argument
            shown = name_tok[1] if call[4] == 0 else f"{self.fold.text_of(args[0])}.{name_tok[1]}"
            raise ParseError(Message(code, function=shown, given=len(args) - call[4]), *where)
        gate = ARRAY_FUNCTIONS[fname]
        if gate == "matmul":
            return self.fold.matmul(args[0], args[1], where, span)
        if gate == "transpose":
            return self.fold.transpose(args[0], where, span)
        return self.fold.reduction(gate, args[0], call[5], where, span)

    # --- np.random.randn(5, 10), np.zeros((2, 3)), np.array([[1, 2]]), W = [[1, 2], [3, 4]] ----------

    def _creation(self, i: int, vals: list) -> int:
        """An array made by numpy at parse time: a constant operand holding the array."""
        tokens = self.tokens
        start = tokens[i]
        kind = tokens[i + 2]
        name_at = i + 2
        if kind[1] == "random":
            if tokens[i + 3][1] != "." or tokens[i + 4][1] not in ("randn", "rand"):
                at = tokens[i + 4] if tokens[i + 3][1] == "." else kind
                raise ParseError(Message("name_after_prefix", prefix="np.random"), at[2], at[3])
            name_at = i + 4
        name_tok = tokens[name_at]
        if tokens[name_at + 1][1] != "(":
            raise ParseError(Message("call_it", name=name_tok[1]), name_tok[2], name_tok[3])
        close = self._closing(name_at + 1)
        where = (name_tok[2], name_tok[3])
        if name_tok[1] == "array":
            array = self._array_literal(name_at + 2, close, where)
            text = f"np.array({literal(array)})"
        else:
            sizes = self._sizes(name_at + 2, close, name_tok)
            self._check_size(sizes, where)
            if name_tok[1] == "randn":
                array = self._rng().randn(*sizes)
            elif name_tok[1] == "rand":
                array = self._rng().rand(*sizes)
            else:
                array = np.zeros(sizes) if name_tok[1] == "zeros" else np.ones(sizes)
            spelled = "np.random." + name_tok[1] if kind[1] == "random" else "np." + name_tok[1]
            text = f"{spelled}({', '.join(map(str, sizes))})"
        end_tok = tokens[close]
        vals.append(Operand(-1, array, text, start[2], start[3], end_tok[2], end_tok[4]))
        return close

    def _sizes(self, start: int, close: int, name_tok: tuple) -> tuple:
        """Whole-number sizes: `5, 10`, `(5, 10)`, `*D.shape`, `D.shape`, `D.shape[0]`."""
        tokens, sizes, k = self.tokens, [], start
        bad = Message("shape_arguments", function=name_tok[1])
        while k < close:
            tok = tokens[k]
            if tok[1] in ("(", ")", ",", "*"):
                k += 1
            elif tok[0] == NUM and tok[1].isdigit():
                sizes.append(int(tok[1]))
                k += 1
            elif tok[0] == NAME and tokens[k + 1][1] == "." and tokens[k + 2][1] == "shape":
                shape = self.fold.shape_of(self._variable(tok[1], (tok[2], tok[3], tok[2], tok[4])))
                k += 3
                if tokens[k][1] == "[" and tokens[k + 1][0] == NUM and tokens[k + 2][1] == "]":
                    index = int(tokens[k + 1][1]) if tokens[k + 1][1].isdigit() else len(shape)
                    if index >= len(shape):
                        raise ParseError(bad, tokens[k + 1][2], tokens[k + 1][3])
                    shape = (shape[index],)
                    k += 3
                sizes.extend(shape)
            else:
                raise ParseError(bad, tok[2], tok[3])
        if not sizes:
            raise ParseError(bad, name_tok[2], name_tok[3])
        return tuple(sizes)

    def _check_size(self, sizes: tuple, where: tuple) -> None:
        if len(sizes) > MAX_DIMS:
            raise ShapeError(Message("too_many_dims", what="this array", dims=len(sizes)), *where)
        if 0 in sizes:
            raise ParseError(Message("array_empty"), *where)
        limit = self.fold.builder.limits.max_array_elements
        if math.prod(sizes) > limit:
            what = "this array"
            raise LimitError(
                Message("array_too_large", what=what, size=math.prod(sizes), limit=limit), *where
            )

    def _array_literal(self, start: int, end: int, where: tuple) -> np.ndarray:
        """`[[1, 2], [3, 4]]` (tokens[start:end]) as an array of numbers; elements may be constant sums."""
        tokens = self.tokens
        root: list = []
        stack, item, depth = [root], None, 0
        for k in range(start, end):
            text = tokens[k][1]
            if item is None and text == "[":
                stack[-1].append([])
                stack.append(stack[-1][-1])
            elif depth == 0 and text in (",", "]"):
                if item is not None:
                    stack[-1].append(self._literal_number(item, k))
                elif tokens[k - 1][1] in (",", "["):
                    raise ParseError(Message("empty_element"), tokens[k][2], tokens[k][3])
                item = None
                if text == "]":
                    stack.pop()
            else:
                item = k if item is None else item
                depth += text in ("(", "[")
                depth -= text in (")", "]")
        rows = root[0] if len(root) == 1 and isinstance(root[0], list) else root
        return self._rectangular(rows, where)

    def _literal_number(self, a: int, b: int) -> float:
        operand = self._expression(a, b)
        if operand.node >= 0 or type(operand.constant) is np.ndarray:
            tok = self.tokens[a]
            raise ParseError(Message("array_numbers"), tok[2], tok[3])
        return operand.constant

    def _rectangular(self, rows: list, where: tuple) -> np.ndarray:
        if not rows:
            raise ParseError(Message("array_empty"), *where)
        nested = [isinstance(row, list) for row in rows]
        if any(nested) and not all(nested):
            raise ParseError(
                Message("ragged", first=_length(rows[0]), other=_length(rows[nested.index(False)])), *where
            )
        if all(nested):
            other = [len(row) for row in rows if len(row) != len(rows[0])]
            if other:
                raise ParseError(Message("ragged", first=len(rows[0]), other=other[0]), *where)
            if any(isinstance(x, list) for row in rows for x in row):
                raise ShapeError(Message("too_many_dims", what="this list", dims=3), *where)
            if not rows[0]:
                raise ParseError(Message("array_empty"), *where)
        array = np.array(rows, dtype=float)
        self._check_size(array.shape, where)
        return array

    # --- a flat list: one vector, or one input per element (today's `w = [2, -3, -3]`) -----------------

    def _is_array_program(self) -> bool:
        """The program uses arrays somewhere (numpy words, `@`, nested lists, array values)."""
        if getattr(self, "_array_program", None) is None:
            given = any(is_array_value(v) for v in self.values.values())
            self._array_program = given or has_array_words(self.tokens.texts)
        return self._array_program

    def _used_whole(self, name: str, after: int) -> bool:
        """A flat list is a vector when the program is an array program and never indexes it."""
        if not self._is_array_program():
            return False
        tokens, whole = self.tokens, False
        for k in range(after, len(tokens) - 1):
            tok = tokens[k]
            if tok[0] == NAME and tok[1] == name and tokens[k - 1][1] != ".":
                if tokens[k + 1][1] == "[":
                    return False
                whole = True
        return whole


def _length(row) -> int:
    return len(row) if isinstance(row, list) else 1


def has_array_words(texts: list) -> bool:
    """numpy's array words (`.dot`, `.T`, `np.random`, `np.sum`, ...), `@` or `[[`, in token texts."""
    for k, text in enumerate(texts):
        if text == "@" or (text == "[" and texts[k + 1] == "["):
            return True
        if text in _ARRAY_WORDS and k > 0 and texts[k - 1] == ".":
            return True
    return False
