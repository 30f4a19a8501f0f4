"""In the lecture hall, in real Chromium: the QR code phones can open, work kept in the history, embeds."""

import pytest
from conftest import screenshot
from test_browser_classroom import NOTES, example_query, open_page, wait_until

pytestmark = pytest.mark.browser

MODULE_PX = """() => {
  const svg = document.querySelector('#qr-code svg');
  const modules = svg.viewBox.baseVal.width / 10;  // segno draws each module 10 units wide
  return svg.getBoundingClientRect().width / modules;
}"""


def open_qr_with_the_key(pg):
    pg.keyboard.press("q")
    pg.wait_for_selector("#qr-code svg")
    return pg.inner_text("#qr-link")


@pytest.mark.parametrize("example", NOTES, ids=[example["id"] for example in NOTES])
def test_projected_qr_code_has_modules_of_8_px_and_carries_the_students_view(live_server, page, example):
    open_page(page, f"{live_server}/?{example_query(example, proj='1', theme='dark', step='3')}")
    link = open_qr_with_the_key(page)
    screenshot(page, f"lecture-qr-{example['id']}")
    assert page.evaluate(MODULE_PX) >= 8
    assert "proj=" not in link and "theme=" not in link
    assert "step=3" in link
    assert ("v=" in link) == bool(example["values"])  # the vectorized block's inputs are drawn, not given
    assert "#" not in link  # the notes' comments stay out of the code
    close = page.locator("#qr-close").bounding_box()
    assert close["y"] + close["height"] <= 720


def test_qr_link_opens_the_same_circuit_for_a_student(live_server, page):
    staged = next(example for example in NOTES if example["id"] == "notes-staged")
    open_page(page, f"{live_server}/?{example_query(staged, proj='1')}")
    value = page.evaluate("() => window.circuitgrad.graph.value")
    link = open_qr_with_the_key(page)
    open_page(page, link)
    assert page.evaluate("() => window.circuitgrad.graph.value") == value
    assert page.evaluate("() => window.circuitgrad.state().proj") is False


def test_qr_dialog_warns_that_phones_cannot_open_a_loopback_address(live_server, page):
    open_page(page, f"{live_server}/?expr=x*y")
    page.click("#show-qr")
    page.wait_for_selector("#qr-code svg")
    warning = page.locator("#qr-warning")
    assert warning.is_visible()
    assert "circuitgrad serve --host 0.0.0.0" in warning.inner_text()
    screenshot(page, "lecture-qr-loopback-warning")


def test_escape_closes_the_qr_dialog_before_it_leaves_projector_mode(live_server, page):
    open_page(page, f"{live_server}/?expr=x*y&proj=1")
    open_qr_with_the_key(page)
    page.keyboard.press("Escape")
    wait_until(page, "() => !document.getElementById('qr-dialog').open")
    assert page.evaluate("() => window.circuitgrad.state().proj") is True


def test_back_after_choosing_an_example_brings_the_students_program_back(live_server, page):
    open_page(page, f"{live_server}/?expr=a*b%2Bc&v=a:2,b:3,c:4")
    page.select_option("#examples", "notes-patterns")
    wait_until(page, "() => window.circuitgrad.state().expr.startsWith('2*(x*y')")
    page.go_back()
    wait_until(page, "() => window.circuitgrad.state().expr === 'a*b+c'")
    assert page.input_value("#editor") == "a*b+c"
    wait_until(page, "() => window.circuitgrad.graph && window.circuitgrad.graph.value === 10")
    page.go_forward()
    wait_until(page, "() => window.circuitgrad.state().expr.startsWith('2*(x*y')")
    assert page.input_value("#editor").startswith("2*(x*y")


def test_typing_adds_one_history_entry_per_burst_not_one_per_key(live_server, page):
    open_page(page, f"{live_server}/?expr=x*y")
    before = page.evaluate("() => history.length")
    page.click("#editor")
    page.keyboard.press("End")
    for key in "+x+y+1":
        page.keyboard.type(key)
        page.wait_for_timeout(250)  # longer than the editor's debounce, shorter than a pause
    wait_until(page, "() => window.circuitgrad.state().expr === 'x*y+x+y+1'")
    assert page.evaluate("() => history.length") == before + 1
    page.go_back()
    wait_until(page, "() => window.circuitgrad.state().expr === 'x*y'")


def test_sigma_toggle_is_a_step_back_can_undo(live_server, page):
    open_page(page, f"{live_server}/?expr=sigmoid(w*x)&v=w:2,x:-1")
    sig = page.evaluate("() => window.circuitgrad.state().sig")
    page.click("#sigma-panel .sigma-toggle")
    wait_until(page, "s => window.circuitgrad.state().sig !== s", sig)
    page.go_back()
    wait_until(page, "s => window.circuitgrad.state().sig === s", sig)


