"""Runs the pure JavaScript module tests (`node --test tests/js/`) so one pytest command covers them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JS_TESTS = ROOT / "tests" / "js"


def test_javascript_unit_tests_pass_under_node():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") or os.environ.get("CIRCUITGRAD_REQUIRE_BROWSER"):
            pytest.fail("node is missing: install Node.js (Debian's nodejs package)")
        pytest.skip("node is not installed")
    files = sorted(str(path.relative_to(ROOT)) for path in JS_TESTS.glob("*.test.mjs"))
    assert files, "expected JavaScript tests under tests/js"
    result = subprocess.run(
        [node, "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
