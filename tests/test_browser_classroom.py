"""Classroom features in real Chromium: projector mode, palettes, quiz, embed, languages, axe, phones."""

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from circuitgrad.app.examples import EXAMPLES
from circuitgrad.app.urlstate import format_values
from conftest import screenshot, wait_settled

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = next((ROOT / "tests" / "vendor").glob("axe-core-*.min.js"))
NOTES = [example for example in EXAMPLES if example["from_notes"]]
PATTERNS = next(example for example in NOTES if example["id"] == "notes-patterns")
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Words that are names, not interface text: the product, file formats, key caps and the notes' function names.
NOT_INTERFACE = {
    "circuitgrad",
    "svg",
    "png",
    "html",
    "esc",
    "home",
    "end",
    "exp",
    "log",
    "tanh",
    "relu",
    "sigmoid",
    "max",
}


def example_query(example: dict, **extra: str) -> str:
    params = {"expr": example["expr"], "v": format_values(example["values"])}
    if example["expand_sigmoid"]:
        params["sig"] = "1"
    return urlencode({**params, **extra})


def wait_until(pg, script: str, arg=None, timeout: float = 10.0):
    """Poll a JS function from Python (page.wait_for_function needs eval, which the CSP forbids)."""
    for _ in range(int(timeout / 0.05)):
        if pg.evaluate(script, arg):
            return
        pg.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout} s: {script}")


def open_page(pg, url: str):
    pg.goto(url)
    pg.wait_for_selector('.stage[data-ready="true"]')
    wait_until(pg, "() => document.fonts.status === 'loaded'")
    return pg


@pytest.fixture
def page_factory(browser):
    """New pages with chosen viewport, locale and touch; CSP bypassed so the test can inject axe-core."""
    contexts = []

    def make(width=1280, height=720, locale="en-US", **options):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale, bypass_csp=True, **options
        )
        contexts.append(context)
        pg = context.new_page()
        pg.console_errors = []
        pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
        pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
        return pg

    yield make
    for context in contexts:
        context.close()


# Projector mode ---------------------------------------------------------------------------------


@pytest.mark.parametrize("example", NOTES, ids=[example["id"] for example in NOTES])
def test_projector_mode_shows_each_notes_circuit_whole_or_at_the_legible_size_without_scrolling(
    live_server, page, example
):
    open_page(page, f"{live_server}/?{example_query(example, proj='1')}")
    wait_settled(page)
    fits = page.evaluate(
        """() => {
        const doc = document.scrollingElement;
        const svg = document.querySelector('#circuit svg');
        const box = svg.querySelector('.viewport').getBoundingClientRect();
        const view = svg.getBoundingClientRect();
        return {
          scrollW: doc.scrollWidth, scrollH: doc.scrollHeight,
          clientW: doc.clientWidth, clientH: doc.clientHeight,
          box: [box.left, box.top, box.right, box.bottom],
          view: [view.left, view.top, view.right, view.bottom],
          font: Math.min(...[...svg.querySelectorAll('text.wire-value')].map((text) =>
            parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)),
          header: getComputedStyle(document.querySelector('.app-header')).display,
          editor: getComputedStyle(document.querySelector('#editor-panel')).display,
        };
    }"""
    )
    screenshot(page, f"classroom-projector-{example['id']}")
    assert fits["scrollW"] <= fits["clientW"] and fits["scrollH"] <= fits["clientH"]
    left, top, right, bottom = fits["box"]
    # Wire numbers are legible from the back of the room (26 px); a circuit that would need smaller ones
    # is shown at exactly that size and the camera follows the step (test_browser_bigcircuits.py).
    assert fits["font"] >= 26 - 0.01
    if not (left >= 0 and top >= 0 and right <= 1280 and bottom <= 720):
        assert fits["font"] <= 26 + 0.01
    assert fits["view"][2] - fits["view"][0] >= 1200  # the drawing has the whole width
    assert fits["header"] == "none" and fits["editor"] == "none"
    assert page.console_errors == []


