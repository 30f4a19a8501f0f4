"""Arrays on the wires: the notes' vectorised section, against hand-written numpy backward code."""

from __future__ import annotations

import numpy as np
import pytest
from circuitgrad.engine import EvalError, LimitError, Limits, ParseError, evaluate, gradient_check
from circuitgrad.engine.shapes import ShapeError

# The notes' last code block ("用向量化操作计算梯度"), pasted verbatim, Chinese comments and all.
# (one string per line, since the notes' last line ends in a space)
NOTES_VECTORISED = (
    "# 前向传播\n"
    "W = np.random.randn(5, 10)\n"
    "X = np.random.randn(10, 3)\n"
    "D = W.dot(X)\n"
    "\n"
    "# 假设我们得到了 D 的梯度\n"
    "dD = np.random.randn(*D.shape) # 和 D 一样的尺寸\n"
    "dW = dD.dot(X.T) #.T 就是对矩阵进行转置\n"
    "dX = W.T.dot(dD) \n"
)

TWO_LAYER_NET = """\
X = [[1.0, 2.0, -1.0], [0.5, -0.3, 2.0]]
W1 = np.random.randn(3, 4)
b1 = [0.1, -0.2, 0.3, 0.0]
W2 = np.random.randn(4, 2)
b2 = [0.05, -0.05]
H = np.maximum(0, X.dot(W1) + b1)
S = H.dot(W2) + b2
L = np.mean(S ** 2)
"""


def shapes_by_name(result) -> dict:
    g = result.graph
    return {g.names[i]: g.shapes[i] for i in range(len(g)) if g.names[i]}


def numeric_gradient(source: str, values: dict, name: str, h: float = 1e-6) -> np.ndarray:
    """Central differences of Σ output, element by element of one input."""
    base = np.array(values[name], dtype=float)
    grad = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        ends = []
        for sign in (1, -1):
            moved = base.copy()
            moved[index] += sign * h
            ends.append(float(np.sum(evaluate(source, {**values, name: moved}).value)))
        grad[index] = (ends[0] - ends[1]) / (2 * h)
    return grad


def test_the_notes_block_pasted_verbatim_has_the_notes_shapes():
    result = evaluate(NOTES_VECTORISED)
    shapes = shapes_by_name(result)
    assert (shapes["W"], shapes["X"], shapes["D"]) == ((5, 10), (10, 3), (5, 3))
    assert result.graph.names[result.graph.output] == "D"  # its backward lines are not wires


def test_the_notes_backward_lines_are_checked_right_with_their_own_upstream():
    result = evaluate(NOTES_VECTORISED)
    checks = [(c["target"], c["kind"], c["ok"]) for c in result.checks]
    assert checks == [("dD", "seed", True), ("dW", "full", True), ("dX", "full", True)]
    rng = np.random.RandomState(0)  # np.random.seed(0), then the notes' three calls in their order
    w, x, d_d = rng.randn(5, 10), rng.randn(10, 3), rng.randn(5, 3)
    np.testing.assert_allclose(result.gradients["W"], d_d.dot(x.T), rtol=1e-13)
    np.testing.assert_allclose(result.gradients["X"], w.T.dot(d_d), rtol=1e-13)
    code = [line["text"] for line in result.code["backward"]]
    assert code == ["dD = np.random.randn(*D.shape)", "dW = dD.dot(X.T)", "dX = W.T.dot(dD)"]


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        (
            "dW = X.T.dot(dD)",
            "matmul_mismatch",
            "X.T is 3×10 and dD is 5×3: X.T.dot(dD) needs X.T's 10 columns",
        ),
        (
            "dW = X.dot(dD.T)",
            "backward_shape",
            "`dW` must have the shape of `W`, 5×10, but this line gives 10×5",
        ),
        ("dW = dD.dot(X.T) * 2", "backward_wrong", "∂f/∂W[0, 0] is"),
    ],
)
def test_a_wrong_notes_line_is_marked_with_the_dimension_analysis(line, code, words):
    checks = evaluate(NOTES_VECTORISED.replace("dW = dD.dot(X.T)", line)).checks
    wrong = [c for c in checks if not c["ok"]]
    assert [(c["target"], c["code"]) for c in wrong] == [("dW", code)]
    assert words in wrong[0]["message"]
    assert [c["ok"] for c in checks if c["target"] == "dX"] == [True]


