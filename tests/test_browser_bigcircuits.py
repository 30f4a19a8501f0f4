"""Big circuits in real Chromium: compact answers on the wire, the same circuit on the page."""

import sys
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from circuitgrad.app.examples import NOTES_STAGED_PROGRAM, share_params

from tests.conftest import SMALLEST_WIRE_FONT_PX, screenshot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from networks import neuron_program  # noqa: E402

pytestmark = pytest.mark.browser

READY = '.stage[data-ready="true"]'
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
        page.evaluate('(expr) => window.circuitgrad.update({expr, v: {}, sig: true, grp: "none"})', expr)
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


NOTES = {
    **{name: share_params(f"notes-{name}") for name in ("add-mul", "sigmoid-neuron", "patterns", "staged")},
    "24-gate network": {"expr": neuron_program(), "sig": "1"},
}


def open_link(page, base: str, params: dict) -> None:
    page.goto(f"{base}/?{urlencode(params)}")
    page.wait_for_selector(READY)


@pytest.mark.parametrize("name", sorted(NOTES))
def test_projected_wire_numbers_are_at_least_26_px_at_1280_by_720(page, live_server, name):
    open_link(page, live_server, {**NOTES[name], "proj": "1"})
    assert page.evaluate(SMALLEST_WIRE_FONT_PX) >= 26
    page.keyboard.press("Home")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)  # the camera's pan
    step = page.evaluate("() => window.circuitgrad.player.pos")
    node = page.evaluate("(k) => window.circuitgrad.graph.steps[k - 1].node", step)
    box = page.locator(f'g.gate[data-node="{node}"]').bounding_box()
    stage = page.locator("#circuit").bounding_box()
    inside = stage["x"] <= box["x"] and box["x"] + box["width"] <= stage["x"] + stage["width"]
    assert inside, "the camera follows the step"
    if name == "24-gate network":
        screenshot(page, "big-projector-24-gates-step-6")
    assert page.console_errors == []


@pytest.mark.parametrize("name", ["sigmoid-neuron", "staged", "24-gate network"])
def test_on_a_phone_wire_numbers_are_at_least_12_px(browser, live_server, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    phone = context.new_page()
    open_link(phone, live_server, NOTES[name])
    assert phone.evaluate(SMALLEST_WIRE_FONT_PX) >= 12
    if name == "staged":
        screenshot(phone, "big-phone-staged")
    context.close()


def test_b_and_the_button_skip_to_the_backward_pass(page, live_server):
    open_link(page, live_server, {**NOTES["staged"], "step": "0"})
    total = page.evaluate("() => window.circuitgrad.player.total")
    forward = sum(step["phase"] == "forward" for step in page.evaluate(GRAPH)["steps"])
    page.keyboard.press("b")
    assert page.text_content("#step-label") == f"step {forward + 1} / {total}"
    page.keyboard.press("Home")
    page.click("#skip-backward")
    assert page.text_content("#step-label") == f"step {forward + 1} / {total}"
    assert page.text_content("text.output-grad") == "1.00"
    assert page.console_errors == []


def test_slash_searches_a_gate_by_name_and_the_player_jumps_to_it(page, live_server):
    open_link(page, live_server, {**NOTES["staged"], "step": "0"})
    graph = page.evaluate(GRAPH)
    den = next(node["id"] for node in graph["nodes"] if node["name"] == "den")
    position = next(s["index"] for s in graph["steps"] if s["phase"] == "forward" and s["node"] == den) + 1
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "gate-search"
    page.keyboard.type("DEN")
    page.keyboard.press("Enter")
    assert page.text_content("#step-label") == f"step {position} / {len(graph['steps'])}"
    page.wait_for_selector(f'g.gate.is-selected[data-node="{den}"]')
    assert page.get_attribute("#gate-search", "aria-invalid") == "false"
    page.fill("#gate-search", "nothing-like-this")
    page.keyboard.press("Enter")
    assert page.get_attribute("#gate-search", "aria-invalid") == "true"
    assert "nothing-like-this" in page.get_attribute("#gate-search", "title")
    assert page.text_content("#step-label") == f"step {position} / {len(graph['steps'])}"
    assert page.console_errors == []


def test_a_minimap_shows_where_the_view_is_only_while_part_of_the_circuit_is_out_of_view(page, live_server):
    open_link(page, live_server, NOTES["add-mul"])
    assert not page.locator("#minimap").is_visible()
    open_link(page, live_server, {**NOTES["staged"], "proj": "1", "step": "0"})
    page.wait_for_selector("#minimap:not([hidden])")
    frame = page.locator("#minimap .minimap-frame").bounding_box()
    whole = page.locator("#minimap svg").bounding_box()
    assert frame["width"] < whole["width"]  # the frame marks the part on screen
    page.keyboard.press("b")  # the seed: the camera goes to the output at the right
    page.wait_for_timeout(500)
    moved = page.locator("#minimap .minimap-frame").bounding_box()
    assert moved["x"] > frame["x"]
    screenshot(page, "big-projector-staged-minimap")
    page.mouse.click(whole["x"] + 3, whole["y"] + whole["height"] / 2)
    page.wait_for_timeout(500)
    assert page.locator("#minimap .minimap-frame").bounding_box()["x"] < moved["x"]
    assert page.console_errors == []


def test_on_a_phone_the_minimap_keeps_to_a_corner_and_a_click_there_still_finds_its_spot(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    open_link(page, live_server, {**NOTES["staged"], "step": "0"})
    page.wait_for_selector("#minimap:not([hidden])")
    whole = page.locator("#minimap svg").bounding_box()
    circuit = page.locator("#circuit").bounding_box()
    assert whole["width"] * whole["height"] <= 0.1 * circuit["width"] * circuit["height"]
    page.keyboard.press("b")  # the seed: the camera goes to the output at the right
    page.wait_for_timeout(500)
    before = page.locator("#minimap .minimap-frame").bounding_box()
    page.mouse.click(whole["x"] + 2, whole["y"] + whole["height"] / 2)
    page.wait_for_timeout(500)
    after = page.locator("#minimap .minimap-frame").bounding_box()
    assert after["x"] < before["x"]  # the view went to the inputs on the left
    assert page.console_errors == []


# Counts changes to the editor's mirror and line numbers while a new circuit is drawn.
EDITOR_MUTATIONS = """async (graph) => {
  const host = document.querySelector("#editor-host");
  let changes = 0;
  const observer = new MutationObserver((records) => { changes += records.length; });
  observer.observe(host, { childList: true, subtree: true, attributes: true, characterData: true });
  window.circuitgrad.show(graph);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  observer.disconnect();
  return changes;
}"""


def test_drawing_a_circuit_leaves_an_editor_without_an_error_untouched(page, live_server):
    # Re-rendering it would make the browser lay the whole page out once more before a big circuit shows.
    page.goto(link(live_server, "(x+y)*z", v="x:-2,y:5,z:-4"))
    page.wait_for_selector(READY)
    graph = httpx.post(f"{live_server}/api/graph", json={"expr": "x*y + z"}).json()
    assert page.evaluate(EDITOR_MUTATIONS, graph) == 0
    assert page.console_errors == []