def test_p_key_turns_projector_mode_on_and_escape_turns_it_off(live_server, page):
    open_page(page, live_server + "/")
    page.keyboard.press("p")
    wait_until(page, "() => document.documentElement.dataset.projector === 'true'")
    assert "proj=1" in page.url
    assert not page.locator("#editor-panel").is_visible()
    page.keyboard.press("Escape")
    wait_until(page, "() => document.documentElement.dataset.projector !== 'true'")
    assert page.locator("#editor-panel").is_visible()


def test_clicker_page_keys_step_the_animation(live_server, page):
    open_page(page, live_server + "/?step=0&proj=1")
    for key, step in [("PageDown", 1), ("PageDown", 2), ("PageUp", 1), ("ArrowRight", 2)]:
        page.keyboard.press(key)
        wait_until(page, "(step) => new URLSearchParams(location.search).get('step') === step", str(step))
    assert page.locator("#step-label").inner_text().startswith("step 2 /")


def test_dark_projector_screenshot_is_light_on_dark(live_server, page):
    open_page(page, live_server + f"/?{example_query(PATTERNS, proj='1', theme='dark')}")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    screenshot(page, "classroom-projector-dark")
    assert background == "rgb(0, 0, 0)"


def colours(pg):
    return pg.evaluate(
        """() => {
        const style = (selector) => getComputedStyle(document.querySelector(selector));
        const value = style('text.wire-value'), grad = style('text.wire-grad');
        return {value: value.fill, grad: grad.fill, valueStyle: value.fontStyle, gradStyle: grad.fontStyle,
                valueWeight: value.fontWeight, gradWeight: grad.fontWeight};
    }"""
    )


def test_colour_blind_palette_changes_colours_and_labels_differ_without_colour(live_server, page):
    open_page(page, live_server + "/")
    notes = colours(page)
    open_page(page, live_server + "/?pal=cb")
    blind = colours(page)
    screenshot(page, "classroom-palette-cb")
    assert notes["value"] != blind["value"] and notes["grad"] != blind["grad"]
    for palette in (notes, blind):
        assert palette["valueStyle"] == "normal" and palette["gradStyle"] == "italic"
        assert int(palette["valueWeight"]) > int(palette["gradWeight"])


def test_classroom_buttons_toggle_theme_and_palette_into_the_url(live_server, page):
    open_page(page, live_server + "/")
    page.click("#toggle-theme")
    page.click("#toggle-palette")
    assert "theme=dark" in page.url and "pal=cb" in page.url
    assert page.get_attribute("#toggle-theme", "aria-pressed") == "true"
    assert page.evaluate("document.documentElement.dataset.palette") == "cb"


# Quiz -------------------------------------------------------------------------------------------


def quiz_row(pg, index):
    return pg.locator(".quiz-q").nth(index)


def grad_visibility(pg, edge):
    return pg.evaluate(
        f"getComputedStyle(document.querySelector('text.wire-grad[data-edge=\"{edge}\"]')).visibility"
    )


def test_quiz_hides_gradients_and_checks_answers_at_once(live_server, page):
    open_page(page, live_server + "/?quiz=wires")
    page.wait_for_selector(".quiz-q")
    assert page.locator(".quiz-q").count() == 4
    first = quiz_row(page, 0)
    edge = first.get_attribute("data-edge")
    assert grad_visibility(page, edge) == "hidden"
    assert not page.locator("#narration").is_visible()
    box = first.locator("input")
    box.fill("4")
    box.press("Enter")
    assert first.get_attribute("data-state") == "wrong"
    box.fill("-4")
    assert first.get_attribute("data-state") == "right"  # right shows while typing, no Enter needed
    assert grad_visibility(page, edge) == "visible"
    assert "1 / 4" in page.locator("#quiz-score").inner_text()
    assert page.evaluate("document.activeElement.id") == quiz_row(page, 1).locator("input").get_attribute(
        "id"
    )
    screenshot(page, "classroom-quiz-answering")
    assert page.console_errors == []


