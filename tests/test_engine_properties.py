"""Property tests: random valid programs get exact gradients; random text gets only the engine's error."""

from __future__ import annotations

import math

from circuitgrad.engine import EngineError, evaluate, gradient_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NAMES = ["x", "y", "z"]
SMOOTH_UNARY = [
    "exp(tanh({}))",
    "tanh({})",
    "sin({})",
    "cos({})",
    "sigmoid({})",
    "log(1 + ({})**2)",
    "sqrt(1 + ({})**2)",
    "({}) ** 2",
    "-({})",
    "2.5 * ({})",
    "({}) / 3",
    "1 / (2 + tanh({}))",
    "({}) + 1",
    "1 - ({})",
]
SMOOTH_BINARY = ["({}) + ({})", "({}) - ({})", "({}) * ({})", "({}) / (2 + tanh({}) ** 2)"]

leaves = st.sampled_from(NAMES) | st.sampled_from(["0.5", "2", "1e-1"])


def _extend(children):
    unary = st.tuples(st.sampled_from(SMOOTH_UNARY), children).map(lambda t: t[0].format(t[1]))
    binary = st.tuples(st.sampled_from(SMOOTH_BINARY), children, children).map(
        lambda t: t[0].format(t[1], t[2])
    )
    return unary | binary


smooth_expressions = st.recursive(leaves, _extend, max_leaves=12)
points = st.fixed_dictionaries({n: st.floats(-2, 2, allow_nan=False) for n in NAMES})

TOKENS = [
    "x",
    "y",
    "1",
    "2.5",
    "+",
    "-",
    "*",
    "/",
    "**",
    "^",
    "(",
    ")",
    ",",
    "=",
    ";",
    "#",
    "exp",
    "max",
    "sigmoid",
    "math.",
    "np.",
    "[",
    "]",
    "0",
    "w",
    "import",
    "lambda",
    "'",
    ":",
    ".",
]
TOKENS += ["\n", " "]

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(smooth_expressions, points)
def test_random_smooth_programs_match_central_differences(source, values):
    try:
        rows = gradient_check(source, values)
    except EngineError:
        return  # e.g. a program that is a constant overflowing; the refusal itself is the engine's
    for row in rows:
        scale = max(1.0, abs(row["analytic"]))
        assert abs(row["analytic"] - row["numeric"]) <= 1e-5 * scale, (source, row)


@FUZZ
@given(smooth_expressions, points)
def test_random_programs_give_identical_gradients_with_sigmoid_expanded(source, values):
    try:
        folded = evaluate(source, values).gradients
    except EngineError:
        return
    expanded = evaluate(source, values, expand_sigmoid=True).gradients
    for name, grad in folded.items():
        assert math.isclose(grad, expanded[name], rel_tol=1e-9, abs_tol=1e-12)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_random_token_soup_raises_only_engine_errors(source):
    try:
        r = evaluate(source)
    except EngineError as error:
        body = error.to_dict()
        assert body["message"]
        assert body["line"] is None or body["line"] >= 1
        return
    assert math.isfinite(r.value)
    r.to_dict()


@FUZZ
@given(st.text(max_size=60))
def test_random_text_raises_only_engine_errors(source):
    try:
        evaluate(source).to_dict()
    except EngineError as error:
        assert error.to_dict()["message"]
