"""The JavaScript unit tests read saved engine answers; they must stay exactly what the engine answers now."""

import json
import sys

import pytest
from circuitgrad.app.examples import NOTES_STAGED_PROGRAM
from circuitgrad.engine import evaluate

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from networks import network_program, neuron_program  # noqa: E402

FIXTURES = ROOT / "tests" / "js" / "fixtures"
PROGRAMS = {
    "add-mul": ("(x+y)*z", {"x": -2, "y": 5, "z": -4}),
    "patterns": ("2*(x*y + max(z,w))", {"x": 3, "y": -4, "z": 2, "w": -1}),
    "fan-out": ("x*x + y", {"x": 3, "y": 2}),
    # One gate of each way a formula is written: infix, a function, a power, constants folded in.
    "formulas": ("max(x, y) * exp(x)**2 + 1/(x + 1) * -1 + sigmoid(x) + relu(y)", {"x": 2, "y": 3}),
    "sigmoid-neuron": (
        "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
        {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
    ),
    "staged": (NOTES_STAGED_PROGRAM, {"x": 3, "y": -4}),
    # Every kink at its convention: a max and a min tie (½ each), relu and abs at exactly 0.
    "kinks": ("max(z, w) + min(z, w) + relu(u) + abs(u)", {"z": 2, "w": 2, "u": 0}),
    # ∂f/∂w is 4.5e-5: no decimal place of two shows it.
    "small": ("sigmoid(w*x)", {"w": 10, "x": 1}),
    # x fans out three ways: a part, a running sum, then the total.
    "fan-three": ("x*x*x", {"x": 2}),
    # Matrices: a product, a bias broadcast over the rows, a transpose, a sum along an axis and a mean.
    "arrays": (
        "X = [[1, 2], [3, 4], [5, 6]]\nW = [[1, 0, -1], [2, 1, 0]]\nb = [0.5, -0.5, 1]\n"
        "S = X.dot(W) + b\nT = np.sum(S.T, axis=1)\nf = np.mean(T)",
        {},
    ),
    # Two tanh neurons share x1..x3 and feed a σ neuron: each holds its own weights and bias.
    "two-layer": (neuron_program(), {}),
    # A 2-4-4-1 network written out (66 gates): whole, it takes the layered layout of big circuits.
    "network-2-4-4-1": (network_program(samples=1, sizes=(2, 4, 4, 1)), {}),
    # x and y feed three gates each: with the neurons collapsed, their wires leave on trunks.
    "three-neurons": (
        "x = 1.5\ny = -0.5\nh1 = tanh(0.4*x + 0.2*y)\nh2 = tanh(-0.6*x + y)\n"
        "h3 = tanh(0.3*x - 0.5*y)\nf = h1 + h2 + h3",
        {},
    ),
}


def test_every_fixture_has_its_program():
    assert sorted(path.stem for path in FIXTURES.glob("*.json")) == sorted(PROGRAMS)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_fixture_is_the_engines_answer(name):
    expr, values = PROGRAMS[name]
    saved = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(evaluate(expr, values).to_dict()))
