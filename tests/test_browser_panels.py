"""The side panels in real Chromium: editor errors, inputs, hover links, details, σ, slope chart, export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import screenshot

pytestmark = pytest.mark.browser

SHARE = "/?expr=(x%2By)*z&v=x:-2,y:5,z:-4"
SIGMOID = "/?expr=sigmoid(w0*x0%2Bw1*x1%2Bw2)&v=w0:2,x0:-1,w1:-3,x1:-2,w2:-3"
SVG_NS = "{http://www.w3.org/2000/svg}"


def open_page(page, base: str, query: str = SHARE):
    page.goto(base + query)
    settle(page)
    return page


def settle(page):
    """Waits until the circuit is drawn and the panels have caught up with it."""
    page.wait_for_selector('body[data-panels="ready"] .stage[data-ready="true"]')


def script_errors(page) -> list[str]:
    """Console errors, less Chromium's own log line for the 400 that a program error is by contract."""
    expected = "the server responded with a status of 400"
    return [text for text in page.console_errors if expected not in text]


def wire_values(page) -> list[str]:
    return page.locator("text.wire-value").all_text_contents()


def edge_from(page, input_name: str) -> int:
    """The id of the wire leaving an input, read from the graph the page shows."""
    return page.evaluate(
        """(name) => {
            const g = window.circuitgrad.graph;
            const node = g.inputs.find((i) => i.name === name).node;
            return g.edges.find((e) => e.source === node).id;
        }""",
        input_name,
    )


def test_an_operator_error_is_underlined_at_its_column_and_the_old_circuit_stays(page, live_server):
    open_page(page, live_server)
    before = wire_values(page)
    page.locator("#editor").fill("1 + * 2")
    underline = page.locator(".error-underline")
    underline.wait_for()
    assert underline.text_content() == "*"
    assert underline.get_attribute("data-line") == "1"
    assert underline.get_attribute("data-column") == "5"
    message = page.locator("#error")
    assert message.is_visible()
    assert "column 5" in message.inner_text()
    assert wire_values(page) == before, "the last good circuit stays on screen"
    # ... faded and labelled, so nobody takes it for the broken program's circuit.
    assert page.locator(".stage").get_attribute("data-stale") == "true"
    assert "last circuit that worked" in page.locator("#circuit-status").inner_text()
    screenshot(page, "panels-error-underline")
    assert script_errors(page) == []


@pytest.mark.parametrize(
    ("program", "words"),
    [
        ("1 + * 2", "需要一个数、一个名字或 `(`"),
        ("（x）", "全角字符 `（`"),
        ("ep(x)", "你是想写 `exp` 吗"),
        ("log(x)", "“log”门在 -2 处无法计算：log 的输入必须是正数"),
    ],
)
def test_program_errors_are_said_in_chinese_on_the_chinese_page(page, live_server, program, words):
    open_page(page, live_server, SHARE + "&lang=zh-CN")
    page.locator("#editor").fill(program)
    message = page.locator("#error")
    message.wait_for()
    assert words in message.inner_text()
    assert "第 1 行" in message.inner_text()
    assert script_errors(page) == []


def test_a_broken_share_link_says_its_error_in_chinese(page, live_server):
    page.goto(live_server + "/?expr=(x%2B&lang=zh-CN")
    page.wait_for_selector('.stage[data-ready="true"]')
    assert "没有闭合" in page.locator("#circuit-status").inner_text()


def test_fixing_the_error_clears_the_underline(page, live_server):
    open_page(page, live_server)
    editor = page.locator("#editor")
    editor.fill("1 + * 2")
    page.locator(".error-underline").wait_for()
    editor.fill("(x+y)*z*2")
    page.wait_for_function("() => document.querySelector('text.output-value')?.textContent === '-24.00'")
    assert page.locator(".error-underline").count() == 0
    assert page.locator("#error").is_hidden()
    assert page.locator(".stage").get_attribute("data-stale") is None
    assert page.locator("#circuit-status").is_hidden()
    assert script_errors(page) == []


def test_a_slider_change_updates_the_wires_and_the_url(page, live_server):
    open_page(page, live_server)
    edge = edge_from(page, "x")
    slider = page.locator('.input-row[data-input="x"] .input-slider')
    slider.evaluate("(el) => { el.value = '3'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_function(
        f"() => document.querySelector('text.wire-value[data-edge=\"{edge}\"]').textContent === '3.00'"
    )
    assert page.locator('.input-row[data-input="x"] .input-box').input_value() == "3"
    assert page.locator("text.output-value").text_content() == "-32.00"
    values = parse_qs(urlparse(page.url).query)["v"][0]
    assert "x:3" in values.split(",")
    assert page.console_errors == []


