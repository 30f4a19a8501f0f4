"""The exact numbers of the backprop notes' figures and code, wire by wire."""

from __future__ import annotations

import json
import math

import pytest
from circuitgrad.engine import evaluate
from conftest import GRAPH_KEYS

# Pasted verbatim from the notes (Chinese translation), comments and trailing spaces included.
NOTES_SIMPLE = """# 设置输入值
x = -2; y = 5; z = -4

# 进行前向传播
q = x + y # q becomes 3
f = q * z # f becomes -12
"""

NOTES_NEURON = """w = [2,-3,-3] # 假设一些随机数据和权重
x = [-1, -2]

# 前向传播
dot = w[0]*x[0] + w[1]*x[1] + w[2]
f = 1.0 / (1 + math.exp(-dot)) # sigmoid 函数
"""

NOTES_STAGED = """x = 3 # 例子数值
y = -4

# 前向传播
sigy = 1.0 / (1 + math.exp(-y)) # 分子中的 sigmoi          #(1)
num = x + sigy # 分子                                    #(2)
sigx = 1.0 / (1 + math.exp(-x)) # 分母中的 sigmoid         #(3)
xpy = x + y                                              #(4)
xpysqr = xpy**2                                          #(5)
den = sigx + xpysqr # 分母                                #(6)
invden = 1.0 / den                                       #(7)
f = num * invden # 搞定！                                 #(8)\x20
"""

NEURON = "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
NEURON_VALUES = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}


def staged_reference(x: float, y: float) -> dict:
    """The notes' own forward and backward code, run by hand in Python."""
    sigy = 1.0 / (1 + math.exp(-y))
    num = x + sigy
    sigx = 1.0 / (1 + math.exp(-x))
    xpy = x + y
    xpysqr = xpy**2
    den = sigx + xpysqr
    invden = 1.0 / den
    f = num * invden
    dnum = invden
    dinvden = num
    dden = (-1.0 / (den**2)) * dinvden
    dsigx = (1) * dden
    dxpysqr = (1) * dden
    dxpy = (2 * xpy) * dxpysqr
    dx = (1) * dxpy
    dy = (1) * dxpy
    dx += ((1 - sigx) * sigx) * dsigx
    dx += (1) * dnum
    dsigy = (1) * dnum
    dy += ((1 - sigy) * sigy) * dsigy
    return {"f": f, "x": dx, "y": dy}


def test_add_then_multiply_circuit_gives_minus_twelve_and_its_gradients():
    r = evaluate("(x+y)*z", {"x": -2, "y": 5, "z": -4})
    assert r.value == -12.0
    assert r.gradients == {"x": -4.0, "y": -4.0, "z": 3.0}


def test_add_then_multiply_json_matches_the_contract_example():
    body = evaluate("(x+y)*z", {"x": -2, "y": 5, "z": -4}).to_dict()
    assert body["output"] == 4
    add = body["nodes"][3]
    assert add["gate"] == "add" and add["label"] == "+" and add["inputs"] == [0, 1]
    assert add["value"] == 3.0 and add["gradient"] == -4.0
    assert add["span"] == {"line": 1, "column": 2, "end_line": 1, "end_column": 5}
    assert body["inputs"][0] == {"name": "x", "node": 0, "value": -2.0, "gradient": -4.0}
    assert body["edges"][0] == {"id": 0, "source": 0, "target": 3, "port": 0, "value": -2.0, "gradient": -4.0}
    assert set(body) == GRAPH_KEYS
    json.dumps(body, allow_nan=False)


def test_notes_simple_program_pastes_verbatim_with_named_intermediate():
    r = evaluate(NOTES_SIMPLE)
    assert r.value == -12.0
    assert r.gradients == {"x": -4.0, "y": -4.0, "z": 3.0}
    assert "q" in [n["name"] for n in r.to_dict()["nodes"]]