def test_quiz_hint_names_the_gates_pattern_and_then_the_numbers(live_server, page):
    open_page(page, live_server + "/?quiz=wires")
    row = quiz_row(page, 0)
    row.locator(".quiz-hint").click()
    assert "swap" in row.locator(".quiz-hint-text").inner_text()
    row.locator(".quiz-hint").click()
    assert "1.00" in row.locator(".quiz-hint-text").inner_text()


def test_quiz_reveals_step_by_step_then_all(live_server, page):
    open_page(page, live_server + f"/?{example_query(PATTERNS, quiz='wires')}")
    rows = page.locator(".quiz-q")
    total = rows.count()
    assert total == 7
    page.click("#quiz-reveal-next")
    assert quiz_row(page, 0).get_attribute("data-state") == "revealed"
    assert quiz_row(page, 1).get_attribute("data-state") == "open"
    assert grad_visibility(page, quiz_row(page, 0).get_attribute("data-edge")) == "visible"
    assert "×" in page.locator("#quiz-explain").inner_text()
    page.click("#quiz-reveal-all")
    states = [quiz_row(page, i).get_attribute("data-state") for i in range(total)]
    assert states == ["revealed"] * total
    screenshot(page, "classroom-quiz-revealed")
    page.click("#quiz-reset")
    assert quiz_row(page, 0).get_attribute("data-state") == "open"


def test_quiz_explanations_print_the_wires_numbers_and_say_when_they_are_rounded(live_server, page):
    """At two decimals the neuron's upstream 0.1966 is shown as 0.20, as on its wire: 2.00 × 0.20 ≈ 0.39."""
    neuron = next(example for example in NOTES if example["id"] == "notes-sigmoid-neuron")
    open_page(page, live_server + f"/?{example_query(neuron, quiz='wires')}")
    worked = re.compile(r"(-?[\d.]+) × [^-\d]*(-?[\d.]+) ([=≈]) (-?[\d.]+)$")
    seen = []
    for _ in range(page.locator(".quiz-q").count()):
        page.click("#quiz-reveal-next")
        text = page.locator("#quiz-explain").inner_text()
        a, b, relation, shown = worked.search(text).groups()
        assert (relation == "=") == (f"{float(a) * float(b):.2f}" == f"{float(shown):.2f}"), text
        seen.append(text)
    assert any("2.00 × upstream gradient 0.20 ≈ 0.39" in text for text in seen)
    assert page.console_errors == []


def test_a_projected_quiz_is_driven_by_the_clicker(live_server, page):
    # The side panel is hidden while projecting, so keys reveal and take back, and a caption says what.
    open_page(page, live_server + f"/?{example_query(PATTERNS, quiz='wires', proj='1')}")
    caption = page.locator("#quiz-caption")
    assert caption.is_visible()
    assert "(0 / 7)" in caption.inner_text()
    page.keyboard.press("PageDown")
    page.keyboard.press("ArrowRight")
    states = [quiz_row(page, i).get_attribute("data-state") for i in range(3)]
    assert states == ["revealed", "revealed", "open"]
    assert grad_visibility(page, quiz_row(page, 1).get_attribute("data-edge")) == "visible"
    assert "×" in caption.inner_text() and "(2 / 7)" in caption.inner_text()
    page.keyboard.press("PageUp")
    assert quiz_row(page, 1).get_attribute("data-state") == "open"
    assert grad_visibility(page, quiz_row(page, 1).get_attribute("data-edge")) == "hidden"
    assert "(1 / 7)" in caption.inner_text()
    screenshot(page, "classroom-quiz-projected")
    assert page.console_errors == []


def test_quiz_on_inputs_asks_only_for_the_inputs(live_server, page):
    open_page(page, live_server + "/?quiz=inputs")
    assert page.locator(".quiz-q").count() == 3
    x = page.locator(".quiz-q", has_text="∂f/∂x")
    x.locator("input").fill("\u22124.00")
    assert x.get_attribute("data-state") == "right"


