"""Generated staged code: the notes' style, and running it reproduces the engine's gradients."""

from __future__ import annotations

import math

import pytest
from circuitgrad.engine import evaluate
from test_engine_figures import NEURON, NEURON_VALUES, NOTES_NEURON, NOTES_STAGED

PROGRAMS = [
    ("(x+y)*z", {"x": -2, "y": 5, "z": -4}),
    (NEURON, NEURON_VALUES),
    (NOTES_NEURON, {}),
    (NOTES_STAGED, {}),
    ("2*(x*y + max(z,w))", {"x": 3, "y": -4, "z": 2, "w": -1}),
    ("x * x + x", {"x": 1.5}),
    ("sigmoid(a * b) + tanh(a) - relu(b) / abs(a)", {"a": 0.7, "b": -1.3}),
    ("max(x, 0) + min(y, 2) + sqrt(x) * log(y) + sin(x) * cos(y)", {"x": 2.0, "y": 3.0}),
    ("x ** y + 2 ** x + x ** 3 + 1 / x + x / 4 + (1 - x)", {"x": 1.3, "y": 0.4}),
    ("t1 = x * 2\nf = t1 + x * 3", {"x": 1.0}),
    ("x = 1\ndx = 2\nf = x * dx", {}),
    # The program's own seed: the generated code starts from it, not from 1.
    ("x = 2\nf = x ** 2\ndf = 3\ndx = 2 * x * df", {}),
    ("x = 2; y = -1\nf = x * y + x\ndfdf = -0.5 * y  # half of it", {}),
]


def run_generated_code(code: dict) -> dict:
    """Execute the generated lines (test-only: the engine itself never runs code)."""
    namespace = {"math": math}
    source = "\n".join(line["text"] for line in code["forward"] + code["backward"])
    exec(compile(source, "<generated>", "exec"), namespace)
    return namespace


def gradient_variable(name: str, namespace: dict, taken: set):
    base, _, index = name.partition("[")
    var = "d" + base if "d" + base not in taken else "d_" + base
    value = namespace.get(var, 0.0)
    return value[int(index[:-1])] if index else value


@pytest.mark.parametrize(("source", "values"), PROGRAMS)
def test_running_the_generated_code_reproduces_the_gradients(source, values):
    r = evaluate(source, values)
    namespace = run_generated_code(r.code)
    taken = {n.partition("[")[0] for n in r.graph.names if n}
    for name, grad in r.gradients.items():
        assert gradient_variable(name, namespace, taken) == pytest.approx(grad, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("source", "values"), PROGRAMS)
def test_running_the_forward_code_reproduces_the_output(source, values):
    r = evaluate(source, values)
    namespace = run_generated_code(r.code)
    last = r.code["forward"][-1]["text"].split(" = ")[0]
    assert namespace[last] == pytest.approx(r.value, rel=1e-12)


def test_staged_program_backward_code_reads_like_the_notes():
    texts = [line["text"] for line in evaluate(NOTES_STAGED).code["backward"]]
    assert texts == [
        "dnum = invden",
        "dinvden = num",
        "dden = (-1.0 / (den**2)) * dinvden",
        "dsigx = (1) * dden",
        "dxpysqr = (1) * dden",
        "dxpy = (2 * xpy) * dxpysqr",
        "dx = (1) * dxpy",
        "dy = (1) * dxpy",
        "dx += ((1 - sigx) * sigx) * dsigx",
        "dx += (1) * dnum",
        "dsigy = (1) * dnum",
        "dy += ((1 - sigy) * sigy) * dsigy",
    ]


def test_staged_program_forward_code_is_the_program_itself():
    texts = [line["text"] for line in evaluate(NOTES_STAGED).code["forward"]]
    assert texts == [
        "x = 3",
        "y = -4",
        "sigy = 1.0 / (1 + math.exp(-y))",
        "num = x + sigy",
        "sigx = 1.0 / (1 + math.exp(-x))",
        "xpy = x + y",
        "xpysqr = xpy**2",
        "den = sigx + xpysqr",
        "invden = 1.0 / den",
        "f = num * invden",
    ]


def test_neuron_code_starts_backward_with_the_notes_ddot_line():
    backward = [line["text"] for line in evaluate(NOTES_NEURON).code["backward"]]
    assert "ddot = (1 - f) * f" in backward


def test_each_backward_line_links_to_a_backward_step_of_its_gate():
    r = evaluate(NOTES_STAGED)
    for line in r.code["backward"]:
        step = r.steps[line["step"]]
        assert step["phase"] == "backward"
        assert step["node"] == line["node"] or r.graph.groups[step["node"]] == line["node"]


def test_compound_and_expanded_sigmoid_generate_the_same_code():
    folded = evaluate("sigmoid(x * y)", {"x": 1, "y": 2}).code
    expanded = evaluate("sigmoid(x * y)", {"x": 1, "y": 2}, expand_sigmoid=True).code
    assert [x["text"] for x in folded["backward"]] == [x["text"] for x in expanded["backward"]]


def test_gradient_names_avoid_the_users_own_names():
    texts = [line["text"] for line in evaluate("x = 1\ndx = 2\nf = x * dx").code["backward"]]
    assert texts == ["d_x = dx", "ddx = x"]


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("x = 2\nf = x ** 2\ndf = 3\ndx = 2 * x * df", ["df = 3", "dx = (2 * x) * df"]),
        (
            "x = 2; y = 3\nf = x * y\ndfdf = 0.5 * y  # half\ndfdx = y * dfdf",
            ["df = 0.5 * y", "dx = (y) * df", "dy = (x) * df"],
        ),
        ("x = 2; y = 3\nf = x * y\ndfdx = y", ["dx = y", "dy = x"]),
    ],
)
def test_generated_backward_code_starts_from_the_programs_own_seed(source, lines):
    r = evaluate(source)
    assert [line["text"] for line in r.code["backward"]] == lines
    seed_step = next(step["index"] for step in r.steps if step["phase"] == "seed")
    assert r.code["backward"][0]["step"] == (seed_step if lines[0].startswith("df =") else seed_step + 1)
