"""User text never reaches eval, exec or compile: checked in the source and while requests run."""

from __future__ import annotations

import ast
import builtins
import contextlib
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, os.path.dirname(__file__))
from strategies import any_programs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHECKED_PACKAGES = ("engine", "app", "circuitgrad")
DANGEROUS_BUILTINS = {"eval", "exec", "compile", "__import__", "breakpoint"}
DANGEROUS_MODULES = {"importlib", "pickle", "marshal", "code", "codeop", "runpy"}
MARKER = "zqmarker"  # a name no library's own code contains, to spot user text in a call's arguments


# ---------------------------------------------------------------- static: what the source code calls


def _dotted(node: ast.AST) -> str:
    """`builtins.eval` for an attribute chain, `eval` for a name, '' otherwise."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    return ""


def _is_ast_parse(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _dotted(node.func) in {"ast.parse", "parse"}


def dangerous_calls(source: str, filename: str = "<source>") -> list[str]:
    """Every way the module could run text as code, as `file:line: what` strings."""
    tree = ast.parse(source, filename)
    parsed_names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _is_ast_parse(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    dangerous_aliases = {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.split(".")[0] in DANGEROUS_MODULES
    }
    found = []

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            )
            for module in modules:
                if module.split(".")[0] in DANGEROUS_MODULES:
                    report(node, f"imports {module}")
            if isinstance(node, ast.ImportFrom) and node.module == "builtins":
                for alias in node.names:
                    if alias.name in DANGEROUS_BUILTINS:
                        report(node, f"imports builtins.{alias.name}")
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            head, last = name.split(".")[0], name.rsplit(".", 1)[-1]
            runs_builtin = name in DANGEROUS_BUILTINS or (
                last in DANGEROUS_BUILTINS and head in {"builtins", "__builtins__"}
            )
            if runs_builtin or head in dangerous_aliases:
                report(node, f"calls {name}()")
            if (
                last == "compile"
                and node.args
                and (
                    _is_ast_parse(node.args[0])
                    or (isinstance(node.args[0], ast.Name) and node.args[0].id in parsed_names)
                )
            ):
                report(node, "compiles the tree from ast.parse into code")
            if name == "getattr" and node.args and _dotted(node.args[0]) in {"builtins", "__builtins__"}:
                report(node, "looks up a builtin by name")
        elif isinstance(node, ast.Subscript) and _dotted(node.value) == "__builtins__":
            report(node, "indexes __builtins__")
    return found


def python_files() -> list[Path]:
    return sorted(path for package in CHECKED_PACKAGES for path in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize(
    "snippet",
    [
        "eval(text)",
        "exec(text)",
        "compile(text, '<user>', 'eval')",
        "builtins.eval(text)",
        "__import__(text)",
        "import importlib\nimportlib.import_module(text)",
        "from importlib import import_module",
        "from builtins import exec as run",
        "tree = ast.parse(text)\ncode = compile(tree, '<user>', 'exec')",
        "getattr(builtins, 'ev' + 'al')(text)",
        "__builtins__['eval'](text)",
        "import pickle\npickle.loads(data)",
    ],
)
def test_the_source_check_catches_every_way_to_run_text(snippet):
    assert dangerous_calls(snippet), snippet


@pytest.mark.parametrize(
    "snippet",
    [
        "tree = ast.parse(text, mode='eval')",
        "pattern = re.compile(r'[a-z]+')",
        "value = ast.literal_eval('1')",
        "import math\nmath.exp(1.0)",
    ],
)
def test_the_source_check_allows_parsing_without_running(snippet):
    assert dangerous_calls(snippet) == []


def test_no_module_in_engine_or_app_can_run_text_as_code():
    files = python_files()
    assert files, "engine/ and app/ hold no Python files"
    found = [hit for path in files for hit in dangerous_calls(path.read_text(), str(path.relative_to(ROOT)))]
    assert found == [], "\n".join(found)


# ---------------------------------------------------------------- runtime: what actually gets called


class CodeRunningSpy:
    """Wraps builtins.eval/exec/compile and records every call that could run code."""

    def __init__(self):
        self.calls: list[tuple[str, str, str]] = []  # (function, caller file, first argument)
        self.originals = {name: getattr(builtins, name) for name in ("eval", "exec", "compile")}

    def _wrap(self, name):
        original = self.originals[name]

        def spy(*args, **kwargs):
            flags = kwargs.get("flags", args[3] if name == "compile" and len(args) > 3 else 0)
            only_ast = name == "compile" and bool(flags & ast.PyCF_ONLY_AST)
            if not only_ast:  # ast.parse compiles to a tree, never to code
                caller = sys._getframe(1).f_code.co_filename
                self.calls.append((name, caller, repr(args[0])[:200] if args else ""))
            return original(*args, **kwargs)

        return spy

    def __enter__(self):
        for name in self.originals:
            setattr(builtins, name, self._wrap(name))
        return self

    def __exit__(self, *exc):
        for name, original in self.originals.items():
            setattr(builtins, name, original)

    def calls_from_project(self) -> list[tuple[str, str, str]]:
        return [c for c in self.calls if any(f"{os.sep}{p}{os.sep}" in c[1] for p in CHECKED_PACKAGES)]

    def calls_with_user_text(self) -> list[tuple[str, str, str]]:
        return [c for c in self.calls if MARKER in c[2]]


def require_engine():
    """The engine package."""
    import circuitgrad.engine as engine

    return engine


def with_marker(source: str) -> str:
    """The program with a line that carries the marker, so its text is recognisable anywhere."""
    return f"{MARKER} = 1.5\n{source}\n{MARKER} * 2"


PROGRAMS = [
    "(x+y)*z",
    "1 / (1 + math.exp(-(w0*x0 + w1*x1 + w2)))",
    "x = 3; y = -4\nsigy = 1.0 / (1 + math.exp(-y))\nf = (x + sigy) / (sigmoid(x) + (x+y)**2)",
    "__import__('os').system('echo pwned')",
    "eval('1+1')",
    "exec('x=1')",
    "compile('1', '', 'eval')",
    "().__class__.__base__.__subclasses__()",
    "{{7*7}}",
    "{% for x in range(3) %}{{x}}{% endfor %}",
    "<script>alert(1)</script>",
    "lambda: 0",
    "open('/etc/passwd')",
    "x.__globals__",
    "max(" * 50 + "x" + ")" * 50,
]


@pytest.mark.parametrize("source", PROGRAMS)
def test_evaluating_hostile_programs_runs_no_code(source):
    engine = require_engine()
    with CodeRunningSpy() as spy:
        for expand in (False, True):
            with contextlib.suppress(engine.EngineError):
                engine.evaluate(with_marker(source), {"x": 1.0}, expand_sigmoid=expand).to_dict()
    assert spy.calls_with_user_text() == []
    assert spy.calls_from_project() == []


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(any_programs())
def test_evaluating_generated_programs_runs_no_code(program):
    engine = require_engine()
    with CodeRunningSpy() as spy, contextlib.suppress(engine.EngineError):
        engine.evaluate(with_marker(program.source), program.values).to_dict()
    assert spy.calls_with_user_text() == []
    assert spy.calls_from_project() == []


@pytest.fixture(scope="module")
def client():
    require_engine()
    import circuitgrad.app.main as main
    from fastapi.testclient import TestClient

    with TestClient(main.app, raise_server_exceptions=False) as test_client:
        test_client.get("/")  # let the template engine compile its own templates first
        yield test_client


@pytest.mark.parametrize("source", PROGRAMS)
def test_requests_with_hostile_programs_run_no_code(client, source):
    program = with_marker(source)
    with CodeRunningSpy() as spy:
        client.post("/api/graph", json={"expr": program, "values": {"x": 1.0}})
        client.get("/api/graph", params={"expr": program})
        client.get("/", params={"expr": program, "v": f"{MARKER}:2", "sel": MARKER})
        client.get("/embed", params={"expr": program})
    assert spy.calls_with_user_text() == []
    assert spy.calls_from_project() == []


def test_the_spy_sees_a_call_that_carries_user_text():
    with CodeRunningSpy() as spy:
        builtins.eval(f"'{MARKER}'")
    assert spy.calls_with_user_text()


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(program=any_programs())
def test_requests_with_generated_programs_run_no_code(client, program):
    source = with_marker(program.source)
    with CodeRunningSpy() as spy:
        body = json.dumps({"expr": source, "values": program.values})  # \uXXXX escapes: lone surrogates too
        client.post("/api/graph", content=body, headers={"content-type": "application/json"})
        client.get(f"/?{urlencode({'expr': source}, errors='surrogatepass')}")
    assert spy.calls_with_user_text() == []
    assert spy.calls_from_project() == []
