"""The engine's error family and its configurable limits."""

from __future__ import annotations

from dataclasses import dataclass


class EngineError(Exception):
    """Any problem with a program: carries a student-readable message and a 1-based position."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def to_dict(self) -> dict:
        """The JSON shape the service sends back."""
        return {"message": self.message, "line": self.line, "column": self.column}

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
