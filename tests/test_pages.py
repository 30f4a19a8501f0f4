"""The pages: a shared link renders its circuit with no second round trip, in the reader's language."""

import json
import re
from html import unescape

import pytest
from circuitgrad.app import templating
from circuitgrad.app.main import create_app
from circuitgrad.app.pages import script_json, share_title
from circuitgrad.app.paths import STATIC_DIR
from fastapi.testclient import TestClient

NOTES_LINK = {"expr": "(x+y)*z", "v": "x:-2,y:5,z:-4", "step": "3"}
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(2)</script>",
    "</script><script>alert(3)</script>",
    "{{7*7}}",
    "{% raw %}",
    "'-alert(4)-'",
    "<!--",
]
STATE_KEYS = ["expr", "v", "step", "sig", "prec", "sel", "lang", "proj", "theme", "pal", "quiz", "hide"]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:
        yield test_client


def initial_graph(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="initial-graph">(.*?)</script>', html, re.S)
    assert match, "the page embeds its initial graph"
    return json.loads(match.group(1))


def embedded_gradients(graph: dict) -> dict:
    """d output / d input by name, from the compact form the page embeds."""
    return {graph["name"][i]: graph["grads"][i] for i in range(graph["leaves"][0])}


def meta(html: str, prop: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    assert match, f"the page has {prop}"
    return unescape(match.group(1))


def test_index_renders_the_default_circuit_with_the_notes_numbers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    graph = initial_graph(response.text)
    assert graph["expr"] == "(x+y)*z"
    assert graph["value"] == -12.0


def test_the_bare_page_writes_the_notes_values_into_its_address(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/?v=x:-2,y:5,z:-4"


def test_other_link_parameters_survive_that_redirect(client):
    response = client.get("/", params={"lang": "zh-CN", "step": "2"}, follow_redirects=False)
    assert response.headers["location"] == "/?lang=zh-CN&step=2&v=x:-2,y:5,z:-4"


@pytest.mark.parametrize("params", [{"v": "x:1"}, {"expr": "x*y"}, {"expr": "a*b", "lang": "en"}])
def test_links_with_values_or_another_program_are_rendered_at_once(client, params):
    assert client.get("/", params=params, follow_redirects=False).status_code == 200


def test_a_shared_link_embeds_exactly_the_graph_the_api_returns(client):
    page = client.get("/", params=NOTES_LINK).text
    params = {"expr": NOTES_LINK["expr"], "v": NOTES_LINK["v"], "form": "compact"}
    api = client.get("/api/graph", params=params).json()
    assert initial_graph(page) == api
    assert api["form"] == "compact-1"


def test_a_shared_link_with_other_values_shows_those_values(client):
    graph = initial_graph(client.get("/", params={"expr": "x*y", "v": "x:3,y:-4"}).text)
    assert graph["value"] == -12.0
    assert embedded_gradients(graph) == {"x": -4.0, "y": 3.0}


def test_a_program_that_does_not_parse_embeds_the_error_shape(client):
    response = client.get("/", params={"expr": "(x +"})
    assert response.status_code == 200
    error = initial_graph(response.text)["error"]
    assert set(error) == {"message", "line", "column", "code", "params"}


def test_link_previews_show_the_expression_as_title(client):
    html = client.get("/", params=NOTES_LINK).text
    assert meta(html, "og:title") == "(x+y)*z"
    assert meta(html, "twitter:title") == "(x+y)*z"
    assert "-12" in meta(html, "og:description")
    assert meta(html, "twitter:card") == "summary"


def test_share_titles_are_one_line_without_comments_and_short():
    assert share_title("x = 3 # 例子数值\ny = -4\n\nf = x * y") == "x = 3; y = -4; f = x * y"
    long_title = share_title("+".join(["x"] * 200))
    assert len(long_title) <= 80
    assert long_title.endswith("…")


def test_script_json_cannot_close_its_script_element():
    text = script_json(json.dumps({"expr": "</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(str(text)) == {"expr": "</script><!-- & \u2028"}


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("key", STATE_KEYS)
def test_hostile_text_in_any_link_parameter_is_shown_as_text(client, key, hostile):
    params = dict(NOTES_LINK)
    params[key] = hostile if key != "v" else f"{hostile}:1,x:2"
    html = client.get("/", params=params).text
    for marker in ("<script>alert", "<img", "</textarea><", "<!--"):
        assert marker not in html
    assert html.count("<script") == html.count("</script>")


def test_template_syntax_in_a_program_is_not_evaluated(client):
    html = client.get("/", params={"expr": "{{7*7}}"}).text
    assert meta(html, "og:title") == "{{7*7}}"
    assert ">49<" not in html and '"49"' not in html


def test_the_editor_shows_hostile_programs_as_text(client):
    html = client.get("/", params={"expr": "</textarea><b>bold</b>"}).text
    assert "&lt;/textarea&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html


def test_the_language_comes_from_the_link_first(client):
    html = client.get("/", params={"lang": "zh-CN"}, headers={"Accept-Language": "en"}).text
    assert '<html lang="zh-CN"' in html


def test_the_language_comes_from_accept_language_without_a_link_parameter(client):
    html = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}).text
    assert '<html lang="zh-CN"' in html


def test_an_unsupported_language_falls_back_to_english(client):
    html = client.get("/", params={"lang": "xx"}, headers={"Accept-Language": "fr"}).text
    assert '<html lang="en"' in html


@pytest.fixture
def catalogues(tmp_path, monkeypatch):
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "en.json").write_text(json.dumps({"hello": "Hello {name}", "only.en": "English"}))
    (tmp_path / "i18n" / "zh-CN.json").write_text(json.dumps({"hello": "你好 {name}"}), encoding="utf-8")
    monkeypatch.setattr(templating, "STATIC_DIR", tmp_path)


def test_t_reads_the_page_language_catalogue(catalogues):
    assert templating.translate("zh-CN", "hello", name="x") == "你好 x"


def test_t_falls_back_to_english_then_to_the_key(catalogues):
    assert templating.translate("zh-CN", "only.en") == "English"
    assert templating.translate("zh-CN", "no.such.key") == "no.such.key"


def test_t_fills_only_named_parameters(catalogues):
    assert templating.translate("en", "hello", name="{0.__class__}") == "Hello {0.__class__}"
    assert templating.translate("en", "hello") == "Hello {name}"


def test_t_is_a_template_global_that_follows_the_page_language(catalogues):
    template = templating.environment.from_string("{{ t('hello', name='<b>') }}")
    assert template.render(lang="zh-CN") == "你好 &lt;b&gt;"


def test_static_files_are_served(client):
    shipped = next(path for path in sorted(STATIC_DIR.rglob("*")) if path.is_file())
    response = client.get("/static/" + shipped.relative_to(STATIC_DIR).as_posix())
    assert response.status_code == 200
    assert response.content == shipped.read_bytes()


def test_an_unknown_page_is_a_404_page_for_browsers(client):
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "404" in response.text


def test_the_embed_page_renders_the_shared_circuit(client):
    response = client.get("/embed", params=NOTES_LINK)
    assert response.status_code == 200
    assert initial_graph(response.text)["value"] == -12.0


IMPORT = re.compile(r'^(?:import|export)[^"]*?from\s+"([^"]+)"', re.M)


def imported_modules(entry: str) -> set[str]:
    """Every module `entry` (a path under static/js) imports, directly or not, itself included."""
    root, seen, todo = STATIC_DIR / "js", set(), [entry]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        source = (root / module).read_text(encoding="utf-8")
        for target in IMPORT.findall(source):
            todo.append(str(((root / module).parent / target).resolve().relative_to(root.resolve())))
    return seen


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_the_page_preloads_every_module_main_js_imports(client, path):
    """main.js imports its modules at start, so each is fetched in parallel, none one import level late."""
    html = client.get(path).text
    preloaded = {href.split("/js/", 1)[1] for href in re.findall(r'rel="modulepreload" href="([^"]+)"', html)}
    assert preloaded == imported_modules("main.js")
