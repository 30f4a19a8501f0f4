"""An oracle: sympy differentiates the same random expressions symbolically."""

from __future__ import annotations

import math

import pytest
import sympy
from circuitgrad.engine import EngineError, evaluate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_properties import NAMES, points, smooth_expressions

SYMBOLS = {name: sympy.Symbol(name) for name in NAMES}
FUNCTIONS = {
    "exp": sympy.exp,
    "log": sympy.log,
    "tanh": sympy.tanh,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "sqrt": sympy.sqrt,
    "sigmoid": lambda u: 1 / (1 + sympy.exp(-u)),
    "max": sympy.Max,
    "min": sympy.Min,
}


def sympy_gradients(source: str, values: dict) -> dict:
    """Test-only: sympy reads the generated (not user) text and differentiates it."""
    expr = sympy.parse_expr(source.replace("^", "**"), local_dict={**SYMBOLS, **FUNCTIONS})
    at = {SYMBOLS[n]: v for n, v in values.items()}
    return {n: float(sympy.diff(expr, SYMBOLS[n]).evalf(subs=at)) for n in NAMES}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(smooth_expressions, points)
def test_gradients_agree_with_sympy(source, values):
    try:
        r = evaluate(source, values)
    except EngineError:
        return
    expected = sympy_gradients(source, values)
    for name in NAMES:
        got = r.gradients.get(name, 0.0)
        assert math.isclose(got, expected[name], rel_tol=1e-9, abs_tol=1e-9), (source, name)


@pytest.mark.parametrize(
    ("source", "values"),
    [
        ("(x+y)*z", {"x": -2, "y": 5, "z": -4}),
        ("x**y + log(y) * sqrt(z)", {"x": 1.5, "y": 0.7, "z": 2.0}),
        ("max(x, y) * min(y, z)", {"x": 1.0, "y": 2.0, "z": 3.0}),
        ("sigmoid(x) / (sigmoid(y) + (x + y)**2)", {"x": 3.0, "y": -4.0, "z": 0.0}),
    ],
)
def test_fixed_expressions_agree_with_sympy(source, values):
    r = evaluate(source, values)
    expected = sympy_gradients(source, values)
    for name, grad in r.gradients.items():
        assert math.isclose(grad, expected[name], rel_tol=1e-12, abs_tol=1e-12)


@given(st.just(None))
def test_oracle_reads_sigmoid_as_the_notes_define_it(_):
    assert sympy_gradients("sigmoid(x)", {"x": 0.0, "y": 0.0, "z": 0.0})["x"] == 0.25
