"""Security headers on every response; no inline script in any page; only /embed may be framed."""

import re
from html.parser import HTMLParser

import pytest
from circuitgrad.app.main import create_app
from circuitgrad.app.paths import STATIC_DIR
from fastapi import APIRouter
from fastapi.responses import Response
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:
        yield test_client


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def some_static_path() -> str:
    shipped = next(path for path in sorted(STATIC_DIR.rglob("*")) if path.is_file())
    return "/static/" + shipped.relative_to(STATIC_DIR).as_posix()


REQUESTS = {
    "the page": ("GET", "/", None),
    "a shared link": ("GET", "/?expr=x*y&v=x:1,y:2", None),
    "the API": ("POST", "/api/graph", {"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}),
    "an engine error": ("POST", "/api/graph", {"expr": "(x+"}),
    "a validation error": ("POST", "/api/graph", {"expr": 1}),
    "the gates": ("GET", "/api/gates", None),
    "the health check": ("GET", "/healthz", None),
    "a missing page": ("GET", "/nowhere", None),
    "a static file": ("GET", None, None),
}


@pytest.mark.parametrize("name", list(REQUESTS))
def test_every_response_carries_the_security_headers(client, name):
    method, path, body = REQUESTS[name]
    response = client.request(method, path or some_static_path(), json=body)
    csp = directives(response.headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:", "blob:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_an_oversized_body_is_refused_with_the_headers_too(client):
    response = client.post("/api/graph", content=b"x" * 70_000, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_route_that_sets_its_own_policy_keeps_it():
    app = create_app()
    router = APIRouter()

    @router.get("/own-policy")
    async def own_policy():
        return Response("ok", headers={"Content-Security-Policy": "default-src 'none'"})

    app.include_router(router)
    with TestClient(app) as test_client:
        response = test_client.get("/own-policy")
    assert response.headers.get_list("content-security-policy") == ["default-src 'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_only_the_embed_page_may_be_framed(client):
    response = client.get("/embed")
    csp = directives(response.headers["content-security-policy"])
    # Absent, not `*`: a wildcard does not match a slide deck opened from a file:// page.
    assert "frame-ancestors" not in csp
    assert csp["script-src"] == ["'self'"]
    assert "x-frame-options" not in response.headers


def test_the_interactive_docs_alone_may_start_swagger_ui_inline_and_load_nothing_from_elsewhere(client):
    docs = directives(client.get("/docs").headers["content-security-policy"])
    assert docs["script-src"] == ["'self'", "'unsafe-inline'"]
    assert not any("//" in source for sources in docs.values() for source in sources)
    page = directives(client.get("/").headers["content-security-policy"])
    assert "'unsafe-inline'" not in page["script-src"]


def test_the_docs_work_offline_with_the_vendored_swagger_ui(client):
    page = client.get("/docs").text
    urls = re.findall(r"""(?:src|href)=["']([^"']+)|url: ?['"]([^'"]+)""", page)
    assert urls
    for url in (a or b for a, b in urls):
        assert url.startswith("/"), url  # no CDN
        assert client.get(url).status_code == 200, url
    assert client.get("/redoc").status_code == 404


class ScriptAudit(HTMLParser):
    """Collects every <script> and every inline event-handler attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.styles: list[str] = []  # <style> elements and style="" attributes
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [name for name in attributes if name.startswith("on")]
        if tag == "style" or "style" in attributes:
            self.styles.append(f"<{tag} style={attributes.get('style')!r}>")
        self.javascript_urls += [
            value
            for value in attributes.values()
            if value and value.strip().lower().startswith("javascript:")
        ]
        if tag == "script":
            self._in_script = {**attributes, "text": ""}
            self.scripts.append(self._in_script)

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.mark.parametrize("path", ["/", "/?expr=%3Cscript%3Ealert(1)%3C/script%3E", "/embed", "/nowhere"])
def test_pages_have_no_inline_scripts_or_handlers(client, path):
    audit = ScriptAudit()
    audit.feed(client.get(path, headers={"Accept": "text/html"}).text)
    for script in audit.scripts:
        if "src" in script:
            assert script["src"].startswith("/static/")
            assert not script["text"].strip()
        else:
            assert script.get("type") == "application/json", script
    assert audit.handlers == []
    assert audit.javascript_urls == []


def test_module_scripts_are_served_as_javascript(client):
    html = client.get("/").text
    for src in re.findall(r'<script[^>]* src="([^"]+)"', html):
        response = client.get(src)
        assert response.status_code == 200, src
        assert "javascript" in response.headers["content-type"]


@pytest.mark.parametrize("path", ["/", "/?quiz=wires&proj=1", "/embed", "/nowhere"])
def test_pages_have_no_inline_styles_for_a_policy_without_unsafe_inline(client, path):
    audit = ScriptAudit()
    audit.feed(client.get(path, headers={"Accept": "text/html"}).text)
    assert audit.styles == []


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_a_page_has_one_module_script_main_js(client, path):
    audit = ScriptAudit()
    audit.feed(client.get(path).text)
    modules = [script["src"] for script in audit.scripts if script.get("type") == "module"]
    assert len(modules) == 1 and re.fullmatch(r"/static/v-[0-9a-f]{12}/js/main\.js", modules[0])
