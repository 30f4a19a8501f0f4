"""The gate registry: every gate's local gradients against central differences, and its table entry."""

from __future__ import annotations

import math

import numpy as np
import pytest
from circuitgrad.engine import REGISTRY, gate_registry
from circuitgrad.engine.errors import REASONS
from circuitgrad.engine.gates import number_text

# Points inside each gate's domain, away from kinks; `c` is the folded constant where a gate takes one.
POINTS = {
    "add": [(1.5, -2.0)],
    "sub": [(1.5, -2.0)],
    "mul": [(1.5, -2.0)],
    "div": [(1.5, -2.0)],
    "pow": [(1.5, 2.5), (0.7, -1.3)],
    "max": [(1.5, -2.0), (-3.0, 2.0)],
    "min": [(1.5, -2.0), (-3.0, 2.0)],
    "add_const": [(0.3,)],
    "sub_const": [(0.3,)],
    "rsub_const": [(0.3,)],
    "scale": [(0.3,)],
    "div_const": [(0.3,)],
    "rdiv_const": [(0.3,), (-2.0,)],
    "pow_const": [(0.3,), (-1.7,)],
    "rpow_const": [(0.3,)],
    "exp": [(0.3,), (-2.0,)],
    "log": [(0.3,), (4.0,)],
    "sigmoid": [(0.3,), (-5.0,)],
    "tanh": [(0.3,), (-1.2,)],
    "relu": [(0.3,), (-1.2,)],
    "sqrt": [(0.3,), (4.0,)],
    "abs": [(0.3,), (-1.2,)],
    "sin": [(0.3,), (-1.2,)],
    "cos": [(0.3,), (-1.2,)],
}
CONSTANTS = {"pow_const": 3.0, "rpow_const": 2.0}


def central_difference(gate, point, port, c, h=1e-6):
    def at(x):
        moved = list(point)
        moved[port] = x
        return gate.forward(*moved, c)

    return (at(point[port] + h) - at(point[port] - h)) / (2 * h)


ELEMENTWISE = {name: gate for name, gate in REGISTRY.items() if gate.elementwise}  # arrays: test_array_gates


def cases():
    for name, gate in ELEMENTWISE.items():
        c = CONSTANTS.get(name, 2.0) if gate.takes_constant else None
        for point in POINTS[name]:
            yield pytest.param(gate, point, c, id=f"{name}{point}")


def test_every_registered_gate_has_test_points():
    assert set(POINTS) == set(ELEMENTWISE)


@pytest.mark.parametrize(("gate", "point", "c"), list(cases()))
def test_local_gradients_match_central_differences(gate, point, c):
    out = gate.forward(*point, c)
    local = gate.local(*point, out, c)
    assert len(local) == gate.arity
    for port in range(gate.arity):
        numeric = central_difference(gate, point, port, c)
        assert local[port] == pytest.approx(numeric, rel=1e-6, abs=1e-8)


@pytest.mark.parametrize(("gate", "point", "c"), list(cases()))
def test_vectorised_forms_agree_with_the_scalar_ones(gate, point, c):
    arrays = [np.array([v, v]) for v in point]
    out = gate.forward(*point, c)
    vout = (gate.vforward or gate.forward)(*arrays, c)
    assert np.allclose(vout, out)
    vlocal = (gate.vlocal or gate.local)(*arrays, vout, c)
    for port, value in enumerate(gate.local(*point, out, c)):
        assert np.allclose(np.broadcast_to(vlocal[port], (2,)), value)


@pytest.mark.parametrize("gate", list(REGISTRY.values()), ids=list(REGISTRY))
def test_each_gate_record_is_complete(gate):
    assert gate.arity in (1, 2)
    assert len(gate.latex) == gate.arity and len(gate.code_local) == gate.arity
    assert gate.pattern in {"distributes", "routes", "swaps", "scales", "local"}
    assert gate.description.endswith(".")


@pytest.mark.parametrize(
    ("name", "c", "label"),
    [
        ("add_const", 1.0, "+1"),
        ("add_const", -3.0, "-3"),
        ("sub_const", 2.0, "-2"),
        ("scale", -1.0, "*-1"),
        ("scale", 2.0, "*2"),
        ("rdiv_const", 1.0, "1/x"),
        ("pow_const", 2.0, "^2"),
        ("div_const", 4.0, "/4"),
        ("rpow_const", 2.0, "2^x"),
        ("rsub_const", 1.0, "1-x"),
    ],
)
def test_constant_gates_are_labelled_like_the_figures(name, c, label):
    assert REGISTRY[name].label(c) == label


def test_patterns_follow_the_notes():
    assert REGISTRY["add"].pattern == "distributes"
    assert REGISTRY["max"].pattern == "routes"
    assert REGISTRY["mul"].pattern == "swaps"
    assert REGISTRY["scale"].pattern == "scales"


def test_max_tie_splits_the_gradient_evenly():
    assert REGISTRY["max"].local(2.0, 2.0, 2.0, None) == (0.5, 0.5)
    assert REGISTRY["min"].local(2.0, 2.0, 2.0, None) == (0.5, 0.5)


def test_relu_and_abs_have_zero_slope_at_their_kink():
    assert REGISTRY["relu"].local(0.0, 0.0, None) == (0.0,)
    assert REGISTRY["abs"].local(0.0, 0.0, None) == (0.0,)


def test_sigmoid_gate_is_stable_far_from_zero():
    sigmoid = REGISTRY["sigmoid"]
    assert sigmoid.forward(-800.0, None) == 0.0
    assert sigmoid.forward(800.0, None) == 1.0


def test_registry_json_lists_every_gate_with_contract_fields():
    records = gate_registry()
    assert [r["name"] for r in records] == list(REGISTRY)
    for record in records:
        assert set(record) == {
            *("name", "symbol", "arity", "pattern", "latex", "description"),
            *("formula", "reason"),
        }
    assert next(r for r in records if r["name"] == "scale")["symbol"] == "*c"


@pytest.mark.parametrize(("value", "text"), [(1.0, "1"), (-1.0, "-1"), (0.5, "0.5"), (1e-3, "0.001")])
def test_constants_print_briefly(value, text):
    assert number_text(value) == text


def test_exp_local_gradient_is_its_own_output():
    out = REGISTRY["exp"].forward(1.0, None)
    assert REGISTRY["exp"].local(1.0, out, None) == (math.e,)


def test_every_domain_reason_is_a_known_code_so_the_page_can_translate_it():
    assert {gate.reason for gate in REGISTRY.values() if gate.reason} <= set(REASONS)