def test_the_notes_forward_pass_matches_numpy_after_the_same_seed():
    forward = NOTES_VECTORISED.split("\n\n")[0]
    result = evaluate(forward, seed=7)
    rng = np.random.RandomState(7)  # what np.random.seed(7) sets up
    w, x = rng.randn(5, 10), rng.randn(10, 3)
    np.testing.assert_array_equal(result.value, w.dot(x))
    d_d = np.ones((5, 3))
    np.testing.assert_allclose(result.gradients["W"], d_d.dot(x.T), rtol=1e-13)
    np.testing.assert_allclose(result.gradients["X"], w.T.dot(d_d), rtol=1e-13)


def test_generated_backward_code_is_the_notes_own():
    code = [line["text"] for line in evaluate(NOTES_VECTORISED.split("\n\n")[0]).code["backward"]]
    assert code == ["dD = np.ones_like(D)", "dW = dD.dot(X.T)", "dX = W.T.dot(dD)"]


def test_the_seed_decides_the_random_numbers():
    source = "W = np.random.randn(2, 3)\nf = np.sum(W)"
    assert evaluate(source, seed=1).value == evaluate(source, seed=1).value
    assert evaluate(source, seed=1).value != evaluate(source, seed=2).value
    assert evaluate(source).to_dict()["options"] == {"expand_sigmoid": False, "seed": 0}


def test_matmul_gradients_match_hand_written_numpy():
    rng = np.random.RandomState(0)
    a, b = rng.randn(4, 3), rng.randn(3, 2)
    result = evaluate("C = A @ B", {"A": a, "B": b})
    d_c = np.ones((4, 2))
    np.testing.assert_allclose(result.gradients["A"], d_c.dot(b.T))
    np.testing.assert_allclose(result.gradients["B"], a.T.dot(d_c))


@pytest.mark.parametrize(
    ("source", "a_shape", "b_shape"),
    [
        ("np.dot(A, v)", (3, 4), (4,)),
        ("np.dot(v, A)", (3,), (3, 4)),
        ("v.dot(A)", (3,), (3, 4)),
        ("A.dot(v)", (3, 4), (4,)),
        ("np.dot(v, A)", (4,), (4,)),
    ],
)
def test_matrix_vector_products_follow_numpy_and_central_differences(source, a_shape, b_shape):
    rng = np.random.RandomState(1)
    first, second = ("A", "v") if source.index("A") < source.index("v") else ("v", "A")
    values = {first: rng.randn(*a_shape), second: rng.randn(*b_shape)}
    result = evaluate(source, values)
    np.testing.assert_allclose(result.value, np.dot(values[first], values[second]))
    for name in values:
        np.testing.assert_allclose(result.gradients[name], numeric_gradient(source, values, name), atol=1e-6)


def test_bias_broadcast_is_its_own_gate_and_sums_its_gradient_back():
    rng = np.random.RandomState(2)
    h, b = rng.randn(5, 3), rng.randn(3)
    result = evaluate("S = H * 2 + b", {"H": h, "b": b})
    gates = [result.graph.gates[i].name for i in range(result.graph.first_gate, len(result.graph))]
    assert "broadcast" in gates
    np.testing.assert_allclose(result.gradients["b"], np.ones((5, 3)).sum(axis=0))
    code = [line["text"] for line in result.code["backward"]]
    assert any(text.endswith(".sum(axis=0)") and text.startswith("db = ") for text in code)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("f = np.sum(A)", lambda a: np.ones_like(a)),
        ("f = A.sum(axis=0)", lambda a: np.ones_like(a)),
        ("f = A.sum(axis=1) * w", lambda a: np.ones_like(a) * np.array([[1.0], [2.0], [3.0]])),
        ("f = np.mean(A)", lambda a: np.ones_like(a) / a.size),
        ("f = np.mean(A, axis=0)", lambda a: np.ones_like(a) / a.shape[0]),
        ("f = A.mean(axis=-1)", lambda a: np.ones_like(a) / a.shape[1]),
        ("f = np.sum(A.T * A.T)", lambda a: 2 * a),
        ("f = np.sum(np.transpose(A) * 3)", lambda a: 3 * np.ones_like(a)),
    ],
)
def test_reductions_and_transposes_match_hand_written_numpy(source, expected):
    a = np.arange(12.0).reshape(3, 4) / 7 - 0.5
    values = {"A": a, "w": [1.0, 2.0, 3.0]}
    result = evaluate(source, values)
    np.testing.assert_allclose(result.gradients["A"], expected(a))
    np.testing.assert_allclose(result.gradients["A"], numeric_gradient(source, values, "A"), atol=1e-6)