STAGED_NOTES = (
    "x = 3 # 例子数值\ny = -4\n\n# 前向传播\nsigy = 1.0 / (1 + math.exp(-y)) # 分子中的 sigmoid\n"
    "num = x + sigy # 分子\nsigx = 1.0 / (1 + math.exp(-x)) # 分母中的 sigmoid\nxpy = x + y\n"
    "xpysqr = xpy**2\nden = sigx + xpysqr # 分母\ninvden = 1.0 / den\nf = num * invden # 搞定！"
)


def output_text(page) -> str:
    return page.locator("text.output-value").text_content()


def test_pasting_the_notes_program_computes_with_its_own_numbers(page, live_server):
    """The home page's x, y sliders must not override the literals x = 3, y = -4 of a pasted program."""
    open_page(page, live_server)
    page.locator("#editor").fill(STAGED_NOTES)
    page.wait_for_function("() => document.querySelector('text.output-value')?.textContent === '1.55'")
    assert page.locator('.input-row[data-input="x"] .input-box').input_value() == "3"
    assert "x = 3" in page.locator("#code-forward").inner_text()
    values = parse_qs(urlparse(page.url).query).get("v", [""])[0]
    assert "x:-2" not in values.split(",")
    assert page.console_errors == []


def test_a_slider_overrides_a_literal_until_its_line_is_edited(page, live_server):
    open_page(page, live_server, "/?expr=x%20%3D%203%0Ay%20%3D%204%0Af%20%3D%20x*y")
    assert output_text(page) == "12.00"
    slider = page.locator('.input-row[data-input="x"] .input-slider')
    slider.evaluate("(el) => { el.value = '5'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.wait_for_function("() => document.querySelector('text.output-value').textContent === '20.00'")
    # The forward code shows the value in use, not the one the program was first drawn with.
    page.wait_for_function("() => document.querySelector('#code-forward').innerText.includes('x = 5')")
    editor = page.locator("#editor")
    editor.fill("x = 3\ny = 4\nf = x*y + 1")
    page.wait_for_function("() => document.querySelector('text.output-value').textContent === '21.00'")
    editor.fill("x = 7\ny = 4\nf = x*y + 1")
    page.wait_for_function("() => document.querySelector('text.output-value').textContent === '29.00'")
    assert page.console_errors == []


def test_the_number_box_moves_the_slider_and_the_output(page, live_server):
    open_page(page, live_server)
    page.locator('.input-row[data-input="z"] .input-box').fill("2")
    page.wait_for_function("() => document.querySelector('text.output-value').textContent === '6.00'")
    assert page.locator('.input-row[data-input="z"] .input-slider').input_value() == "2"
    assert page.console_errors == []


def test_hovering_a_gate_marks_its_source_and_its_backward_code(page, live_server):
    open_page(page, live_server)
    mul = page.evaluate("window.circuitgrad.graph.output")
    page.locator(f'#circuit g.gate[data-node="{mul}"]').hover()
    assert page.locator(f'#code-backward .code-line.is-linked[data-node="{mul}"]').count() >= 1
    assert page.locator(".src-highlight").text_content() == "(x+y)*z"
    screenshot(page, "panels-hover-gate")


def test_hovering_a_code_line_highlights_its_gate(page, live_server):
    open_page(page, live_server)
    line = page.locator("#code-forward .code-line", has_text="x + y").first
    node = line.get_attribute("data-node")
    line.hover()
    gate = page.locator(f'#circuit g.gate[data-node="{node}"]')
    assert "highlight" in (gate.get_attribute("class") or "").split()
    assert page.locator(".src-highlight").text_content() == "x+y"
    assert page.console_errors == []


def test_clicking_a_gate_shows_its_local_derivative_in_katex(page, live_server):
    open_page(page, live_server)
    mul = page.evaluate("window.circuitgrad.graph.output")
    page.locator(f'#circuit g.gate[data-node="{mul}"]').click()
    details = page.locator("#details")
    details.locator(".katex").first.wait_for()
    assert details.locator(".derivation").count() == 2, "one row per input wire of the mul gate"
    latex = details.locator(".derivation .math").evaluate_all("(els) => els.map((e) => e.dataset.latex)")
    assert any("(-4.00) \\times 1.00 = -4.00" in text for text in latex)
    assert any("3.00 \\times 1.00 = 3.00" in text for text in latex)
    assert details.locator(".math-fallback").count() == 0, "KaTeX rendered every formula"
    screenshot(page, "panels-details-gate")
    assert page.console_errors == []


def test_clicking_an_input_shows_the_numerical_gradient_check(page, live_server):
    open_page(page, live_server)
    node = page.evaluate("window.circuitgrad.graph.inputs[0].node")
    page.locator(f'#circuit g.input[data-node="{node}"]').click()
    verdict = page.locator("#details .gradcheck-verdict")
    verdict.wait_for()
    assert "is-ok" in verdict.get_attribute("class")
    latex = page.locator("#details .gradcheck .math").evaluate_all("(els) => els.map((e) => e.dataset.latex)")
    assert any("f(x+h) - f(x-h)" in text and text.endswith("= -4.00") for text in latex)
    screenshot(page, "panels-details-input")
    assert page.console_errors == []


def test_the_sigma_toggle_keeps_the_input_gradients_identical(page, live_server):
    open_page(page, live_server, SIGMOID)
    before = page.evaluate("window.circuitgrad.graph.gradients")
    gates_before = page.locator("#circuit g.gate").count()
    page.wait_for_selector('#sigma-panel[data-compared="true"].is-identical')
    page.locator("#sigma-toggle").click()
    page.wait_for_function(
        f"() => document.querySelectorAll('#circuit g.gate').length === {gates_before + 3}"
    )
    assert parse_qs(urlparse(page.url).query)["sig"] == ["1"]
    after = page.evaluate("window.circuitgrad.graph.gradients")
    assert after.keys() == before.keys()
    assert all(abs(after[name] - before[name]) <= 1e-12 for name in before)
    page.wait_for_selector('#sigma-panel[data-compared="true"].is-identical')
    assert page.locator("#sigma-toggle").get_attribute("aria-pressed") == "true"
    assert page.locator(".sigma-same").count() == len(before)
    screenshot(page, "panels-sigma-expanded")
    assert page.console_errors == []


def test_the_slope_chart_draws_the_curve_and_its_tangent(page, live_server):
    open_page(page, live_server, SHARE + "&sel=x")
    page.wait_for_selector('#slope[data-ready="true"] svg .slope-tangent')
    curve = page.locator("#slope .slope-curve").get_attribute("d")
    assert curve.startswith("M") and curve.count("L") > 100
    tangent = page.locator("#slope .slope-tangent")
    x1, y1, x2, y2 = (float(tangent.get_attribute(a)) for a in ("x1", "y1", "x2", "y2"))
    assert y2 > y1, "df/dx = -4 < 0: the tangent falls left to right (SVG y grows downwards)"
    assert x2 > x1
    assert "-4.00" in page.locator("#slope .slope-caption").inner_text()
    screenshot(page, "panels-slope")
    assert page.console_errors == []


def test_the_slope_button_selects_an_input_for_the_chart(page, live_server):
    open_page(page, live_server)
    page.locator('.input-row[data-input="z"] .input-select').click()
    page.wait_for_selector('#slope[data-ready="true"] svg .slope-curve')
    assert parse_qs(urlparse(page.url).query)["sel"] == ["z"]
    assert page.locator("#slope-input").input_value() == "z"
    assert page.console_errors == []


def test_the_code_line_of_the_current_step_is_marked(page, live_server):
    open_page(page, live_server, SHARE + "&step=5")
    expected = page.evaluate("window.circuitgrad.graph.steps[4]")
    assert expected["phase"] == "backward"
    current = page.locator("#code-backward .code-line.is-current")
    assert current.count() == 1
    assert current.get_attribute("data-step") == str(expected["index"])
    for _ in range(3):  # back past the seed step to the forward step of the mul gate
        page.locator("#step-back").click()
    page.wait_for_selector("#code-forward .code-line.is-current")
    assert page.locator(".code-line.is-current").count() == 1
    assert page.console_errors == []


def test_a_sigma_written_out_by_hand_says_there_is_nothing_to_toggle(page, live_server):
    open_page(page, live_server, "/?expr=1/(1%2Bexp(-x))&v=x:1")
    page.wait_for_selector('#sigma-panel[data-compared="true"]')
    assert page.locator("#sigma-toggle").is_hidden()
    assert "sigmoid(" in page.locator("#sigma-note").inner_text()
    assert page.console_errors == []


def test_the_examples_menu_lists_the_notes_circuits_first_and_loads_one(page, live_server):
    open_page(page, live_server)
    options = page.locator("#examples option")
    options.nth(1).wait_for(state="attached")
    first_group = page.locator("#examples optgroup").first
    assert first_group.locator("option").count() == 5  # the four scalar figures and the vectorized block
    page.locator("#examples").select_option("notes-patterns")
    page.wait_for_function("() => document.querySelector('#editor').value.includes('max(z,w)')")
    page.wait_for_function("() => window.circuitgrad.graph.expr.includes('max(z,w)')")
    assert page.locator("text.output-value").text_content() == "-20.00"
    assert page.console_errors == []


def test_svg_export_is_a_valid_standalone_svg(page, live_server, tmp_path):
    open_page(page, live_server)
    with page.expect_download() as info:
        page.locator("#export-svg").click()
    download = info.value
    assert download.suggested_filename.endswith(".svg")
    path = tmp_path / "circuit.svg"
    download.save_as(path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") and float(root.get("width")) > 100
    texts = [el.text for el in root.iter(f"{SVG_NS}text")]
    assert "-12.00" in texts and "-8.00" not in texts
    styled = [el for el in root.iter(f"{SVG_NS}text") if el.text == "-4.00"]
    assert styled and "fill:" in styled[0].get("style", ""), "computed styles are inlined"
    assert page.console_errors == []


def test_png_export_is_a_png(page, live_server, tmp_path):
    open_page(page, live_server)
    with page.expect_download() as info:
        page.locator("#export-png").click()
    path = tmp_path / "circuit.png"
    info.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 200 and height > 100
    assert page.console_errors == []


def test_an_inputs_gradient_appears_only_once_the_backward_pass_is_done_with_it(page, live_server):
    neuron = "/?expr=1/(1%2Bexp(-(w0*x0%2Bw1*x1%2Bw2)))&v=w0:2,x0:-1,w1:-3,x1:-2,w2:-3"
    open_page(page, live_server, neuron + "&step=15")

    def gradient(name):
        return page.locator(f'.input-row[data-input="{name}"] .input-grad')

    assert gradient("w2").text_content() == "∂f/∂w2 = 0.20"
    assert gradient("x0").text_content() == "∂f/∂x0 = …"
    page.keyboard.press("End")
    page.wait_for_function(
        "document.querySelector('.input-row[data-input=\"x0\"] .input-grad').textContent.endsWith('0.39')"
    )
    assert [gradient(n).text_content() for n in ("w0", "x0", "w1", "x1", "w2")] == [
        "∂f/∂w0 = -0.20",
        "∂f/∂x0 = 0.39",
        "∂f/∂w1 = -0.39",
        "∂f/∂x1 = -0.59",
        "∂f/∂w2 = 0.20",
    ]
    assert script_errors(page) == []


WATCH_VIOLATIONS = """
  window.cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) =>
    window.cspViolations.push(`${event.violatedDirective}: ${event.sample || event.blockedURI}`));
"""


def test_details_export_and_the_qr_dialog_need_no_inline_styles(page, live_server, tmp_path):
    page.add_init_script(WATCH_VIOLATIONS)
    open_page(page, live_server)
    page.locator("g.gate").first.click()
    page.wait_for_selector("#details .katex")
    with page.expect_download() as info:
        page.locator("#export-svg").click()
    info.value.save_as(tmp_path / "circuit.svg")
    with page.expect_download():
        page.locator("#export-png").click()
    page.locator("#show-qr").click()
    page.wait_for_selector("#qr-code svg")
    assert page.evaluate("window.cspViolations") == []
    assert page.console_errors == []


def test_a_quiz_in_projector_mode_needs_no_inline_styles(page, live_server):
    page.add_init_script(WATCH_VIOLATIONS)
    open_page(page, live_server, "/?quiz=wires&proj=1")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("g.wire.revealed")
    assert page.evaluate("window.cspViolations") == []
    assert page.console_errors == []


def test_an_input_named_proto_keeps_its_value_when_another_input_moves(page, live_server):
    open_page(page, live_server, "/?expr=__proto__*x%2By&v=__proto__:3,x:3,y:0")
    assert page.locator("text.output-value").text_content() == "9.00"
    page.locator("#input-box-y").fill("5")
    page.wait_for_function("() => document.querySelector('text.output-value').textContent === '14.00'")
    assert "__proto__%3A3" in page.url
    assert page.console_errors == []
