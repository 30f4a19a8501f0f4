"""The browser's page state (static/js/state.js) and the server's (app/urlstate.py) are one table."""

import json
import shutil
import subprocess

import pytest
from circuitgrad.app import sharelink, urlstate

from tests.conftest import ROOT

# Loads state.js under node and prints what it knows: keys in order, defaults, hideable panels, limits.
READ_STATE_JS = """
import { defaultState, HIDEABLE, MAX_EXPR_CHARS, MAX_SEED, parseState, PROPERTIES }
  from "./static/js/state.js";
import { MAX_PRECISION } from "./static/js/shared/format.js";
const longest = parseState("?expr=" + "x".repeat(MAX_EXPR_CHARS)).expr.length;
const tooLong = parseState("?expr=" + "x".repeat(MAX_EXPR_CHARS + 1)).expr;
const highest = [...Array(20).keys()].filter((p) => parseState(`?prec=${p}`).prec === p).pop();
console.log(JSON.stringify({
  keys: PROPERTIES.map((row) => row.key),
  defaults: defaultState(),
  hideable: HIDEABLE,
  maxExpr: MAX_EXPR_CHARS,
  longest,
  tooLong,
  maxPrecision: MAX_PRECISION,
  highest,
  maxSeed: MAX_SEED,
  seedTaken: parseState(`?seed=${MAX_SEED}`).seed,
  seedRefused: parseState(`?seed=${MAX_SEED + 1}`).seed,
}));
"""


def run_in_node(script: str):
    """What a module script run under node prints, read as JSON."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run(
        [node, "--input-type=module", "-e", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def browser_table() -> dict:
    return run_in_node(READ_STATE_JS)


def test_the_page_state_has_the_same_keys_in_the_same_order(browser_table):
    assert browser_table["keys"] == list(urlstate.STATE_TABLE)


def test_a_students_link_keeps_page_state_keys_in_the_tables_order():
    keys = list(urlstate.STATE_TABLE)
    assert [key for key in keys if key in sharelink.STUDENT_KEYS] == list(sharelink.STUDENT_KEYS)


def test_every_key_has_the_same_default(browser_table):
    # The server leaves `v` and `lang` open (None) and fills them per request: the notes' numbers for the
    # default program, the browser's language. The browser starts from no values and no language choice.
    python = {key: default for key, (_, default) in urlstate.STATE_TABLE.items()}
    python["v"] = {} if python["v"] is None else python["v"]
    assert browser_table["defaults"] == python


def test_the_same_panels_can_be_hidden(browser_table):
    assert browser_table["hideable"] == list(urlstate.HIDEABLE)


def test_the_program_length_limit_is_the_engines_on_both_sides(browser_table):
    assert browser_table["maxExpr"] == urlstate.MAX_EXPR_CHARS
    assert browser_table["longest"] == urlstate.MAX_EXPR_CHARS
    assert browser_table["tooLong"] == urlstate.DEFAULT_EXPR
    too_long = "x" * (urlstate.MAX_EXPR_CHARS + 1)
    assert urlstate.parse_state({"expr": too_long})["expr"] == urlstate.DEFAULT_EXPR


def test_the_precision_cap_is_the_same_on_both_sides(browser_table):
    assert browser_table["maxPrecision"] == urlstate.MAX_PRECISION
    assert browser_table["highest"] == urlstate.MAX_PRECISION
    too_fine = str(urlstate.MAX_PRECISION + 1)
    assert urlstate.parse_state({"prec": too_fine})["prec"] == urlstate.DEFAULT_PRECISION


GROUP_VALUES = [
    "auto",
    "all",
    "none",
    "12",
    "12,40",
    "h1,out,~2",
    "ｈ1,x₁,θ",
    ",".join(["h1"] * 500),
    "12,,40",
    "h1,<b>",
    "~",
    "__proto__.x",
    "٣",
    "h" * 65,
    "h1\n",
    "some groups",
    "1" * 7,
    ",".join(["1"] * 501),
    "12,40\n",
]


def test_both_sides_read_the_same_group_choices():
    script = (
        'import { parseState } from "./static/js/state.js";'
        f"const raws = {json.dumps(GROUP_VALUES)};"
        "console.log(JSON.stringify(raws.map((raw) => parseState(`?grp=${encodeURIComponent(raw)}`).grp)));"
    )
    browser = run_in_node(script)
    python = [urlstate.parse_state({"grp": raw})["grp"] for raw in GROUP_VALUES]
    assert browser == python
    assert python[:8] == ["auto", "all", "none", "12", "12,40", "h1,out,~2", "h1,x1,θ", GROUP_VALUES[7]]
    assert set(python[8:]) == {"auto"}


def test_the_seed_range_is_numpys_on_both_sides(browser_table):
    assert browser_table["maxSeed"] == urlstate.MAX_SEED == 2**32 - 1
    assert browser_table["seedTaken"] == urlstate.parse_state({"seed": str(urlstate.MAX_SEED)})["seed"]
    too_big = str(urlstate.MAX_SEED + 1)
    assert browser_table["seedRefused"] == urlstate.parse_state({"seed": too_big})["seed"] == 0