def test_two_layer_relu_network_matches_hand_written_backward_code():
    result = evaluate(TWO_LAYER_NET, seed=3)
    rng = np.random.RandomState(3)
    x = np.array([[1.0, 2.0, -1.0], [0.5, -0.3, 2.0]])
    w1, w2 = rng.randn(3, 4), None
    b1 = np.array([0.1, -0.2, 0.3, 0.0])
    w2 = rng.randn(4, 2)
    b2 = np.array([0.05, -0.05])
    # forward, as a student writes it
    z1 = x.dot(w1) + b1
    h = np.maximum(0, z1)
    s = h.dot(w2) + b2
    loss = np.mean(s**2)
    # backward, by hand
    d_s = 2 * s / s.size
    d_w2 = h.T.dot(d_s)
    d_b2 = d_s.sum(axis=0)
    d_h = d_s.dot(w2.T)
    d_z1 = d_h * (z1 > 0)
    d_w1 = x.T.dot(d_z1)
    d_b1 = d_z1.sum(axis=0)
    d_x = d_z1.dot(w1.T)
    assert result.value == pytest.approx(loss, rel=1e-14)
    for name, expected in {"W1": d_w1, "b1": d_b1, "W2": d_w2, "b2": d_b2, "X": d_x}.items():
        np.testing.assert_allclose(result.gradients[name], expected, rtol=1e-12, atol=1e-15)


def test_two_layer_network_passes_the_element_by_element_gradient_check():
    rows = gradient_check(TWO_LAYER_NET)
    assert {row["name"].split("[")[0] for row in rows} == {"X", "W1", "b1", "W2", "b2"}
    assert all(row["ok"] for row in rows)


def test_the_gradient_check_samples_large_arrays():
    rows = gradient_check("W = np.random.randn(20, 30)\nf = np.sum(W * W)")
    assert 0 < len(rows) <= 16 and all(row["ok"] for row in rows)


@pytest.mark.parametrize("gate", ["exp", "tanh", "sigmoid", "sin", "abs", "sqrt", "log"])
def test_every_unary_gate_lifts_elementwise(gate):
    a = np.array([[0.3, 1.2], [2.0, 0.7]])
    source = f"f = np.sum({gate}(A))"
    result = evaluate(source, {"A": a})
    np.testing.assert_allclose(result.gradients["A"], numeric_gradient(source, {"A": a}, "A"), rtol=1e-6)


def test_a_scalar_input_meeting_an_array_is_broadcast_and_its_gradient_summed():
    result = evaluate("f = np.sum(A * k)", {"A": [[1.0, 2.0], [3.0, 4.0]], "k": 2.0})
    assert result.gradients["k"] == 10.0
    assert isinstance(result.gradients["k"], float)


def test_array_literals_become_array_inputs_and_values_override_them():
    source = "W = [[1, 2], [3, 4]]\nb = [0.1, -0.2]\nf = np.sum(W.dot(b))"
    assert shapes_by_name(evaluate(source))["b"] == (2,)
    assert evaluate(source, {"W": [[0, 0], [0, 1]]}).value == pytest.approx(-0.2)


@pytest.mark.parametrize(
    ("source", "names"),
    [
        ("w = [2, -3, -3]\nx = [-1, -2]\nf = w[0]*x[0] + w[1]*x[1] + w[2]", ["w[0]", "w[1]", "w[2]"]),
        ("w = [1, 2]\nA = np.ones((2, 2))\nf = np.sum(A) * w[0]", ["w[0]", "w[1]", "A"]),
    ],
)
def test_a_list_used_only_by_element_stays_one_input_per_element(source, names):
    assert set(names) <= set(evaluate(source).gradients)


