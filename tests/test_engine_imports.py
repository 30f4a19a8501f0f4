"""The engine stands alone: stdlib and numpy only, never the web layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "engine"


def test_importing_the_engine_does_not_import_fastapi():
    code = "import sys, circuitgrad; circuitgrad.evaluate('(x+y)*z'); print('fastapi' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_engine_modules_import_only_stdlib_numpy_and_each_other():
    allowed = set(sys.stdlib_module_names) | {"numpy"}
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {node.module.split(".")[0]}
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 1, f"{path.name} reaches out of the engine with a relative import"
                continue
            else:
                continue
            assert roots <= allowed, f"{path.name} imports {roots - allowed}"


def test_engine_has_no_recursive_functions():
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef):
                calls = set()
                for n in ast.walk(func):
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
                        calls.add(n.func.id)
                    elif (
                        isinstance(n, ast.Call)
                        and isinstance(n.func, ast.Attribute)
                        and isinstance(n.func.value, ast.Name)
                        and n.func.value.id == "self"
                    ):
                        calls.add(n.func.attr)
                assert func.name not in calls, f"{path.name}: {func.name} calls itself"