def test_escape_in_the_editor_moves_to_the_player(live_server, page):
    open_page(page, f"{live_server}/?expr=x*y")
    page.click("#editor")
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.id") == "play"
    page.click("#editor")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "skip-to-player"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "play"


STAGED = next(example for example in NOTES if example["id"] == "notes-staged")
NODES_INSIDE = """() => {
  const box = document.querySelector('#circuit').getBoundingClientRect();
  const drawn = document.querySelectorAll('#circuit g.gate, #circuit g.input, #circuit .output-value');
  const nodes = [...drawn].map((n) => n.getBoundingClientRect());
  const inside = nodes.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1
    && r.top >= box.top - 1 && r.bottom <= box.bottom + 1);
  return {count: nodes.length, inside, height: box.height};
}"""


def framed_from_a_file(pg, tmp_path, src):
    slides = tmp_path / "slides.html"
    iframe = f'<iframe src="{src}" width="800" height="420"></iframe>'
    slides.write_text(f"<!doctype html><title>slides</title>{iframe}")
    pg.goto(slides.as_uri())
    frame = pg.frame_locator("iframe")
    frame.locator('.stage[data-ready="true"]').wait_for(timeout=30_000)
    return next(f for f in pg.frames if f.url.startswith(src.split("?")[0]))


def test_embed_in_a_slide_deck_opened_from_a_file_gives_the_circuit_the_frame(live_server, page, tmp_path):
    src = f"{live_server}/embed?{example_query(STAGED)}&hide=editor,code"
    frame = framed_from_a_file(page, tmp_path, src)
    frame.evaluate("() => new Promise((r) => setTimeout(r, 600))")  # the fit's transition
    screenshot(page, "lecture-embed-from-file")
    drawn = frame.evaluate(NODES_INSIDE)
    assert drawn["count"] > 10 and drawn["inside"], drawn
    assert drawn["height"] >= 0.6 * 420


HIDDEN_BY = [
    ("sigma", "#sigma-panel"),
    ("export", "#export-panel"),
    ("legend", "#circuit-legend"),
    ("nudge", "#nudge-panel"),
    ("view", "#view-panel"),
]


@pytest.mark.parametrize(("flag", "selector"), HIDDEN_BY)
def test_embed_hide_covers_sigma_export_and_legend(live_server, page, flag, selector):
    open_page(page, f"{live_server}/embed?expr=sigmoid(w*x)&v=w:2,x:-1")
    assert page.locator(selector).is_visible()
    open_page(page, f"{live_server}/embed?expr=sigmoid(w*x)&v=w:2,x:-1&hide={flag}")
    assert not page.locator(selector).is_visible()


def test_nudging_along_the_gradient_raises_f_by_about_h_times_the_squared_gradient(live_server, page):
    open_page(page, f"{live_server}/?expr=(x%2By)*z&v=x:-2,y:5,z:-4")
    page.fill("#nudge-h", "0.01")
    page.click("#nudge-run")
    wait_until(page, "() => document.getElementById('nudge-result').dataset.kind === 'done'")
    x, y, z = -2 + 0.01 * -4, 5 + 0.01 * -4, -4 + 0.01 * 3
    assert page.evaluate("() => window.circuitgrad.graph.value") == pytest.approx((x + y) * z)
    said = page.inner_text("#nudge-result")
    assert "-12.0000" in said and f"{(x + y) * z:.4f}" in said and "0.4100" in said  # h·|∇f|² = 0.01·41
    screenshot(page, "lecture-nudge")
    page.keyboard.press("u")
    wait_until(page, "() => window.circuitgrad.graph.value === -12")
    assert page.evaluate("() => window.circuitgrad.state().v") == {"x": -2, "y": 5, "z": -4}
    page.keyboard.press("n")
    wait_until(page, "() => window.circuitgrad.graph.value !== -12")
    page.go_back()  # a nudge is a step Back can take back too
    wait_until(page, "() => window.circuitgrad.graph.value === -12")


def test_a_step_that_is_not_a_number_is_explained_not_taken(live_server, page):
    open_page(page, f"{live_server}/?expr=x*y&v=x:2,y:3")
    page.fill("#nudge-h", "abc")
    page.click("#nudge-run")
    assert "must be a number" in page.inner_text("#nudge-result")
    assert page.evaluate("() => window.circuitgrad.graph.value") == 6


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [("en", "negated to its right", "distributes"), ("zh-CN", "取相反数传给右边", "相等地分发")],
)
def test_the_subtract_gate_is_said_to_negate_not_to_distribute_equally(
    live_server, page, lang, said, not_said
):
    open_page(page, f"{live_server}/?expr=x-y&v=x:3,y:2&lang={lang}")
    narration = page.inner_text("#narration")
    assert said in narration and not_said not in narration
    if lang == "zh-CN":
        assert "。 " not in narration


