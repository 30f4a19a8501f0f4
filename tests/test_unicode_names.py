"""One rule for names everywhere: NFKC, as Python reads identifiers (`ｘ` is `x`, `x₁` is `x1`)."""

import json
import re

import pytest
from circuitgrad.app.main import create_app
from circuitgrad.app.urlstate import parse_state, parse_values
from circuitgrad.engine import ParseError, evaluate
from fastapi.testclient import TestClient

SPELLINGS = [("x₁", "x1"), ("w₂", "w2"), ("x²", "x2"), ("ｘ", "x"), ("ﬁ", "fi"), ("θ", "θ")]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.mark.parametrize(("typed", "python"), SPELLINGS)
def test_the_engine_reads_a_name_as_python_does(typed, python):
    result = evaluate(f"{typed} * 3", {python: 2.0})
    assert result.value == 6.0
    assert list(result.gradients) == [python]


def test_a_full_width_name_and_its_ascii_twin_are_one_input():
    result = evaluate("ｘ * x", {"x": 3.0})
    assert (result.value, result.gradients) == (9.0, {"x": 6.0})


def test_the_generated_code_runs_in_python_with_the_same_answer():
    code = evaluate("f = x₁ * ｗ + y²", {"x1": 2.0, "w": 3.0, "y2": 4.0}).code
    scope: dict = {}
    exec("\n".join(line["text"] for line in code["forward"]), {}, scope)  # noqa: S102 - our own generated code
    assert scope["f"] == 10.0


@pytest.mark.parametrize(("text", "column"), [("x½ + 1", 2), ("1 + ₁x", 5)])
def test_a_name_that_is_no_python_name_even_normalised_is_refused_where_it_breaks(text, column):
    with pytest.raises(ParseError) as caught:
        evaluate(text)
    assert (caught.value.line, caught.value.column) == (1, column)


@pytest.mark.parametrize(("typed", "python"), SPELLINGS)
def test_the_api_reads_value_names_with_the_same_rule(client, typed, python):
    response = client.post("/api/graph", json={"expr": f"{typed} * 3", "values": {typed: 2}})
    assert response.status_code == 200, response.text
    assert response.json()["gradients"] == {python: 3.0}
    assert response.json()["value"] == 6.0


def test_the_share_link_values_use_the_same_rule():
    assert parse_values("x₁:2,ｗ:3") == {"x1": 2.0, "w": 3.0}
    assert parse_state({"sel": "x₁"})["sel"] == "x1"


def test_a_share_link_with_subscripts_shows_its_numbers(client):
    page = client.get("/", params={"expr": "x₁*w₁+y", "v": "x₁:2,w₁:3,y:4"}).text
    graph = json.loads(re.search(r"<script[^>]*application/json[^>]*>(.*?)</script>", page, re.S).group(1))
    assert graph["value"] == 10.0
    # The page embeds the compact form: the inputs come first, with their gradients in `grads`.
    inputs = range(graph["leaves"][0])
    assert {graph["name"][i]: graph["grads"][i] for i in inputs} == {"x1": 3.0, "w1": 2.0, "y": 1.0}


def test_get_graph_reads_subscripted_values(client):
    response = client.get("/api/graph", params={"expr": "x₁*2", "v": "x₁:4"})
    assert response.json()["value"] == 8.0
