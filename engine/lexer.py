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
    "no_matrix": "@",
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
            if not text.isascii():
                text = python_name(text, line, col)
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
                    raise LimitError(Message("too_deep", limit=max_depth), line, col)
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
                raise ParseError(Message("backslash"), line, col)
            if depth == 0 and first == "\n":
                append((SEP, "\n", line, col, col + 1))
            line, line_start = line + 1, offset
        elif _WORD.match(text):  # a name that starts with a non-ASCII letter
            text = python_name(text, line, col)
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
    raise ParseError(_bad_token_message("bad", char), line, col)


def _bad_token_message(kind: str, text: str) -> str:
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
