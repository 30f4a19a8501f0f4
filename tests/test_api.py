"""The JSON API: every endpoint, every error shape, and the caching of GET /api/graph."""

import json
import math

import numpy as np
import pytest
from circuitgrad.app import encoding, evaluation, heavywork
from circuitgrad.app.examples import EXAMPLES, NOTES_STAGED_PROGRAM
from circuitgrad.app.main import create_app
from circuitgrad.app.security import MAX_BODY_BYTES
from circuitgrad.engine import evaluate
from conftest import GRAPH_KEYS
from fastapi import APIRouter
from fastapi.testclient import TestClient
from test_arrays import NOTES_VECTORISED

NOTES_FIRST = {"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:  # server exceptions surface as test failures
        yield test_client


def assert_error_shape(response, status):
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"message", "line", "column", "code", "params"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_post_graph_answers_the_contract_shape_for_the_notes_first_circuit(client):
    response = client.post("/api/graph", json=NOTES_FIRST)
    assert response.status_code == 200
    graph = response.json()
    assert set(graph) >= GRAPH_KEYS
    assert graph["value"] == -12.0
    assert graph["gradients"] == {"x": -4.0, "y": -4.0, "z": 3.0}
    assert {edge["source"] for edge in graph["edges"]} <= {node["id"] for node in graph["nodes"]}
    assert graph["code"]["forward"] and graph["code"]["backward"]


def test_post_graph_body_is_compact_json(client):
    body = client.post("/api/graph", json=NOTES_FIRST).content
    assert body == json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()


def test_get_graph_answers_the_same_bytes_as_post(client):
    posted = client.post("/api/graph", json=NOTES_FIRST)
    got = client.get("/api/graph", params={"expr": "(x+y)*z", "v": "x:-2,y:5,z:-4"})
    assert got.status_code == 200
    assert got.content == posted.content


def test_get_graph_is_cacheable_and_revalidates_with_its_etag(client):
    params = {"expr": "(x+y)*z", "v": "x:-2,y:5,z:-4"}
    first = client.get("/api/graph", params=params)
    assert "max-age" in first.headers["cache-control"]
    etag = first.headers["etag"]
    again = client.get("/api/graph", params=params, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag  # weak (W/) for a client that takes gzip, on 200 and 304 alike


def test_get_graph_with_another_etag_sends_the_body(client):
    params = {"expr": "(x+y)*z", "v": "x:-2,y:5,z:-4"}
    response = client.get("/api/graph", params=params, headers={"If-None-Match": '"stale"'})
    assert response.status_code == 200
    assert response.json()["value"] == -12.0


def test_get_graph_expands_sigmoid_on_request(client):
    response = client.get("/api/graph", params={"expr": "(x+y)*z", "v": "x:-2,y:5,z:-4", "sig": "1"})
    assert response.json()["options"]["expand_sigmoid"] is True


def test_values_override_literal_assignments(client):
    response = client.post("/api/graph", json={"expr": "x = 3\nf = x * x", "values": {"x": 5}})
    assert response.json()["value"] == 25.0


def test_a_syntax_error_is_a_400_with_line_and_column(client):
    error = assert_error_shape(client.post("/api/graph", json={"expr": "x = 1\ny = (x + 2"}), 400)
    assert isinstance(error["line"], int) and isinstance(error["column"], int)


def test_an_evaluation_error_is_a_400_in_the_same_shape(client):
    assert_error_shape(client.post("/api/graph", json={"expr": "x / y", "values": {"x": 1, "y": 0}}), 400)


def test_a_repeated_engine_error_is_answered_the_same_way(client):
    bad = {"expr": "(x + "}
    assert client.post("/api/graph", json=bad).json() == client.post("/api/graph", json=bad).json()


def test_an_engine_error_through_get_is_a_400(client):
    assert_error_shape(client.get("/api/graph", params={"expr": "(x +"}), 400)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"expr": "x", "values": {"x": NaN}}',
        b'{"expr": "x", "values": {"x": Infinity}}',
        b'{"expr": "x", "values": {"x": -Infinity}}',
        b'{"expr": "x", "values": {"x": 1e999}}',
        b'{"expr": "x", "values": {"x": "3"}}',
        b'{"expr": "x", "values": {"x": true}}',
        b'{"expr": "x", "values": {"1x": 3}}',
        b'{"expr": "x", "values": [1, 2]}',
        b'{"expr": 42}',
        b'{"values": {"x": 1}}',
        b'{"expr": "x", "surprise": 1}',
        b'{"expr": "x", "options": {"expand_sigmoid": "maybe"}}',
        b'{"expr": "x", "options": {"expand_sigmoid": 0}}',
        b'{"expr": "x", "expr": "y"}',
        b'{"expr": "x*y", "values": {"x": 1, "x": 2}}',
        b"not json at all",
        b"[]",
    ],
    ids=[
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        "a string number",
        "a boolean",
        "a bad name",
        "a list of values",
        "a number as program",
        "no program",
        "an unknown field",
        "a bad option",
        "a number as option",
        "a duplicate program",
        "a duplicate value",
        "not JSON",
        "a list body",
    ],
)
def test_malformed_requests_are_422_in_the_error_shape(client, raw):
    response = client.post("/api/graph", content=raw, headers={"content-type": "application/json"})
    assert_error_shape(response, 422)


