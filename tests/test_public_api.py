"""`import circuitgrad`: evaluate with keyword values, and a Circuit parsed once and re-run at new values."""

import math

import numpy as np
import pytest

import circuitgrad
from circuitgrad import ArrayResult, Circuit, EvalError, ParseError, Result

NEURON = """w = [2,-3,-3]
x = [-1, -2]
dot = w[0]*x[0] + w[1]*x[1] + w[2]
f = 1.0 / (1 + math.exp(-dot))"""


def test_evaluate_takes_the_inputs_as_keywords():
    result = circuitgrad.evaluate("(x+y)*z", x=-2, y=5, z=-4)
    assert result.value == -12
    assert result.gradients == {"x": -4, "y": -4, "z": 3}


def test_evaluate_takes_a_dict_for_names_that_are_not_python_identifiers():
    result = circuitgrad.evaluate(NEURON, {"w[0]": 1.0})
    assert result.values[result.graph.input_index["w[0]"]] == 1.0


def test_a_list_value_fills_the_elements_of_a_list_input():
    by_list = circuitgrad.evaluate(NEURON, w=[2, -3, -3], x=[-1, -2])
    assert by_list.value == pytest.approx(0.7310585786300049)
    assert by_list.gradients["w[0]"] == pytest.approx(-0.19661193324148185)


def test_keywords_win_over_the_dict():
    assert circuitgrad.evaluate("x*y", {"x": 2, "y": 3}, x=5).value == 15


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"q": 3}, "`q` is not an input of this circuit (its inputs: x, y)"),
        ({"x": "3"}, "the value of `x` must be a number"),
        ({"x": True}, "the value of `x` must be a number"),
        ({"x": math.inf}, "the value of `x` must be a finite number"),
    ],
)
def test_a_wrong_value_is_a_clear_error_not_ignored(values, message):
    with pytest.raises(EvalError) as caught:
        Circuit("x*y")(values)
    assert caught.value.message == message


def test_evaluate_rejects_a_name_the_program_does_not_have():
    with pytest.raises(EvalError, match="`q` is not an input"):
        circuitgrad.evaluate("x*y", q=3)


def test_a_circuit_with_a_syntax_error_fails_when_it_is_made():
    with pytest.raises(ParseError) as caught:
        Circuit("1 + * 2")
    assert (caught.value.line, caught.value.column) == (1, 5)


def test_a_circuit_keeps_the_programs_own_values_as_defaults():
    c = Circuit(NEURON)
    assert c.inputs == ["w[0]", "w[1]", "w[2]", "x[0]", "x[1]"]
    assert c().value == pytest.approx(0.7310585786300049)


def test_values_given_when_making_a_circuit_are_its_defaults():
    c = Circuit("(x+y)*z", x=-2, y=5, z=-4)
    assert c().value == -12
    assert c(z=1).value == 3
    assert c().value == -12  # a call does not change the defaults


def test_calling_a_circuit_does_not_parse_again(monkeypatch):
    c = Circuit("(x+y)*z")
    monkeypatch.setattr(circuitgrad.circuit, "parse", lambda *a, **k: pytest.fail("parsed again"))
    assert c(x=-2, y=5, z=-4).gradients == {"x": -4, "y": -4, "z": 3}


@pytest.mark.parametrize("point", [(-2, 5, -4), (0.5, 0.25, 3), (1e-3, -7, 2)])
def test_a_circuit_gives_what_evaluate_gives(point):
    values = dict(zip("xyz", point, strict=True))
    source = "q = x + y\nf = sigmoid(q * z) + log(abs(x) + 1)"
    ours, theirs = Circuit(source, x=0, y=0, z=0)(**values), circuitgrad.evaluate(source, **values)
    assert isinstance(ours, Result)
    assert (ours.values, ours.grads) == (theirs.values, theirs.grads)


def test_a_result_lists_every_wire_with_its_value_and_gradient():
    wires = Circuit("(x+y)*z")(x=-2, y=5, z=-4).wires
    assert wires == [
        {"name": "x", "gate": "input", "value": -2.0, "gradient": -4.0},
        {"name": "y", "gate": "input", "value": 5.0, "gradient": -4.0},
        {"name": "z", "gate": "input", "value": -4.0, "gradient": 3.0},
        {"name": "t1", "gate": "+", "value": 3.0, "gradient": -4.0},
        {"name": "f", "gate": "*", "value": -12.0, "gradient": 1.0},
    ]


def test_arrays_of_one_shape_evaluate_the_circuit_at_every_point():
    c = Circuit("(x+y)*z")
    xs, zs = np.array([[-2.0, 0.0], [1.0, 3.0]]), np.array([[-4.0, 1.0], [2.0, 0.5]])
    batch = c(x=xs, y=5, z=zs)
    assert isinstance(batch, ArrayResult)
    for index in np.ndindex(xs.shape):
        one = c(x=xs[index], y=5, z=zs[index])
        assert batch.value[index] == one.value
        assert {name: g[index] for name, g in batch.gradients.items()} == one.gradients
    assert batch.valid.all()


def test_evaluate_with_an_array_runs_the_batch_too():
    batch = circuitgrad.evaluate("x**2", x=np.linspace(-1, 1, 5))
    assert batch.gradients["x"].tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]


def test_points_outside_a_gates_domain_are_marked_not_valid():
    batch = Circuit("log(x)")(x=np.array([1.0, -1.0]))
    assert batch.valid.tolist() == [True, False]
    assert math.isnan(batch.value[1])


def test_arrays_of_different_shapes_are_an_error():
    with pytest.raises(EvalError, match="one shape"):
        Circuit("x*y")(x=np.zeros(3), y=np.zeros(4))


@pytest.mark.parametrize(
    "values",
    [
        {"x": -2.0, "y": 5.0, "z": -4.0},  # every input, in order: placed on the tape in one go
        {"z": -4.0, "y": 5.0, "x": -2.0},  # another order
        {"x": -2, "y": 5, "z": -4},  # ints
        {"x": np.float64(-2), "y": 5.0, "z": -4.0},  # a numpy scalar
    ],
)
def test_every_way_of_giving_all_values_gives_the_same_circuit(values):
    result = Circuit("(x+y)*z")(values)
    assert (result.value, result.gradients) == (-12.0, {"x": -4.0, "y": -4.0, "z": 3.0})


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_a_non_finite_value_among_all_the_inputs_is_still_refused(bad):
    with pytest.raises(EvalError, match="must be a finite number"):
        Circuit("(x+y)*z")({"x": -2.0, "y": bad, "z": -4.0})
