"""Groups the drawing can collapse: n-ary sums, named dot products and neurons, with their local gradients."""

import pytest
from circuitgrad.engine import evaluate
from circuitgrad.engine.grouping import collapsible

VALUES = {"a": 0.5, "b": -1.5, "c": 2.0, "d": 0.25, "w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}


def groups_of(source: str) -> list[tuple[str, str, list[str]]]:
    result = evaluate(source, VALUES)
    names = [result.graph.names[i] or result.graph.label(i) for i in range(len(result.graph.kinds))]
    return [(g["kind"], g["label"], [names[i] for i in g["inputs"]]) for g in collapsible(result)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("f = a + b + c + d", [("sum", "+", ["a", "b", "c", "d"])]),
        ("f = a + b", []),
        ("s = a*b + c*d\nf = s * 2", [("dot", "w·x", ["a", "b", "c", "d"])]),
        ("f = a*b + c*d + 1", [("dot", "w·x", ["a", "b", "c", "d"])]),
        ("a*b + c*d + 1", []),
        ("h = tanh(a*b + c)\nf = h", [("neuron", "tanh(w·x)", ["a", "b", "c"])]),
        ("h = relu(a*b + c*d)", [("neuron", "relu(w·x)", ["a", "b", "c", "d"])]),
        ("s = w0*x0 + w1*x1 + w2\nf = sigmoid(s)", [("neuron", "σ(w·x)", ["w0", "x0", "w1", "x1", "w2"])]),
        ("f = tanh(a * b)", []),
        ("h = tanh(a*-0.6 + b*1.3 + c)", [("neuron", "tanh(w·x)", ["a", "b", "c"])]),
        ("f = a*a + a*b\ng = f", [("dot", "w·x", ["a", "b"])]),
    ],
)
def test_groups_are_found_by_shape(source, expected):
    assert groups_of(source) == expected


def test_a_sum_of_products_without_a_name_is_an_n_ary_sum_of_its_terms():
    (group,) = groups_of("w0*x0 + w1*x1 + w2")
    assert group[0:2] == ("sum", "+") and group[2][-1] == "w2"


def test_a_wire_used_outside_the_group_stays_outside():
    # t is used twice, so it is not private to the sum that uses it.
    assert groups_of("t = a + b\nf = t + c + d + t") == [("sum", "+", ["t", "c", "d"])]


def test_the_notes_sigmoid_neuron_groups_its_weighted_sum_when_not_expanded():
    result = evaluate("1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", VALUES)
    assert [g["kind"] for g in collapsible(result)] == ["sum"]


def test_an_expanded_sigma_keeps_its_own_group_and_joins_no_other():
    result = evaluate("s = w0*x0 + w1*x1 + w2\nf = sigmoid(s)", VALUES, expand_sigmoid=True)
    assert [g["kind"] for g in collapsible(result)] == ["dot"]


def test_array_programs_have_no_collapsible_groups():
    assert (
        evaluate("W = np.array([[1.0, 2.0]])\nx = np.array([3.0, 4.0])\nf = W.dot(x)", {}).to_dict()[
            "collapsible"
        ]
        == []
    )


@pytest.mark.parametrize(
    "source",
    [
        "f = a + b + c + d",
        "f = a*a + b*c + d",
        "h = tanh(a*b + c*d + 0.5)",
        "h = sigmoid(a*b + c)",
        "h = relu(a*b + c*d)",
        "s = w0*x0 + w1*x1 + w2\nf = sigmoid(s)",
    ],
)
def test_a_groups_local_gradients_match_central_differences(source):
    result = evaluate(source, VALUES)
    (group,) = collapsible(result)
    assert group["node"] == result.graph.output
    names = [result.graph.names[i] for i in group["inputs"]]
    step = 1e-6
    for name, local in zip(names, group["local"], strict=True):
        up = evaluate(source, {**VALUES, name: VALUES[name] + step}).value
        down = evaluate(source, {**VALUES, name: VALUES[name] - step}).value
        assert local == pytest.approx((up - down) / (2 * step), rel=1e-6, abs=1e-8)


def test_the_answer_and_the_compact_answer_carry_the_same_groups():
    from circuitgrad.engine.compact import to_compact

    result = evaluate("s = w0*x0 + w1*x1 + w2\nf = sigmoid(s) + a + b + c", VALUES)
    assert to_compact(result)["collapsible"] == result.to_dict()["collapsible"] != []
