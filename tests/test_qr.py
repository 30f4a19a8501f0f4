"""The join-by-QR code: an SVG of exactly the share link to this server."""

import io
import re
from html import unescape

import pytest
import segno
from circuitgrad.app import qr
from circuitgrad.app.examples import EXAMPLES
from circuitgrad.app.sharelink import PUBLIC_URL_VARIABLE
from fastapi import FastAPI
from fastapi.testclient import TestClient


def make_client(host: str | None = None) -> TestClient:
    app = FastAPI()
    app.include_router(qr.router)
    if host is not None:
        app.state.host = host
    return TestClient(app, base_url="http://127.0.0.1:8000")


def expected_svg(link: str) -> str:
    out = io.BytesIO()
    segno.make(link, error="l").save(out, **qr.svg_options(link))
    return out.getvalue().decode("utf-8")


def test_qr_svg_is_segno_output_for_exactly_the_share_link():
    response = make_client().get("/api/qr", params={"expr": "(x+y)*z", "v": "x:-2,y:5,z:-4", "step": "3"})
    link = "http://127.0.0.1:8000/?expr=(x%2By)*z&v=x:-2,y:5,z:-4&step=3"
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.headers["x-share-link"] == link
    assert response.text == expected_svg(link)


def test_qr_svg_names_the_link_in_its_title():
    response = make_client().get("/api/qr", params={"expr": "x*y"})
    title = re.search(r"<title>(.*?)</title>", response.text).group(1)
    assert unescape(title) == response.headers["x-share-link"]


def test_qr_svg_is_high_contrast_and_scalable():
    svg = make_client().get("/api/qr", params={"expr": "x*y"}).text
    assert 'stroke="#000"' in svg
    assert 'fill="#fff"' in svg
    assert "viewBox" in svg
    assert "width=" not in svg.split(">", 1)[0]


def test_url_parameter_keeps_only_its_state_and_never_its_host():
    response = make_client().get(
        "/api/qr", params={"url": "https://evil.example/?expr=x%2By&quiz=wires&bad=1"}
    )
    assert response.headers["x-share-link"] == "http://127.0.0.1:8000/?expr=x%2By&quiz=wires"


def test_unknown_keys_and_unknown_paths_are_dropped():
    response = make_client().get("/api/qr", params={"expr": "x", "redirect": "http://x", "path": "/admin"})
    assert response.headers["x-share-link"] == "http://127.0.0.1:8000/?expr=x"


def test_a_code_shown_in_an_embed_opens_the_full_page_without_the_embeds_hidden_panels():
    response = make_client().get("/api/qr", params={"expr": "x", "path": "/embed", "hide": "editor"})
    assert response.headers["x-share-link"] == "http://127.0.0.1:8000/?expr=x"


def test_serving_on_all_interfaces_uses_the_lan_address(monkeypatch):
    monkeypatch.setattr(qr, "lan_address", lambda: "192.168.1.23")
    response = make_client(host="0.0.0.0").get("/api/qr", params={"expr": "x"})
    assert response.headers["x-share-link"] == "http://192.168.1.23:8000/?expr=x"


def test_serving_on_all_interfaces_without_a_lan_falls_back_to_the_request_host(monkeypatch):
    monkeypatch.setattr(qr, "lan_address", lambda: None)
    response = make_client(host="0.0.0.0").get("/api/qr", params={"expr": "x"})
    assert response.headers["x-share-link"] == "http://127.0.0.1:8000/?expr=x"


def test_the_host_is_handed_to_the_app_that_serves_the_qr_code(monkeypatch):
    from circuitgrad.app.main import create_app

    monkeypatch.setattr(qr, "lan_address", lambda: "10.0.0.7")
    client = TestClient(create_app(host="0.0.0.0"), base_url="http://127.0.0.1:8000")
    response = client.get("/api/qr", params={"expr": "x"})
    assert response.headers["x-share-link"].startswith("http://10.0.0.7:8000/")


@pytest.mark.parametrize("url", ["http://[::1", "http://[::1/?expr=x", "http://[nope]/?expr=x"])
def test_a_malformed_page_address_is_a_422_not_a_crash(url):
    response = make_client().get("/api/qr", params={"url": url})
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"message", "line", "column", "code", "params"}


def test_loopback_host_keeps_the_request_host(monkeypatch):
    monkeypatch.setattr(qr, "lan_address", lambda: "10.0.0.7")
    response = make_client(host="127.0.0.1").get("/api/qr", params={"expr": "x"})
    assert response.headers["x-share-link"].startswith("http://127.0.0.1:8000/")


def test_a_link_too_long_for_a_qr_code_is_refused_with_the_error_shape():
    response = make_client().get("/api/qr", params={"expr": "x+" * 1500 + "x"})
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"message", "line", "column", "code", "params"}


@pytest.mark.parametrize(
    ("address", "usable"),
    [
        ("192.168.0.4", True),
        ("10.1.2.3", True),
        ("127.0.0.1", False),
        ("169.254.1.1", False),
        ("nope", False),
    ],
)
def test_only_private_non_loopback_addresses_count_as_lan(address, usable):
    assert qr.is_private_lan(address) is usable


def test_the_application_serves_the_qr_code_with_its_security_headers():
    from circuitgrad.app.main import create_app

    client = TestClient(create_app(), base_url="http://127.0.0.1:8000")
    response = client.get("/api/qr", params={"expr": "x*y", "quiz": "wires"})
    assert response.status_code == 200
    assert response.headers["x-share-link"] == "http://127.0.0.1:8000/?expr=x*y&quiz=wires"
    assert "content-security-policy" in response.headers


def test_the_code_carries_the_students_view_not_the_teachers_view_flags():
    teacher = {"proj": "1", "theme": "dark", "pal": "cb", "sel": "x", "hide": "code"}
    query = {"expr": "x*y", "step": "2", "quiz": "wires", **teacher}
    response = make_client().get("/api/qr", params=query)
    assert response.headers["x-share-link"] == "http://127.0.0.1:8000/?expr=x*y&step=2&quiz=wires"


def test_a_public_url_from_the_environment_is_the_links_base(monkeypatch):
    monkeypatch.setenv(PUBLIC_URL_VARIABLE, "https://class.example.org/grad/")
    response = make_client(host="0.0.0.0").get("/api/qr", params={"expr": "x"})
    assert response.headers["x-share-link"] == "https://class.example.org/grad/?expr=x"


def test_a_malformed_public_url_in_the_environment_is_ignored_by_the_code(monkeypatch):
    monkeypatch.setenv(PUBLIC_URL_VARIABLE, "class.example.org")
    response = make_client().get("/api/qr", params={"expr": "x"})
    assert response.headers["x-share-link"] == "http://127.0.0.1:8000/?expr=x"


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e["from_notes"]], ids=lambda e: e["id"])
def test_every_notes_example_fits_a_small_code(example):
    values = ",".join(f"{name}:{value}" for name, value in example["values"].items())
    response = make_client().get("/api/qr", params={"expr": example["expr"], "v": values, "sig": "1"})
    link = response.headers["x-share-link"]
    # Version 10 (57 modules) keeps modules at 8 px or more on a 1280x720 projector; see the browser test.
    assert segno.make(link, error="l").version <= 10, link
