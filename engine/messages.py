"""Error messages a student can act on: what went wrong, and the nearest thing that would work."""

from __future__ import annotations

import difflib

from .gates import FUNCTIONS
from .lexer import NAME, NUM


def undefined_name(name: str, assigned: dict, lists: dict) -> str:
    """`foo` is not defined, with the closest assigned name as a hint."""
    known = [n for n in assigned if n not in lists] + list(lists)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean `{close[0]}`?" if close else " (assign it first, e.g. `x = 3`)"
    return f"`{name}` is not defined{hint}"


def unknown_function(name: str, env: dict, lists: dict) -> str:
    """An unknown function, with the nearest known one (or the whole list)."""
    if name in env or name in lists:
        return f"`{name}` is a number, not a function: write `{name} * (...)` to multiply"
    bare = name.split(".")[-1]
    close = difflib.get_close_matches(bare, list(FUNCTIONS), n=1, cutoff=0.5)
    if close:
        return f"unknown function `{name}`; did you mean `{close[0]}`?"
    return f"unknown function `{name}`; available: {', '.join(sorted(FUNCTIONS))}"


def unexpected_token(tok: tuple, expecting_operand: bool) -> str:
    """A token that cannot stand where it stands."""
    text = tok[1]
    if text == "//":
        return "floor division `//` is not supported: use `/`"
    if text == "=":
        return "`=` can only follow a single name at the start of a statement"
    if text == "[":
        if expecting_operand:
            return "lists may only appear as `name = [numbers]`"
        return "only names can be indexed"
    if expecting_operand:
        return f"unexpected `{text}`: expected a number, a name or `(`"
    if tok[0] in (NUM, NAME) or text == "(":
        return f"unexpected `{text}`: is an operator such as `*` missing before it?"
    return f"unexpected `{text}`"