def test_a_flat_list_used_whole_in_a_program_of_numbers_is_still_an_error():
    with pytest.raises(ParseError, match="is a list"):
        evaluate("w = [1, 2]\nf = w * 2")


@pytest.mark.parametrize(
    ("source", "line", "column", "code", "words"),
    [
        (
            "W = np.random.randn(5, 10)\nX = np.random.randn(3, 10)\nD = W.dot(X)",
            3,
            7,
            "matmul_mismatch",
            "W is 5×10 and X is 3×10: W.dot(X) needs W's 10 columns to meet X's rows, 3",
        ),
        ("A = np.ones((2, 3))\nf = A @ A", 2, 7, "matmul_mismatch", "A's 3 columns to meet A's rows, 2"),
        ("H = np.ones((5, 3))\nb = [1, 2, 3, 4]\nf = H + b", 3, 7, "broadcast_mismatch", "3 and 4"),
        ("A = np.ones((2, 3))\nf = A.sum(axis=2)", 2, 7, "axis_range", "no axis 2"),
        ("x = 3\nf = x @ x", 2, 7, "matmul_scalar", "x is a single number"),
        ("x = 3\nf = x.T", 2, 7, "not_an_array", "single number"),
        ("A = [[1, 2], [3]]", 1, 5, "ragged", "2 and 1"),
        ("A = np.ones((2, 3))\nf = A.foo", 2, 7, "array_attribute", ".foo"),
        ("A = np.zeros(2, 3, 4)", 1, 8, "too_many_dims", "3"),
        ("A = np.random.randn(x)", 1, 21, "shape_arguments", "whole-number sizes"),
        ("A = np.ones((2, 3))\nf = np.sum(A, keepdims=1)", 2, 15, "unknown_keyword", "keepdims"),
    ],
)
def test_shape_mistakes_are_found_before_running_with_line_column_and_code(source, line, column, code, words):
    with pytest.raises(ParseError) as info:
        evaluate(source)
    assert (info.value.line, info.value.column, info.value.code) == (line, column, code)
    assert words in info.value.message


def test_dimension_errors_are_shape_errors_with_params_for_translation():
    with pytest.raises(ShapeError) as info:
        evaluate("W = np.ones((5, 10))\nX = np.ones((3, 10))\nD = W.dot(X)")
    assert info.value.params == {
        "a": "W",
        "a_shape": "5×10",
        "b": "X",
        "b_shape": "3×10",
        "expr": "W.dot(X)",
        "left": 10,
        "right": 3,
    }


def test_a_domain_error_names_the_element_that_left_the_domain():
    with pytest.raises(EvalError) as info:
        evaluate("A = [[1.0, 2.0], [-3.0, 4.0]]\nf = np.sum(np.log(A))")
    assert "[1, 0]" in info.value.message and info.value.line == 2


@pytest.mark.parametrize(
    ("source", "values", "limits", "code"),
    [
        ("W = np.random.randn(100, 100)", {}, Limits(), "array_too_large"),
        (
            "W = np.ones((10, 10))\nV = W.dot(W)\nU = V.dot(V)",
            {},
            Limits(max_total_elements=250),
            "too_many_elements",
        ),
        (
            "f = np.sum(np.dot(u, v))",
            {"u": np.ones((80, 1)), "v": np.ones((1, 80))},
            Limits(),
            "array_too_large",
        ),
    ],
)
def test_array_sizes_have_service_limits_with_clear_errors(source, values, limits, code):
    with pytest.raises(LimitError) as info:
        evaluate(source, values, limits=limits)
    assert info.value.code == code


def test_the_python_api_can_lift_the_array_limits():
    big = Limits(max_array_elements=10**6, max_total_elements=10**7)
    assert evaluate("W = np.random.randn(100, 100)\nf = np.sum(W)", limits=big).gradients["W"].shape == (
        100,
        100,
    )


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"W": [[1.0, 2.0]]}, "value_shape"),
        ({"W": [[1.0, "a"], [2.0, 3.0]]}, "value_array"),
        ({"W": [[1.0, float("nan")], [2.0, 3.0]]}, "value_array"),
        ({"W": [[[1.0]]]}, "too_many_dims"),
    ],
)
def test_bad_array_values_are_refused(values, code):
    with pytest.raises(EvalError) as info:
        evaluate("W = [[1, 2], [3, 4]]\nf = np.sum(W)", values)
    assert info.value.code == code