def test_quiz_says_when_an_answer_is_not_a_number(live_server, page):
    open_page(page, live_server + "/?quiz=inputs")
    y = page.locator(".quiz-q", has_text="∂f/∂y")
    y.locator("input").fill("abc")
    y.locator("input").press("Enter")
    assert y.get_attribute("data-state") == "invalid"
    assert "type a number" in y.locator(".quiz-verdict").inner_text()
    y.locator("input").fill("3")
    y.locator("input").press("Enter")
    assert y.get_attribute("data-state") == "wrong"


def test_quiz_stays_at_the_finished_figure_when_a_key_steps_back(live_server, page):
    open_page(page, live_server + "/?quiz=wires")
    page.keyboard.press("ArrowLeft")
    wait_until(page, "() => [...document.querySelectorAll('text.wire-grad')].every(t => t.textContent)")
    assert page.locator("#step-label").text_content() == "step 7 / 7"


def test_quiz_keeps_gradients_out_of_accessible_names(live_server, page):
    open_page(page, live_server + "/?quiz=wires")
    wait_until(page, "() => document.querySelector('g.wire[aria-label]') !== null")
    labels = page.eval_on_selector_all("g[aria-label]", "gs => gs.map(g => g.getAttribute('aria-label'))")
    assert labels and not [label for label in labels if "gradient" in label]


def test_quiz_button_turns_the_current_circuit_into_a_quiz(live_server, page):
    open_page(page, live_server + f"/?{example_query(PATTERNS)}")
    page.click("#toggle-quiz")
    page.wait_for_selector(".quiz-q")
    assert "quiz=wires" in page.url and "max" in page.url
    assert page.get_attribute("#toggle-quiz", "aria-pressed") == "true"


def test_share_quiz_link_is_the_circuit_with_quiz_on(live_server, page):
    open_page(page, live_server + f"/?{example_query(PATTERNS, quiz='wires')}")
    page.click("#quiz-share")
    link = page.input_value("#quiz-share-link")
    assert "quiz=wires" in link and "max" in link


# Embed ------------------------------------------------------------------------------------------

EMBED_FLAGS = {
    "editor": "#program-panel",
    "code": "#code-panel",
    "narration": "#narration",
    "controls": "#play",
    "inputs": "#inputs-panel",
    "chart": "#slope",
}


@pytest.mark.parametrize("flag", sorted(EMBED_FLAGS))
def test_embed_hide_flag_hides_exactly_its_part(live_server, page, flag):
    open_page(page, f"{live_server}/embed?hide={flag}")
    assert page.locator("#circuit svg").is_visible()
    for other, selector in EMBED_FLAGS.items():
        assert page.locator(selector).is_visible() is (other != flag), (flag, other)


def test_embed_with_everything_hidden_is_the_circuit_alone(live_server, page):
    open_page(page, f"{live_server}/embed?hide=editor,code,narration,controls,inputs,chart")
    screenshot(page, "classroom-embed-bare")
    assert page.locator("#circuit svg").is_visible()
    assert page.evaluate("document.querySelector('#circuit').getBoundingClientRect().width") >= 1200


def test_only_the_embed_page_may_be_framed(live_server, page):
    embed = page.request.get(f"{live_server}/embed")
    main = page.request.get(f"{live_server}/")
    assert "frame-ancestors" not in embed.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in main.headers["content-security-policy"]


def test_embed_shows_in_an_iframe(live_server, page):
    open_page(page, live_server + "/")
    page.set_content(f'<iframe src="{live_server}/embed?hide=editor,code" width="800" height="450"></iframe>')
    frame = page.frame_locator("iframe")
    frame.locator('.stage[data-ready="true"]').wait_for()
    assert frame.locator("text.wire-value").count() > 0


# Languages --------------------------------------------------------------------------------------

