"""The animation trace: forward steps, one seed, then one backward step per wire."""

from __future__ import annotations

import pytest
from circuitgrad.engine import evaluate
from test_engine_figures import NOTES_STAGED


def steps_of(source: str, values: dict | None = None) -> list[dict]:
    return evaluate(source, values).steps


def test_steps_are_forward_then_seed_then_one_backward_step_per_wire():
    r = evaluate("(x+y)*z", {"x": -2, "y": 5, "z": -4})
    phases = [s["phase"] for s in r.steps]
    assert phases == ["forward", "forward", "seed", "backward", "backward", "backward", "backward"]
    assert [s["index"] for s in r.steps] == list(range(7))
    assert len(r.to_dict()["edges"]) == 4


def test_forward_steps_carry_their_operands_and_value():
    first = steps_of("(x+y)*z", {"x": -2, "y": 5, "z": -4})[0]
    assert first == {"index": 0, "phase": "forward", "node": 3, "gate": "add", "label": "+",
                     "inputs": [-2.0, 5.0], "value": 3.0}  # fmt: skip


def test_multiply_step_swaps_the_other_operand_in():
    step = steps_of("(x+y)*z", {"x": -2, "y": 5, "z": -4})[4]
    assert step["gate"] == "mul" and step["pattern"] == "swaps"
    assert step["input"] == 2 and step["port"] == 1
    assert step["upstream"] == 1.0 and step["local"] == 3.0 and step["product"] == 3.0
    assert step["other"] == 3.0
    assert step["latex"] == r"\frac{\partial}{\partial z}\left(t_{1} z\right) = t_{1}"


def test_seed_step_starts_the_output_gradient_at_one():
    seed = steps_of("x * 2")[1]
    assert seed == {"index": 1, "phase": "seed", "node": 1, "gradient": 1.0}


def test_fan_out_accumulates_with_running_totals():
    backward = [s for s in steps_of("x * x + x", {"x": 3}) if s["phase"] == "backward"]
    into_x = [s for s in backward if s["input"] == 0]
    assert all(s["accumulates"] for s in into_x)
    assert [s["total_before"] for s in into_x] == [0.0, 1.0, 4.0]
    assert into_x[-1]["total"] == 7.0


def test_single_use_wires_do_not_accumulate():
    backward = [s for s in steps_of("(x+y)*z") if s["phase"] == "backward"]
    assert not any(s["accumulates"] for s in backward)


@pytest.mark.parametrize(
    ("source", "pattern"),
    [
        ("x + y", "distributes"),
        ("max(x, y)", "routes"),
        ("x * y", "swaps"),
        ("2 * x", "scales"),
        ("exp(x)", "local"),
    ],
)
def test_backward_steps_are_tagged_with_their_gates_pattern(source, pattern):
    assert steps_of(source)[-1]["pattern"] == pattern


def test_final_totals_equal_the_gradients():
    r = evaluate(NOTES_STAGED)
    totals = {}
    for step in r.steps:
        if step["phase"] == "backward":
            totals[step["input"]] = step["total"]
    for i in r.graph.input_ids:
        assert totals[i] == r.grads[i]


def test_backward_steps_visit_gates_in_reverse_tape_order():
    nodes = [s["node"] for s in steps_of(NOTES_STAGED) if s["phase"] == "backward"]
    assert nodes == sorted(nodes, reverse=True)


def test_wires_inside_a_sigma_are_named_by_their_sub_expression_in_formulas():
    # The notes' neuron writes σ out by hand; its inner wires have no name in the code, but formulas need one.
    body = evaluate("1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))").to_dict()
    assert all("?" not in step.get("latex", "") for step in body["steps"])
    tex = {node["label"]: node["tex"] for node in body["nodes"] if node["group"] is not None}
    assert tex == {
        "*-1": r"\left(-t_{4}\right)",
        "exp": "e^{-t_{4}}",
        "+1": r"\left(1 + e^{-t_{4}}\right)",
        "1/x": "f",
    }
