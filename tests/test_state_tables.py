"""The one page-state table, written twice: the server's (app/urlstate.py) and the browser's (state.js)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from circuitgrad.app.urlstate import HIDEABLE, MAX_PRECISION, STATE_TABLE

STATE_JS = Path(__file__).resolve().parent.parent / "static" / "js" / "state.js"
SCRIPT = """
const state = await import(process.argv[1]);
console.log(JSON.stringify({
  rows: state.PROPERTIES.map((row) => [row.key, row.default]),
  hideable: state.HIDEABLE,
  precision: state.parseState("prec=" + process.argv[2]).prec,
}));
"""


@pytest.fixture(scope="module")
def browser_table():
    node = shutil.which("node")
    if not node:
        pytest.skip("node is missing")
    out = subprocess.run(
        [node, "--input-type=module", "-e", SCRIPT, STATE_JS.as_uri(), str(MAX_PRECISION)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_both_tables_have_the_same_keys_in_the_same_order(browser_table):
    assert [key for key, _ in browser_table["rows"]] == list(STATE_TABLE)


def test_both_tables_have_the_same_defaults(browser_table):
    # `v` defaults to the program's own values in both; the server spells "none yet" as None.
    for key, default in browser_table["rows"]:
        if key == "v":
            continue
        assert default == STATE_TABLE[key][1], key


def test_both_tables_hide_the_same_panels(browser_table):
    assert browser_table["hideable"] == list(HIDEABLE)


def test_both_tables_allow_the_same_precision(browser_table):
    assert browser_table["precision"] == MAX_PRECISION
