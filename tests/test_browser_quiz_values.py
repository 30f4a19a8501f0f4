"""The values quiz in real Chromium: the gates' green numbers are hidden and asked, forward, gate by gate."""

import pytest
from conftest import screenshot
from test_browser_classroom import NOTES, example_query, open_page, quiz_row

pytestmark = pytest.mark.browser

FIGURE = "/?expr=(x%2By)*z&v=x:-2,y:5,z:-4&quiz=values"
STAGED = next(example for example in NOTES if example["id"] == "notes-staged")

WIRES = """() => [...document.querySelectorAll('#circuit g.wire')].map((wire) => ({
  source: wire.dataset.source,
  value: wire.querySelector('text.wire-value').textContent,
  grad: wire.querySelector('text.wire-grad').textContent,
  name: wire.getAttribute('aria-label') || '',
}))"""


def output_value(pg):
    return pg.locator("text.output-value").text_content()


def test_a_values_quiz_asks_each_gates_value_and_draws_a_question_mark_until_answered(live_server, page):
    open_page(page, live_server + FIGURE)
    labels = [quiz_row(page, i).locator("label").inner_text() for i in range(2)]
    assert labels == ["value of (x+y)", "value of f"]
    wires = page.evaluate(WIRES)
    given = sorted(wire["value"] for wire in wires if wire["value"] != "?")
    assert given == ["-2.00", "-4.00", "5.00"]  # the inputs' values are given
    assert [wire["value"] for wire in wires].count("?") == 1 and output_value(page) == "?"
    assert all(wire["grad"] == "" for wire in wires), "no gradient is drawn before the backward pass"
    said = " ".join(wire["name"] for wire in wires)
    assert "3.00" not in said and "-12" not in said, "nor said to a screen reader"

    first = quiz_row(page, 0).locator("input")
    first.fill("3")
    assert quiz_row(page, 0).get_attribute("data-state") == "right"
    assert "3.00" in [wire["value"] for wire in page.evaluate(WIRES)]
    second = quiz_row(page, 1).locator("input")
    assert page.evaluate("document.activeElement.id") == second.get_attribute("id")
    second.fill("12")
    second.press("Enter")
    assert quiz_row(page, 1).get_attribute("data-state") == "wrong" and output_value(page) == "?"
    second.fill("\u221212")
    assert output_value(page) == "-12.00"
    assert "2 / 2" in page.locator("#quiz-score").inner_text()
    assert page.locator("#quiz-explain").inner_text() == "f: * of 3.00, -4.00 = -12.00"
    assert page.console_errors == []


def test_a_values_hint_names_the_gate_and_then_its_input_numbers(live_server, page):
    open_page(page, live_server + FIGURE)
    row = quiz_row(page, 1)
    row.locator(".quiz-hint").click()
    assert "the * gate" in row.locator(".quiz-hint-text").inner_text()
    row.locator(".quiz-hint").click()
    assert row.locator(".quiz-hint-text").inner_text() == "The * gate gets 3.00, -4.00."


def test_the_teacher_switches_the_quiz_to_forward_values_in_its_panel(live_server, page):
    open_page(page, live_server + "/?expr=(x%2By)*z&v=x:-2,y:5,z:-4&quiz=wires")
    assert page.locator("#quiz-mode").input_value() == "wires"
    with page.expect_navigation():
        page.locator("#quiz-mode").select_option("values")
    page.wait_for_selector('.quiz-q[data-kind="value"]')
    assert "quiz=values" in page.url
    assert page.locator("#quiz-title").inner_text() == "Quiz: the value out of every gate"
    assert page.locator('.quiz-q[data-kind="value"]').count() == 2


def test_a_projected_values_quiz_reveals_forward_with_the_clicker_and_takes_back(live_server, page):
    open_page(page, live_server + f"/?{example_query(STAGED, quiz='values', proj='1')}")
    caption = page.locator("#quiz-caption")
    total = page.locator(".quiz-q").count()
    assert total == 14  # the staged program's gates: two σ chains of four, and six more
    assert "next value" in caption.inner_text() and f"(0 / {total})" in caption.inner_text()
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowRight")
    states = [quiz_row(page, i).get_attribute("data-state") for i in range(3)]
    assert states == ["revealed", "revealed", "open"]
    assert caption.inner_text() == f"(exp(-y)): exp of 4.00 = 54.60 (2 / {total})"
    page.keyboard.press("PageUp")
    assert quiz_row(page, 1).get_attribute("data-state") == "open"
    assert f"(1 / {total})" in caption.inner_text()
    assert page.evaluate("() => window.circuitgrad.player.pos") == 14, "the player stays where forward ends"
    screenshot(page, "quiz-values-projected")
    assert page.console_errors == []


def test_the_values_quiz_speaks_chinese(live_server, page):
    open_page(page, live_server + FIGURE + "&lang=zh-CN")
    assert quiz_row(page, 0).locator("label").inner_text() == "(x+y) 的值"
    assert page.locator("#quiz-mode option:checked").inner_text() == "各个门的前向值"
