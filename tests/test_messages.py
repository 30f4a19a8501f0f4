"""Error messages point at the nearest thing that would work."""

from __future__ import annotations

from circuitgrad.engine.lexer import NAME, OP, Token
from circuitgrad.engine.messages import undefined_name, unexpected_token, unknown_function


def test_undefined_name_suggests_the_closest_assigned_name():
    message = undefined_name("xpysq", {"xpysqr": 5, "den": 6}, {})
    assert message == "`xpysq` is not defined; did you mean `xpysqr`?"


def test_undefined_name_without_a_close_match_says_how_to_define_it():
    assert "assign it first" in undefined_name("zebra", {"x": 1}, {})


def test_unknown_function_suggests_the_nearest_builtin():
    assert unknown_function("np.tahn", {}, {}) == "unknown function `np.tahn`; did you mean `tanh`?"


def test_calling_a_number_explains_multiplication():
    assert "to multiply" in unknown_function("x", {"x": 0}, {})


def test_missing_operator_is_named():
    assert "operator" in unexpected_token(Token(NAME, "y", 1, 3, 4), expecting_operand=False)


def test_unexpected_operator_says_what_was_expected():
    assert unexpected_token(Token(OP, "*", 1, 5, 6), expecting_operand=True).startswith("unexpected `*`")