CONTRAST = """(selector) => {
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const element = document.querySelector(selector);
  const style = getComputedStyle(element);
  const [a, b] = [luminance(style.color), luminance(style.backgroundColor)];
  return {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), opacity: Number(style.opacity)};
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_leave_projector_mode_is_readable(live_server, page, theme):
    open_page(page, f"{live_server}/?proj=1&theme={theme}")
    seen = page.evaluate(CONTRAST, "#projector-exit")
    assert seen["opacity"] == 1 and seen["ratio"] >= 4.5, seen


def test_colour_blind_palette_rings_the_active_gate_in_a_colour_apart_from_the_values(live_server, page):
    open_page(page, f"{live_server}/?pal=cb&step=3")
    ring = page.evaluate("() => getComputedStyle(document.querySelector('.gate.active .gate-circle')).stroke")
    value = page.evaluate("() => getComputedStyle(document.querySelector('text.wire-value')).fill")
    grad = page.evaluate(
        "() => getComputedStyle(document.querySelector('text.wire-grad, text.output-grad')).fill"
    )
    assert ring not in (value, grad)


def test_precision_and_language_are_controls_on_the_page(live_server, page):
    open_page(page, f"{live_server}/?expr=x/y&v=x:1,y:3")
    page.select_option("#choose-prec", "4")
    wait_until(page, "() => document.querySelector('text.output-value').textContent === '0.3333'")
    assert page.evaluate("() => window.circuitgrad.state().prec") == 4
    # The page loads itself again in the new language: wait for that load, not for the URL (which the page's
    # state writes first, so a second navigation of the test's own would race the page's).
    with page.expect_navigation(url="**lang=zh-CN**"):
        page.select_option("#choose-lang", "zh-CN")
    page.wait_for_selector('.stage[data-ready="true"]')
    assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
    assert page.input_value("#choose-prec") == "4"
    assert "显示" in page.inner_text("#view-panel")


WIDTHS = """() => [...document.querySelectorAll('#circuit g.wire')].map((wire) => [
  wire.querySelector('.wire-grad').textContent,
  parseFloat(getComputedStyle(wire.querySelector('.wire-path')).strokeWidth),
])"""


def test_wire_thickness_shows_the_size_of_the_gradient(live_server, page):
    patterns = next(example for example in NOTES if example["id"] == "notes-patterns")
    open_page(page, f"{live_server}/?{example_query(patterns)}")
    page.check("#toggle-thickness")
    wait_until(page, "() => window.circuitgrad.state().thick === true")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(r))")
    screenshot(page, "lecture-thickness")
    widths = page.evaluate(WIDTHS)
    by_size = sorted((abs(float(grad)), width) for grad, width in widths)
    assert [width for _, width in by_size] == sorted(width for _, width in by_size)  # larger never thinner
    assert by_size[-1][1] > by_size[0][1]
    page.uncheck("#toggle-thickness")
    wait_until(page, "() => !document.querySelector('#circuit g.wire.thick-3')")


def test_a_quiz_keeps_its_gradients_out_of_the_wire_thickness(live_server, page):
    open_page(page, f"{live_server}/?quiz=wires&thick=1")
    assert page.locator("#circuit g.wire.thick-3").count() == 0


def test_the_code_panel_follows_every_step_through_an_expanded_sigma(live_server, page):
    open_page(page, f"{live_server}/?expr=sigmoid(w*x)&v=w:2,x:-1&sig=1&step=0")
    total = page.evaluate("() => window.circuitgrad.player.total")
    unmarked = []
    for pos in range(1, total + 1):
        page.evaluate("(pos) => window.circuitgrad.player.seek(pos)", pos)
        step = page.evaluate("() => window.circuitgrad.graph.steps[window.circuitgrad.player.pos - 1].phase")
        if step != "seed" and page.locator(".code-line.is-current").count() != 1:
            unmarked.append(pos)
    assert unmarked == []


# Every line's code (the part before its comment) fits in the editor's visible width.
CODE_FITS = """() => {
  const editor = document.querySelector('#editor');
  const style = getComputedStyle(editor);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontSize} ${style.fontFamily}`;
  const code = editor.value.split('\\n').map((line) => line.split('#')[0].trimEnd());
  const widest = Math.max(...code.map((line) => context.measureText(line).width));
  return widest + parseFloat(style.paddingLeft) <= editor.clientWidth;
}"""


def test_the_editor_widens_so_the_notes_code_shows_whole_and_remembers_it(live_server, page):
    open_page(page, f"{live_server}/?{example_query(STAGED)}")
    page.click("#widen-editor")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(r))")
    assert page.evaluate(CODE_FITS)
    open_page(page, page.url)
    assert page.get_attribute("#widen-editor", "aria-pressed") == "true"
    page.wait_for_timeout(400)
    screenshot(page, "lecture-wide-editor")
