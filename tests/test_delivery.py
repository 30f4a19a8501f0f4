"""What a class downloads: gzip for text, versioned static URLs cached for a year, the rest revalidated."""

import re
from html.parser import HTMLParser

import pytest
from circuitgrad.app.compression import accepts_gzip, compress_static
from circuitgrad.app.main import create_app
from circuitgrad.app.paths import STATIC_DIR
from circuitgrad.app.static_files import IMMUTABLE, STATIC_VERSION, content_version, static_url
from fastapi.testclient import TestClient

NOTES_LINK = "/?expr=(x%2By)*z&v=x:-2,y:5,z:-4"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", NOTES_LINK, None),
        ("GET", "/api/gates", None),
        ("POST", "/api/graph", {"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}),
        ("GET", "/static/css/app.css", None),
        ("GET", "/openapi.json", None),
    ],
)
def test_text_answers_are_gzipped_for_clients_that_accept_it(client, method, path, body):
    plain = client.request(method, path, json=body, headers={"accept-encoding": "identity"})
    packed = client.request(method, path, json=body, headers={"accept-encoding": "gzip, deflate"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in packed.headers["vary"].lower()
    assert int(packed.headers["content-length"]) < len(plain.content)
    assert packed.content == plain.content  # the client unpacks the same bytes
    assert "content-encoding" not in plain.headers


def test_a_tiny_answer_is_sent_as_it_is(client):
    assert "content-encoding" not in client.get("/healthz", headers={"accept-encoding": "gzip"}).headers


@pytest.mark.parametrize(
    ("header", "accepted"),
    [("gzip", True), ("br, gzip;q=0.5", True), ("gzip;q=0", False), ("identity", False), ("", False)],
)
def test_gzip_is_used_only_when_the_client_accepts_it(header, accepted):
    assert accepts_gzip(header) is accepted


def test_a_compressed_graph_still_revalidates_with_its_etag(client):
    first = client.get("/api/graph", params={"expr": "x*y*z*w*2*3"}, headers={"accept-encoding": "gzip"})
    assert first.headers["etag"].startswith('W/"')
    again = client.get(
        "/api/graph", params={"expr": "x*y*z*w*2*3"}, headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304


def test_versioned_static_files_are_cached_for_a_year(client):
    response = client.get(static_url("css/app.css"))
    assert response.status_code == 200
    assert response.headers["cache-control"] == IMMUTABLE


def test_a_versioned_static_file_is_compressed_once_and_sent_alike_every_time(client):
    gzip = {"accept-encoding": "gzip"}
    first = client.get(static_url("js/circuit/view.js"), headers=gzip)
    hits = compress_static.cache_info().hits
    again = client.get(static_url("js/circuit/view.js"), headers=gzip)
    assert compress_static.cache_info().hits == hits + 1
    assert again.headers["content-encoding"] == "gzip"
    assert again.content == first.content == (STATIC_DIR / "js/circuit/view.js").read_bytes()


def test_answers_that_change_are_never_served_from_the_compressed_files(client):
    misses = compress_static.cache_info().misses
    for x in (1, 2):
        client.post("/api/graph", json={"expr": f"x*y*{x}"}, headers={"accept-encoding": "gzip"})
    client.get("/static/css/app.css", headers={"accept-encoding": "gzip"})  # revalidated, so it may change
    assert compress_static.cache_info().misses == misses


@pytest.mark.parametrize("path", ["/static/css/app.css", "/static/v-000000000000/css/app.css"])
def test_unversioned_or_outdated_static_urls_are_revalidated(client, path):
    assert client.get(path).headers["cache-control"] == "no-cache"


def test_the_version_follows_the_content(tmp_path):
    (tmp_path / "a.js").write_text("1")
    before = content_version(tmp_path)
    (tmp_path / "a.js").write_text("2")
    assert content_version(tmp_path) != before
    assert len(STATIC_VERSION) == 12


def test_the_version_prefix_does_not_open_other_folders(client):
    assert client.get(static_url("../../app/main.py")).status_code == 404


class LinkAudit(HTMLParser):
    """Every URL a page asks the browser to fetch from /static."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and value.startswith("/static/"):
                self.urls.append(value)


@pytest.mark.parametrize("path", [NOTES_LINK, "/embed?expr=x*y", "/nowhere"])
def test_every_static_url_a_page_hands_out_is_versioned_and_cached_for_a_year(client, path):
    audit = LinkAudit()
    audit.feed(client.get(path, headers={"accept": "text/html"}).text)
    assert audit.urls
    for url in audit.urls:
        assert url.startswith(f"/static/v-{STATIC_VERSION}/"), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == IMMUTABLE


def test_no_module_names_an_unversioned_static_url():
    # A module reaches its neighbours relatively (import "./x.js", new URL("../i18n/", import.meta.url)),
    # so everything it loads shares the version prefix the page gave main.js.
    offenders = [
        str(path.relative_to(STATIC_DIR))
        for path in (STATIC_DIR / "js").rglob("*.js")
        if re.search(r"""["'`]/static/""", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