# The language menu names each language in itself (English, 中文), as language menus do.
VISIBLE_TEXTS = """() => {
  const skip = '#editor, #editor-host, .code-box, #examples, #choose-lang, .katex, .output-name, .input-name,'
    + ' .const-name, .node-name, .gate-symbol, .quiz-q label, script, style';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !parent || parent.closest(skip)) continue;
    const box = parent.getBoundingClientRect();
    const style = getComputedStyle(parent);
    if (!box.width || !box.height || style.visibility === 'hidden' || !parent.checkVisibility()) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (el.closest(skip) || el.tagName === 'g' || el.closest('.circuit-svg g.wire')) continue;
    for (const name of ['aria-label', 'title', 'placeholder']) {
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  return out;
}"""


def english_words(text: str, names: set[str]) -> list[str]:
    words = LATIN_WORD.findall(re.sub(r"∂\w+/∂[\w()+*]+", "", text))
    return [word for word in words if word.lower() not in NOT_INTERFACE and word not in names]


def circuit_names(pg) -> set[str]:
    return set(pg.evaluate("circuitgrad.graph.nodes.flatMap(n => [n.name, n.label]).filter(Boolean)"))


@pytest.mark.parametrize("query", ["lang=zh-CN", "lang=zh-CN&quiz=wires", "lang=zh-CN&step=3"])
def test_chinese_page_shows_no_english_interface_text(live_server, page_factory, query):
    pg = page_factory(locale="zh-CN")
    open_page(pg, f"{live_server}/?{query}")
    texts = pg.evaluate(VISIBLE_TEXTS)
    names = circuit_names(pg)
    leftovers = [text for text in texts if english_words(text, names)]
    screenshot(pg, f"classroom-zh-{query.replace('&', '-').replace('=', '-')}")
    assert leftovers == []
    assert any(HAN.search(text) for text in texts)


