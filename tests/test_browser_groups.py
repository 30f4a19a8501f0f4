"""Groups in real Chromium: big programs open collapsed, G and the button toggle them, the link keeps it."""

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import httpx
import pytest

from tests.conftest import screenshot, wait_settled

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from networks import network_program, neuron_program  # noqa: E402

pytestmark = pytest.mark.browser

NEURON = {"expr": "1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", "v": "w0:2,x0:-1,w1:-3,x1:-2,w2:-3"}
DRAWN = """() => {
  const graph = window.circuitgrad.graph;
  return {gates: graph.nodes.filter((n) => n.kind === "gate").length, steps: graph.steps.length,
          labels: graph.nodes.filter((n) => n.gate === "group").map((n) => [n.id, n.label, n.inputs.length])};
}"""


def grp_of(url: str) -> str | None:
    return parse_qs(urlparse(url).query).get("grp", [None])[0]


def test_a_big_network_opens_collapsed_and_g_expands_every_group(page, live_server):
    expr = network_program(samples=1, sizes=(2, 10, 10, 1))
    full = httpx.post(f"{live_server}/api/graph", json={"expr": expr}).json()
    page.goto(f"{live_server}/?{urlencode({'expr': expr})}")
    wait_settled(page, timeout=60_000)
    collapsed = page.evaluate(DRAWN)
    assert collapsed["steps"] < len(full["steps"]) / 2
    assert collapsed["gates"] < sum(node["kind"] == "gate" for node in full["nodes"]) / 4
    assert page.text_content("#step-label") == f"step {collapsed['steps']} / {collapsed['steps']}"
    assert page.text_content("#groups-toggle") == "Expand groups"
    screenshot(page, "groups-network-collapsed")

    page.keyboard.press("g")
    page.wait_for_function("(n) => window.circuitgrad.graph.steps.length === n", arg=len(full["steps"]))
    assert grp_of(page.url) == "none"
    assert page.text_content("#groups-toggle") == "Collapse groups"
    page.click("#groups-toggle")
    page.wait_for_function("(n) => window.circuitgrad.graph.steps.length === n", arg=collapsed["steps"])
    assert grp_of(page.url) == "all"
    assert page.console_errors == []


def test_a_link_naming_a_group_draws_it_as_one_gate_and_a_double_click_opens_it(page, live_server):
    page.goto(f"{live_server}/?{urlencode({**NEURON, 'grp': '8'})}")
    wait_settled(page)
    drawn = page.evaluate(DRAWN)
    assert drawn["labels"] == [[8, "+", 3]]
    assert drawn["steps"] == 21 - 1 - 4 + 3  # one forward step fewer; four inner wires become three
    assert page.text_content("#step-label") == f"step {drawn['steps']} / {drawn['steps']}"
    screenshot(page, "groups-sigmoid-sum-collapsed")

    page.dblclick('#circuit g[data-node="8"]')
    page.wait_for_function("() => window.circuitgrad.graph.steps.length === 21")
    assert grp_of(page.url) == "none"
    page.dblclick('#circuit g[data-node="7"]')  # a gate inside the open sum collapses it again
    page.wait_for_function("() => window.circuitgrad.graph.steps.length === 19")
    assert grp_of(page.url) == "~1", "the first group without a name"
    assert page.console_errors == []


# σ above a tanh neuron: expanding σ adds three gates before the neuron, so its node id moves; its name stays.
SIGMA_ABOVE = (
    "a = 1.5\nx = 0.5\nw1 = 0.4\nw2 = -0.6\nb = 0.1\n"
    "s = sigmoid(a)\nh = tanh(w1*s + w2*x + b)\ntotal = s + h + x\nf = total * h"
)


IS_COLLAPSED = "(id) => window.circuitgrad.graph.nodes.some((n) => n.id === id && n.gate === 'group')"
HOSTILE_LISTS = ["h,<img src=x onerror=alert(1)>", "__proto__", "~0,~99999", "h" * 80, "%00", "h,,total"]


def id_of(live_server, name: str, sig: str) -> int:
    answer = httpx.get(f"{live_server}/api/graph", params={"expr": SIGMA_ABOVE, "sig": sig}).json()
    return next(node["id"] for node in answer["nodes"] if node["name"] == name)


def test_a_link_naming_a_neuron_collapses_it_with_sigma_whole_and_expanded(page, live_server):
    h = {sig: id_of(live_server, "h", sig) for sig in ("0", "1")}
    assert h["1"] == h["0"] + 3
    page.goto(f"{live_server}/?{urlencode({'expr': SIGMA_ABOVE, 'grp': 'h'})}")
    wait_settled(page)
    assert [label[:2] for label in page.evaluate(DRAWN)["labels"]] == [[h["0"], "tanh(w·x)"]]

    page.locator("#sigma-toggle").click()
    page.wait_for_function(IS_COLLAPSED, arg=h["1"])
    assert [label[:2] for label in page.evaluate(DRAWN)["labels"]] == [[h["1"], "tanh(w·x)"]]
    assert grp_of(page.url) == "h"
    screenshot(page, "groups-named-neuron-sigma-expanded")

    page.goto(f"{live_server}/?{urlencode({'expr': SIGMA_ABOVE, 'sig': '1', 'grp': 'h'})}")
    wait_settled(page)
    assert [label[:2] for label in page.evaluate(DRAWN)["labels"]] == [[h["1"], "tanh(w·x)"]]
    assert page.console_errors == []


