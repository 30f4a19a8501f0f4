"""Vectors and matrices on the page: shapes on wires, small matrices, heatmaps, the seed and the captions."""

from urllib.parse import parse_qs, urlencode, urlparse

import numpy as np
import pytest
from circuitgrad.app.examples import TWO_LAYER_NETWORK
from conftest import screenshot, wait_settled
from test_arrays import NOTES_VECTORISED

pytestmark = pytest.mark.browser

SMALL = "W = [[1, 2, 3], [4, 5, 6]]\nX = [[1, -1], [0, 2], [3, 1]]\nD = W.dot(X)\nf = np.sum(D)"

# Each array wire's shape and the numbers of its small matrix, by the name of the node it leaves.
READ_ARRAYS = """() => {
  const g = window.circuitgrad.graph;
  const out = {};
  for (const wire of document.querySelectorAll("g.wire")) {
    const source = g.nodes.find((n) => n.id === Number(wire.dataset.source));
    const cells = (side) => {
      const rows = [];
      for (const cell of wire.querySelectorAll(`.array-side.${side} text.array-cell`)) {
        const r = Number(cell.dataset.row);
        (rows[r] = rows[r] || [])[Number(cell.dataset.col)] = cell.textContent;
      }
      return rows;
    };
    out[source.name || source.label] = {
      shape: wire.querySelector(".array-shape")?.textContent ?? null,
      value: cells("is-value"),
      grad: cells("is-grad"),
    };
  }
  return out;
}"""


def open_program(page, base: str, program: str, **extra: str) -> None:
    page.goto(f"{base}/?{urlencode({'expr': program, **extra})}")
    wait_settled(page)


def as_text(matrix) -> list[list[str]]:
    return [[f"{value:.2f}" for value in row] for row in np.asarray(matrix)]


def test_the_notes_block_draws_each_wire_with_its_shape(page, live_server):
    open_program(page, live_server, NOTES_VECTORISED)
    arrays = page.evaluate(READ_ARRAYS)
    assert arrays["W"]["shape"] == "5×10"
    assert arrays["X"]["shape"] == "10×3"
    assert page.locator(".output-wire .array-shape").text_content() == "5×3"
    # Larger than 4×4: heatmaps, not numbers.
    assert page.locator("g.wire .array-heat").count() == 4
    assert page.evaluate(READ_ARRAYS)["W"]["value"] == []
    screenshot(page, "arrays-notes-block")
    assert page.console_errors == []


def test_a_small_product_shows_its_numbers_as_matrices_equal_to_numpys(page, live_server):
    open_program(page, live_server, SMALL)
    arrays = page.evaluate(READ_ARRAYS)
    w = np.array([[1, 2, 3], [4, 5, 6]], dtype=float)
    x = np.array([[1, -1], [0, 2], [3, 1]], dtype=float)
    d_out = np.ones((2, 2))  # f = Σ D: every element of D gets the upstream gradient 1
    assert arrays["W"] == {"shape": "2×3", "value": as_text(w), "grad": as_text(d_out.dot(x.T))}
    assert arrays["X"] == {"shape": "3×2", "value": as_text(x), "grad": as_text(w.T.dot(d_out))}
    assert arrays["D"]["value"] == as_text(w.dot(x))
    assert page.locator("text.output-value").text_content() == f"{w.dot(x).sum():.2f}"
    # The inputs panel shows the same numbers, read-only, with the shape.
    row = page.locator('.input-row[data-input="W"]')
    assert row.locator(".input-shape").text_content() == "2×3"
    assert row.locator("table.is-value td").all_text_contents() == [t for r in as_text(w) for t in r]
    assert (
        page.locator("#narration")
        .inner_text()
        .startswith("dX = Wᵀ·dD: Wᵀ is 3×2, dD is 2×2, so dX is 3×2 like X.")
    )
    assert page.console_errors == []


def test_hovering_a_heatmap_cell_shows_its_exact_number(page, live_server):
    open_program(page, live_server, NOTES_VECTORISED)
    rng = np.random.RandomState(0)  # seed 0, numpy's numbers in program order
    w = rng.randn(5, 10)
    heat = page.locator("g.wire").first.locator(".array-side.is-value .array-heat")
    box = heat.locator("image").bounding_box()
    # The middle of row 1, column 2.
    page.mouse.move(box["x"] + box["width"] * 2.5 / 10, box["y"] + box["height"] * 1.5 / 5)
    readout = page.locator("g.wire").first.locator(".array-readout-text")
    assert readout.text_content() == f"W[1, 2] = {w[1, 2]:.4f}"
    # Keyboard: focus starts a cursor that the arrow keys move.
    heat.focus()
    page.keyboard.press("ArrowRight")
    assert readout.text_content() == f"W[1, 3] = {w[1, 3]:.4f}"
    screenshot(page, "arrays-heatmap-hover")


