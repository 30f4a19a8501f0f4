"""micrograd interop: its Value graphs become our programs, and our numbers are checked against its own."""

import random

import pytest

import circuitgrad
from circuitgrad import compare_micrograd, from_micrograd

micrograd = pytest.importorskip("micrograd", reason="the [test] extra installs micrograd==0.1.0")
from micrograd.engine import Value  # noqa: E402
from micrograd.nn import MLP  # noqa: E402


class LectureValue:
    """A Value as students write it in the lecture: labels, tanh, exp, and `-` and `/` as operations."""

    def __init__(self, data, children=(), op="", label=""):
        self.data, self.grad, self._prev, self._op, self.label = data, 0.0, set(children), op, label

    def _binary(self, other, op, data):
        other = other if isinstance(other, LectureValue) else LectureValue(other)
        return LectureValue(data(self.data, other.data), (self, other), op)

    def __add__(self, other):
        return self._binary(other, "+", lambda a, b: a + b)

    def __mul__(self, other):
        return self._binary(other, "*", lambda a, b: a * b)

    def __sub__(self, other):
        return self._binary(other, "-", lambda a, b: a - b)

    def __truediv__(self, other):
        return self._binary(other, "/", lambda a, b: a / b)

    __rmul__ = __mul__

    def tanh(self):
        import math

        return LectureValue(math.tanh(self.data), (self,), "tanh")

    def exp(self):
        import math

        return LectureValue(math.exp(self.data), (self,), "exp")


def lecture_graph():
    a, b, c = LectureValue(2.0, label="a"), LectureValue(-3.0, label="b"), LectureValue(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = LectureValue(-2.0, label="f")
    loss = d * f
    loss.label = "L"
    return loss


def test_the_lectures_labelled_graph_keeps_its_names():
    text = from_micrograd(lecture_graph())
    lines = text.splitlines()
    assert sorted(lines[:4]) == ["a = 2.0", "b = -3.0", "c = 10.0", "f = -2.0"]
    # micrograd keeps a node's operands in a set, so `a * b` may come back as `b * a`.
    assert [sorted(line.replace("=", " ").split()) for line in lines[4:]] == [
        ["*", "a", "b", "e"],
        ["+", "c", "d", "e"],
        ["*", "L", "d", "f"],
    ]
    result = circuitgrad.evaluate(text)
    assert result.value == -8.0
    assert result.gradients == {**result.gradients, "a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0}


def test_unlabelled_numbers_in_a_labelled_graph_fold_into_their_gates():
    n = LectureValue(0.8814, label="n")
    e = (2 * n).exp()
    o = (e - 1) / (e + 1)
    o.label = "o"
    text = from_micrograd(o)
    assert text.splitlines()[0] == "n = 0.8814"
    assert "2.0" in text and "1.0" in text and "v1" not in text
    assert circuitgrad.evaluate(text).value == pytest.approx(0.7071, abs=1e-4)


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda a, b: a - b, 5.0),
        (lambda a, b: b - a, -5.0),
        (lambda a, b: a / b, -2 / 3),
        (lambda a, b: b / a, -1.5),
        (lambda a, b: (a * a).tanh(), 0.999329299739067),
        (lambda a, b: (a + b).exp(), 0.36787944117144233),
    ],
)
def test_subtraction_and_division_keep_their_order_though_micrograd_keeps_a_set(build, expected):
    a, b = LectureValue(2.0, label="a"), LectureValue(-3.0, label="b")
    out = build(a, b)
    out.label = "out"
    assert circuitgrad.evaluate(from_micrograd(out)).value == pytest.approx(expected)


def test_micrograds_own_operations_match_its_numbers():
    a, b = Value(2.0), Value(-3.0)
    out = (a * b + a**2).relu() - a / b + (-b) ** 3 + a * a
    out.backward()
    comparison = compare_micrograd(out)
    assert comparison.mismatches == []
    assert comparison.summary().startswith("All ")
    assert comparison.result.value == pytest.approx(out.data)


def test_karpathys_demo_network_converts_and_every_number_matches():
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    loss = model([Value(2.0), Value(-1.0)])
    loss.backward()
    comparison = compare_micrograd(loss)
    n_params = len(model.parameters())
    assert n_params == 337
    assert len(comparison.rows) >= n_params + 2  # every weight, both inputs, the output
    assert comparison.mismatches == []
    assert comparison.result.value == loss.data
    by_name = {row.name: row for row in comparison.rows}
    for p in model.parameters():
        (row,) = [r for r in by_name.values() if r.micrograd_value == p.data and r.micrograd_grad == p.grad][
            :1
        ]
        assert row.gradient == pytest.approx(p.grad, rel=1e-12, abs=1e-15)


def test_gradients_micrograd_accumulated_twice_are_shown_as_a_mismatch():
    x, y = Value(3.0), Value(-4.0)
    out = x * y
    out.backward()
    out.backward()  # no zero_grad in between: micrograd's grads double
    comparison = compare_micrograd(out)
    assert [row.micrograd_grad / row.gradient for row in comparison.mismatches] == [2.0, 2.0]
    assert comparison.summary().startswith("2 of 3 wires disagree with micrograd: ∂/∂v")


def test_a_graph_without_backward_says_how_to_compare_gradients():
    out = Value(3.0) * Value(-4.0)
    summary = compare_micrograd(out).summary()
    assert summary == (
        "All 3 wires' values agree with micrograd's. "
        "micrograd's gradients are all 0: run .backward() on the output to compare them."
    )


@pytest.mark.parametrize("label", ["exp", "x 1", "w[0]", "if", "名字", ""])
def test_a_label_the_language_cannot_use_becomes_a_plain_name(label):
    leaf = LectureValue(2.0, label=label)
    out = leaf * leaf
    out.label = "out"
    text = from_micrograd(out)
    assert text == "v1 = 2.0\nout = v1 * v1"


def test_chosen_inputs_override_the_label_rule():
    a, k = LectureValue(2.0, label="a"), LectureValue(3.0)
    out = a * k
    both = circuitgrad.evaluate(from_micrograd(out, inputs=[a, k]))
    assert both.gradients == {"a": 3.0, "v1": 2.0}
    assert from_micrograd(out, inputs=[a]) == "a = 2.0\nf = a * 3.0"


def test_a_very_deep_graph_converts_without_recursion():
    x = Value(0.5)
    out = x
    for _ in range(5000):
        out = out * 1.0001 + 0.0
    text = from_micrograd(out)
    assert circuitgrad.evaluate(text, limits=circuitgrad.Limits(10**7, 10**6, 1000)).value == pytest.approx(
        out.data
    )


def test_an_operation_we_have_no_gate_for_is_named_in_the_error():
    out = LectureValue(1.0, (LectureValue(2.0, label="a"),), "softplus")
    with pytest.raises(ValueError, match="micrograd operation `softplus` has no gate here"):
        from_micrograd(out)


def test_something_that_is_not_a_value_is_a_type_error():
    with pytest.raises(TypeError, match="expected a micrograd Value"):
        from_micrograd(3.0)
