"""Big circuits in real Chromium: compact answers on the wire, the same circuit on the page."""

import sys
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from circuitgrad.app.examples import NOTES_STAGED_PROGRAM

from tests.conftest import screenshot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from networks import neuron_program  # noqa: E402

pytestmark = pytest.mark.browser

READY = 'body[data-ready="true"]'
GRAPH = "() => window.circuitgrad.graph"


def link(base: str, expr: str, **extra: str) -> str:
    return f"{base}/?{urlencode({'expr': expr, **extra})}"


def test_the_first_drawing_of_a_link_equals_the_full_answer_of_the_api(page, live_server):
    full = httpx.post(f"{live_server}/api/graph", json={"expr": NOTES_STAGED_PROGRAM}).json()
    page.goto(link(live_server, NOTES_STAGED_PROGRAM))
    page.wait_for_selector(READY)
    assert page.evaluate(GRAPH) == full
    assert page.console_errors == []


def test_the_page_asks_for_compact_answers_and_draws_them_in_full(page, live_server):
    page.goto(link(live_server, "(x+y)*z", v="x:-2,y:5,z:-4"))
    page.wait_for_selector(READY)
    expr = neuron_program()
    with page.expect_response(lambda r: "/api/graph" in r.url) as answer:
        page.evaluate("(expr) => window.circuitgrad.update({expr, v: {}, sig: true})", expr)
    assert "form=compact" in answer.value.url
    assert answer.value.json()["form"] == "compact-1"
    full = httpx.post(
        f"{live_server}/api/graph", json={"expr": expr, "options": {"expand_sigmoid": True}}
    ).json()
    page.wait_for_function("(n) => window.circuitgrad.graph.steps.length === n", arg=len(full["steps"]))
    assert page.evaluate(GRAPH) == full
    assert page.text_content("#step-label") == f"step {len(full['steps'])} / {len(full['steps'])}"
    screenshot(page, "big-neuron-24-gates")
    assert page.console_errors == []
