"""The compact answer (`form=compact`) sends each number once and expands in the page to the full form."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from circuitgrad.app.examples import EXAMPLES, NOTES_STAGED_PROGRAM
from circuitgrad.app.main import create_app
from circuitgrad.engine import Limits, evaluate
from circuitgrad.engine.compact import to_compact

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from frontend import program  # noqa: E402  (the benchmarks' own generator of big programs)

BIG = Limits(max_source_chars=200_000)

PROGRAMS = [(example["expr"], example["values"], example["expand_sigmoid"]) for example in EXAMPLES] + [
    ("(x+y)*z", {"x": -2, "y": 5, "z": -4}, False),
    ("x*x + x", {"x": 3}, False),
    ("2*x + 3 - x**2 + 2**x + 1/x - 4/x + x/5 - (1 - x)", {"x": 1.5}, False),
    ("exp(x) + log(y) + sqrt(y) + abs(x) + sin(x) + cos(y) + tanh(x) + relu(x)", {"x": -0.5, "y": 2}, False),
    ("sigmoid(x*y) + sigmoid(y)", {"x": 0.3, "y": -1}, True),
    ("sigmoid(x*y) + sigmoid(y)", {"x": 0.3, "y": -1}, False),
    ("max(x, y) * min(x, y) - x / y + x ** y", {"x": 2, "y": 3}, False),
    ("max(x, x)", {"x": 1}, False),
    ("dx = x * 2\nf = dx + x", {"x": 1}, False),
    ("t1 = x + 1\nt2 = t1 * x\nt2 * t2 + x", {"x": 2}, False),
    ("w = [1, 2, 3]\nx = [4, 5, 6]\nw[0]*x[0] + w[1]*x[1] + w[2]*x[2]", {}, False),
    ("x**2 + y**2.5", {"x": 1.5, "y": 2}, False),
    (NOTES_STAGED_PROGRAM, {"x": 3, "y": -4}, False),
    ("f = 1\ng = x * f", {"x": 2}, False),
    ("x = 2\nf = x ** 2\ndf = 3\ndx = 2 * x * df", {}, False),
    ("w = [1, 2]\nf = w[0] * w[1] + w[0]\ndfdf = -0.5 # half\ndw = [0.0, 0.0]", {}, False),
    (program(300, seed=11), {}, False),
]


def expand_in_node(pairs: list) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run(
        [node, "tests/js/tools/expand_graphs.mjs"],
        input=json.dumps(pairs),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def test_every_compact_answer_expands_in_the_page_to_the_full_answer_exactly():
    pairs = []
    for expr, values, sig in PROGRAMS:
        result = evaluate(expr, values, expand_sigmoid=sig, limits=BIG)
        pairs.append([result.to_dict(), json.loads(json.dumps(to_compact(result)))])
    assert expand_in_node(pairs) == "ok"


def test_a_compact_answer_repeats_no_node_value():
    result = evaluate("q = x + y\nf = q * z", {"x": -2, "y": 5, "z": -4})
    text = json.dumps(to_compact(result))
    assert text.count("-12.0") == 2  # the output's value once as the answer's value, once in its column
    assert "steps" not in to_compact(result) and "edges" not in to_compact(result)


def test_a_five_thousand_gate_answer_is_under_a_megabyte_and_six_times_smaller_than_the_full_one():
    result = evaluate(program(5000), {}, limits=BIG)
    compact = len(json.dumps(to_compact(result), separators=(",", ":")))
    full = len(json.dumps(result.to_dict(), separators=(",", ":")))
    assert compact <= 1_000_000
    assert full >= 6 * compact


@pytest.fixture
def client():
    from fastapi.testclient import TestClient

    return TestClient(create_app())


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_api_answers_the_compact_form_when_asked_and_the_full_form_otherwise(client, method):
    if method == "GET":
        params = {"expr": "(x+y)*z", "v": "x:-2,y:5,z:-4"}
        full = client.get("/api/graph", params=params).json()
        compact = client.get("/api/graph", params={**params, "form": "compact"}).json()
    else:
        body = {"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}
        full = client.post("/api/graph", json=body).json()
        compact = client.post("/api/graph?form=compact", json=body).json()
    assert "steps" in full and full["value"] == -12.0
    assert compact["form"] == "compact-1" and compact["value"] == -12.0
    assert compact["grads"][:3] == [-4.0, -4.0, 3.0]


def test_the_compact_and_full_get_answers_have_different_etags(client):
    params = {"expr": "x*y", "v": "x:3,y:-4"}
    full = client.get("/api/graph", params=params)
    compact = client.get("/api/graph", params={**params, "form": "compact"})
    assert full.headers["etag"] != compact.headers["etag"]


def test_an_unknown_form_is_refused_with_the_error_shape(client):
    response = client.post("/api/graph?form=tiny", json={"expr": "x"})
    assert response.status_code == 422
    assert "form" in response.json()["error"]["message"]


def test_a_program_with_array_wires_answers_the_full_form_even_when_compact_is_asked(client):
    body = {"expr": "D = W.dot(X)", "values": {"W": [[1, 2], [3, 4]], "X": [[1, 0], [0, 1]]}}
    compact = client.post("/api/graph?form=compact", json=body).json()
    assert compact == client.post("/api/graph", json=body).json()
    assert "form" not in compact and compact["nodes"][-1]["value"] == [[1.0, 2.0], [3.0, 4.0]]


def test_the_openapi_document_describes_both_forms_of_the_answer(client):
    schema = client.get("/openapi.json").json()
    ok = schema["paths"]["/api/graph"]["post"]["responses"]["200"]
    answer = ok["content"]["application/json"]["schema"]
    names = {ref["$ref"].rsplit("/", 1)[1] for ref in answer["anyOf"]}
    assert names == {"GraphResponse", "CompactGraphResponse"}
    compact = client.post("/api/graph?form=compact", json={"expr": "x = 3\nq = x * 2\nf = q + 1"}).json()
    from circuitgrad.app.response_models import CompactGraphResponse

    assert CompactGraphResponse.model_validate(compact).leaves == (1, 1)
