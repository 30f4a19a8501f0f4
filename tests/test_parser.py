"""The language: what parses into which circuit, and the errors a student sees otherwise."""

from __future__ import annotations

import pytest
from circuitgrad.engine import EngineError, EvalError, LimitError, Limits, ParseError, evaluate, parse


def gate_labels(source: str, values: dict | None = None, **options) -> list[str]:
    graph = parse(source, values, **options)
    return [graph.label(i) for i in range(graph.first_gate, len(graph))]


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("2 ** 3 ** 2", 512.0),
        ("2 ^ 3 ^ 2", 512.0),
        ("-2 ** 2", -4.0),
        ("2 ** -1", 0.5),
        ("1e-3 * 1000", 1.0),
        (".5 + 2.", 2.5),
        ("10 - 4 - 3", 3.0),
        ("12 / 2 / 3", 2.0),
        ("1 + 2 * 3", 7.0),
        ("math.pi / math.pi", 1.0),
        ("np.exp(0) + math.log(1)", 1.0),
    ],
)
def test_constant_expressions_follow_python_precedence(source, value):
    assert evaluate(source).value == pytest.approx(value)


def test_minus_x_squared_is_minus_of_x_squared():
    r = evaluate("-x^2", {"x": 3})
    assert r.value == -9.0 and r.gradients == {"x": -6.0}


def test_power_is_right_associative_with_inputs():
    assert evaluate("x ** y ** z", {"x": 2, "y": 3, "z": 2}).value == 512.0


@pytest.mark.parametrize(
    ("source", "labels"),
    [
        ("x + 1", ["+1"]),
        ("1 + x", ["+1"]),
        ("x - 1", ["-1"]),
        ("1 - x", ["1-x"]),
        ("-x", ["*-1"]),
        ("2 * q", ["*2"]),
        ("q * 2", ["*2"]),
        ("1.0 / den", ["1/x"]),
        ("x / 2", ["/2"]),
        ("xpy**2", ["^2"]),
        ("2**x", ["2^x"]),
        ("x * y", ["*"]),
        ("max(x, 0)", ["max"]),
        ("sigmoid(x)", ["σ"]),
        ("σ(x)", ["σ"]),
    ],
)
def test_constant_operands_fold_into_labelled_unary_gates(source, labels):
    assert gate_labels(source) == labels


def test_sigmoid_expands_into_the_notes_chain_on_request():
    assert gate_labels("sigmoid(x)", expand_sigmoid=True) == ["*-1", "exp", "+1", "1/x"]


def test_expanded_sigmoid_gates_share_one_group():
    graph = parse("sigmoid(x)", expand_sigmoid=True)
    groups = {graph.groups[i] for i in range(graph.first_gate, len(graph))}
    assert groups == {len(graph) - 1}


def test_max_with_a_constant_keeps_the_constant_as_a_node():
    graph = parse("max(x, 0)")
    assert graph.kinds == ("input", "const", "gate")


def test_a_name_used_twice_is_one_node_with_two_wires():
    graph = parse("x * x")
    assert graph.args[-1] == (0, 0)
    assert evaluate("x * x", {"x": 3}).gradients == {"x": 6.0}


def test_statements_split_on_newlines_and_semicolons_with_comments():
    r = evaluate("a = 2; b = 3  # inputs\nc = a * b # product")
    assert r.value == 6.0 and r.gradients == {"a": 3.0, "b": 2.0}


def test_final_bare_expression_is_the_output():
    assert evaluate("a = 2\na * 5").value == 10.0


def test_newlines_inside_brackets_continue_the_expression():
    assert evaluate("f = (1 +\n 2)").value == 3.0


def test_inputs_appear_in_order_of_first_use():
    assert list(evaluate("z * (y + x)").gradients) == ["z", "y", "x"]


def test_inputs_come_before_gates_in_order_of_first_use_around_calls_and_prefixes():
    graph = parse("y * math.pi + exp(x) - np.e * z + y * w")
    assert graph.input_names() == ["y", "x", "z", "w"]
    assert all(graph.kinds[i] == "input" for i in graph.input_ids)
    assert graph.first_gate == 4


def test_inputs_keep_their_order_of_first_use_when_subscripts_are_mixed_in():
    assert parse("x * w[1] + w[0] * y").input_names() == ["x", "w[1]", "w[0]", "y"]


def test_calling_a_name_before_it_is_used_as_a_number_reads_as_an_unknown_function():
    with pytest.raises(ParseError, match="unknown function `x`"):
        parse("x((x + x))")
    with pytest.raises(ParseError, match="`x` is a number, not a function"):
        parse("x + x(2)")


def test_free_names_default_to_one():
    assert evaluate("x * y").value == 1.0


def test_values_define_free_names_inside_a_program():
    assert evaluate("q = x + y\nf = q * z", {"x": -2, "y": 5, "z": -4}).gradients["z"] == 3.0


def test_values_override_literal_inputs():
    assert evaluate("x = 3\nf = x * x", {"x": 5}).value == 25.0


def test_spans_cover_each_gates_source():
    graph = parse("a = 1\nb = exp(a) + 2")
    spans = [graph.spans[i] for i in range(graph.first_gate, len(graph))]
    assert spans == [(2, 5, 2, 11), (2, 5, 2, 15)]


