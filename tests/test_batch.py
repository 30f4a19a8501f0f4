"""Batched evaluation: the same circuit at many points in one call."""

from __future__ import annotations

import numpy as np
import pytest
from circuitgrad.engine import EvalError, evaluate, evaluate_batch
from test_engine_figures import NOTES_STAGED


def test_batch_matches_scalar_evaluation_at_every_point():
    xs = np.linspace(-3, 3, 41)
    batch = evaluate_batch("sigmoid(x * y) + max(x, y) * x ** 2", {"x": xs}, {"y": 0.5})
    for k, x in enumerate(xs):
        r = evaluate("sigmoid(x * y) + max(x, y) * x ** 2", {"x": x, "y": 0.5})
        assert batch.values[k] == pytest.approx(r.value, rel=1e-12)
        assert batch.gradients["x"][k] == pytest.approx(r.gradients["x"], rel=1e-12, abs=1e-15)
        assert batch.gradients["y"][k] == pytest.approx(r.gradients["y"], rel=1e-12, abs=1e-15)


def test_batch_of_a_staged_program_overrides_its_literal_input():
    batch = evaluate_batch(NOTES_STAGED, {"x": np.array([3.0, 1.0])})
    assert batch.values[0] == pytest.approx(evaluate(NOTES_STAGED).value)
    assert batch.gradients["y"][1] == pytest.approx(evaluate(NOTES_STAGED, {"x": 1.0}).gradients["y"])


def test_points_outside_the_domain_are_marked_invalid_not_raised():
    batch = evaluate_batch("log(x)", {"x": np.array([-1.0, 0.0, 1.0])})
    assert batch.valid.tolist() == [False, False, True]
    assert np.isnan(batch.values[:2]).all() and batch.values[2] == 0.0


def test_batch_outputs_have_one_entry_per_point_even_when_constant_in_x():
    batch = evaluate_batch("y * 2", {"x": np.zeros(5)}, {"y": 1.0})
    assert batch.values.shape == (5,) and batch.gradients["y"].shape == (5,)


def test_batch_kinks_follow_the_scalar_conventions():
    batch = evaluate_batch("max(x, 0) + relu(x) + abs(x)", {"x": np.array([0.0])})
    assert batch.gradients["x"][0] == 0.5


def test_batched_inputs_must_share_one_length():
    with pytest.raises(EvalError):
        evaluate_batch("x + y", {"x": np.zeros(3), "y": np.zeros(4)})


def test_compound_and_expanded_sigmoid_agree_in_batch():
    xs = np.linspace(-5, 5, 11)
    folded = evaluate_batch("sigmoid(x)", {"x": xs})
    expanded = evaluate_batch("sigmoid(x)", {"x": xs}, expand_sigmoid=True)
    assert np.allclose(folded.gradients["x"], expanded.gradients["x"], rtol=1e-12)
