"""The house style holds: ruff's lint rules and formatter agree with every file."""

import importlib.util
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["check", "format"])
def test_ruff_finds_nothing_to_change(command):
    # The ruff of the interpreter running the tests (a contributor's virtualenv need not be on PATH).
    ruff = [sys.executable, "-m", "ruff"]
    assert importlib.util.find_spec("ruff"), "ruff comes with the test extra: pip install -e '.[test]'"
    result = subprocess.run([*ruff, *command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