def test_answers_carry_nested_lists_with_their_shapes_and_scalars_stay_numbers():
    data = evaluate("W = [[1, 2], [3, 4]]\nx = 2\nf = np.sum(W * x)").to_dict()
    assert data["value"] == 20.0 and data["shape"] == []
    assert data["gradients"] == {"W": [[2.0, 2.0], [2.0, 2.0]], "x": 10.0}
    w = data["nodes"][0]
    assert w["shape"] == [2, 2] and w["value"] == [[1.0, 2.0], [3.0, 4.0]]
    matmul_free = evaluate("(x+y)*z", {"x": -2, "y": 5, "z": -4}).to_dict()
    assert "shape" not in matmul_free and "shape" not in matmul_free["nodes"][0]


def test_steps_of_an_array_gate_say_their_local_rule():
    steps = evaluate("D = W.dot(X)", {"W": [[1.0, 2.0]], "X": [[3.0], [4.0]]}).to_dict()["steps"]
    backward = [step for step in steps if step["phase"] == "backward"]
    assert [step["local_rule"] for step in backward] == ["dout.dot(B.T)", "A.T.dot(dout)"]
    assert backward[0]["product"] == [[3.0, 4.0]]


def test_the_python_api_re_runs_an_array_program_at_new_matrices():
    import circuitgrad

    circuit = circuitgrad.Circuit("D = W.dot(X)", W=np.ones((2, 3)), X=np.ones((3, 2)))
    result = circuit(W=np.eye(2, 3))
    np.testing.assert_array_equal(result.value, np.eye(2, 3).dot(np.ones((3, 2))))
    np.testing.assert_array_equal(result.gradients["X"], np.eye(2, 3).T.dot(np.ones((2, 2))))
    assert (
        circuitgrad.evaluate("f = np.sum(W * W)", W=np.ones((2, 2))).gradients["W"].tolist()
        == [[2.0] * 2] * 2
    )


def test_generated_forward_code_writes_array_inputs_as_the_program_made_them():
    code = evaluate("W = [[1, 2.5], [3, 4]]\nR = np.random.randn(2, 2)\nf = np.sum(W * R)").code["forward"]
    assert [line["text"] for line in code[:2]] == [
        "W = np.array([[1.0, 2.5], [3.0, 4.0]])",
        "R = np.random.randn(2, 2)",
    ]


def test_the_command_line_prints_small_arrays_in_full_and_large_ones_by_shape(capsys):
    # regression: `circuitgrad eval` formatted every value as a number and crashed on an array
    from circuitgrad.app import cli

    assert cli.main(["eval", "W = [[1, 2], [3, 4]]\nx = [0.5, -1]\nD = W.dot(x)"]) == 0
    assert "[1 2; 3 4]" in capsys.readouterr().out
    assert cli.main(["eval", NOTES_VECTORISED]) == 0
    assert "5×10 array" in capsys.readouterr().out


def test_a_random_seed_line_gives_numpys_numbers_after_the_same_call():
    source = "np.random.seed(3)\nW = np.random.randn(2, 2)\nf = np.sum(W)"
    assert evaluate(source, seed=9).value == pytest.approx(np.sum(np.random.RandomState(3).randn(2, 2)))
    with pytest.raises(ParseError) as info:
        evaluate("np.random.seed(x)\nW = np.random.randn(2, 2)\nf = np.sum(W)")
    assert info.value.code == "random_seed"


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("W = np.ones(3)\nf = W.dot()", "arity_two"),  # regression: a KeyError, a 500
        ("W = np.ones(3)\nf = W.dot(W, W)", "arity_one"),
        ("W = np.ones(3)\nf = W[0]", "array_index"),
    ],
)
def test_misused_array_operations_are_parse_errors_with_codes(source, code):
    with pytest.raises(ParseError) as info:
        evaluate(source)
    assert info.value.code == code
