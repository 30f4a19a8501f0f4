"""Big circuits open at a level of detail that fits: groups as boxes, wide fan-outs labelled once."""

import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import DRAWING_INSIDE_STAGE, SMALLEST_WIRE_FONT_PX, screenshot, wait_settled
from tests.test_browser_legibility import LEGIBILITY

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from networks import network_program, neuron_program  # noqa: E402

pytestmark = pytest.mark.browser

# One input feeding three neurons: with the neurons collapsed, x leaves on a trunk with three branches.
THREE_NEURONS = "\n".join(
    [
        "x = 1.5",
        "w1 = 0.4",
        "w2 = -0.6",
        "w3 = 0.3",
        "h1 = tanh(w1*x + 0.1)",
        "h2 = tanh(w2*x - 0.2)",
        "h3 = tanh(w3*x)",
        "f = h1 + h2 + h3",
    ]
)
TRUNK_TEXTS = """(id) => [...document.querySelectorAll(`#circuit g.trunk[data-trunk="${id}"] text`)]
  .map((t) => t.textContent)"""
NODE = """(name) => window.circuitgrad.graph.nodes.find((n) => n.name === name)"""


def open_link(page, server, **params):
    page.goto(f"{server}/?{urlencode(params)}")
    wait_settled(page, timeout=60_000)


def test_the_reference_box_is_the_circuits_box_at_1280_by_720_with_numbers_at_12_px(page, live_server):
    open_link(page, live_server, expr="(x+y)*z")
    box = page.evaluate("() => document.querySelector('#circuit svg').getBoundingClientRect().toJSON()")
    reference = page.evaluate("async () => (await import('/static/js/circuit/fitlevel.js')).REFERENCE_BOX")
    pad = 16  # render.js fit()
    assert abs((box["width"] - 2 * pad) * 13 / 12 - reference["width"]) <= 3
    assert abs((box["height"] - 2 * pad) * 13 / 12 - reference["height"]) <= 3


def test_a_2_10_10_1_network_opens_fitted_with_every_number_at_12_px_or_more(page, live_server):
    open_link(page, live_server, expr=network_program(samples=1, sizes=(2, 10, 10, 1)))
    assert page.evaluate(DRAWING_INSIDE_STAGE)
    assert page.evaluate(SMALLEST_WIRE_FONT_PX) >= 12
    # Ten neurons feed the next ten: each writes its value and gradient once, on its trunk, not on ten wires.
    assert page.locator("#circuit g.trunk").count() == 10
    assert page.locator("#circuit g.wire.branch").count() == 100
    assert page.locator("#circuit g.wire.branch text").count() == 0
    assert page.locator("#circuit rect.gate-box").count() == 21
    assert page.evaluate(LEGIBILITY)["clashes"] == []  # no number under another wire or over a gate
    screenshot(page, "compact-2-10-10-1")
    assert page.console_errors == []


def test_the_24_gate_network_opens_collapsed_because_whole_it_does_not_fit(page, live_server):
    open_link(page, live_server, expr=neuron_program())
    assert page.locator("#circuit rect.gate-box").count() == 3
    assert page.evaluate(DRAWING_INSIDE_STAGE)
    page.keyboard.press("g")
    wait_settled(page)
    assert page.locator("#circuit rect.gate-box").count() == 0
    assert page.locator("#circuit g.trunk").count() == 0  # whole, every wire has its own numbers


def test_a_trunk_shows_the_value_once_and_the_running_sum_of_its_branches(page, live_server):
    open_link(page, live_server, expr=THREE_NEURONS, grp="all", step="end")
    x = page.evaluate(NODE, "x")
    assert page.evaluate(TRUNK_TEXTS, x["id"]) == ["1.50", f"{x['gradient']:.2f}"]
    # Step back to where the first branch's gradient has arrived: the trunk shows that part alone.
    steps = page.evaluate("() => window.circuitgrad.graph.steps")
    first = next(s for s in steps if s["phase"] == "backward" and s["input"] == x["id"])
    page.evaluate("(pos) => window.circuitgrad.player.seek(pos)", first["index"] + 1)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate(TRUNK_TEXTS, x["id"]) == ["1.50", f"{first['total']:.2f}"]
    assert first["total"] != pytest.approx(x["gradient"])
    assert page.console_errors == []


def test_a_quiz_hides_a_trunks_sum_until_every_branch_is_answered(page, live_server):
    open_link(page, live_server, expr=THREE_NEURONS, grp="all", quiz="wires")
    x = page.evaluate(NODE, "x")
    trunk = page.locator(f'#circuit g.trunk[data-trunk="{x["id"]}"]')
    assert trunk.locator("text.wire-value").is_visible()
    assert trunk.locator("text.wire-grad").text_content() == f"{x['gradient']:.2f}"
    assert not trunk.locator("text.wire-grad").is_visible()
    assert page.console_errors == []
