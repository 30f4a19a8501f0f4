"""GET /standalone.html: the export panel's self-contained file, as `circuitgrad export` writes it."""

import json
import re

import pytest
from circuitgrad.app.main import app
from fastapi.testclient import TestClient

import circuitgrad

VIEW = re.compile(r'id="circuitgrad-view">(.*?)</script>')


@pytest.fixture(scope="module")
def client():
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_the_page_query_downloads_the_same_file_the_package_writes(client):
    response = client.get("/standalone.html?expr=(x%2By)*z&v=x:-2,y:5,z:-4&step=3&prec=3")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="circuit.html"'
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    written = circuitgrad.export_html("(x+y)*z", x=-2, y=5, z=-4, view={"step": 3, "prec": 3})
    assert response.text == written


@pytest.mark.parametrize(
    ("query", "view"),
    [
        ("expr=x*y&v=x:3,y:-4", {"step": "end", "prec": 2}),
        ("expr=x*y&v=x:3,y:-4&step=2&prec=4&proj=1&theme=dark", {"step": 2, "prec": 4}),
    ],
)
def test_the_file_opens_at_the_pages_step_and_precision_and_nothing_else(client, query, view):
    assert json.loads(VIEW.search(client.get(f"/standalone.html?{query}").text).group(1)) == view


def test_the_file_speaks_the_pages_language(client):
    text = client.get("/standalone.html?expr=x*y&v=x:3,y:-4&lang=zh-CN").text
    assert '<html lang="zh-CN"' in text


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("expr=(x%2B", 400, "never closed"),
        ("expr=log(x)&v=x:-1", 400, "positive"),
        ("expr=x*2&v=x:%5B1,2%5D", 200, None),  # a malformed value falls back to the program's default
    ],
)
def test_a_program_that_cannot_be_exported_gets_the_error_shape(client, query, status, message):
    response = client.get(f"/standalone.html?{query}")
    assert response.status_code == status, response.text[:300]
    if message:
        assert message in response.json()["error"]["message"]