def test_list_elements_become_named_inputs():
    r = evaluate("w = [2, -3]\nf = w[0] * w[1]")
    assert r.gradients == {"w[0]": -3.0, "w[1]": 2.0}


def test_list_elements_take_values_by_their_names():
    assert evaluate("w = [2, -3]\nf = w[0] * w[1]", {"w[1]": 4}).value == 8.0


@pytest.mark.parametrize(
    ("source", "line", "column", "words"),
    [
        ("1 + * 2", 1, 5, "unexpected `*`"),
        ("ep(x)", 1, 1, "did you mean `exp`"),
        ("x = 1\ny = sigmod(x)", 2, 5, "did you mean `sigmoid`"),
        ("import os", 1, 1, "imports"),
        ("from math import exp", 1, 1, "imports"),
        ("lambda x: x", 1, 1, "lambda"),
        ("'hi'", 1, 1, "strings"),
        ('"hi" * 2', 1, 1, "strings"),
        ("[x for x in y]", 1, 4, "comprehensions"),
        ("a if b else c", 1, 3, "conditionals"),
        ("os.system(1)", 1, 1, "prefixes"),
        ("x.real", 1, 1, "prefixes"),
        ("math.foo(x)", 1, 6, "unknown function"),
        ("max(x)", 1, 1, "2 arguments"),
        ("exp(x, y)", 1, 1, "1 argument"),
        ("max()", 1, 1, "2 arguments"),
        ("q = 3\nf = q * zz", 2, 9, "not defined"),
        ("f = q * 2\nq = 3", 1, 5, "before it is assigned"),
        ("x = 1\nx = 2", 2, 1, "already assigned"),
        ("x +", 1, 3, "ends too early"),
        ("(x", 1, 1, "never closed"),
        ("x)", 1, 2, "unmatched"),
        ("2x", 1, 2, "operator"),
        ("x += 1", 1, 3, "not supported"),
        ("x == 1", 1, 3, "comparisons"),
        ("x // 2", 1, 3, "floor division"),
        ("x % 2", 1, 3, "remainder"),
        ("", 1, 1, "empty"),
        ("# only a comment", 1, 1, "empty"),
        ("x * 2\ny = 3", 1, 1, "never names it"),
        ("x + 1 = 3", 1, 1, "single name"),
        ("exp = 3", 1, 1, "built-in"),
        ("exp * 2", 1, 1, "is a function"),
        ("x = 1\nx(2)", 2, 1, "not a function"),
        ("w = [1, 2]\nf = w * 2", 2, 5, "is a list"),
        ("w = [1, 2]\nf = w[5]", 2, 7, "indexes run"),
        ("w = [1, y]", 1, 9, "not defined"),
        ("x = 2\nf = x[0]", 2, 5, "not a list"),
        ("(x, y)", 1, 3, "tuples"),
        ("True + 1", 1, 1, "booleans"),
        ("def f(x):\n  return x", 1, 1, "functions"),
        ("1e999 * x", 1, 1, "too large"),
        ("x @ y", 1, 3, "matrix"),
    ],
)
def test_bad_programs_raise_parse_errors_with_position(source, line, column, words):
    with pytest.raises(ParseError) as info:
        evaluate(source)
    assert words in info.value.message
    assert (info.value.line, info.value.column) == (line, column)


def test_unknown_function_far_from_any_lists_the_available_ones():
    with pytest.raises(ParseError, match="available: abs, cos"):
        evaluate("frobnicate(x)")


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("log(x - 2)", "`log` gate"),
        ("1 / (x - 1)", "`1/x` gate"),
        ("x / (y - 1)", "`/` gate"),
        ("exp(1000 * x)", "too large"),
        ("sqrt(x - 1)", "slope"),
        ("(x - 2) ** 0.5", "`^0.5` gate"),
        ("log(0)", "no finite value"),
        ("1 / 0", "no finite value"),
        ("x * 1e200 * 1e200", "too large"),
    ],
)
def test_domain_problems_raise_eval_errors_naming_the_gate(source, words):
    with pytest.raises(EvalError) as info:
        evaluate(source)
    assert words in info.value.message
    assert info.value.line == 1 and info.value.column >= 1


def test_domain_error_points_at_the_right_line():
    with pytest.raises(EvalError) as info:
        evaluate("x = 3\ny = log(x - 3)")
    assert (info.value.line, info.value.column) == (2, 5)


@pytest.mark.parametrize(
    ("source", "limits"),
    [
        ("x + 1", Limits(max_source_chars=3)),
        ("x + 1 + 2 + 3", Limits(max_gates=2)),
        ("((x))", Limits(max_depth=1)),
    ],
)
def test_limits_raise_limit_errors(source, limits):
    with pytest.raises(LimitError):
        evaluate(source, limits=limits)


def test_every_engine_error_has_the_json_shape():
    with pytest.raises(EngineError) as info:
        evaluate("1 + * 2")
    assert info.value.to_dict() == {
        "message": "unexpected `*`: expected a number, a name or `(`",
        "line": 1,
        "column": 5,
        "code": "unexpected",
        "params": {"token": "*"},
    }


@pytest.mark.parametrize("values", [{"x": float("nan")}, {"x": float("inf")}, {"x": "abc"}, {"x": None}])
def test_non_finite_or_non_numeric_values_are_refused(values):
    with pytest.raises(EvalError):
        evaluate("x * 2", values)