def test_a_body_that_is_not_json_by_content_type_is_422(client):
    response = client.post("/api/graph", content=b"expr=x", headers={"content-type": "text/plain"})
    assert_error_shape(response, 422)


def test_a_json_body_without_a_content_type_is_read(client):
    response = client.post("/api/graph", content=json.dumps(NOTES_FIRST).encode())
    assert response.json()["value"] == -12.0


@pytest.mark.parametrize("v", ["x:abc", "x-2", "1x:3", "x:nan", "x:inf", "x:1e999"])
def test_malformed_values_in_the_query_are_422(client, v):
    assert_error_shape(client.get("/api/graph", params={"expr": "x", "v": v}), 422)


def test_a_missing_program_in_the_query_is_422(client):
    assert_error_shape(client.get("/api/graph"), 422)


def test_a_body_over_the_limit_is_413_in_the_error_shape(client):
    raw = json.dumps({"expr": "x" + " + x" * (MAX_BODY_BYTES // 4)}).encode()
    assert_error_shape(
        client.post("/api/graph", content=raw, headers={"content-type": "application/json"}), 413
    )


def test_a_streamed_body_over_the_limit_is_413(client):
    def chunks():
        yield b'{"expr": "'
        for _ in range(MAX_BODY_BYTES // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    response = client.post("/api/graph", content=chunks(), headers={"content-type": "application/json"})
    assert_error_shape(response, 413)


def test_a_body_just_under_the_limit_is_read(client):
    expr = "x" + " " * (MAX_BODY_BYTES - 100)
    raw = json.dumps({"expr": expr, "values": {"x": 2}}).encode()
    response = client.post("/api/graph", content=raw, headers={"content-type": "application/json"})
    assert response.status_code < 500
    assert response.status_code != 413


def test_an_unknown_api_path_is_a_404_in_the_error_shape(client):
    assert_error_shape(client.get("/api/nothing-here"), 404)


def test_a_wrong_method_is_a_405_in_the_error_shape(client):
    assert_error_shape(client.delete("/api/graph"), 405)


def test_an_unexpected_exception_is_a_500_in_the_error_shape():
    app = create_app()
    broken = APIRouter()

    @broken.get("/api/broken")
    async def fail():
        raise RuntimeError("secret internals")

    app.include_router(broken)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/broken")
    error = assert_error_shape(response, 500)
    assert "secret internals" not in error["message"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_gates_lists_the_registry_with_symbols_and_patterns(client):
    gates = client.get("/api/gates").json()
    by_name = {gate["name"]: gate for gate in gates}
    assert {"add", "mul"} <= set(by_name)
    assert by_name["add"]["symbol"] == "+"
    assert by_name["mul"]["pattern"] == "swaps"
    assert all({"name", "symbol", "arity", "pattern", "latex"} <= set(gate) for gate in gates)


def test_examples_start_with_the_notes_circuits(client):
    examples = client.get("/api/examples").json()
    assert [example["expr"] for example in examples[:4]] == [
        "(x+y)*z",
        "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))",
        NOTES_STAGED_PROGRAM,
        "2*(x*y + max(z,w))",
    ]
    assert all(example["from_notes"] for example in examples[:5])
    assert examples[4]["id"] == "notes-vectorized"
    assert len(examples) > 5


def test_the_staged_example_is_the_notes_program_verbatim():
    assert NOTES_STAGED_PROGRAM.startswith("x = 3 # 例子数值\ny = -4\n")
    assert "sigy = 1.0 / (1 + math.exp(-y)) # 分子中的 sigmoi          #(1)" in NOTES_STAGED_PROGRAM
    assert NOTES_STAGED_PROGRAM.rstrip().endswith(
        "f = num * invden # 搞定！                                 #(8)"
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=[example["id"] for example in EXAMPLES])
def test_every_example_evaluates(client, example):
    body = {"expr": example["expr"], "values": example["values"]}
    body["options"] = {"expand_sigmoid": example["expand_sigmoid"]}
    response = client.post("/api/graph", json=body)
    assert response.status_code == 200, response.text[:300]
    value = response.json()["value"]  # a number, or an array program's nested list
    assert all(math.isfinite(number) for number in np.ravel(value))


def test_the_vectorized_examples_are_the_notes_block_and_two_array_losses():
    by_id = {example["id"]: example for example in EXAMPLES}
    assert by_id["notes-vectorized"]["expr"] == NOTES_VECTORISED
    assert by_id["notes-vectorized"]["from_notes"]
    assert "np.maximum(0, X.dot(W1) + b1)" in by_id["two-layer-network"]["expr"]
    assert "np.mean(" in by_id["two-layer-network"]["expr"]
    assert "margins" in by_id["svm-loss"]["expr"]


def test_the_svm_example_is_the_notes_multiclass_svm_loss():
    example = next(e for e in EXAMPLES if e["id"] == "svm-loss")
    got = evaluate(example["expr"], seed=0).value
    rng = np.random.RandomState(0)
    x, w, labels = rng.randn(4, 5), rng.randn(5, 3), [0, 1, 2, 0]
    scores = x.dot(w)
    margins = [
        max(0, scores[i, j] - scores[i, y] + 1) for i, y in enumerate(labels) for j in range(3) if j != y
    ]
    assert got == pytest.approx(sum(margins) / 4, rel=1e-12)


@pytest.mark.parametrize(
    ("example_id", "value", "gradients"),
    [
        ("notes-add-mul", -12.0, {"x": -4.0, "y": -4.0, "z": 3.0}),
        ("notes-sigmoid-neuron", 0.73106, {"w0": -0.19661, "x0": 0.39322, "w1": -0.39322, "x1": -0.58983}),
        ("notes-patterns", -20.0, {"x": -8.0, "y": 6.0, "z": 2.0, "w": 0.0}),
    ],
)
def test_the_notes_examples_give_the_notes_numbers(client, example_id, value, gradients):
    example = next(e for e in EXAMPLES if e["id"] == example_id)
    graph = client.post("/api/graph", json={"expr": example["expr"], "values": example["values"]}).json()
    assert graph["value"] == pytest.approx(value, abs=1e-5)
    for name, expected in gradients.items():
        assert graph["gradients"][name] == pytest.approx(expected, abs=1e-5)


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_answers_head_for_load_balancers(client):
    assert client.head("/healthz").status_code == 200


def test_openapi_documents_the_typed_endpoints(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/graph", "/api/gates", "/api/examples", "/healthz"} <= set(spec["paths"])
    body = spec["paths"]["/api/graph"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/GraphRequest"}
    request_schema = spec["components"]["schemas"]["GraphRequest"]
    assert {"expr", "values", "options"} <= set(request_schema["properties"])
    assert request_schema["properties"]["options"]["$ref"].split("/")[-1] in spec["components"]["schemas"]
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_cache_keys_tell_negative_zero_from_zero():
    assert evaluation.cache_key("x", {"x": 0.0}, False) != evaluation.cache_key("x", {"x": -0.0}, False)


def test_cache_keys_ignore_the_order_of_values():
    assert evaluation.cache_key("x*y", {"x": 1, "y": 2}, False) == evaluation.cache_key(
        "x*y", {"y": 2, "x": 1}, False
    )


def test_a_cleared_cache_recomputes_the_same_bytes(client):
    first = client.post("/api/graph", json=NOTES_FIRST).content
    evaluation.clear_cache()
    assert client.post("/api/graph", json=NOTES_FIRST).content == first


def test_a_long_program_is_answered_like_a_short_one(client):
    long_program = "f = x * y" + " " * heavywork.HEAVY_SOURCE_CHARS
    response = client.post("/api/graph", json={"expr": long_program, "values": {"x": 3, "y": -4}})
    assert response.json()["gradients"] == {"x": -4.0, "y": 3.0}


def test_a_long_program_that_fails_is_a_400(client):
    long_program = "f = (x * y" + " " * heavywork.HEAVY_SOURCE_CHARS
    assert_error_shape(client.post("/api/graph", json={"expr": long_program, "values": {"x": 3}}), 400)


def test_serialisation_never_writes_invalid_json_numbers():
    # The engine lets no NaN or infinity out; should one slip through, it must not become `Infinity`.
    body = encoding.dumps({"value": math.inf, "other": math.nan})
    assert json.loads(body) == {"value": None, "other": None}


STUDENT_PROGRAM = "x = -2; y = 5; z = -4\nq = x + y\nf = q * z\ndfdz = z\ndfdq = z"


def test_post_graph_checks_the_programs_backward_lines(client):
    graph = client.post("/api/graph", json={"expr": STUDENT_PROGRAM}).json()
    assert graph["value"] == -12.0 and graph["gradients"] == {"x": -4.0, "y": -4.0, "z": 3.0}
    assert [(c["line"], c["target"], c["wire"], c["kind"], c["ok"]) for c in graph["checks"]] == [
        (4, "dfdz", "z", "full", False),
        (5, "dfdq", "q", "full", True),
    ]
    assert graph["checks"][0]["code"] == "hint_mul_swap"
    assert set(graph["checks"][0]) == {
        *("line", "column", "target", "wire", "kind", "got", "expected", "ok", "message", "code", "params"),
    }


def test_get_graph_answers_the_same_checks_and_warnings(client):
    posted = client.post("/api/graph", json={"expr": STUDENT_PROGRAM + "\n"}).json()
    got = client.get("/api/graph", params={"expr": STUDENT_PROGRAM + "\n"}).json()
    assert got["checks"] == posted["checks"]
    warned = client.get("/api/graph", params={"expr": "e^x"}).json()["warnings"]
    assert [(w["code"], w["line"], w["column"]) for w in warned] == [("free_constant", 1, 1)]


def test_an_unknown_name_in_a_backward_line_is_a_400_with_its_place(client):
    response = client.post("/api/graph", json={"expr": "x = 1\nf = x * 2\ndx = 2 * zz"})
    error = assert_error_shape(response, 400)
    assert (error["line"], error["column"], error["code"]) == (3, 10, "undefined_assign")
