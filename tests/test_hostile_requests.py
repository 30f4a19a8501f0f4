"""Requests a hostile or careless client sends get a 4xx in the one error shape, never a 500."""

import json

import pytest
from circuitgrad.app.encoding import dumps
from circuitgrad.app.main import create_app
from fastapi.testclient import TestClient

CURVE = {"input": "x", "lo": -1, "hi": 1, "points": 5}
POSTS = {
    "/api/graph": {},
    "/api/gradcheck": {},
    "/api/curve": CURVE,
}
ERROR_KEYS = {"message", "line", "column", "code", "params"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def post_text(client, path: str, text: str):
    return client.post(path, content=text.encode("utf-8"), headers={"content-type": "application/json"})


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.text[:300]
    body = response.json()
    assert set(body["error"]) == ERROR_KEYS
    return body["error"]


@pytest.mark.parametrize("path", list(POSTS))
@pytest.mark.parametrize(
    "expr_json",
    [r'"x\ud800"', r'"x # \ud800"', r'"\udfff"', r'"x\ud83d*y"'],
    ids=["after a name", "in a comment", "alone", "half an emoji"],
)
def test_a_lone_surrogate_in_the_program_is_a_4xx_not_a_500(client, path, expr_json):
    extra = json.dumps(POSTS[path])[1:-1]
    body = '{"expr": ' + expr_json + ', "values": {"x": 1, "y": 2}' + (", " + extra if extra else "") + "}"
    response = post_text(client, path, body)
    assert 200 <= response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert_error_shape(response, response.status_code)


@pytest.mark.parametrize("path", list(POSTS))
def test_a_lone_surrogate_in_a_value_name_is_a_422(client, path):
    extra = json.dumps(POSTS[path])[1:-1]
    body = (
        r'{"expr": "x", "values": {"x\ud800": 1}, ' + extra + "}"
        if extra
        else r'{"expr": "x", "values": {"x\ud800": 1}}'
    )
    assert_error_shape(post_text(client, path, body), 422)


def test_a_lone_surrogate_echoed_in_an_answer_is_written_as_its_escape():
    assert json.loads(dumps({"expr": "x\ud800", "value": 1.5})) == {"expr": "x\ud800", "value": 1.5}
    assert dumps({"a": "\udfff"}) == b'{"a":"\\udfff"}'


@pytest.mark.parametrize("path", list(POSTS))
def test_every_post_endpoint_refuses_duplicate_keys_alike(client, path):
    extra = json.dumps(POSTS[path])[1:-1]
    body = '{"expr": "x", "expr": "x*2"' + (", " + extra if extra else "") + "}"
    error = assert_error_shape(post_text(client, path, body), 422)
    assert "duplicate key" in error["message"]


@pytest.mark.parametrize("path", list(POSTS))
def test_every_post_endpoint_answers_deeply_nested_json_with_a_422(client, path):
    assert_error_shape(post_text(client, path, "[" * 30_000 + "]" * 30_000), 422)
    assert_error_shape(post_text(client, path, '{"expr": ' + "[" * 5000 + "]" * 5000 + "}"), 422)


@pytest.mark.parametrize("path", list(POSTS))
def test_two_spellings_of_one_name_in_the_values_are_refused(client, path):
    body = {"expr": "x", "values": {"x": 1, "ｘ": 2}, **POSTS[path]}
    assert "same name" in assert_error_shape(client.post(path, json=body), 422)["message"]


@pytest.mark.parametrize("path", ["/", "/embed", "/healthz"])
def test_head_of_a_page_is_a_200_without_a_body(client, path):
    response = client.head(path + "?expr=x*y&v=x:1,y:2" if path != "/healthz" else path)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["x-content-type-options"] == "nosniff"
