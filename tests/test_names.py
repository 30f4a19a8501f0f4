"""Wire names for the generated code and the LaTeX of each step."""

from __future__ import annotations

import pytest
from circuitgrad.engine import parse
from circuitgrad.engine.names import gradient_names, latex_name, wire_names


def test_unnamed_gates_get_temporaries_and_the_output_is_f():
    assert wire_names(parse("(x+y)*z")) == ["x", "y", "z", "t1", "f"]


def test_temporaries_skip_names_the_user_took():
    graph = parse("t1 = 2\nq = t1 * 3 + 1")
    assert wire_names(graph)[-2:] == ["t2", "q"]


def test_gradient_names_prefix_d_unless_the_user_has_that_name():
    graph = parse("x = 1\ndx = 2\nf = x * dx")
    assert gradient_names(graph, wire_names(graph)) == ["d_x", "ddx", "df"]


def test_inner_gates_of_a_sigmoid_group_have_no_name():
    names = wire_names(parse("sigmoid(x)", expand_sigmoid=True))
    assert names == ["x", None, None, None, "f"]


@pytest.mark.parametrize(
    ("name", "latex"),
    [("x", "x"), ("w[0]", "w_{0}"), ("x0", "x_{0}"), ("sigy", r"\mathit{sigy}"), ("2", "2")],
)
def test_latex_names(name, latex):
    assert latex_name(name) == latex
