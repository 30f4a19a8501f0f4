"""The notebook widget's Python side: the kernel evaluates through Circuit; program, values, step readable."""

import random

import pytest
from jupyter import require_notebook_extra

import circuitgrad


@pytest.fixture(autouse=True)
def notebook_extra():
    require_notebook_extra()


def test_show_evaluates_the_program_at_the_given_values():
    w = circuitgrad.show("(x+y)*z", x=-2, y=5, z=-4)
    assert (w.program, w.values) == ("(x+y)*z", {"x": -2, "y": 5, "z": -4})
    assert w.answer["graph"]["value"] == -12
    assert w.step == len(w.answer["graph"]["steps"]) == 7  # the finished figure, as the page opens it


def test_a_program_without_values_lists_its_own_defaults():
    w = circuitgrad.show("w = [2,-3,-3]\nx = [-1, -2]\nf = w[0]*x[0] + w[1]*x[1] + w[2]")
    assert w.values == {"w[0]": 2.0, "w[1]": -3.0, "w[2]": -3.0, "x[0]": -1.0, "x[1]": -2.0}


def test_setting_some_values_changes_only_those_and_recomputes():
    w = circuitgrad.show("(x+y)*z", x=-2, y=5, z=-4)
    w.values = {"x": 1}
    assert w.values == {"x": 1, "y": 5, "z": -4}
    assert w.answer == {**w.answer, "values": w.values}
    assert w.answer["graph"]["gradients"] == {"x": -4.0, "y": -4.0, "z": 6.0}
    assert w.result.value == -24


def test_a_new_program_keeps_the_values_of_inputs_it_shares():
    w = circuitgrad.show("(x+y)*z", x=-2, y=5, z=-4)
    w.program = "x * y"
    assert w.values == {"x": -2, "y": 5}
    assert w.answer["graph"]["value"] == -10


@pytest.mark.parametrize(
    ("program", "values", "message"),
    [
        ("log(x)", {"x": -1}, "the `log` gate cannot be computed at -1: log needs a positive input"),
        ("x * 2", {"q": 3}, "`q` is not an input of this circuit (its inputs: x)"),
    ],
)
def test_values_the_circuit_cannot_take_give_an_error_answer_not_an_exception(program, values, message):
    w = circuitgrad.show(program)
    w.values = values
    assert w.answer["error"]["message"] == message


def test_a_program_that_does_not_parse_fails_in_python_at_once():
    with pytest.raises(circuitgrad.ParseError):
        circuitgrad.show("1 + * 2")


def test_a_micrograd_graph_shows_its_comparison_until_its_values_are_moved():
    from micrograd.engine import Value

    a, b = Value(2.0), Value(-3.0)
    out = a * b + a
    out.backward()
    w = circuitgrad.show(out)
    assert (w.note, w.note_ok) == ("All 3 wires' values and gradients agree with micrograd's.", True)
    w.values = {"v1": 5.0}
    assert w.note.startswith("Values changed here, so micrograd's own numbers no longer apply")


def test_karpathys_network_opens_with_values_set_from_python_instead_of_369_sliders():
    from micrograd.nn import MLP

    random.seed(1337)
    loss = MLP(2, [16, 16, 1])([2.0, -1.0])
    loss.backward()
    w = circuitgrad.show(loss)
    assert len(w.values) == 369 and w.note_ok
    assert 'class="inputs"' not in w._stage
    assert w.answer["graph"]["value"] == loss.data


@pytest.mark.parametrize("thing", [3.0, None, ["(x+y)*z"]])
def test_show_says_what_it_can_draw(thing):
    with pytest.raises(TypeError, match="a program .text. or a micrograd Value"):
        circuitgrad.show(thing)
