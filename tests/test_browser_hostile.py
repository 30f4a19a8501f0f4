"""Hostile share links in real Chromium: no dialog opens, no injected script runs, the text stays text."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from conftest import NEXT_FRAME, screenshot

pytestmark = pytest.mark.browser

PAYLOADS = {
    "script tag": "<script>alert(1)</script>",
    "image onerror": '"><img src=x onerror=alert(1)>',
    "closing textarea": "</textarea><script>alert(1)</script>",
    "closing script": "</script><script>alert(1)</script>",
    "template braces": "{{7*7}}",
    "template statement": "{% for c in [1] %}{{ c }}{% endfor %}",
    "javascript url": "javascript:alert(1)",
    "svg onload": "<svg onload=alert(1)>",
    "attribute breakout": "' onmouseover='alert(1)' x='",
    "comment and cdata": "<!--<script>alert(1)//--><![CDATA[<script>alert(1)</script>]]>",
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "unicode escapes": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "line separators": "x\u2028+\u2029y</script><script>alert(1)</script>",
    "right-to-left override": "x\u202e<img src=x onerror=alert(1)>",
    "fullwidth brackets": "＜script＞alert(1)＜/script＞",
}
VIEW_OPTIONS = ("step", "sig", "prec", "sel", "lang", "proj", "theme", "pal", "quiz", "hide")

# Record what the page would rather hide: CSP refusals (a blocked injection is still an injection).
WATCH_SCRIPT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample || ""}`);
});
"""

INJECTED_ELEMENTS = """
() => Array.from(document.querySelectorAll(
  'script:not([src]):not([type="application/json"]), img[src="x"], iframe, object, embed, ' +
  '[onerror], [onload], [onmouseover], a[href^="javascript:" i]'
)).map((el) => el.outerHTML.slice(0, 120))
"""

READY = """
() => document.querySelector(".stage")?.dataset.ready === "true"
  || (document.getElementById("error")?.textContent || "").trim().length > 0
"""
PANELS_READY = "() => document.body.dataset.panels === 'ready'"


def poll(page, condition, timeout: float = 10.0) -> bool:
    """True as soon as `condition()` is, False after `timeout` s (the page's events are handled meanwhile)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return True
        page.wait_for_timeout(20)
    return bool(condition())


def links_for(payload: str) -> dict[str, dict[str, str]]:
    """Every place a share link can carry the payload, as query dicts."""
    return {
        "program": {"expr": payload},
        "comment": {"expr": f"(x+y)*z # {payload}", "v": "x:-2,y:5,z:-4"},
        "name": {"expr": f"{payload} = 2\nq = x * 3", "step": "0"},
        "values": {"expr": "x*y", "v": f"{payload}:1,x:{payload},y:3"},
        "view options": {"expr": "x*y", **{key: payload for key in VIEW_OPTIONS}},
    }


CASES = [
    pytest.param(payload, place, id=f"{name} in {place}")
    for name, payload in PAYLOADS.items()
    for place in links_for(payload)
]
SINGLE_OPTION_CASES = [
    pytest.param(PAYLOADS[name], option, id=f"{name} as {option}")
    for name in ("image onerror",)
    for option in VIEW_OPTIONS
]


@pytest.fixture(scope="module")
def hostile_page(browser):
    """One page for the whole table, recording dialogs and uncaught errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    context.add_init_script(WATCH_SCRIPT)
    page = context.new_page()
    page.dialogs = []
    page.script_errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exc: page.script_errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and ("Content Security Policy" in msg.text or "Refused" in msg.text)
            and page.script_errors.append(msg.text)
        ),
    )
    yield page
    context.close()


def open_link(page, base: str, query: dict[str, str]) -> None:
    page.dialogs.clear()
    page.script_errors.clear()
    page.goto(f"{base}/?{urlencode(query)}")
    page.wait_for_function(READY, timeout=10_000)
    # The page's deferred work (the panels follow the circuit a frame later) is done once it says so.
    page.wait_for_function(PANELS_READY, timeout=10_000)
    page.evaluate(NEXT_FRAME)


