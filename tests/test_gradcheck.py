"""Gradient check: the analytic gradient next to a centred difference, per input."""

from __future__ import annotations

import math

from circuitgrad.engine import gradient_check
from test_engine_figures import NEURON, NEURON_VALUES, NOTES_STAGED


def test_notes_examples_pass_the_gradient_check():
    for source, values in [
        (NEURON, NEURON_VALUES),
        (NOTES_STAGED, {}),
        ("(x+y)*z", {"x": -2, "y": 5, "z": -4}),
    ]:
        rows = gradient_check(source, values)
        assert rows and all(row["ok"] for row in rows)
        assert max(row["relative_error"] for row in rows) < 1e-7


def test_rows_name_each_input_in_order_with_contract_fields():
    rows = gradient_check("2*(x*y + max(z,w))", {"x": 3, "y": -4, "z": 2, "w": -1})
    assert [row["name"] for row in rows] == ["x", "y", "z", "w"]
    assert set(rows[0]) >= {"name", "analytic", "numeric", "relative_error"}
    assert rows[0]["analytic"] == -8.0


def test_identical_zero_gradients_have_zero_error():
    rows = gradient_check("max(z, w)", {"z": 2, "w": -1})
    assert rows[1]["analytic"] == 0.0 and rows[1]["relative_error"] == 0.0


def test_a_nudge_that_leaves_the_domain_is_marked_not_raised():
    rows = gradient_check("sqrt(x) + log(x)", {"x": 1e-12})
    assert rows[0]["ok"] is False and math.isnan(rows[0]["numeric"])


def test_a_kink_shows_up_as_a_large_error():
    rows = gradient_check("relu(x)", {"x": 0.0})
    assert rows[0]["analytic"] == 0.0 and rows[0]["numeric"] == 0.5
    assert rows[0]["ok"] is False
