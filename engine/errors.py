"""The engine's error family and its configurable limits."""

from __future__ import annotations

from dataclasses import dataclass

# The common mistakes' messages by code, so a front end can say them in the student's language; its English
# catalogue holds these same templates (a test keeps them equal).
TEMPLATES = {
    "unexpected": "unexpected `{token}`: expected a number, a name or `(`",
    "missing_operator": "unexpected `{token}`: is an operator such as `*` missing before it?",
    "undefined": "`{name}` is not defined; did you mean `{suggestion}`?",
    "undefined_assign": "`{name}` is not defined (assign it first, e.g. `x = 3`)",
    "used_before": "`{name}` is used before it is assigned (on line {line})",
    "reassigned": "`{name}` was already assigned on line {line}; use a new name",
    "unknown_function": "unknown function `{name}`; did you mean `{suggestion}`?",
    "unknown_function_list": "unknown function `{name}`; available: {available}",
    "not_a_function": "`{name}` is a number, not a function: write `{name} * (...)` to multiply",
    "full_width": "full-width character `{char}`: switch the keyboard to half-width (ASCII) input",
    "unmatched": "unmatched `{bracket}`",
    "never_closed": "`{bracket}` is never closed: add `{closer}`",
    "ends_early": "the expression ends too early after `{token}`",
    "nothing_after": "nothing after `{name} =`: give it a value or an expression",
    "unnamed_line": "this line computes a value but never names it: write `name = ...`",
    "empty": "the program is empty: type an expression such as (x+y)*z",
    "arity_one": "{function}() takes 1 argument, but {given} were given",
    "arity_two": "{function}() takes 2 arguments, but {given} were given",
    "arity_two_got_one": "{function}() takes 2 arguments, but 1 was given",
    "domain": "the `{gate}` gate cannot be computed at {at}: {reason}",
    "no_slope": "the `{gate}` gate has no finite slope at {at}: {reason}",
    "no_value": "{what} has no finite value",
    "gradient_overflow": "the gradient here is too large to represent",
}

# Why a gate cannot be computed, by code (Message params carry the code as `reason_code`, for translations).
REASONS = {
    "division_by_zero": "division by zero",
    "negative_power_base": "a power of a negative or zero base is not a real number here",
    "power_not_real": "this power is not a real number (or has an infinite slope) here",
    "base_positive": "the base must be positive",
    "log_positive": "log needs a positive input",
    "sqrt_non_negative": "sqrt needs a non-negative input (and has an infinite slope at 0)",
    "too_large": "the result is too large to represent",
    "undefined": "the value is undefined here",
}


class Message(str):
    """An error message that also keeps its code and values (see TEMPLATES)."""

    code: str
    params: dict

    def __new__(cls, code: str, **params):
        message = super().__new__(cls, TEMPLATES[code].format(**params))
        message.code = code
        message.params = params
        return message


class EngineError(Exception):
    """Any problem with a program: carries a student-readable message and a 1-based position.

    A `Message` also gives the error a `code` and `params`; other messages have code None.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = str(message)
        self.code = getattr(message, "code", None)
        self.params = dict(getattr(message, "params", {}))
        self.line = line
        self.column = column

    def to_dict(self) -> dict:
        """The JSON shape the service sends back."""
        return {
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "params": self.params,
        }

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"{self.message} (line {self.line}, column {self.column})"


class ParseError(EngineError):
    """Syntax errors, unknown names or functions, and constructs the language does not have."""


class EvalError(EngineError):
    """Domain problems while computing values or gradients (log of a negative, division by zero, ...)."""


class LimitError(EngineError):
    """The program is larger or deeper than the configured limits allow."""


@dataclass(frozen=True)
class Limits:
    """Size limits; the defaults suit a classroom and keep every request well under a second."""

    max_source_chars: int = 20_000
    max_gates: int = 5_000
    max_depth: int = 100
