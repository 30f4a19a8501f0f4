"""Forward and backward passes over the tape: exact, iterative, and any length."""

from __future__ import annotations

import math

import pytest
from circuitgrad.engine import EvalError, Limits, evaluate, parse
from circuitgrad.engine.passes import backward, forward

BIG = Limits(max_source_chars=10**7, max_gates=10**6, max_depth=10**6)


def test_forward_gives_every_wire_its_value():
    graph = parse("(x+y)*z", {"x": 0, "y": 0, "z": 0})
    assert forward(graph, graph.start_values({"x": -2, "y": 5, "z": -4})) == [-2.0, 5.0, -4.0, 3.0, -12.0]


def test_backward_gives_every_wire_its_gradient_and_keeps_locals_apart():
    graph = parse("(x+y)*z")
    values = forward(graph, graph.start_values({"x": -2, "y": 5, "z": -4}))
    grads, local_grads = backward(graph, values)
    assert grads == [-4.0, -4.0, 3.0, -4.0, 1.0]
    assert local_grads[4] == (-4.0, 3.0) and local_grads[3] == (1.0, 1.0)


def test_a_chain_of_one_hundred_thousand_gates_works():
    source = "x" + " + 1" * 100_000
    r = evaluate(source, {"x": 0.5}, limits=BIG)
    assert r.value == 100_000.5 and r.gradients == {"x": 1.0}


def test_a_staged_program_of_ten_thousand_lines_works():
    lines = ["v0 = 0.5"] + [f"v{i + 1} = 0.5 * v{i} + 0.25" for i in range(10_000)]
    r = evaluate("\n".join(lines), limits=BIG)
    assert r.value == pytest.approx(0.5)
    assert r.gradients["v0"] == pytest.approx(0.0, abs=1e-300)


def test_five_thousand_nested_parentheses_evaluate_without_recursion():
    r = evaluate("(" * 5000 + "x" + ")" * 5000, {"x": 2}, limits=BIG)
    assert r.value == 2.0 and r.gradients == {"x": 1.0}


def test_three_thousand_nested_calls_evaluate_without_recursion():
    r = evaluate("sin(" * 3000 + "x" + ")" * 3000, {"x": 0.5}, limits=BIG)
    assert r.value > 0 and math.isfinite(r.gradients["x"])


def test_a_long_power_tower_is_right_associative_without_recursion():
    r = evaluate("x" + " ** 1" * 5000, {"x": 3}, limits=BIG)
    assert r.value == 3.0 and r.gradients["x"] == pytest.approx(1.0)


def test_gradients_that_overflow_raise_an_eval_error():
    with pytest.raises(EvalError, match="too large"):
        evaluate("1 / x", {"x": 1e-170})


def test_dead_branches_get_zero_gradient():
    r = evaluate("x = 1\na = x * 2\nb = a + 1\nc = x * 3")
    assert r.grads[r.graph.names.index("b")] == 0.0
    assert r.gradients == {"x": 3.0}


def test_output_can_be_an_input():
    r = evaluate("x = 3")
    assert r.value == 3.0 and r.gradients == {"x": 1.0}


def test_a_constant_program_has_no_inputs():
    r = evaluate("2 * 3")
    assert r.value == 6.0 and r.gradients == {}


@pytest.mark.parametrize(
    ("source", "column", "words"), [("1 + log(x)", 5, "the `log` gate"), ("x + log(-1)", 5, "`log(-1)`")]
)
def test_domain_errors_name_the_gate_and_carry_its_position_once(source, column, words):
    # The position travels as line and column; every caller shows it, so the text must not repeat it.
    with pytest.raises(EvalError) as info:
        evaluate(source, {"x": -2})
    err = info.value
    assert words in err.message and (err.line, err.column) == (1, column)
    assert "line" not in err.message and "column" not in err.message
