"""Tokenizer: program text to a flat list of tokens with 1-based line and column."""

from __future__ import annotations

import re
import unicodedata

from .errors import LimitError, Message, ParseError

NUM, NAME, OP, SEP = "num", "name", "op", "sep"

# Each match is (blanks and comment before the token, the token). The token alternatives end with `.`, so
# every character is in some match and offsets follow by adding up lengths; findall is much faster than
# finditer with match objects, and folding blanks into the prefix halves the number of matches.
_TOKEN = re.compile(
    r"""
    ([ \t\f\r\xa0\u3000]*(?:\#[^\n]*)?)
    ( \\\r?\n | \n
    | (?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?
    | [^\W\d]\w*
    | (?:\*\*|//|[-+*/^%@&|])=
    | ==|!=|<=|>=|:=|->
    | \*\*|//
    | .
    | $ )
    """,
    re.VERBOSE,
)
# The branch of tokenize() each ASCII first character leads to; other characters take the slow path.
_FIRST_CLASS = dict.fromkeys("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_", NAME)
_FIRST_CLASS.update(dict.fromkeys("0123456789", NUM))
_PLAIN = "plain"  # an operator that needs no bracket or statement bookkeeping
_FIRST_CLASS.update(dict.fromkeys("+-*/^,=.", _PLAIN))
_FIRST_CLASS.update(dict.fromkeys("()[];", OP))
_OPERATORS = frozenset(["+", "-", "*", "/", "^", "(", ")", ",", "=", ";", "[", "]", ".", "**", "//"])

KEYWORDS = {
    "import": "imports are not allowed: the functions you need are built in",
    "from": "imports are not allowed: the functions you need are built in",
    "lambda": "lambdas are not supported: write the expression directly",
    "if": "conditionals are not supported: try max(a, b), min(a, b) or relu(x)",
    "else": "conditionals are not supported: try max(a, b), min(a, b) or relu(x)",
    "elif": "conditionals are not supported: try max(a, b), min(a, b) or relu(x)",
    "for": "loops and comprehensions are not supported: write each step on its own line",
    "while": "loops are not supported: write each step on its own line",
    "in": "loops and comprehensions are not supported: write each step on its own line",
    "def": "defining functions is not supported: write each step as `name = expression`",
    "class": "classes are not supported",
    "return": "`return` is not needed: the last assigned name is the output",
    "True": "booleans are not supported: circuits carry numbers",
    "False": "booleans are not supported: circuits carry numbers",
    "None": "`None` is not a number",
    "and": "logical operators are not supported: circuits carry numbers",
    "or": "logical operators are not supported: circuits carry numbers",
    "not": "logical operators are not supported: circuits carry numbers",
    "is": "comparisons are not supported: circuits compute numbers",
}
for _word in ("with", "as", "del", "global", "nonlocal", "pass", "break", "continue", "raise", "try"):
    KEYWORDS[_word] = f"`{_word}` is not supported: a program is a list of `name = expression` lines"
for _word in ("yield", "await", "async", "assert", "except", "finally", "print", "eval", "exec"):
    KEYWORDS[_word] = f"`{_word}` is not supported: a program is a list of `name = expression` lines"

_OPEN = {"(": ")", "[": "]"}
_CLOSE = {")": "(", "]": "["}

_BAD_CHARS = {
    '"': "strings are not supported: circuits only carry numbers",
    "'": "strings are not supported: circuits only carry numbers",
    "{": "dictionaries and sets are not supported",
    "}": "dictionaries and sets are not supported",
    ":": "`:` is not supported (no slices, blocks or dictionaries)",
    "%": "the remainder operator `%` is not supported",
    "@": "the matrix operator `@` is not supported: circuits work on single numbers",
    "~": "the `~` operator is not supported",
    "&": "bit operators are not supported",
    "|": "bit operators are not supported",
    "!": "`!` is not supported",
    "`": "backticks are not supported",
    "$": "`$` is not part of the language",
    "?": "`?` is not part of the language",
    # Signs copied from typeset maths (the notes write × and −).
    "\u00d7": "`×` is not an operator here: multiply with `*`",
    "\u00f7": "`÷` is not an operator here: divide with `/`",
    "\u2212": "`−` (a typographic minus) is not an operator here: type `-`",
    "\u00b7": "`·` is not an operator here: multiply with `*`",
}


