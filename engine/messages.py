"""Error messages a student can act on: what went wrong, and the nearest thing that would work."""

from __future__ import annotations

import difflib

from .errors import Message
from .gates import FUNCTIONS
from .lexer import NAME, NUM, Token


def undefined_name(name: str, assigned: dict, lists: dict) -> str:
    """`foo` is not defined, with the closest assigned name as a hint."""
    known = [n for n in assigned if n not in lists] + list(lists)
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return Message("undefined", name=name, suggestion=close[0])
    return Message("undefined_assign", name=name)


def unknown_function(name: str, env: dict, lists: dict) -> str:
    """An unknown function, with the nearest known one (or the whole list)."""
    if name in env or name in lists:
        return Message("not_a_function", name=name)
    bare = name.split(".")[-1]
    close = difflib.get_close_matches(bare, list(FUNCTIONS), n=1, cutoff=0.5)
    if close:
        return Message("unknown_function", name=name, suggestion=close[0])
    return Message("unknown_function_list", name=name, available=", ".join(sorted(FUNCTIONS)))


def unexpected_token(tok: Token, expecting_operand: bool) -> str:
    """A token that cannot stand where it stands."""
    text = tok.text
    if text == "//":
        return Message("no_floor_division")
    if text == "+=":  # outside the backward lines, where it adds up a gradient
        return Message("no_update", text=text, op="+")
    if text == "=":
        return Message("misplaced_equals")
    if text == "[":
        if expecting_operand:
            return Message("list_only_assigned")
        return Message("only_names_indexed")
    if expecting_operand:
        return Message("unexpected", token=text)
    if tok.kind in (NUM, NAME) or text == "(":
        return Message("missing_operator", token=text)
    return Message("unexpected_plain", token=text)
