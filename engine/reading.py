"""Which statements are the student's backward pass (`dx = …`, `dx += …`), read apart from the circuit."""

from __future__ import annotations

from typing import NamedTuple

from .errors import Message, ParseError
from .lexer import NAME, NUM, Tokens


class BackwardProgram(NamedTuple):
    """What checking the backward lines needs from the parse; it does not depend on input values."""

    tokens: Tokens
    lines: tuple  # BackwardLine records in program order
    env: dict  # every forward name (list elements as `w[0]`) -> its node in the graph
    lists: dict  # forward list name -> its size


class BackwardLine(NamedTuple):
    """One backward statement: `target op <tokens[start:end]>`, its target naming the gradient of `wire`."""

    line: int
    column: int
    target: str  # the variable written: `dx`, or one element `dx[0]`
    op: str  # "=" or "+="
    wire: str  # the forward name whose gradient it holds: `x`, `x[0]` (or `x` for a whole list `dx = [...]`)
    start: int
    end: int


def _target(tokens: Tokens, start: int, end: int) -> tuple[str, int | None, str, int] | None:
    """(name, index, operator, first token of the right side) of `name op …` or `name[i] op …`, else None."""
    kinds, texts = tokens.kinds, tokens.texts
    if kinds[start] != NAME or end - start < 2:
        return None
    if texts[start + 1] in ("=", "+="):
        return texts[start], None, texts[start + 1], start + 2
    if (
        end - start > 4
        and texts[start + 1] == "["
        and kinds[start + 2] == NUM
        and texts[start + 2].isdigit()
        and texts[start + 3] == "]"
        and texts[start + 4] in ("=", "+=")
    ):
        return texts[start], int(texts[start + 2]), texts[start + 4], start + 5
    return None


def gradient_of(name: str, forward: set) -> str | None:
    """The forward name whose gradient `name` holds (`dx` and `dfdx` hold x's), or None."""
    if len(name) < 2 or name[0] != "d":
        return None
    if name[1:] in forward:
        return name[1:]
    # df…d<name>: the notes' dfdx, with f (or any forward name) as the function differentiated
    for split in range(2, len(name) - 1):
        if name[split] == "d" and name[1:split] in forward | {"f"} and name[split + 1 :] in forward:
            return name[split + 1 :]
    return None


def _names_in(tokens: Tokens, start: int, end: int) -> set:
    """The names a statement assigns or reads (a superset is fine: it only widens what counts as forward)."""
    kinds, texts = tokens.kinds, tokens.texts
    return {texts[i] for i in range(start, end) if kinds[i] == NAME}


def split_backward(tokens: Tokens, statements: list) -> tuple[list, list[BackwardLine]]:
    """The forward statements, and the trailing block of backward ones.

    A statement is backward when it uses `+=` or assigns the gradient of a name that an earlier statement
    assigns or reads. Only the program's tail is read this way, so a forward program may still call a wire
    `dx` (as in `dx = 2` then `f = x * dx`): the first statement from the end that is not backward ends it.
    """
    # The candidates first (a cheap look at each target), so a program without them costs one pass.
    first = len(statements)
    while first > 0:
        target = _target(tokens, *statements[first - 1])
        if target is None or not (target[0].startswith("d") or target[2] == "+="):
            break
        first -= 1
    if first == len(statements):
        return statements, []
    known = [set().union(*(_names_in(tokens, *statement) for statement in statements[:first]))]
    for statement in statements[first:]:
        known.append(known[-1] | _names_in(tokens, *statement))
    backward: list[BackwardLine] = []
    split = len(statements)
    for k in range(len(statements) - 1, first - 1, -1):
        start, end = statements[k]
        name, index, op, rhs = _target(tokens, start, end)
        wire = gradient_of(name, known[k - first])
        if wire is None:
            if op == "+=" and name.startswith("d") and len(name) > 1:
                message = Message("backward_target", name=name)
                raise ParseError(message, tokens.lines[start], tokens.columns[start])
            break
        key = name if index is None else f"{name}[{index}]"
        wire_key = wire if index is None else f"{wire}[{index}]"
        line, column = tokens.lines[start], tokens.columns[start]
        backward.append(BackwardLine(line, column, key, op, wire_key, rhs, end))
        split = k
    backward.reverse()
    return statements[:split], backward
