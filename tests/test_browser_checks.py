"""Backward lines on the page: a ✓ or ✗ beside each line, the summary, the wrong wire, the step."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import screenshot, wait_settled
from test_checks import NOTES_NEURON_BLOCK, NOTES_SIMPLE_BLOCK, NOTES_STAGED_BLOCKS

pytestmark = pytest.mark.browser

# One mutation of the staged block: the mul's operands swapped (the notes have `dnum = invden`), on line 15.
SWAPPED = NOTES_STAGED_BLOCKS.replace("dnum = invden", "dnum = num")
SEEDED = "x = 2\nf = x ** 2\ndf = 3\ndx = 2 * x * df"


def open_program(page, base: str, program: str, extra: str = ""):
    page.goto(f"{base}/?expr={quote(program)}{extra}")
    wait_settled(page)
    return page


def marks(page, kind: str) -> list[int]:
    lines = page.locator(f".line-mark.{kind}").evaluate_all("(ms) => ms.map((m) => m.dataset.line)")
    return [int(line) for line in lines]


def summary(page) -> str:
    return page.locator(".check-summary").inner_text()


@pytest.mark.parametrize(
    ("program", "right", "output"),
    [(NOTES_SIMPLE_BLOCK, 4, "-12.00"), (NOTES_NEURON_BLOCK, 3, "0.73"), (NOTES_STAGED_BLOCKS, 12, "1.55")],
    ids=["first-block", "sigmoid-neuron", "staged"],
)
def test_every_backward_line_of_the_notes_blocks_gets_a_tick(page, live_server, program, right, output):
    open_program(page, live_server, program)
    assert len(marks(page, "is-ok")) == right
    assert marks(page, "is-wrong") == []
    assert summary(page) == f"\u2713 {right} of {right} backward lines right"
    assert page.locator("text.output-value").text_content() == output  # the forward lines' circuit alone
    assert page.locator(".wire.check-wrong").count() == 0
    assert page.console_errors == []


def test_a_list_line_shows_each_element_on_hover(page, live_server):
    open_program(page, live_server, NOTES_NEURON_BLOCK)
    page.locator('.line-mark[data-line="10"]').hover()
    tip = page.locator("#check-tip")
    tip.wait_for()
    text = tip.inner_text()
    assert "Line 10: right" in text
    assert "dx[0] expected 0.39, got 0.39" in text
    assert "dx[1] expected \u22120.59, got \u22120.59" in text


def test_a_swapped_mul_is_marked_wrong_with_its_hint_on_hover(page, live_server):
    open_program(page, live_server, SWAPPED)
    assert 15 in marks(page, "is-wrong")
    assert summary(page).startswith(f"\u2717 {len(marks(page, 'is-ok'))} of 12 backward lines right")
    assert "(first wrong: line 15)" in summary(page)
    page.locator('.line-mark[data-line="15"]').hover()
    tip = page.locator("#check-tip")
    tip.wait_for()
    assert "Line 15: wrong" in tip.inner_text()
    assert "dnum expected 0.51, got 3.02" in tip.inner_text()
    assert "mul swaps: \u2202f/\u2202num = invden" in tip.inner_text()
    screenshot(page, "checks-swapped-hover")


def test_the_marks_are_one_tab_stop_and_the_arrows_walk_them_with_the_tip_shown(page, live_server):
    open_program(page, live_server, SWAPPED)
    first = page.locator(".line-mark").first
    first.focus()
    tip = page.locator("#check-tip")
    assert tip.is_visible() and "Line 14" not in tip.inner_text()
    assert page.locator('.line-mark[tabindex="0"]').count() == 1
    page.keyboard.press("ArrowDown")  # no mark above line 15: the first is dnum's
    focused = page.evaluate("() => document.activeElement.dataset.line")
    assert focused == "16"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.dataset.line") == "15"
    assert "expected 0.51, got 3.02" in tip.inner_text()
    label = page.locator('.line-mark[data-line="15"]').get_attribute("aria-label")
    assert label.startswith("Line 15: wrong. dnum: mul swaps")
    page.keyboard.press("Escape")
    assert tip.is_hidden()


def test_the_precision_control_sets_the_digits_of_the_tip(page, live_server):
    open_program(page, live_server, SWAPPED, "&prec=4")
    page.locator('.line-mark[data-line="15"]').hover()
    assert "expected 0.5121, got 3.0180" in page.locator("#check-tip").inner_text()


def test_a_wrong_lines_wire_is_dashed_with_a_cross_and_right_wires_are_not(page, live_server):
    open_program(page, live_server, SWAPPED)
    wrong = page.evaluate(
        """() => {
            const g = window.circuitgrad.graph;
            const name = (id) => g.nodes[id].name;
            return [...document.querySelectorAll('.wire.check-wrong')].map((w) => {
                const e = g.edges[Number(w.dataset.edge)];
                return `${name(e.source)}>${name(e.target)}`;
            });
        }"""
    )
    assert "num>f" in wrong, "dnum is wrong: the wire from num to f's gate"
    assert "xpysqr>den" not in wrong and "invden>f" not in wrong
    assert page.locator(".wire.check-wrong .wire-badge text").first.text_content() == "\u2717"
    dashes = "(w) => getComputedStyle(w.querySelector('.wire-path')).strokeDasharray"
    assert page.locator(".wire.check-wrong").first.evaluate(dashes) != "none"


def test_the_summary_and_the_tip_speak_chinese_on_the_chinese_page(page, live_server):
    open_program(page, live_server, SWAPPED, "&lang=zh-CN")
    right = len(marks(page, "is-ok"))
    assert f"12 行反向代码中 {right} 行正确" in summary(page)
    page.locator('.line-mark[data-line="15"]').hover()
    text = page.locator("#check-tip").inner_text()
    assert "第 15 行：错误" in text and "应为 0.51，得到 3.02" in text and "乘法门交换输入" in text


def test_stepping_the_backward_pass_shows_the_students_line_for_the_wire(page, live_server):
    open_program(page, live_server, SWAPPED)
    assert page.locator("#student-line").is_hidden(), "the finished figure shows no step's line"
    pos = page.evaluate(
        """() => {
            const g = window.circuitgrad.graph;
            const num = g.nodes.find((n) => n.name === 'num').id;
            return g.steps.findIndex((s) => s.phase === 'backward' && s.input === num) + 1;
        }"""
    )
    page.evaluate("(pos) => window.circuitgrad.player.seek(pos, 'step')", pos)
    line = page.locator("#student-line")
    line.wait_for()
    assert "line 15" in line.inner_text() and "dnum = num" in line.inner_text()
    assert line.locator(".student-line-code.is-wrong").count() == 1
    assert page.locator("#code-backward .code-line.is-current").inner_text().endswith("dnum = invden")
    assert page.locator('.gutter-line.is-current[data-line="15"]').count() == 1
    assert page.locator('.line-mark.is-current[data-line="15"]').count() == 1
    screenshot(page, "checks-stepping")
    page.evaluate("() => window.circuitgrad.player.seek(0, 'step')")
    line.wait_for(state="hidden")
    assert page.locator(".gutter-line.is-current").count() == 0


def test_a_programs_own_seed_is_drawn_and_starts_the_generated_code(page, live_server):
    open_program(page, live_server, SEEDED)
    assert page.locator("text.output-grad").text_content() == "3.00"
    backward = page.locator("#code-backward .code-line code").all_inner_texts()
    assert backward == ["df = 3", "dx = (2 * x) * df"]
    assert marks(page, "is-ok") == [3, 4]
    assert page.locator('.input-row[data-input="x"]').inner_text().count("12.00") == 1


def test_warnings_are_listed_under_the_editor(page, live_server):
    open_program(page, live_server, "e**x + x")
    warning = page.locator(".program-warning")
    said = "`e` is a new input here (worth 1), not the constant: did you mean exp(x) / math.e?"
    assert warning.inner_text() == f"\u26a0 line 1: {said}"
    assert page.locator(".check-summary").count() == 0 and page.locator(".line-mark").count() == 0
    open_program(page, live_server, "x = 2\ny = 3\nf = x * 2", "&lang=zh-CN")
    assert "第 2 行" in page.locator(".program-warning").inner_text()


def test_an_edit_takes_the_marks_away_until_the_new_text_is_checked(page, live_server):
    open_program(page, live_server, NOTES_SIMPLE_BLOCK)
    page.locator("#editor").fill(NOTES_SIMPLE_BLOCK.replace("dfdz = q #", "dfdz = z #"))
    assert page.locator(".line-mark").count() == 0
    page.wait_for_function("() => document.querySelectorAll('.line-mark.is-wrong').length === 1")
    assert summary(page) == "\u2717 3 of 4 backward lines right (first wrong: line 10)"


def test_the_summarys_first_wrong_line_takes_the_keyboard_to_its_mark(page, live_server):
    open_program(page, live_server, NOTES_STAGED_BLOCKS.replace("dy += ((1 - sigy)", "dy = ((1 - sigy)"))
    page.locator(".first-wrong").click()
    focused = page.evaluate("() => document.activeElement.dataset.line")
    assert focused == "33" and page.locator("#check-tip").is_visible()
    box = page.locator('.line-mark[data-line="33"]').bounding_box()
    frame = page.locator(".editor-frame").bounding_box()
    assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]  # in view