def assert_nothing_ran(page) -> None:
    assert page.dialogs == [], f"a dialog opened: {page.dialogs}"
    assert page.evaluate("window.__cspViolations") == []
    assert page.script_errors == []
    assert page.evaluate(INJECTED_ELEMENTS) == []


@pytest.mark.parametrize("payload,place", CASES)
def test_a_hostile_link_runs_nothing_and_shows_text_literally(hostile_page, live_server, payload, place):
    query = links_for(payload)[place]
    open_link(hostile_page, live_server, query)
    assert_nothing_ran(hostile_page)
    editor = hostile_page.locator("#editor")
    if place in ("program", "comment", "name"):
        assert editor.input_value() == query["expr"]
    head = payload[:10]
    if place == "program" and head.isascii() and head.isprintable() and "#" not in head:
        assert head in hostile_page.title(), "the page title shows the program as text"
        share_card = hostile_page.locator('meta[property="og:title"]').get_attribute("content")
        assert head in share_card, "the share card's title keeps the program inside its attribute"
    elif place == "view options":
        assert editor.input_value() == "x*y"
        assert hostile_page.locator("#circuit svg").count() == 1


@pytest.mark.parametrize("payload,option", SINGLE_OPTION_CASES)
def test_a_hostile_view_option_falls_back_to_its_default(hostile_page, live_server, payload, option):
    open_link(hostile_page, live_server, {"expr": "(x+y)*z", option: payload})
    assert_nothing_ran(hostile_page)
    assert hostile_page.locator("#circuit svg g.gate").count() >= 2


def test_prototype_names_are_ordinary_inputs(hostile_page, live_server):
    query = {"expr": "__proto__ * constructor + toString", "v": "__proto__:2,constructor:3,toString:4"}
    open_link(hostile_page, live_server, query)
    assert_nothing_ran(hostile_page)
    assert hostile_page.locator("#editor").input_value() == query["expr"]
    assert hostile_page.locator("#error").inner_text().strip() == ""
    assert hostile_page.locator("text.output-value").first.text_content().strip() == "10.00"


def test_a_hostile_error_message_is_shown_as_text(hostile_page, live_server):
    open_link(hostile_page, live_server, {"expr": PAYLOADS["image onerror"]})
    assert_nothing_ran(hostile_page)
    error = hostile_page.locator("#error")
    assert error.inner_text().strip(), "the program cannot parse, so the page says why"
    assert error.locator("img").count() == 0
    screenshot(hostile_page, "hostile-error-message")


INJECTED_PAGE = "<body><img src=x onerror=alert(1)></body>"


@pytest.mark.parametrize("policy", ["script-src 'self'", ""], ids=["with the CSP", "without a CSP"])
def test_the_watchers_see_a_script_that_does_get_injected(hostile_page, live_server, policy):
    """The table above proves something only if its detectors fire on a real injection."""
    url = f"{live_server}/detector-check"
    headers = {"content-security-policy": policy} if policy else {}
    hostile_page.route(
        url,
        lambda route: route.fulfill(
            status=200, content_type="text/html", headers=headers, body=INJECTED_PAGE
        ),
    )
    try:
        hostile_page.dialogs.clear()
        hostile_page.goto(url)
        if policy:
            poll(hostile_page, lambda: hostile_page.evaluate("window.__cspViolations.length > 0"))
        else:
            poll(hostile_page, lambda: hostile_page.dialogs)
        if policy:
            assert hostile_page.evaluate("window.__cspViolations"), "the CSP listener saw the blocked handler"
        else:
            assert hostile_page.dialogs == ["1"], "the dialog listener saw alert(1)"
        assert hostile_page.evaluate(INJECTED_ELEMENTS), "the DOM check finds the injected element"
    finally:
        hostile_page.unroute(url)
