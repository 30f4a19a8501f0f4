"""The tape: inputs first, then constants, then gates in topological order; immutable once built."""

from __future__ import annotations

from circuitgrad.engine import parse


def test_inputs_come_first_even_when_first_used_late():
    graph = parse("exp(a) * max(b, 0) + c")
    assert graph.kinds == ("input", "input", "input", "const", "gate", "gate", "gate", "gate")
    assert graph.input_names() == ["a", "b", "c"]


def test_every_gate_comes_after_its_operands():
    graph = parse("q = x * y\nr = exp(q) + z\nf = r * q", {"x": 1, "y": 2, "z": 3})
    for i in range(graph.first_gate, len(graph)):
        assert all(a < i for a in graph.args[i])


def test_start_values_apply_overrides_by_name_and_ignore_strangers():
    graph = parse("x = 3\ny = -4\nf = x * y")
    assert graph.start_values({"y": 2, "nope": 9})[:2] == [3.0, 2.0]


def test_labels_come_from_the_gate_and_its_constant():
    graph = parse("-x + 1")
    assert [graph.label(i) for i in range(len(graph))] == [None, "*-1", "+1"]
