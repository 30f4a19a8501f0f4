"""Fuzzing the HTTP API: never a 5xx, every error in the one shape, every 200 in the schema."""

from __future__ import annotations

import json
import math
import os
import re
import sys
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, os.path.dirname(__file__))
import circuitgrad.app.main as main  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from strategies import any_programs, json_values, random_text  # noqa: E402

EXAMPLES = int(os.environ.get("CIRCUITGRAD_FUZZ_API_EXAMPLES", "200"))
VIEW_OPTIONS = ("step", "sig", "prec", "sel", "lang", "proj", "theme", "pal", "quiz", "hide")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def client():
    with TestClient(main.app, raise_server_exceptions=False) as test_client:
        yield test_client


def strict_json(text: str):
    """JSON that refuses NaN and infinities, as browsers' JSON.parse does."""

    def refuse(constant):
        raise ValueError(f"non-finite number {constant} in a response")

    return json.loads(text, parse_constant=refuse)


def content_type(response) -> str:
    """The Content-Type of an httpx response or of a schemathesis one (whose headers hold lists)."""
    value = response.headers.get("content-type", "")
    return value[0] if isinstance(value, list) else value


def assert_well_formed(response) -> None:
    """No 5xx; an error carries the one shape; a success carries finite numbers only."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        body = strict_json(response.text)
        assert set(body) == {"error"}, body
        error = body["error"]
        assert isinstance(error["message"], str) and error["message"].strip(), body
        for key in ("line", "column"):
            assert error.get(key) is None or (isinstance(error[key], int) and error[key] >= 1), body
    elif content_type(response).startswith("application/json"):
        body = strict_json(response.text)
        if isinstance(body, dict) and "value" in body:
            assert math.isfinite(body["value"])
            assert all(math.isfinite(g) for g in body["gradients"].values())


@FUZZ
@given(any_programs(), st.booleans())
def test_posting_any_program_never_answers_5xx(client, program, expand):
    body = {"expr": program.source, "values": program.values, "options": {"expand_sigmoid": expand}}
    assert_well_formed(post_json(client, "/api/graph", body))


def post_json(client, path: str, body: object):
    """POST as a browser would: JSON text with `\\uXXXX` escapes, so a lone surrogate can be sent at all."""
    return client.post(path, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


@FUZZ
@given(st.one_of(st.text(max_size=40), any_programs().map(lambda p: p.source)), json_values())
def test_posting_hostile_values_never_answers_5xx(client, expr, values):
    assert_well_formed(post_json(client, "/api/graph", {"expr": expr, "values": values}))


@FUZZ
@given(any_programs(), json_values(), st.sampled_from(["/api/gradcheck", "/api/curve"]))
def test_the_side_panels_never_answer_5xx(client, program, values, path):
    body = {"expr": program.source, "values": values}
    if path == "/api/curve":
        body.update(input="x", lo=-1, hi=1, points=5)
    assert_well_formed(post_json(client, path, body))


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=80),
        st.text(max_size=80).map(str.encode),
        st.recursive(
            st.one_of(st.none(), st.booleans(), st.floats(), st.integers(), st.text(max_size=8)),
            lambda inner: st.one_of(
                st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
            ),
            max_leaves=10,
        ).map(lambda v: json.dumps(v).encode()),
    ),
    st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]),
)
def test_posting_raw_bytes_never_answers_5xx(client, raw, content_type):
    headers = {"content-type": content_type} if content_type else {}
    assert_well_formed(client.post("/api/graph", content=raw, headers=headers))


@FUZZ
@given(any_programs(), random_text(), st.sampled_from(["", "1", "true", "x"]))
def test_getting_a_graph_from_any_query_never_answers_5xx(client, program, values_text, sig):
    query = urlencode(
        {"expr": program.source, "v": values_text, "sig": sig}, encoding="utf-8", errors="surrogatepass"
    )
    assert_well_formed(client.get(f"/api/graph?{query}"))


@FUZZ
@given(
    any_programs(),
    st.dictionaries(st.sampled_from(VIEW_OPTIONS + ("v",)), random_text(), max_size=5),
    st.sampled_from(["/", "/embed"]),
)
def test_opening_any_share_link_never_answers_5xx(client, program, options, path):
    # A lone surrogate goes out as the bytes ED A0 80, which are not UTF-8: the server must cope with them.
    query = urlencode({"expr": program.source, **options}, encoding="utf-8", errors="surrogatepass")
    response = client.get(f"{path}?{query}")
    assert response.status_code < 500, (response.status_code, response.text[:500])
    assert response.status_code == 200
    assert 'id="initial-graph"' in response.text


@settings(FUZZ, max_examples=max(1, EXAMPLES // 5))  # each answer is a whole page with its scripts
@given(any_programs(), st.dictionaries(st.sampled_from(VIEW_OPTIONS + ("v",)), random_text(), max_size=5))
def test_downloading_any_program_as_a_standalone_file_never_answers_5xx(client, program, options):
    query = urlencode({"expr": program.source, **options}, encoding="utf-8", errors="surrogatepass")
    response = client.get(f"/standalone.html?{query}")
    if response.status_code == 200:
        assert 'id="circuitgrad-graph"' in response.text
    else:
        assert_well_formed(response)


@pytest.mark.parametrize(
    "query",
    [
        "expr=%ED%A0%80",  # a lone surrogate, encoded
        "expr=%FF%FE",
        "expr=%00",
        "expr=x&expr=y",
        "expr=x&v=x:1&v=y:2",
        "v=%E2%80%AE",
        "expr=" + "%28" * 6000,
        "step=-1&prec=99999999999999999999",
        "prec=-5&step=1e309",
        "lang=..%2F..%2Fetc%2Fpasswd",
        "hide=" + ",".join(["editor"] * 500),
        "sel=__proto__&theme=constructor",
    ],
)
@pytest.mark.parametrize("path", ["/", "/embed", "/api/graph", "/standalone.html"])
def test_strange_query_strings_never_answer_5xx(client, path, query):
    response = client.get(f"{path}?{query}")
    if path.startswith("/api/") or (path == "/standalone.html" and response.status_code != 200):
        assert_well_formed(response)
    else:
        assert response.status_code < 500, (response.status_code, response.text[:500])


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_unsupported_methods_get_the_error_shape(client, method):
    response = client.request(method, "/api/graph")
    assert_well_formed(response)
    assert response.status_code == 405


def test_an_unknown_api_path_gets_the_error_shape(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert_well_formed(response)


# ---------------------------------------------------------------- regressions found by fuzzing

NOTES_NEURON = (
    "w = [2,-3,-3] # 假设一些随机数据和权重\nx = [-1, -2]\n"
    "dot = w[0]*x[0] + w[1]*x[1] + w[2]\nf = 1.0 / (1 + math.exp(-dot)) # sigmoid 函数"
)


def test_inputs_named_like_list_elements_can_be_overridden_by_post(client):
    """The notes' neuron pasted verbatim has inputs `w[0]` …; its sliders post them back by that name."""
    response = client.post("/api/graph", json={"expr": NOTES_NEURON, "values": {"w[0]": 1.0, "x[1]": 0.5}})
    assert response.status_code == 200, response.text
    inputs = {item["name"]: item["value"] for item in response.json()["inputs"]}
    assert inputs["w[0]"] == 1.0 and inputs["x[1]"] == 0.5


def test_inputs_named_like_list_elements_can_be_shared_in_a_link(client):
    response = client.get("/api/graph", params={"expr": NOTES_NEURON, "v": "w[0]:1,x[1]:0.5"})
    assert response.status_code == 200, response.text
    page = client.get("/", params={"expr": NOTES_NEURON, "v": "w[0]:1,x[1]:0.5", "sel": "w[0]"})
    assert page.status_code == 200
    embedded = json.loads(re.search(r'id="initial-graph">(.*?)</script>', page.text, re.S).group(1))
    inputs = {embedded["name"][i]: embedded["values"][i] for i in range(embedded["leaves"][0])}
    assert inputs["w[0]"] == 1.0 and inputs["x[1]"] == 0.5


# ---------------------------------------------------------------- schemathesis against /openapi.json

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

schema = schemathesis.openapi.from_asgi("/openapi.json", main.app)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_honours_its_openapi_schema(case):
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    assert_well_formed(response)
