"""evaluate() and the JSON of one evaluated circuit."""

from __future__ import annotations

import json
import math

import pytest
from circuitgrad.engine import evaluate
from test_engine_figures import NEURON, NEURON_VALUES, NOTES_NEURON, NOTES_STAGED

EXAMPLES = [
    ("(x+y)*z", {"x": -2, "y": 5, "z": -4}),
    (NEURON, NEURON_VALUES),
    (NOTES_NEURON, {}),
    (NOTES_STAGED, {}),
    ("2*(x*y + max(z,w))", {"x": 3, "y": -4, "z": 2, "w": -1}),
    ("max(x, 0) * 3", {"x": 2}),
    ("2 * 3", {}),
]


def finite_numbers(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(finite_numbers(v) for v in value.values())
    if isinstance(value, list):
        return all(finite_numbers(v) for v in value)
    return True


@pytest.mark.parametrize(("source", "values"), EXAMPLES)
def test_json_is_strict_and_only_has_finite_numbers(source, values):
    body = evaluate(source, values).to_dict()
    json.dumps(body, allow_nan=False)
    assert finite_numbers(body)


@pytest.mark.parametrize(("source", "values"), EXAMPLES)
def test_every_edge_connects_known_nodes_and_carries_local_times_upstream(source, values):
    r = evaluate(source, values)
    body = r.to_dict()
    ids = {n["id"] for n in body["nodes"]}
    for edge in body["edges"]:
        assert edge["source"] in ids and edge["target"] in ids
        target = body["nodes"][edge["target"]]
        assert target["inputs"][edge["port"]] == edge["source"]
        assert edge["value"] == body["nodes"][edge["source"]]["value"]
        assert edge["gradient"] == r.local_grads[edge["target"]][edge["port"]] * target["gradient"]


@pytest.mark.parametrize(("source", "values"), EXAMPLES)
def test_wire_gradients_add_up_to_each_nodes_gradient(source, values):
    body = evaluate(source, values).to_dict()
    totals = {}
    for edge in body["edges"]:
        totals[edge["source"]] = totals.get(edge["source"], 0.0) + edge["gradient"]
    for node in body["nodes"]:
        if node["id"] in totals:
            assert node["gradient"] == pytest.approx(totals[node["id"]], rel=1e-12)


def test_node_fields_follow_the_contract():
    node = evaluate("(x+y)*z").to_dict()["nodes"][0]
    assert set(node) == {
        "id",
        "kind",
        "gate",
        "label",
        "name",
        "inputs",
        "span",
        "value",
        "gradient",
        "group",
        "tex",
        "formula",
    }
    assert node["kind"] == "input" and node["gate"] is None and node["name"] == "x"


def test_a_gate_node_carries_its_formula_with_the_constant_written_in():
    nodes = evaluate("(x + y) * -3").to_dict()["nodes"]
    formulas = {node["gate"]: node["formula"] for node in nodes if node["kind"] == "gate"}
    assert formulas["add"]["text"] == "#0 + #1"
    scale = {"text": "#0 × −3", "tex": r"#0 \times (-3)", "member": "-#0", "member_tex": "-#0"}
    assert formulas["scale"] == scale


def test_nodes_are_inputs_then_constants_then_gates_in_tape_order():
    kinds = [n["kind"] for n in evaluate("max(x * 2, 0) + y").to_dict()["nodes"]]
    assert kinds == ["input", "input", "const", "gate", "gate", "gate"]


def test_fan_out_wires_carry_their_own_gradients():
    body = evaluate("x * y + x", {"x": 2, "y": 5}).to_dict()
    from_x = [e["gradient"] for e in body["edges"] if e["source"] == 0]
    assert from_x == [5.0, 1.0]


def test_options_record_whether_sigmoid_was_expanded():
    assert evaluate("sigmoid(x)").to_dict()["options"] == {"expand_sigmoid": False}
    assert evaluate("sigmoid(x)", expand_sigmoid=True).to_dict()["options"] == {"expand_sigmoid": True}


def test_compound_and_expanded_sigmoid_give_identical_input_gradients():
    values = {"w": 0.7, "x": -1.3}
    folded = evaluate("sigmoid(w * x + 1)", values).gradients
    expanded = evaluate("sigmoid(w * x + 1)", values, expand_sigmoid=True).gradients
    assert folded.keys() == expanded.keys()
    for name in folded:
        assert folded[name] == pytest.approx(expanded[name], rel=1e-14)


def test_expanded_sigmoid_nodes_name_their_group():
    body = evaluate("sigmoid(x)", expand_sigmoid=True).to_dict()
    chain = [n for n in body["nodes"] if n["kind"] == "gate"]
    assert {n["group"] for n in chain} == {chain[-1]["id"]}


def test_to_dict_returns_fresh_objects_each_time():
    r = evaluate("(x+y)*z")
    first = r.to_dict()
    first["nodes"][0]["span"]["line"] = 99
    first["nodes"][3]["inputs"].append(7)
    first["steps"][0]["inputs"].append(7)
    second = evaluate("(x+y)*z").to_dict()
    assert second["nodes"][0]["span"]["line"] == 1
    assert second["nodes"][3]["inputs"] == [0, 1]
    assert second["steps"][0]["inputs"] == [1.0, 1.0]


def test_slider_moves_reuse_the_parse_but_not_the_values():
    first = evaluate("(x+y)*z", {"x": 1, "y": 2, "z": 3})
    second = evaluate("(x+y)*z", {"x": -2, "y": 5, "z": -4})
    assert first.graph is second.graph
    assert first.value == 9.0 and second.value == -12.0


def test_cached_graphs_are_immutable():
    graph = evaluate("x * 2").graph
    with pytest.raises(TypeError):
        graph.names[0] = "y"


def test_the_literal_default_survives_a_value_override():
    assert evaluate("x = 3\nf = x * 2", {"x": 10}).value == 20.0
    assert evaluate("x = 3\nf = x * 2").value == 6.0
