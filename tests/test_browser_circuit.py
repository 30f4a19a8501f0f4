"""The circuit view in real Chromium: the notes' figures, step by step, with captions and keyboard control."""

import math
import re
from urllib.parse import urlencode

import httpx
import pytest
from circuitgrad.app.examples import NOTES_STAGED_PROGRAM
from playwright.sync_api import expect

from tests.conftest import SMALLEST_WIRE_FONT_PX, screenshot

pytestmark = pytest.mark.browser

READY = '.stage[data-ready="true"]'
SIGMOID = "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))"
PATTERNS = "2*(x*y + max(z,w))"
# A small ReLU network with a squared loss: 30 gates, about a dozen deep.
THIRTY_GATE_NETWORK = """\
x1 = 0.5
x2 = -1.5
y = 1
h1 = max(0, 0.2*x1 - 0.4*x2 + 0.1)
h2 = max(0, -0.5*x1 + 0.3*x2 + 0.2)
h3 = max(0, 0.7*x1 + 0.1*x2 - 0.3)
h4 = max(0, -0.2*x1 - 0.6*x2 + 0.05)
out = 0.3*h1 - 0.8*h2 + 0.5*h3 + 0.9*h4 + 0.1
loss = (out - y)**2
"""

# What the page shows for each wire, read in one go: values, gradients, the output wire, input wires by name.
READ_FIGURE = """() => {
  const texts = (sel) => [...document.querySelectorAll(sel)].map((el) => el.textContent);
  const inputs = {};
  for (const label of document.querySelectorAll("g.input")) {
    const name = label.querySelector(".input-name").textContent;
    const selector = `g.wire[data-source="${label.dataset.node}"] text.wire-grad`;
    const wires = [...document.querySelectorAll(selector)];
    inputs[name] = wires.map((el) => el.textContent);
  }
  return {
    values: texts("text.wire-value"),
    grads: texts("text.wire-grad"),
    output: [document.querySelector("text.output-value").textContent,
             document.querySelector("text.output-grad").textContent],
    inputs,
  };
}"""


def share_link(base: str, expr: str, values: dict, **extra: str) -> str:
    v = ",".join(f"{name}:{value}" for name, value in values.items())
    return f"{base}/?{urlencode({'expr': expr, 'v': v, **extra})}"


def shown(number: float) -> str:
    """The two-decimal text the figures print: no negative zero, and e-notation where 2 decimals read 0."""
    text = f"{number:.2f}"
    if float(text) == 0 and number != 0:
        mantissa, exponent = f"{number:.2e}".split("e")
        return f"{mantissa}e{int(exponent)}"  # JavaScript's toExponential: 1.66e-4, not 1.66e-04
    return "0.00" if text == "-0.00" else text


