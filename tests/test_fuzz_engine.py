"""Fuzzing the engine: every program gives exact gradients or the engine's own error, nothing else."""

from __future__ import annotations

import json
import math
import os
import sys
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings

sys.path.insert(0, os.path.dirname(__file__))
import circuitgrad.engine as engine  # noqa: E402
from strategies import (  # noqa: E402
    Program,
    mutated_programs,
    random_programs,
    valid_programs,
)

EPSILON = sys.float_info.epsilon
LARGE = 1e6  # beyond this, central differences lose too many digits to judge an analytic gradient
EXAMPLES = int(os.environ.get("CIRCUITGRAD_FUZZ_EXAMPLES", "1000"))
CHECKED_FLOOR = 0.5  # the share of generated programs whose gradients must really be compared


def fuzz_settings(examples: int) -> settings:
    """Many quick cases; reproducible in CI, fresh on a developer's machine."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


def assert_engine_error_is_readable(error: Exception) -> None:
    """An engine error carries a message a student can read, and a 1-based position or none."""
    body = error.to_dict()
    assert set(body) >= {"message", "line", "column"}
    assert isinstance(body["message"], str) and body["message"].strip()
    for key in ("line", "column"):
        assert body[key] is None or (isinstance(body[key], int) and body[key] >= 1), body


def evaluate_or_error(source: str, values: dict, **options):
    """The result, or None when the engine refused with its own error (any other exception escapes)."""
    try:
        return engine.evaluate(source, values, **options)
    except engine.EngineError as error:
        assert_engine_error_is_readable(error)
        return None


def assert_result_is_finite(result) -> dict:
    """The result and its JSON carry only finite numbers; returns the JSON body."""
    assert math.isfinite(result.value), result.value
    for name, gradient in result.gradients.items():
        assert math.isfinite(gradient), (name, gradient)
    body = result.to_dict()
    json.dumps(body, allow_nan=False)  # raises on NaN or inf anywhere in the body
    return body


def central_difference(source: str, point: dict, name: str, base: float):
    """(one-sided forward, one-sided backward, central, truncation estimate, h), or None near a domain edge.

    The central difference at h and at h/2 differ by about 3/4 of the first one's truncation error (it
    shrinks with h²), so on a steep curve such as cos(q**2) at q = -36 the tolerance grows with the curve
    instead of failing a right gradient.
    """
    h = 1e-5 * max(1.0, abs(point[name]))
    shifted = {}
    for step in (h, -h, h / 2, -h / 2):
        result = evaluate_or_error(source, {**point, name: point[name] + step})
        if result is None or not math.isfinite(result.value):
            return None
        shifted[step] = result.value
    forward = (shifted[h] - base) / h
    backward = (base - shifted[-h]) / h
    central = (shifted[h] - shifted[-h]) / (2 * h)
    half = (shifted[h / 2] - shifted[-h / 2]) / h
    return forward, backward, central, abs(central - half), h


KINK_GATES = {"max", "min", "relu", "abs"}


def sits_on_a_kink(body: dict) -> bool:
    """True when a max/min ties or relu/abs sees exactly 0: there the gradient is a documented convention
    (ties split evenly, relu'(0) = abs'(0) = 0), which can differ from the slope of a composite that happens
    to be smooth, such as max(x, min(x, 0)) == x."""
    values = {node["id"]: node["value"] for node in body["nodes"]}
    for node in body["nodes"]:
        if node["gate"] in KINK_GATES:
            operands = [values[i] for i in node["inputs"]]
            if len(operands) == 2 and operands[0] == operands[1]:
                return True
            if len(operands) == 1 and operands[0] == 0.0:
                return True
    return False


def check_program(program: Program) -> str:
    """Check one program; returns what happened: 'error', 'value', 'checked' or 'skipped'."""
    result = evaluate_or_error(program.source, program.values)
    if result is None:
        return "error"
    body = assert_result_is_finite(result)
    point = {item["name"]: item["value"] for item in body["inputs"]}
    assert set(result.gradients) == set(point), (result.gradients, point)
    scale = max([1.0] + [abs(node["value"]) for node in body["nodes"]])
    if scale > LARGE or any(abs(g) > LARGE for g in result.gradients.values()) or sits_on_a_kink(body):
        return "skipped"
    outcome = "value"
    for name, analytic in result.gradients.items():
        differences = central_difference(program.source, point, name, result.value)
        if differences is None:
            continue
        forward, backward, numeric, truncation, h = differences
        roundoff = 64 * EPSILON * scale / h
        if abs(forward - backward) > 1e-2 * max(1.0, abs(numeric)) + roundoff:
            continue  # a kink (max, relu, abs) or steep curvature within h of the point
        tolerance = 1e-4 * max(1.0, abs(analytic), abs(numeric)) + roundoff + 2 * truncation
        assert abs(analytic - numeric) <= tolerance, (
            f"d/d{name}: analytic {analytic!r} vs numeric {numeric!r} for {program!r}"
        )
        outcome = "checked"
    return outcome


def test_smooth_programs_have_gradients_matching_central_differences():
    outcomes = Counter()

    @fuzz_settings(EXAMPLES)
    @given(valid_programs(smooth=True))
    @example(Program("(x+y)*z", {"x": -2, "y": 5, "z": -4}))
    @example(Program("cos(q**2)", {"q": -36}))  # steep: the central difference's own error is ~1e-2
    @example(
        Program("1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3})
    )
    @example(
        Program(
            "x = 3\ny = -4\nsigy = 1.0 / (1 + math.exp(-y))\nnum = x + sigy\n"
            "sigx = 1.0 / (1 + math.exp(-x))\nxpy = x + y\nxpysqr = xpy**2\n"
            "den = sigx + xpysqr\ninvden = 1.0 / den\nf = num * invden"
        )
    )
    def check(program):
        outcomes[check_program(program)] += 1

    check()
    # A fuzzer that skips everything passes vacuously: most smooth programs must really be compared.
    assert outcomes["checked"] >= CHECKED_FLOOR * sum(outcomes.values()), outcomes


def test_programs_with_kinks_match_central_differences_away_from_the_kinks():
    outcomes = Counter()

    @fuzz_settings(EXAMPLES)
    @given(valid_programs(smooth=False))
    @example(Program("2*(x*y + max(z,w))", {"x": 3, "y": -4, "z": 2, "w": -1}))
    @example(Program("max(x, x) + relu(y) + abs(z)", {"x": 1, "y": 0, "z": 0}))
    @example(Program("max(x, min(x, 0))", {"x": 0.0}))
    def check(program):
        outcomes[check_program(program)] += 1

    check()
    assert outcomes["checked"] >= CHECKED_FLOOR * sum(outcomes.values()), outcomes


@fuzz_settings(EXAMPLES)
@given(mutated_programs())
@example(Program("1 + * 2"))
@example(Program("x = = 2"))
@example(Program("((((x"))
@example(Program("exp(x"))
def test_mutated_programs_give_a_result_or_the_engine_error(program):
    check_program(program)


@fuzz_settings(EXAMPLES)
@given(random_programs())
@example(Program(""))
@example(Program("\x00"))
@example(Program("__import__('os').system('true')"))
@example(Program("().__class__.__bases__[0].__subclasses__()"))
@example(Program("lambda: 1"))
@example(Program("x = 1\n" * 3))
@example(Program("\ufeffx + 1"))
def test_random_text_gives_a_result_or_the_engine_error(program):
    check_program(program)


@fuzz_settings(EXAMPLES // 4)
@given(valid_programs(smooth=True))
@example(Program("sigmoid(x * y)", {"x": 2, "y": -1}))
def test_expanding_sigmoid_never_changes_gradients(program):
    compact = evaluate_or_error(program.source, program.values)
    expanded = evaluate_or_error(program.source, program.values, expand_sigmoid=True)
    if compact is None or expanded is None:
        return  # a domain error in one form only (exp overflow in the chain) is acceptable
    assert_result_is_finite(expanded)
    assert expanded.value == pytest.approx(compact.value, rel=1e-9, abs=1e-12)
    for name, gradient in compact.gradients.items():
        assert expanded.gradients[name] == pytest.approx(gradient, rel=1e-7, abs=1e-9), name