def tokenize(source: str, max_depth: int) -> list[tuple]:
    """Split source into (kind, text, line, column, end_column) tuples; statements end with SEP."""
    tokens: list[tuple] = []
    append = tokens.append
    line, line_start, depth, offset = 1, 0, 0, 0
    brackets: list[tuple] = []
    keyword = None  # the first forbidden keyword, which explains most stray characters after it
    first_class = _FIRST_CLASS.get
    for blank, text in _TOKEN.findall(source):
        if blank:
            offset += len(blank)
        col = offset - line_start + 1
        size = len(text)
        if not size:
            break
        offset += size  # now the end of this token
        first = text[0]
        # One table look-up on the first character picks the branch for nearly every token.
        cls = first_class(first)
        if cls is NAME:
            append((NAME, text, line, col, col + size))
            if keyword is None and text in KEYWORDS:
                keyword = (KEYWORDS[text], line, col)
        elif cls is NUM or (first == "." and size > 1):
            append((NUM, text, line, col, col + size))
        elif cls is _PLAIN and (size == 1 or text in _OPERATORS):  # not `+=`, `==`, ...
            append((OP, text, line, col, col + size))
        elif cls is OP and text in _OPERATORS:  # brackets and `;`
            if text in _OPEN:
                depth += 1
                if depth > max_depth:
                    raise LimitError(
                        f"brackets are nested more than {max_depth} deep; split the expression into steps",
                        line,
                        col,
                    )
                brackets.append((text, line, col))
            elif text in _CLOSE:
                if not brackets or brackets[-1][0] != _CLOSE[text]:
                    raise ParseError(Message("unmatched", bracket=text), line, col)
                brackets.pop()
                depth -= 1
            elif text == ";" and depth == 0:
                append((SEP, ";", line, col, col + 1))
                continue
            append((OP, text, line, col, col + size))
        elif first == "\n" or first == "\\":
            if first == "\\" and size == 1:
                raise ParseError("a `\\` may only end a line", line, col)
            if depth == 0 and first == "\n":
                append((SEP, "\n", line, col, col + 1))
            line, line_start = line + 1, offset
        elif first.isidentifier():  # a name that starts with a non-ASCII letter
            append((NAME, text, line, col, col + size))
            if keyword is None and text in KEYWORDS:
                keyword = (KEYWORDS[text], line, col)
        elif keyword is not None:
            raise ParseError(*keyword)
        else:
            kind = "aug" if size > 1 and text[-1] == "=" and text not in _COMPARISONS else "cmp"
            if size == 1 and text not in "<>":
                kind = "bad"
            raise ParseError(_bad_token_message(kind, text), line, col)
    if brackets:
        text, bline, bcol = brackets[-1]
        raise ParseError(Message("never_closed", bracket=text, closer=_OPEN[text]), bline, bcol)
    end_col = len(source) - line_start + 1
    append((SEP, "", line, end_col, end_col))
    return tokens


_COMPARISONS = frozenset({"==", "!=", "<=", ">=", ":=", "->"})


def _bad_token_message(kind: str, text: str) -> str:
    if kind == "aug":
        op = text[:-1]
        return f"`{text}` (update in place) is not supported: write `new_name = name {op} ...` instead"
    if kind == "cmp":
        return f"comparisons like `{text}` are not supported: circuits compute numbers, not true/false"
    if text in _BAD_CHARS:
        return _BAD_CHARS[text]
    if unicodedata.east_asian_width(text) in ("F", "W"):
        return Message("full_width", char=text)
    return f"unexpected character `{text}`"
