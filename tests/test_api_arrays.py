"""The API with arrays: nested lists in, nested lists with shapes out, the seed, and 4xx for every mistake."""

import numpy as np
import pytest
from circuitgrad.app.main import create_app
from conftest import GRAPH_KEYS
from fastapi.testclient import TestClient
from test_arrays import NOTES_VECTORISED, TWO_LAYER_NET


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:
        yield test_client


def test_nested_list_values_come_back_as_nested_lists_with_shapes(client):
    body = {"expr": "D = W.dot(X)", "values": {"W": [[1, 2], [3, 4]], "X": [[1, 0], [0, 1]]}}
    data = client.post("/api/graph", json=body).json()
    assert set(data) == GRAPH_KEYS | {"shape"}
    assert data["value"] == [[1.0, 2.0], [3.0, 4.0]] and data["shape"] == [2, 2]
    assert data["gradients"] == {"W": [[1.0, 1.0], [1.0, 1.0]], "X": [[4.0, 4.0], [6.0, 6.0]]}
    assert [wire["shape"] for wire in data["inputs"]] == [[2, 2], [2, 2]]
    assert all("shape" in edge for edge in data["edges"])


def test_the_notes_block_draws_its_shapes(client):
    data = client.post("/api/graph", json={"expr": NOTES_VECTORISED}).json()
    shapes = {node["name"]: node["shape"] for node in data["nodes"] if node["name"]}
    assert (shapes["W"], shapes["X"], shapes["D"]) == ([5, 10], [10, 3], [5, 3])
    assert data["options"] == {"expand_sigmoid": False, "seed": 0}


def test_the_seed_is_a_request_option_and_a_query_parameter(client):
    source = "W = np.random.randn(2, 2)\nf = np.sum(W)"
    posted = client.post("/api/graph", json={"expr": source, "options": {"seed": 5}}).json()
    got = client.get("/api/graph", params={"expr": source, "seed": 5}).json()
    assert posted["value"] == got["value"] == pytest.approx(np.sum(np.random.RandomState(5).randn(2, 2)))
    assert posted["options"]["seed"] == 5


@pytest.mark.parametrize(
    "body",
    [
        {"expr": "f = np.sum(W)", "values": {"W": [[1, "2"]]}},
        {"expr": "f = np.sum(W)", "values": {"W": [[[1]]]}},
        {"expr": "f = np.sum(W)", "values": {"W": [True]}},
        {"expr": "f = np.sum(W)", "options": {"seed": -1}},
        {"expr": "f = np.sum(W)", "options": {"seed": 2**40}},
    ],
)
def test_malformed_array_requests_are_422(client, body):
    response = client.post("/api/graph", json=body)
    assert response.status_code == 422 and set(response.json()) == {"error"}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"expr": "f = np.sum(W)", "values": {"W": [[1, 2], [3]]}}, "value_array"),
        ({"expr": "W = [[1, 2]]\nf = np.sum(W)", "values": {"W": [1, 2, 3]}}, "value_shape"),
        ({"expr": "W = np.ones((2, 3))\nD = W.dot(W)"}, "matmul_mismatch"),
        ({"expr": "W = np.random.randn(1000, 1000)"}, "array_too_large"),
        ({"expr": "f = np.sum(np.log(W))", "values": {"W": [[1, -1]]}}, "domain"),
    ],
)
def test_array_mistakes_are_400_with_a_code(client, body, code):
    response = client.post("/api/graph", json=body)
    assert response.status_code == 400, response.text[:300]
    assert response.json()["error"]["code"] == code


def test_the_gradient_check_goes_element_by_element(client):
    checks = client.post("/api/gradcheck", json={"expr": TWO_LAYER_NET}).json()["checks"]
    assert checks[0]["name"] == "X[0, 0]" and all(row["ok"] for row in checks)


def test_the_slope_chart_says_it_needs_numbers(client):
    body = {"expr": "W = [[1, 2]]\nf = np.sum(W * x)", "values": {"x": 1}, "input": "x", "lo": -1, "hi": 1}
    response = client.post("/api/curve", json=body)
    assert response.status_code == 400 and "single numbers" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_the_page_opens_an_array_program_with_its_shapes_in_the_link_preview(client, path):
    # regression: the link preview formatted the output as a number, a 500 for any array program
    response = client.get(path, params={"expr": NOTES_VECTORISED.split("\n\n")[0]})
    assert response.status_code == 200
    assert "f = 5×3 array" in response.text