def test_toggling_groups_writes_their_names_into_the_link(page, live_server):
    page.goto(f"{live_server}/?{urlencode({'expr': SIGMA_ABOVE, 'grp': 'none'})}")
    wait_settled(page)
    total, h = id_of(live_server, "total", "0"), id_of(live_server, "h", "0")
    page.dblclick(f'#circuit g[data-node="{h}"]')
    page.wait_for_function("() => new URLSearchParams(location.search).get('grp') === 'h'")
    page.dblclick(f'#circuit g[data-node="{total}"]')
    page.wait_for_function("() => new URLSearchParams(location.search).get('grp') === 'h,total'")
    assert sorted(label[0] for label in page.evaluate(DRAWN)["labels"]) == [h, total]
    assert page.console_errors == []


@pytest.mark.parametrize("grp", HOSTILE_LISTS)
def test_hostile_group_lists_draw_the_circuit_without_errors(page, live_server, grp):
    page.goto(f"{live_server}/?{urlencode({'expr': SIGMA_ABOVE, 'grp': grp})}")
    wait_settled(page)
    assert page.evaluate(DRAWN)["gates"] > 0
    assert page.console_errors == []


def test_the_notes_figures_open_whole(page, live_server):
    page.goto(f"{live_server}/?{urlencode(NEURON)}")
    wait_settled(page)
    assert page.evaluate(DRAWN)["labels"] == []
    assert page.text_content("#groups-toggle") == "Collapse groups"


def test_a_circuit_without_groups_shows_no_groups_button(page, live_server):
    page.goto(f"{live_server}/?{urlencode({'expr': '(x+y)*z', 'v': 'x:-2,y:5,z:-4'})}")
    wait_settled(page)
    assert page.is_hidden("#groups-toggle")


def test_a_450_term_sum_opens_as_one_plus_gate_with_450_wires(page, live_server):
    expr = "+".join(f"x{i}" for i in range(450))
    page.goto(f"{live_server}/?{urlencode({'expr': expr})}")
    wait_settled(page, timeout=60_000)
    assert page.eval_on_selector_all("#circuit g.gate", "els => els.length") == 1
    assert page.eval_on_selector_all("#circuit g.wire", "els => els.length") == 450
    assert page.evaluate(DRAWN)["steps"] == 1 + 1 + 450  # the sum, the seed, one gradient per wire
    assert page.console_errors == []


def test_a_five_thousand_gate_network_is_drawn_with_its_groups_collapsed(page, live_server):
    # micrograd's demo network on 25 samples: far past what the page draws gate by gate.
    page.goto(f"{live_server}/?{urlencode({'expr': network_program()})}")
    wait_settled(page, timeout=90_000)
    drawn = page.evaluate(DRAWN)
    assert 0 < drawn["gates"] < 600
    assert page.is_hidden("#circuit-status")
    assert page.eval_on_selector_all("#circuit g.gate", "els => els.length") == drawn["gates"]
    assert page.console_errors == []


WIRES_INTO = "(node) => window.circuitgrad.graph.edges.filter((e) => e.target === node).map((e) => e.source)"
DRAWS_WIRE_FROM = "(node) => window.circuitgrad.graph.edges.some((e) => e.source === node)"


def test_a_collapsed_neuron_holds_its_weights_and_lists_them_with_their_gradients(page, live_server):
    full = httpx.post(f"{live_server}/api/graph", json={"expr": neuron_program()}).json()
    ids = {node["name"]: node["id"] for node in full["nodes"] if node.get("name")}
    h1 = ids["h1"]
    page.goto(f"{live_server}/?{urlencode({'expr': neuron_program(), 'grp': 'all'})}")
    wait_settled(page)
    assert page.evaluate(WIRES_INTO, h1) == [ids["x1"], ids["x2"], ids["x3"]]
    drawn = page.evaluate("() => window.circuitgrad.graph.nodes.map((n) => n.id)")
    assert not {ids[name] for name in ("w1", "w2", "w3", "b1", "v1", "c")} & set(drawn)
    gate = page.locator(f'#circuit g[data-node="{h1}"]')
    assert "holds 4 parameters" in gate.get_attribute("aria-label")
    assert page.locator("#inputs input[type=range]").count() == len(full["inputs"])

    gate.click()
    rows = page.locator("#details .details-params tbody tr")
    rows.first.wait_for()
    shown = rows.evaluate_all("(rs) => rs.map((r) => [...r.children].map((c) => c.textContent))")
    gradients = full["gradients"]
    assert [row[0] for row in shown] == ["w1", "w2", "w3", "b1"]
    shown_gradients = [float(row[2].replace("\u2212", "-")) for row in shown]
    expected = [gradients[name] for name in ("w1", "w2", "w3", "b1")]
    assert shown_gradients == pytest.approx(expected, abs=0.005 + 1e-9), "as the page rounds them, 2 decimals"
    page.locator("#details .details-params").scroll_into_view_if_needed()
    screenshot(page, "groups-neuron-parameters")

    page.dblclick(f'#circuit g[data-node="{h1}"]')
    page.wait_for_function(DRAWS_WIRE_FROM, arg=ids["w1"])
    assert ids["w1"] in page.evaluate("() => window.circuitgrad.graph.nodes.map((n) => n.id)")
    assert page.evaluate(DRAWS_WIRE_FROM, ids["u1"]) is False, "h2 still holds its weights"
    assert page.console_errors == []