def open_circuit(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_selector(READY)
    return page.evaluate(READ_FIGURE)


def contains_all(shown_texts: list, expected: list) -> bool:
    pool = list(shown_texts)
    for item in expected:
        if item not in pool:
            return False
        pool.remove(item)
    return True


def test_first_circuit_shows_the_notes_values_in_green_and_gradients_in_red(page, live_server):
    figure = open_circuit(page, share_link(live_server, "(x+y)*z", {"x": -2, "y": 5, "z": -4}))
    screenshot(page, "circuit-notes-add-mul")
    values = figure["values"] + figure["output"][:1]
    grads = figure["grads"] + figure["output"][1:]
    assert sorted(values) == sorted(["-2.00", "5.00", "-4.00", "3.00", "-12.00"])
    assert sorted(grads) == sorted(["-4.00", "-4.00", "3.00", "-4.00", "1.00"])
    assert figure["inputs"] == {"x": ["-4.00"], "y": ["-4.00"], "z": ["3.00"]}
    assert page.console_errors == []


def test_sigmoid_neuron_matches_the_notes_figure(page, live_server):
    values = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
    figure = open_circuit(page, share_link(live_server, SIGMOID, values, sig="1"))
    screenshot(page, "circuit-notes-sigmoid-neuron")
    wire_values = figure["values"] + figure["output"][:1]
    assert contains_all(wire_values, ["-2.00", "6.00", "4.00", "1.00", "-1.00", "0.37", "1.37", "0.73"])
    assert contains_all(figure["grads"], ["0.39", "-0.59", "-0.20", "-0.39", "0.20", "-0.53"])
    assert figure["inputs"] == {
        "w0": ["-0.20"],
        "x0": ["0.39"],
        "w1": ["-0.39"],
        "x1": ["-0.59"],
        "w2": ["0.20"],
    }
    assert page.console_errors == []


def test_patterns_circuit_shows_add_distributes_max_routes_mul_swaps(page, live_server):
    figure = open_circuit(page, share_link(live_server, PATTERNS, {"x": 3, "y": -4, "z": 2, "w": -1}))
    screenshot(page, "circuit-notes-patterns")
    assert figure["inputs"] == {"x": ["-8.00"], "y": ["6.00"], "z": ["2.00"], "w": ["0.00"]}
    assert figure["output"] == ["-20.00", "1.00"]
    assert page.console_errors == []


def test_staged_program_shows_every_wire_exactly_as_the_engine_computed_it(page, live_server):
    graph = httpx.post(
        f"{live_server}/api/graph", json={"expr": NOTES_STAGED_PROGRAM, "values": {"x": 3, "y": -4}}
    ).json()
    open_circuit(page, share_link(live_server, NOTES_STAGED_PROGRAM, {"x": 3, "y": -4}))
    screenshot(page, "circuit-notes-staged")
    for edge in graph["edges"]:
        value = page.text_content(f'text.wire-value[data-edge="{edge["id"]}"]')
        grad = page.text_content(f'text.wire-grad[data-edge="{edge["id"]}"]')
        assert (value, grad) == (shown(edge["value"]), shown(edge["gradient"])), edge
    assert page.text_content("text.output-value") == shown(graph["value"])
    assert math.isclose(graph["gradients"]["x"], 2.0592, abs_tol=1e-3)
    assert page.console_errors == []


def test_keyboard_steps_forward_and_back_and_the_step_goes_into_the_link(page, live_server):
    page.goto(share_link(live_server, "(x+y)*z", {"x": -2, "y": 5, "z": -4}, step="0"))
    page.wait_for_selector(READY)
    assert page.text_content("#step-label") == "step 0 / 7"
    assert page.text_content('text.wire-value[data-edge="2"]') == ""
    page.keyboard.press("ArrowRight")
    assert page.text_content("#step-label") == "step 1 / 7"
    assert page.text_content('text.wire-value[data-edge="2"]') == "3.00"
    expect(page).to_have_url(re.compile(r"[?&]step=1(&|$)"))
    page.keyboard.press("End")
    assert page.text_content("#step-label") == "step 7 / 7"
    expect(page).not_to_have_url(re.compile(r"[?&]step="))
    page.keyboard.press("ArrowLeft")
    assert page.text_content("#step-label") == "step 6 / 7"
    assert page.text_content('text.wire-grad[data-edge="1"]') == ""
    page.keyboard.press("Home")
    assert page.text_content("#step-label") == "step 0 / 7"
    assert page.eval_on_selector_all("text.wire-grad", "els => els.every((el) => el.textContent === '')")
    screenshot(page, "circuit-keyboard-home")
    assert page.console_errors == []


def test_gradients_appear_only_once_the_backward_pass_reaches_their_wire(page, live_server):
    # Two forward steps, then the seed: the output carries 1.00 and no wire has a gradient yet.
    page.goto(share_link(live_server, "(x+y)*z", {"x": -2, "y": 5, "z": -4}, step="3"))
    page.wait_for_selector(READY)
    assert page.text_content("text.output-grad") == "1.00"
    assert page.eval_on_selector_all("text.wire-grad", "els => els.map((el) => el.textContent)") == [""] * 4
    page.click("#step-forward")
    assert page.text_content('text.wire-grad[data-edge="2"]') == "-4.00"
    assert page.text_content('text.wire-grad[data-edge="0"]') == ""
    assert page.console_errors == []


def test_captions_state_the_chain_rule_with_the_real_numbers(page, live_server):
    page.goto(share_link(live_server, PATTERNS, {"x": 3, "y": -4, "z": 2, "w": -1}, step="0"))
    page.wait_for_selector(READY)
    captions = []
    total = int(page.get_attribute("#timeline", "max"))
    for _ in range(total):
        page.keyboard.press("ArrowRight")
        captions.append(page.text_content("#narration"))
    text = "\n".join(captions)
    assert "mul gate swaps its inputs: ∂f/∂x = y · " in text
    assert "= −4.00 × 2.00 = −8.00" in text
    assert "distributes" in text
    assert "routes the gradient to its larger input" in text
    assert "max gate routes nothing to w: ∂f/∂w = 0 × 2.00 = 0.00." in text
    assert page.console_errors == []


def test_fan_out_caption_shows_the_running_sum(page, live_server):
    page.goto(share_link(live_server, "x*x + y", {"x": 3, "y": 2}, step="0"))
    page.wait_for_selector(READY)
    page.keyboard.press("End")
    assert "accumulates (+=): 3.00 + 3.00 = 6.00" in page.text_content("#narration")
    total = page.eval_on_selector_all("text.node-total", "els => els.map((el) => el.textContent)")
    assert total == ["Σ 6.00"]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    assert page.text_content("text.node-total") == "Σ 3.00 + 3.00 = 6.00"
    assert page.console_errors == []


def test_play_runs_the_animation_to_the_end(page, live_server):
    page.goto(share_link(live_server, "(x+y)*z", {"x": -2, "y": 5, "z": -4}, step="0"))
    page.wait_for_selector(READY)
    page.select_option("#speed", "4")
    page.click("#play")
    expect(page.locator("#step-label")).to_have_text("step 7 / 7", timeout=20000)
    assert page.get_attribute("#play", "data-playing") == "false"
    assert page.text_content("text.output-grad") == "1.00"
    assert page.console_errors == []


def test_a_thirty_gate_circuit_is_readable_at_1280_by_720(page, live_server):
    # It fits neither whole nor with its five-term sum collapsed: a circuit this size stays whole and pans.
    figure = open_circuit(page, share_link(live_server, THIRTY_GATE_NETWORK, {}))
    assert page.eval_on_selector_all("g.gate", "els => els.length") == 30
    screenshot(page, "circuit-thirty-gates")
    assert page.evaluate(SMALLEST_WIRE_FONT_PX) >= 12, "wire numbers shrink below a readable size"
    assert all(figure["values"]) and all(figure["grads"])
    assert page.console_errors == []


def test_a_broken_share_link_says_why_instead_of_drawing(page, live_server):
    page.goto(share_link(live_server, "(x+", {}))
    page.wait_for_selector(READY)
    status = page.locator("#circuit-status")
    expect(status).to_be_visible()
    assert "could not be evaluated" in status.text_content()
    assert page.eval_on_selector_all("g.gate", "els => els.length") == 0
    assert page.console_errors == []


def test_new_input_values_update_the_wires_without_a_new_layout(page, live_server):
    page.goto(share_link(live_server, "(x+y)*z", {"x": -2, "y": 5, "z": -4}))
    page.wait_for_selector(READY)
    before = page.get_attribute('g.gate[data-node="4"]', "transform")
    structural = page.evaluate(
        """() => new Promise((resolve) => {
            const app = window.circuitgrad;
            app.bus.addEventListener("graph", (event) => resolve(event.detail.structural), { once: true });
            app.update({ v: { x: 1, y: 2, z: 3 } });
        })"""
    )
    assert structural is False
    assert page.text_content("text.output-value") == "9.00"
    assert page.get_attribute('g.gate[data-node="4"]', "transform") == before
    expect(page).to_have_url(re.compile(r"v=x%3A1%2Cy%3A2%2Cz%3A3"))
    assert page.console_errors == []


# Big share links: a long sum of inputs makes wires that span hundreds of columns (every group open: a
# collapsed sum is one gate, tests/test_browser_groups.py).
BIG_LINKS = {
    "a 450-term sum": ("+".join(f"x{i}" for i in range(450)), 449),
    "a 400-factor product": ("b*" + "*".join(["x"] * 400), 400),
}


@pytest.mark.parametrize("path", ["/", "/embed"])
@pytest.mark.parametrize("name", list(BIG_LINKS))
def test_a_big_program_from_a_share_link_is_drawn(page, live_server, name, path):
    expr, gates = BIG_LINKS[name]
    page.goto(f"{live_server}{path}?{urlencode({'expr': expr, 'grp': 'none'})}")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.eval_on_selector_all("#circuit g.gate", "els => els.length") == gates
    expect(page.locator("#circuit-status")).to_be_hidden()
    assert page.console_errors == []


TOO_BIG = {"en": "This program has 4999 gates", "zh-CN": "这段程序有 4999 个门"}


@pytest.mark.parametrize("lang", list(TOO_BIG))
def test_a_program_too_big_to_draw_says_so_in_the_pages_language(page, live_server, lang):
    page.goto(f"{live_server}/?{urlencode({'expr': '*'.join(['x'] * 5000), 'lang': lang})}", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    status = page.locator("#circuit-status")
    expect(status).to_be_visible()
    assert TOO_BIG[lang] in status.text_content()
    assert page.eval_on_selector_all("#circuit g.gate", "els => els.length") == 0
    assert page.console_errors == []
