"""Adding a gate touches the gate registry and the two message catalogues, nothing else.

A throwaway gate, registered for one test, is computed, checked, traced, coded and written by the page's own
caption and formula modules without a line anywhere else knowing about it.
"""

import json
import shutil
import subprocess

import pytest
from circuitgrad.engine import REGISTRY, evaluate, gate_registry
from circuitgrad.engine.errors import REASONS
from circuitgrad.engine.gates import FUNCTIONS, LOCAL, Gate, _d
from circuitgrad.engine.gradcheck import gradient_check

from tests.conftest import ROOT

CUBE = Gate(
    "cube", "cube", 1,
    forward=lambda a, c: a**3, local=lambda a, out, c: (3.0 * a * a,),
    latex=(_d("%(a)s", "%(a)s^3", "3\\,%(a)s^2"),),
    pattern=LOCAL, description="Cubes its input.",
    code="%(a)s**3", code_local=("3 * %(a)s**2",),
    text="cube(%(a)s)", tex="%(a)s^{3}",
)  # fmt: skip
CATALOGUES = {"en": {"gate.cube": "cube"}, "zh-CN": {"gate.cube": "立方"}}


@pytest.fixture
def cube(monkeypatch):
    monkeypatch.setitem(REGISTRY, "cube", CUBE)
    monkeypatch.setitem(FUNCTIONS, "cube", "cube")
    return evaluate("cube(x) + y", {"x": 2, "y": 1})


def test_a_new_gate_computes_and_differentiates(cube):
    assert cube.value == 9.0
    assert cube.gradients == {"x": 12.0, "y": 1.0}
    assert all(row["ok"] for row in gradient_check("cube(x) + y", {"x": 2, "y": 1}))


def test_a_new_gate_is_in_the_graph_the_code_and_the_registry(cube):
    body = cube.to_dict()
    node = next(node for node in body["nodes"] if node["gate"] == "cube")
    assert node["formula"]["text"] == "cube(#0)" and node["formula"]["tex"] == "#0^{3}"
    assert any("x**3" in line["text"] for line in body["code"]["forward"])
    assert any(step.get("gate") == "cube" and step["phase"] == "backward" for step in body["steps"])
    assert "cube" in [record["name"] for record in gate_registry()]


# The page's caption and formula modules, given the new gate's graph and its catalogue entries.
WRITE_IT = """
import { readFileSync } from "node:fs";
import { caption } from "./static/js/circuit/narrate.js";
import { forwardLatex } from "./static/js/shared/derivation.js";
import { has, setCatalogue, setLanguage, t } from "./static/js/i18n.js";
const [graph, extra] = JSON.parse(readFileSync(0, "utf8"));
setCatalogue("en", { ...JSON.parse(readFileSync("static/i18n/en.json", "utf8")), ...extra });
setLanguage("en");
const gate = graph.nodes.find((node) => node.gate === "cube");
const step = graph.steps.findIndex((s) => s.phase === "forward" && s.node === gate.id) + 1;
console.log(JSON.stringify({
  caption: caption(graph, step, { t, has, precision: 2 }),
  latex: forwardLatex(graph, gate.id, (v) => v.toFixed(2)),
}));
"""


def test_the_page_writes_a_new_gate_from_its_record(cube):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    stdin = json.dumps([cube.to_dict(), CATALOGUES["en"]])
    result = subprocess.run(
        [node, "--input-type=module", "-e", WRITE_IT],
        cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    written = json.loads(result.stdout)
    assert "the cube gate computes cube(2.00) = 8.00" in written["caption"]
    assert written["latex"].endswith("= 2.00^{3} = 8.00")


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_every_gate_and_every_reason_has_words_in_both_catalogues(lang):
    messages = json.loads((ROOT / "static" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
    named = [gate.name for gate in REGISTRY.values() if not gate.takes_constant]
    assert [name for name in named if f"gate.{name}" not in messages] == []
    assert [code for code in REASONS if f"engine.reason.{code}" not in messages] == []
