"""The student's link: the program, its values and step, written as short as it can be for a QR code."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from ..engine.errors import EngineError
from ..engine.lexer import SEP, tokenize

# What a student's phone needs to see the same circuit; the teacher's view (projector, theme, palette,
# selection, hidden panels) stays on the teacher's screen.
STUDENT_KEYS = ("expr", "v", "step", "sig", "seed", "prec", "lang", "quiz", "grp")
PUBLIC_URL_VARIABLE = "CIRCUITGRAD_PUBLIC_URL"
# Characters a query value may hold as they are (RFC 3986 sub-delims, ":", "/", "@"); "+" and "&" may not.
SAFE_IN_QUERY = "()*,:/!$';=@-._~"
_NUMBERLIKE = re.compile(r"[\d.]")
_TWO_CHAR_OPERATORS = ("**", "//", "==", "!=", "<=", ">=", ":=", "->", "+=", "-=", "*=", "/=")
MAX_DEPTH = 200


class PublicUrlError(ValueError):
    """A public URL that is not http(s)://host[:port][/path]."""


def public_url(raw: str | None = None) -> str | None:
    """The address students reach this server at (--public-url or CIRCUITGRAD_PUBLIC_URL), or None."""
    raw = os.environ.get(PUBLIC_URL_VARIABLE, "") if raw is None else raw
    raw = raw.strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise PublicUrlError(f"the public URL must look like http://host:port, got {raw!r}")
    return raw.rstrip("/")


def _wordlike(char: str) -> bool:
    return char.isidentifier() or char.isdigit()


def _needs_space(before: str, after: str) -> bool:
    """Whether two tokens written side by side would read as one (names, numbers, `**`)."""
    if _wordlike(before[-1]) and _wordlike(after[0]):
        return True
    if _NUMBERLIKE.match(before[0]) and after[0] == ".":
        return True  # `1 .real` is not `1.`
    if before[-1] == "." and after[0].isdigit():
        return True
    return (before[-1] + after[0]) in _TWO_CHAR_OPERATORS


def _statements(source: str) -> list[list[str]]:
    """The program's statements as token texts, without comments, padding or empty lines."""
    tokens = tokenize(source, MAX_DEPTH)
    statements: list[list[str]] = [[]]
    for kind, text in zip(tokens.kinds, tokens.texts, strict=True):
        if kind == SEP:
            if statements[-1]:
                statements.append([])
        else:
            statements[-1].append(text)
    return [statement for statement in statements if statement]


def compact_program(source: str) -> str:
    """The same program in its fewest characters, one statement a line; the source if it does not lex."""
    try:
        statements = _statements(source)
    except EngineError:
        return source
    lines = []
    for statement in statements:
        line = statement[0]
        for before, after in zip(statement, statement[1:], strict=False):
            line += (" " if _needs_space(before, after) else "") + after
        lines.append(line)
    compact = "\n".join(lines)
    # The compact text must read as the very same tokens; anything surprising keeps the text as typed.
    try:
        same = _statements(compact) == statements
    except EngineError:
        same = False
    return compact if same else source


def student_query(pairs: Iterable[tuple[str, str]]) -> str:
    """The student's page state in the contract's key order, the program compacted, first value wins."""
    seen: dict[str, str] = {}
    for key, value in pairs:
        if key in STUDENT_KEYS and key not in seen:
            seen[key] = compact_program(value) if key == "expr" else value
    return "&".join(f"{key}={quote(seen[key], safe=SAFE_IN_QUERY)}" for key in STUDENT_KEYS if key in seen)
