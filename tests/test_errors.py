"""The engine's error family and its limits."""

from __future__ import annotations

import dataclasses

import pytest
from circuitgrad.engine import EngineError, EvalError, LimitError, Limits, ParseError


@pytest.mark.parametrize("cls", [ParseError, EvalError, LimitError])
def test_every_error_is_an_engine_error(cls):
    assert issubclass(cls, EngineError)


def test_error_json_has_message_line_and_column():
    assert ParseError("unexpected `*`", 1, 5).to_dict() == {
        "message": "unexpected `*`",
        "line": 1,
        "column": 5,
        "code": None,
        "params": {},
    }


def test_errors_without_a_position_say_so_with_nulls():
    error = EvalError("the value of `x` must be a number")
    assert error.to_dict()["line"] is None and str(error) == "the value of `x` must be a number"


def test_error_text_includes_the_position():
    assert str(ParseError("bad", 2, 7)) == "bad (line 2, column 7)"


def test_limits_are_frozen_and_configurable():
    limits = Limits(max_gates=10)
    assert limits.max_gates == 10 and limits.max_depth == Limits().max_depth
    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.max_gates = 11
