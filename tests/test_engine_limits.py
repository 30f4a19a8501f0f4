"""Hostile sizes end in a clean error or a result: never a RecursionError, a hang or a blow-up."""

from __future__ import annotations

import pytest
from circuitgrad.engine import EngineError, LimitError, Limits, evaluate

NESTED = "(" * 5000 + "x" + ")" * 5000
WIDE_SUM = " + ".join(f"x{i}" for i in range(20_000))
BIG = Limits(max_source_chars=10**7, max_gates=10**6, max_depth=10**6)


def test_five_thousand_nested_parentheses_end_in_a_limit_error_by_default():
    with pytest.raises(LimitError, match="nested"):
        evaluate(NESTED)


def test_five_thousand_nested_parentheses_evaluate_with_raised_limits():
    assert evaluate(NESTED, {"x": 3}, limits=BIG).gradients == {"x": 1.0}


def test_a_twenty_thousand_term_sum_ends_in_a_limit_error_by_default():
    with pytest.raises(LimitError):
        evaluate(WIDE_SUM)


def test_a_twenty_thousand_term_sum_evaluates_with_raised_limits():
    r = evaluate(WIDE_SUM, limits=BIG)
    assert r.value == 20_000.0 and len(r.gradients) == 20_000


def test_a_twenty_thousand_term_sum_ends_in_a_gate_limit_when_only_text_is_allowed():
    with pytest.raises(LimitError, match="gates"):
        evaluate(WIDE_SUM, limits=Limits(max_source_chars=10**6))


@pytest.mark.parametrize(
    "source",
    [
        "-" * 50_000 + "x",
        "x" + "**x" * 3000,
        "[" * 3000,
        "sin(" * 3000 + "x" + ")" * 3000,
        "x = 1\n" * 3000,
        "\n".join(f"v{i} = {i}" for i in range(3000)),
    ],
)
def test_hostile_shapes_end_cleanly(source):
    try:
        evaluate(source)
    except EngineError as error:
        assert error.to_dict()["message"]


def test_limit_errors_report_a_position():
    with pytest.raises(LimitError) as info:
        evaluate("x + 1 + 2 + 3", limits=Limits(max_gates=2))
    assert info.value.line == 1 and info.value.column >= 1
