"""Tokenizer: program text to a flat list of tokens with 1-based line and column."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

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
_FIRST_CLASS.update(dict.fromkeys("+-*/^,=.@", _PLAIN))
_FIRST_CLASS.update(dict.fromkeys("()[];", OP))
# `+=` only ever starts a backward line's right side (`dx += ...`); the parser refuses it anywhere else.
_OPERATORS = frozenset(
    ["+", "-", "*", "/", "^", "(", ")", ",", "=", ";", "[", "]", ".", "**", "//", "@", "+="]
)

# Each forbidden word's explanation (see errors.TEMPLATES); the messages are also `str`.
_WORD_CODES = {
    "no_imports": ("import", "from"),
    "no_lambda": ("lambda",),
    "no_conditionals": ("if", "else", "elif"),
    "no_loops_comprehensions": ("for", "in"),
    "no_loops": ("while",),
    "no_def": ("def",),
    "no_class": ("class",),
    "no_return": ("return",),
    "no_booleans": ("True", "False"),
    "no_none": ("None",),
    "no_logic": ("and", "or", "not"),
    "no_is": ("is",),
    "word_not_supported": (
        *("with", "as", "del", "global", "nonlocal", "pass", "break", "continue", "raise", "try"),
        *("yield", "await", "async", "assert", "except", "finally", "print", "eval", "exec"),
    ),
}
KEYWORDS = {word: Message(code, word=word) for code, words in _WORD_CODES.items() for word in words}

_OPEN = {"(": ")", "[": "]"}
_CLOSE = {")": "(", "]": "["}

_CHAR_CODES = {
    "no_strings": "\"'",
    "no_dicts": "{}",
    "no_colon": ":",
    "no_remainder": "%",
    "no_tilde": "~",
    "no_bits": "&|",
    "no_bang": "!",
    "no_backticks": "`",
    "not_in_language": "$?",
    # Signs copied from typeset maths (the notes write × and −).
    "use_star": "\u00d7\u00b7",
    "use_slash": "\u00f7",
    "use_minus": "\u2212",
}
_BAD_CHARS = {char: Message(code, char=char) for code, chars in _CHAR_CODES.items() for char in chars}


class Token(NamedTuple):
    """One token with its 1-based place; `end_column` is the column just after it."""

    kind: str
    text: str
    line: int
    column: int
    end_column: int


class Tokens:
    """A program's tokens as parallel columns, one list per field; `tokens[i]` is the i-th Token.

    Columns rather than an object per token: the parser reads one field at a time, and a big program has
    hundreds of thousands of tokens, so an object each would make parsing noticeably slower. A token ends
    at `column + len(text)`, except a name whose normalised spelling has another length (see `ends`).
    """

    __slots__ = ("kinds", "texts", "lines", "columns", "ends")

    def __init__(self):
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.lines: list[int] = []
        self.columns: list[int] = []
        self.ends: dict[int, int] = {}  # sparse: end columns that `column + len(text)` gets wrong

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, i: int) -> Token:
        return Token(self.kinds[i], self.texts[i], self.lines[i], self.columns[i], self.end_column(i))

    def __iter__(self):
        return map(self.__getitem__, range(len(self.kinds)))

    def end_column(self, i: int) -> int:
        """The column just after the i-th token."""
        if self.ends:
            return self.ends.get(i) or self.columns[i] + len(self.texts[i])
        return self.columns[i] + len(self.texts[i])

    def add(self, kind: str, text: str, line: int, column: int) -> None:
        """Append one token (tokenize() inlines this in its busiest branch)."""
        self.kinds.append(kind)
        self.texts.append(text)
        self.lines.append(line)
        self.columns.append(column)


def tokenize(source: str, max_depth: int) -> Tokens:
    """Split source into tokens with their places; statements end with a SEP token."""
    tokens = Tokens()
    add_kind, add_text = tokens.kinds.append, tokens.texts.append
    add_line, add_column = tokens.lines.append, tokens.columns.append
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
        # One table look-up on the first character picks the branch for nearly every token; each branch
        # settles the token's kind, and the token is stored once, below.
        cls = first_class(first)
        if cls is NAME:
            kind = NAME
            if not text.isascii():
                text = _name_token(tokens, text, line, col)
            if keyword is None and text in KEYWORDS:
                keyword = (KEYWORDS[text], line, col)
        elif cls is NUM or (first == "." and size > 1):
            kind = NUM
        elif cls is _PLAIN and (size == 1 or text in _OPERATORS):  # not `+=`, `==`, ...
            kind = OP
        elif cls is OP and text in _OPERATORS:  # brackets and `;`
            kind = OP
            if text in _OPEN:
                depth += 1
                if depth > max_depth:
                    raise LimitError(Message("too_deep", limit=max_depth), line, col)
                brackets.append((text, line, col))
            elif text in _CLOSE:
                if not brackets or brackets[-1][0] != _CLOSE[text]:
                    raise ParseError(Message("unmatched", bracket=text), line, col)
                brackets.pop()
                depth -= 1
            elif text == ";" and depth == 0:
                kind = SEP
        elif first == "\n" or first == "\\":
            if first == "\\" and size == 1:
                raise ParseError(Message("backslash"), line, col)
            if depth == 0 and first == "\n":
                tokens.add(SEP, "\n", line, col)
            line, line_start = line + 1, offset
            continue
        elif _WORD.match(text):  # a name that starts with a non-ASCII letter
            kind = NAME
            text = _name_token(tokens, text, line, col)
            if keyword is None and text in KEYWORDS:
                keyword = (KEYWORDS[text], line, col)
        elif keyword is not None:
            raise ParseError(*keyword)
        else:
            raise ParseError(_bad_token_message(text), line, col)
        add_kind(kind)
        add_text(text)
        add_line(line)
        add_column(col)
    if brackets:
        text, bline, bcol = brackets[-1]
        raise ParseError(Message("never_closed", bracket=text, closer=_OPEN[text]), bline, bcol)
    tokens.add(SEP, "", line, len(source) - line_start + 1)
    return tokens


_COMPARISONS = frozenset({"==", "!=", "<=", ">=", ":=", "->"})
_WORD = re.compile(r"[^\W\d]\w*\Z")


def python_name(text: str, line: int, col: int) -> str:
    """The name as Python reads it: NFKC-normalised (`ｘ` is `x`, `x₁` is `x1`), else a ParseError."""
    # Python normalises identifiers the same way, so the generated code names the same variables; the API,
    # the page and the share link apply this rule to input names too.
    name = unicodedata.normalize("NFKC", text)
    if name.isidentifier():
        return name
    for offset, char in enumerate(text):
        if not ("a" + unicodedata.normalize("NFKC", char)).isidentifier():
            return _refuse(char, line, col + offset)
    return _refuse(text[0], line, col)


def _refuse(char: str, line: int, col: int):
    raise ParseError(_bad_token_message(char), line, col)


def _name_token(tokens: Tokens, text: str, line: int, col: int) -> str:
    """A non-ASCII name's Python spelling; notes its end when normalising changed its length (`ﬁ` is `fi`)."""
    name = python_name(text, line, col)
    if len(name) != len(text):
        tokens.ends[len(tokens.kinds)] = col + len(text)
    return name


def _bad_token_message(text: str) -> str:
    size = len(text)
    kind = "aug" if size > 1 and text[-1] == "=" and text not in _COMPARISONS else "cmp"
    if size == 1 and text not in "<>":
        kind = "bad"
    if kind == "aug":
        op = text[:-1]
        return Message("no_update", text=text, op=op)
    if kind == "cmp":
        return Message("no_comparison", text=text)
    if text in _BAD_CHARS:
        return _BAD_CHARS[text]
    if unicodedata.east_asian_width(text) in ("F", "W"):
        return Message("full_width", char=text)
    return Message("unexpected_char", char=text)
