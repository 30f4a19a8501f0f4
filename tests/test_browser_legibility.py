"""The drawn circuits in real Chromium: numbers clear of other wires and gates, wires clear of σ frames."""

import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from circuitgrad.app.examples import share_params

from tests.conftest import screenshot, wait_settled

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from networks import neuron_program  # noqa: E402

pytestmark = pytest.mark.browser

# legibility.js's counts on the page's own graph, laid out at the sizes the page measured for its numbers.
LEGIBILITY = """async () => {
  const app = window.circuitgrad;
  const L = await import("/static/js/circuit/legibility.js");
  const { layoutCircuit } = await import("/static/js/circuit/layout.js");
  const { buildScene } = await import("/static/js/circuit/scene.js");
  const { createMeasurer } = await import("/static/js/circuit/render.js");
  const scene = buildScene(app.graph, { measure: createMeasurer(), precision: 2, t: app.t });
  const layout = layoutCircuit(app.graph, scene.sizes);
  return {
    gates: app.graph.nodes.filter((n) => n.kind === "gate").length,
    crossings: L.wireCrossings(app.graph, layout),
    clashes: L.labelClashes(app.graph, layout, scene.sizes),
    through: L.wiresThroughGroups(app.graph, layout),
  };
}"""

# The notes' figures as the notes draw them, and the most crossings each may have.
CIRCUITS = {
    "add-mul": (share_params("notes-add-mul"), 0),
    "sigmoid-neuron": (share_params("notes-sigmoid-neuron"), 0),
    "patterns": (share_params("notes-patterns"), 0),
    "staged": (share_params("notes-staged"), 1),
    # Two tanh neurons share x1..x3 and feed a σ, all expanded: 24 gates. It drew 15 crossings and three
    # numbers under other wires before long wires' numbers left the columns of gates.
    "24-gate network": ({"expr": neuron_program(), "sig": "1"}, 14),
}


def read_legibility(page, base: str, params: dict) -> dict:
    page.goto(f"{base}/?{urlencode(params)}")
    wait_settled(page)
    return page.evaluate(LEGIBILITY)


@pytest.mark.parametrize("name", list(CIRCUITS))
def test_no_number_sits_over_a_wire_or_gate_and_no_wire_runs_through_a_sigma_frame(page, live_server, name):
    params, most_crossings = CIRCUITS[name]
    counts = read_legibility(page, live_server, params)
    screenshot(page, f"legibility-{name.replace(' ', '-')}")
    assert counts["clashes"] == []
    assert counts["through"] == []
    assert counts["crossings"] <= most_crossings
    assert page.console_errors == []