def test_the_seed_is_in_the_link_and_new_random_values_change_it_and_the_numbers(page, live_server):
    open_program(page, live_server, NOTES_VECTORISED, seed="7")
    expected = np.random.RandomState(7).randn(5, 10)
    assert page.evaluate("() => window.circuitgrad.graph.inputs[0].value[0][0]") == pytest.approx(
        expected[0, 0]
    )
    assert page.locator("#seed-row").is_visible()
    assert page.locator("#seed-box").input_value() == "7"
    page.locator("#seed-new").click()
    page.wait_for_function("() => window.circuitgrad.state().seed !== 7")
    wait_settled(page)
    seed = page.evaluate("() => window.circuitgrad.state().seed")
    assert parse_qs(urlparse(page.url).query)["seed"] == [str(seed)]
    fresh = np.random.RandomState(seed).randn(5, 10)
    page.wait_for_function(f"() => window.circuitgrad.graph.inputs[0].value[0][0] === {float(fresh[0, 0])!r}")
    # Back brings the numbers of the seed before.
    page.go_back()
    page.wait_for_function("() => window.circuitgrad.state().seed === 7")


def test_a_program_without_random_numbers_shows_no_seed(page, live_server):
    open_program(page, live_server, SMALL)
    assert page.locator("#seed-row").is_hidden()


def test_a_dimension_mismatch_is_shown_at_its_line_and_column(page, live_server):
    program = "W = np.random.randn(5, 10)\nX = np.random.randn(3, 10)\nD = W.dot(X)"
    page.goto(f"{live_server}/")
    wait_settled(page)
    page.locator("#editor").fill(program)
    underline = page.locator(".error-underline")
    underline.wait_for()
    assert underline.get_attribute("data-line") == "3"
    message = page.locator("#error").inner_text()
    assert "Line 3, column 7: W is 5×10 and X is 3×10" in message


def test_the_details_of_an_array_input_list_its_exact_numbers(page, live_server):
    open_program(page, live_server, SMALL)
    page.locator('g.input[data-node="0"]').click()
    details = page.locator("#details")
    details.locator("table.is-grad").wait_for()
    assert "dW = dD.dot(X.T)" in details.inner_text()
    assert details.locator("table.is-grad td").all_text_contents() == ["0.0000", "2.0000", "4.0000"] * 2


@pytest.mark.parametrize(
    ("viewport", "extra", "name"),
    [
        ({"width": 1440, "height": 900}, {}, "desk"),
        ({"width": 1280, "height": 720}, {"proj": "1", "theme": "dark"}, "projector"),
        ({"width": 390, "height": 844}, {}, "phone"),
    ],
)
def test_the_two_layer_network_is_drawn_in_every_mode(browser, live_server, viewport, extra, name):
    context = browser.new_context(viewport=viewport, locale="en-US")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_program(page, live_server, TWO_LAYER_NETWORK, **extra)
    arrays = page.evaluate(READ_ARRAYS)
    assert arrays["W1"]["shape"] == "3×5" and arrays["b1"]["shape"] == "5"
    assert page.locator(".output-wire .output-value").text_content() != "1.00"
    if name == "projector":
        # Readable from the back of the room: the numbers of a small matrix at 20 px or more on screen.
        height = page.locator("g.wire .array-side.is-value text.array-cell").first.bounding_box()["height"]
        assert height >= 20
    screenshot(page, f"arrays-two-layer-{name}")
    context.close()
    assert errors == []


def test_a_small_product_opens_as_its_scalar_circuit_with_the_same_gradients(page, live_server):
    program = "W = [[1, 2, 3], [4, 5, 6]]\nX = [[1, -1], [0, 2], [3, 1]]\nD = W.dot(X)\nf = np.sum(D * D)"
    open_program(page, live_server, program)
    w = np.array([[1, 2, 3], [4, 5, 6]], dtype=float)
    x = np.array([[1, -1], [0, 2], [3, 1]], dtype=float)
    d_out = 2 * w.dot(x)  # the product's upstream gradient: f = Σ D², so dD = 2D
    page.locator("g.gate", has=page.locator("text.gate-symbol", has_text="dot")).click()
    page.locator("#expand-product").click()
    page.wait_for_function("() => window.circuitgrad.state().expr.startsWith('# W.dot(X) entry by entry')")
    wait_settled(page)
    graph = page.evaluate("() => window.circuitgrad.graph")
    assert sum(node["gate"] == "mul" for node in graph["nodes"]) == 12  # 2×2 entries, 3 products each
    gradients = graph["gradients"]
    d_w, d_x = d_out.dot(x.T), w.T.dot(d_out)
    assert [gradients[f"W{r}{c}"] for r in range(2) for c in range(3)] == pytest.approx(d_w.ravel())
    assert [gradients[f"X{r}{c}"] for r in range(3) for c in range(2)] == pytest.approx(d_x.ravel())
    screenshot(page, "arrays-product-entry-by-entry")
    page.go_back()
    page.wait_for_function("() => window.circuitgrad.state().expr.startsWith('W = [[1, 2, 3]')")


def test_the_colour_blind_palette_repaints_heatmaps_in_its_own_colours(page, live_server):
    open_program(page, live_server, NOTES_VECTORISED)
    image = page.locator("g.wire .array-heat image").first
    before = image.get_attribute("href")
    page.evaluate("() => window.circuitgrad.update({pal: 'cb'})")
    page.wait_for_function(
        "(before) => document.querySelector('g.wire .array-heat image').getAttribute('href') !== before",
        arg=before,
    )
    colours = page.evaluate(
        "() => ['--heat-neg', '--heat-pos'].map((name) =>"
        " getComputedStyle(document.documentElement).getPropertyValue(name).trim())"
    )
    assert colours == ["#b35806", "#2166ac"]  # orange and blue, apart for every common colour vision