def test_chinese_is_chosen_from_accept_language(live_server, page_factory):
    pg = page_factory(locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    open_page(pg, live_server + "/")
    assert pg.evaluate("document.documentElement.lang") == "zh-CN"
    assert "前向传播" in pg.content() or "反向传播" in pg.content()


def test_english_page_shows_no_chinese_interface_text(live_server, page_factory):
    pg = page_factory(locale="en-US")
    open_page(pg, f"{live_server}/?lang=en&quiz=wires")
    texts = pg.evaluate(VISIBLE_TEXTS)
    assert [text for text in texts if HAN.search(text)] == []


def test_chinese_narration_uses_the_notes_terms(live_server, page_factory):
    pg = page_factory(locale="zh-CN")
    open_page(pg, f"{live_server}/?lang=zh-CN&step=4")
    assert "乘法门" in pg.inner_text("#narration")
    open_page(pg, f"{live_server}/?lang=zh-CN&step=6")
    assert "加法门" in pg.inner_text("#narration")


# Accessibility ----------------------------------------------------------------------------------

AXE_PAGES = {
    "main": "/",
    "zh-CN": "/?lang=zh-CN",
    "projector": "/?proj=1",
    "quiz": "/?quiz=wires",
    "embed": "/embed?hide=code",
    "dark-colour-blind": "/?theme=dark&pal=cb",
}


@pytest.mark.parametrize("name", sorted(AXE_PAGES))
def test_axe_finds_no_serious_or_critical_violations(live_server, page_factory, name):
    pg = page_factory(locale="zh-CN" if name == "zh-CN" else "en-US")
    open_page(pg, live_server + AXE_PAGES[name])
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_narration_is_announced_through_a_live_region_as_steps_change(live_server, page):
    open_page(page, live_server + "/?step=0")
    assert page.get_attribute("#narration", "aria-live") == "polite"
    before = page.inner_text("#narration")
    page.keyboard.press("PageDown")
    assert page.inner_text("#narration") != before


def test_gates_and_wires_have_accessible_names_with_their_values(live_server, page):
    open_page(page, live_server + "/")
    wait_until(page, "() => document.querySelector('g.wire[aria-label]') !== null")
    wire = page.get_attribute('g.wire[data-edge="0"]', "aria-label")
    assert "x" in wire and "-2.00" in wire and "-4.00" in wire
    gates = page.eval_on_selector_all("g.gate", "gs => gs.map(g => g.getAttribute('aria-label'))")
    assert all(re.search(r"-?\d+\.\d\d", label) for label in gates)


def test_a_gate_opens_its_details_from_the_keyboard(live_server, page):
    open_page(page, live_server + "/")
    page.focus("g.gate")
    page.keyboard.press("Enter")
    page.wait_for_selector("#details:not([hidden])")


def test_quiz_works_from_the_keyboard_alone(live_server, page):
    open_page(page, live_server + "/?quiz=wires")
    page.focus(".quiz-q input")
    page.keyboard.type("-4")
    page.keyboard.press("Tab")
    assert quiz_row(page, 0).get_attribute("data-state") == "right"


# Join by QR -------------------------------------------------------------------------------------


def test_qr_dialog_shows_the_code_of_the_current_link(live_server, page):
    open_page(page, live_server + f"/?{example_query(PATTERNS)}")
    page.click("#show-qr")
    page.wait_for_selector("#qr-code svg")
    link = page.inner_text("#qr-link")
    title = page.eval_on_selector("#qr-code svg title", "t => t.textContent")
    screenshot(page, "classroom-qr")
    assert link == title
    assert link.startswith(live_server + "/?expr=")
    width = page.eval_on_selector("#qr-code svg", "s => s.getBoundingClientRect().width")
    assert width >= 400


def test_qr_dialog_of_a_long_program_keeps_its_close_button_on_screen(live_server, page):
    staged = next(example for example in NOTES if example["id"] == "notes-staged")
    open_page(page, live_server + f"/?{example_query(staged)}")
    page.click("#show-qr")
    page.wait_for_selector("#qr-code svg")
    close = page.locator("#qr-close").bounding_box()
    assert close is not None and close["y"] + close["height"] <= 720
    page.click("#qr-close")
    assert not page.locator("#qr-dialog").is_visible()


# Phones -----------------------------------------------------------------------------------------


def test_phone_page_fits_the_width_and_a_tap_steps(live_server, page_factory):
    pg = page_factory(390, 844, has_touch=True, is_mobile=True, device_scale_factor=2)
    open_page(pg, live_server + "/?step=0")
    screenshot(pg, "classroom-phone")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    box = pg.locator("#circuit").bounding_box()
    assert box["width"] >= 380
    pg.touchscreen.tap(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.9)
    wait_until(pg, "() => new URLSearchParams(location.search).get('step') === '1'")
    pg.touchscreen.tap(box["x"] + 10, box["y"] + box["height"] * 0.9)
    wait_until(pg, "() => new URLSearchParams(location.search).get('step') === '0'")


def test_phone_pinch_zooms_the_circuit(live_server, page_factory):
    pg = page_factory(390, 844, has_touch=True, is_mobile=True)
    open_page(pg, live_server + "/")
    box = pg.locator("#circuit").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = pg.get_attribute("#circuit .viewport", "transform")
    cdp = pg.context.new_cdp_session(pg)

    def touch(kind, spread):
        points = [{"x": cx - spread, "y": cy, "id": 1}, {"x": cx + spread, "y": cy, "id": 2}]
        cdp.send(
            "Input.dispatchTouchEvent", {"type": kind, "touchPoints": [] if kind == "touchEnd" else points}
        )

    touch("touchStart", 20)
    for spread in range(30, 120, 15):
        touch("touchMove", spread)
    touch("touchEnd", 0)
    after = pg.get_attribute("#circuit .viewport", "transform")
    scale = lambda t: float(re.search(r"scale\(([\d.]+)", t).group(1))  # noqa: E731
    assert scale(after) > scale(before) * 1.5