def test_sigmoid_neuron_has_the_figures_gate_chain():
    body = evaluate(NEURON, NEURON_VALUES).to_dict()
    gates = [n["label"] for n in body["nodes"] if n["kind"] == "gate"]
    assert gates == ["*", "*", "+", "+", "*-1", "exp", "+1", "1/x"]


def test_sigmoid_neuron_forward_values_match_every_wire_of_the_figure():
    body = evaluate(NEURON, NEURON_VALUES).to_dict()
    values = [round(n["value"], 2) for n in body["nodes"] if n["kind"] == "gate"]
    assert values == [-2.0, 6.0, 4.0, 1.0, -1.0, 0.37, 1.37, 0.73]


def test_sigmoid_neuron_backward_values_match_every_wire_of_the_figure():
    body = evaluate(NEURON, NEURON_VALUES).to_dict()
    grads = [round(n["gradient"], 2) for n in body["nodes"] if n["kind"] == "gate"]
    assert grads == [0.2, 0.2, 0.2, 0.2, -0.2, -0.53, -0.53, 1.0]


def test_sigmoid_neuron_input_gradients_match_the_notes():
    r = evaluate(NEURON, NEURON_VALUES)
    rounded = {k: round(v, 2) for k, v in r.gradients.items()}
    assert rounded == {"w0": -0.2, "x0": 0.39, "w1": -0.39, "x1": -0.59, "w2": 0.2}
    assert round(r.value, 2) == 0.73


def test_notes_neuron_code_pastes_verbatim_with_list_inputs():
    r = evaluate(NOTES_NEURON)
    rounded = {k: round(v, 2) for k, v in r.gradients.items()}
    assert rounded == {"w[0]": -0.2, "w[1]": -0.39, "w[2]": 0.2, "x[0]": 0.39, "x[1]": -0.59}


def test_notes_neuron_code_gives_the_same_circuit_as_the_typed_expression():
    pasted = [n["label"] for n in evaluate(NOTES_NEURON).to_dict()["nodes"] if n["kind"] == "gate"]
    assert pasted == ["*", "*", "+", "+", "*-1", "exp", "+1", "1/x"]


def test_staged_program_pasted_from_the_notes_matches_the_notes_own_backprop():
    r = evaluate(NOTES_STAGED)
    expected = staged_reference(3, -4)
    assert r.value == pytest.approx(expected["f"], rel=1e-15)
    assert r.gradients["x"] == pytest.approx(expected["x"], rel=1e-14)
    assert r.gradients["y"] == pytest.approx(expected["y"], rel=1e-14)


def test_staged_program_keeps_the_notes_names_on_its_wires():
    names = {n["name"] for n in evaluate(NOTES_STAGED).to_dict()["nodes"]}
    assert {"sigy", "num", "sigx", "xpy", "xpysqr", "den", "invden", "f"} <= names


def test_staged_program_values_override_its_literal_inputs():
    r = evaluate(NOTES_STAGED, {"x": 1.5, "y": 0.5})
    expected = staged_reference(1.5, 0.5)
    assert r.gradients["x"] == pytest.approx(expected["x"], rel=1e-14)


def test_patterns_figure_gives_minus_eight_six_two_zero():
    r = evaluate("2*(x*y + max(z,w))", {"x": 3, "y": -4, "z": 2, "w": -1})
    assert r.value == -20.0
    assert r.gradients == {"x": -8.0, "y": 6.0, "z": 2.0, "w": 0.0}


def test_patterns_figure_folds_the_two_into_a_times_two_gate():
    body = evaluate("2*(x*y + max(z,w))", {"x": 3, "y": -4, "z": 2, "w": -1}).to_dict()
    labels = [n["label"] for n in body["nodes"] if n["kind"] == "gate"]
    assert labels == ["*", "max", "+", "*2"]
    add = next(n for n in body["nodes"] if n["label"] == "+")
    assert add["gradient"] == 2.0
