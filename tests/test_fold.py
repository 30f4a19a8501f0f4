"""Constant folding: constants disappear into labelled gates, or are computed on the spot."""

from __future__ import annotations

import pytest
from circuitgrad.engine import EvalError, evaluate, parse


def test_constant_subexpressions_are_computed_without_gates():
    graph = parse("x * (2 + 3) ** 2")
    assert [graph.label(i) for i in range(graph.first_gate, len(graph))] == ["*25"]


def test_negative_literals_fold_into_the_constant():
    graph = parse("x + -1")
    assert graph.label(len(graph) - 1) == "-1"


def test_written_out_sigmoid_is_grouped_for_the_code():
    graph = parse("1.0 / (1 + math.exp(-y))")
    assert set(graph.groups[graph.first_gate :]) == {len(graph) - 1}


def test_a_named_middle_step_breaks_the_sigmoid_group():
    graph = parse("y = 1\nden = 1 + exp(-y)\ns = 1 / den")
    assert set(graph.groups) == {None}


def test_a_similar_but_different_chain_is_not_a_sigmoid():
    assert set(parse("1 / (2 + exp(-y))").groups) == {None}


def test_constant_domain_errors_name_the_expression():
    with pytest.raises(EvalError, match="log"):
        evaluate("x * log(-1)")


def test_function_of_constants_is_a_constant():
    assert evaluate("x * exp(0)", {"x": 2}).to_dict()["nodes"][1]["label"] == "*1"
