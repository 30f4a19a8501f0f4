"""A big drawing moves as one picture while the view moves, and is drawn sharp where the movement stops."""

import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from circuitgrad.app.examples import share_params

from tests.conftest import screenshot, wait_settled

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from networks import network_program  # noqa: E402

pytestmark = pytest.mark.browser

# About 2,000 gates: past the size at which a drawing moves as a picture (picture.js), quicker than 5,000.
BIG = {"expr": network_program(samples=10)}
VIEW = """() => {
  const svg = document.querySelector("#circuit svg");
  const gate = svg.querySelector("g.gate").getBoundingClientRect();
  return {
    moving: svg.classList.contains("is-moving"), big: svg.classList.contains("is-big"),
    far: svg.classList.contains("is-far"), picture: svg.style.transform,
    transform: svg.querySelector("g.viewport").getAttribute("transform"), gate: [gate.x, gate.y],
    texts: [...svg.querySelectorAll("text")].filter((t) => t.getBBox().width > 0).length,
  };
}"""


def open_link(page, base: str, params: dict) -> None:
    page.goto(f"{base}/?{urlencode(params)}")
    wait_settled(page, timeout=60_000)


def drag_halfway(page, dx: float, dy: float):
    """Press in the middle of the circuit and move by (dx, dy): the view then, the button still down."""
    box = page.locator("#circuit").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=5)
    return page.evaluate(VIEW)


def test_a_big_network_moves_as_one_picture_and_is_drawn_where_the_drag_ends(page, live_server):
    open_link(page, live_server, BIG)
    before = page.evaluate(VIEW)
    assert before["big"] and not before["moving"]
    during = drag_halfway(page, 120, 60)
    assert during["moving"] and during["picture"]
    assert during["transform"] == before["transform"]  # the SVG keeps what it painted while the picture moves
    assert during["gate"] == pytest.approx([before["gate"][0] + 120, before["gate"][1] + 60], abs=1)
    page.mouse.up()
    after = page.evaluate(VIEW)
    assert not after["moving"] and after["picture"] == ""
    assert after["transform"] != before["transform"]
    assert after["gate"] == pytest.approx(during["gate"], abs=1)  # drawn where the picture was
    assert page.console_errors == []


def test_a_big_network_zoomed_out_past_legible_numbers_leaves_them_out_until_zoomed_in(page, live_server):
    open_link(page, live_server, BIG)
    assert page.evaluate(VIEW)["texts"] > 0
    box = page.locator("#circuit").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(6):
        page.mouse.wheel(0, 200)
    page.wait_for_function("() => !document.querySelector('#circuit svg').classList.contains('is-moving')")
    far = page.evaluate(VIEW)
    assert far["far"] and far["texts"] == 0
    screenshot(page, "big-network-zoomed-out")
    for _ in range(6):
        page.mouse.wheel(0, -200)
    page.wait_for_function("() => !document.querySelector('#circuit svg').classList.contains('is-moving')")
    near = page.evaluate(VIEW)
    assert not near["far"] and near["texts"] > 0


def test_a_notes_circuit_follows_every_movement_itself(page, live_server):
    open_link(page, live_server, share_params("notes-staged"))
    before = page.evaluate(VIEW)
    during = drag_halfway(page, 80, 40)
    page.mouse.up()
    assert not before["big"] and not during["moving"] and during["picture"] == ""
    assert during["transform"] != before["transform"]


# Where each wire's numbers are on screen (from their place in the drawing, laid out or not), and whether
# the browser laid them out: how many lie inside the circuit's box, and of those how many are left out.
NUMBERS_ON_SCREEN = """() => {
  const svg = document.querySelector("#circuit svg");
  const stage = svg.getBoundingClientRect();
  const m = svg.querySelector("g.viewport").getScreenCTM();
  const counts = { inside: 0, insideLeftOut: 0, laidOut: 0, all: 0 };
  for (const text of svg.querySelectorAll("text.wire-value")) {
    const x = m.a * Number(text.getAttribute("x")) + m.e;
    const y = m.d * Number(text.getAttribute("y")) + m.f;
    const inside = x > stage.left && x < stage.right && y > stage.top && y < stage.bottom;
    const laidOut = text.getBBox().width > 0 || !text.textContent;
    counts.all += 1;
    counts.laidOut += laidOut;
    counts.inside += inside;
    counts.insideLeftOut += inside && !laidOut;
  }
  return counts;
}"""


def test_a_big_network_lays_out_only_the_numbers_near_the_view_and_those_it_moves_to(page, live_server):
    open_link(page, live_server, BIG)
    opened = page.evaluate(NUMBERS_ON_SCREEN)
    assert opened["insideLeftOut"] == 0
    assert opened["laidOut"] < opened["all"] / 4  # the rest wait for the view
    for _ in range(8):  # down the drawing until some numbers are on screen
        drag_halfway(page, 0, -300)
        page.mouse.up()
        moved = page.evaluate(NUMBERS_ON_SCREEN)
        if moved["inside"]:
            break
    assert moved["inside"] > 0 and moved["insideLeftOut"] == 0
